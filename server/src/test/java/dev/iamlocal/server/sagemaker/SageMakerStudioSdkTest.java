package dev.iamlocal.server.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iamlocal.server.Bootstrap;
import dev.iamlocal.server.IamServer;
import dev.iamlocal.server.ServerOptions;
import dev.iamlocal.server.authz.Listener;
import dev.iamlocal.store.IamStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.AppInstanceType;
import software.amazon.awssdk.services.sagemaker.model.AppNetworkAccessType;
import software.amazon.awssdk.services.sagemaker.model.AppType;
import software.amazon.awssdk.services.sagemaker.model.CreateDomainRequest;
import software.amazon.awssdk.services.sagemaker.model.ModelApprovalStatus;
import software.amazon.awssdk.services.sagemaker.model.ResourceInUseException;
import software.amazon.awssdk.services.sagemaker.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.model.Tag;

/**
 * Studio, pipelines and the model registry through the real {@code SageMakerClient} against the
 * server: lifecycles and state rules, and the AWS documentation's Studio policy examples end to end
 * (instance types of CreateApp, a user kept to its own user profile and spaces, VPC-only domains,
 * presigned domain URLs from a CIDR only) and the pipeline and registry ones.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SageMakerStudioSdkTest {

  static final Duration SETTLE = Duration.ofMillis(1500);

  @TempDir static Path dataDir;
  IamStore store;
  IamServer server;
  Bootstrap boot;
  IamClient iam;
  SageMakerClient root;
  String role;
  String acct;
  int goodIpPort;
  int badIpPort;

  @BeforeAll
  void start() throws IOException {
    Bootstrap.prepareDirectory(dataDir);
    store = IamStore.openSqlite(dataDir.resolve("iamlocal.db"));
    boot = Bootstrap.ensure(store, dataDir);
    server = IamServer.start(store, "127.0.0.1", 0, Clock.systemUTC(), new ServerOptions(List.of(
        Listener.parse("127.0.0.1:0,source-ip=192.0.2.10"),
        Listener.parse("127.0.0.1:0,source-ip=198.51.100.7")), SETTLE));
    goodIpPort = server.listenerPorts().get(0);
    badIpPort = server.listenerPorts().get(1);
    iam = IamClient.builder().endpointOverride(URI.create(server.endpoint())).region(Region.US_EAST_1)
        .credentialsProvider(SageMakerSdkTest.creds(boot.rootKey().accessKeyId(), boot.rootKey().secret()))
        .httpClient(UrlConnectionHttpClient.create()).build();
    root = sm(server.port(), boot.rootKey().accessKeyId(), boot.rootKey().secret());
    acct = boot.account().accountId();
    role = SageMakerSdkTest.executionRole(store, "arn:aws:iam::" + acct + ":role/SageMakerExecution");
  }

  @AfterAll
  void stop() {
    server.close();
    store.close();
  }

  SageMakerClient sm(int port, String id, String secret) {
    return SageMakerClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port)).region(Region.US_EAST_1)
        .credentialsProvider(SageMakerSdkTest.creds(id, secret)).httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1))).build();
  }

  AccessKey user(String name, String... policies) {
    iam.createUser(r -> r.userName(name));
    int i = 0;
    for (String p : policies) {
      String n = "p" + i++;
      iam.putUserPolicy(r -> r.userName(name).policyName(n).policyDocument(p));
    }
    return iam.createAccessKey(r -> r.userName(name)).accessKey();
  }

  SageMakerClient client(AccessKey k) {
    return client(k, server.port());
  }

  SageMakerClient client(AccessKey k, int port) {
    return sm(port, k.accessKeyId(), k.secretAccessKey());
  }

  static String allow(String actions, String resource, String condition) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":" + actions + ",\"Resource\":"
        + resource + (condition == null ? "" : ",\"Condition\":" + condition) + "}]}";
  }

  String domain(String name, AppNetworkAccessType access) {
    CreateDomainRequest req = CreateDomainRequest.builder().domainName(name).authMode("IAM")
        .defaultUserSettings(u -> u.executionRole(role)).subnetIds("subnet-0a1").vpcId("vpc-0a1")
        .appNetworkAccessType(access).build();
    String id = root.createDomain(req).domainId();
    assertThat(id).matches("d-[a-z0-9]{12}");
    return id;
  }

  static void await(Supplier<String> status, String want) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!want.equals(status.get())) {
      assertThat(System.nanoTime()).as("status " + want).isLessThan(until);
      Thread.sleep(50);
    }
  }

  /** The error code of the call, or "OK" (for waiting until a resource is gone). */
  static String outcome(Runnable call) {
    try {
      call.run();
      return "OK";
    } catch (SageMakerException e) {
      return e.awsErrorDetails().errorCode();
    }
  }

  static String code(Runnable call) {
    try {
      call.run();
    } catch (SageMakerException e) {
      return e.awsErrorDetails().errorCode();
    }
    throw new AssertionError("the call succeeded");
  }

  @Test
  void studioLifecycleAndStateRules() throws Exception {
    String d = domain("lifecycle", AppNetworkAccessType.PUBLIC_INTERNET_ONLY);
    assertThat(root.describeDomain(r -> r.domainId(d)).statusAsString()).isEqualTo("Pending");
    await(() -> root.describeDomain(r -> r.domainId(d)).statusAsString(), "InService");
    assertThat(root.describeDomain(r -> r.domainId(d)).url()).isEqualTo("https://" + d + ".studio.us-east-1.sagemaker.aws");
    assertThat(root.listDomains(r -> { }).domains()).anyMatch(x -> x.domainId().equals(d) && x.domainName().equals("lifecycle"));

    String arn = root.createUserProfile(r -> r.domainId(d).userProfileName("Alice")).userProfileArn();
    assertThat(arn).isEqualTo("arn:aws:sagemaker:us-east-1:" + acct + ":user-profile/" + d + "/alice");
    assertThatThrownBy(() -> root.createUserProfile(r -> r.domainId(d).userProfileName("Alice")))
        .isInstanceOf(ResourceInUseException.class);
    assertThat(root.listUserProfiles(r -> r.domainIdEquals(d)).userProfiles()).extracting("userProfileName")
        .containsExactly("Alice");
    assertThatThrownBy(() -> root.describeUserProfile(r -> r.domainId(d).userProfileName("nobody")))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThatThrownBy(() -> root.createUserProfile(r -> r.domainId("d-000000000000").userProfileName("x")))
        .isInstanceOf(ResourceNotFoundException.class);

    root.createApp(r -> r.domainId(d).userProfileName("Alice").appType(AppType.JUPYTER_LAB).appName("default")
        .resourceSpec(s -> s.instanceType(AppInstanceType.ML_T3_MEDIUM)));
    assertThat(root.describeApp(r -> r.domainId(d).userProfileName("Alice").appType(AppType.JUPYTER_LAB)
        .appName("default")).resourceSpec().instanceType()).isEqualTo(AppInstanceType.ML_T3_MEDIUM);
    // a domain with user profiles, a user profile with apps: ResourceInUse
    assertThat(code(() -> root.deleteDomain(r -> r.domainId(d)))).isEqualTo("ResourceInUse");
    SageMakerException inUse = (SageMakerException) org.assertj.core.api.Assertions.catchThrowable(
        () -> root.deleteUserProfile(r -> r.domainId(d).userProfileName("Alice")));
    assertThat(inUse.awsErrorDetails().errorMessage()).isEqualTo("Unable to delete UserProfile [" + arn
        + "] because App(s) are associated with it.");
    root.deleteApp(r -> r.domainId(d).userProfileName("Alice").appType(AppType.JUPYTER_LAB).appName("default"));
    await(() -> root.describeApp(r -> r.domainId(d).userProfileName("Alice").appType(AppType.JUPYTER_LAB)
        .appName("default")).statusAsString(), "Deleted");
    root.deleteUserProfile(r -> r.domainId(d).userProfileName("Alice"));
    await(() -> outcome(() -> root.describeUserProfile(r -> r.domainId(d).userProfileName("Alice"))), "ResourceNotFound");
    root.deleteDomain(r -> r.domainId(d).retentionPolicy(p -> p.homeEfsFileSystem("Delete")));
    assertThat(root.describeDomain(r -> r.domainId(d)).statusAsString()).isEqualTo("Deleting");
    await(() -> outcome(() -> root.describeDomain(r -> r.domainId(d))), "ResourceNotFound");
  }

  @Test
  void imagesVersionsLifecycleConfigsAndAppImageConfigs() throws Exception {
    root.createImage(r -> r.imageName("my-image").roleArn(role));
    await(() -> root.describeImage(r -> r.imageName("my-image")).imageStatusAsString(), "CREATED");
    String v1 = root.createImageVersion(r -> r.imageName("my-image").baseImage("123.dkr.ecr.us-east-1.amazonaws.com/i:1")
        .clientToken("t1")).imageVersionArn();
    String v2 = root.createImageVersion(r -> r.imageName("my-image").baseImage("123.dkr.ecr.us-east-1.amazonaws.com/i:2")
        .clientToken("t2")).imageVersionArn();
    assertThat(v1).endsWith(":image-version/my-image/1");
    assertThat(v2).endsWith(":image-version/my-image/2");
    assertThat(root.describeImageVersion(r -> r.imageName("my-image").version(2)).baseImage()).endsWith("i:2");
    assertThat(root.listImageVersions(r -> r.imageName("my-image")).imageVersions()).hasSize(2);
    root.createAppImageConfig(r -> r.appImageConfigName("cfg").kernelGatewayImageConfig(k -> k.kernelSpecs(s -> s.name("python3"))));
    assertThat(root.describeAppImageConfig(r -> r.appImageConfigName("cfg")).kernelGatewayImageConfig().kernelSpecs())
        .hasSize(1);
    root.createStudioLifecycleConfig(r -> r.studioLifecycleConfigName("lcc").studioLifecycleConfigContent("ZWNobw==")
        .studioLifecycleConfigAppType("JupyterLab"));
    assertThat(root.listStudioLifecycleConfigs(r -> { }).studioLifecycleConfigs()).hasSize(1);
    assertThat(code(() -> root.describeStudioLifecycleConfig(r -> r.studioLifecycleConfigName("none"))))
        .isEqualTo("ResourceNotFound");
    root.deleteImage(r -> r.imageName("my-image"));
    await(() -> outcome(() -> root.describeImage(r -> r.imageName("my-image"))), "ResourceNotFound");
    assertThat(code(() -> root.describeImageVersion(r -> r.imageName("my-image").version(1))))
        .isEqualTo("ResourceNotFound");
  }

  /** AWS docs: "Limit the instance types of Studio apps" — sagemaker:InstanceTypes on CreateApp. */
  @Test
  void docsExample_limitStudioAppInstanceTypes() throws Exception {
    String d = domain("instancetypes", AppNetworkAccessType.PUBLIC_INTERNET_ONLY);
    root.createUserProfile(r -> r.domainId(d).userProfileName("bob"));
    AccessKey k = user("studio-t3-only", allow("\"sagemaker:CreateApp\"", "\"*\"",
        "{\"ForAllValues:StringLike\":{\"sagemaker:InstanceTypes\":[\"ml.t3.*\",\"system\"]},"
            + "\"Null\":{\"sagemaker:InstanceTypes\":\"false\"}}"));
    SageMakerClient bob = client(k);
    bob.createApp(r -> r.domainId(d).userProfileName("bob").appType(AppType.JUPYTER_LAB).appName("small")
        .resourceSpec(s -> s.instanceType(AppInstanceType.ML_T3_LARGE)));
    assertThat(code(() -> bob.createApp(r -> r.domainId(d).userProfileName("bob").appType(AppType.JUPYTER_LAB)
        .appName("big").resourceSpec(s -> s.instanceType(AppInstanceType.ML_P3_2_XLARGE))))).isEqualTo("AccessDeniedException");
    // no instance type at all: the Null condition denies
    assertThat(code(() -> bob.createApp(r -> r.domainId(d).userProfileName("bob").appType(AppType.JUPYTER_LAB)
        .appName("none")))).isEqualTo("AccessDeniedException");
  }

  /** AWS docs: keep a user to its own user profile (tags) and its own private spaces (sagemaker:OwnerUserProfileArn). */
  @Test
  void docsExample_ownUserProfileAndSpacesOnly() {
    String d = domain("owners", AppNetworkAccessType.PUBLIC_INTERNET_ONLY);
    root.createUserProfile(r -> r.domainId(d).userProfileName("carol").tags(Tag.builder().key("studiouserid")
        .value("carol").build()));
    root.createUserProfile(r -> r.domainId(d).userProfileName("dave").tags(Tag.builder().key("studiouserid")
        .value("dave").build()));
    root.createSpace(r -> r.domainId(d).spaceName("carol-space").ownershipSettings(o -> o.ownerUserProfileName("carol"))
        .spaceSharingSettings(s -> s.sharingType("Private")));
    root.createSpace(r -> r.domainId(d).spaceName("dave-space").ownershipSettings(o -> o.ownerUserProfileName("dave"))
        .spaceSharingSettings(s -> s.sharingType("Private")));
    String carolArn = "arn:aws:sagemaker:us-east-1:" + acct + ":user-profile/" + d + "/carol";
    AccessKey k = user("carol", "{\"Version\":\"2012-10-17\",\"Statement\":["
        + "{\"Effect\":\"Allow\",\"Action\":[\"sagemaker:DescribeUserProfile\",\"sagemaker:CreatePresignedDomainUrl\"],"
        + "\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"sagemaker:ResourceTag/studiouserid\":\"carol\"}}},"
        + "{\"Effect\":\"Allow\",\"Action\":[\"sagemaker:CreateApp\",\"sagemaker:DeleteApp\"],\"Resource\":\"*\","
        + "\"Condition\":{\"ArnEquals\":{\"sagemaker:OwnerUserProfileArn\":\"" + carolArn + "\"}}}]}");
    SageMakerClient carol = client(k);
    carol.describeUserProfile(r -> r.domainId(d).userProfileName("carol"));
    assertThat(code(() -> carol.describeUserProfile(r -> r.domainId(d).userProfileName("dave"))))
        .isEqualTo("AccessDeniedException");
    assertThat(carol.createPresignedDomainUrl(r -> r.domainId(d).userProfileName("carol")).authorizedUrl())
        .contains("/sagemaker/presigned/auth?token=");
    assertThat(code(() -> carol.createPresignedDomainUrl(r -> r.domainId(d).userProfileName("dave"))))
        .isEqualTo("AccessDeniedException");
    carol.createApp(r -> r.domainId(d).spaceName("carol-space").appType(AppType.JUPYTER_LAB).appName("default")
        .resourceSpec(s -> s.instanceType(AppInstanceType.ML_T3_MEDIUM)));
    assertThat(code(() -> carol.createApp(r -> r.domainId(d).spaceName("dave-space").appType(AppType.JUPYTER_LAB)
        .appName("default")))).isEqualTo("AccessDeniedException");
    assertThat(root.describeSpace(r -> r.domainId(d).spaceName("carol-space")).ownershipSettings().ownerUserProfileName())
        .isEqualTo("carol");
    assertThat(code(() -> root.describeSpace(r -> r.domainId(d).spaceName("nobody")))).isEqualTo("ValidationException");
  }

  /** AWS docs: only VPC-only domains (sagemaker:AppNetworkAccessType), with PassRole for the execution role. */
  @Test
  void docsExample_vpcOnlyDomains() {
    AccessKey k = user("domain-admin", allow("\"sagemaker:CreateDomain\"", "\"*\"",
        "{\"StringEquals\":{\"sagemaker:AppNetworkAccessType\":\"VpcOnly\"}}"), SageMakerSdkTest.PASS_ROLE);
    SageMakerClient admin = client(k);
    CreateDomainRequest.Builder b = CreateDomainRequest.builder().domainName("vpc").authMode("IAM")
        .defaultUserSettings(u -> u.executionRole(role)).subnetIds("subnet-0a1").vpcId("vpc-0a1");
    assertThat(admin.createDomain(b.appNetworkAccessType(AppNetworkAccessType.VPC_ONLY).build()).domainArn())
        .contains(":domain/d-");
    assertThat(code(() -> admin.createDomain(b.appNetworkAccessType(AppNetworkAccessType.PUBLIC_INTERNET_ONLY).build())))
        .isEqualTo("AccessDeniedException");
    // without iam:PassRole for the domain's execution role, CreateDomain is denied
    AccessKey noPass = user("domain-admin-nopass", allow("\"sagemaker:CreateDomain\"", "\"*\"", null));
    assertThat(code(() -> client(noPass).createDomain(b.appNetworkAccessType(AppNetworkAccessType.VPC_ONLY).build())))
        .isEqualTo("AccessDeniedException");
  }

  /** AWS docs: presigned domain URLs only from a CIDR (aws:SourceIp, evaluated when the URL is created). */
  @Test
  void docsExample_presignedDomainUrlFromCidrOnly() {
    String d = domain("cidr", AppNetworkAccessType.PUBLIC_INTERNET_ONLY);
    root.createUserProfile(r -> r.domainId(d).userProfileName("erin"));
    AccessKey k = user("erin", allow("\"sagemaker:CreatePresignedDomainUrl\"", "\"*\"",
        "{\"IpAddress\":{\"aws:SourceIp\":\"192.0.2.0/24\"}}"));
    assertThat(client(k, goodIpPort).createPresignedDomainUrl(r -> r.domainId(d).userProfileName("erin")
        .expiresInSeconds(60)).authorizedUrl()).contains("/auth?token=");
    assertThat(code(() -> client(k, badIpPort).createPresignedDomainUrl(r -> r.domainId(d).userProfileName("erin"))))
        .isEqualTo("AccessDeniedException");
  }

  @Test
  void pipelinesAndExecutions() throws Exception {
    String arn = root.createPipeline(r -> r.pipelineName("train-pipe").roleArn(role).clientRequestToken("tok-1234567890abcdef1234567890abc")
        .pipelineDefinition("{\"Version\":\"2020-12-01\",\"Steps\":[]}")).pipelineArn();
    assertThat(arn).isEqualTo("arn:aws:sagemaker:us-east-1:" + acct + ":pipeline/train-pipe");
    assertThat(root.describePipeline(r -> r.pipelineName("train-pipe")).pipelineStatusAsString()).isEqualTo("Active");
    AccessKey k = user("pipeline-runner", allow("[\"sagemaker:StartPipelineExecution\",\"sagemaker:DescribePipelineExecution\","
        + "\"sagemaker:ListPipelineExecutions\",\"sagemaker:StopPipelineExecution\"]",
        "[\"arn:aws:sagemaker:us-east-1:" + acct + ":pipeline/train-pipe\",\"arn:aws:sagemaker:us-east-1:" + acct
            + ":pipeline/train-pipe/execution/*\"]", null));
    SageMakerClient runner = client(k);
    String exec = runner.startPipelineExecution(r -> r.pipelineName("train-pipe")
        .clientRequestToken("tok-abcdef1234567890abcdef123456789")).pipelineExecutionArn();
    assertThat(exec).startsWith(arn + "/execution/");
    assertThat(runner.describePipelineExecution(r -> r.pipelineExecutionArn(exec)).pipelineExecutionStatusAsString())
        .isEqualTo("Executing");
    assertThat(runner.listPipelineExecutions(r -> r.pipelineName("train-pipe")).pipelineExecutionSummaries()).hasSize(1);
    runner.stopPipelineExecution(r -> r.pipelineExecutionArn(exec).clientRequestToken("tok-stop-1234567890abcdef1234567"));
    await(() -> runner.describePipelineExecution(r -> r.pipelineExecutionArn(exec)).pipelineExecutionStatusAsString(),
        "Stopped");
    // CreatePipeline passes the pipeline's role: denied without iam:PassRole
    AccessKey noPass = user("pipeline-author", allow("\"sagemaker:CreatePipeline\"", "\"*\"", null));
    assertThat(code(() -> client(noPass).createPipeline(r -> r.pipelineName("p2").roleArn(role)
        .clientRequestToken("tok-9999999999999999999999999999999").pipelineDefinition("{}"))))
        .isEqualTo("AccessDeniedException");
    root.deletePipeline(r -> r.pipelineName("train-pipe").clientRequestToken("tok-del-123456789012345678901234"));
    await(() -> outcome(() -> root.describePipelineExecution(r -> r.pipelineExecutionArn(exec))), "ResourceNotFound");
  }

  /** AWS docs (model registry): approving a model package only where sagemaker:ModelApprovalStatus allows. */
  @Test
  void modelRegistryApprovalStatus() {
    root.createModelPackageGroup(r -> r.modelPackageGroupName("churn"));
    assertThat(root.describeModelPackageGroup(r -> r.modelPackageGroupName("churn")).modelPackageGroupStatusAsString())
        .isEqualTo("Pending");
    String pkg = root.createModelPackage(r -> r.modelPackageName("churn-v1").modelApprovalStatus(
        ModelApprovalStatus.PENDING_MANUAL_APPROVAL)).modelPackageArn();
    AccessKey k = user("reviewer", "{\"Version\":\"2012-10-17\",\"Statement\":["
        + "{\"Effect\":\"Allow\",\"Action\":\"sagemaker:UpdateModelPackage\",\"Resource\":\"*\"},"
        + "{\"Effect\":\"Deny\",\"Action\":\"sagemaker:UpdateModelPackage\",\"Resource\":\"*\",\"Condition\":"
        + "{\"StringEquals\":{\"sagemaker:ModelApprovalStatus\":\"Approved\"}}}]}");
    SageMakerClient reviewer = client(k);
    reviewer.updateModelPackage(r -> r.modelPackageArn(pkg).modelApprovalStatus(ModelApprovalStatus.REJECTED));
    assertThat(code(() -> reviewer.updateModelPackage(r -> r.modelPackageArn(pkg)
        .modelApprovalStatus(ModelApprovalStatus.APPROVED)))).isEqualTo("AccessDeniedException");
    root.putModelPackageGroupPolicy(r -> r.modelPackageGroupName("churn").resourcePolicy("{\"Version\":\"2012-10-17\","
        + "\"Statement\":[]}"));
    assertThat(root.getModelPackageGroupPolicy(r -> r.modelPackageGroupName("churn")).resourcePolicy())
        .contains("2012-10-17");
    assertThat(code(() -> root.describeModelPackageGroup(r -> r.modelPackageGroupName("nope"))))
        .isEqualTo("ValidationException");
  }

  @Test
  void experimentsTrialsAndComponents() {
    root.createExperiment(r -> r.experimentName("exp"));
    root.createTrial(r -> r.trialName("trial-1").experimentName("exp"));
    root.createTrialComponent(r -> r.trialComponentName("tc-1"));
    root.associateTrialComponent(r -> r.trialName("trial-1").trialComponentName("tc-1"));
    assertThat(root.listTrials(r -> r.experimentName("exp")).trialSummaries()).extracting("trialName")
        .containsExactly("trial-1");
    assertThat(code(() -> root.createTrial(r -> r.trialName("t2").experimentName("missing"))))
        .isEqualTo("ResourceNotFound");
    try {
      root.disassociateTrialComponent(r -> r.trialName("trial-1").trialComponentName("tc-1"));
    } catch (SageMakerException e) {
      throw new AssertionError("PROBE " + e.awsErrorDetails().rawResponse().asUtf8String() + " "
          + e.awsErrorDetails().sdkHttpResponse().headers(), e);
    }
    root.deleteTrialComponent(r -> r.trialComponentName("tc-1"));
    assertThat(code(() -> root.describeTrialComponent(r -> r.trialComponentName("tc-1")))).isEqualTo("ResourceNotFound");
  }

  @Test
  void featureGroupsMlflowHubsAndTagsSearch() throws Exception {
    String fg = root.createFeatureGroup(r -> r.featureGroupName("customers").recordIdentifierFeatureName("id")
        .eventTimeFeatureName("ts").featureDefinitions(f -> f.featureName("id").featureType("String"),
            f -> f.featureName("ts").featureType("Fractional"))
        .onlineStoreConfig(o -> o.enableOnlineStore(true)).tags(Tag.builder().key("team").value("ml").build()))
        .featureGroupArn();
    await(() -> root.describeFeatureGroup(r -> r.featureGroupName("customers")).featureGroupStatusAsString(), "Created");
    assertThat(root.listTags(r -> r.resourceArn(fg)).tags()).extracting("key").containsExactly("team");
    root.addTags(r -> r.resourceArn(fg).tags(Tag.builder().key("stage").value("dev").build()));
    assertThat(root.search(r -> r.resource("FeatureGroup")).results()).hasSize(1);
    root.createMlflowTrackingServer(r -> r.trackingServerName("mlflow").artifactStoreUri("s3://b/mlflow").roleArn(role));
    await(() -> root.describeMlflowTrackingServer(r -> r.trackingServerName("mlflow")).trackingServerStatusAsString(),
        "Created");
    root.stopMlflowTrackingServer(r -> r.trackingServerName("mlflow"));
    await(() -> root.describeMlflowTrackingServer(r -> r.trackingServerName("mlflow")).trackingServerStatusAsString(),
        "Stopped");
    root.startMlflowTrackingServer(r -> r.trackingServerName("mlflow"));
    await(() -> root.describeMlflowTrackingServer(r -> r.trackingServerName("mlflow")).trackingServerStatusAsString(),
        "Started");
    assertThat(root.createPresignedMlflowTrackingServerUrl(r -> r.trackingServerName("mlflow")).authorizedUrl())
        .contains("/sagemaker/presigned/auth?authToken=");
    root.createHub(r -> r.hubName("hub").hubDescription("models"));
    await(() -> root.describeHub(r -> r.hubName("hub")).hubStatusAsString(), "InService");
    String cluster = root.createCluster(r -> r.clusterName("hyperpod").instanceGroups(g -> g.instanceGroupName("workers")
        .instanceType("ml.c5.xlarge").instanceCount(1).executionRole(role)
        .lifeCycleConfig(l -> l.sourceS3Uri("s3://b/lc").onCreate("on_create.sh")))).clusterArn();
    assertThat(cluster).matches("arn:aws:sagemaker:us-east-1:" + acct + ":cluster/[a-z0-9]{12}");
    assertThat(root.describeCluster(r -> r.clusterName("hyperpod")).clusterArn()).isEqualTo(cluster);
    assertThat(root.describeCluster(r -> r.clusterName(cluster)).clusterName()).isEqualTo("hyperpod");
  }
}
