package dev.iamlocal.policy;

import dev.iamlocal.policy.JsonTree.ScalarNode;
import java.math.BigInteger;

/**
 * The Date condition values IAM's legacy parser reads when it stores a policy: seconds since 1970
 * (0 to 2^63-1), or an ISO 8601 date with an optional time ({@code 2026-01-31},
 * {@code 2026-01-31T23:59:59.5Z}, {@code …+01:00}, {@code …T19:20-05:00}), letters in any case. Values it cannot read make
 * IAM answer "The policy failed legacy parsing"; these ranges are the ones AWS was observed to take
 * (years -292275054 to 292278993, the range of a Java millisecond date).
 */
final class IamDates {

  private static final BigInteger EPOCH_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private IamDates() {}

  /** True if IAM reads the value as a date. Booleans are not dates; numbers are read as their text. */
  static boolean readable(ScalarNode value) {
    if (value.type() != ScalarNode.Type.STRING && value.type() != ScalarNode.Type.NUMBER) {
      return false;
    }
    String v = IamPolicyGrammar.lower(value.text());
    if (v.indexOf('t') >= 0 || v.indexOf('-') >= 0) {
      return iso(v);
    }
    BigInteger n = integer(v);
    return n != null && n.signum() >= 0 && n.compareTo(EPOCH_MAX) <= 0;
  }

  private static boolean iso(String v) {
    int t = v.indexOf('t');
    String date = t < 0 ? v : v.substring(0, t);
    String time = t < 0 ? "" : v.substring(t + 1);
    boolean negative = date.startsWith("-");
    String[] d = (negative ? date.substring(1) : date).split("-", -1);
    if (d.length > 3 || !within((negative ? "-" : "") + d[0], -292_275_054, 292_278_993)) {
      return false;
    }
    if (d.length > 1 && !within(d[1], 1, 12) || d.length > 2 && !within(d[2], 1, 31)) {
      return false;
    }
    // a zone ends the time: "z", or +hh / -hh with optional :mm (the W3C profile of ISO 8601 that
    // the IAM documentation names; moto reads zones only after seconds, AWS's documentation also
    // allows them after minutes, "1997-07-16T19:20+01:00", and west of Greenwich)
    if (time.endsWith("z")) {
      time = time.substring(0, time.length() - 1);
    } else {
      int sign = Math.max(time.lastIndexOf('+'), time.lastIndexOf('-'));
      if (sign >= 0) {
        String[] zone = time.substring(sign + 1).split(":", -1);
        if (zone.length > 2 || zone[0].length() != 2 || !within(zone[0], 0, 23)
            || zone.length == 2 && (zone[1].length() != 2 || !within(zone[1], 0, 59))) {
          return false;
        }
        time = time.substring(0, sign);
      }
    }
    String[] tp = time.split(":", -1);
    if (tp.length > 3 || !tp[0].isEmpty() && !within(tp[0], 0, 23)) {
      return false;
    }
    if (tp.length > 1 && !within(tp[1], 0, 59)) {
      return false;
    }
    if (tp.length <= 2) {
      return true;
    }
    String seconds = tp[2];
    int dot = seconds.indexOf('.');
    if (!within(dot < 0 ? seconds : seconds.substring(0, dot), 0, 59)) {
      return false;
    }
    return dot < 0 || within(seconds.substring(dot + 1), 0, 999_999_999);
  }

  private static boolean within(String s, long min, long max) {
    BigInteger n = integer(s);
    return n != null && n.compareTo(BigInteger.valueOf(min)) >= 0 && n.compareTo(BigInteger.valueOf(max)) <= 0;
  }

  /** An optionally signed run of ASCII digits, or null. */
  private static BigInteger integer(String s) {
    int start = s.startsWith("-") || s.startsWith("+") ? 1 : 0;
    if (s.length() == start || s.length() > 40) {
      return null;
    }
    for (int i = start; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return null;
      }
    }
    return new BigInteger(s);
  }
}
