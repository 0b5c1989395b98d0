package dev.iamlocal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {

  @TempDir
  Path dir;

  private static final String ALICE = "arn:aws:iam::111122223333:user/alice";
  private static final String NB = "arn:aws:sagemaker:us-east-1:111122223333:notebook-instance/nb1";

  /** Seed 21 (DevTeam1 deny Project=B) and 14 (training instance types), inline as objects. */
  private Path seedScenarios() {
    String p21 = Cli.seed("21-").strip();
    String p14 = Cli.seed("14-").strip();
    String p04 = Cli.seed("04-").strip();
    return Cli.write(dir, "seeds.json", "[\n"
        + "{\"name\": \"describe B\", \"identityPolicies\": [" + p21 + "], \"principal\": \"" + ALICE + "\",\n"
        + " \"action\": \"sagemaker:DescribeNotebookInstance\", \"resource\": \"" + NB + "\",\n"
        + " \"context\": {\"sagemaker:ResourceTag/Project\": \"B\"}, \"expect\": \"explicitDeny\"},\n"
        + "{\"name\": \"describe A\", \"identityPolicies\": [" + p21 + "], \"principal\": \"" + ALICE + "\",\n"
        + " \"action\": \"sagemaker:DescribeNotebookInstance\", \"resource\": \"" + NB + "\",\n"
        + " \"context\": {\"sagemaker:ResourceTag/Project\": \"A\"}, \"expect\": \"allowed\"},\n"
        + "{\"name\": \"list\", \"identityPolicies\": [" + p21 + "], \"principal\": \"" + ALICE + "\",\n"
        + " \"action\": \"sagemaker:ListNotebookInstances\", \"expect\": \"allowed\"},\n"
        + "{\"name\": \"c5 training\", \"identityPolicies\": [{\"name\": \"EnforceC5\", \"policy\": " + p14 + "}],\n"
        + " \"principal\": \"" + ALICE + "\", \"action\": \"sagemaker:CreateTrainingJob\",\n"
        + " \"resource\": \"arn:aws:sagemaker:us-east-1:111122223333:training-job/j\",\n"
        + " \"context\": {\"sagemaker:InstanceTypes\": [\"ml.c5.xlarge\", \"ml.c5.2xlarge\"]}, \"expect\": \"allowed\"},\n"
        + "{\"name\": \"p3 training\", \"identityPolicies\": [" + p14 + "], \"principal\": \"" + ALICE + "\",\n"
        + " \"action\": \"sagemaker:CreateTrainingJob\", \"resource\": \"arn:aws:sagemaker:us-east-1:111122223333:training-job/j\",\n"
        + " \"context\": {\"sagemaker:InstanceTypes\": [\"ml.p3.xlarge\"]}, \"expect\": \"implicitDeny\"},\n"
        + "{\"name\": \"own user\", \"identityPolicies\": [" + p04 + "], \"principal\": \"" + ALICE + "\",\n"
        + " \"action\": \"iam:GetUser\", \"resource\": \"arn:aws:iam::111122223333:user/alice\", \"expect\": \"allowed\"},\n"
        + "{\"name\": \"other user\", \"identityPolicies\": [" + p04 + "], \"principal\": \"" + ALICE + "\",\n"
        + " \"action\": \"iam:GetUser\", \"resource\": \"arn:aws:iam::111122223333:user/bob\", \"expect\": \"implicitDeny\"}\n"
        + "]\n");
  }

  @Test
  void seedPoliciesDecideAsTheirReadmeSays() {
    Cli.Result r = Cli.run("simulate", "--input", seedScenarios().toString(), "--output", "json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode a = r.json();
    assertThat(a).hasSize(7);
    assertThat(a.findValuesAsText("decision")).containsExactly(
        "explicitDeny", "allowed", "allowed", "allowed", "implicitDeny", "allowed", "implicitDeny");
    for (JsonNode s : a) {
      assertThat(s.get("asExpected").asBoolean()).as(s.get("name").asText()).isTrue();
    }
  }

  @Test
  void jsonOutputLocatesTheDecisiveStatementInThePolicyText() {
    Cli.Result r = Cli.run("simulate", "--input", seedScenarios().toString(), "--output", "json");
    String p21 = Cli.seed("21-").strip();
    JsonNode deny = r.json().get(0);
    assertThat(deny.get("name").asText()).isEqualTo("describe B");
    assertThat(deny.get("blockedBy").asText()).isEqualTo("identity");
    assertThat(deny.get("reason").asText()).contains("explicit deny");
    JsonNode m = deny.get("matchedStatements");
    assertThat(m).hasSize(1);
    assertThat(m.get(0).get("policyId").asText()).isEqualTo("identityPolicies.1");
    assertThat(m.get(0).get("policyType").asText()).isEqualTo("identity");
    assertThat(m.get(0).get("statementIndex").asInt()).isEqualTo(1);
    // Positions count from the policy's own first character (its opening brace is 1:1).
    int open = p21.indexOf("{ \"Effect\": \"Deny\"");
    int close = p21.indexOf("} } }", open) + 5;
    assertThat(m.get(0).get("start").get("line").asInt()).isEqualTo(1);
    assertThat(m.get(0).get("start").get("column").asInt()).isEqualTo(open + 1);
    assertThat(m.get(0).get("end").get("column").asInt()).isEqualTo(close + 1);
    // Every statement is traced, with the condition that decided.
    JsonNode traces = deny.get("explanation").get("statements");
    assertThat(traces).hasSize(3);
    assertThat(traces.get(1).get("decisive").asBoolean()).isTrue();
    assertThat(traces.get(1).get("conditions").get(0).get("key").asText()).isEqualTo("sagemaker:ResourceTag/Project");
    assertThat(traces.get(2).get("mismatch").asText()).isEqualTo("action");
    // A named policy keeps its name.
    assertThat(r.json().get(3).get("matchedStatements").get(0).get("policyId").asText()).isEqualTo("EnforceC5");
  }

  @Test
  void aSingleScenarioGivesASingleObject() {
    Path f = Cli.write(dir, "one.json", "{\"identityPolicies\": [\"{\\\"Version\\\": \\\"2012-10-17\\\", \\\"Statement\\\": "
        + "{\\\"Effect\\\": \\\"Allow\\\", \\\"Action\\\": \\\"s3:GetObject\\\", \\\"Resource\\\": \\\"*\\\"}}\"],"
        + " \"principal\": \"" + ALICE + "\", \"action\": \"s3:GetObject\", \"resource\": \"arn:aws:s3:::b/k\"}");
    Cli.Result r = Cli.run("simulate", "--input", f.toString(), "--output", "json");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.json().isObject()).isTrue();
    assertThat(r.json().get("decision").asText()).isEqualTo("allowed");
    // A policy given as a string: positions within the string.
    assertThat(r.json().get("matchedStatements").get(0).get("start").get("column").asInt()).isEqualTo(40);
  }

  @Test
  void textOutputIsATableWithTheReason() {
    Cli.Result r = Cli.run("simulate", "--input", seedScenarios().toString());
    assertThat(r.code()).isZero();
    String[] lines = r.out().split("\n");
    assertThat(lines[0]).contains("SCENARIO").contains("DECISION").contains("REASON");
    assertThat(lines[1]).contains("describe B").contains("explicitDeny").contains("ok")
        // the file's position: the policy is written on the file's second line
        .contains("explicit deny").contains("identityPolicies.1 #2 (2:");
    assertThat(lines[2]).contains("describe A").contains("allowed by identityPolicies.1 #1");
    assertThat(r.out()).contains("7 scenarios: 4 allowed, 1 explicitDeny, 2 implicitDeny");
  }

  @Test
  void expectFailsWithStatusOneAndDeniedMatchesBothDenies() {
    String in = seedScenarios().toString();
    Cli.Result allowed = Cli.run("simulate", "--input", in, "--expect", "allowed");
    assertThat(allowed.code()).isEqualTo(Main.FAILED_CHECK);
    assertThat(allowed.out()).contains("FAIL").contains("[expected allowed]");
    assertThat(allowed.err()).contains("3 of 7 scenarios did not have the expected decision");

    Path denies = Cli.write(dir, "denies.json", "[" + scenario("{\"sagemaker:ResourceTag/Project\": \"B\"}", "sagemaker:DescribeNotebookInstance")
        + "," + scenario("{}", "s3:GetObject") + "]");
    assertThat(Cli.run("simulate", "--input", denies.toString(), "--expect", "denied").code()).isZero();
    assertThat(Cli.run("simulate", "--input", denies.toString(), "--expect", "explicitDeny").code()).isEqualTo(1);
    assertThat(Cli.run("simulate", "--input", denies.toString(), "--expect", "maybe").code()).isEqualTo(2);
  }

  @Test
  void aScenariosOwnExpectFailsTheRun() {
    Path f = Cli.write(dir, "own.json", "[" + scenario("{}, \"expect\": \"allowed\"", "s3:GetObject") + "]");
    Cli.Result r = Cli.run("simulate", "--input", f.toString(), "--output", "json");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.json().get(0).get("asExpected").asBoolean()).isFalse();
  }

  private static String scenario(String context, String action) {
    return "{\"identityPolicies\": [" + Cli.seed("21-").strip() + "], \"principal\": \"" + ALICE + "\", \"action\": \""
        + action + "\", \"resource\": \"" + NB + "\", \"context\": " + context + "}";
  }

  @Test
  void unknownMemberIsReportedWithLineColumnAndAHint() {
    Path f = Cli.write(dir, "bad.json", "[\n  {\n    \"principal\": \"" + ALICE + "\",\n    \"actions\": \"s3:GetObject\"\n  }\n]\n");
    Cli.Result r = Cli.run("simulate", "--input", f.toString());
    assertThat(r.code()).isEqualTo(Main.INVALID_INPUT);
    assertThat(r.err()).contains("bad.json:4:5: unknown scenario member \"actions\"")
        .contains("$[0].actions").contains("Did you mean \"action\"?").doesNotContain("Exception");
  }

  @Test
  void invalidJsonIsReportedWithLineAndColumn() {
    Path f = Cli.write(dir, "broken.json", "[\n  {\"principal\": \"" + ALICE + "\" \"action\": \"s3:GetObject\"}\n]");
    Cli.Result r = Cli.run("simulate", "--input", f.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("broken.json:2:").contains("invalid JSON").doesNotContain("at com.");
  }

  @Test
  void anInvalidPolicyIsReportedAtItsPlaceInTheFile() {
    Path f = Cli.write(dir, "badpolicy.json", "{\"identityPolicies\": [\n  {\"Version\": \"2012-10-17\",\n"
        + "   \"Statement\": [{\"Effect\": \"Alow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}]}\n],\n"
        + " \"principal\": \"" + ALICE + "\", \"action\": \"s3:GetObject\"}");
    Cli.Result r = Cli.run("simulate", "--input", f.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("badpolicy.json:3:").contains("INVALID_EFFECT").contains("identityPolicies.1");
  }

  @Test
  void wrongTypesAndMissingMembersAreErrors() {
    Path noAction = Cli.write(dir, "na.json", "{\"principal\": \"" + ALICE + "\"}");
    assertThat(Cli.run("simulate", "--input", noAction.toString()).err()).contains("na.json:1:1: the scenario has no \"action\"");
    Path badCtx = Cli.write(dir, "ctx.json", "{\"principal\": \"" + ALICE + "\", \"action\": \"s3:GetObject\",\n \"context\": {\"k:x\": {}}}");
    assertThat(Cli.run("simulate", "--input", badCtx.toString()).err()).contains("ctx.json:2:21: expected a string, found an object");
    Path badPrincipal = Cli.write(dir, "pr.json", "{\"principal\": \"alice\", \"action\": \"s3:GetObject\"}");
    assertThat(Cli.run("simulate", "--input", badPrincipal.toString()).err()).contains("pr.json:1:15:").contains("is not a principal");
    Path levels = Cli.write(dir, "lv.json", "{\"principal\": \"" + ALICE + "\", \"action\": \"s3:GetObject\", "
        + "\"serviceControlPolicies\": [{\"Version\": \"2012-10-17\"}]}");
    assertThat(Cli.run("simulate", "--input", levels.toString()).err()).contains("expected a level (an array of policies)");
    assertThat(Cli.run("simulate", "--input", dir.resolve("missing.json").toString()).err()).contains("no such file");
  }

  @Test
  void readsStandardInput() {
    Cli.Result r = Cli.runWithInput(scenario("{}", "sagemaker:ListNotebookInstances"), "simulate", "--input", "-", "--output", "json");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.json().get("decision").asText()).isEqualTo("allowed");
  }

  @Test
  void scpLevelsBoundaryAndGlobalKeysAreApplied() {
    String allowAll = "{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}}";
    String denyRegion = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"},"
        + " {\"Sid\": \"OnlyUsEast1\", \"Effect\": \"Deny\", \"Action\": \"*\", \"Resource\": \"*\", \"Condition\": "
        + "{\"StringNotEquals\": {\"aws:RequestedRegion\": \"us-east-1\"}}}]}";
    String ownTag = "{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\","
        + " \"Condition\": {\"StringEquals\": {\"aws:PrincipalTag/team\": \"ml\"}}}}";
    String base = "\"identityPolicies\": [" + ownTag + "], \"permissionsBoundary\": " + allowAll
        + ", \"serviceControlPolicies\": [[" + allowAll + "], [" + denyRegion + "]], \"principal\": \"" + ALICE
        + "\", \"principalTags\": {\"team\": \"ml\"}, \"action\": \"s3:GetObject\"";
    Path f = Cli.write(dir, "scp.json", "[{" + base + "}, {" + base + ", \"context\": {\"aws:RequestedRegion\": \"eu-west-1\"}}]");
    Cli.Result r = Cli.run("simulate", "--input", f.toString(), "--output", "json");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.json().get(0).get("decision").asText()).isEqualTo("allowed");
    assertThat(r.json().get(0).get("allowedByPermissionsBoundary").asBoolean()).isTrue();
    JsonNode denied = r.json().get(1);
    assertThat(denied.get("decision").asText()).isEqualTo("explicitDeny");
    assertThat(denied.get("blockedBy").asText()).isEqualTo("scp");
    assertThat(denied.get("matchedStatements").get(0).get("policyId").asText()).isEqualTo("serviceControlPolicies.2.1");
    assertThat(denied.get("matchedStatements").get(0).get("sid").asText()).isEqualTo("OnlyUsEast1");
  }

  @Test
  void streamsALargeArrayAndCompilesEachPolicyCombinationOnce() {
    StringBuilder b = new StringBuilder("[\n");
    String p21 = Cli.seed("21-").strip();
    String p14 = Cli.seed("14-").strip();
    int n = 10_000;
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        b.append(",\n");
      }
      b.append("{\"identityPolicies\": [").append(i % 2 == 0 ? p21 : p14).append("], \"principal\": \"arn:aws:iam::111122223333:user/u")
          .append(i % 37).append("\", \"action\": \"sagemaker:").append(i % 3 == 0 ? "CreateTrainingJob" : "DescribeNotebookInstance")
          .append("\", \"context\": {\"sagemaker:ResourceTag/Project\": \"").append(i % 5 == 0 ? "B" : "A").append("\"}}");
    }
    Path f = Cli.write(dir, "many.json", b.append("\n]\n").toString());
    Cli.Result r = Cli.run("simulate", "--input", f.toString(), "--output", "json", "--stats");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.json()).hasSize(n);
    assertThat(r.json().get(n - 1).get("index").asInt()).isEqualTo(n - 1);
    assertThat(r.err()).contains(n + " scenarios").contains("2 policy sets compiled, 2 policies parsed");
  }

  @Test
  void explainFlagPrintsTheReasoningUnderEachLine() {
    Cli.Result r = Cli.run("simulate", "--input", seedScenarios().toString(), "--explain");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("Decisive statements:").contains("StringEquals sagemaker:ResourceTag/Project");
  }

  /**
   * A scenario's name is the file's text: its control characters are printed as escapes (a carriage return or an
   * escape sequence cannot draw a row of its own on a terminal), and a long name is cut between characters, never
   * between the two halves of an emoji.
   */
  @Test
  void namesAreMadePrintableAndCutBetweenCharacters() {
    String scenario = "{\"name\": \"%s\", \"identityPolicies\": [{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\":"
        + " \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]}], \"principal\": \"" + ALICE + "\","
        + " \"action\": \"s3:GetObject\"}";
    Path f = Cli.write(dir, "names.json", "[" + scenario.formatted("x\\rFAKE 9 allowed ok\\u001b[2J") + ","
        + scenario.formatted("c".repeat(38) + "\\ud83d\\ude00xyz") + "]");
    Cli.Result r = Cli.run("simulate", "--input", f.toString(), "--no-validate");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("x\\rFAKE 9 allowed ok\\u001b[2J").doesNotContain("\r").doesNotContain("\u001b");
    assertThat(r.out()).contains("c".repeat(38) + "…").doesNotContain("\ud83d…");
  }

  /** A file saved with a UTF-8 byte-order mark (as Windows editors save it) reads as without one, positions too. */
  @Test
  void aByteOrderMarkAtTheStartIsNotJson() throws Exception {
    Path plain = seedScenarios();
    Path marked = dir.resolve("marked.json");
    java.nio.file.Files.writeString(marked, "\uFEFF" + java.nio.file.Files.readString(plain));
    Cli.Result a = Cli.run("simulate", "--input", plain.toString(), "--no-validate", "--output", "json");
    Cli.Result b = Cli.run("simulate", "--input", marked.toString(), "--no-validate", "--output", "json");
    assertThat(b.code()).as(b.err()).isZero();
    assertThat(b.json().toString().replaceAll("\\d{4}-\\d\\d-\\d\\dT[\\d:]+Z", "T").replaceAll("\"\\d{10}\"", "E"))
        .isEqualTo(a.json().toString().replaceAll("\\d{4}-\\d\\d-\\d\\dT[\\d:]+Z", "T").replaceAll("\"\\d{10}\"", "E"));
    Path bad = dir.resolve("bad.json");
    java.nio.file.Files.writeString(bad, "\uFEFF[{\"principal\": 1}]");
    assertThat(Cli.run("simulate", "--input", bad.toString()).err()).contains(":1:");
  }
}
