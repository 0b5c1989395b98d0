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
 * Decisions per second for a principal with the AWS managed policy {@code AmazonSageMakerFullAccess}
 * (from {@code ManagedPolicies.bundled()}) plus ten customer policies (policy variables in
 * resources, set-qualified conditions, {@code iam:PassRole} limited by {@code iam:PassedToService},
 * a tag-conditioned Deny).
 *
 * <p>Workload: {@link Workloads#managedRequests()}: 48 requests: SageMaker describes (allowed by the
 * managed policy), training jobs with allowed and disallowed instance types, S3 reads under the
 * user's prefix, deletes denied by a resource tag, PassRole to SageMaker and to EC2, and an EC2
 * call nothing allows. The set is compiled once in {@code @Setup}; the score is per decision.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar ManagedPolicyBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ManagedPolicyBenchmark {

  static final int REQUESTS = 48;

  PolicySet set;
  AuthorizationRequest[] requests;

  @Setup
  public void setup() {
    set = Workloads.managedPlusCustomer();
    requests = Workloads.managedRequests().toArray(AuthorizationRequest[]::new);
    if (requests.length != REQUESTS) {
      throw new IllegalStateException("expected " + REQUESTS + " requests, got " + requests.length);
    }
  }

  @Benchmark
  @OperationsPerInvocation(REQUESTS)
  public void authorize(Blackhole bh) {
    for (AuthorizationRequest r : requests) {
      bh.consume(Evaluator.authorize(set, r));
    }
  }
}
