package dev.iamlocal.validation;

/**
 * IAM wildcard matching ({@code *} any run, {@code ?} one character) for action names and for
 * comparing one policy pattern with another; linear-time greedy matching, never a regex.
 */
final class Wild {

  private Wild() {}

  static boolean matchesIgnoreCase(String pattern, String text) {
    return matches(pattern, text, true);
  }

  /**
   * True if {@code pattern} matches {@code text}; with {@code ignoreCase}, letters compare
   * case-insensitively. Greedy star matching with one backtrack point: linear in practice and
   * never exponential.
   */
  static boolean matches(String pattern, String text, boolean ignoreCase) {
    int p = 0;
    int t = 0;
    int star = -1;
    int mark = 0;
    while (t < text.length()) {
      if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        mark = t;
      } else if (p < pattern.length() && (pattern.charAt(p) == '?' || same(pattern.charAt(p), text.charAt(t), ignoreCase))) {
        p++;
        t++;
      } else if (star >= 0) {
        p = star + 1;
        t = ++mark;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }

  /**
   * True if every string {@code narrow} matches is matched by {@code wide}. Sound, not complete:
   * decided only when {@code wide} has no {@code ?} (its stars must then absorb all of
   * {@code narrow}'s wildcards), else false.
   */
  static boolean covers(String wide, String narrow, boolean ignoreCase) {
    if (wide.indexOf('?') >= 0) {
      return wide.equals(narrow);
    }
    return matches(wide, narrow, ignoreCase);
  }

  private static boolean same(char a, char b, boolean ignoreCase) {
    return a == b || (ignoreCase && Character.toLowerCase(a) == Character.toLowerCase(b));
  }
}
