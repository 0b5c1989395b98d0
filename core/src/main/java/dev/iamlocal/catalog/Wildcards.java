package dev.iamlocal.catalog;

/**
 * IAM-style wildcard matching for action names: {@code *} matches any run of characters
 * (including none), {@code ?} exactly one; case-insensitive; anchored at both ends.
 *
 * <p>No regex and no backtracking: each {@code *}-free segment has a fixed length, so placing the
 * first segment at the start, the last at the end and every middle one leftmost is optimal. That
 * keeps matching linear in the text for a fixed pattern, whatever the input.
 */
final class Wildcards {

  private Wildcards() {}

  static boolean hasWildcard(String s) {
    return s.indexOf('*') >= 0 || s.indexOf('?') >= 0;
  }

  static boolean matches(String pattern, String text) {
    int firstStar = pattern.indexOf('*');
    if (firstStar < 0) {
      return pattern.length() == text.length() && segmentAt(pattern, 0, pattern.length(), text, 0);
    }
    int lastStar = pattern.lastIndexOf('*');
    int headLen = firstStar;
    int tailLen = pattern.length() - lastStar - 1;
    if (headLen + tailLen > text.length()) {
      return false;
    }
    if (!segmentAt(pattern, 0, headLen, text, 0)
        || !segmentAt(pattern, lastStar + 1, tailLen, text, text.length() - tailLen)) {
      return false;
    }
    int pos = headLen;
    int limit = text.length() - tailLen;
    int segStart = firstStar + 1;
    while (segStart <= lastStar) {
      int segEnd = pattern.indexOf('*', segStart);
      int segLen = segEnd - segStart;
      if (segLen > 0) {
        int found = find(pattern, segStart, segLen, text, pos, limit);
        if (found < 0) {
          return false;
        }
        pos = found + segLen;
      }
      segStart = segEnd + 1;
    }
    return true;
  }

  private static int find(String pattern, int segStart, int segLen, String text, int from, int limit) {
    for (int i = from; i + segLen <= limit; i++) {
      if (segmentAt(pattern, segStart, segLen, text, i)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean segmentAt(String pattern, int segStart, int segLen, String text, int at) {
    for (int k = 0; k < segLen; k++) {
      char p = pattern.charAt(segStart + k);
      if (p != '?' && !sameIgnoringCase(p, text.charAt(at + k))) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameIgnoringCase(char a, char b) {
    return a == b
        || Character.toLowerCase(a) == Character.toLowerCase(b)
        || Character.toUpperCase(a) == Character.toUpperCase(b);
  }
}
