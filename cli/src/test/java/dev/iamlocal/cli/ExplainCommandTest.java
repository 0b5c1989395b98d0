package dev.iamlocal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplainCommandTest {

  @TempDir
  Path dir;

  @Test
  void explainsDecisionStatementsConditionsAndVariables() {
    String policy = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Sid\": \"OwnNotebooks\",\n"
        + "      \"Effect\": \"Allow\",\n      \"Action\": \"sagemaker:DescribeNotebookInstance\",\n"
        + "      \"Resource\": \"arn:aws:sagemaker:us-east-1:111122223333:notebook-instance/${aws:username}-*\"\n    },\n"
        + "    {\n      \"Sid\": \"NoProjectB\",\n      \"Effect\": \"Deny\",\n      \"Action\": \"sagemaker:*\",\n"
        + "      \"Resource\": \"*\",\n      \"Condition\": {\"StringEquals\": {\"sagemaker:ResourceTag/Project\": \"B\"}}\n    },\n"
        + "    {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}\n  ]\n}";
    Path f = Cli.write(dir, "x.json", "[{\"name\": \"bob's notebook\", \"identityPolicies\": [{\"name\": \"Team\", \"policy\": " + policy
        + "}], \"principal\": \"arn:aws:iam::111122223333:user/alice\", \"action\": \"sagemaker:DescribeNotebookInstance\","
        + " \"resource\": \"arn:aws:sagemaker:us-east-1:111122223333:notebook-instance/bob-nb\","
        + " \"context\": {\"sagemaker:ResourceTag/Project\": \"A\"}, \"expect\": \"implicitDeny\"},"
        + " {\"name\": \"second\", \"identityPolicies\": [" + policy + "], \"principal\": \"sagemaker.amazonaws.com\", \"action\": \"s3:GetObject\"}]");
    Cli.Result r = Cli.run("explain", "--input", f.toString(), "--scenario", "bob's notebook");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("Scenario bob's notebook (" + f + ":1:2)")
        .contains("Decision: implicitDeny")
        .contains("no identity-based policy allows the sagemaker:DescribeNotebookInstance action")
        .contains("Team OwnNotebooks Allow lines 4-9")
        // the variable as resolved for this request
        .contains("notebook-instance/alice-*")
        .contains("[false] StringEquals sagemaker:ResourceTag/Project")
        .contains("action sagemaker:DescribeNotebookInstance does not match Action [s3:*]")
        .contains("Expected: implicitDeny (met)")
        .doesNotContain("Scenario second");

    Cli.Result deny = Cli.run("explain", "--input", f.toString(), "--scenario", "2");
    assertThat(deny.out()).contains("Scenario second").contains("Notes:")
        .contains("Identity policies were not applied");
    assertThat(Cli.run("explain", "--input", f.toString(), "--scenario", "nope").code()).isEqualTo(2);
  }

  /** Hole 16 in the CLI: explain and simulate answer sts:GetCallerIdentity allowed, and say why. */
  @Test
  void hole16_getCallerIdentityIsAllowedUnderADenyAndTheOutputSaysWhy() {
    Path f = Cli.write(dir, "gci.json", "{\"identityPolicies\": [{\"Version\": \"2012-10-17\", \"Statement\":"
        + " [{\"Effect\": \"Deny\", \"Action\": \"*\", \"Resource\": \"*\"}]}],"
        + " \"principal\": \"arn:aws:iam::111122223333:user/alice\", \"action\": \"sts:GetCallerIdentity\"}");
    Cli.Result r = Cli.run("explain", "--input", f.toString());
    assertThat(r.out()).as(r.err()).contains("Decision: allowed")
        .contains("why: sts:GetCallerIdentity requires no permissions");
    Cli.Result sim = Cli.run("simulate", "--input", f.toString());
    assertThat(sim.out()).as(sim.err()).contains("allowed").contains("sts:GetCallerIdentity requires no permissions")
        .doesNotContain("allowed by \n");
  }

  @Test
  void showsTheDecisiveStatementsSourceLines() {
    String policy = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Deny\",\n"
        + "      \"Action\": \"s3:*\",\n      \"Resource\": \"*\"\n    }\n  ]\n}";
    Path f = Cli.write(dir, "d.json", "{\"identityPolicies\": [" + policy + "], \"principal\": \"arn:aws:iam::111122223333:user/alice\","
        + " \"action\": \"s3:GetObject\"}");
    Cli.Result r = Cli.run("explain", "--input", f.toString());
    assertThat(r.out()).contains("Decision: explicitDeny").contains("Decisive statements:")
        .contains("identityPolicies.1 (identity-based policy) statement #1, Deny, lines 4-8")
        .contains("   5 |       \"Effect\": \"Deny\",");
  }

  /**
   * What an explanation prints from the file's JSON strings (a Sid, a policy's or a scenario's name, a context value)
   * cannot reach the terminal as a control character: an escape sequence is printed escaped, the excerpt's own
   * indentation and line breaks stay.
   */
  @Test
  void controlCharactersFromTheFileArePrintedEscaped() {
    String policy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"S\\u001b[2J\", \"Effect\": \"Deny\","
        + " \"Action\": \"s3:*\", \"Resource\": \"*\"}]}";
    Path f = Cli.write(dir, "esc.json", "{\"name\": \"n\\u001b]0;title\\u0007\", \"identityPolicies\": [" + policy + "],"
        + " \"principal\": \"arn:aws:iam::111122223333:user/alice\", \"action\": \"s3:GetObject\","
        + " \"context\": {\"aws:UserAgent\": \"ua\\r\\u009b\"}}");
    Cli.Result r = Cli.run("explain", "--input", f.toString(), "--no-validate");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("S\\u001b[2J").contains("n\\u001b]0;title\\u0007").contains("ua\\r\\u009b")
        .doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\u009b").doesNotContain("\r");
    Cli.Result sim = Cli.run("simulate", "--input", f.toString(), "--no-validate", "--explain");
    assertThat(sim.out()).contains("S\\u001b[2J").doesNotContain("\u001b").doesNotContain("\r");
  }
}
