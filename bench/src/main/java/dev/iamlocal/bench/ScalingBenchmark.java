package dev.iamlocal.bench;

import dev.iamlocal.evaluation.Decision;
import dev.iamlocal.evaluation.Evaluator;
import dev.iamlocal.evaluation.PolicySet;
import dev.iamlocal.request.AuthorizationRequest;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * How the cost of one decision grows with the number of statements in the set when those
 * statements name other actions. Target: flat within 2× from 10 to 10,000.
 *
 * <p>Workload: {@link Workloads#scaling(int)}: {@code statements} statements spread over policies of
 * 100, each about another service ({@code ec2}, {@code s3}, {@code dynamodb}, …), half with a
 * literal action ({@code ec2:Action17}) and half with a wildcard ({@code s3:Get17*}), every tenth a
 * Deny; plus one statement that allows {@code sagemaker:CreateTrainingJob}, the request's action.
 * The set is compiled once in {@code @Setup}; each operation is one decision.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar ScalingBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ScalingBenchmark {

  @Param({"10", "100", "1000", "10000"})
  public int statements;

  PolicySet set;
  AuthorizationRequest request;

  @Setup
  public void setup() {
    set = Workloads.scaling(statements);
    request = Workloads.scalingRequest();
    if (!Evaluator.authorize(set, request).allowed()) {
      throw new IllegalStateException("the scaling request must be allowed by its one matching statement");
    }
  }

  @Benchmark
  public Decision authorize() {
    return Evaluator.authorize(set, request);
  }
}
