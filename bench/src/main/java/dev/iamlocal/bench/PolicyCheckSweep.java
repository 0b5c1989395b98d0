package dev.iamlocal.bench;

import dev.iamlocal.reasoning.AccessCheckPolicyType;
import dev.iamlocal.reasoning.CheckResult;
import dev.iamlocal.reasoning.Prover;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The latency (wall clock, and the thread's CPU time, which other processes on a shared machine move
 * less) and the work steps of one {@code check-no-new-access} on every pair of {@link PolicyCheckBenchmark}
 * (23 × 23 seed pairs, each managed policy against the next three and a seed): each pair timed
 * {@code rounds} times after {@code warmup} rounds over all pairs, its median taken; p50, p90, p99 and
 * the maximum over the pairs, the slowest pairs named, and the undecided ones counted. JMH's sample
 * mode mixes the pairs into one distribution; this gives each pair its own number, which is what
 * finding the slow ones needs.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.iamlocal.bench.PolicyCheckSweep [warmup] [rounds] [filter]}
 * (a filter keeps the pairs whose name contains it).
 */
public final class PolicyCheckSweep {

  private PolicyCheckSweep() {}

  public static void main(String[] args) {
    int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Prover prover = Prover.bundled();
    List<String[]> pairs = new ArrayList<>(PolicyCheckBenchmark.pairs());
    List<String> names = new ArrayList<>(PolicyCheckBenchmark.pairNames());
    if (args.length > 2) {
      // only the pairs whose name contains the filter (to profile a few)
      for (int i = names.size() - 1; i >= 0; i--) {
        if (!names.get(i).contains(args[2])) {
          names.remove(i);
          pairs.remove(i);
        }
      }
    }
    for (int w = 0; w < warmup; w++) {
      for (String[] p : pairs) {
        prover.checkNoNewAccess(p[0], p[1], AccessCheckPolicyType.IDENTITY_POLICY);
      }
    }
    double[] ms = new double[pairs.size()];
    double[] cpuMs = new double[pairs.size()];
    long[] steps = new long[pairs.size()];
    int undecided = 0;
    List<String> undecidedPairs = new ArrayList<>();
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    for (int i = 0; i < pairs.size(); i++) {
      String[] p = pairs.get(i);
      double[] t = new double[rounds];
      double[] c = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        long cpu = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        CheckResult res = prover.checkNoNewAccess(p[0], p[1], AccessCheckPolicyType.IDENTITY_POLICY);
        t[r] = (System.nanoTime() - start) / 1e6;
        c[r] = (threads.getCurrentThreadCpuTime() - cpu) / 1e6;
        if (r == 0 && !res.undecided().isEmpty()) {
          undecided++;
          undecidedPairs.add(names.get(i) + ": " + res.undecided().get(0));
        }
        steps[i] = Prover.stepsOfLastCheck();
      }
      Arrays.sort(t);
      Arrays.sort(c);
      ms[i] = t[rounds / 2];
      cpuMs[i] = c[rounds / 2];
    }
    Integer[] order = new Integer[ms.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> ms[i]));
    double[] sorted = Arrays.stream(order).mapToDouble(i -> ms[i]).toArray();
    System.out.printf(Locale.ROOT, "%d pairs, median of %d runs each after %d warm-up rounds%n", ms.length, rounds, warmup);
    System.out.printf(Locale.ROOT, "p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms  undecided %d%n",
        pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), sorted[sorted.length - 1], undecided);
    double[] sortedCpu = Arrays.stream(cpuMs).sorted().toArray();
    System.out.printf(Locale.ROOT, "thread CPU time: p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms%n",
        pct(sortedCpu, 50), pct(sortedCpu, 90), pct(sortedCpu, 99), sortedCpu[sortedCpu.length - 1]);
    double[] sortedSteps = Arrays.stream(steps).sorted().mapToDouble(x -> x).toArray();
    System.out.printf(Locale.ROOT, "work steps: p50 %.0f  p99 %.0f  max %.0f  (budget %d)%n", pct(sortedSteps, 50),
        pct(sortedSteps, 99), sortedSteps[sortedSteps.length - 1], Prover.stepBudget());
    List<String> slow = new ArrayList<>();
    for (int k = order.length - 1; k >= Math.max(0, order.length - 10); k--) {
      slow.add(String.format(Locale.ROOT, "  %8.2f ms  %8.2f ms CPU  %10d steps  %s", ms[order[k]], cpuMs[order[k]],
          steps[order[k]], names.get(order[k])));
    }
    System.out.println("slowest:");
    slow.forEach(System.out::println);
    undecidedPairs.forEach(u -> System.out.println("undecided: " + u));
  }

  private static double pct(double[] sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }
}
