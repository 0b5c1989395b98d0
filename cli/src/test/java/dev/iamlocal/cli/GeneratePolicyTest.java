package dev.iamlocal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iamlocal.catalog.ServiceCatalog;
import dev.iamlocal.server.Bootstrap;
import dev.iamlocal.server.IamServer;
import dev.iamlocal.store.IamStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.model.Tag;

class GeneratePolicyTest {

  @TempDir Path dir;

  // ---------------------------------------------------------------- the generator alone

  @Test
  void groupsActionsByResourceSetAndKeepsResourcesExact() throws IOException {
    String a = "arn:aws:sagemaker:us-east-1:111122223333:model/a";
    String b = "arn:aws:sagemaker:us-east-1:111122223333:model/b";
    String policy = PolicyGenerator.generate(List.of(
        new PolicyGenerator.Call("sagemaker:DescribeModel", a),
        new PolicyGenerator.Call("sagemaker:DeleteModel", a),
        new PolicyGenerator.Call("sagemaker:describemodel", b),
        new PolicyGenerator.Call("sagemaker:DeleteModel", b),
        new PolicyGenerator.Call("sagemaker:CreateModel", a),
        new PolicyGenerator.Call("sagemaker:ListModels", "*"),
        new PolicyGenerator.Call("sagemaker:Search", "*"),
        new PolicyGenerator.Call("iam:PassRole", "arn:aws:iam::111122223333:role/Exec")), ServiceCatalog.bundled());
    JsonNode doc = Cli.JSON.readTree(policy);
    assertThat(doc.get("Version").asText()).isEqualTo("2012-10-17");
    assertThat(doc.get("Statement")).hasSize(4);
    assertThat(doc.get("Statement").toString()).isEqualTo("["
        + "{\"Effect\":\"Allow\",\"Action\":\"iam:PassRole\",\"Resource\":\"arn:aws:iam::111122223333:role/Exec\"},"
        + "{\"Effect\":\"Allow\",\"Action\":\"sagemaker:CreateModel\","
        + "\"Resource\":\"" + a + "\"},"
        + "{\"Effect\":\"Allow\",\"Action\":[\"sagemaker:DeleteModel\",\"sagemaker:DescribeModel\"],"
        + "\"Resource\":[\"" + a + "\",\"" + b + "\"]},"
        + "{\"Effect\":\"Allow\",\"Action\":[\"sagemaker:ListModels\",\"sagemaker:Search\"],\"Resource\":\"*\"}]");
    assertThat(policy).contains("\"Version\": \"2012-10-17\"").endsWith("}\n");
  }

  @Test
  void wildcardAndVariableCharactersInArnsStayLiteral() {
    assertThat(PolicyGenerator.literal("arn:aws:s3:::b/a*b?c${x}")).isEqualTo("arn:aws:s3:::b/a${*}b${?}c${$}{x}");
    assertThat(PolicyGenerator.literal("*")).isEqualTo("*");
    assertThatThrownBy(() -> PolicyGenerator.generate(List.of(), ServiceCatalog.bundled()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---------------------------------------------------------------- round trip through a real server

  static final String BROAD = Cli.seed("01");
  static final String DENY_LIST_NOTEBOOKS = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
      + "\"Action\":\"sagemaker:ListNotebookInstances\",\"Resource\":\"*\"}]}";

  @Test
  void generatedPolicyAllowsExactlyTheWorkload() throws IOException {
    Path data = dir.resolve("data");
    Bootstrap.prepareDirectory(data);
    try (IamStore store = IamStore.openSqlite(data.resolve("iamlocal.db"));
        IamServer server = IamServer.start(store, "127.0.0.1", 0, Clock.systemUTC())) {
      Bootstrap boot = Bootstrap.ensure(store, data);
      String account = boot.account().accountId();
      // the execution role the workload passes: SageMaker refuses a role it cannot assume
      String role = store.roles().createRole(account, "SageMakerExecution", "/", null, "{\"Version\":\"2012-10-17\","
          + "\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"sagemaker.amazonaws.com\"},"
          + "\"Action\":\"sts:AssumeRole\"}]}", null).arn();
      IamClient iam = IamClient.builder().endpointOverride(URI.create(server.endpoint())).region(Region.US_EAST_1)
          .credentialsProvider(creds(boot.rootKey().accessKeyId(), boot.rootKey().secret()))
          .httpClient(UrlConnectionHttpClient.create()).build();
      SageMakerClient root = sm(server, boot.rootKey().accessKeyId(), boot.rootKey().secret());
      root.createTrainingJob(r -> r.trainingJobName("existing").roleArn(role)
          .algorithmSpecification(a -> a.trainingImage("img").trainingInputMode("File"))
          .outputDataConfig(o -> o.s3OutputPath("s3://b/out"))
          .resourceConfig(c -> c.instanceType("ml.m5.large").instanceCount(1).volumeSizeInGB(10))
          .stoppingCondition(s -> s.maxRuntimeInSeconds(60)));

      // 1. the workload under broad permissions (01: sagemaker:*), one call denied by an explicit Deny
      iam.createUser(r -> r.userName("broad"));
      iam.putUserPolicy(r -> r.userName("broad").policyName("console").policyDocument(BROAD));
      iam.putUserPolicy(r -> r.userName("broad").policyName("no-list").policyDocument(DENY_LIST_NOTEBOOKS));
      AccessKey broadKey = iam.createAccessKey(r -> r.userName("broad")).accessKey();
      SageMakerClient broad = sm(server, broadKey.accessKeyId(), broadKey.secretAccessKey());
      workload(broad, role, account);
      assertThatThrownBy(() -> broad.listNotebookInstances(r -> { })).isInstanceOf(SageMakerException.class)
          .hasMessageContaining("explicit deny");

      // 2. the policy from the log
      String principal = "arn:aws:iam::" + account + ":user/broad";
      Cli.Result gen = Cli.run("generate-policy", "--principal", principal, "--endpoint", server.endpoint(),
          "--data-dir", data.toString());
      assertThat(gen.code()).as(gen.err()).isEqualTo(Main.OK);
      assertThat(gen.err()).contains("distinct calls").contains("1 denied")
          .doesNotContain(" error ");
      String policy = gen.out();
      JsonNode doc = Cli.JSON.readTree(policy);
      assertThat(doc.toString()).doesNotContain("Condition")
          .contains("\"Resource\":\"arn:aws:sagemaker:us-east-1:" + account + ":training-job/existing\"")
          .contains("\"Action\":\"iam:PassRole\",\"Resource\":\"" + role + "\"")
          .contains("sagemaker:ListNotebookInstances");
      // the same policy from the database directly
      server.decisions().flush();
      Cli.Result fromDb = Cli.run("generate-policy", "--principal", principal, "--data-dir", data.toString());
      assertThat(fromDb.out()).isEqualTo(policy);

      // 3. a fresh user with only that policy reruns the workload: everything allowed
      iam.createUser(r -> r.userName("fresh"));
      String arn = iam.createPolicy(r -> r.policyName("generated").policyDocument(policy)).policy().arn();
      iam.attachUserPolicy(r -> r.userName("fresh").policyArn(arn));
      AccessKey freshKey = iam.createAccessKey(r -> r.userName("fresh")).accessKey();
      SageMakerClient fresh = sm(server, freshKey.accessKeyId(), freshKey.secretAccessKey());
      workload(fresh, role, account);
      fresh.listNotebookInstances(r -> { });

      // 4. one call outside the workload: denied, whether another action or another resource
      assertThatThrownBy(() -> fresh.describeTrainingJob(r -> r.trainingJobName("another")))
          .hasMessageContaining("not authorized to perform: sagemaker:DescribeTrainingJob on resource: "
              + "arn:aws:sagemaker:us-east-1:" + account + ":training-job/another");
      assertThatThrownBy(() -> fresh.listTrainingJobs(r -> { }))
          .hasMessageContaining("not authorized to perform: sagemaker:ListTrainingJobs");
      assertThatThrownBy(() -> fresh.createModel(r -> r.modelName("rt-model").executionRoleArn(
          "arn:aws:iam::" + account + ":role/Other").primaryContainer(c -> c.image("img"))))
          .hasMessageContaining("iam:PassRole");
      server.decisions().flush();
      Cli.Result log = Cli.run("log", "--data-dir", data.toString(), "--principal",
          "arn:aws:iam::" + account + ":user/fresh", "--decision", "denied", "--json");
      assertThat(log.out().lines()).hasSize(3);
    }
  }

  /** Creates, reads, tags and deletes: idempotent, so it can run again under another user. */
  static void workload(SageMakerClient sm, String role, String account) {
    sm.createModel(r -> r.modelName("rt-model").executionRoleArn(role).primaryContainer(c -> c.image("img")));
    sm.describeModel(r -> r.modelName("rt-model"));
    sm.createEndpointConfig(r -> r.endpointConfigName("rt-config").productionVariants(ProductionVariant.builder()
        .variantName("v").modelName("rt-model").instanceType("ml.m5.large").initialInstanceCount(1).build()));
    sm.describeEndpointConfig(r -> r.endpointConfigName("rt-config"));
    String model = "arn:aws:sagemaker:us-east-1:" + account + ":model/rt-model";
    sm.addTags(r -> r.resourceArn(model).tags(Tag.builder().key("team").value("a").build()));
    sm.listTags(r -> r.resourceArn(model));
    sm.deleteTags(r -> r.resourceArn(model).tagKeys("team"));
    sm.listModels(r -> { });
    sm.search(r -> r.resource("TrainingJob"));
    sm.describeTrainingJob(r -> r.trainingJobName("existing"));
    sm.deleteEndpointConfig(r -> r.endpointConfigName("rt-config"));
    sm.deleteModel(r -> r.modelName("rt-model"));
  }

  static StaticCredentialsProvider creds(String id, String secret) {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(id, secret));
  }

  static SageMakerClient sm(IamServer server, String id, String secret) {
    return SageMakerClient.builder().endpointOverride(URI.create(server.endpoint())).region(Region.US_EAST_1)
        .credentialsProvider(creds(id, secret)).httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1))).build();
  }
}
