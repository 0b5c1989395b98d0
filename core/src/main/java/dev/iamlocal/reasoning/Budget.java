package dev.iamlocal.reasoning;

import java.util.function.Supplier;

/**
 * The work one check may do: a count of steps (automaton states built, weighted by the automata in
 * the product; case splits), not wall-clock time, so an answer does not depend on the machine's
 * load. Deciding these policies is exponential in the worst case (twenty {@code *k0*}-like
 * patterns against twenty others); past the budget every remaining question throws
 * {@link Undecidable}, so the check answers FAIL with the reason, never PASS, and the memory the
 * solvers hold stays bounded too.
 */
final class Budget {

  private Budget() {}

  /** Steps per check: the seed policies and the property tests need a few thousand. */
  static final long STEPS = 3_000_000;

  static final String REASON = "undecided: the policies are too complex to decide within the budget of " + STEPS
      + " steps";

  private static final ThreadLocal<long[]> LEFT = new ThreadLocal<>();

  /** Runs one check with a fresh budget (a nested call shares the outer one). */
  static <T> T within(Supplier<T> check) {
    if (LEFT.get() != null) {
      return check.get();
    }
    LEFT.set(new long[] {STEPS});
    try {
      return check.get();
    } finally {
      LEFT.remove();
    }
  }

  /** Spends {@code n} steps; throws {@link Undecidable} once the budget is gone. */
  static void spend(long n) {
    long[] left = LEFT.get();
    if (left == null) {
      return; // outside a check (unit tests of one solver): their own bounds apply
    }
    left[0] -= n;
    if (left[0] < 0) {
      throw new Undecidable(REASON);
    }
  }
}
