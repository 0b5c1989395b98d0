package dev.iamlocal.bench;

import dev.iamlocal.evaluation.Evaluator;
import dev.iamlocal.evaluation.PolicySet;
import dev.iamlocal.request.AuthorizationRequest;
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
 * The cost of {@code Evaluator.explain} (a decision plus a trace of every statement) compared with
 * {@code authorize} on the same inputs.
 *
 * <p>Workloads: {@code seed*}: the 68 seed scenarios of {@link SeedPoliciesBenchmark};
 * {@code managed*}: the 48 requests of {@link ManagedPolicyBenchmark} (a set of 11 policies, so
 * explain traces many statements). Sets compiled once in {@code @Setup}; the score is per request.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar ExplainBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ExplainBenchmark {

  PolicySet[] seedSets;
  AuthorizationRequest[] seedRequests;
  PolicySet managedSet;
  AuthorizationRequest[] managedRequests;

  @Setup
  public void setup() {
    var scenarios = Workloads.seedScenarios();
    seedSets = new PolicySet[scenarios.size()];
    seedRequests = new AuthorizationRequest[scenarios.size()];
    for (int i = 0; i < scenarios.size(); i++) {
      seedSets[i] = scenarios.get(i).compile();
      seedRequests[i] = scenarios.get(i).request();
    }
    managedSet = Workloads.managedPlusCustomer();
    managedRequests = Workloads.managedRequests().toArray(AuthorizationRequest[]::new);
  }

  @Benchmark
  @OperationsPerInvocation(SeedPoliciesBenchmark.SCENARIOS)
  public void seedExplain(Blackhole bh) {
    for (int i = 0; i < seedSets.length; i++) {
      bh.consume(Evaluator.explain(seedSets[i], seedRequests[i]));
    }
  }

  @Benchmark
  @OperationsPerInvocation(ManagedPolicyBenchmark.REQUESTS)
  public void managedExplain(Blackhole bh) {
    for (AuthorizationRequest r : managedRequests) {
      bh.consume(Evaluator.explain(managedSet, r));
    }
  }
}
