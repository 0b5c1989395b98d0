package dev.iamlocal.bench;

import dev.iamlocal.evaluation.Evaluator;
import dev.iamlocal.evaluation.PolicySet;
import dev.iamlocal.request.AuthorizationRequest;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decisions per second on one thread for the 23 seed policies.
 *
 * <p>Workload: {@link Workloads#seedScenarios()}: 68 scenarios (each seed policy attached to user
 * alice; for its first three statements a request the statement is about, with and without a
 * context built from its conditions), a mix of allowed, implicitly and explicitly denied requests.
 * {@code compiledOnce}: every policy set is compiled in {@code @Setup} (as a server holds it) and
 * each operation is one {@code Evaluator.authorize}. {@code perScenario}: each operation parses and
 * compiles the scenario's policy text and then decides (as a CLI that gets policies with every
 * scenario and caches nothing). Inputs are built once; the score is per decision.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar SeedPoliciesBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SeedPoliciesBenchmark {

  static final int SCENARIOS = 68;

  PolicySet[] sets;
  AuthorizationRequest[] requests;
  List<Workloads.Scenario> scenarios;

  @Setup
  public void setup() {
    scenarios = Workloads.seedScenarios();
    if (scenarios.size() != SCENARIOS) {
      throw new IllegalStateException("expected " + SCENARIOS + " scenarios, got " + scenarios.size());
    }
    sets = new PolicySet[SCENARIOS];
    requests = new AuthorizationRequest[SCENARIOS];
    for (int i = 0; i < SCENARIOS; i++) {
      sets[i] = scenarios.get(i).compile();
      requests[i] = scenarios.get(i).request();
    }
  }

  @Benchmark
  @OperationsPerInvocation(SCENARIOS)
  public void compiledOnce(Blackhole bh) {
    for (int i = 0; i < SCENARIOS; i++) {
      bh.consume(Evaluator.authorize(sets[i], requests[i]));
    }
  }

  @Benchmark
  @OperationsPerInvocation(SCENARIOS)
  public void perScenario(Blackhole bh) {
    for (int i = 0; i < SCENARIOS; i++) {
      bh.consume(Evaluator.authorize(scenarios.get(i).compile(), requests[i]));
    }
  }
}
