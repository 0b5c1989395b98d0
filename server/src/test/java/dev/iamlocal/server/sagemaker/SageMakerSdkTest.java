package dev.iamlocal.server.sagemaker;

import dev.iamlocal.server.AuthorizeCalls;
import dev.iamlocal.server.Bootstrap;
import dev.iamlocal.server.decisionlog.DecisionsEndpointTest;
import dev.iamlocal.server.IamServer;
import dev.iamlocal.server.authz.Listener;
import dev.iamlocal.server.ServerOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamlocal.store.IamStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.CreateTrainingJobRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.NotebookInstanceStatus;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;
import software.amazon.awssdk.services.sagemaker.model.ResourceInUseException;
import software.amazon.awssdk.services.sagemaker.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.model.Tag;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;

/**
 * The emulated SageMaker driven by the real {@code SageMakerClient} (real SigV4) against the real
 * server: for each seed policy, a user holding only that policy (plus PassRole where the call
 * passes a role) makes calls the policy must allow and calls it must deny, for the seed's reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class SageMakerSdkTest {

  static final String ROLE = "arn:aws:iam::%s:role/SageMakerExecution";
  public static final String PASS_ROLE = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
      + "\"Action\":\"iam:PassRole\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":"
      + "{\"iam:PassedToService\":\"sagemaker.amazonaws.com\"}}}]}";
  static final Duration SETTLE = Duration.ofMillis(400);

  @TempDir static Path dataDir;
  IamStore store;
  IamServer server;
  Bootstrap boot;
  IamClient iam;
  SageMakerClient root;
  String role;
  int goodIpPort;
  int badIpPort;
  int vpcPort;
  int plainHttpPort;

  @BeforeAll
  void start() throws IOException {
    Bootstrap.prepareDirectory(dataDir);
    store = IamStore.openSqlite(dataDir.resolve("iamlocal.db"));
    boot = Bootstrap.ensure(store, dataDir);
    server = IamServer.start(store, "127.0.0.1", 0, Clock.systemUTC(), new ServerOptions(List.of(
        Listener.parse("127.0.0.1:0,source-ip=192.0.2.10"),
        Listener.parse("127.0.0.1:0,source-ip=198.51.100.7"),
        Listener.parse("127.0.0.1:0,vpc=vpc-111bbaaa,vpce=vpce-0abc"),
        Listener.parse("127.0.0.1:0,secure-transport=false")), SETTLE));
    List<Integer> ports = server.listenerPorts();
    goodIpPort = ports.get(0);
    badIpPort = ports.get(1);
    vpcPort = ports.get(2);
    plainHttpPort = ports.get(3);
    iam = IamClient.builder().endpointOverride(URI.create(server.endpoint())).region(Region.US_EAST_1)
        .credentialsProvider(creds(boot.rootKey().accessKeyId(), boot.rootKey().secret()))
        .httpClient(UrlConnectionHttpClient.create()).build();
    root = sm(server.port(), boot.rootKey().accessKeyId(), boot.rootKey().secret());
    role = executionRole(store, String.format(ROLE, boot.account().accountId()));
  }

  @AfterAll
  void stop() {
    server.close();
    store.close();
  }

  /** The trust policy of a SageMaker execution role: sagemaker.amazonaws.com may assume it. */
  public static final String SAGEMAKER_TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
      + "\"Principal\":{\"Service\":\"sagemaker.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

  /**
   * Creates the SageMaker execution role {@code arn} names (path and name) in its account, trusting
   * sagemaker.amazonaws.com, unless it exists: SageMaker refuses a role it cannot assume.
   */
  public static String executionRole(IamStore store, String arn) {
    String[] p = arn.split(":", 6);
    String rest = p[5].substring("role".length());
    String path = rest.substring(0, rest.lastIndexOf('/') + 1);
    String name = rest.substring(rest.lastIndexOf('/') + 1);
    try {
      store.roles().getRole(p[4], name);
    } catch (dev.iamlocal.store.IamException.NoSuchEntity e) {
      store.roles().createRole(p[4], name, path, null, SAGEMAKER_TRUST, null);
    }
    return arn;
  }

  public static StaticCredentialsProvider creds(String id, String secret) {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(id, secret));
  }

  SageMakerClient sm(int port, String id, String secret) {
    return SageMakerClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port)).region(Region.US_EAST_1)
        .credentialsProvider(creds(id, secret)).httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1))).build();
  }

  /** A user with the seed policies (and PassRole for SageMaker when asked) and its access key. */
  AccessKey user(String name, boolean passRole, String... seeds) throws IOException {
    iam.createUser(r -> r.userName(name));
    for (String seed : seeds) {
      String doc = seed(seed);
      iam.putUserPolicy(r -> r.userName(name).policyName("seed-" + seed).policyDocument(doc));
    }
    if (passRole) {
      iam.putUserPolicy(r -> r.userName(name).policyName("pass-role").policyDocument(PASS_ROLE));
    }
    return iam.createAccessKey(r -> r.userName(name)).accessKey();
  }

  SageMakerClient client(AccessKey k) {
    return sm(server.port(), k.accessKeyId(), k.secretAccessKey());
  }

  SageMakerClient client(AccessKey k, int port) {
    return sm(port, k.accessKeyId(), k.secretAccessKey());
  }

  public static String seed(String prefix) throws IOException {
    for (String f : List.of("01-console-access", "07-training-from-vpc-only", "13-enforce-network-isolation",
        "14-enforce-training-instance-type", "16-lock-down-notebook-instance", "17-api-from-vpc-only",
        "19-training-from-ip-ranges", "21-devteam1-deny-project-b", "23-require-request-tag-on-endpoint")) {
      if (f.startsWith(prefix)) {
        try (InputStream in = SageMakerSdkTest.class.getResourceAsStream("/seed-policies/" + f + ".json")) {
          return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
    }
    throw new IllegalArgumentException(prefix);
  }

  CreateTrainingJobRequest training(String name, String instanceType, Consumer<CreateTrainingJobRequest.Builder> more) {
    CreateTrainingJobRequest.Builder b = CreateTrainingJobRequest.builder().trainingJobName(name).roleArn(role)
        .algorithmSpecification(a -> a.trainingImage("123.dkr.ecr.us-east-1.amazonaws.com/xgb:1").trainingInputMode("File"))
        .outputDataConfig(o -> o.s3OutputPath("s3://bucket/out"))
        .resourceConfig(r -> r.instanceType(instanceType).instanceCount(1).volumeSizeInGB(10))
        .stoppingCondition(s -> s.maxRuntimeInSeconds(3600));
    more.accept(b);
    return b.build();
  }

  static SageMakerException denied(Runnable call) {
    try {
      call.run();
    } catch (SageMakerException e) {
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
      return e;
    }
    throw new AssertionError("expected AccessDeniedException");
  }

  /** A role session's source identity is aws:SourceIdentity in its SageMaker calls too. */
  @Test
  void spec08_aSessionsSourceIdentityReachesSageMakerConditions() {
    String acct = boot.account().accountId();
    iam.createRole(r -> r.roleName("auditor").assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":"
        + "[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + acct + ":root\"},\"Action\":"
        + "[\"sts:AssumeRole\",\"sts:SetSourceIdentity\"]}]}"));
    iam.putRolePolicy(r -> r.roleName("auditor").policyName("list").policyDocument("{\"Version\":\"2012-10-17\","
        + "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sagemaker:ListTrainingJobs\",\"Resource\":\"*\","
        + "\"Condition\":{\"StringEquals\":{\"aws:SourceIdentity\":\"auditor-1\"}}}]}"));
    iam.createUser(r -> r.userName("auditor-user"));
    iam.putUserPolicy(r -> r.userName("auditor-user").policyName("assume").policyDocument("{\"Version\":\"2012-10-17\","
        + "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"sts:AssumeRole\",\"sts:SetSourceIdentity\"],"
        + "\"Resource\":\"*\"}]}"));
    AccessKey k = iam.createAccessKey(r -> r.userName("auditor-user")).accessKey();
    try (var sts = software.amazon.awssdk.services.sts.StsClient.builder().endpointOverride(URI.create(server.endpoint()))
        .region(Region.US_EAST_1).credentialsProvider(creds(k.accessKeyId(), k.secretAccessKey()))
        .httpClient(UrlConnectionHttpClient.create()).build()) {
      for (String source : new String[] {"auditor-1", "someone-else"}) {
        var c = sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + acct + ":role/auditor").roleSessionName("audit")
            .sourceIdentity(source)).credentials();
        SageMakerClient asSession = SageMakerClient.builder().endpointOverride(URI.create(server.endpoint()))
            .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(
                software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(c.accessKeyId(),
                    c.secretAccessKey(), c.sessionToken())))
            .httpClient(UrlConnectionHttpClient.create()).overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
            .build();
        if (source.equals("auditor-1")) {
          assertThat(asSession.listTrainingJobs().trainingJobSummaries()).isNotNull();
        } else {
          denied(asSession::listTrainingJobs);
        }
      }
    }
  }

  // ---------------------------------------------------------------- seed policies

  @Test
  void seed14OnlyC5InstancesForTraining() throws IOException {
    AccessKey k = user("seed14", true, "14");
    SageMakerClient sm = client(k);
    assertThat(sm.createTrainingJob(training("s14-ok", "ml.c5.xlarge", b -> { })).trainingJobArn())
        .isEqualTo("arn:aws:sagemaker:us-east-1:" + boot.account().accountId() + ":training-job/s14-ok");
    SageMakerException e = denied(() -> sm.createTrainingJob(training("s14-gpu", "ml.p3.2xlarge", b -> { })));
    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:iam::" + boot.account().accountId()
        + ":user/seed14 is not authorized to perform: sagemaker:CreateTrainingJob on resource: arn:aws:sagemaker:us-east-1:"
        + boot.account().accountId() + ":training-job/s14-gpu because no identity-based policy allows the"
        + " sagemaker:CreateTrainingJob action");
    // every instance type counts, heterogeneous instance groups included
    denied(() -> sm.createTrainingJob(training("s14-mixed", "ml.c5.xlarge", b -> b.resourceConfig(r -> r
        .instanceGroups(g -> g.instanceGroupName("a").instanceType("ml.c5.2xlarge").instanceCount(1),
            g -> g.instanceGroupName("b").instanceType("ml.g5.xlarge").instanceCount(1)).volumeSizeInGB(10)))));
    // the policy does not grant Describe
    denied(() -> sm.describeTrainingJob(r -> r.trainingJobName("s14-ok")));
  }

  @Test
  void passRoleIsRequiredForTheExecutionRole() throws IOException {
    SageMakerClient sm = client(user("nopass", false, "14"));
    SageMakerException e = denied(() -> sm.createTrainingJob(training("np", "ml.c5.xlarge", b -> { })));
    assertThat(e.awsErrorDetails().errorMessage()).contains("iam:PassRole on resource: " + role)
        .contains("because no identity-based policy allows the iam:PassRole action");
  }

  /**
   * No account can pass another account's role to its service, its root user included: the root
   * user is everything in its own account only (a hostile probe passed arn:aws:iam::111122223333:role/x
   * as root and got 200).
   */
  @Test
  void theRootUserCannotPassAnotherAccountsRole() {
    String foreign = "arn:aws:iam::111122223333:role/anything";
    assertThat(boot.account().accountId()).isNotEqualTo("111122223333");
    SageMakerException e = denied(() -> root.createTrainingJob(training("foreign-role", "ml.c5.xlarge",
        b -> b.roleArn(foreign))));
    assertThat(e.awsErrorDetails().errorMessage()).contains("iam:PassRole on resource: " + foreign);
    // its own account's role it passes, as before
    root.createTrainingJob(training("own-role", "ml.c5.xlarge", b -> { }));
  }

  @Test
  void seed13NetworkIsolationMustBeTrue() throws IOException {
    SageMakerClient sm = client(user("seed13", true, "13"));
    sm.createTrainingJob(training("s13-ok", "ml.m5.large", b -> b.enableNetworkIsolation(true)));
    denied(() -> sm.createTrainingJob(training("s13-false", "ml.m5.large", b -> b.enableNetworkIsolation(false))));
    denied(() -> sm.createTrainingJob(training("s13-absent", "ml.m5.large", b -> { })));
  }

  @Test
  void seed07TrainingOnlyInsideTheVpc() throws IOException {
    SageMakerClient sm = client(user("seed07", true, "07"));
    sm.createTrainingJob(training("s07-ok", "ml.m5.large", b -> b.vpcConfig(v -> v.subnets("subnet-a1234")
        .securityGroupIds("sg-67890"))));
    denied(() -> sm.createTrainingJob(training("s07-other-subnet", "ml.m5.large", b -> b.vpcConfig(v -> v
        .subnets("subnet-a1234", "subnet-zzz").securityGroupIds("sg-67890")))));
    // Null=false: without a VPC the keys are absent, and the call is denied
    denied(() -> sm.createTrainingJob(training("s07-novpc", "ml.m5.large", b -> { })));
  }

  @Test
  void seed16NotebookLockedDown() throws IOException {
    SageMakerClient sm = client(user("seed16", true, "16"));
    sm.createNotebookInstance(r -> r.notebookInstanceName("s16-ok").instanceType("ml.t3.medium").roleArn(role)
        .directInternetAccess("Disabled").rootAccess("Disabled").subnetId("subnet-1").securityGroupIds("sg-1"));
    denied(() -> sm.createNotebookInstance(r -> r.notebookInstanceName("s16-root").instanceType("ml.t3.medium")
        .roleArn(role).directInternetAccess("Disabled").rootAccess("Enabled").subnetId("subnet-1")
        .securityGroupIds("sg-1")));
    denied(() -> sm.createNotebookInstance(r -> r.notebookInstanceName("s16-novpc").instanceType("ml.t3.medium")
        .roleArn(role).directInternetAccess("Disabled").rootAccess("Disabled")));
  }

  @Test
  void seed19TrainingOnlyFromTheAllowedAddresses() throws IOException {
    AccessKey k = user("seed19", true, "19");
    client(k, goodIpPort).createTrainingJob(training("s19-ok", "ml.m5.large", b -> { }));
    denied(() -> client(k, badIpPort).createTrainingJob(training("s19-bad", "ml.m5.large", b -> { })));
    // the main listener reports the real peer, 127.0.0.1
    denied(() -> client(k).createTrainingJob(training("s19-local", "ml.m5.large", b -> { })));
    // through a VPC endpoint aws:SourceIp is absent, so IpAddress does not match
    denied(() -> client(k, vpcPort).createTrainingJob(training("s19-vpc", "ml.m5.large", b -> { })));
  }

  @Test
  void spec08_secureTransportIsFalseOnAPlainHttpListener() throws Exception {
    String denyInsecure = "{\"Version\":\"2012-10-17\",\"Statement\":["
        + "{\"Effect\":\"Allow\",\"Action\":[\"sagemaker:ListNotebookInstances\",\"iam:GetUser\","
        + "\"iam:SimulatePrincipalPolicy\"],\"Resource\":\"*\"},"
        + "{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\","
        + "\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}";
    iam.createUser(r -> r.userName("tls-only"));
    iam.putUserPolicy(r -> r.userName("tls-only").policyName("tls").policyDocument(denyInsecure));
    AccessKey k = iam.createAccessKey(r -> r.userName("tls-only")).accessKey();
    assertThat(client(k).listNotebookInstances(r -> { }).notebookInstances()).isNotNull();
    denied(() -> client(k, plainHttpPort).listNotebookInstances(r -> { }));
    IamClient onTls = IamClient.builder().endpointOverride(URI.create(server.endpoint())).region(Region.US_EAST_1)
        .credentialsProvider(creds(k.accessKeyId(), k.secretAccessKey())).httpClient(UrlConnectionHttpClient.create())
        .build();
    IamClient onPlain = IamClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + plainHttpPort))
        .region(Region.US_EAST_1).credentialsProvider(creds(k.accessKeyId(), k.secretAccessKey()))
        .httpClient(UrlConnectionHttpClient.create()).overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
        .build();
    assertThat(onTls.getUser(r -> r.userName("tls-only")).user().userName()).isEqualTo("tls-only");
    assertThatThrownBy(() -> onPlain.getUser(r -> r.userName("tls-only")))
        .isInstanceOfSatisfying(software.amazon.awssdk.services.iam.model.IamException.class,
            e -> assertThat(e.awsErrorDetails().errorMessage()).contains("with an explicit deny"));
    // and POST /v1/authorize, whose caller needs iam:SimulatePrincipalPolicy on the principal asked about
    byte[] ask = ("{\"principal\":\"arn:aws:iam::" + boot.account().accountId() + ":user/tls-only\","
        + "\"action\":\"iam:GetUser\",\"resource\":\"*\"}").getBytes(StandardCharsets.UTF_8);
    var who = AwsBasicCredentials.create(k.accessKeyId(), k.secretAccessKey());
    assertThat(AuthorizeCalls.post(server.endpoint(), who, ask).statusCode()).isEqualTo(200);
    var plainAnswer = AuthorizeCalls.post("http://127.0.0.1:" + plainHttpPort, who, ask);
    assertThat(plainAnswer.statusCode()).isEqualTo(403);
    assertThat(plainAnswer.body()).contains("iam:SimulatePrincipalPolicy").contains("explicit deny");
  }

  @Test
  void seed17OnlyFromTheVpc() throws IOException {
    AccessKey k = user("seed17", false, "17");
    assertThat(client(k, vpcPort).listNotebookInstances(r -> { }).notebookInstances()).isNotNull();
    denied(() -> client(k).listNotebookInstances(r -> { }));
  }

  @Test
  void seed21DevTeam1CannotTouchProjectB() throws IOException {
    root.createNotebookInstance(r -> r.notebookInstanceName("nb-project-b").instanceType("ml.t3.medium").roleArn(role)
        .tags(Tag.builder().key("Project").value("B").build()));
    root.createNotebookInstance(r -> r.notebookInstanceName("nb-project-a").instanceType("ml.t3.medium").roleArn(role)
        .tags(Tag.builder().key("Project").value("A").build()));
    SageMakerClient sm = client(user("devteam1", false, "21"));
    SageMakerException e = denied(() -> sm.describeNotebookInstance(r -> r.notebookInstanceName("nb-project-b")));
    assertThat(e.awsErrorDetails().errorMessage()).endsWith("with an explicit deny in an identity-based policy");
    assertThat(sm.describeNotebookInstance(r -> r.notebookInstanceName("nb-project-a")).notebookInstanceName())
        .isEqualTo("nb-project-a");
    denied(() -> sm.stopNotebookInstance(r -> r.notebookInstanceName("nb-project-b")));
    denied(() -> sm.createPresignedNotebookInstanceUrl(r -> r.notebookInstanceName("nb-project-b")));
    // List and ListTags are not restricted by resource tags
    assertThat(sm.listNotebookInstances(r -> r.maxResults(100)).notebookInstances())
        .extracting(n -> n.notebookInstanceName()).contains("nb-project-a", "nb-project-b");
    String arnB = root.describeNotebookInstance(r -> r.notebookInstanceName("nb-project-b")).notebookInstanceArn();
    assertThat(sm.listTags(r -> r.resourceArn(arnB)).tags()).containsExactly(Tag.builder().key("Project").value("B")
        .build());
    // tagging is denied outright
    denied(() -> sm.addTags(r -> r.resourceArn(arnB).tags(Tag.builder().key("Project").value("A").build())));
  }

  @Test
  void seed23EndpointNeedsTheEnvironmentTag() throws IOException {
    root.createModel(r -> r.modelName("m23").executionRoleArn(role).primaryContainer(c -> c.image("img")));
    root.createEndpointConfig(r -> r.endpointConfigName("ec23").productionVariants(ProductionVariant.builder()
        .variantName("v").modelName("m23").instanceType("ml.m5.large").initialInstanceCount(1).build()));
    SageMakerClient sm = client(user("seed23", false, "23"));
    denied(() -> sm.createEndpoint(r -> r.endpointName("ep-untagged").endpointConfigName("ec23")));
    denied(() -> sm.createEndpoint(r -> r.endpointName("ep-prod").endpointConfigName("ec23")
        .tags(Tag.builder().key("environment").value("prod").build())));
    assertThat(sm.createEndpoint(r -> r.endpointName("ep-dev").endpointConfigName("ec23")
        .tags(Tag.builder().key("environment").value("dev").build())).endpointArn()).endsWith(":endpoint/ep-dev");
  }

  @Test
  void seed01ConsoleAccessCoversTheWholeFlow() throws IOException {
    SageMakerClient sm = client(user("seed01", false, "01"));
    sm.createTrainingJob(training("s01", "ml.p3.2xlarge", b -> { }));
    assertThat(sm.describeTrainingJob(r -> r.trainingJobName("s01")).roleArn()).isEqualTo(role);
  }

  // ---------------------------------------------------------------- protocol and lifecycle

  @Test
  void lifecycleAndErrors() throws InterruptedException {
    root.createTrainingJob(training("Life-Cycle", "ml.m5.large", b -> b.tags(Tag.builder().key("k").value("v")
        .build())));
    DescribeTrainingJobResponse d = root.describeTrainingJob(r -> r.trainingJobName("life-cycle"));
    assertThat(d.trainingJobStatus()).isEqualTo(TrainingJobStatus.IN_PROGRESS);
    assertThat(d.trainingJobArn()).endsWith(":training-job/life-cycle");
    assertThat(d.trainingJobName()).isEqualTo("Life-Cycle");
    assertThat(d.resourceConfig().instanceTypeAsString()).isEqualTo("ml.m5.large");
    assertThatThrownBy(() -> root.createTrainingJob(training("life-cycle", "ml.m5.large", b -> { })))
        .isInstanceOf(ResourceInUseException.class);
    assertThatThrownBy(() -> root.describeTrainingJob(r -> r.trainingJobName("nothing")))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThatThrownBy(() -> root.describeModel(r -> r.modelName("nothing")))
        .isInstanceOfSatisfying(SageMakerException.class, e -> assertThat(e.awsErrorDetails().errorCode())
            .isEqualTo("ValidationException"));

    root.createNotebookInstance(r -> r.notebookInstanceName("nb-life").instanceType("ml.t3.medium").roleArn(role));
    assertThat(root.describeNotebookInstance(r -> r.notebookInstanceName("nb-life")).notebookInstanceStatus())
        .isEqualTo(NotebookInstanceStatus.PENDING);
    assertThatThrownBy(() -> root.deleteNotebookInstance(r -> r.notebookInstanceName("nb-life")))
        .hasMessageContaining("Status (Pending) not in ([Failed, Stopped])");
    Thread.sleep(SETTLE.toMillis() + 100);
    assertThat(root.describeTrainingJob(r -> r.trainingJobName("life-cycle")).trainingJobStatus())
        .isEqualTo(TrainingJobStatus.COMPLETED);
    assertThat(root.describeNotebookInstance(r -> r.notebookInstanceName("nb-life")).notebookInstanceStatus())
        .isEqualTo(NotebookInstanceStatus.IN_SERVICE);
    root.stopNotebookInstance(r -> r.notebookInstanceName("nb-life"));
    assertThat(root.describeNotebookInstance(r -> r.notebookInstanceName("nb-life")).notebookInstanceStatus())
        .isEqualTo(NotebookInstanceStatus.STOPPING);
    Thread.sleep(SETTLE.toMillis() + 100);
    root.deleteNotebookInstance(r -> r.notebookInstanceName("nb-life"));
    assertThatThrownBy(() -> root.describeNotebookInstance(r -> r.notebookInstanceName("nb-life")))
        .hasMessageContaining("RecordNotFound");
    assertThat(root.search(r -> r.resource("TrainingJob").searchExpression(s -> s.filters(f -> f.name("Tags.k")
        .operator("Equals").value("v")))).results()).extracting(x -> x.trainingJob().trainingJobName())
        .containsExactly("Life-Cycle");
  }

  // ---------------------------------------------------------------- decision log

  @Test
  void decisionsAreLoggedAndQueryable() throws Exception {
    AccessKey key = user("logged", true, "14");
    SageMakerClient sm = client(key);
    sm.createTrainingJob(training("log-ok", "ml.c5.xlarge", b -> { }));
    denied(() -> sm.createTrainingJob(training("log-bad", "ml.p3.2xlarge", b -> { })));
    String principal = "arn:aws:iam::" + boot.account().accountId() + ":user/logged";
    JsonNode all = decisions("principal=" + URLEncoder.encode(principal, StandardCharsets.UTF_8));
    assertThat(all.get("decisions")).extracting(n -> n.get("action").asText() + " " + n.get("decision").asText())
        .containsExactly("sagemaker:CreateTrainingJob allowed", "iam:PassRole allowed",
            "sagemaker:CreateTrainingJob implicitDeny");
    JsonNode denied = decisions("principal=" + URLEncoder.encode(principal, StandardCharsets.UTF_8)
        + "&decision=denied");
    JsonNode d = denied.get("decisions").get(0);
    assertThat(d.get("resource").asText()).endsWith(":training-job/log-bad");
    assertThat(d.get("context").get("sagemaker:InstanceTypes").get(0).asText()).isEqualTo("ml.p3.2xlarge");
    assertThat(d.get("reason").asText()).isEqualTo("no identity-based policy allows the sagemaker:CreateTrainingJob action");
    JsonNode allowed = all.get("decisions").get(0);
    assertThat(allowed.get("statements").get(0).get("sid").asText()).isEqualTo("EnforceInstanceType");
    assertThat(allowed.get("context").has("aws:SourceIp")).isTrue();
    // IAM calls go to the same log
    IamClient userIam = IamClient.builder().endpointOverride(URI.create(server.endpoint())).region(Region.US_EAST_1)
        .credentialsProvider(creds(key.accessKeyId(), key.secretAccessKey())).httpClient(UrlConnectionHttpClient.create())
        .build();
    assertThatThrownBy(() -> userIam.listUsers()).hasMessageContaining("not authorized to perform: iam:ListUsers");
    assertThat(decisions("action=iam:ListUsers&decision=implicitDeny").get("decisions"))
        .extracting(n -> n.get("principal").asText()).containsExactly(principal);
    // the root user's IAM calls are logged too (allowed, no statements): it created the user above
    String root = "arn:aws:iam::" + boot.account().accountId() + ":root";
    assertThat(decisions("principal=" + URLEncoder.encode(root, StandardCharsets.UTF_8) + "&action=iam:CreateUser")
        .get("decisions")).isNotEmpty().allSatisfy(n -> assertThat(n.get("decision").asText()).isEqualTo("allowed"));
  }

  JsonNode decisions(String query) throws Exception {
    HttpResponse<String> r = DecisionsEndpointTest.signedGet(server, boot.rootKey().accessKeyId(),
        boot.rootKey().secret(), null, "/v1/decisions?" + query);
    assertThat(r.statusCode()).isEqualTo(200);
    return new ObjectMapper().readTree(r.body());
  }
}
