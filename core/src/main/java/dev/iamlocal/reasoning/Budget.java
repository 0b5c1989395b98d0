package dev.iamlocal.reasoning;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.Supplier;

/**
 * The work and the memory one check may use. Deciding these policies is exponential in the worst
 * case (twenty {@code *k0*}-like patterns against twenty others), and even the polynomial parts grow
 * with the policy (a hostile policy of a few hundred statements once made one check run for minutes
 * in 6 GB): every input must end, quickly, with a sound answer. Past any of the three limits below
 * every remaining question throws {@link Undecidable}, so the check answers FAIL with the reason,
 * never PASS.
 *
 * <ul>
 *   <li><b>Steps</b> ({@link #STEPS}): a count of the work actually done, spent where it is done: an
 *       automaton step or a pattern position tested, a literal handled, a state copied, a case split,
 *       a glob matched against an action, a candidate value tried. It is the primary limit because it
 *       does not depend on the machine or its load: the same input gets the same answer everywhere.
 *       One step is roughly 10 to 100 ns of work.
 *   <li><b>Memory</b> ({@link #MAX_LIVE_BYTES}): an estimate of the bytes the solvers hold at once
 *       (the case split's pending states, the product automaton's visited states, the caches), raised
 *       by {@link #hold} and lowered by {@link #release}. The caches drop their entries instead of
 *       exceeding their share ({@link #CACHE_BYTES}).
 *   <li><b>CPU time</b> ({@link #CPU_NANOS}): a backstop for work the step count under-weighs (a cold
 *       JVM, a path whose steps are dearer than estimated). It reads the thread's CPU time, not the
 *       wall clock, so other processes on the machine do not move it; it is checked once every
 *       {@link #CLOCK_EVERY} steps.
 * </ul>
 */
final class Budget {

  /** Steps per check: the seed policies need a few thousand, the largest managed policy pairs a few million. */
  static final long STEPS = 10_000_000;

  /** Estimated bytes the solvers of one check may hold at once. */
  static final long MAX_LIVE_BYTES = 96L << 20;

  /** The share of {@link #MAX_LIVE_BYTES} a cache may fill before it starts over. */
  static final long CACHE_BYTES = 16L << 20;

  /** CPU time per check, a backstop behind the step count. */
  static final long CPU_NANOS = 2_000_000_000L;

  /** Steps between two readings of the thread's CPU time (a reading costs about a microsecond). */
  static final long CLOCK_EVERY = 1L << 16;

  static final String REASON = "undecided: the policies are too complex to decide within the budget of " + STEPS
      + " steps";
  static final String MEMORY_REASON = "undecided: the policies are too complex to decide within the budget of "
      + (MAX_LIVE_BYTES >> 20) + " MiB of memory";
  static final String TIME_REASON = "undecided: the policies are too complex to decide within the budget of "
      + CPU_NANOS / 1_000_000 + " ms of CPU time";

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final ThreadLocal<Budget> CURRENT = new ThreadLocal<>();
  private static final ThreadLocal<Long> LAST = ThreadLocal.withInitial(() -> 0L);

  private final long steps;
  private long left;
  private long live;
  private long nextClock;
  private final long cpuDeadline;
  private final boolean cpuClock;
  /** Set once a limit is passed: every later question is undecided at once, with the first reason. */
  private String exhausted;

  private Budget(long steps, long cpuNanos) {
    this.steps = steps;
    this.left = steps;
    this.nextClock = steps - CLOCK_EVERY;
    this.cpuClock = THREADS.isCurrentThreadCpuTimeSupported();
    this.cpuDeadline = now() + cpuNanos;
  }

  private long now() {
    return cpuClock ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
  }

  /** Runs one check with a fresh budget (a nested call shares the outer one). */
  static <T> T within(Supplier<T> check) {
    return within(STEPS, CPU_NANOS, check);
  }

  /** As {@link #within(Supplier)} with other limits (tests of the limits themselves). */
  static <T> T within(long steps, long cpuNanos, Supplier<T> check) {
    if (CURRENT.get() != null) {
      return check.get();
    }
    Budget b = new Budget(steps, cpuNanos);
    CURRENT.set(b);
    try {
      return check.get();
    } finally {
      CURRENT.remove();
      LAST.set(b.steps - b.left);
    }
  }

  /** The steps the current check has spent so far (0 outside a check): for measurements. */
  static long spent() {
    Budget b = CURRENT.get();
    return b == null ? 0 : b.steps - b.left;
  }

  /** The steps the last check of this thread spent (for benchmarks). */
  static long lastSpent() {
    return LAST.get();
  }

  /** Spends {@code n} steps; throws {@link Undecidable} once a limit is passed. */
  static void spend(long n) {
    Budget b = CURRENT.get();
    if (b == null) {
      return; // outside a check (unit tests of one solver): their own bounds apply
    }
    if (b.exhausted != null) {
      throw new Undecidable(b.exhausted);
    }
    b.left -= n;
    if (b.left < 0) {
      b.exhausted = REASON;
      throw new Undecidable(REASON);
    }
    if (b.left < b.nextClock) {
      b.nextClock = b.left - CLOCK_EVERY;
      if (b.now() > b.cpuDeadline) {
        b.exhausted = TIME_REASON;
        throw new Undecidable(TIME_REASON);
      }
    }
  }

  /** Takes {@code bytes} (an estimate) of the memory budget until {@link #release}d. */
  static void hold(long bytes) {
    Budget b = CURRENT.get();
    if (b == null) {
      return;
    }
    b.live += bytes;
    if (b.live > MAX_LIVE_BYTES) {
      b.exhausted = b.exhausted == null ? MEMORY_REASON : b.exhausted;
      throw new Undecidable(b.exhausted);
    }
  }

  /** Gives back what {@link #hold} took. */
  static void release(long bytes) {
    Budget b = CURRENT.get();
    if (b != null) {
      b.live -= bytes;
    }
  }
}
