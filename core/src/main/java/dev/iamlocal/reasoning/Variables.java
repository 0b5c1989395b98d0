package dev.iamlocal.reasoning;

import dev.iamlocal.condition.OperatorFamily;
import dev.iamlocal.reasoning.Atoms.Cond;
import dev.iamlocal.reasoning.Atoms.Lit;
import dev.iamlocal.reasoning.Atoms.Res;
import dev.iamlocal.reasoning.KeySolver.KeyValue;
import dev.iamlocal.reasoning.KeySolver.Member;
import dev.iamlocal.reasoning.Patterns.CharClass;
import dev.iamlocal.reasoning.Patterns.Nfa;
import dev.iamlocal.reasoning.Patterns.Token;
import dev.iamlocal.request.RequestContext;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Policy variables decided symbolically: the finite set of values that stands for every value a
 * variable can take, and the conditions under which it does.
 *
 * <h2>The question</h2>
 *
 * A policy variable {@code ${k}} is one unknown per request: the single value of context key
 * {@code k}, the same wherever it appears (a resource pattern, a condition's value), and the value
 * the key's own conditions test. The key is <em>absent</em> or holds a <em>list</em> (the variable
 * then has no value: its default, {@code ${k, 'd'}}, or nothing, which makes a Resource pattern
 * match nothing, a condition value drop out, an Allow's NotResource never apply and a Deny's always),
 * or holds <em>one value</em> u, any string. {@link Search} reaches a leaf with literals per
 * dimension (the resource, each key); a component that policy variables link is decided here.
 *
 * <h2>The procedure</h2>
 *
 * Each variable key k gets a finite list of candidates: absent; a list (when its own conditions
 * hold on none of the absent cases: a list and absence look the same to every template); the
 * empty value {@code ""} (a value the conditions read as null); and <em>skeletons</em>: the words
 * of the positive pattern k's own conditions require, each wildcard replaced by a fresh
 * <em>letter</em> (a character no pattern of the component names, one per wildcard, never twice)
 * — a single letter when nothing positive constrains k. Every combination is solved exactly by the
 * dimension solvers with the variables fixed ({@link StringSolver}, {@link KeySolver}); a
 * solution is a concrete request (the letters are ordinary characters), replayed on the evaluator
 * like every other.
 *
 * <h2>Why the skeletons stand for every value (completeness)</h2>
 *
 * Take any solution, with value u for k. Then u is {@code g(u')} for a skeleton u' of the
 * alternative u matches, where g is the string morphism that maps each letter to the text its
 * wildcard matched in u and fixes every other character. Build the request's dimensions anew:
 * <ul>
 *   <li>a dimension whose positive constraints name no letter keeps its value D (no letter can
 *       occur in it, after renaming unnamed characters, which changes no answer);
 *   <li>otherwise D matched a positive pattern P(u) (the <em>primary</em>); D' is the same match
 *       with u' where u stood: {@code g(D') = D}, and D' matches P(u'), and every other positive
 *       pattern Q on that value, because P(u') ⊆ Q(u') is checked (with the letters as ordinary
 *       characters, by {@link StringSolver}).
 * </ul>
 * Negative constraints: if D' matched a pattern N(u') it should not, then g(D') = D would match
 * N(u): g keeps named characters, maps a letter facing a letter to the same text on both sides, and
 * a star facing letters still matches their images. So the rebuilt request satisfies everything;
 * the procedure finds some solution for that skeleton combination. Hence: no solution over the
 * finitely many combinations proves there is none — PASS is a proof.
 *
 * <h2>Where it stops</h2>
 *
 * The argument needs, and {@link #candidates} and {@link #exact} check, per combination:
 * <ul>
 *   <li>k's own conditions are of the string or ARN families, and their positive patterns beyond
 *       the first contain each alternative of the first; none uses case-insensitive or Boolean
 *       comparison positively (a case-folded match does not hand back u's characters). They may
 *       name other variables (k is then <em>derived</em>: its candidates are the skeletons of its
 *       pattern under each combination of those, the other variables' letters kept, which is the
 *       rebuilding above applied to k's own value), as long as those name none (no chains, no
 *       cycles);
 *   <li>per value of every other dimension: the positive patterns that hold letters have one that
 *       is contained in all the others; no negative pattern there has a {@code ?} (a letter may
 *       stand for more than one character); ARN patterns hold letters only after their fifth colon
 *       (u may contain colons, which would move the segments); no Boolean, numeric, date or IP
 *       condition tests a value built from letters; at most {@link #MAX_COMBINATIONS} combinations
 *       and {@link #MAX_LETTERS} letters.
 * </ul>
 * When one fails and no combination yields a solution, the question is not decided here: the
 * earlier sampling still gets a chance to find a counterexample, and otherwise the answer is FAIL
 * with the reason (never PASS).
 */
final class Variables {

  private Variables() {}

  /** Combinations of candidate values tried before the question counts as not decided. */
  static final int MAX_COMBINATIONS = 4096;

  /** Distinct fresh letters one component may use. */
  static final int MAX_LETTERS = 48;

  /** Characters letters are taken from, first to last: caseless or with both cases unnamed. */
  private static final String POOL = "xyzqjkvwbcdfghmnprstlaeiou0123456789-_.~!#%&+=@^|";

  /** The fresh letters of one component: characters none of its patterns name, handed out once each. */
  static final class Letters {
    private final BitSet named;
    private final BitSet given = new BitSet();
    private final List<Character> order = new ArrayList<>();
    private int next;

    Letters(BitSet named) {
      this.named = named;
    }

    /** A new letter, or 0 when none is left. */
    char next() {
      if (given.cardinality() >= MAX_LETTERS) {
        return 0;
      }
      while (next < POOL.length()) {
        char c = POOL.charAt(next++);
        char up = Character.toUpperCase(c);
        if (!named.get(c) && !named.get(up)) {
          given.set(c);
          order.add(c);
          return c;
        }
      }
      return 0;
    }

    boolean isLetter(char c) {
      return given.get(c);
    }

    /** Where handing out stands now, for {@link #reset}. */
    long mark() {
      return ((long) next << 32) | order.size();
    }

    /** Takes back the letters handed out since {@code mark} (they were for one combination only). */
    void reset(long mark) {
      int size = (int) mark;
      while (order.size() > size) {
        given.clear(order.remove(order.size() - 1));
      }
      next = (int) (mark >>> 32);
    }
  }

  /**
   * The characters the component's patterns name (both cases of each letter): the raw text of
   * every resource pattern and condition value, the question's resources and the restrictions.
   */
  static BitSet named(Collection<List<Lit>> lits, List<Lit> extraResource, Collection<List<Member>> restricted) {
    BitSet out = new BitSet();
    out.set(':');
    for (List<Lit> ls : lits) {
      for (Lit l : ls) {
        addRaw(l, out);
      }
    }
    for (Lit l : extraResource) {
      addRaw(l, out);
    }
    for (List<Member> ms : restricted) {
      for (Member m : ms) {
        if (m.cond() != null) {
          m.cond().rawValues().forEach(v -> addText(v, out));
        }
        if (m.extra() != null) {
          m.extra().alternatives().forEach(n -> addText(n.source, out));
        }
      }
    }
    return out;
  }

  private static void addRaw(Lit l, BitSet out) {
    if (l.atom() instanceof Res r) {
      r.patterns.forEach(t -> addText(t.raw(), out));
    } else {
      ((Cond) l.atom()).rawValues().forEach(v -> addText(v, out));
    }
  }

  private static void addText(String s, BitSet out) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      out.set(c);
      out.set(Character.toLowerCase(c));
      out.set(Character.toUpperCase(c));
    }
  }

  /** A variable key's candidate values, and whether they stand for every value it can take. */
  record Candidates(List<KeyValue> values, boolean exact) {}

  /**
   * The candidates for variable key {@code key}: absent or a list (the variable unresolved), the
   * empty value, and the skeletons of its own positive pattern (see the class comment), each
   * meeting the key's own conditions.
   *
   * @param own the literals on the key itself
   * @param restricted constraints every value must meet (public access), or null
   * @param single the key holds one value, never a list
   * @param absent the key is known to be absent
   */
  static Candidates candidates(String key, List<Lit> own, List<Member> restricted, boolean single, boolean absent,
      Letters letters) {
    return candidates(key, own, restricted, single, absent, letters, RequestContext.empty());
  }

  /**
   * As {@link #candidates(String, List, List, boolean, boolean, Letters)} for a key whose own
   * conditions name other variables, whose values {@code sigma} fixes (a <em>derived</em> key: its
   * value, like any dimension's, is rebuilt from its positive pattern under those values).
   */
  static Candidates candidates(String key, List<Lit> own, List<Member> restricted, boolean single, boolean absent,
      Letters letters, RequestContext sigma) {
    if (absent) {
      return new Candidates(KeySolver.holdsWith(own, sigma, KeyValue.ABSENT, key)
          ? List.of(KeyValue.ABSENT) : List.of(), true);
    }
    boolean exact = true;
    for (Lit l : own) {
      Cond c = (Cond) l.atom();
      if (c.varKeys.contains(key)) {
        return new Candidates(List.of(), false); // the key's value depends on itself: sampled
      }
      if (!c.varKeys.isEmpty()) {
        if (c.family() == OperatorFamily.BOOL && hasLetterValue(c, sigma, letters)) {
          exact = false;
        }
        if (c.family() == OperatorFamily.ARN) {
          for (Nfa n : c.nfas(sigma)) {
            exact &= lettersAfterFifthColon(n, letters);
          }
        }
      }
    }
    List<KeyValue> out = new ArrayList<>();
    // one value: skeletons first (the likeliest to satisfy what names the variable), then ""
    List<Member> every = new ArrayList<>();
    List<Member> some = new ArrayList<>();
    if (KeySolver.members(key, own, sigma, restricted, every, some)) {
      List<Member> all = new ArrayList<>(every);
      all.addAll(some);
      List<Member> positive = new ArrayList<>();
      for (Member m : all) {
        if (m.extra() != null) {
          if (m.extra().match()) {
            positive.add(m);
          } else {
            exact &= !hasSingleWildcard(m.extra().alternatives());
          }
          continue;
        }
        OperatorFamily f = m.cond().family();
        if (f != OperatorFamily.STRING && f != OperatorFamily.ARN) {
          exact &= f == OperatorFamily.BOOL && !m.want();
          continue;
        }
        if (m.want()) {
          positive.add(m);
        } else {
          exact &= !hasSingleWildcard(m.cond().nfas(sigma));
        }
      }
      List<String> skeletons = new ArrayList<>();
      if (positive.isEmpty()) {
        char c = letters.next();
        if (c == 0) {
          exact = false;
        } else {
          skeletons.add(String.valueOf(c));
        }
      } else {
        List<Nfa> first = nfas(positive.get(0), sigma);
        for (Nfa alt : first) {
          String s = skeleton(alt, letters);
          if (s == null) {
            exact = false;
            continue;
          }
          for (Member other : positive.subList(1, positive.size())) {
            if (!contains(nfas(other, sigma), alt)) {
              exact = false;
            }
          }
          skeletons.add(s);
        }
      }
      for (String s : skeletons) {
        KeyValue v = new KeyValue(List.of(s), false);
        if (meets(key, own, restricted, v, sigma)) {
          out.add(v);
        }
      }
    }
    KeyValue empty = new KeyValue(List.of(""), false);
    if (meets(key, own, restricted, empty, sigma)) {
      out.add(empty);
    }
    // no value: absence and every list look alike to the templates; one that meets the key's own
    // conditions is enough
    if (meets(key, own, restricted, KeyValue.ABSENT, sigma)) {
      out.add(KeyValue.ABSENT);
    } else if (!single) {
      KeyValue none = new KeyValue(List.of(), true);
      if (meets(key, own, restricted, none, sigma)) {
        out.add(none);
      } else {
        try {
          KeyValue v = KeySolver.solve(key, own, sigma, restricted, false);
          if (v != null && v.values() != null) {
            KeyValue list = new KeyValue(v.values(), true);
            if (meets(key, own, restricted, list, sigma)) {
              out.add(list);
            } else {
              exact = false;
            }
          }
        } catch (Undecidable u) {
          exact = false;
        }
      }
    }
    return new Candidates(out, exact);
  }

  private static boolean meets(String key, List<Lit> own, List<Member> restricted, KeyValue v, RequestContext sigma) {
    if (!KeySolver.holdsWith(own, sigma, v, key)) {
      return false;
    }
    if (restricted != null && v.values() != null) {
      for (String x : v.values()) {
        if (!KeySolver.satisfies(key, restricted, sigma, x, false)) {
          return false;
        }
      }
    }
    return true;
  }

  private static List<Nfa> nfas(Member m, RequestContext sigma) {
    return m.extra() != null ? m.extra().alternatives() : m.cond().nfas(sigma);
  }

  /** The alternative's word with a fresh letter per wildcard; null if it needs case folding or letters run out. */
  private static String skeleton(Nfa alt, Letters letters) {
    StringBuilder b = new StringBuilder();
    for (Token t : alt.tokens) {
      CharClass c = t.cls();
      switch (c.kind) {
        case EXACT -> {
          if (t.star()) {
            return null;
          }
          b.append(c.c);
        }
        case SET -> {
          return null;
        }
        default -> {
          char l = letters.next();
          if (l == 0) {
            return null;
          }
          b.append(l);
        }
      }
    }
    return b.toString();
  }

  /** Whether every string {@code inner} matches, one of {@code outer} matches too. */
  private static boolean contains(List<Nfa> outer, Nfa inner) {
    try {
      return StringSolver.solve(List.of(new StringSolver.Lit(List.of(inner), true), new StringSolver.Lit(outer, false)),
          false) == null;
    } catch (Undecidable u) {
      return false;
    }
  }

  /** A {@code ?}: one character of any kind (a letter facing it may stand for more). */
  private static boolean hasSingleWildcard(List<Nfa> nfas) {
    for (Nfa n : nfas) {
      for (Token t : n.tokens) {
        if (!t.star() && (t.cls().kind == CharClass.Kind.ANY || t.cls().kind == CharClass.Kind.NON_COLON)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean hasLetter(Nfa n, Letters letters) {
    for (Token t : n.tokens) {
      CharClass c = t.cls();
      if (c.kind == CharClass.Kind.EXACT && letters.isLetter(c.c)) {
        return true;
      }
      if (c.kind == CharClass.Kind.SET) {
        for (int x = c.set.nextSetBit(0); x >= 0 && x < 128; x = c.set.nextSetBit(x + 1)) {
          if (letters.isLetter((char) x)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** Letters only after the fifth colon of an ARN pattern, where a value's colons move no segment. */
  private static boolean lettersAfterFifthColon(Nfa n, Letters letters) {
    int colons = 0;
    for (Token t : n.tokens) {
      CharClass c = t.cls();
      if (colons >= 5) {
        return true;
      }
      if (c.kind == CharClass.Kind.EXACT && !t.star()) {
        if (c.c == ':') {
          colons++;
        } else if (letters.isLetter(c.c)) {
          return false;
        }
      }
    }
    return true;
  }

  /** One constraint on a value as patterns: it matches one of them, or none. */
  private record Constraint(List<Nfa> alternatives, boolean match, boolean arn, boolean caseFolded) {}

  /**
   * Whether the completeness argument of the class comment holds for dimension {@code dim} (the
   * resource when {@code resource}) under the candidate values {@code sigma}.
   */
  static boolean exact(String dim, boolean resource, List<Lit> lits, List<Lit> extraResource, List<Member> restricted,
      boolean single, RequestContext sigma, Letters letters) {
    if (resource) {
      List<Constraint> cs = new ArrayList<>();
      for (Lit l : extraResource) {
        cs.add(new Constraint(((Res) l.atom()).nfas(sigma), l.positive(), true, false));
      }
      for (Lit l : lits) {
        Res r = (Res) l.atom();
        List<Nfa> alts = r.nfas(sigma);
        if (!r.not) {
          cs.add(new Constraint(alts, l.positive(), true, false));
        } else if (r.anyUnresolved(sigma) && !r.deny) {
          continue; // never applies: no constraint on the resource (or none possible)
        } else {
          cs.add(new Constraint(alts, !l.positive(), true, false));
        }
      }
      return exactValue(cs, letters);
    }
    List<Member> every = new ArrayList<>();
    List<Member> some = new ArrayList<>();
    if (!KeySolver.members(dim, lits, sigma, restricted, every, some)) {
      return true; // never present and non-null: absence and null do not read the values
    }
    List<List<Member>> groups = new ArrayList<>();
    if (single) {
      List<Member> all = new ArrayList<>(every);
      all.addAll(some);
      groups.add(all);
    } else {
      groups.add(every);
      for (Member s : some) {
        List<Member> g = new ArrayList<>(every);
        g.add(s);
        groups.add(g);
      }
    }
    for (List<Member> g : groups) {
      List<Constraint> cs = new ArrayList<>();
      boolean other = false;
      for (Member m : g) {
        if (m.extra() != null) {
          cs.add(new Constraint(m.extra().alternatives(), m.extra().match(), false, false));
          continue;
        }
        OperatorFamily f = m.cond().family();
        if (f == OperatorFamily.BOOL) {
          if (!m.cond().varKeys.isEmpty() && hasLetterValue(m.cond(), sigma, letters)) {
            return false; // a Boolean read from a letter: u' is not a Boolean, u may be
          }
          continue; // fixed Boolean: its tokens name only "true"/"false"
        }
        if (f != OperatorFamily.STRING && f != OperatorFamily.ARN) {
          other = true;
          continue;
        }
        cs.add(new Constraint(m.cond().nfas(sigma), m.want(), f == OperatorFamily.ARN, m.cond().op().ignoreCase()));
      }
      boolean letterPositive = false;
      for (Constraint c : cs) {
        for (Nfa n : c.alternatives()) {
          letterPositive |= c.match() && hasLetter(n, letters);
        }
      }
      if (letterPositive && other) {
        return false; // a value built from letters would also face a number, date or address test
      }
      if (!exactValue(cs, letters)) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasLetterValue(Cond c, RequestContext sigma, Letters letters) {
    for (String raw : c.rawValues()) {
      for (var v : dev.iamlocal.variables.Template.parse(raw, c.variables).variables()) {
        String x = sigma.singleValue(v.normalizedKey());
        if (x != null) {
          for (int i = 0; i < x.length(); i++) {
            if (letters.isLetter(x.charAt(i))) {
              return true;
            }
          }
        }
      }
    }
    return false;
  }

  /** The conditions for one value: a primary positive pattern, no {@code ?} facing letters, ARN letters late. */
  private static boolean exactValue(List<Constraint> cs, Letters letters) {
    List<Constraint> withLetters = new ArrayList<>();
    for (Constraint c : cs) {
      boolean letter = false;
      for (Nfa n : c.alternatives()) {
        if (hasLetter(n, letters)) {
          letter = true;
          if (c.arn() && !lettersAfterFifthColon(n, letters)) {
            return false;
          }
        }
      }
      if (letter && c.match()) {
        if (c.caseFolded()) {
          return false; // a case-folded match does not hand back the value's own characters
        }
        withLetters.add(c);
      }
    }
    if (withLetters.isEmpty()) {
      return true; // the value is kept as it is: no letter can occur in it
    }
    for (Constraint c : cs) {
      if (!c.match() && hasSingleWildcard(c.alternatives())) {
        return false;
      }
    }
    // a primary: a positive constraint with letters whose every alternative lies in every other positive one
    for (Constraint p : withLetters) {
      boolean primary = true;
      for (Constraint q : cs) {
        if (q == p || !q.match()) {
          continue;
        }
        for (Nfa alt : p.alternatives()) {
          if (!contains(q.alternatives(), alt)) {
            primary = false;
            break;
          }
        }
        if (!primary) {
          break;
        }
      }
      if (primary) {
        return true;
      }
    }
    return false;
  }

  /** The variable keys' lower-case names, for messages. */
  static String describe(List<String> keys) {
    List<String> out = new ArrayList<>();
    for (String k : keys) {
      out.add("${" + k.toLowerCase(Locale.ROOT) + "}");
    }
    return out.toString();
  }
}
