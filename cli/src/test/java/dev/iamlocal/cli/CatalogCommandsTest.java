package dev.iamlocal.cli;

import static dev.iamlocal.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code iamlocal expand} and {@code iamlocal describe-action}. */
class CatalogCommandsTest {

  @Test
  void expandPrintsCanonicalNamesOnePerLine() {
    Cli.Result r = run("expand", "SAGEMAKER:*algorithm");
    assertThat(r.code()).isEqualTo(Main.OK);
    assertThat(r.out().lines()).containsExactly(
        "sagemaker:CreateAlgorithm", "sagemaker:DeleteAlgorithm", "sagemaker:DescribeAlgorithm");
  }

  @Test
  void expandFailsWhenAPatternMatchesNothing() {
    Cli.Result r = run("expand", "s3:GetObject", "s3:Frobnicate*");
    assertThat(r.code()).isEqualTo(Main.FAILED_CHECK);
    assertThat(r.out().lines()).containsExactly("s3:GetObject");
    assertThat(r.err()).contains("s3:Frobnicate* matches no action");
  }

  @Test
  void describeActionText() {
    Cli.Result r = run("describe-action", "sagemaker:CreateTrainingJob");
    assertThat(r.code()).isEqualTo(Main.OK);
    assertThat(r.out()).startsWith("sagemaker:CreateTrainingJob (Amazon SageMaker)\n  access level: Write\n")
        .contains("    training-job (required)  arn:${Partition}:sagemaker:${Region}:${Account}:training-job/${TrainingJobName}")
        .contains("    sagemaker:InstanceTypes  ArrayOfString")
        .contains("    sagemaker:VolumeKmsKeyArn  ARN")
        .contains("    reserved-capacity  arn:${Partition}:sagemaker:${Region}:${Account}:reserved-capacity/${RandomString}")
        .contains("  dependent actions:\n    iam:PassRole");
  }

  @Test
  void describeActionJson() throws Exception {
    Cli.Result r = run("describe-action", "--format", "json", "sagemaker:createtrainingjob");
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("action").asText()).isEqualTo("sagemaker:CreateTrainingJob");
    assertThat(j.get("accessLevel").asText()).isEqualTo("Write");
    assertThat(j.get("resourceTypes").findValuesAsText("name")).contains("training-job");
    j.get("resourceTypes").forEach(rt -> assertThat(rt.get("required").asBoolean())
        .isEqualTo(rt.get("name").asText().equals("training-job")));
    assertThat(j.get("conditionKeys").findValuesAsText("name")).contains("sagemaker:NetworkIsolation");
    assertThat(j.get("dependentActions").toString()).contains("iam:PassRole");
  }

  @Test
  void describeUnknownActionExitsTwoWithSuggestions() {
    Cli.Result r = run("describe-action", "sagemaker:CreateFlowDefiniton");
    assertThat(r.code()).isEqualTo(Main.INVALID_INPUT);
    assertThat(r.err()).contains("did you mean sagemaker:CreateFlowDefinition");
    assertThat(r.out()).isEmpty();
  }
}
