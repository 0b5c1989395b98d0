package dev.iamlocal.bench;

import dev.iamlocal.catalog.ManagedPolicies;
import dev.iamlocal.reasoning.AccessCheckPolicyType;
import dev.iamlocal.reasoning.CheckResult;
import dev.iamlocal.reasoning.Prover;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One {@code check-no-new-access} in-process (parse, compile, prove, replay each counterexample on
 * the evaluator), over policy pairs taken in turn: every seed policy against every seed policy
 * (23 × 23), and each of the 87 bundled managed policies against the next three and against a seed
 * policy. Sample mode, so the percentiles (p50, p99) are over the pairs; the target is
 * under 50 ms for both.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar PolicyCheckBenchmark -f 1 -wi 2 -w 10s -i 3 -r 20s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PolicyCheckBenchmark {

  /** {new, existing} policy texts. */
  List<String[]> pairs;
  Prover prover;
  int next;

  @Setup
  public void setup() {
    prover = Prover.bundled();
    pairs = pairs();
  }

  static List<String[]> pairs() {
    List<String> seeds = Workloads.seedPolicyTexts();
    List<String> managed = pairedManaged().stream()
        .map(i -> ManagedPolicies.bundled().byArn(i.arn()).orElseThrow().document()).toList();
    List<String[]> out = new ArrayList<>();
    for (String a : seeds) {
      for (String b : seeds) {
        out.add(new String[] {a, b});
      }
    }
    for (int i = 0; i < managed.size(); i++) {
      for (int d = 1; d <= 3; d++) {
        out.add(new String[] {managed.get(i), managed.get((i + d) % managed.size())});
      }
      out.add(new String[] {managed.get(i), seeds.get(i % seeds.size())});
    }
    return out;
  }

  /**
   * The 87 SageMaker-related policies (and the four broad ones) the benchmark has always paired, not
   * all 1,594 now bundled: scores stay comparable across versions.
   */
  private static List<ManagedPolicies.Info> pairedManaged() {
    java.util.Set<String> broad = java.util.Set.of("IAMReadOnlyAccess", "ReadOnlyAccess", "AdministratorAccess",
        "PowerUserAccess");
    return ManagedPolicies.bundled().list().stream()
        .filter(i -> i.name().contains("SageMaker") || broad.contains(i.name())).toList();
  }

  /** A name for each of {@link #pairs()}, in the same order: {@code new ⊆ existing}. */
  static List<String> pairNames() {
    List<String> seeds = Workloads.SEED_FILES;
    List<String> managed = pairedManaged().stream().map(i -> i.name()).toList();
    List<String> out = new ArrayList<>();
    for (String a : seeds) {
      for (String b : seeds) {
        out.add(a + " ⊆ " + b);
      }
    }
    for (int i = 0; i < managed.size(); i++) {
      for (int d = 1; d <= 3; d++) {
        out.add(managed.get(i) + " ⊆ " + managed.get((i + d) % managed.size()));
      }
      out.add(managed.get(i) + " ⊆ " + seeds.get(i % seeds.size()));
    }
    return out;
  }

  @Benchmark
  public CheckResult checkNoNewAccess() {
    String[] p = pairs.get(next);
    next = (next + 1) % pairs.size();
    return prover.checkNoNewAccess(p[0], p[1], AccessCheckPolicyType.IDENTITY_POLICY);
  }
}
