package dev.iamlocal.server.sagemaker;

import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.server.auth.Caller;
import dev.iamlocal.server.FuzzStore;
import dev.iamlocal.server.authz.NetworkProfile;
import dev.iamlocal.server.authz.Subjects;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamlocal.store.IamException;
import dev.iamlocal.store.IamStore;
import dev.iamlocal.store.SageMakerStore;
import dev.iamlocal.store.User;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzz target (c), AWS JSON 1.1: a SageMaker request body (raw bytes, or a JSON object built from
 * the members SageMaker reads with values of every JSON type) goes to an operation, as the account's
 * root user and as a user whose policy allows everything. Nothing but AWS's 4xx errors may come
 * out: any other exception is an HTTP 500.
 *
 * <p>{@code mvn test} replays the saved inputs in
 * {@code src/test/resources/dev/iamlocal/server/SageMakerJsonFuzzTestInputs/}; with
 * {@code JAZZER_FUZZ=1} it fuzzes (docs/fuzzing.md).
 */
class SageMakerJsonFuzzTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  static final String[] SPECIAL = {"AddTags", "DeleteTags", "ListTags", "Search", "CreatePresignedNotebookInstanceUrl",
      "NoSuchOperation"};
  static final String[] MEMBERS = {"NotebookInstanceName", "InstanceType", "RoleArn", "SubnetId", "SecurityGroupIds",
      "KmsKeyId", "VolumeSizeInGB", "DirectInternetAccess", "RootAccess", "Tags", "Key", "Value", "TrainingJobName",
      "AlgorithmSpecification", "ResourceConfig", "VpcConfig", "Subnets", "SecurityGroups", "EnableNetworkIsolation",
      "EnableInterContainerTrafficEncryption", "OutputDataConfig", "StoppingCondition", "MaxRuntimeInSeconds",
      "ModelName", "ExecutionRoleArn", "EndpointConfigName", "ProductionVariants", "AcceleratorType", "EndpointName",
      "ResourceArn", "TagKeys", "Resource", "SearchExpression", "Filters", "Name", "Operator", "And", "Or",
      "MaxResults", "NextToken", "SortOrder", "NameContains", "StatusEquals", "HyperParameterTuningJobName",
      "HyperParameterTuningJobConfig", "ProcessingJobName", "ProcessingResources", "AppSpecification",
      "TransformJobName", "TransformResources", "TransformInput", "TransformOutput", "LabelingJobName",
      "LabelAttributeName", "HumanTaskConfig", "InputConfig", "OutputConfig", "FlowDefinitionName", "HumanLoopConfig",
      "WorkteamName", "MemberDefinitions", "Description", "AlgorithmName", "TrainingSpecification", "ModelPackageName",
      "CodeRepositoryName", "GitConfig", "NotebookInstanceLifecycleConfigName", "LifecycleConfigName",
      "AcceleratorTypes", "VolumeKmsKeyId", "FileSystemDataSource", "FileSystemId", "FileSystemType",
      "FileSystemAccessMode", "DirectoryPath", "Enabled", "Equals", "NotEquals", "Contains", "Exists", "NotExists"};
  static final String[] STRINGS = {"nb", "job-1", "ml.t3.medium", "ml.c5.xlarge", "ml.p3.2xlarge", "Enabled",
      "Disabled", "subnet-1", "sg-1", "arn:aws:iam::%s:role/r", "arn:aws:iam::%s:role/service-role/x",
      "arn:aws:kms:us-east-1:%s:key/k", "arn:aws:sagemaker:us-east-1:%s:notebook-instance/nb", "Ascending",
      "Descending", "Equals", "Contains", "ml.eia1.medium", "EFS", "FSxLustre", "ro", "rw", "", "*", "a b",
      "\u0000", "é"};

  private static IamStore store;
  private static SageMakerApi api;
  private static String acct;

  private static synchronized void open() {
    if (store != null) {
      return;
    }
    FuzzStore.Seeded seeded = FuzzStore.withAllowAllUser();
    store = seeded.store();
    acct = seeded.account();
    api = new SageMakerApi(store, new Subjects(store), new SageMakerStore(store), null, Clock.systemUTC(),
        Duration.ZERO);
  }

  @FuzzTest(maxDuration = "10m")
  void jsonApi(FuzzedDataProvider data) throws Exception {
    open();
    List<String> operations = new ArrayList<>(SageMakerKind.OPERATIONS.keySet());
    operations.sort(null);
    operations.addAll(List.of(SPECIAL));
    String operation = data.consumeInt(0, 15) == 0 ? data.consumeString(30)
        : operations.get(data.consumeInt(0, operations.size() - 1));
    boolean asRoot = data.consumeBoolean();
    byte[] body = data.consumeBoolean() ? data.consumeRemainingAsBytes()
        : JSON.writeValueAsBytes(object(data, 0));
    Caller caller;
    if (asRoot) {
      caller = new Caller(acct, "arn:aws:iam::" + acct + ":root", null, acct, "AKIAROOT", "us-east-1",
          store.changeVersion());
    } else {
      User u = store.users().getUser(acct, "fuzzer");
      caller = new Caller(acct, u.arn(), "fuzzer", u.userId(), "AKIAFUZZER", "us-east-1", store.changeVersion());
    }
    try {
      String out = api.handle(operation, body, caller, NetworkProfile.direct("192.0.2.1"));
      assertThat(JSON.readTree(out).isObject()).isTrue();
    } catch (AwsError e) {
      assertThat(e.status).as("%s %s: %s", operation, new String(body, StandardCharsets.UTF_8), e.getMessage())
          .isBetween(400, 499);
    } catch (IamException e) {
      // the endpoint answers these as 400 ValidationException
    }
  }

  private static ObjectNode object(FuzzedDataProvider data, int depth) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    for (int i = data.consumeInt(0, depth == 0 ? 8 : 3); i > 0; i--) {
      String key = data.consumeInt(0, 7) == 0 ? data.consumeString(20) : data.pickValue(MEMBERS);
      o.set(key, value(data, depth + 1));
    }
    return o;
  }

  private static JsonNode value(FuzzedDataProvider data, int depth) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    int kind = data.consumeInt(0, depth > 3 ? 4 : 6);
    return switch (kind) {
      case 0 -> f.textNode(data.pickValue(STRINGS).replace("%s", acct));
      case 1 -> f.textNode(data.consumeString(60));
      case 2 -> f.numberNode(data.consumeInt(-2, 100_000));
      case 3 -> f.booleanNode(data.consumeBoolean());
      case 4 -> data.consumeBoolean() ? f.nullNode() : f.numberNode(data.consumeDouble());
      case 5 -> {
        ArrayNode a = f.arrayNode();
        for (int i = data.consumeInt(0, 3); i > 0; i--) {
          a.add(value(data, depth + 1));
        }
        yield a;
      }
      default -> object(data, depth);
    };
  }
}
