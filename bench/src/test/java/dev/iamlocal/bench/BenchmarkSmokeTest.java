package dev.iamlocal.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.evaluation.Evaluator;
import dev.iamlocal.evaluation.Outcome;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Runs every benchmark method once (no measurement) so that a broken workload fails the build
 * rather than a benchmark run, and checks that the workloads mean what their Javadoc says.
 */
class BenchmarkSmokeTest {

  private static final Blackhole BH =
      new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

  @Test
  void seedWorkloadMixesAllowedAndDeniedRequests() {
    Map<Outcome, Integer> mix = Workloads.mix(Workloads.seedScenarios());
    int total = mix.values().stream().mapToInt(Integer::intValue).sum();
    assertThat(total).isEqualTo(SeedPoliciesBenchmark.SCENARIOS);
    assertThat(mix.getOrDefault(Outcome.ALLOWED, 0)).as("allowed").isGreaterThan(total / 5);
    assertThat(mix.getOrDefault(Outcome.IMPLICIT_DENY, 0) + mix.getOrDefault(Outcome.EXPLICIT_DENY, 0))
        .as("denied").isGreaterThan(total / 5);
    assertThat(mix.getOrDefault(Outcome.EXPLICIT_DENY, 0)).as("explicitly denied").isPositive();
  }

  @Test
  void managedWorkloadMixesOutcomes() {
    var set = Workloads.managedPlusCustomer();
    var outcomes = Workloads.managedRequests().stream().map(r -> Evaluator.authorize(set, r).outcome()).distinct().toList();
    assertThat(outcomes).contains(Outcome.ALLOWED, Outcome.IMPLICIT_DENY, Outcome.EXPLICIT_DENY);
  }

  @Test
  void everyBenchmarkMethodRunsOnce() {
    SeedPoliciesBenchmark seed = new SeedPoliciesBenchmark();
    seed.setup();
    seed.compiledOnce(BH);
    seed.perScenario(BH);

    ManagedPolicyBenchmark managed = new ManagedPolicyBenchmark();
    managed.setup();
    managed.authorize(BH);

    for (int n : new int[] {10, 100, 1000, 10000}) {
      ScalingBenchmark scaling = new ScalingBenchmark();
      scaling.statements = n;
      scaling.setup();
      assertThat(scaling.authorize().allowed()).isTrue();
    }

    PolicyCheckBenchmark check = new PolicyCheckBenchmark();
    check.setup();
    assertThat(check.pairs).hasSize(23 * 23 + 87 * 4);
    assertThat(check.checkNoNewAccess().pass()).as("a seed policy against itself").isTrue();

    CompileBenchmark compile = new CompileBenchmark();
    compile.setup();
    assertThat(compile.seedSetBuild().identityPolicies()).hasSize(23);
    assertThat(compile.seedSetParseAndBuild().identityPolicies()).hasSize(23);
    assertThat(compile.managedSetBuild().identityPolicies()).hasSize(11);
    assertThat(compile.managedSetParseAndBuild().identityPolicies()).hasSize(11);

    ExplainBenchmark explain = new ExplainBenchmark();
    explain.setup();
    explain.seedExplain(BH);
    explain.managedExplain(BH);
  }
}
