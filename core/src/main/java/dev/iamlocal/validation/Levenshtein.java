package dev.iamlocal.validation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Case-insensitive edit distance for did-you-mean suggestions of operator and condition-key names. */
final class Levenshtein {

  private Levenshtein() {}

  static int distance(String a, String b) {
    String s = a.toLowerCase(Locale.ROOT);
    String t = b.toLowerCase(Locale.ROOT);
    int[] prev = new int[t.length() + 1];
    int[] cur = new int[t.length() + 1];
    for (int j = 0; j <= t.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= s.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= t.length(); j++) {
        int cost = s.charAt(i - 1) == t.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
      }
      int[] tmp = prev;
      prev = cur;
      cur = tmp;
    }
    return prev[t.length()];
  }

  /** Up to {@code max} candidates within about one edit per four characters, nearest first. */
  static List<String> nearest(String typed, Iterable<String> candidates, int max) {
    int limit = Math.max(1, typed.length() / 4);
    record Scored(String name, int d) {}
    List<Scored> scored = new ArrayList<>();
    for (String c : candidates) {
      int d = distance(typed, c);
      if (d <= limit) {
        scored.add(new Scored(c, d));
      }
    }
    scored.sort(Comparator.comparingInt(Scored::d).thenComparing(Scored::name));
    return scored.stream().limit(max).map(Scored::name).toList();
  }
}
