package dev.iamlocal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** simulate and explain run the validator over the scenarios' policies and say what it finds. */
class ScenarioValidationTest {

  @TempDir
  Path dir;

  private static final String ALICE = "arn:aws:iam::111122223333:user/alice";

  /** The misspelled action's opening quote is on line 4, column 41. */
  private static final String TYPO_POLICY = "{\n"
      + "        \"Version\": \"2012-10-17\",\n"
      + "        \"Statement\": [\n"
      + "          {\"Effect\": \"Allow\", \"Action\": \"sagemaker:CreateTrainingJobs\", \"Resource\": \"*\"}]}";

  private Path typoScenarios() {
    String scenario = "{\"name\": \"train\", \"identityPolicies\": [{\"name\": \"Training\", \"policy\": " + TYPO_POLICY + "}],"
        + " \"principal\": \"" + ALICE + "\", \"action\": \"sagemaker:CreateTrainingJob\"}";
    // the same policy in three scenarios: checked, and reported, once
    return Cli.write(dir, "typo.json", "[" + scenario + ",\n" + scenario.replace("\"train\"", "\"again\"") + ",\n"
        + scenario.replace("\"train\"", "\"third\"") + "]\n");
  }

  @Test
  void aMisspelledActionIsReportedAtItsPlaceInTheFileInsteadOfASilentImplicitDeny() {
    Path f = typoScenarios();
    Cli.Result r = Cli.run("simulate", "--input", f.toString());
    // the decision is what AWS would decide, and the exit status does not change
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("implicitDeny");
    assertThat(r.err()).startsWith("iamlocal simulate: warning: the validator has findings on the scenarios' policies")
        .contains(f + ":4:41: error INVALID_ACTION: \"sagemaker:CreateTrainingJobs\" is not an action of Amazon SageMaker;"
            + " did you mean `sagemaker:CreateTrainingJob`?")
        .contains("(identity policy Training)")
        .contains("  hint: Replace it with `sagemaker:CreateTrainingJob`");
    assertThat(r.err().split("INVALID_ACTION", -1)).as("reported once for three scenarios").hasSize(2);
  }

  @Test
  void jsonOutputStaysJsonWhileTheWarningsGoToStandardError() {
    Cli.Result r = Cli.run("simulate", "--input", typoScenarios().toString(), "--output", "json");
    assertThat(r.json()).hasSize(3);
    assertThat(r.err()).contains("INVALID_ACTION");
  }

  @Test
  void noValidateAndQuietLeaveTheCheckOut() {
    Path f = typoScenarios();
    Cli.Result off = Cli.run("simulate", "--input", f.toString(), "--no-validate");
    assertThat(off.code()).isZero();
    assertThat(off.err()).isEmpty();
    assertThat(off.out()).contains("3 scenarios");
    assertThat(Cli.run("simulate", "--input", f.toString(), "--quiet").err()).isEmpty();
    assertThat(Cli.run("explain", "--input", f.toString(), "--no-validate").err()).isEmpty();
  }

  @Test
  void explainWarnsAboutThePoliciesOfTheScenariosItExplains() {
    Path f = typoScenarios();
    Cli.Result r = Cli.run("explain", "--input", f.toString(), "--scenario", "2");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("Decision: implicitDeny");
    // the second scenario's own copy of the policy, four lines further down
    assertThat(r.err()).startsWith("iamlocal explain: warning:").contains(f + ":8:41: error INVALID_ACTION");
  }

  @Test
  void aPolicyStringIsPlacedAtTheStringAndWithinIt() {
    Path f = Cli.write(dir, "string.json", "{\"identityPolicies\": [\"{\\\"Version\\\": \\\"2012-10-17\\\", \\\"Statement\\\":"
        + " {\\\"Effect\\\": \\\"Allow\\\", \\\"Action\\\": \\\"s3:GetObjekt\\\", \\\"Resource\\\": \\\"*\\\"}}\"],"
        + " \"principal\": \"" + ALICE + "\", \"action\": \"s3:GetObject\"}");
    Cli.Result r = Cli.run("simulate", "--input", f.toString());
    assertThat(r.err()).contains(f + ":1:23: error INVALID_ACTION: \"s3:GetObjekt\"")
        .contains("(identity policy identityPolicies.1, line 1, column 70 of its string)");
  }

  @Test
  void theResourcePolicyOfAnStsCallIsCheckedAsATrustPolicy() {
    // checked as a resource policy it would also lack a Resource, which a trust policy never has
    String trust = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\"}]}";
    Path f = Cli.write(dir, "trust.json", "{\"resourcePolicy\": " + trust + ", \"principal\": \"" + ALICE + "\","
        + " \"action\": \"sts:AssumeRole\", \"resource\": \"arn:aws:iam::111122223333:role/r\"}");
    Cli.Result r = Cli.run("simulate", "--input", f.toString());
    assertThat(r.err()).contains("MISSING_PRINCIPAL: The statement has no Principal; a trust policy must name who it"
        + " applies to. (trust policy resourcePolicy)").doesNotContain("MISSING_RESOURCE");
  }

  @Test
  void findingsComeInTheOrderThePoliciesWereMetAndBeforeAnErrorFurtherDown() {
    String a = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObjekt\", \"Resource\": \"*\"}]}";
    String b = a.replace("s3:GetObjekt", "s3:PutObjekt");
    Path f = Cli.write(dir, "order.json", "[\n"
        + "{\"identityPolicies\": [" + a + "], \"principal\": \"" + ALICE + "\", \"action\": \"s3:GetObject\"},\n"
        + "{\"identityPolicies\": [" + b + "], \"principal\": \"" + ALICE + "\", \"action\": \"s3:PutObject\"},\n"
        + "{\"principal\": \"" + ALICE + "\", \"actions\": \"s3:GetObject\"}\n]\n");
    Cli.Result r = Cli.run("simulate", "--input", f.toString());
    assertThat(r.code()).isEqualTo(Main.INVALID_INPUT);
    int first = r.err().indexOf("s3:GetObjekt");
    int second = r.err().indexOf("s3:PutObjekt");
    int error = r.err().indexOf("unknown scenario member \"actions\"");
    assertThat(first).isPositive();
    assertThat(second).isGreaterThan(first);
    assertThat(error).isGreaterThan(second);
  }
}
