package dev.iamlocal.bench.server;

import dev.iamlocal.server.protocol.ApiModel;
import dev.iamlocal.server.iam.ApiSupport;
import dev.iamlocal.server.auth.Authenticator;
import dev.iamlocal.server.Bootstrap;
import dev.iamlocal.server.auth.Caller;
import dev.iamlocal.server.decisionlog.DecisionLog;
import dev.iamlocal.server.protocol.JsonCodec;
import dev.iamlocal.server.protocol.JsonNodes;
import dev.iamlocal.server.auth.LastUsedRecorder;
import dev.iamlocal.server.authz.NetworkProfile;
import dev.iamlocal.server.protocol.QueryCodec;
import dev.iamlocal.server.iam.RolesApi;
import dev.iamlocal.server.sagemaker.SageMakerApi;
import dev.iamlocal.server.sagemaker.SageMakerEndpoint;
import dev.iamlocal.server.auth.SigV4Signer;
import dev.iamlocal.server.auth.SigV4Verifier;
import dev.iamlocal.server.authz.Subjects;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamlocal.store.AccessKey;
import dev.iamlocal.store.EntityType;
import dev.iamlocal.store.IamStore;
import dev.iamlocal.store.SageMakerStore;
import dev.iamlocal.store.User;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One SageMaker {@code DescribeNotebookInstance} call in-process, without the HTTP server: SigV4
 * verification and caller resolution ({@link Authenticator}), then {@link SageMakerApi#handle},
 * which reads the body against the SageMaker model ({@link JsonCodec}), authorizes the caller
 * (seed policy 21: Allow sagemaker:*, Deny on resources tagged Project=B; the notebook is tagged
 * Project=A, so allowed), reads the stored notebook and serializes the answer by the output shape.
 * Beside it, the two codecs alone: the JSON read and write of that call, and the Query read and XML
 * write of an IAM GetRole. Sample-time mode: the report has p50/p99 per call.
 *
 * <pre>bench/run.sh SageMakerCall</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SageMakerCallBenchmark {

  private static final byte[] BODY = "{\"NotebookInstanceName\":\"nb-project-a\"}".getBytes(StandardCharsets.UTF_8);

  private Path dir;
  private IamStore store;
  private DecisionLog log;
  private LastUsedRecorder lastUsed;
  private Authenticator authenticator;
  private SageMakerApi sageMaker;
  private SigV4Verifier.SignedRequest signed;
  private final NetworkProfile net = NetworkProfile.direct("127.0.0.1");
  private final JsonCodec json = new JsonCodec(ApiModel.sageMaker());
  private final QueryCodec query = new QueryCodec(ApiModel.iam());
  private ObjectNode describeOutput;
  private final ObjectNode describeInput = JsonNodes.object().put("NotebookInstanceName", "nb-project-a");
  private ObjectNode roleOutput;
  private final Map<String, String> getRole = Map.of("Action", "GetRole", "Version", "2010-05-08",
      "RoleName", "bench-role");

  @Setup(Level.Trial)
  public void setup() throws IOException {
    dir = Files.createTempDirectory("iamlocal-call-bench");
    Bootstrap.prepareDirectory(dir);
    store = IamStore.openSqlite(dir.resolve("iamlocal.db"));
    Bootstrap boot = Bootstrap.ensure(store, dir);
    String account = boot.account().accountId();
    Clock clock = Clock.systemUTC();
    log = new DecisionLog(new dev.iamlocal.store.DecisionStore(store), clock);
    lastUsed = new LastUsedRecorder(store);
    Subjects subjects = new Subjects(store);
    authenticator = new Authenticator(subjects, lastUsed, clock);
    sageMaker = new SageMakerApi(store, subjects, new SageMakerStore(store), log, clock, Duration.ofMillis(1));
    User u = store.users().createUser(account, "devteam1", "/", Map.of());
    store.inlinePolicies().putInlinePolicy(account, EntityType.USER, "devteam1", "seed-21", SageMakerAuthorizationBenchmark.seed21());
    AccessKey key = store.accessKeys().createAccessKey(account, "devteam1");
    Caller rootCaller = new Caller(account, "arn:aws:iam::" + account + ":root", null, account,
        boot.rootKey().accessKeyId(), "us-east-1", subjects.version());
    // the notebook's execution role: SageMaker refuses a role it cannot assume
    store.roles().createRole(account, "sm", "/", null, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
        + "\"Allow\",\"Principal\":{\"Service\":\"sagemaker.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}", null);
    sageMaker.handle("CreateNotebookInstance", ("{\"NotebookInstanceName\":\"nb-project-a\",\"InstanceType\":"
        + "\"ml.t3.medium\",\"RoleArn\":\"arn:aws:iam::" + account + ":role/sm\",\"Tags\":[{\"Key\":\"Project\","
        + "\"Value\":\"A\"}]}").getBytes(StandardCharsets.UTF_8), rootCaller, net);
    // signed once: the verifier accepts the signature for its 15 minutes, longer than a run
    Map<String, String> auth = SigV4Signer.sign("POST", "localhost", "/", null, BODY, key.accessKeyId(),
        key.secret(), null, "us-east-1", "sagemaker", Instant.now());
    Map<String, List<String>> headers = new TreeMap<>();
    headers.put("host", List.of("localhost"));
    headers.put("content-type", List.of("application/x-amz-json-1.1"));
    headers.put("x-amz-target", List.of("SageMaker.DescribeNotebookInstance"));
    auth.forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), List.of(v)));
    signed = new SigV4Verifier.SignedRequest("POST", "/", null, headers, BODY);
    if (!call().contains("\"NotebookInstanceName\":\"nb-project-a\"")) {
      throw new IllegalStateException("the benchmark call must succeed: " + call());
    }
    describeOutput = (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(call());
    roleOutput = ApiSupport.out("Role", RolesApi.role(new dev.iamlocal.store.Role(account, "AROABENCH", "bench-role",
        "/", null, "{\"Version\":\"2012-10-17\",\"Statement\":[]}", 3600, null, Instant.now()), new LinkedHashMap<>()));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    log.close();
    lastUsed.close();
    store.close();
    dev.iamlocal.bench.TempDirs.delete(dir);
  }

  /** SigV4 + codec + authorization + store read of one DescribeNotebookInstance. */
  @Benchmark
  public String call() {
    Authenticator.Authenticated who = authenticator.authenticate(signed, SageMakerEndpoint.SERVICES);
    return sageMaker.handle("DescribeNotebookInstance", BODY, who.caller(), net);
  }

  /** The JSON codec alone: the body read and checked against the model, the answer written by its shape. */
  @Benchmark
  public String jsonCodec() {
    json.read("DescribeNotebookInstance", describeInput, SageMakerApi.ROLE_SHAPE);
    return json.write("DescribeNotebookInstance", describeOutput);
  }

  /** The Query codec alone: GetRole's parameters read and checked, a role written as IAM's XML. */
  @Benchmark
  public String queryCodec() {
    query.read("GetRole", getRole);
    return query.write("GetRole", roleOutput, "00000000-0000-0000-0000-000000000000");
  }
}
