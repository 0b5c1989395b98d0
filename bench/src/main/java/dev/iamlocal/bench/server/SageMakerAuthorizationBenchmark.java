package dev.iamlocal.bench.server;

import dev.iamlocal.server.authz.AuthorizationPipeline;
import dev.iamlocal.server.authz.Authorizer;
import dev.iamlocal.server.Bootstrap;
import dev.iamlocal.server.auth.Caller;
import dev.iamlocal.server.decisionlog.DecisionLog;
import dev.iamlocal.server.authz.NetworkProfile;
import dev.iamlocal.server.sagemaker.SageMakerKeys;
import dev.iamlocal.server.authz.Subjects;
import dev.iamlocal.evaluation.Decision;
import dev.iamlocal.request.RequestContext;
import dev.iamlocal.store.EntityType;
import dev.iamlocal.store.IamStore;
import dev.iamlocal.store.User;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The authorization step of one SageMaker {@code DescribeNotebookInstance} call, exactly as the
 * server runs it per request ({@link Authorizer#decide}): the caller's policies read from the
 * SQLite store and compiled, the global keys filled, the engine's decision, the decision-log
 * record queued (its background writer runs as in the server). Sample-time mode, so the report
 * has p50/p99 per call.
 *
 * <p>{@code caller=user}: a user holding seed policy 21 (Allow sagemaker:*, Deny on resources
 * tagged Project=B) describing a notebook tagged Project=A: allowed. {@code caller=root}: the root
 * user, whom the server never evaluates (only the log record): the baseline.
 *
 * <pre>bench/run.sh SageMakerAuthorization    # or: bench/sagemaker-load.sh (runs it with the HTTP load)</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SageMakerAuthorizationBenchmark {

  @Param({"user", "root"})
  public String caller;

  private Path dir;
  private IamStore store;
  private Subjects subjects;
  private AuthorizationPipeline pipeline;
  private DecisionLog log;
  /** The caller as resolved by a request that read the given store version on arrival. */
  private LongFunction<Caller> who;
  private String arn;
  private RequestContext ctx;
  private final Clock clock = Clock.systemUTC();
  private final NetworkProfile net = NetworkProfile.direct("127.0.0.1");

  @Setup(Level.Trial)
  public void setup() throws IOException {
    dir = Files.createTempDirectory("iamlocal-authz-bench");
    Bootstrap.prepareDirectory(dir);
    store = IamStore.openSqlite(dir.resolve("iamlocal.db"));
    Bootstrap boot = Bootstrap.ensure(store, dir);
    String account = boot.account().accountId();
    log = new DecisionLog(new dev.iamlocal.store.DecisionStore(store), clock);
    subjects = new Subjects(store);
    pipeline = new AuthorizationPipeline(subjects, log, clock);
    if (caller.equals("root")) {
      String key = boot.rootKey().accessKeyId();
      who = version -> new Caller(account, "arn:aws:iam::" + account + ":root", null, account, key, "us-east-1",
          version);
    } else {
      User u = store.users().createUser(account, "devteam1", "/", Map.of());
      store.inlinePolicies().putInlinePolicy(account, EntityType.USER, "devteam1", "seed-21", seed21());
      who = version -> new Caller(account, u.arn(), u.name(), u.userId(), "AKIABENCH", "us-east-1", version);
    }
    arn = "arn:aws:sagemaker:us-east-1:" + account + ":notebook-instance/nb-project-a";
    RequestContext.Builder b = RequestContext.builder();
    SageMakerKeys.putResourceTags(b, Map.of("Project", "A"));
    ctx = b.build();
    if (!describe().allowed()) {
      throw new IllegalStateException("the benchmark call must be allowed");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    log.close();
    store.close();
    dev.iamlocal.bench.TempDirs.delete(dir);
  }

  /**
   * One call's authorization, as {@code SageMakerApi} does it for DescribeNotebookInstance: the
   * server's shared {@link Subjects} keeps the caller's compiled policies until the store changes;
   * the store's change counter is read per call, as a request does on arrival.
   */
  @Benchmark
  public Decision describe() {
    return new Authorizer(pipeline, who.apply(subjects.version()), net)
        .decide("sagemaker:DescribeNotebookInstance", arn, ctx).decision();
  }

  static String seed21() {
    try (InputStream in = SageMakerAuthorizationBenchmark.class.getResourceAsStream(
        "/seed-policies/21-devteam1-deny-project-b.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
