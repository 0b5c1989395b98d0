package dev.iamlocal.server.sagemaker;

import dev.iamlocal.server.Bootstrap;
import dev.iamlocal.server.IamServer;
import dev.iamlocal.server.authz.Listener;
import dev.iamlocal.server.ServerOptions;
import static dev.iamlocal.server.sagemaker.SageMakerSdkTest.creds;
import static dev.iamlocal.server.sagemaker.SageMakerSdkTest.denied;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamlocal.store.IamStore;
import dev.iamlocal.store.Policies;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.Channel;
import software.amazon.awssdk.services.sagemaker.model.CreateLabelingJobRequest;
import software.amazon.awssdk.services.sagemaker.model.CreateTrainingJobRequest;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.model.Tag;

/**
 * The seed policies not covered by {@link SageMakerSdkTest} (02–06, 08–12, 15, 18, 20, 22), each
 * held by a user with only that policy (plus what the call needs, e.g. PassRole), driven by the
 * real {@code SageMakerClient} against the real server: calls the policy must allow, and calls it
 * must deny with the reason the seed gives.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SageMakerSeedPoliciesTest {

  static final String PUBLIC_WORKTEAM = "arn:aws:sagemaker:us-west-2:394669845002:workteam/public-crowd/default";
  static final ObjectMapper JSON = new ObjectMapper();
  static final String KMS_11 = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

  @TempDir static Path dataDir;
  IamStore store;
  IamServer server;
  Bootstrap boot;
  IamClient iam;
  SageMakerClient root;
  String account;
  String role;
  int vpceCccPort;
  int vpceDddPort;
  int vpceOtherPort;
  int ip192Port;
  int ip203Port;
  int ip198Port;

  @BeforeAll
  void start() throws IOException {
    Bootstrap.prepareDirectory(dataDir);
    store = IamStore.openSqlite(dataDir.resolve("iamlocal.db"));
    boot = Bootstrap.ensure(store, dataDir);
    server = IamServer.start(store, "127.0.0.1", 0, Clock.systemUTC(), new ServerOptions(List.of(
        Listener.parse("127.0.0.1:0,vpc=vpc-111bbaaa,vpce=vpce-111bbccc"),
        Listener.parse("127.0.0.1:0,vpc=vpc-111bbaaa,vpce=vpce-111bbddd"),
        Listener.parse("127.0.0.1:0,vpc=vpc-111bbaaa,vpce=vpce-0ther"),
        Listener.parse("127.0.0.1:0,source-ip=192.0.2.10"),
        Listener.parse("127.0.0.1:0,source-ip=203.0.113.200"),
        Listener.parse("127.0.0.1:0,source-ip=198.51.100.7")), Duration.ofMillis(300)));
    List<Integer> ports = server.listenerPorts();
    vpceCccPort = ports.get(0);
    vpceDddPort = ports.get(1);
    vpceOtherPort = ports.get(2);
    ip192Port = ports.get(3);
    ip203Port = ports.get(4);
    ip198Port = ports.get(5);
    iam = iamClient(boot.rootKey().accessKeyId(), boot.rootKey().secret());
    root = sm(server.port(), boot.rootKey().accessKeyId(), boot.rootKey().secret());
    account = boot.account().accountId();
    role = SageMakerSdkTest.executionRole(store, "arn:aws:iam::" + account + ":role/SageMakerExecution");
  }

  @AfterAll
  void stop() {
    server.close();
    store.close();
  }

  IamClient iamClient(String id, String secret) {
    return IamClient.builder().endpointOverride(URI.create(server.endpoint())).region(Region.US_EAST_1)
        .credentialsProvider(creds(id, secret)).httpClient(UrlConnectionHttpClient.create()).build();
  }

  SageMakerClient sm(int port, String id, String secret) {
    return SageMakerClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port)).region(Region.US_EAST_1)
        .credentialsProvider(creds(id, secret)).httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1))).build();
  }

  SageMakerClient client(AccessKey k) {
    return sm(server.port(), k.accessKeyId(), k.secretAccessKey());
  }

  SageMakerClient client(AccessKey k, int port) {
    return sm(port, k.accessKeyId(), k.secretAccessKey());
  }

  private final Map<String, List<String>> seedPolicyArns = new HashMap<>();

  /**
   * A user holding exactly the given seed policies (attached as customer managed policies: inline
   * user policies share a 2,048-character quota that 01 + 02 already exceed) and extra inline
   * policies, and its access key.
   */
  AccessKey user(String name, List<String> seeds, String... extra) {
    iam.createUser(r -> r.userName(name));
    for (String s : seeds) {
      for (String arn : seedPolicies(s)) {
        iam.attachUserPolicy(r -> r.userName(name).policyArn(arn));
      }
    }
    for (int i = 0; i < extra.length; i++) {
      String doc = extra[i];
      String policyName = "extra-" + i;
      iam.putUserPolicy(r -> r.userName(name).policyName(policyName).policyDocument(doc));
    }
    return iam.createAccessKey(r -> r.userName(name)).accessKey();
  }

  /**
   * The managed policies holding seed {@code prefix}, created once. Seed 03 has 7,516 non-blank
   * characters, over IAM's 6,144 for one managed policy (AWS refuses it too), so it is stored as
   * two policies of half its statements each: policies add up, so the grant is the same.
   */
  synchronized List<String> seedPolicies(String prefix) {
    return seedPolicyArns.computeIfAbsent(prefix, p -> {
      String doc = seed(p);
      List<String> parts = List.of(doc);
      if (doc.replaceAll("\\s", "").length() > Policies.MANAGED_POLICY_SIZE) {
        parts = halves(doc);
      }
      List<String> arns = new ArrayList<>();
      for (int i = 0; i < parts.size(); i++) {
        String part = parts.get(i);
        String policyName = "seed-" + p + (parts.size() > 1 ? "-part" + (i + 1) : "");
        arns.add(iam.createPolicy(r -> r.policyName(policyName).policyDocument(part)).policy().arn());
      }
      return arns;
    });
  }

  private static List<String> halves(String doc) {
    try {
      ObjectNode tree = (ObjectNode) JSON.readTree(doc);
      ArrayNode all = (ArrayNode) tree.get("Statement");
      List<String> out = new ArrayList<>();
      for (int[] range : new int[][] {{0, all.size() / 2}, {all.size() / 2, all.size()}}) {
        ObjectNode half = tree.deepCopy();
        ArrayNode statements = half.putArray("Statement");
        for (int i = range[0]; i < range[1]; i++) {
          statements.add(all.get(i));
        }
        out.add(half.toString());
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static final List<String> SEEDS = List.of("01-console-access", "02-ground-truth-console",
      "03-augmented-ai-console", "04-view-own-user-info", "05-efs-directory-read-only",
      "06-fsx-lustre-security-group", "08-deny-public-workteam-by-type", "09-deny-public-workteam-arnlike",
      "10-deny-public-workteam-arnequals", "11-enforce-input-encryption-kms", "12-enforce-notebook-volume-encryption",
      "15-enforce-ei-accelerator-type", "18-api-from-vpc-endpoints-only", "20-notebook-url-from-ip-ranges",
      "22-devteam2-deny-project-a");

  /** The seed policy whose file name starts with {@code prefix}, byte for byte. */
  static String seed(String prefix) {
    String file = SEEDS.stream().filter(f -> f.startsWith(prefix)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(prefix));
    try (InputStream in = SageMakerSeedPoliciesTest.class.getResourceAsStream("/seed-policies/" + file + ".json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String allow(String action, String resource) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"" + action
        + "\",\"Resource\":\"" + resource + "\"}]}";
  }

  static String implicitDeny(SageMakerException e, String action) {
    assertThat(e.awsErrorDetails().errorMessage()).endsWith("because no identity-based policy allows the " + action
        + " action");
    return e.awsErrorDetails().errorMessage();
  }

  static void explicitDeny(SageMakerException e) {
    assertThat(e.awsErrorDetails().errorMessage()).endsWith("with an explicit deny in an identity-based policy");
  }

  CreateTrainingJobRequest training(String name, Consumer<CreateTrainingJobRequest.Builder> more) {
    CreateTrainingJobRequest.Builder b = CreateTrainingJobRequest.builder().trainingJobName(name).roleArn(role)
        .algorithmSpecification(a -> a.trainingImage("123.dkr.ecr.us-east-1.amazonaws.com/xgb:1").trainingInputMode("File"))
        .outputDataConfig(o -> o.s3OutputPath("s3://bucket/out"))
        .resourceConfig(r -> r.instanceType("ml.m5.large").instanceCount(1).volumeSizeInGB(10))
        .stoppingCondition(s -> s.maxRuntimeInSeconds(3600));
    more.accept(b);
    return b.build();
  }

  static Channel fileChannel(String channel, String fsId, String mode, String type, String dir) {
    return Channel.builder().channelName(channel).dataSource(d -> d.fileSystemDataSource(f -> f.fileSystemId(fsId)
        .fileSystemAccessMode(mode).fileSystemType(type).directoryPath(dir))).build();
  }

  CreateLabelingJobRequest labeling(String name, String workteamArn) {
    return CreateLabelingJobRequest.builder().labelingJobName(name).labelAttributeName("label").roleArn(role)
        .inputConfig(i -> i.dataSource(d -> d.s3DataSource(s -> s.manifestS3Uri("s3://bucket/in.manifest"))))
        .outputConfig(o -> o.s3OutputPath("s3://bucket/labels"))
        .humanTaskConfig(h -> h.workteamArn(workteamArn).uiConfig(u -> u.uiTemplateS3Uri("s3://bucket/ui.html"))
            .preHumanTaskLambdaArn("arn:aws:lambda:us-east-1:432418664414:function:PRE-BoundingBox")
            .taskTitle("t").taskDescription("d").numberOfHumanWorkersPerDataObject(1).taskTimeLimitInSeconds(300)
            .annotationConsolidationConfig(a -> a.annotationConsolidationLambdaArn(
                "arn:aws:lambda:us-east-1:432418664414:function:ACS-BoundingBox")))
        .build();
  }

  String privateWorkteam() {
    return "arn:aws:sagemaker:us-east-1:" + account + ":workteam/private-crowd/my-team";
  }

  // ---------------------------------------------------------------- console policies (02, 03, 04)

  @Test
  void seed02GroundTruthConsoleGrantsNoSageMakerCall() {
    // 02 is an add-on to the console policy: Cognito, Lambda, S3, groundtruthlabeling, no sagemaker:*
    SageMakerClient alone = client(user("seed02", List.of("02")));
    implicitDeny(denied(() -> alone.createLabelingJob(labeling("s02-alone", privateWorkteam()))),
        "sagemaker:CreateLabelingJob");
    implicitDeny(denied(() -> alone.listLabelingJobs(r -> { })), "sagemaker:ListLabelingJobs");
    // together with 01 (which holds sagemaker:* and PassRole for SageMaker) the labeling flow works
    SageMakerClient withConsole = client(user("seed02-01", List.of("02", "01")));
    assertThat(withConsole.createLabelingJob(labeling("s02-ok", privateWorkteam())).labelingJobArn())
        .isEqualTo("arn:aws:sagemaker:us-east-1:" + account + ":labeling-job/s02-ok");
  }

  @Test
  void seed03AugmentedAiOnlyPrivateOrVendorWorkteams() {
    SageMakerClient sm = client(user("seed03", List.of("03")));
    // sagemaker:*FlowDefinition with StringEqualsIfExists on sagemaker:WorkteamType; PassRole for sagemaker
    String ok = sm.createFlowDefinition(r -> r.flowDefinitionName("s03-private").roleArn(role)
        .outputConfig(o -> o.s3OutputPath("s3://bucket/a2i"))
        .humanLoopConfig(h -> h.workteamArn(privateWorkteam()).humanTaskUiArn(
            "arn:aws:sagemaker:us-east-1:" + account + ":human-task-ui/ui").taskTitle("t").taskDescription("d")
            .taskCount(1))).flowDefinitionArn();
    assertThat(ok).endsWith(":flow-definition/s03-private");
    implicitDeny(denied(() -> sm.createFlowDefinition(r -> r.flowDefinitionName("s03-public").roleArn(role)
        .outputConfig(o -> o.s3OutputPath("s3://bucket/a2i"))
        .humanLoopConfig(h -> h.workteamArn("arn:aws:sagemaker:us-east-1:394669845002:workteam/public-crowd/default")
            .humanTaskUiArn("arn:aws:sagemaker:us-east-1:" + account + ":human-task-ui/ui").taskTitle("t")
            .taskDescription("d").taskCount(1)))), "sagemaker:CreateFlowDefinition");
    // IfExists: Describe carries no work team, so the statement applies; *FlowDefinitions covers List
    assertThat(sm.describeFlowDefinition(r -> r.flowDefinitionName("s03-private")).flowDefinitionName())
        .isEqualTo("s03-private");
    assertThat(sm.listFlowDefinitions(r -> { }).flowDefinitionSummaries()).isNotEmpty();
    // wildcard suffixes: *Algorithm covers CreateAlgorithm; PassRole is limited to the four services
    sm.createAlgorithm(r -> r.algorithmName("s03-algo").trainingSpecification(t -> t.trainingImage("img")
        .supportedTrainingInstanceTypesWithStrings("ml.m5.large").trainingChannels(c -> c.name("train")
            .supportedContentTypes("text/csv").supportedInputModesWithStrings("File"))));
    assertThat(sm.describeAlgorithm(r -> r.algorithmName("s03-algo")).algorithmName()).isEqualTo("s03-algo");
  }

  @Test
  void seed04ViewOwnUserInfoOnly() {
    AccessKey k = user("seed04", List.of("04"));
    iam.createUser(r -> r.userName("seed04-other"));
    IamClient own = iamClient(k.accessKeyId(), k.secretAccessKey());
    // Resource arn:aws:iam::*:user/${aws:username}: the caller's own user, nobody else's
    assertThat(own.getUser(r -> r.userName("seed04")).user().arn()).isEqualTo("arn:aws:iam::" + account
        + ":user/seed04");
    assertThat(own.listAttachedUserPolicies(r -> r.userName("seed04")).attachedPolicies())
        .extracting(p -> p.policyName()).containsExactly("seed-04");
    assertThatThrownBy(() -> own.getUser(r -> r.userName("seed04-other"))).isInstanceOfSatisfying(IamException.class,
        e -> assertThat(e.awsErrorDetails().errorMessage()).contains("iam:GetUser on resource: arn:aws:iam::" + account
            + ":user/seed04-other"));
    assertThat(own.listUsers().users()).extracting(u -> u.userName()).contains("seed04", "seed04-other");
    implicitDeny(denied(() -> client(k).listNotebookInstances(r -> { })), "sagemaker:ListNotebookInstances");
  }

  // ---------------------------------------------------------------- file systems (05, 06)

  @Test
  void seed05EfsReadOnlyOnTwoDirectories() {
    SageMakerClient sm = client(user("seed05", List.of("05"), SageMakerSdkTest.PASS_ROLE));
    String fs = "fs-12345678";
    sm.createTrainingJob(training("s05-ok", b -> b.inputDataConfig(
        fileChannel("train", fs, "ro", "EFS", "/sagemaker/xgboost-dm/train"),
        fileChannel("validation", fs, "ro", "EFS", "/sagemaker/xgboost-dm/validation"))));
    sm.createHyperParameterTuningJob(r -> r.hyperParameterTuningJobName("s05-tune")
        .hyperParameterTuningJobConfig(c -> c.strategy("Bayesian").resourceLimits(l -> l.maxNumberOfTrainingJobs(2)
            .maxParallelTrainingJobs(1)))
        .trainingJobDefinition(d -> d.roleArn(role).algorithmSpecification(a -> a.trainingImage("img")
                .trainingInputMode("File")).outputDataConfig(o -> o.s3OutputPath("s3://bucket/out"))
            .resourceConfig(rc -> rc.instanceType("ml.m5.large").instanceCount(1).volumeSizeInGB(10))
            .stoppingCondition(s -> s.maxRuntimeInSeconds(3600))
            .inputDataConfig(fileChannel("train", fs, "ro", "EFS", "/sagemaker/xgboost-dm/train"))));
    // every channel's file system is authorized on its own: one bad channel denies the call
    implicitDeny(denied(() -> sm.createTrainingJob(training("s05-rw", b -> b.inputDataConfig(
        fileChannel("train", fs, "ro", "EFS", "/sagemaker/xgboost-dm/train"),
        fileChannel("validation", fs, "rw", "EFS", "/sagemaker/xgboost-dm/validation"))))), "sagemaker:CreateTrainingJob");
    denied(() -> sm.createTrainingJob(training("s05-other-fs", b -> b.inputDataConfig(
        fileChannel("train", "fs-87654321", "ro", "EFS", "/sagemaker/xgboost-dm/train")))));
    denied(() -> sm.createTrainingJob(training("s05-lustre", b -> b.inputDataConfig(
        fileChannel("train", fs, "ro", "FSxLustre", "/sagemaker/xgboost-dm/train")))));
    denied(() -> sm.createTrainingJob(training("s05-other-dir", b -> b.inputDataConfig(
        fileChannel("train", fs, "ro", "EFS", "/sagemaker/secret")))));
    // no file system at all: the four keys are absent and StringEquals on an absent key fails
    denied(() -> sm.createTrainingJob(training("s05-s3", b -> b.inputDataConfig(Channel.builder().channelName("train")
        .dataSource(d -> d.s3DataSource(s -> s.s3Uri("s3://bucket/train").s3DataType("S3Prefix"))).build()))));
    // "subdirectories are allowed too" is what the algorithm sees inside the mounted directory (see
    // SageMakerKeys, FileSystemDataSource); a subdirectory named in the request is compared by the
    // policy's operator, StringEquals: exact, so it is denied ...
    denied(() -> sm.createTrainingJob(training("s05-subdir", b -> b.inputDataConfig(
        fileChannel("train", fs, "ro", "EFS", "/sagemaker/xgboost-dm/train/2024")))));
    // ... while a policy that wants request paths below the directory says so with StringLike
    SageMakerClient like = client(user("seed05-like", List.of(), SageMakerSdkTest.PASS_ROLE,
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sagemaker:CreateTrainingJob\","
            + "\"Resource\":\"*\",\"Condition\":{\"StringLike\":{\"sagemaker:FileSystemDirectoryPath\":"
            + "[\"/sagemaker/xgboost-dm/train\",\"/sagemaker/xgboost-dm/train/*\"]}}}]}"));
    like.createTrainingJob(training("s05-like-subdir", b -> b.inputDataConfig(
        fileChannel("train", fs, "ro", "EFS", "/sagemaker/xgboost-dm/train/2024"))));
    denied(() -> like.createTrainingJob(training("s05-like-sibling", b -> b.inputDataConfig(
        fileChannel("train", fs, "ro", "EFS", "/sagemaker/xgboost-dm/training")))));
  }

  @Test
  void seed06FsxLustreOnlyWithTheSecurityGroup() {
    SageMakerClient sm = client(user("seed06", List.of("06"), SageMakerSdkTest.PASS_ROLE));
    Channel lustre = fileChannel("train", "fs-12345678", "ro", "FSxLustre", "/fsx/sagemaker/xgboost/train");
    sm.createTrainingJob(training("s06-ok", b -> b.inputDataConfig(lustre)
        .vpcConfig(v -> v.subnets("subnet-1").securityGroupIds("sg-12345678"))));
    // ForAllValues: every security group of the request must be the allowed one
    implicitDeny(denied(() -> sm.createTrainingJob(training("s06-extra-sg", b -> b.inputDataConfig(lustre)
        .vpcConfig(v -> v.subnets("subnet-1").securityGroupIds("sg-12345678", "sg-99999999"))))),
        "sagemaker:CreateTrainingJob");
    denied(() -> sm.createTrainingJob(training("s06-efs", b -> b.inputDataConfig(
        fileChannel("train", "fs-12345678", "ro", "EFS", "/fsx/sagemaker/xgboost/train"))
        .vpcConfig(v -> v.subnets("subnet-1").securityGroupIds("sg-12345678")))));
    denied(() -> sm.createTrainingJob(training("s06-rw", b -> b.inputDataConfig(
        fileChannel("train", "fs-12345678", "rw", "FSxLustre", "/fsx/sagemaker/xgboost/train"))
        .vpcConfig(v -> v.subnets("subnet-1").securityGroupIds("sg-12345678")))));
  }

  // ---------------------------------------------------------------- work teams (08, 09, 10)

  @Test
  void seed08DeniesPublicWorkteamsByType() {
    SageMakerClient sm = client(user("seed08", List.of("01", "08")));
    assertThat(sm.createLabelingJob(labeling("s08-private", privateWorkteam())).labelingJobArn())
        .endsWith(":labeling-job/s08-private");
    explicitDeny(denied(() -> sm.createLabelingJob(labeling("s08-public", PUBLIC_WORKTEAM))));
    // the same Mechanical Turk work team in another region is public-crowd too
    explicitDeny(denied(() -> sm.createLabelingJob(labeling("s08-public-east",
        "arn:aws:sagemaker:us-east-1:394669845002:workteam/public-crowd/default"))));
    // without 01 nothing allows the call: a Deny never grants
    implicitDeny(denied(() -> client(user("seed08-alone", List.of("08")))
        .createLabelingJob(labeling("s08-alone", privateWorkteam()))), "sagemaker:CreateLabelingJob");
  }

  @Test
  void seed09DeniesPublicWorkteamsByArnPattern() {
    SageMakerClient sm = client(user("seed09", List.of("01", "09")));
    sm.createLabelingJob(labeling("s09-private", privateWorkteam()));
    explicitDeny(denied(() -> sm.createLabelingJob(labeling("s09-public", PUBLIC_WORKTEAM))));
    explicitDeny(denied(() -> sm.createLabelingJob(labeling("s09-public-east",
        "arn:aws:sagemaker:us-east-1:394669845002:workteam/public-crowd/default"))));
    sm.createLabelingJob(labeling("s09-vendor",
        "arn:aws:sagemaker:us-east-1:123456789012:workteam/vendor-crowd/some-vendor"));
  }

  @Test
  void seed10DeniesOnlyTheOneWorkteamArn() {
    SageMakerClient sm = client(user("seed10", List.of("01", "10")));
    explicitDeny(denied(() -> sm.createLabelingJob(labeling("s10-public", PUBLIC_WORKTEAM))));
    // ArnEquals names one ARN: the public work team of another region is not covered
    sm.createLabelingJob(labeling("s10-public-east",
        "arn:aws:sagemaker:us-east-1:394669845002:workteam/public-crowd/default"));
    sm.createLabelingJob(labeling("s10-private", privateWorkteam()));
  }

  // ---------------------------------------------------------------- encryption (11, 12)

  @Test
  void seed11TrainingOnlyWithTheOneVolumeKey() {
    SageMakerClient sm = client(user("seed11", List.of("11"), SageMakerSdkTest.PASS_ROLE));
    sm.createTrainingJob(training("s11-ok", b -> b.resourceConfig(r -> r.instanceType("ml.m5.large").instanceCount(1)
        .volumeSizeInGB(10).volumeKmsKeyId(KMS_11))));
    implicitDeny(denied(() -> sm.createTrainingJob(training("s11-other-key", b -> b.resourceConfig(r -> r
        .instanceType("ml.m5.large").instanceCount(1).volumeSizeInGB(10)
        .volumeKmsKeyId("arn:aws:kms:us-west-2:111122223333:key/ffffffff-12ab-34cd-56ef-1234567890ab"))))),
        "sagemaker:CreateTrainingJob");
    denied(() -> sm.createTrainingJob(training("s11-no-key", b -> { })));
    // the output key is another key (sagemaker:OutputKmsKeyArn): it does not satisfy the volume condition
    denied(() -> sm.createTrainingJob(training("s11-output-key", b -> b.outputDataConfig(o -> o
        .s3OutputPath("s3://bucket/out").kmsKeyId(KMS_11)))));
    // the labeling job's volume key counts the same way
    assertThat(sm.createLabelingJob(labeling("s11-label", privateWorkteam()).toBuilder()
        .labelingJobAlgorithmsConfig(a -> a.labelingJobAlgorithmSpecificationArn(
            "arn:aws:sagemaker:us-east-1:027400017018:labeling-job-algorithm-specification/object-detection")
            .labelingJobResourceConfig(r -> r.volumeKmsKeyId(KMS_11))).build()).labelingJobArn())
        .endsWith(":labeling-job/s11-label");
    // the seed's misspelled action "CreateFlowDefiniton" grants nothing: CreateFlowDefinition is denied
    implicitDeny(denied(() -> sm.createFlowDefinition(r -> r.flowDefinitionName("s11-flow").roleArn(role)
        .outputConfig(o -> o.s3OutputPath("s3://bucket/a2i").kmsKeyId(KMS_11))
        .humanLoopConfig(h -> h.workteamArn(privateWorkteam()).humanTaskUiArn(
            "arn:aws:sagemaker:us-east-1:" + account + ":human-task-ui/ui").taskTitle("t").taskDescription("d")
            .taskCount(1)))), "sagemaker:CreateFlowDefinition");
  }

  @Test
  void seed12NotebookVolumeKeyMustEndInTheKeyName() {
    SageMakerClient sm = client(user("seed12", List.of("12"), SageMakerSdkTest.PASS_ROLE));
    sm.createNotebookInstance(r -> r.notebookInstanceName("s12-ok").instanceType("ml.t3.medium").roleArn(role)
        .kmsKeyId("arn:aws:kms:us-east-1:" + account + ":key/volume-kms-key-12345"));
    implicitDeny(denied(() -> sm.createNotebookInstance(r -> r.notebookInstanceName("s12-other").instanceType(
        "ml.t3.medium").roleArn(role).kmsKeyId("arn:aws:kms:us-east-1:" + account + ":key/volume-kms-key-99999"))),
        "sagemaker:CreateNotebookInstance");
    denied(() -> sm.createNotebookInstance(r -> r.notebookInstanceName("s12-none").instanceType("ml.t3.medium")
        .roleArn(role)));
  }

  // ---------------------------------------------------------------- accelerators (15)

  @Test
  void seed15OnlyTheEia1MediumAccelerator() throws InterruptedException {
    SageMakerClient sm = client(user("seed15", List.of("15"), SageMakerSdkTest.PASS_ROLE));
    sm.createNotebookInstance(r -> r.notebookInstanceName("s15-eia").instanceType("ml.t3.medium").roleArn(role)
        .acceleratorTypesWithStrings("ml.eia1.medium"));
    // "if any": ForAllValues over an absent key is true, so a notebook without accelerator is allowed
    sm.createNotebookInstance(r -> r.notebookInstanceName("s15-none").instanceType("ml.t3.medium").roleArn(role));
    implicitDeny(denied(() -> sm.createNotebookInstance(r -> r.notebookInstanceName("s15-large")
        .instanceType("ml.t3.medium").roleArn(role).acceleratorTypesWithStrings("ml.eia1.large"))),
        "sagemaker:CreateNotebookInstance");
    root.createModel(r -> r.modelName("m15").executionRoleArn(role).primaryContainer(c -> c.image("img")));
    sm.createEndpointConfig(r -> r.endpointConfigName("ec15-ok").productionVariants(ProductionVariant.builder()
        .variantName("v").modelName("m15").instanceType("ml.m5.large").initialInstanceCount(1)
        .acceleratorType("ml.eia1.medium").build()));
    denied(() -> sm.createEndpointConfig(r -> r.endpointConfigName("ec15-bad").productionVariants(
        ProductionVariant.builder().variantName("a").modelName("m15").instanceType("ml.m5.large")
            .initialInstanceCount(1).acceleratorType("ml.eia1.medium").build(),
        ProductionVariant.builder().variantName("b").modelName("m15").instanceType("ml.m5.large")
            .initialInstanceCount(1).acceleratorType("ml.eia2.medium").build())));
    // UpdateNotebookInstance: authorized on the accelerators asked for, before the status is looked at
    denied(() -> sm.updateNotebookInstance(r -> r.notebookInstanceName("s15-none")
        .acceleratorTypesWithStrings("ml.eia2.large")));
    Thread.sleep(350);
    root.stopNotebookInstance(r -> r.notebookInstanceName("s15-none"));
    Thread.sleep(350);
    sm.updateNotebookInstance(r -> r.notebookInstanceName("s15-none").acceleratorTypesWithStrings("ml.eia1.medium"));
    // 15 grants no Describe
    implicitDeny(denied(() -> sm.describeNotebookInstance(r -> r.notebookInstanceName("s15-none"))),
        "sagemaker:DescribeNotebookInstance");
  }

  // ---------------------------------------------------------------- networks (18, 20)

  @Test
  void seed18PresignedUrlOnlyThroughTheTwoVpcEndpoints() {
    root.createNotebookInstance(r -> r.notebookInstanceName("nb18").instanceType("ml.t3.medium").roleArn(role));
    AccessKey k = user("seed18", List.of("18"));
    // the policy writes aws:sourceVpce: condition key names are case-insensitive
    assertThat(client(k, vpceCccPort).createPresignedNotebookInstanceUrl(r -> r.notebookInstanceName("nb18"))
        .authorizedUrl()).contains("/sagemaker/presigned/auth?authToken=");
    client(k, vpceDddPort).createPresignedNotebookInstanceUrl(r -> r.notebookInstanceName("nb18"));
    implicitDeny(denied(() -> client(k, vpceOtherPort).createPresignedNotebookInstanceUrl(r -> r
        .notebookInstanceName("nb18"))), "sagemaker:CreatePresignedNotebookInstanceUrl");
    // not through a VPC endpoint at all: aws:SourceVpce is absent
    denied(() -> client(k).createPresignedNotebookInstanceUrl(r -> r.notebookInstanceName("nb18")));
    denied(() -> client(k, ip192Port).createPresignedNotebookInstanceUrl(r -> r.notebookInstanceName("nb18")));
    // only the URL is granted
    denied(() -> client(k, vpceCccPort).describeNotebookInstance(r -> r.notebookInstanceName("nb18")));
  }

  @Test
  void seed20PresignedUrlOnlyFromTheTwoIpRanges() throws Exception {
    root.createNotebookInstance(r -> r.notebookInstanceName("nb20").instanceType("ml.t3.medium").roleArn(role));
    AccessKey k = user("seed20", List.of("20"));
    String url = client(k, ip192Port).createPresignedNotebookInstanceUrl(r -> r.notebookInstanceName("nb20"))
        .authorizedUrl();
    // the second half: "the IP condition is evaluated when the URL is used", with the browser's address
    Thread.sleep(700); // InService after the 300 ms settle
    assertThat(openFrom(url, ip203Port)).isEqualTo(200);
    assertThat(openFrom(url, ip198Port)).isEqualTo(403);
    assertThat(openFrom(url, server.port())).isEqualTo(403);
    client(k, ip203Port).createPresignedNotebookInstanceUrl(r -> r.notebookInstanceName("nb20"));
    implicitDeny(denied(() -> client(k, ip198Port).createPresignedNotebookInstanceUrl(r -> r
        .notebookInstanceName("nb20"))), "sagemaker:CreatePresignedNotebookInstanceUrl");
    // loopback is outside both ranges
    denied(() -> client(k).createPresignedNotebookInstanceUrl(r -> r.notebookInstanceName("nb20")));
    // through a VPC endpoint aws:SourceIp is absent: IP filtering cannot match
    denied(() -> client(k, vpceCccPort).createPresignedNotebookInstanceUrl(r -> r.notebookInstanceName("nb20")));
  }

  /** The status of opening presigned {@code url} as a browser connected to {@code port} (its listener's source address). */
  static int openFrom(String url, int port) throws Exception {
    URI u = URI.create(url);
    return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + u.getRawPath() + "?" + u.getRawQuery())).build(),
        java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  // ---------------------------------------------------------------- tags (22)

  @Test
  void seed22DevTeam2CannotTouchProjectA() {
    root.createNotebookInstance(r -> r.notebookInstanceName("nb22-a").instanceType("ml.t3.medium").roleArn(role)
        .tags(Tag.builder().key("Project").value("A").build()));
    root.createNotebookInstance(r -> r.notebookInstanceName("nb22-b").instanceType("ml.t3.medium").roleArn(role)
        .tags(Tag.builder().key("Project").value("B").build()));
    SageMakerClient sm = client(user("devteam2", List.of("22")));
    explicitDeny(denied(() -> sm.describeNotebookInstance(r -> r.notebookInstanceName("nb22-a"))));
    denied(() -> sm.deleteNotebookInstance(r -> r.notebookInstanceName("nb22-a")));
    denied(() -> sm.createPresignedNotebookInstanceUrl(r -> r.notebookInstanceName("nb22-a")));
    assertThat(sm.describeNotebookInstance(r -> r.notebookInstanceName("nb22-b")).notebookInstanceName())
        .isEqualTo("nb22-b");
    sm.createPresignedNotebookInstanceUrl(r -> r.notebookInstanceName("nb22-b"));
    // List, ListTags and Search act on no single tagged resource: not restricted
    assertThat(sm.listNotebookInstances(r -> r.maxResults(100)).notebookInstances())
        .extracting(n -> n.notebookInstanceName()).contains("nb22-a", "nb22-b");
    String arnA = "arn:aws:sagemaker:us-east-1:" + account + ":notebook-instance/nb22-a";
    assertThat(sm.listTags(r -> r.resourceArn(arnA)).tags()).extracting(Tag::value).containsExactly("A");
    // tagging is denied outright, so nobody in DevTeam2 can re-tag A's notebook as B
    explicitDeny(denied(() -> sm.addTags(r -> r.resourceArn(arnA).tags(Tag.builder().key("Project").value("B")
        .build()))));
    String arnB = "arn:aws:sagemaker:us-east-1:" + account + ":notebook-instance/nb22-b";
    explicitDeny(denied(() -> sm.deleteTags(r -> r.resourceArn(arnB).tagKeys("Project"))));
  }
}
