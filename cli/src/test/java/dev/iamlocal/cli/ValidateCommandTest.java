package dev.iamlocal.cli;

import static dev.iamlocal.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code iamlocal validate} on the seed policies (the copies in core's test resources). */
class ValidateCommandTest {

  static final Path SEEDS = Path.of("../core/src/test/resources/seed-policies");
  static final String SEED11 = SEEDS.resolve("11-enforce-input-encryption-kms.json").toString();
  static final String SEED01 = SEEDS.resolve("01-console-access.json").toString();
  static final String SEED13 = SEEDS.resolve("13-enforce-network-isolation.json").toString();
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void seedsPresent() {
    assumeTrue(Files.isDirectory(SEEDS), "run from the cli module of the repository");
  }

  @Test
  void textOnTheSeedFolderIsCompilerStyleWithHints() {
    Cli.Result r = run("validate", SEEDS.toString());
    assertThat(r.code()).isEqualTo(Main.FAILED_CHECK);
    assertThat(r.out()).contains(SEED11 + ":1:209: error INVALID_ACTION: \"sagemaker:CreateFlowDefiniton\" is not an "
        + "action of Amazon SageMaker; did you mean `sagemaker:CreateFlowDefinition`?\n"
        + "  hint: Replace it with `sagemaker:CreateFlowDefinition`");
    assertThat(r.out()).contains(SEED11 + ":1:291: warning DEPRECATED_CONDITION_KEY: The condition key "
        + "\"sagemaker:VolumeKmsKey\" is deprecated; AWS replaced it with `sagemaker:VolumeKmsKeyArn`.\n"
        + "  hint: Use \"sagemaker:VolumeKmsKeyArn\" instead.");
    assertThat(r.out()).contains(SEED01 + ":1:1226: security-warning PASS_ROLE_WITH_STAR_IN_RESOURCE: ");
    assertThat(r.err()).startsWith("23 file(s) validated, 18 finding(s), 8 at or above error.");
  }

  @Test
  void failOnSetsTheExitStatus() {
    assertThat(run("validate", SEED01).code()).isEqualTo(Main.OK);
    assertThat(run("validate", "--fail-on", "security-warning", SEED01).code()).isEqualTo(Main.FAILED_CHECK);
    assertThat(run("validate", "--fail-on", "warning", SEED01).code()).isEqualTo(Main.FAILED_CHECK);
    assertThat(run("validate", "--fail-on", "suggestion", SEED13).code()).isEqualTo(Main.OK);
    assertThat(run("validate", "--fail-on", "sometimes", SEED13).code()).isEqualTo(Main.INVALID_INPUT);
  }

  @Test
  void jsonHasTheShapeOfAccessAnalyzerFindings() throws Exception {
    Cli.Result r = run("validate", "--format", "json", SEED11);
    JsonNode files = JSON.readTree(r.out());
    assertThat(files).hasSize(1);
    assertThat(files.get(0).get("file").asText()).isEqualTo(SEED11);
    JsonNode f = files.get(0).get("findings").get(0);
    assertThat(f.get("findingType").asText()).isEqualTo("ERROR");
    assertThat(f.get("issueCode").asText()).isEqualTo("INVALID_ACTION");
    assertThat(f.get("findingDetails").asText()).contains("did you mean `sagemaker:CreateFlowDefinition`?");
    assertThat(f.get("learnMoreLink").asText()).endsWith("#access-analyzer-reference-policy-checks-error-invalid-action");
    JsonNode loc = f.get("locations").get(0);
    assertThat(loc.get("path").toString())
        .isEqualTo("[{\"key\":\"Statement\"},{\"index\":0},{\"key\":\"Action\"},{\"index\":3}]");
    assertThat(loc.get("span").get("start").toString()).isEqualTo("{\"line\":1,\"column\":208,\"offset\":208}");
    assertThat(loc.get("span").get("end").get("offset").asInt()).isEqualTo(208 + "\"sagemaker:CreateFlowDefiniton\"".length());
  }

  @Test
  void sarifIsValidForCodeScanning() throws Exception {
    Cli.Result r = run("validate", "--format", "sarif", SEED11, SEED01);
    JsonNode sarif = JSON.readTree(r.out());
    assertThat(sarif.get("version").asText()).isEqualTo("2.1.0");
    JsonNode run = sarif.get("runs").get(0);
    List<String> ruleIds = new ArrayList<>();
    run.get("tool").get("driver").get("rules").forEach(x -> ruleIds.add(x.get("id").asText()));
    assertThat(ruleIds).containsExactly("INVALID_ACTION", "DEPRECATED_CONDITION_KEY", "PASS_ROLE_WITH_STAR_IN_RESOURCE");
    JsonNode first = run.get("results").get(0);
    assertThat(first.get("ruleId").asText()).isEqualTo("INVALID_ACTION");
    assertThat(first.get("ruleIndex").asInt()).isZero();
    assertThat(first.get("level").asText()).isEqualTo("error");
    assertThat(first.get("message").get("text").asText()).contains("sagemaker:CreateFlowDefinition");
    JsonNode phys = first.get("locations").get(0).get("physicalLocation");
    assertThat(phys.get("artifactLocation").get("uri").asText())
        .isEqualTo("../core/src/test/resources/seed-policies/11-enforce-input-encryption-kms.json");
    assertThat(phys.get("region").toString())
        .isEqualTo("{\"startLine\":1,\"startColumn\":209,\"endLine\":1,\"endColumn\":240}");
    assertThat(run.get("results").get(2).get("level").asText()).isEqualTo("warning");
  }

  @Test
  void standardInputAndPolicyType(@TempDir Path dir) {
    String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
        + "\"Resource\":\"arn:aws:s3:::b/*\"}]}";
    Cli.Result asResource = Cli.runWithInput(policy, "validate", "--policy-type", "resource", "-");
    assertThat(asResource.out()).startsWith("-:1:38: error MISSING_PRINCIPAL: ");
    assertThat(asResource.code()).isEqualTo(Main.FAILED_CHECK);
    assertThat(Cli.runWithInput(policy, "validate", "-").code()).isEqualTo(Main.OK);
  }

  @Test
  void unreadableInputExitsTwoButStillReportsTheOthers(@TempDir Path dir) {
    Cli.Result r = run("validate", dir.resolve("missing.json").toString(), SEED11);
    assertThat(r.code()).isEqualTo(Main.INVALID_INPUT);
    assertThat(r.err()).contains("cannot read " + dir.resolve("missing.json") + ": no such file or directory");
    assertThat(r.out()).contains("INVALID_ACTION");
  }

  @Test
  void anEndlessOrHugeInputEndsInAnErrorNotInAllTheMemory(@TempDir Path dir) throws Exception {
    // a file one byte past the bound (a device such as /dev/zero never ends: read up to the bound only)
    Path huge = dir.resolve("huge.json");
    Files.write(huge, new byte[Inputs.MAX_POLICY_BYTES + 1]);
    Cli.Result r = run("validate", huge.toString(), SEED11);
    assertThat(r.code()).isEqualTo(Main.INVALID_INPUT);
    assertThat(r.err()).contains("cannot read " + huge + ": longer than " + Inputs.MAX_POLICY_BYTES + " bytes");
    assertThat(r.out()).contains("INVALID_ACTION");
    Path zero = Path.of("/dev/zero");
    if (Files.isReadable(zero)) {
      Cli.Result z = run("validate", zero.toString());
      assertThat(z.code()).isEqualTo(Main.INVALID_INPUT);
      assertThat(z.err()).contains("longer than");
    }
    // a policy of exactly the bound is read (and judged on its content)
    Path edge = dir.resolve("edge.json");
    byte[] spaces = new byte[Inputs.MAX_POLICY_BYTES];
    java.util.Arrays.fill(spaces, (byte) ' ');
    Files.write(edge, spaces);
    assertThat(run("validate", edge.toString()).err()).doesNotContain("longer than");
    // not UTF-8: an error, as before
    Path latin1 = dir.resolve("latin1.json");
    Files.write(latin1, new byte[] {'{', (byte) 0xe9, '}'});
    assertThat(run("validate", latin1.toString()).err()).contains("cannot read " + latin1 + ": not UTF-8 text");
  }

  @Test
  void syntaxErrorsPointAtTheirPosition(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\" \"Action\": \"*\"}\n  ]\n}\n");
    Cli.Result r = run("validate", dir.toString());
    assertThat(r.code()).isEqualTo(Main.FAILED_CHECK);
    assertThat(r.out()).startsWith(bad + ":4:24: error JSON_SYNTAX_ERROR: ");
  }
}
