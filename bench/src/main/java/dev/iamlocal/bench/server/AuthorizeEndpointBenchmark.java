package dev.iamlocal.bench.server;

import dev.iamlocal.server.iam.ApiSupport;
import dev.iamlocal.server.auth.Authenticator;
import dev.iamlocal.server.decisionpoint.AuthorizeEndpoint;
import dev.iamlocal.server.Bootstrap;
import dev.iamlocal.server.auth.Caller;
import dev.iamlocal.server.decisionlog.DecisionLog;
import dev.iamlocal.server.auth.LastUsedRecorder;
import dev.iamlocal.server.auth.SigV4;
import dev.iamlocal.server.auth.SigV4Verifier;
import dev.iamlocal.server.authz.Subjects;
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
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * The server's own work for one {@code POST /v1/authorize}, without HTTP: SigV4 verification of a
 * signed request (as the root user), the caller and principal resolved through the store's caches,
 * the caller's permission check, the decision for a user holding seed policy 14, the JSON answer.
 * What is left of a request's cost in {@code bench/http-load.sh} beyond this is Jetty's.
 *
 * <pre>bench/run.sh AuthorizeEndpoint</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AuthorizeEndpointBenchmark {

  @Param({"false", "true"})
  public boolean explain;

  private Path dir;
  private IamStore store;
  private Authenticator authenticator;
  private ApiSupport support;
  private DecisionLog log;
  private LastUsedRecorder lastUsed;
  private SigV4Verifier.SignedRequest signed;
  private final Clock clock = Clock.systemUTC();

  @Setup(Level.Trial)
  public void setup() throws IOException {
    dir = Files.createTempDirectory("iamlocal-authorize-bench");
    Bootstrap.prepareDirectory(dir);
    store = IamStore.openSqlite(dir.resolve("iamlocal.db"));
    Bootstrap boot = Bootstrap.ensure(store, dir);
    String account = boot.account().accountId();
    User u = store.users().createUser(account, "bench-user", "/", Map.of());
    store.inlinePolicies().putInlinePolicy(account, EntityType.USER, "bench-user", "seed-14", seed14());
    log = new DecisionLog(new dev.iamlocal.store.DecisionStore(store), clock);
    lastUsed = new LastUsedRecorder(store);
    Subjects subjects = new Subjects(store);
    authenticator = new Authenticator(subjects, lastUsed, clock);
    support = new ApiSupport(store, clock, lastUsed, log, subjects);
    String body = "{\"principal\":\"" + u.arn() + "\",\"action\":\"sagemaker:CreateTrainingJob\","
        + "\"resource\":\"arn:aws:sagemaker:us-east-1:" + account + ":training-job/bench\","
        + "\"context\":{\"sagemaker:InstanceTypes\":[\"ml.c5.xlarge\"]},\"explain\":" + explain + "}";
    signed = sign(boot.rootKey().accessKeyId(), boot.rootKey().secret(), body.getBytes(StandardCharsets.UTF_8));
    String answer = new String(call(), StandardCharsets.UTF_8);
    if (!answer.contains("\"decision\":\"allowed\"")) {
      throw new IllegalStateException("the benchmark request must be allowed: " + answer);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    log.close();
    lastUsed.close();
    store.close();
    dev.iamlocal.bench.TempDirs.delete(dir);
  }

  @Benchmark
  public byte[] call() {
    Caller caller = authenticator.authenticate(signed, java.util.List.of()).caller();
    return AuthorizeEndpoint.answer(signed.body(), new ApiSupport.Ctx(caller, "127.0.0.1"), support).json();
  }

  private SigV4Verifier.SignedRequest sign(String keyId, String secret, byte[] body) {
    String amzDate = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("content-type", List.of("application/json"));
    headers.put("host", List.of("127.0.0.1:4566"));
    headers.put("x-amz-date", List.of(amzDate));
    String payload = SigV4.hex(SigV4.sha256(body));
    List<String> signedHeaders = List.of("content-type", "host", "x-amz-date");
    String canonical = SigV4.canonicalRequest("POST", "/v1/authorize", List.of(), headers, signedHeaders, payload);
    String scope = amzDate.substring(0, 8) + "/us-east-1/iam/aws4_request";
    String signature = SigV4.signature(SigV4.signingKey(secret, amzDate.substring(0, 8), "us-east-1", "iam"),
        SigV4.stringToSign(amzDate, scope, canonical));
    headers.put("authorization", List.of(SigV4.ALGORITHM + " Credential=" + keyId + "/" + scope
        + ", SignedHeaders=content-type;host;x-amz-date, Signature=" + signature));
    return new SigV4Verifier.SignedRequest("POST", "/v1/authorize", null, headers, body);
  }

  private static String seed14() {
    try (InputStream in = AuthorizeEndpointBenchmark.class.getResourceAsStream(
        "/seed-policies/14-enforce-training-instance-type.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
