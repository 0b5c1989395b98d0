package dev.iamlocal.bench;

import dev.iamlocal.evaluation.Policy;
import dev.iamlocal.evaluation.PolicySet;
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
 * The cost of compiling a policy set, in microseconds per set.
 *
 * <p>Workloads: {@code seedSet*}: one set holding all 23 seed policies as identity policies;
 * {@code managedSet*}: AmazonSageMakerFullAccess plus the ten customer policies of
 * {@link ManagedPolicyBenchmark}. {@code *Build} compiles already parsed policies
 * ({@code PolicySet.builder()...build()}); {@code *ParseAndBuild} also parses the JSON texts.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar CompileBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CompileBenchmark {

  List<String> seedTexts;
  List<Policy> seedParsed;
  List<String> managedTexts;
  List<Policy> managedParsed;

  @Setup
  public void setup() {
    seedTexts = Workloads.seedPolicyTexts();
    seedParsed = parse(seedTexts);
    managedTexts = new ArrayList<>();
    managedTexts.add(Workloads.sageMakerFullAccess());
    managedTexts.addAll(Workloads.customerPolicies());
    managedParsed = parse(managedTexts);
  }

  private static List<Policy> parse(List<String> texts) {
    List<Policy> out = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      out.add(Policy.parse("p" + i, texts.get(i)));
    }
    return out;
  }

  @Benchmark
  public PolicySet seedSetBuild() {
    return PolicySet.builder().identity(seedParsed).build();
  }

  @Benchmark
  public PolicySet seedSetParseAndBuild() {
    return PolicySet.builder().identity(parse(seedTexts)).build();
  }

  @Benchmark
  public PolicySet managedSetBuild() {
    return PolicySet.builder().identity(managedParsed).build();
  }

  @Benchmark
  public PolicySet managedSetParseAndBuild() {
    return PolicySet.builder().identity(parse(managedTexts)).build();
  }
}
