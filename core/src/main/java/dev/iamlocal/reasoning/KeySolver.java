package dev.iamlocal.reasoning;

import dev.iamlocal.condition.Operator;
import dev.iamlocal.condition.OperatorFamily;
import dev.iamlocal.condition.SetQualifier;
import dev.iamlocal.condition.Values;
import dev.iamlocal.reasoning.Atoms.Cond;
import dev.iamlocal.request.RequestContext;
import inet.ipaddr.IPAddress;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides the conditions on one context key. A key is absent, or carries a list of values; the
 * list is null (no values, or only empty strings) or not. Absent and null lists are evaluated
 * directly. For a non-null list every condition says either "every value satisfies P" or "some
 * value satisfies P" (P the base test or its negation, by operator, qualifier and polarity), so the
 * list needs one value per "some" constraint, each satisfying all the "every" constraints; and one
 * value that is not empty. Each value is found by the string solver (string, ARN and Bool
 * families: automata) or among finitely many candidates that cover every equivalence class
 * (numbers and dates: the policy's constants, the points next to them and between them; IP
 * addresses: each block's bounds and the addresses just outside; binary: the policy's values and a
 * non-base64 text).
 */
final class KeySolver {

  private KeySolver() {}

  /** One constraint on a single value: {@code B_cond(value) == want}; or an extra string constraint. */
  record Member(Cond cond, boolean want, StringSolver.Lit extra) {}

  /** The key's value in a witness: null list = absent. */
  record KeyValue(List<String> values, boolean list) {
    static final KeyValue ABSENT = new KeyValue(null, false);

    void putInto(RequestContext.Builder b, String key) {
      if (values == null) {
        return;
      }
      if (list) {
        b.putList(key, values);
      } else {
        b.put(key, values.get(0));
      }
    }
  }

  /**
   * A value for {@code key} that gives each literal its polarity, or null when none does.
   *
   * @param sigma values of other keys (policy variables), already fixed
   * @param restricted extra constraints every value of a present key must meet (public access), or null
   */
  static KeyValue solve(String key, List<Atoms.Lit> lits, RequestContext sigma, List<Member> restricted) {
    return solve(key, lits, sigma, restricted, false);
  }

  /**
   * As {@link #solve(String, List, RequestContext, List)}; a {@code single} key holds one value when
   * present, never a list (the access matrix's principal keys).
   */
  static KeyValue solve(String key, List<Atoms.Lit> lits, RequestContext sigma, List<Member> restricted,
      boolean single) {
    Undecidable undecided = null;
    // absent
    if (holdsWith(lits, sigma, KeyValue.ABSENT, key)) {
      return KeyValue.ABSENT;
    }
    try {
      KeyValue v = nonNull(key, lits, sigma, restricted, single);
      if (v != null) {
        return v;
      }
    } catch (Undecidable u) {
      undecided = u;
    }
    if (restricted == null) {
      KeyValue empty = new KeyValue(List.of(""), false);
      if (holdsWith(lits, sigma, empty, key)) {
        return empty;
      }
      KeyValue none = new KeyValue(List.of(), true);
      if (!single && holdsWith(lits, sigma, none, key)) {
        return none;
      }
    }
    if (undecided != null) {
      throw undecided;
    }
    return null;
  }

  static boolean holdsWith(List<Atoms.Lit> lits, RequestContext sigma, KeyValue v, String key) {
    RequestContext.Builder b = sigma.toBuilder().remove(key);
    v.putInto(b, key);
    RequestContext ctx = b.build();
    for (Atoms.Lit l : lits) {
      Cond c = (Cond) l.atom();
      Budget.spend(c.size);
      if (c.condition.evaluate(ctx) != l.positive()) {
        return false;
      }
    }
    return true;
  }

  private static KeyValue nonNull(String key, List<Atoms.Lit> lits, RequestContext sigma, List<Member> restricted,
      boolean single) {
    List<Member> every = new ArrayList<>();
    List<Member> some = new ArrayList<>();
    if (!members(key, lits, sigma, restricted, every, some)) {
      return null;
    }
    if (single) {
      // one value meets every constraint, the "some" ones included
      List<Member> all = new ArrayList<>(every);
      all.addAll(some);
      String r = member(key, all, sigma, true);
      return r == null ? null : new KeyValue(List.of(r), false);
    }
    LinkedHashSet<String> values = new LinkedHashSet<>();
    for (Member s : some) {
      List<Member> q = new ArrayList<>(every);
      q.add(s);
      String r = member(key, q, sigma, false);
      if (r == null) {
        return null;
      }
      values.add(r);
    }
    boolean nonEmpty = false;
    for (String v : values) {
      nonEmpty |= !v.isEmpty();
    }
    if (!nonEmpty) {
      String r = member(key, every, sigma, true);
      if (r == null) {
        return null;
      }
      values.add(r);
    }
    List<String> vs = new ArrayList<>(values);
    return new KeyValue(vs, vs.size() > 1);
  }

  /**
   * The constraints a present, non-null value list puts on its values: {@code every} value meets
   * each of {@code every}; some value meets each of {@code some} (each {@link Member} says whether
   * the base test must hold, {@code want}, or fail). False when a {@code Null} condition already
   * rules out a present key.
   */
  static boolean members(String key, List<Atoms.Lit> lits, RequestContext sigma, List<Member> restricted,
      List<Member> every, List<Member> some) {
    if (restricted != null) {
      every.addAll(restricted);
    }
    for (Atoms.Lit l : lits) {
      Cond c = (Cond) l.atom();
      Operator op = c.op();
      boolean pol = l.positive();
      if (op == Operator.NULL) {
        RequestContext ctx = sigma.toBuilder().put(key, "x").build();
        if (c.condition.evaluate(ctx) != pol) {
          return false;
        }
        continue;
      }
      boolean neg = op.negated();
      SetQualifier q = c.condition.spec().qualifier();
      switch (q) {
        case FOR_ALL_VALUES -> (pol ? every : some).add(new Member(c, pol != neg, null));
        case FOR_ANY_VALUE -> (pol ? some : every).add(new Member(c, pol != neg, null));
        default -> {
          if (pol != neg) {
            some.add(new Member(c, true, null));
          } else {
            every.add(new Member(c, false, null));
          }
        }
      }
    }
    return true;
  }

  private static final Set<OperatorFamily> STRINGY = EnumSet.of(OperatorFamily.STRING, OperatorFamily.ARN, OperatorFamily.BOOL);

  /** One value satisfying every member constraint, or null when none does. */
  static String member(String key, List<Member> ms, RequestContext sigma, boolean nonEmpty) {
    List<StringSolver.Lit> stringLits = new ArrayList<>();
    Set<OperatorFamily> others = EnumSet.noneOf(OperatorFamily.class);
    for (Member m : ms) {
      if (m.extra() != null) {
        stringLits.add(m.extra());
      } else if (STRINGY.contains(m.cond().family())) {
        stringLits.add(new StringSolver.Lit(m.cond().nfas(sigma), m.want()));
      } else {
        others.add(m.cond().family());
      }
    }
    if (others.isEmpty()) {
      String r = StringSolver.solve(stringLits, nonEmpty);
      if (r != null && !satisfies(key, ms, sigma, r, nonEmpty)) {
        throw new IllegalStateException("prover bug: the string solver's value \"" + r + "\" for " + key
            + " does not satisfy " + ms);
      }
      return r;
    }
    Set<String> candidates = new LinkedHashSet<>();
    if (!stringLits.isEmpty()) {
      String r = StringSolver.solve(stringLits, nonEmpty);
      if (r == null) {
        return null;
      }
      candidates.add(r);
    }
    List<Cond> conds = new ArrayList<>();
    for (Member m : ms) {
      if (m.cond() != null && !STRINGY.contains(m.cond().family())) {
        conds.add(m.cond());
      }
    }
    candidates.addAll(candidates(conds));
    for (String c : candidates) {
      if (satisfies(key, ms, sigma, c, nonEmpty)) {
        return c;
      }
    }
    if (stringLits.isEmpty() && others.size() == 1) {
      return null; // the candidates cover every class of the one family: exact
    }
    throw new Undecidable("the conditions on " + key + " mix operator families (" + others
        + (stringLits.isEmpty() ? "" : " and string patterns") + ") in a way the prover does not decide");
  }

  static boolean satisfies(String key, List<Member> ms, RequestContext sigma, String r, boolean nonEmpty) {
    if (nonEmpty && r.isEmpty()) {
      return false;
    }
    for (Member m : ms) {
      boolean b;
      if (m.extra() != null) {
        b = false;
        for (Patterns.Nfa n : m.extra().alternatives()) {
          b |= n.matches(r);
        }
        if (b != m.extra().match()) {
          return false;
        }
        continue;
      }
      if (m.cond().base(r, sigma) != m.want()) {
        return false;
      }
    }
    return true;
  }

  /** Values that meet every class of a numeric, date, IP or binary condition's values. */
  static List<String> candidates(List<Cond> conds) {
    List<String> out = new ArrayList<>();
    out.add("x");
    for (OperatorFamily f : EnumSet.of(OperatorFamily.NUMERIC, OperatorFamily.DATE, OperatorFamily.IP,
        OperatorFamily.BINARY)) {
      List<String> raw = new ArrayList<>();
      for (Cond c : conds) {
        if (c.family() == f) {
          raw.addAll(c.rawValues());
        }
      }
      if (!raw.isEmpty()) {
        candidates(f, raw, out);
      }
    }
    return out;
  }

  private static void candidates(OperatorFamily family, List<String> rawValues, List<String> out) {
    switch (family) {
      case NUMERIC -> {
        TreeSet<BigDecimal> points = new TreeSet<>();
        for (String v : rawValues) {
          BigDecimal d = Values.parseNumber(v);
          if (d != null) {
            points.add(d);
          }
        }
        if (points.isEmpty()) {
          out.add("0");
        }
        BigDecimal prev = null;
        for (BigDecimal p : points) {
          if (prev == null) {
            out.add(p.subtract(BigDecimal.ONE).toPlainString());
          } else {
            out.add(prev.add(p).divide(BigDecimal.valueOf(2)).toPlainString());
          }
          out.add(p.toPlainString());
          prev = p;
        }
        if (prev != null) {
          out.add(prev.add(BigDecimal.ONE).toPlainString());
        }
      }
      case DATE -> {
        TreeSet<Instant> points = new TreeSet<>();
        for (String v : rawValues) {
          Instant d = Values.parseDate(v);
          if (d != null) {
            points.add(d);
          }
        }
        if (points.isEmpty()) {
          out.add("2026-01-01T00:00:00Z");
        }
        for (Instant p : points) {
          for (Instant q : new Instant[] {p.minusNanos(1), p, p.plusNanos(1)}) {
            String s = dateText(q);
            if (s != null) {
              out.add(s);
            }
          }
        }
      }
      case IP -> {
        for (String v : rawValues) {
          IPAddress a = Values.parseIp(v);
          if (a == null) {
            continue;
          }
          boolean v4 = a.isIPv4();
          BigInteger max = BigInteger.ONE.shiftLeft(v4 ? 32 : 128).subtract(BigInteger.ONE);
          BigInteger lo = a.getLower().getValue();
          BigInteger hi = a.getUpper().getValue();
          for (BigInteger x : new BigInteger[] {lo, hi, lo.subtract(BigInteger.ONE), hi.add(BigInteger.ONE),
              BigInteger.ZERO, max}) {
            if (x.signum() >= 0 && x.compareTo(max) <= 0) {
              out.add(ipText(x, v4));
            }
          }
        }
        out.add("192.0.2.1");
        out.add("2001:db8:0:0:0:0:0:1");
      }
      case BINARY -> out.addAll(rawValues);
      default -> { }
    }
  }

  /** The instant as ISO 8601 if that reads back exactly, else as epoch seconds with nanoseconds. */
  static String dateText(Instant i) {
    String iso = i.toString();
    if (i.equals(Values.parseDate(iso))) {
      return iso;
    }
    String epoch = new BigDecimal(BigInteger.valueOf(i.getEpochSecond())).add(BigDecimal.valueOf(i.getNano(), 9))
        .stripTrailingZeros().toPlainString();
    return i.equals(Values.parseDate(epoch)) ? epoch : null;
  }

  static String ipText(BigInteger x, boolean v4) {
    if (v4) {
      long v = x.longValue();
      return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
    }
    StringBuilder b = new StringBuilder();
    for (int i = 7; i >= 0; i--) {
      b.append(Integer.toHexString(x.shiftRight(16 * i).intValue() & 0xffff));
      if (i > 0) {
        b.append(':');
      }
    }
    return b.toString();
  }
}
