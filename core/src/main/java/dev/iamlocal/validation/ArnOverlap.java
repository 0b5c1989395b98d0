package dev.iamlocal.validation;

import dev.iamlocal.arn.ArnPattern;
import java.util.ArrayList;
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

  /** One position of a pattern: a literal character, or one (or any number of) constrained characters. */
  private record Tok(char literal, boolean wild, boolean loop, int constraint) {
    static Tok lit(char c) {
      return new Tok(c, false, false, ANY);
    }

    boolean allows(char c) {
      return !(constraint == NO_SLASH && c == '/') && !(constraint == NO_COLON && c == ':');
    }
  }

  static boolean mayOverlap(String resourcePattern, String arnFormat) {
    for (String alt : arnFormat.split(", (?=arn:)")) {
      if (alternative(resourcePattern, alt)) {
        return true;
      }
    }
    return false;
  }

  private static boolean alternative(String pattern, String format) {
    List<String> p = ArnPattern.split(pattern);
    List<String> f = ArnPattern.split(format);
    if (f.size() < 6) {
      return true;
    }
    int k = p.size();
    for (int i = 0; i < k - 1; i++) {
      if (!intersect(patternTokens(p.get(i)), formatTokens(f.get(i), false))) {
        return false;
      }
    }
    // A short pattern's last segment runs over the rest of the value, colons included.
    String restOfFormat = String.join(":", f.subList(k - 1, f.size()));
    return intersect(patternTokens(p.get(k - 1)), formatTokens(restOfFormat, k - 1 == 5 || k < 6));
  }

  private static List<Tok> patternTokens(String s) {
    List<Tok> out = new ArrayList<>(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      out.add(c == '*' ? new Tok('\0', true, true, ANY) : c == '?' ? new Tok('\0', true, false, ANY) : Tok.lit(c));
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
    boolean[][] seen = new boolean[n + 1][m + 1];
    int[] stack = new int[(n + 1) * (m + 1) * 2 + 2];
    int sp = 0;
    stack[sp++] = 0;
    stack[sp++] = 0;
    seen[0][0] = true;
    while (sp > 0) {
      int j = stack[--sp];
      int i = stack[--sp];
      if (i == n && j == m) {
        return true;
      }
      Tok x = i < n ? a.get(i) : null;
      Tok y = j < m ? b.get(j) : null;
      // Leave a loop without consuming.
      if (x != null && x.loop()) {
        sp = push(seen, stack, sp, i + 1, j);
      }
      if (y != null && y.loop()) {
        sp = push(seen, stack, sp, i, j + 1);
      }
      if (x == null || y == null || !compatible(x, y)) {
        continue;
      }
      sp = push(seen, stack, sp, x.loop() ? i : i + 1, y.loop() ? j : j + 1);
    }
    return false;
  }

  private static int push(boolean[][] seen, int[] stack, int sp, int i, int j) {
    if (!seen[i][j]) {
      seen[i][j] = true;
      stack[sp++] = i;
      stack[sp++] = j;
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
