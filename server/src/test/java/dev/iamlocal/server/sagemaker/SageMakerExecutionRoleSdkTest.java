package dev.iamlocal.server.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iamlocal.server.ServerFixture;
import java.net.URI;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.AppNetworkAccessType;
import software.amazon.awssdk.services.sagemaker.model.CreateDomainRequest;
import software.amazon.awssdk.services.sagemaker.model.CreateTrainingJobRequest;
import software.amazon.awssdk.services.sagemaker.model.DefaultSpaceSettings;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;

/**
 * SageMaker refuses, at the API call, an execution role it cannot assume: one that does not exist,
 * or whose trust policy does not allow sagemaker.amazonaws.com sts:AssumeRole, as the engine reads
 * the trust policy (conditions on the keys SageMaker sets, Deny statements, NotPrincipal). AWS's
 * answer is a ValidationException (400) with the operation's text (docs/sagemaker.md, "Execution
 * roles"); iamlocal's reason is in x-iamlocal-detail.
 */
class SageMakerExecutionRoleSdkTest extends ServerFixture {

  static final String TRUST_SAGEMAKER = SageMakerSdkTest.SAGEMAKER_TRUST;

  SageMakerClient sm;
  String acctB;

  @BeforeAll
  void clients() {
    sm = sageMaker(AwsBasicCredentials.create(boot.rootKey().accessKeyId(), boot.rootKey().secret()));
    acctB = store.accounts().createAccount().accountId();
  }

  SageMakerClient sageMaker(AwsCredentials creds) {
    return SageMakerClient.builder().endpointOverride(URI.create(server.endpoint())).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(creds)).httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1))).build();
  }

  String arn(String name) {
    return "arn:aws:iam::" + acct() + ":role/" + name;
  }

  /** Creates a role with {@code trust} as its trust policy; returns its ARN. */
  String role(String name, String trust) {
    return root.createRole(r -> r.roleName(name).assumeRolePolicyDocument(trust)).role().arn();
  }

  static String trustOf(String statements) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}";
  }

  static String allowService(String service, String condition) {
    return "{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"" + service + "\"},\"Action\":\"sts:AssumeRole\""
        + (condition == null ? "" : ",\"Condition\":" + condition) + "}";
  }

  static String couldNotAssume(String role) {
    return "Could not assume role " + role + ". Please ensure that the role exists and allows principal"
        + " 'sagemaker.amazonaws.com' to assume the role.";
  }

  CreateTrainingJobRequest training(String name, String role) {
    return CreateTrainingJobRequest.builder().trainingJobName(name).roleArn(role)
        .algorithmSpecification(a -> a.trainingImage("123.dkr.ecr.us-east-1.amazonaws.com/xgb:1").trainingInputMode("File"))
        .outputDataConfig(o -> o.s3OutputPath("s3://bucket/out"))
        .resourceConfig(r -> r.instanceType("ml.c5.xlarge").instanceCount(1).volumeSizeInGB(10))
        .stoppingCondition(s -> s.maxRuntimeInSeconds(3600)).build();
  }

  void processing(String name, String role) {
    sm.createProcessingJob(r -> r.processingJobName(name).roleArn(role)
        .appSpecification(a -> a.imageUri("123.dkr.ecr.us-east-1.amazonaws.com/proc:1"))
        .processingResources(p -> p.clusterConfig(c -> c.instanceCount(1).instanceType("ml.m5.xlarge")
            .volumeSizeInGB(10))));
  }

  /** The call's ValidationException, asserted to be AWS's (code, 400); returns it for the message. */
  static SageMakerException refused(Runnable call) {
    try {
      call.run();
    } catch (SageMakerException e) {
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
      assertThat(e.statusCode()).isEqualTo(400);
      return e;
    }
    throw new AssertionError("expected a ValidationException");
  }

  static String detail(SageMakerException e) {
    return e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-iamlocal-detail").orElse("");
  }

  void trainingNotCreated(String name) {
    assertThatThrownBy(() -> sm.describeTrainingJob(r -> r.trainingJobName(name)))
        .isInstanceOf(SageMakerException.class);
  }

  @Test
  void aRoleThatDoesNotExistIsAValidationException() {
    String missing = arn("NoSuchRole");
    SageMakerException e = refused(() -> sm.createTrainingJob(training("tj-missing", missing)));
    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(couldNotAssume(missing));
    assertThat(detail(e)).contains("no role " + missing + " exists");
    trainingNotCreated("tj-missing");
    // the ARN names the role with its path: the same name under another path is another role
    root.createRole(r -> r.roleName("InServiceRole").path("/service-role/")
        .assumeRolePolicyDocument(trustOf(allowService("sagemaker.amazonaws.com", null))));
    String wrongPath = arn("InServiceRole");
    assertThat(refused(() -> sm.createTrainingJob(training("tj-path", wrongPath))).awsErrorDetails().errorMessage())
        .isEqualTo(couldNotAssume(wrongPath));
    assertThat(sm.createTrainingJob(training("tj-path", "arn:aws:iam::" + acct() + ":role/service-role/InServiceRole"))
        .trainingJobArn()).endsWith(":training-job/tj-path");
  }

  @Test
  void aRoleThatTrustsOnlyEc2IsRefusedOneThatTrustsSageMakerIsUsed() {
    String ec2 = role("Ec2Only", trustOf(allowService("ec2.amazonaws.com", null)));
    SageMakerException e = refused(() -> sm.createTrainingJob(training("tj-ec2", ec2)));
    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(couldNotAssume(ec2));
    assertThat(detail(e)).contains("the trust policy of " + ec2 + " does not allow sagemaker.amazonaws.com");
    trainingNotCreated("tj-ec2");
    String ok = role("TrustsSageMaker", trustOf(allowService("ec2.amazonaws.com", null) + ","
        + allowService("sagemaker.amazonaws.com", null)));
    assertThat(sm.createTrainingJob(training("tj-ok", ok)).trainingJobArn())
        .isEqualTo("arn:aws:sagemaker:us-east-1:" + acct() + ":training-job/tj-ok");
    assertThat(sm.describeTrainingJob(r -> r.trainingJobName("tj-ok")).roleArn()).isEqualTo(ok);
    // a trust policy fixed with UpdateAssumeRolePolicy counts at the next call (no stale cache)
    root.updateAssumeRolePolicy(r -> r.roleName("Ec2Only").policyDocument(trustOf(allowService("sagemaker.amazonaws.com",
        null))));
    assertThat(sm.createTrainingJob(training("tj-ec2", ec2)).trainingJobArn()).endsWith(":training-job/tj-ec2");
    // and a role deleted since is refused again
    root.deleteRole(r -> r.roleName("Ec2Only"));
    assertThat(refused(() -> sm.createTrainingJob(training("tj-ec2-gone", ec2))).awsErrorDetails().errorMessage())
        .isEqualTo(couldNotAssume(ec2));
  }

  @Test
  void conditionsOnTheKeysSageMakerSetsAreEvaluated() {
    String mine = role("SourceAccountMine", trustOf(allowService("sagemaker.amazonaws.com",
        "{\"StringEquals\":{\"aws:SourceAccount\":\"" + acct() + "\"}}")));
    assertThat(sm.createTrainingJob(training("tj-src-ok", mine)).trainingJobArn()).endsWith(":training-job/tj-src-ok");
    String other = role("SourceAccountOther", trustOf(allowService("sagemaker.amazonaws.com",
        "{\"StringEquals\":{\"aws:SourceAccount\":\"111122223333\"}}")));
    SageMakerException e = refused(() -> sm.createTrainingJob(training("tj-src-other", other)));
    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(couldNotAssume(other));
    assertThat(detail(e)).contains("aws:SourceAccount=" + acct())
        .contains("aws:SourceArn=arn:aws:sagemaker:us-east-1:" + acct() + ":training-job/tj-src-other");
    // aws:SourceArn is the resource the role is passed for (the AWS docs' confused-deputy examples)
    String trainingOnly = role("TrainingJobsOnly", trustOf(allowService("sagemaker.amazonaws.com",
        "{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:sagemaker:us-east-1:" + acct() + ":training-job/*\"}}")));
    assertThat(sm.createTrainingJob(training("tj-arn-ok", trainingOnly)).trainingJobArn()).endsWith("tj-arn-ok");
    assertThat(refused(() -> processing("pj-arn", trainingOnly)).awsErrorDetails().errorMessage())
        .isEqualTo(couldNotAssume(trainingOnly));
    // a condition on a key SageMaker does not set is false (IfExists would make it true)
    String vpc = role("NeedsSourceVpc", trustOf(allowService("sagemaker.amazonaws.com",
        "{\"StringEquals\":{\"aws:SourceVpc\":\"vpc-1\"}}")));
    refused(() -> sm.createTrainingJob(training("tj-vpc", vpc)));
  }

  @Test
  void denyStatementsAndNotPrincipalCountAsInIam() {
    String denied = role("AllowThenDeny", trustOf(allowService("sagemaker.amazonaws.com", null) + ","
        + "{\"Effect\":\"Deny\",\"Principal\":{\"Service\":\"sagemaker.amazonaws.com\"},\"Action\":\"sts:*\"}"));
    SageMakerException e = refused(() -> sm.createTrainingJob(training("tj-deny", denied)));
    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(couldNotAssume(denied));
    assertThat(detail(e)).contains("explicit deny");
    // Deny with NotPrincipal: everyone but EC2 is denied, SageMaker included
    String notPrincipal = role("DenyAllButEc2", trustOf(allowService("sagemaker.amazonaws.com", null) + ","
        + "{\"Effect\":\"Deny\",\"NotPrincipal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}"));
    refused(() -> sm.createTrainingJob(training("tj-notprincipal", notPrincipal)));
    // a Deny whose condition does not match leaves the Allow
    String conditionalDeny = role("DenyOtherAccounts", trustOf(allowService("sagemaker.amazonaws.com", null) + ","
        + "{\"Effect\":\"Deny\",\"Principal\":{\"Service\":\"sagemaker.amazonaws.com\"},\"Action\":\"sts:AssumeRole\","
        + "\"Condition\":{\"StringNotEquals\":{\"aws:SourceAccount\":\"" + acct() + "\"}}}"));
    assertThat(sm.createTrainingJob(training("tj-conditional-deny", conditionalDeny)).trainingJobArn())
        .endsWith("tj-conditional-deny");
    // a trust policy that names the account, not the service, does not let SageMaker in
    String accountOnly = role("TrustsTheAccount", trustOf("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
        + acct() + ":root\"},\"Action\":\"sts:AssumeRole\"}"));
    refused(() -> sm.createTrainingJob(training("tj-account", accountOnly)));
  }

  @Test
  void anotherAccountsRoleIsRefusedAndNothingIsCreated() {
    // account B has a role of that name trusting SageMaker; account A's caller may pass any role
    var kB = store.accessKeys().createAccessKey(acctB, null);
    iam(AwsBasicCredentials.create(kB.accessKeyId(), kB.secret())).createRole(r -> r.roleName("Shared")
        .assumeRolePolicyDocument(TRUST_SAGEMAKER));
    String foreign = "arn:aws:iam::" + acctB + ":role/Shared";
    SageMakerClient user = sageMaker(userWithPolicy("passes-anything", "{\"Version\":\"2012-10-17\",\"Statement\":["
        + "{\"Effect\":\"Allow\",\"Action\":[\"sagemaker:*\",\"iam:PassRole\"],\"Resource\":\"*\"}]}"));
    // iam:PassRole is the caller's account's to grant, for its own roles only: refused before
    // SageMaker would try the role (the existing rule, theRootUserCannotPassAnotherAccountsRole)
    assertThatThrownBy(() -> user.createTrainingJob(training("tj-foreign", foreign)))
        .isInstanceOfSatisfying(SageMakerException.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
          assertThat(e.awsErrorDetails().errorMessage()).contains("iam:PassRole on resource: " + foreign);
        });
    trainingNotCreated("tj-foreign");
    // the same name in the caller's own account is a role that does not exist there
    SageMakerException e = refused(() -> user.createTrainingJob(training("tj-own", arn("Shared"))));
    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(couldNotAssume(arn("Shared")));
  }

  @Test
  void rolesNestedInStructuresAreCheckedToo() {
    String missing = arn("NoDomainRole");
    CreateDomainRequest.Builder b = CreateDomainRequest.builder().domainName("d-roles").authMode("IAM")
        .subnetIds("subnet-0a1").vpcId("vpc-0a1").appNetworkAccessType(AppNetworkAccessType.VPC_ONLY);
    SageMakerException e = refused(() -> sm.createDomain(b.defaultUserSettings(u -> u.executionRole(missing)).build()));
    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(couldNotAssume(missing));
    assertThat(detail(e)).contains("unconfirmed for CreateDomain");
    assertThat(sm.listDomains(r -> { }).domains()).isEmpty();
    // a space's default execution role as well
    String studio = role("StudioRole", TRUST_SAGEMAKER);
    refused(() -> sm.createDomain(b.defaultUserSettings(u -> u.executionRole(studio))
        .defaultSpaceSettings(s -> s.executionRole(missing)).build()));
    // the Canvas forecast role is Amazon Forecast's to assume (it trusts forecast.amazonaws.com), not SageMaker's
    String forecast = role("ForecastRole", trustOf(allowService("forecast.amazonaws.com", null)));
    String id = sm.createDomain(b.defaultSpaceSettings((DefaultSpaceSettings) null).defaultUserSettings(u -> u.executionRole(studio)
            .canvasAppSettings(c -> c.timeSeriesForecastingSettings(t -> t.amazonForecastRoleArn(forecast))))
        .build()).domainId();
    assertThat(id).startsWith("d-");
    // a training definition inside a tuning job passes its role as well
    String tuner = arn("NoTunerRole");
    refused(() -> sm.createHyperParameterTuningJob(r -> r.hyperParameterTuningJobName("hpo-roles")
        .hyperParameterTuningJobConfig(c -> c.strategy("Bayesian").resourceLimits(l -> l.maxParallelTrainingJobs(1)
            .maxNumberOfTrainingJobs(1)))
        .trainingJobDefinition(t -> t.roleArn(tuner)
            .algorithmSpecification(a -> a.trainingImage("x:1").trainingInputMode("File"))
            .outputDataConfig(o -> o.s3OutputPath("s3://b/o"))
            .resourceConfig(rc -> rc.instanceType("ml.c5.xlarge").instanceCount(1).volumeSizeInGB(10))
            .stoppingCondition(s -> s.maxRuntimeInSeconds(60)))));
  }

  @Test
  void modelAndFeatureGroupAnswerTheirOwnTexts() {
    String missing = arn("NoModelRole");
    SageMakerException e = refused(() -> sm.createModel(r -> r.modelName("m-roles").executionRoleArn(missing)
        .primaryContainer(c -> c.image("img"))));
    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The execution role ARN \"" + missing + "\" is invalid."
        + " Please ensure that the role exists and that its trust relationship policy allows the action"
        + " \"sts:AssumeRole\" for the service principal \"sagemaker.amazonaws.com\".");
    SageMakerException f = refused(() -> sm.createFeatureGroup(r -> r.featureGroupName("fg-roles")
        .recordIdentifierFeatureName("id").eventTimeFeatureName("ts").roleArn(missing)
        .featureDefinitions(d -> d.featureName("id").featureType("String"),
            d -> d.featureName("ts").featureType("Fractional"))
        .onlineStoreConfig(o -> o.enableOnlineStore(true))));
    assertThat(f.awsErrorDetails().errorMessage()).startsWith("The execution role ARN is invalid.");
    assertThat(detail(f)).contains("unconfirmed");
    // an update that passes a role is checked the same way, and changes nothing when refused
    String ok = role("PipelineRole", TRUST_SAGEMAKER);
    sm.createPipeline(r -> r.pipelineName("p-roles").roleArn(ok).clientRequestToken("tok-roles-12345678901234567890123")
        .pipelineDefinition("{\"Version\":\"2020-12-01\",\"Steps\":[]}"));
    String ec2 = role("PipelineEc2", trustOf(allowService("ec2.amazonaws.com", null)));
    assertThat(refused(() -> sm.updatePipeline(r -> r.pipelineName("p-roles").roleArn(ec2))).awsErrorDetails()
        .errorMessage()).isEqualTo(couldNotAssume(ec2));
    assertThat(sm.describePipeline(r -> r.pipelineName("p-roles")).roleArn()).isEqualTo(ok);
  }
}
