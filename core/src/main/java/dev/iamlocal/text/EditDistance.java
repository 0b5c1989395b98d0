package dev.iamlocal.text;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The one edit distance of iamlocal's "did you mean" suggestions (actions, service prefixes,
 * condition operators and keys, CLI options and verbs): case-insensitive Damerau-Levenshtein in its
 * optimal-string-alignment form, so an adjacent swap ("Definiton") costs one edit like a typo does.
 */
public final class EditDistance {

  private EditDistance() {}

  /** The number of insertions, deletions, substitutions and adjacent swaps from {@code a} to {@code b}, ignoring case. */
  public static int between(String a, String b) {
    // the bounded table with a bound no pair of strings reaches: one table, not two copies of it
    return between(a, b, Integer.MAX_VALUE - 1);
  }

  /**
   * {@link #between} when it is at most {@code limit}, else {@code limit + 1}, found without finishing
   * the table: the lengths alone, or two rows past the limit (every later cell is built from one of
   * the two rows before it), settle it. The suggestions of a document with thousands of misspelled
   * actions compare each with every action of the service; the full table each time took seconds.
   */
  public static int between(String a, String b, int limit) {
    if (Math.abs(a.length() - b.length()) > limit) {
      return limit + 1;
    }
    String s = a.toLowerCase(Locale.ROOT);
    String t = b.toLowerCase(Locale.ROOT);
    int n = s.length();
    int m = t.length();
    int[] prev2 = new int[m + 1];
    int[] prev = new int[m + 1];
    int[] cur = new int[m + 1];
    for (int j = 0; j <= m; j++) {
      prev[j] = j;
    }
    int prevMin = 0;
    for (int i = 1; i <= n; i++) {
      cur[0] = i;
      int rowMin = i;
      for (int j = 1; j <= m; j++) {
        int cost = s.charAt(i - 1) == t.charAt(j - 1) ? 0 : 1;
        int d = Math.min(Math.min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
        if (i > 1
            && j > 1
            && s.charAt(i - 1) == t.charAt(j - 2)
            && s.charAt(i - 2) == t.charAt(j - 1)) {
          d = Math.min(d, prev2[j - 2] + 1);
        }
        cur[j] = d;
        rowMin = Math.min(rowMin, d);
      }
      if (rowMin > limit && prevMin > limit) {
        return limit + 1;
      }
      prevMin = rowMin;
      int[] tmp = prev2;
      prev2 = prev;
      prev = cur;
      cur = tmp;
    }
    return Math.min(prev[m], limit + 1);
  }

  /** How far a suggestion may be from what was typed: about one edit per three characters. */
  public static int threshold(String typed) {
    return Math.max(1, Math.min(6, typed.length() / 3));
  }

  /**
   * Up to {@code max} candidates within {@code limit} edits of {@code typed}, nearest first (ties by
   * name): a wrong guess is worse than none, so nothing farther is offered.
   */
  public static List<String> nearest(String typed, Iterable<String> candidates, int limit, int max) {
    record Scored(String name, int d) {}
    List<Scored> scored = new ArrayList<>();
    for (String c : candidates) {
      int d = between(typed, c);
      if (d <= limit) {
        scored.add(new Scored(c, d));
      }
    }
    scored.sort(Comparator.comparingInt(Scored::d).thenComparing(Scored::name));
    return scored.stream().limit(max).map(Scored::name).toList();
  }
}
