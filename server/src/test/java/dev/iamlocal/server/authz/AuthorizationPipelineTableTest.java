package dev.iamlocal.server.authz;

import dev.iamlocal.server.AuthorizeCalls;
import dev.iamlocal.server.Bootstrap;
import dev.iamlocal.server.auth.Caller;
import dev.iamlocal.server.IamServer;
import dev.iamlocal.server.RawCalls;
import dev.iamlocal.server.ServerFixture;
import dev.iamlocal.server.ServerOptions;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamlocal.evaluation.Outcome;
import dev.iamlocal.request.ContextValue;
import dev.iamlocal.store.DecisionRecord;
import dev.iamlocal.store.DecisionStore;
import dev.iamlocal.store.EntityType;
import dev.iamlocal.store.IamStore;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Issue 14, design point 2: one authorization pipeline. For the same call — principal, action,
 * resource, network, tags — every surface that can make it (the IAM Query API, SageMaker's JSON API,
 * the console and its access matrix, {@code POST /v1/authorize}) hands the engine the same request
 * context and gets the same decision. The context is the one the engine saw, captured by the
 * pipeline's observer; for the surfaces that log, the decision log's row holds it too.
 *
 * <p>The server's clock is fixed, so that the time keys are equal across surfaces too. Each row also
 * pins what AWS documents for it (the global condition key reference: {@code aws:SourceIp} absent
 * through a VPC endpoint, {@code aws:SourceVpc}/{@code aws:SourceVpce}/{@code aws:VpcSourceIp}
 * present only then; the resource account is the ARN's; CloudTrail logs the root user's calls).
 * {@code /v1/authorize} is told the network in its context, as docs/authorize-api.md says.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationPipelineTableTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String VPC = "vpc-111bbaaa";
  private static final String VPCE = "vpce-0abc";

  private final Clock clock = Clock.fixed(Instant.now().truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC);
  private final List<AuthorizationPipeline.Evaluation> seen = new CopyOnWriteArrayList<>();

  private Path dir;
  private IamStore store;
  private IamServer server;
  private Bootstrap boot;
  private String a;
  private String b;
  private AwsBasicCredentials rootKey;
  private AwsBasicCredentials aliceKey;
  private AwsSessionCredentials sessionKey;
  private String alice;
  private String bob;
  private String carol;
  private String mlRole;
  private String session;
  private String otherRole;
  private String otherPolicy;
  private HttpClient aliceConsole;
  private HttpClient rootConsole;
  private String rootCsrf;

  /** The simulated networks: the listener a call comes in on, and the keys it puts. */
  private enum Net {
    MAIN, SOURCE_IP, VPC_ENDPOINT, PLAIN_HTTP
  }

  private final Map<Net, Integer> ports = new LinkedHashMap<>();

  @BeforeAll
  void start() throws Exception {
    dir = Files.createTempDirectory("iamlocal-pipeline");
    Bootstrap.prepareDirectory(dir);
    store = IamStore.openSqlite(dir.resolve("iamlocal.db"));
    boot = Bootstrap.ensure(store, dir);
    server = IamServer.start(store, "127.0.0.1", 0, clock, new ServerOptions(List.of(
        Listener.parse("127.0.0.1:0,source-ip=192.0.2.10"),
        Listener.parse("127.0.0.1:0,vpc=" + VPC + ",vpce=" + VPCE),
        Listener.parse("127.0.0.1:0,secure-transport=false")), java.time.Duration.ofMillis(50)));
    ports.put(Net.MAIN, server.port());
    ports.put(Net.SOURCE_IP, server.listenerPorts().get(0));
    ports.put(Net.VPC_ENDPOINT, server.listenerPorts().get(1));
    ports.put(Net.PLAIN_HTTP, server.listenerPorts().get(2));
    a = boot.account().accountId();
    rootKey = AwsBasicCredentials.create(boot.rootKey().accessKeyId(), boot.rootKey().secret());
    IamClient root = iam(rootKey, Net.MAIN);

    root.createUser(r -> r.userName("alice").path("/eng/").tags(t -> t.key("team").value("blue"),
        t -> t.key("cost-center").value("42")));
    root.putUserPolicy(r -> r.userName("alice").policyName("work").policyDocument("""
        {"Version":"2012-10-17","Statement":[
         {"Sid":"SameTeam","Effect":"Allow","Action":["iam:GetUser","iam:GetRole"],"Resource":"*",
          "Condition":{"StringEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/team}"}}},
         {"Sid":"Work","Effect":"Allow","Action":["iam:GetPolicy","iam:GetPolicyVersion","iam:ListUsers","sagemaker:*",
          "iam:PassRole","sts:AssumeRole","sts:TagSession"],"Resource":"*"},
         {"Sid":"NoPlainHttp","Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}},
         {"Sid":"ListFromLoopback","Effect":"Deny","Action":"iam:ListUsers","Resource":"*",
          "Condition":{"NotIpAddress":{"aws:SourceIp":"127.0.0.0/8"}}}]}"""));
    var k = root.createAccessKey(r -> r.userName("alice")).accessKey();
    aliceKey = AwsBasicCredentials.create(k.accessKeyId(), k.secretAccessKey());
    alice = "arn:aws:iam::" + a + ":user/eng/alice";
    root.createUser(r -> r.userName("bob").tags(t -> t.key("team").value("blue")));
    root.createUser(r -> r.userName("carol").tags(t -> t.key("team").value("red")));
    bob = "arn:aws:iam::" + a + ":user/bob";
    carol = "arn:aws:iam::" + a + ":user/carol";
    // alice assumes it; SageMaker too, as the execution role alice passes to it
    String trust = ServerFixture.trust(alice);
    String withSageMaker = trust.substring(0, trust.length() - 2) + ",{\"Effect\":\"Allow\",\"Principal\":"
        + "{\"Service\":\"sagemaker.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
    root.createRole(r -> r.roleName("ml-role").assumeRolePolicyDocument(withSageMaker)
        .tags(t -> t.key("team").value("blue"), t -> t.key("env").value("dev")));
    root.putRolePolicy(r -> r.roleName("ml-role").policyName("ml").policyDocument("""
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:GetRole","sagemaker:List*",
         "sagemaker:Describe*"],"Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"blue"}}}]}"""));
    mlRole = "arn:aws:iam::" + a + ":role/ml-role";
    var creds = sts(aliceKey).assumeRole(r -> r.roleArn(mlRole).roleSessionName("s1")
        .tags(t -> t.key("project").value("x"))).credentials();
    sessionKey = AwsSessionCredentials.create(creds.accessKeyId(), creds.secretAccessKey(), creds.sessionToken());
    session = "arn:aws:sts::" + a + ":assumed-role/ml-role/s1";

    b = store.accounts().createAccount().accountId();
    store.roles().createRole(b, "other-role", "/", null, ServerFixture.trust("arn:aws:iam::" + b + ":root"), 3600);
    store.tags().tag(b, "role", "other-role", Map.of("team", "blue"));
    otherRole = "arn:aws:iam::" + b + ":role/other-role";
    otherPolicy = store.policies().createPolicy(b, "other-policy", "/", null, ServerFixture.allow("s3:GetObject", "*")).arn();
    store.inlinePolicies().putInlinePolicy(b, EntityType.ROLE, "other-role", "p", ServerFixture.allow("*", "*"));

    aliceConsole = signIn(aliceKey);
    rootConsole = signIn(rootKey);
    rootCsrf = csrf(rootConsole);
    server.pipeline().observe(seen::add);
  }

  @AfterAll
  void stop() {
    server.close();
    store.close();
  }

  // ---------------------------------------------------------------- the table

  /** One surface's way of making a row's call. */
  private record Surface(String name, ThrowingRunnable call) {}

  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  /**
   * One call: who, what, on what, from where; the surfaces that can make it; what AWS documents
   * for it ({@code expect}).
   */
  private record Row(String name, String principal, String action, String resource, List<Surface> surfaces,
      Consumer<AuthorizationPipeline.Evaluation> expect) {}

  private List<Row> rows() {
    return List.of(
        new Row("user, principal and resource tags match (main listener)", alice, "iam:GetUser", bob, List.of(
            iamCall(aliceKey, Net.MAIN, "GetUser", "UserName", "bob"),
            console(aliceConsole, Net.MAIN, "/console/users/bob"),
            authorize(alice, "iam:GetUser", bob, Net.MAIN, Map.of())), e -> {
              allowed(e);
              assertThat(keys(e)).containsEntry("aws:PrincipalTag/team", List.of("blue"))
                  .containsEntry("aws:PrincipalTag/cost-center", List.of("42"))
                  .containsEntry("aws:ResourceTag/team", List.of("blue")).containsEntry("iam:ResourceTag/team", List.of("blue"))
                  .containsEntry("aws:username", List.of("alice")).containsEntry("aws:SourceIp", List.of("127.0.0.1"))
                  .containsEntry("aws:SecureTransport", List.of("true")).containsEntry("aws:PrincipalArn", List.of(alice));
              assertThat(e.resourceAccount()).isEqualTo(a);
            }),
        new Row("user, resource of another team", alice, "iam:GetUser", carol, List.of(
            iamCall(aliceKey, Net.MAIN, "GetUser", "UserName", "carol"),
            console(aliceConsole, Net.MAIN, "/console/users/carol"),
            authorize(alice, "iam:GetUser", carol, Net.MAIN, Map.of())), e -> {
              assertThat(e.decision().outcome()).isEqualTo(Outcome.IMPLICIT_DENY);
              assertThat(keys(e)).containsEntry("aws:ResourceTag/team", List.of("red"));
              assertThat(e.deniedMessage()).isEqualTo("User: " + alice + " is not authorized to perform: iam:GetUser on"
                  + " resource: " + carol + " because no identity-based policy allows the iam:GetUser action");
            }),
        new Row("VPC endpoint listener: aws:SourceIp absent, aws:SourceVpc/SourceVpce/VpcSourceIp present", alice,
            "iam:ListUsers", "arn:aws:iam::" + a + ":user/", List.of(
            iamCall(aliceKey, Net.VPC_ENDPOINT, "ListUsers"),
            console(aliceConsole, Net.VPC_ENDPOINT, "/console/users"),
            authorize(alice, "iam:ListUsers", "arn:aws:iam::" + a + ":user/", Net.VPC_ENDPOINT, Map.of())), e -> {
              assertThat(keys(e)).doesNotContainKey("aws:SourceIp").containsEntry("aws:SourceVpc", List.of(VPC))
                  .containsEntry("aws:SourceVpce", List.of(VPCE)).containsEntry("aws:VpcSourceIp", List.of("127.0.0.1"));
              // NotIpAddress on a key the request does not have matches: the deny applies
              assertThat(e.decision().outcome()).isEqualTo(Outcome.EXPLICIT_DENY);
            }),
        new Row("source-ip listener", alice, "iam:ListUsers", "arn:aws:iam::" + a + ":user/", List.of(
            iamCall(aliceKey, Net.SOURCE_IP, "ListUsers"),
            console(aliceConsole, Net.SOURCE_IP, "/console/users"),
            authorize(alice, "iam:ListUsers", "arn:aws:iam::" + a + ":user/", Net.SOURCE_IP, Map.of())), e -> {
              assertThat(keys(e)).containsEntry("aws:SourceIp", List.of("192.0.2.10")).doesNotContainKey("aws:SourceVpc");
              assertThat(e.decision().outcome()).isEqualTo(Outcome.EXPLICIT_DENY);
            }),
        new Row("plain-HTTP listener", alice, "iam:GetUser", bob, List.of(
            iamCall(aliceKey, Net.PLAIN_HTTP, "GetUser", "UserName", "bob"),
            console(aliceConsole, Net.PLAIN_HTTP, "/console/users/bob"),
            authorize(alice, "iam:GetUser", bob, Net.PLAIN_HTTP, Map.of())), e -> {
              assertThat(keys(e)).containsEntry("aws:SecureTransport", List.of("false"));
              assertThat(e.decision().outcome()).isEqualTo(Outcome.EXPLICIT_DENY);
            }),
        new Row("root user: allowed and logged on every surface", "arn:aws:iam::" + a + ":root",
            "iam:GetUser", bob, List.of(
            iamCall(rootKey, Net.VPC_ENDPOINT, "GetUser", "UserName", "bob"),
            console(rootConsole, Net.VPC_ENDPOINT, "/console/users/bob")), e -> {
              allowed(e);
              assertThat(e.logged()).isTrue();
              // not evaluated: the call's own keys, the resource's tags and the network, nothing derived
              assertThat(keys(e)).containsEntry("aws:ResourceTag/team", List.of("blue"))
                  .containsEntry("aws:SourceVpce", List.of(VPCE)).doesNotContainKey("aws:SourceIp")
                  .doesNotContainKey("aws:PrincipalArn");
            }),
        new Row("role session: role tags and session tags", session, "iam:GetRole", mlRole, List.of(
            iamCall(sessionKey, Net.MAIN, "GetRole", "RoleName", "ml-role"),
            authorize(session, "iam:GetRole", mlRole, Net.MAIN, Map.of())), e -> {
              allowed(e);
              assertThat(keys(e)).containsEntry("aws:PrincipalTag/team", List.of("blue"))
                  .containsEntry("aws:PrincipalTag/project", List.of("x")).containsEntry("aws:PrincipalArn", List.of(mlRole))
                  .containsEntry("aws:ResourceTag/env", List.of("dev")).containsKey("aws:TokenIssueTime");
            }),
        new Row("role session on SageMaker through the VPC endpoint", session, "sagemaker:ListTrainingJobs", "*",
            List.of(
            sageMaker(sessionKey, Net.VPC_ENDPOINT, "ListTrainingJobs", "{}"),
            authorize(session, "sagemaker:ListTrainingJobs", "*", Net.VPC_ENDPOINT, Map.of())), e -> {
              allowed(e);
              assertThat(keys(e)).containsEntry("aws:SourceVpc", List.of(VPC)).doesNotContainKey("aws:SourceIp");
              assertThat(e.resourceAccount()).isEqualTo(a);
            }),
        new Row("iam:PassRole of a role of the account: the role's tags", alice, "iam:PassRole", mlRole, List.of(
            sageMaker(aliceKey, Net.MAIN, "CreateNotebookInstance", "{\"NotebookInstanceName\":\"nb-own\","
                + "\"InstanceType\":\"ml.t2.medium\",\"RoleArn\":\"" + mlRole + "\"}"),
            authorize(alice, "iam:PassRole", mlRole, Net.MAIN, Map.of("iam:PassedToService", "sagemaker.amazonaws.com"))),
            e -> {
              allowed(e);
              assertThat(keys(e)).containsEntry("iam:PassedToService", List.of("sagemaker.amazonaws.com"))
                  .containsEntry("aws:ResourceTag/team", List.of("blue"));
            }),
        new Row("cross-account: iam:PassRole of another account's role", alice, "iam:PassRole", otherRole, List.of(
            sageMaker(aliceKey, Net.MAIN, "CreateNotebookInstance", "{\"NotebookInstanceName\":\"nb-other\","
                + "\"InstanceType\":\"ml.t2.medium\",\"RoleArn\":\"" + otherRole + "\"}"),
            authorize(alice, "iam:PassRole", otherRole, Net.MAIN, Map.of("iam:PassedToService",
                "sagemaker.amazonaws.com"))), e -> {
              // the resource is account B's: alice's identity policy alone does not reach it
              assertThat(e.resourceAccount()).isEqualTo(b);
              assertThat(e.decision().outcome()).isEqualTo(Outcome.IMPLICIT_DENY);
              // another account's tags are not read into the caller's context
              assertThat(keys(e)).doesNotContainKey("aws:ResourceTag/team");
              assertThat(e.deniedMessage()).doesNotContain("because");
            }),
        new Row("cross-account: another account's managed policy", alice, "iam:GetPolicy", otherPolicy, List.of(
            iamCall(aliceKey, Net.MAIN, "GetPolicy", "PolicyArn", otherPolicy),
            console(aliceConsole, Net.MAIN, "/console/policy?arn=" + URLEncoder.encode(otherPolicy, StandardCharsets.UTF_8)),
            authorize(alice, "iam:GetPolicy", otherPolicy, Net.MAIN, Map.of())), e -> {
              assertThat(e.resourceAccount()).isEqualTo(b);
              assertThat(e.decision().outcome()).isEqualTo(Outcome.IMPLICIT_DENY);
            }),
        new Row("access matrix: a role's tags are its aws:PrincipalTag", mlRole, "sagemaker:ListTrainingJobs", "*",
            List.of(
            matrix("role/ml-role"),
            authorize(mlRole, "sagemaker:ListTrainingJobs", "*", null, Map.of())), e -> {
              allowed(e);
              assertThat(keys(e)).containsEntry("aws:PrincipalTag/team", List.of("blue")).doesNotContainKey("aws:SourceIp");
              assertThat(e.logged()).isFalse();
            }),
        new Row("access matrix: a user", alice, "sagemaker:CreateTrainingJob", "*", List.of(
            matrix("user/alice"),
            authorize(alice, "sagemaker:CreateTrainingJob", "*", null, Map.of())), e -> {
              allowed(e);
              assertThat(keys(e)).containsEntry("aws:PrincipalTag/team", List.of("blue"));
            }));
  }

  @TestFactory
  Stream<DynamicTest> everySurfaceBuildsTheSameContextAndDecision() {
    return rows().stream().map(row -> DynamicTest.dynamicTest(row.name(), () -> check(row)));
  }

  private void check(Row row) throws Exception {
    String resource = row.resource();
    assertThat(row.surfaces()).as("a row compares at least two surfaces").hasSizeGreaterThanOrEqualTo(2);
    Map<String, AuthorizationPipeline.Evaluation> bySurface = new LinkedHashMap<>();
    for (Surface s : row.surfaces()) {
      seen.clear();
      s.call().run();
      List<AuthorizationPipeline.Evaluation> mine = seen.stream().filter(e -> e.principalArn().equals(row.principal())
          && e.action().equals(row.action()) && e.resource().equals(resource)).toList();
      assertThat(mine).as("%s: %s's evaluations of %s on %s (all: %s)", row.name(), s.name(), row.action(), resource,
          seen).hasSize(1);
      AuthorizationPipeline.Evaluation e = mine.get(0);
      row.expect().accept(e);
      if (e.logged()) {
        assertThat(loggedContext(e)).as("%s: the decision log's row of %s", row.name(), s.name()).isEqualTo(keys(e));
      }
      bySurface.put(s.name(), e);
    }
    Iterator<Map.Entry<String, AuthorizationPipeline.Evaluation>> it = bySurface.entrySet().iterator();
    Map.Entry<String, AuthorizationPipeline.Evaluation> first = it.next();
    while (it.hasNext()) {
      Map.Entry<String, AuthorizationPipeline.Evaluation> other = it.next();
      String what = row.name() + ": " + other.getKey() + " against " + first.getKey();
      assertThat(keys(other.getValue())).as(what + ", the request context").isEqualTo(keys(first.getValue()));
      assertThat(other.getValue().decision()).as(what + ", the decision").isEqualTo(first.getValue().decision());
      assertThat(other.getValue().resourceAccount()).as(what + ", the resource account")
          .isEqualTo(first.getValue().resourceAccount());
      assertThat(other.getValue().deniedMessage()).as(what + ", the AccessDenied text")
          .isEqualTo(first.getValue().deniedMessage());
    }
  }

  private static void allowed(AuthorizationPipeline.Evaluation e) {
    assertThat(e.decision().outcome()).as("%s %s %s in %s", e.principalArn(), e.action(), e.resource(), e.context())
        .isEqualTo(Outcome.ALLOWED);
  }

  /** The context as key → values, in key order. */
  private static Map<String, List<String>> keys(AuthorizationPipeline.Evaluation e) {
    Map<String, List<String>> out = new TreeMap<>();
    for (ContextValue v : e.context().entries()) {
      out.put(v.key(), v.values());
    }
    return out;
  }

  /** The context of the newest decision log row of {@code e}'s call, in the caller's account. */
  private Map<String, List<String>> loggedContext(AuthorizationPipeline.Evaluation e) throws IOException {
    server.decisions().flush();
    List<DecisionRecord> rows = server.decisions().store().query(new DecisionStore.Query(a, e.principalArn(),
        e.action(), null, null, null, 1000));
    DecisionRecord last = null;
    for (DecisionRecord r : rows) {
      if (r.resource().equals(e.resource())) {
        last = r;
      }
    }
    assertThat(last).as("a log row for %s %s %s", e.principalArn(), e.action(), e.resource()).isNotNull();
    Map<String, List<String>> out = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = JSON.readTree(last.context()).fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      List<String> values = new ArrayList<>();
      f.getValue().forEach(v -> values.add(v.asText()));
      out.put(f.getKey(), values);
    }
    return out;
  }

  // ---------------------------------------------------------------- the surfaces

  private String endpoint(Net n) {
    return "http://127.0.0.1:" + ports.get(n);
  }

  /** The Query API as the SDKs send it (the answer, allowed or AccessDenied, is the surface's own). */
  private Surface iamCall(AwsCredentialsIdentity who, Net net, String action, String... params) {
    return new Surface("IAM Query API", () -> {
      StringBuilder form = new StringBuilder("Action=" + action + "&Version=2010-05-08");
      for (int i = 0; i < params.length; i += 2) {
        form.append('&').append(params[i]).append('=').append(URLEncoder.encode(params[i + 1],
            StandardCharsets.UTF_8));
      }
      HttpResponse<String> r = RawCalls.query(endpoint(net), who, "us-east-1", "iam", form.toString());
      assertThat(r.statusCode()).as(r.body()).isIn(200, 403, 404);
      if (r.statusCode() == 403) {
        assertThat(r.body()).contains("<Code>AccessDenied</Code>");
      }
    });
  }

  private Surface sageMaker(AwsCredentialsIdentity who, Net net, String operation, String body) {
    return new Surface("SageMaker JSON API", () -> {
      HttpResponse<String> r = RawCalls.sageMaker(endpoint(net), who, "us-east-1", "sagemaker", operation, body);
      assertThat(r.statusCode()).as(r.body()).isIn(200, 400);
      if (r.statusCode() == 400) {
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("AccessDeniedException");
      }
    });
  }

  private Surface console(HttpClient signedIn, Net net, String path) {
    return new Surface("console", () -> {
      HttpResponse<String> r = signedIn.send(HttpRequest.newBuilder(URI.create(endpoint(net) + path))
          .GET().build(), HttpResponse.BodyHandlers.ofString());
      // a page whose subject the principal may not read answers as the API's operation does: 403
      assertThat(r.statusCode()).as(r.body()).isIn(200, 403);
      if (r.statusCode() == 403) {
        assertThat(r.body()).contains("class=\"denied-message\"");
      }
    });
  }

  /** The console's access matrix (signed in as root, who may ask about anyone), over SageMaker's actions. */
  private Surface matrix(String principalKey) {
    return new Surface("console access matrix", () -> {
      HttpResponse<String> r = rootConsole.send(HttpRequest.newBuilder(URI.create(endpoint(Net.MAIN)
          + "/console/api/matrix")).header("Content-Type", "application/json").header("X-CSRF-Token", rootCsrf)
          .POST(HttpRequest.BodyPublishers.ofString("{\"service\":\"sagemaker\",\"principals\":[\"" + principalKey
              + "\"]}")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      String job = JSON.readTree(r.body()).get("job").asText();
      for (int i = 0; i < 600; i++) {
        JsonNode status = JSON.readTree(rootConsole.send(HttpRequest.newBuilder(URI.create(endpoint(Net.MAIN)
            + "/console/api/matrix/" + job)).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
        if (status.path("finished").asBoolean()) {
          assertThat(status.path("rows").get(0).has("cells")).as(status.toString()).isTrue();
          return;
        }
        Thread.sleep(50);
      }
      throw new AssertionError("the matrix did not finish");
    });
  }

  /**
   * {@code POST /v1/authorize} about {@code principal}, asked by the root user, with the keys the
   * listener {@code net} would put (null: no network, as the access matrix asks) in its context.
   */
  private Surface authorize(String principal, String action, String resource, Net net, Map<String, String> context) {
    return new Surface("/v1/authorize", () -> {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("principal", principal);
      body.put("action", action);
      body.put("resource", resource);
      Map<String, String> ctx = new LinkedHashMap<>(context);
      if (net != null) {
        ctx.putAll(networkKeys(net));
      }
      body.put("context", ctx);
      body.put("explain", false);
      HttpResponse<String> r = AuthorizeCalls.post(endpoint(Net.MAIN), rootKey, JSON.writeValueAsBytes(body));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    });
  }

  /** What each listener's network is, as AWS's global condition key reference describes it. */
  private static Map<String, String> networkKeys(Net net) {
    return switch (net) {
      case MAIN -> Map.of("aws:SourceIp", "127.0.0.1", "aws:SecureTransport", "true");
      case SOURCE_IP -> Map.of("aws:SourceIp", "192.0.2.10", "aws:SecureTransport", "true");
      case VPC_ENDPOINT -> Map.of("aws:SourceVpc", VPC, "aws:SourceVpce", VPCE, "aws:VpcSourceIp", "127.0.0.1",
          "aws:SecureTransport", "true");
      case PLAIN_HTTP -> Map.of("aws:SourceIp", "127.0.0.1", "aws:SecureTransport", "false");
    };
  }

  // ---------------------------------------------------------------- clients

  private IamClient iam(AwsCredentials creds, Net net) {
    return IamClient.builder().endpointOverride(URI.create(endpoint(net))).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(creds)).httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1))).build();
  }

  private StsClient sts(AwsCredentials creds) {
    return StsClient.builder().endpointOverride(URI.create(endpoint(Net.MAIN))).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(creds)).httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1))).build();
  }

  /** A browser signed in to the console with {@code key} (its session cookie kept). */
  private HttpClient signIn(AwsBasicCredentials key) throws Exception {
    HttpClient c = HttpClient.newBuilder().cookieHandler(new CookieManager())
        .followRedirects(HttpClient.Redirect.NEVER).build();
    String form = "accessKeyId=" + URLEncoder.encode(key.accessKeyId(), StandardCharsets.UTF_8) + "&secretAccessKey="
        + URLEncoder.encode(key.secretAccessKey(), StandardCharsets.UTF_8);
    HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create(endpoint(Net.MAIN) + "/console/signin"))
        .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", endpoint(Net.MAIN))
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
    return c;
  }

  private String csrf(HttpClient c) throws Exception {
    String page = c.send(HttpRequest.newBuilder(URI.create(endpoint(Net.MAIN) + "/console/")).GET().build(),
        HttpResponse.BodyHandlers.ofString()).body();
    int i = page.indexOf("data-csrf=\"");
    return page.substring(i + 11, page.indexOf('"', i + 11));
  }

  // ---------------------------------------------------------------- beyond the table

  @org.junit.jupiter.api.Test
  void aRequestCannotPoseAsItsNetwork() {
    // the Query API has no parameter for it; the pipeline replaces what a service hands it under
    // a network key's name by the listener's network, whatever the surface
    seen.clear();
    var caller = new Caller(a, alice, "alice", null, null, "us-east-1", store.changeVersion());
    var e = server.pipeline().call(caller, new NetworkProfile(null, VPC, VPCE, "10.0.0.5", true), "iam:ListUsers",
        "arn:aws:iam::" + a + ":user/", dev.iamlocal.request.RequestContext.builder().put("aws:SourceIp", "127.0.0.1")
            .put("aws:SecureTransport", "false").build(), null);
    assertThat(e.context().get("aws:SourceIp")).isNull();
    assertThat(e.context().get("aws:SecureTransport").single()).isEqualTo("true");
    assertThat(e.decision().outcome()).isEqualTo(Outcome.EXPLICIT_DENY);
  }
}
