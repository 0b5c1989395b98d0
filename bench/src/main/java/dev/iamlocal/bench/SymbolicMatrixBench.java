package dev.iamlocal.bench;

import dev.iamlocal.catalog.ManagedPolicies;
import dev.iamlocal.catalog.ServiceCatalog;
import dev.iamlocal.reasoning.SymbolicMatrix;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The symbolic access matrix at the scale: {@code principals} principals (1,000 by default)
 * × every SageMaker action of the catalog (449), timed in-process, each round a fresh
 * {@link SymbolicMatrix#rows} call: the wall clock (the measure), the calling thread's CPU
 * time (one of the {@code rows} threads: it computes on every processor), the whole process's CPU
 * time (every thread's, the collector's and the compiler's included), the collector's pause time
 * and the load average at the round's start (what else the machine was running).
 *
 * <p>The principals are built from the 23 seed policies and the bundled SageMaker managed policies:
 * principal i is user {@code user-i} (tags {@code team}, {@code AmazonDataZoneProject},
 * {@code AmazonDataZoneDomain}, {@code DomainBucketName}, {@code KmsKeyId} with values that cycle)
 * holding one to three of those policies, every seventh one with a permissions boundary
 * ({@code SageMakerStudioProjectUserRolePermissionsBoundary}): the mix of an account where many
 * principals share the same policies but each has its own name and tags.
 *
 * <p>Run: {@code mvn -B -o -q -pl bench -am package -DskipTests} then {@code java [-XX:+UseParallelGC] -cp
 * bench/target/benchmarks.jar dev.iamlocal.bench.SymbolicMatrixBench [principals] [rounds]}; the first rounds
 * include the JIT's work (a dozen rounds reach steady state on 2 cores).
 */
public final class SymbolicMatrixBench {

  private SymbolicMatrixBench() {}

  /** The principals of the benchmark, deterministic. */
  public static List<SymbolicMatrix.Subject> principals(int n) {
    List<String> pool = new ArrayList<>(Workloads.seedPolicyTexts());
    ManagedPolicies managed = ManagedPolicies.bundled();
    for (ManagedPolicies.Info i : managed.list()) {
      if (i.name().contains("SageMaker")) {
        pool.add(managed.byArn(i.arn()).orElseThrow().document());
      }
    }
    String boundary = managed.byName("SageMakerStudioProjectUserRolePermissionsBoundary").orElseThrow().document();
    List<SymbolicMatrix.Subject> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<String> policies = new ArrayList<>();
      int count = 1 + i % 3;
      for (int j = 0; j < count; j++) {
        String p = pool.get((i * 7 + j * 13) % pool.size());
        if (!policies.contains(p)) {
          policies.add(p);
        }
      }
      String user = "user-" + i;
      Map<String, String> keys = new LinkedHashMap<>(SymbolicMatrix.principalKeys(
          dev.iamlocal.request.Principal.parse("arn:aws:iam::" + Workloads.ACCOUNT + ":user/" + user), "AIDA" + (100000 + i),
          Map.of("team", "team-" + i % 10, "AmazonDataZoneProject", "p" + i % 25, "AmazonDataZoneDomain", "d" + i % 4,
              "DomainBucketName", "bucket-" + i % 4, "KmsKeyId", "key-" + i % 4)));
      out.add(new SymbolicMatrix.Subject("user/" + user, policies, i % 7 == 0 ? boundary : null, keys));
    }
    return out;
  }

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    List<String> actions = new ArrayList<>();
    ServiceCatalog.bundled().service("sagemaker").orElseThrow().actions().forEach(a -> actions.add(a.fullName()));
    List<SymbolicMatrix.Subject> subjects = principals(n);
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    SymbolicMatrix matrix = SymbolicMatrix.bundled();
    // warm-up: the JIT, the catalog, the managed policies
    for (int i = 0; i < Math.min(50, n); i++) {
      matrix.rows(subjects.subList(i, i + 1), actions, "*");
    }
    System.out.printf("%d principals x %d sagemaker actions%n", n, actions.size());
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    List<java.lang.management.GarbageCollectorMXBean> gcs = java.lang.management.ManagementFactory.getGarbageCollectorMXBeans();
    for (int r = 0; r < rounds; r++) {
      long cpu = threads.getCurrentThreadCpuTime();
      long processCpu = os.getProcessCpuTime();
      long gcMs = gcs.stream().mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
      double load = os.getSystemLoadAverage();
      long start = System.nanoTime();
      List<List<SymbolicMatrix.Cell>> rows = matrix.rows(subjects, actions, "*");
      double wall = (System.nanoTime() - start) / 1e6;
      double cpuMs = (threads.getCurrentThreadCpuTime() - cpu) / 1e6;
      double processMs = (os.getProcessCpuTime() - processCpu) / 1e6;
      long gcDone = gcs.stream().mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum() - gcMs;
      Map<SymbolicMatrix.Kind, Integer> kinds = new EnumMap<>(SymbolicMatrix.Kind.class);
      for (List<SymbolicMatrix.Cell> row : rows) {
        for (SymbolicMatrix.Cell c : row) {
          kinds.merge(c.kind(), 1, Integer::sum);
        }
      }
      System.out.printf("round %d: %.0f ms wall, %.0f ms thread CPU, %.0f ms process CPU, %d ms GC, load %.1f, %d cells %s%n",
          r, wall, cpuMs, processMs, gcDone, load, rows.size() * actions.size(), kinds);
    }
  }
}
