package dev.iamlocal.bench.store;

import dev.iamlocal.store.DecisionRecord;
import dev.iamlocal.store.DecisionStore;
import dev.iamlocal.store.IamStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The decision log's steady state on SQLite, per record: a full window of 100,000 records, and
 * every batch appended followed by the deletion of as many of the oldest (what
 * {@code DecisionLog}'s writer does under load). The writer shares the server's cores with the
 * calls, so its cost per record is paid by the calls' throughput and tail latency.
 *
 * <pre>bench/run.sh DecisionStore</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DecisionStoreBenchmark {

  private static final int WINDOW = 100_000;
  private static final int BATCH = 100;

  /** {@code root}: a root caller's record (no statements, no context); {@code user}: a user's, with both. */
  @Param({"root", "user"})
  public String caller;

  private Path dir;
  private IamStore store;
  private DecisionStore log;
  private DecisionStore.Appender appender;
  private List<DecisionRecord> batch;

  @Setup(Level.Trial)
  public void setup() throws IOException {
    dir = Files.createTempDirectory("iamlocal-decision-bench");
    store = IamStore.openSqlite(dir.resolve("iamlocal.db"));
    log = new DecisionStore(store);
    appender = log.appender();
    batch = new ArrayList<>();
    for (int i = 0; i < BATCH; i++) {
      batch.add(record(i));
    }
    for (int i = 0; i < WINDOW / BATCH; i++) {
      appender.append(batch);
    }
  }

  private DecisionRecord record(int i) {
    Instant now = Instant.now();
    if (caller.equals("root")) {
      return new DecisionRecord("", now, "arn:aws:iam::123456789012:root", "iam:SimulatePrincipalPolicy",
          "arn:aws:iam::123456789012:user/bench-user", "allowed", "", null, "[]", "{}");
    }
    return new DecisionRecord("", now, "arn:aws:iam::123456789012:user/ml-engineer-" + i % 7,
        "sagemaker:CreateTrainingJob", "arn:aws:sagemaker:us-east-1:123456789012:training-job/job-" + i, "allowed", "",
        "192.0.2.10",
        "[{\"policyId\":\"arn:aws:iam::123456789012:policy/EnforceTrainingInstanceType\",\"policyType\":\"identity\","
            + "\"sid\":\"EnforceInstanceType\",\"index\":0,\"effect\":\"Allow\"}]",
        "{\"aws:CurrentTime\":[\"2026-11-28T03:32:59Z\"],\"aws:EpochTime\":[\"1795836779\"],"
            + "\"aws:PrincipalAccount\":[\"123456789012\"],\"aws:PrincipalArn\":[\"arn:aws:iam::123456789012:user/ml\"],"
            + "\"aws:PrincipalType\":[\"User\"],\"aws:RequestedRegion\":[\"us-east-1\"],\"aws:SecureTransport\":[\"true\"],"
            + "\"aws:SourceIp\":[\"192.0.2.10\"],\"aws:userid\":[\"AIDAEXAMPLE123456789\"],\"aws:username\":[\"ml\"],"
            + "\"sagemaker:InstanceTypes\":[\"ml.c5.xlarge\"]}");
  }

  /** One batch appended and as many of the oldest deleted; reported per record. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int appendAndPrune() {
    appender.append(batch);
    return appender.deleteOldest(BATCH);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    appender.close();
    store.close();
    dev.iamlocal.bench.TempDirs.delete(dir);
  }
}
