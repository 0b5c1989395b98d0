package dev.iamlocal.reasoning;

import dev.iamlocal.reasoning.Patterns.Nfa;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides a conjunction of string constraints "matches one of these patterns" / "matches none of
 * them" and finds a shortest string that satisfies it: a breadth-first search over the product of
 * the patterns' automata (each a set of token positions), on an alphabet of the characters the
 * patterns name plus one character they do not (every other character behaves exactly like it).
 * The search is exact; only its size is bounded ({@link #MAX_STATES}, and the check's
 * {@link Budget} of steps and memory), past which it says it cannot decide rather than guess.
 *
 * <p>Before the product search, cheap candidates: each positive pattern's own samples, then one
 * string holding every positive pattern's sample, tried with each positive pattern as its head, a
 * pattern anchored at its end last, and per literal the first alternative no negative literal rules
 * out. The regions of unknown actions ({@link ActionUniverse}) are almost all settled this way; the
 * product search, exponential in the number of patterns, is left for the questions that need it.
 */
final class StringSolver {

  private StringSolver() {}

  /** Product states explored before giving up: far beyond what real policies need. */
  static final int MAX_STATES = 200_000;

  /** One constraint: the string matches some of {@code alternatives} ({@code match}) or none. */
  record Lit(List<Nfa> alternatives, boolean match) {}

  /** Positive patterns tried as the head of a combined sample before the product search. */
  private static final int MAX_HEADS = 16;

  /**
   * The samples of the positive literals' first alternatives concatenated, the {@code head}-th
   * first and each other one after it without the prefix it shares with the head; null with fewer
   * than two positive literals or no such head. Which head matters when one pattern is anchored
   * ({@code glue:getcatalog*} must come first for {@code glue:getcatalogsessiontable} to match it and
   * {@code glue:*session*} and {@code glue:*table*}).
   *
   * @param variant which sample of each pattern (its shortest, or with one character per star)
   */
  private static String combined(List<Lit> lits, char fresh, boolean variant, int head) {
    List<String> parts = new ArrayList<>();
    List<String> tail = new ArrayList<>();
    int positive = 0;
    for (Lit l : lits) {
      if (l.match() && !l.alternatives().isEmpty()) {
        // the first alternative whose sample no negative literal rules out ("*session*", not
        // "*dataquality*", when the region lies outside "*dataquality*")
        Nfa n = l.alternatives().get(0);
        String sample = n.samples(fresh).get(variant ? 1 : 0);
        for (Nfa alt : l.alternatives()) {
          String s = alt.samples(fresh).get(variant ? 1 : 0);
          if (!matchesSomeNegative(lits, s)) {
            n = alt;
            sample = s;
            break;
          }
        }
        // the head first; a pattern anchored at its end ("glue:*configuration") last
        if (positive++ == head) {
          parts.add(0, sample);
        } else if (n.endsOpen()) {
          parts.add(sample);
        } else {
          tail.add(sample);
        }
      }
    }
    if (positive < 2 || head >= positive) {
      return null;
    }
    parts.addAll(tail);
    String first = parts.get(0);
    StringBuilder b = new StringBuilder(first);
    for (String p : parts.subList(1, parts.size())) {
      int common = 0;
      while (common < p.length() && common < first.length() && p.charAt(common) == first.charAt(common)) {
        common++;
      }
      b.append(p, common, p.length());
    }
    return b.toString();
  }

  private static boolean matchesSomeNegative(List<Lit> lits, String s) {
    for (Lit l : lits) {
      if (!l.match()) {
        for (Nfa n : l.alternatives()) {
          if (n.matches(s)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  static String solve(List<Lit> lits, boolean nonEmpty) {
    Budget.spend(1 + lits.size());
    List<Nfa> all = new ArrayList<>();
    int[] owner = new int[countAlternatives(lits)];
    for (int i = 0; i < lits.size(); i++) {
      for (Nfa n : lits.get(i).alternatives()) {
        owner[all.size()] = i;
        all.add(n);
      }
    }
    BitSet named = new BitSet();
    named.set(':');
    for (Nfa n : all) {
      n.addNamed(named);
    }
    char fresh = fresh(named);
    // cheap candidates first: most questions have an answer that a positive pattern's own sample is
    for (Lit l : lits) {
      if (!l.match()) {
        continue;
      }
      for (Nfa n : l.alternatives()) {
        for (String cand : n.samples(fresh)) {
          if ((!nonEmpty || !cand.isEmpty()) && satisfies(lits, cand)) {
            return cand;
          }
        }
      }
    }
    // then one string that holds every positive pattern's sample at once ("glue:session" and
    // "glue:table" give "glue:sessiontable"): a region of infix patterns ("*session*", "*table*",
    // not "*statement*") has such a witness, which the product search below finds only after
    // exploring a state space exponential in the number of patterns
    for (int head = 0; head < MAX_HEADS; head++) {
      String combined = combined(lits, fresh, false, head);
      if (combined == null) {
        break;
      }
      if ((!nonEmpty || !combined.isEmpty()) && satisfies(lits, combined)) {
        return combined;
      }
      combined = combined(lits, fresh, true, head);
      if (combined != null && (!nonEmpty || !combined.isEmpty()) && satisfies(lits, combined)) {
        return combined;
      }
    }
    if (lits.stream().noneMatch(Lit::match)) {
      for (String cand : new String[] {String.valueOf(fresh), ""}) {
        if ((!nonEmpty || !cand.isEmpty()) && satisfies(lits, cand)) {
          return cand;
        }
      }
    }
    List<Character> alphabet = new ArrayList<>();
    alphabet.add(fresh);
    for (int c = named.nextSetBit(0); c >= 0; c = named.nextSetBit(c + 1)) {
      alphabet.add((char) c);
    }

    List<BitSet> start = new ArrayList<>(all.size() + 1);
    for (Nfa n : all) {
      start.add(n.initial());
    }
    // With nonEmpty, whether a character was read is part of the state: "*" loops on its start.
    BitSet started = new BitSet(1);
    BitSet notStarted = new BitSet(1);
    started.set(0);
    start.add(notStarted);
    Map<List<BitSet>, Node> seen = new HashMap<>();
    ArrayDeque<Node> queue = new ArrayDeque<>();
    Node root = new Node(start, null, '\0', 0);
    seen.put(start, root);
    queue.add(root);
    // each visited product state: a node, a list, and one small bit set per automaton
    long perState = 112 + 56L * (all.size() + 1);
    long held = perState;
    Budget.hold(held);
    try {
      while (!queue.isEmpty()) {
        Node n = queue.poll();
        if ((!nonEmpty || n.depth > 0) && accepts(n.states, all, owner, lits)) {
          return n.text();
        }
        if (dead(n.states, all, owner, lits)) {
          continue;
        }
        for (char c : alphabet) {
          List<BitSet> next = new ArrayList<>(all.size() + 1);
          for (int i = 0; i < all.size(); i++) {
            next.add(all.get(i).step(n.states.get(i), c));
          }
          next.add(nonEmpty ? started : notStarted);
          if (!seen.containsKey(next)) {
            if (seen.size() >= MAX_STATES) {
              throw new Undecidable("the string constraints " + describe(lits) + " need more than " + MAX_STATES
                  + " automaton states");
            }
            Budget.spend(next.size());
            Budget.hold(perState);
            held += perState;
            Node m = new Node(next, n, c, n.depth + 1);
            seen.put(next, m);
            queue.add(m);
          }
        }
      }
    } finally {
      Budget.release(held);
    }
    return null;
  }

  private static int countAlternatives(List<Lit> lits) {
    int n = 0;
    for (Lit l : lits) {
      n += l.alternatives().size();
    }
    return n;
  }

  private static boolean accepts(List<BitSet> states, List<Nfa> all, int[] owner, List<Lit> lits) {
    boolean[] any = new boolean[lits.size()];
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).accepting(states.get(i))) {
        any[owner[i]] = true;
      }
    }
    for (int i = 0; i < lits.size(); i++) {
      if (any[i] != lits.get(i).match()) {
        return false;
      }
    }
    return true;
  }

  static boolean satisfies(List<Lit> lits, String s) {
    for (Lit l : lits) {
      boolean any = false;
      for (Nfa n : l.alternatives()) {
        if (n.matches(s)) {
          any = true;
          break;
        }
      }
      if (any != l.match()) {
        return false;
      }
    }
    return true;
  }

  /**
   * True when no extension can satisfy the constraints: a positive constraint whose automata are
   * all stuck, or a negative one that some automaton will accept whatever follows.
   */
  private static boolean dead(List<BitSet> states, List<Nfa> all, int[] owner, List<Lit> lits) {
    boolean[] alive = new boolean[lits.size()];
    for (int i = 0; i < all.size(); i++) {
      if (!states.get(i).isEmpty()) {
        alive[owner[i]] = true;
      }
      if (!lits.get(owner[i]).match() && all.get(i).acceptsEverything(states.get(i))) {
        return true;
      }
    }
    for (int i = 0; i < lits.size(); i++) {
      if (lits.get(i).match() && !alive[i]) {
        return true;
      }
    }
    return false;
  }

  /** A character none of the patterns names: it stands for every such character. */
  static char fresh(BitSet named) {
    String prefer = "xyzqwabcdefghijklmnoprstuv0123456789-_";
    for (int i = 0; i < prefer.length(); i++) {
      if (!named.get(prefer.charAt(i))) {
        return prefer.charAt(i);
      }
    }
    return (char) named.nextClearBit(0x4e00);
  }

  static String describe(List<Lit> lits) {
    StringBuilder b = new StringBuilder();
    for (Lit l : lits) {
      b.append(b.length() == 0 ? "" : " and ").append(l.match() ? "matches " : "matches none of ")
          .append(l.alternatives());
    }
    return b.toString();
  }

  private static final class Node {
    final List<BitSet> states;
    final Node parent;
    final char c;
    final int depth;

    Node(List<BitSet> states, Node parent, char c, int depth) {
      this.states = states;
      this.parent = parent;
      this.c = c;
      this.depth = depth;
    }

    String text() {
      char[] out = new char[depth];
      Node n = this;
      for (int i = depth - 1; i >= 0; i--) {
        out[i] = n.c;
        n = n.parent;
      }
      return new String(out);
    }
  }
}
