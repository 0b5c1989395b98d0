package dev.iamlocal.validation;

import dev.iamlocal.arn.ArnPattern;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decides whether a policy's resource pattern ({@code arn:aws:s3:::my-bucket/*}) can name any ARN
 * of a documented ARN format ({@code arn:${Partition}:s3:::${BucketName}}): the intersection of two
 * wildcard languages, decided on the product of the two patterns (positions i × j), so it is
 * quadratic at worst and needs no regex.
 *
 * <p>Both sides are split into the six ARN segments first, since an IAM resource wildcard does not
 * run across the first five colons. Placeholders of the format match at least one character; they
 * do not span {@code /} unless they are the last one of the resource segment, and a last
 * placeholder named {@code BucketName} or {@code …Id} does not span {@code /} either (so
 * {@code arn:aws:s3:::b/*} is an object ARN, not a bucket ARN). A placeholder followed by
 * {@code :} does not span {@code :}. Everything unknown counts as "may overlap", so the checks
 * built on this only report what certainly cannot match.
 */
final class ArnOverlap {

  private ArnOverlap() {}

  private static final int ANY = 0;
  private static final int NO_SLASH = 1;
  private static final int NO_COLON = 2;

  /** Shared literal tokens for ASCII (records are immutable, so one instance per character does). */
  private static final Tok[] ASCII = new Tok[128];

  static {
    for (char c = 0; c < ASCII.length; c++) {
      ASCII[c] = new Tok(c, false, false, ANY);
    }
  }

  private static final Tok STAR = new Tok('\0', true, true, ANY);
  private static final Tok QUESTION = new Tok('\0', true, false, ANY);

  /** One position of a pattern: a literal character, or one (or any number of) constrained characters. */
  private record Tok(char literal, boolean wild, boolean loop, int constraint) {
    static Tok lit(char c) {
      return c < ASCII.length ? ASCII[c] : new Tok(c, false, false, ANY);
    }

    boolean allows(char c) {
      return !(constraint == NO_SLASH && c == '/') && !(constraint == NO_COLON && c == ':');
    }
  }

  static boolean mayOverlap(String resourcePattern, String arnFormat) {
    // The formats separated by ", " before "arn:" (as split(", (?=arn:)") would cut them, without
    // compiling that regex on each of the thousands of calls a broad policy makes).
    int from = 0;
    while (true) {
      int sep = arnFormat.indexOf(", arn:", from);
      String alt = sep < 0 ? arnFormat.substring(from) : arnFormat.substring(from, sep);
      if (alternative(resourcePattern, alt)) {
        return true;
      }
      if (sep < 0) {
        return false;
      }
      from = sep + 2;
    }
  }

  private static boolean alternative(String pattern, String format) {
    List<String> p = ArnPattern.split(pattern);
    List<String> f = ArnPattern.split(format);
    if (f.size() < 6) {
      return true;
    }
    int k = p.size();
    // A short pattern's last segment runs over the rest of the value, colons included.
    String restOfFormat = String.join(":", f.subList(k - 1, f.size()));
    // Cheap verdicts first: segments without wildcards or placeholders on either side intersect
    // only when equal, and a pattern segment "*" meets any format segment (every format admits
    // some string). Most pattern/format pairs of a policy differ in a literal segment (the
    // service), so the token search below runs only for the pairs and segments that need it.
    boolean[] decided = new boolean[k];
    for (int i = 0; i < k; i++) {
      String a = p.get(i);
      String b = i < k - 1 ? f.get(i) : restOfFormat;
      if (literal(a, false) && literal(b, true)) {
        if (!a.equals(b)) {
          return false;
        }
        decided[i] = true;
      } else if (a.equals("*")) {
        decided[i] = true;
      } else if (i < k - 1 && b.startsWith("${") && b.indexOf('}') == b.length() - 1) {
        // A segment that is one placeholder (the partition, region or account) takes any
        // non-empty text without ':', and a pattern segment has no ':' and matches some non-empty
        // text unless it is empty itself.
        if (a.isEmpty()) {
          return false;
        }
        decided[i] = true;
      }
    }
    for (int i = 0; i < k - 1; i++) {
      if (!decided[i] && !intersect(patternTokens(p.get(i)), formatTokens(f.get(i), false))) {
        return false;
      }
    }
    return decided[k - 1]
        || intersect(patternTokens(p.get(k - 1)), formatTokens(restOfFormat, k - 1 == 5 || k < 6));
  }

  /** True if the text tokenizes to literal characters only (see patternTokens / formatTokens). */
  private static boolean literal(String s, boolean format) {
    return s.indexOf('*') < 0 && (format ? s.indexOf("${") < 0 : s.indexOf('?') < 0);
  }

  private static List<Tok> patternTokens(String s) {
    List<Tok> out = new ArrayList<>(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      out.add(c == '*' ? STAR : c == '?' ? QUESTION : Tok.lit(c));
    }
    return out;
  }

  private static List<Tok> formatTokens(String s, boolean resourceSegment) {
    List<String> names = new ArrayList<>();
    List<Integer> at = new ArrayList<>();
    List<Tok> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      int close;
      if (s.startsWith("${", i) && (close = s.indexOf('}', i)) > 0) {
        names.add(s.substring(i + 2, close));
        at.add(out.size());
        out.add(null);
        i = close + 1;
      } else if (s.charAt(i) == '*') {
        names.add("*");
        at.add(out.size());
        out.add(null);
        i++;
      } else {
        out.add(Tok.lit(s.charAt(i++)));
      }
    }
    List<Tok> expanded = new ArrayList<>();
    int ph = 0;
    for (int t = 0; t < out.size(); t++) {
      Tok tok = out.get(t);
      if (tok != null) {
        expanded.add(tok);
        continue;
      }
      String name = names.get(ph);
      boolean last = ph == names.size() - 1;
      ph++;
      Tok next = t + 1 < out.size() ? out.get(t + 1) : null;
      int constraint;
      if (!resourceSegment || (next != null && next.literal() == ':')) {
        constraint = NO_COLON;
      } else if (last && !name.equals("BucketName") && !name.endsWith("Id")) {
        constraint = ANY;
      } else {
        constraint = NO_SLASH;
      }
      expanded.add(new Tok('\0', true, false, constraint));
      expanded.add(new Tok('\0', true, true, constraint));
    }
    return expanded;
  }

  /** Whether some string is matched by both token lists (a search over pairs of positions). */
  private static boolean intersect(List<Tok> a, List<Tok> b) {
    int n = a.size();
    int m = b.size();
    // While both sides are literal, the only way forward is character by character; most pairs
    // (training-job/* against endpoint/${EndpointName}) fail there, before any allocation.
    int start = 0;
    while (start < n && start < m && !a.get(start).wild() && !b.get(start).wild()) {
      if (a.get(start).literal() != b.get(start).literal()) {
        return false;
      }
      start++;
    }
    // A state (i, j) is stored as i * width + j.
    int width = m + 1;
    boolean[] seen = new boolean[(n + 1) * width];
    int[] stack = new int[16];
    int sp = 0;
    stack[sp++] = start * width + start;
    seen[start * width + start] = true;
    while (sp > 0) {
      int state = stack[--sp];
      int i = state / width;
      int j = state % width;
      if (i == n && j == m) {
        return true;
      }
      if (sp + 3 > stack.length) {
        stack = Arrays.copyOf(stack, stack.length * 2);
      }
      Tok x = i < n ? a.get(i) : null;
      Tok y = j < m ? b.get(j) : null;
      // Leave a loop without consuming.
      if (x != null && x.loop()) {
        sp = push(seen, stack, sp, (i + 1) * width + j);
      }
      if (y != null && y.loop()) {
        sp = push(seen, stack, sp, i * width + j + 1);
      }
      if (x == null || y == null || !compatible(x, y)) {
        continue;
      }
      sp = push(seen, stack, sp, (x.loop() ? i : i + 1) * width + (y.loop() ? j : j + 1));
    }
    return false;
  }

  private static int push(boolean[] seen, int[] stack, int sp, int state) {
    if (!seen[state]) {
      seen[state] = true;
      stack[sp++] = state;
    }
    return sp;
  }

  /** Can one character satisfy both positions? */
  private static boolean compatible(Tok x, Tok y) {
    if (!x.wild() && !y.wild()) {
      return x.literal() == y.literal();
    }
    if (!x.wild()) {
      return y.allows(x.literal());
    }
    if (!y.wild()) {
      return x.allows(y.literal());
    }
    return true; // two wildcards: some ordinary letter satisfies both
  }
}
