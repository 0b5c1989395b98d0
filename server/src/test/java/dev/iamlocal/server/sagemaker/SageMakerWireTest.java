package dev.iamlocal.server.sagemaker;

import dev.iamlocal.server.protocol.ApiModel;
import dev.iamlocal.server.IamServer;
import dev.iamlocal.server.RawCalls;
import dev.iamlocal.server.ServerFixture;
import dev.iamlocal.server.ServerOptions;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/**
 * Hole 3: a SageMaker request is read against the SageMaker API model before it runs (JSON types,
 * then every constraint), and {@code iam:PassRole} is checked for every member of the model's
 * role shape, nested or not, in every operation (Update included).
 */
class SageMakerWireTest extends ServerFixture {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String SAGEMAKER_ONLY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
      + "\"Action\":\"sagemaker:*\",\"Resource\":\"*\"}]}";
  static final String SAGEMAKER_AND_PASS_ROLE = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
      + "\"Action\":[\"sagemaker:*\",\"iam:PassRole\"],\"Resource\":\"*\"}]}";
  static final String ROLE_PATTERN = "arn:aws[a-z\\-]*:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+";

  IamServer fast;
  AwsBasicCredentials noPassRole;
  AwsBasicCredentials withPassRole;

  @BeforeAll
  void fastServer() {
    // a second node on the same store whose simulated lifecycle steps take 100 ms
    fast = IamServer.start(store, "127.0.0.1", 0, Clock.systemUTC(),
        new ServerOptions(List.of(), Duration.ofMillis(100)));
    noPassRole = userWithPolicy("sm-no-pass-role", SAGEMAKER_ONLY);
    withPassRole = userWithPolicy("sm-pass-role", SAGEMAKER_AND_PASS_ROLE);
  }

  @AfterAll
  void stopFast() {
    fast.close();
  }

  String role(String name) {
    return SageMakerSdkTest.executionRole(store, "arn:aws:iam::" + acct() + ":role/" + name);
  }

  HttpResponse<String> call(AwsBasicCredentials who, String operation, String json) throws Exception {
    return RawCalls.sageMaker(fast.endpoint(), who, "us-east-1", "sagemaker", operation, json);
  }

  String trainingJob(String name, String roleJson) {
    return "{\"TrainingJobName\":\"" + name + "\",\"RoleArn\":" + roleJson + ","
        + "\"AlgorithmSpecification\":{\"TrainingImage\":\"123.dkr.ecr.us-east-1.amazonaws.com/xgb:1\","
        + "\"TrainingInputMode\":\"File\"},\"OutputDataConfig\":{\"S3OutputPath\":\"s3://bucket/out\"},"
        + "\"ResourceConfig\":{\"InstanceType\":\"ml.m5.large\",\"InstanceCount\":1,\"VolumeSizeInGB\":10},"
        + "\"StoppingCondition\":{\"MaxRuntimeInSeconds\":3600}}";
  }

  static void serialization(HttpResponse<String> r, String message) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("SerializationException");
    assertThat(r.body()).isEqualTo("{\"__type\":\"SerializationException\",\"Message\":\"" + message + "\"}");
  }

  static void validation(HttpResponse<String> r, String message) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("ValidationException");
    assertThat(JSON.readTree(r.body()).path("message").asText()).isEqualTo(message);
  }

  static void passRoleDenied(HttpResponse<String> r, String role) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("AccessDeniedException");
    assertThat(r.body()).contains("is not authorized to perform: iam:PassRole on resource: " + role);
  }

  @Test
  void hole03_updateNotebookInstanceRoleNeedsPassRole() throws Exception {
    String create = "{\"NotebookInstanceName\":\"nb-upd\",\"InstanceType\":\"ml.t2.medium\",\"RoleArn\":\""
        + role("Original") + "\"}";
    assertThat(call(withPassRole, "CreateNotebookInstance", create).statusCode()).isEqualTo(200);
    awaitStatus("nb-upd", "InService");
    assertThat(call(withPassRole, "StopNotebookInstance", "{\"NotebookInstanceName\":\"nb-upd\"}").statusCode())
        .isEqualTo(200);
    awaitStatus("nb-upd", "Stopped");

    String update = "{\"NotebookInstanceName\":\"nb-upd\",\"RoleArn\":\"" + role("Admin") + "\"}";
    passRoleDenied(call(noPassRole, "UpdateNotebookInstance", update), role("Admin"));
    assertThat(describe("nb-upd").path("RoleArn").asText()).isEqualTo(role("Original"));

    HttpResponse<String> allowed = call(withPassRole, "UpdateNotebookInstance", update);
    assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
    assertThat(describe("nb-upd").path("RoleArn").asText()).isEqualTo(role("Admin"));
  }

  @Test
  void hole03_passRoleCheckedWhenRoleArnIsNotAString() throws Exception {
    String arn = "\"" + role("Admin") + "\"";
    serialization(call(noPassRole, "CreateTrainingJob", trainingJob("tj-list", "[" + arn + "]")),
        "Start of list found where not expected");
    serialization(call(noPassRole, "CreateTrainingJob", trainingJob("tj-object", "{\"Arn\":" + arn + "}")),
        "Start of structure or map found where not expected.");
    serialization(call(noPassRole, "CreateTrainingJob", trainingJob("tj-number", "123456789012")),
        "NUMBER_VALUE can not be converted to a String");
    serialization(call(noPassRole, "CreateTrainingJob", trainingJob("tj-true", "true")),
        "TRUE_VALUE can not be converted to a String");
    // nothing was stored
    for (String name : List.of("tj-list", "tj-object", "tj-number", "tj-true")) {
      HttpResponse<String> d = call(withPassRole, "DescribeTrainingJob", "{\"TrainingJobName\":\"" + name + "\"}");
      assertThat(d.statusCode()).as(d.body()).isEqualTo(400);
      assertThat(d.body()).contains("ResourceNotFound");
    }
    // as a string, the role is checked
    passRoleDenied(call(noPassRole, "CreateTrainingJob", trainingJob("tj-string", arn)), role("Admin"));
  }

  @Test
  void hole03_emptyOrMissingRoleArnIsAValidationError() throws Exception {
    validation(call(withPassRole, "CreateTrainingJob", trainingJob("tj-empty", "\"\"")),
        "2 validation errors detected: Value '' at 'roleArn' failed to satisfy constraint: Member must satisfy"
            + " regular expression pattern: " + ROLE_PATTERN + "; Value '' at 'roleArn' failed to satisfy constraint:"
            + " Member must have length greater than or equal to 20");
    validation(call(withPassRole, "CreateTrainingJob", trainingJob("tj-null", "null")),
        "1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
    validation(call(withPassRole, "CreateTrainingJob", trainingJob("tj-bad", "\"arn:aws:iam::" + acct()
        + ":user/alice\"")), "1 validation error detected: Value 'arn:aws:iam::" + acct() + ":user/alice' at"
            + " 'roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern: "
            + ROLE_PATTERN);
  }

  @Test
  void hole03_passRoleIsCheckedForEveryRoleMemberOfTheModelNestedToo() throws Exception {
    // CreateAlgorithm passes ValidationSpecification.ValidationRole (shape RoleArn), not a member named RoleArn
    String algorithm = "{\"AlgorithmName\":\"algo-1\",\"TrainingSpecification\":{\"TrainingImage\":"
        + "\"123.dkr.ecr.us-east-1.amazonaws.com/a:1\",\"SupportedTrainingInstanceTypes\":[\"ml.m5.large\"],"
        + "\"TrainingChannels\":[{\"Name\":\"train\",\"SupportedContentTypes\":[\"text/csv\"],"
        + "\"SupportedInputModes\":[\"File\"]}]},\"ValidationSpecification\":{\"ValidationRole\":\""
        + role("Validator") + "\",\"ValidationProfiles\":[{\"ProfileName\":\"p1\",\"TrainingJobDefinition\":{"
        + "\"TrainingInputMode\":\"File\",\"InputDataConfig\":[{\"ChannelName\":\"train\",\"DataSource\":"
        + "{\"S3DataSource\":{\"S3DataType\":\"S3Prefix\",\"S3Uri\":\"s3://b/in\"}}}],\"OutputDataConfig\":"
        + "{\"S3OutputPath\":\"s3://b/out\"},\"ResourceConfig\":{\"InstanceType\":\"ml.m5.large\",\"InstanceCount\":1,"
        + "\"VolumeSizeInGB\":10},\"StoppingCondition\":{\"MaxRuntimeInSeconds\":60}}}]}}";
    passRoleDenied(call(noPassRole, "CreateAlgorithm", algorithm), role("Validator"));
    HttpResponse<String> ok = call(withPassRole, "CreateAlgorithm", algorithm);
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    // a tuning job's training definition passes its role too
    String tuning = "{\"HyperParameterTuningJobName\":\"hpo-1\",\"HyperParameterTuningJobConfig\":{\"Strategy\":"
        + "\"Bayesian\",\"ResourceLimits\":{\"MaxParallelTrainingJobs\":1}},\"TrainingJobDefinition\":{\"RoleArn\":\""
        + role("Tuner") + "\",\"AlgorithmSpecification\":{\"TrainingInputMode\":\"File\",\"TrainingImage\":\"x:1\"},"
        + "\"OutputDataConfig\":{\"S3OutputPath\":\"s3://b/out\"},\"StoppingCondition\":{\"MaxRuntimeInSeconds\":60}}}";
    passRoleDenied(call(noPassRole, "CreateHyperParameterTuningJob", tuning), role("Tuner"));
  }

  @Test
  void hole03_theModelsConstraintsAndTypesApplyEverywhereAndUnknownMembersAreNotStored() throws Exception {
    validation(call(withPassRole, "CreateNotebookInstance", "{\"NotebookInstanceName\":\"nb-enum\",\"InstanceType\":"
        + "\"ml.nope\",\"RoleArn\":\"" + role("R") + "\"}"), enumMessage());
    serialization(call(withPassRole, "ListNotebookInstances", "{\"MaxResults\":\"10\"}"),
        "STRING_VALUE can not be converted to an Integer");
    validation(call(withPassRole, "ListNotebookInstances", "{\"MaxResults\":99999999999}"),
        "1 validation error detected: Value '99999999999' at 'maxResults' failed to satisfy constraint: Member must"
            + " have value less than or equal to 100");
    serialization(call(withPassRole, "CreateTrainingJob", trainingJob("tj-types", "\"" + role("R") + "\"")
        .replace("\"InstanceCount\":1", "\"InstanceCount\":[1]")), "Start of list found where not expected");
    serialization(call(withPassRole, "CreateTrainingJob", trainingJob("tj-types", "\"" + role("R") + "\"")
        .replace("\"OutputDataConfig\":{\"S3OutputPath\":\"s3://bucket/out\"}", "\"OutputDataConfig\":\"s3://x\"")),
        "Expected null");
    serialization(call(withPassRole, "AddTags", "{\"ResourceArn\":\"arn:aws:sagemaker:us-east-1:" + acct()
        + ":notebook-instance/x\",\"Tags\":{\"Key\":\"a\"}}"), "Start of structure or map found where not expected.");
    validation(call(withPassRole, "AddTags", "{\"ResourceArn\":\"arn:aws:sagemaker:us-east-1:" + acct()
        + ":notebook-instance/x\",\"Tags\":[{\"Value\":\"v\"}]}"), "1 validation error detected: Value null at"
            + " 'tags.1.member.key' failed to satisfy constraint: Member must not be null");
    serialization(call(withPassRole, "ListNotebookInstances", "[]"), "Start of list found where not expected");

    String create = "{\"NotebookInstanceName\":\"nb-extra\",\"InstanceType\":\"ml.t2.medium\",\"RoleArn\":\""
        + role("R") + "\",\"Bogus\":{\"RoleArn\":\"not checked, not stored\"},\"KmsKeyId\":null}";
    HttpResponse<String> r = call(withPassRole, "CreateNotebookInstance", create);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode d = describe("nb-extra");
    assertThat(d.has("Bogus")).isFalse();
    assertThat(d.has("KmsKeyId")).isFalse();
  }

  private String enumMessage() {
    StringBuilder values = new StringBuilder();
    for (JsonNode v : ApiModel.sageMaker().shape("InstanceType").path("enum")) {
      values.append(values.length() == 0 ? "" : ", ").append(v.asText());
    }
    return "1 validation error detected: Value 'ml.nope' at 'instanceType' failed to satisfy constraint: Member must"
        + " satisfy enum value set: [" + values + "]";
  }

  @Test
  void everyPatternOfTheModelIsAJavaRegularExpression() {
    JsonNode shapes = ApiModel.sageMaker().shape("RoleArn");
    assertThat(shapes.path("pattern").asText()).isEqualTo(ROLE_PATTERN);
    ApiModel model = ApiModel.sageMaker();
    int checked = 0;
    for (String op : SageMakerKind.OPERATIONS.keySet()) {
      assertThat(model.hasOperation(op)).as(op).isTrue();
    }
    // a pattern Java cannot read would be a 500 at the first request that has the member
    JsonNode all = allShapes();
    Iterator<Map.Entry<String, JsonNode>> it = all.fields();
    while (it.hasNext()) {
      JsonNode p = it.next().getValue().get("pattern");
      if (p != null) {
        java.util.regex.Pattern.compile(p.asText());
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(400);
  }

  private static JsonNode allShapes() {
    try (var in = new java.util.zip.GZIPInputStream(ApiModel.class.getResourceAsStream(
        "models/sagemaker-2017-07-24.json.gz"))) {
      return JSON.readTree(in).path("shapes");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private JsonNode describe(String notebook) throws Exception {
    HttpResponse<String> r = call(withPassRole, "DescribeNotebookInstance",
        "{\"NotebookInstanceName\":\"" + notebook + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private void awaitStatus(String notebook, String status) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!describe(notebook).path("NotebookInstanceStatus").asText().equals(status)) {
      assertThat(System.nanoTime()).as("status " + status).isLessThan(until);
      Thread.sleep(50);
    }
  }

  @Test
  void probe_aNameDeeperThanTheMatchersStackIsAValidationErrorNotA500() throws Exception {
    HttpResponse<String> r = call(withPassRole, "DescribeNotebookInstance",
        "{\"NotebookInstanceName\":\"" + "a".repeat(10_000) + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).contains("ValidationException").contains("Member must have length less than or equal to 63");
  }

  @Test
  void probe_aNumberTheMemberCannotHoldIsASerializationErrorNotA500() throws Exception {
    for (String n : List.of("1e400", "-1e400", "1e30", "9223372036854775808")) {
      serialization(call(withPassRole, "ListNotebookInstances", "{\"MaxResults\":" + n + "}"),
          "NUMBER_VALUE can not be converted to an Integer");
    }
    HttpResponse<String> ok = call(withPassRole, "ListNotebookInstances", "{\"MaxResults\":10}");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
  }

  @Test
  void probe_aTargetThatIsNotSageMakersIsAnUnknownOperationInJsonNotAQueryRequest() throws Exception {
    // "sagemaker." in lower case fell through to the IAM Query path: an XML SignatureDoesNotMatch ("scoped to
    // correct service: 'iam'") instead of the JSON protocol's UnknownOperationException
    for (String target : List.of("sagemaker.ListModels", "AmazonSageMaker.ListModels", "SageMaker.", "DynamoDB_20120810.ListTables")) {
      HttpResponse<String> r = RawCalls.json(fast.endpoint(), withPassRole, "us-east-1", "sagemaker", target, "{}");
      assertThat(r.statusCode()).as(target + ": " + r.body()).isEqualTo(400);
      assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-amz-json-1.1");
      assertThat(r.body()).as(target).contains("UnknownOperationException").doesNotContain("<");
    }
    HttpResponse<String> ok = RawCalls.json(fast.endpoint(), withPassRole, "us-east-1", "sagemaker", "SageMaker.ListModels", "{}");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    // a form body stays the Query protocol's, target or not (probe12): IAM answers it in XML
    HttpResponse<String> query = RawCalls.queryWithTarget(fast.endpoint(), withPassRole, "us-east-1", "iam",
        "AmazonIdentityManagement.GetUser", "Action=GetUser&Version=2010-05-08");
    assertThat(query.body()).as(query.body()).startsWith("<").contains("GetUser").doesNotContain("UnknownOperation");
  }

  @Test
  void probe_textAfterTheBodysJsonValueMakesItMalformed() throws Exception {
    for (String body : List.of("{}xyz", "{} {}", "{}]")) {
      HttpResponse<String> r = call(withPassRole, "ListModels", body);
      assertThat(r.statusCode()).as(body + ": " + r.body()).isEqualTo(400);
      assertThat(r.headers().firstValue("x-amzn-ErrorType")).as(body).hasValue("SerializationException");
    }
    assertThat(call(withPassRole, "ListModels", "{}  \n").statusCode()).isEqualTo(200);
  }

  @Test
  void probe12_aTargetThatIsABareOperationNameIsAnUnknownOperationNotRun() throws Exception {
    // the target without "SageMaker." was taken as the operation: "ListModels" listed the models and
    // "CreateDomain" was validated as one
    for (String target : List.of("ListModels", "CreateDomain", "DescribeTrialComponent")) {
      HttpResponse<String> r = RawCalls.json(fast.endpoint(), withPassRole, "us-east-1", "sagemaker", target, "{}");
      assertThat(r.statusCode()).as(target + ": " + r.body()).isEqualTo(400);
      assertThat(r.body()).as(target).contains("UnknownOperationException").contains("Unknown operation " + target);
    }
  }

  @Test
  void probe_aTimestampThatIsNoDateIsASerializationErrorNotAStored500() throws Exception {
    // stored as given, "yesterday" made every later Describe and List of trial components a 500
    serialization(call(withPassRole, "CreateTrialComponent",
        "{\"TrialComponentName\":\"tc-not-a-date\",\"StartTime\":\"yesterday\"}"),
        "STRING_VALUE can not be converted to a Date");
    HttpResponse<String> d = call(withPassRole, "DescribeTrialComponent", "{\"TrialComponentName\":\"tc-not-a-date\"}");
    assertThat(d.statusCode()).as(d.body()).isEqualTo(400);
    assertThat(d.body()).contains("ResourceNotFound");
    // epoch seconds, as the SDKs send them, and an ISO 8601 instant are dates
    for (String t : List.of("1700000000", "1700000000.5", "\"2024-01-02T03:04:05Z\"")) {
      HttpResponse<String> ok = call(withPassRole, "CreateTrialComponent",
          "{\"TrialComponentName\":\"tc-date-" + Math.abs(t.hashCode()) + "\",\"StartTime\":" + t + "}");
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    }
    HttpResponse<String> list = call(withPassRole, "ListTrialComponents", "{}");
    assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
  }
}
