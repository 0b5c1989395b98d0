package dev.iamlocal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.store.DecisionRecord;
import dev.iamlocal.store.DecisionStore;
import dev.iamlocal.store.IamStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/** What every verb shares: usage errors, colour, the JSON flag and its older spellings, --quiet. */
class CliMannersTest {

  @TempDir
  Path dir;

  private static final String NL = System.lineSeparator();
  private static final String ALICE = "arn:aws:iam::111122223333:user/alice";

  // ---- usage errors ----------------------------------------------------------------------------

  @Test
  void aMistypedOptionIsNamedWithTheNearestOptionEvenWhenARequiredOneIsMissing() {
    // --input is required and absent: picocli alone would say so and hide the typo
    Cli.Result r = Cli.run("simulate", "--inptu", "x.json");
    assertThat(r.code()).isEqualTo(Main.INVALID_INPUT);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("iamlocal simulate: Unknown option: '--inptu'; did you mean --input?" + NL
        + "Try 'iamlocal simulate --help'." + NL);
  }

  @Test
  void anUnknownOptionsValueIsNotReportedAsAnotherUnknownOption() {
    Cli.Result r = Cli.run("simulate", "--input", "x.json", "--outptu", "json");
    assertThat(r.err()).isEqualTo("iamlocal simulate: Unknown option: '--outptu'; did you mean --output?" + NL
        + "Try 'iamlocal simulate --help'." + NL);
    Cli.Result eq = Cli.run("validate", "--fromat=json", "x.json");
    assertThat(eq.err()).startsWith("iamlocal validate: Unknown option: '--fromat'; did you mean --format?" + NL);
  }

  @Test
  void anOptionFarFromEveryNameGetsNoGuess() {
    Cli.Result r = Cli.run("expand", "--verbose", "s3:Get*");
    assertThat(r.code()).isEqualTo(Main.INVALID_INPUT);
    assertThat(r.err()).isEqualTo("iamlocal expand: Unknown option: '--verbose'" + NL + "Try 'iamlocal expand --help'." + NL);
  }

  @Test
  void aMistypedVerbSuggestsTheVerbAndTheTopLevelHelp() {
    Cli.Result r = Cli.run("validat", "policy.json");
    assertThat(r.code()).isEqualTo(Main.INVALID_INPUT);
    assertThat(r.err()).isEqualTo("iamlocal: Unknown command: 'validat'; did you mean validate?" + NL
        + "Try 'iamlocal --help'." + NL);
    assertThat(Cli.run("simulte").err()).startsWith("iamlocal: Unknown command: 'simulte'; did you mean simulate?");
    assertThat(Cli.run("frobnicate").err()).startsWith("iamlocal: Unknown command: 'frobnicate'" + NL);
  }

  @Test
  void otherUsageErrorsKeepPicocliWordingUnderTheCommandsName() {
    assertThat(Cli.run("simulate").err()).isEqualTo("iamlocal simulate: Missing required option: '--input=FILE|-'" + NL
        + "Try 'iamlocal simulate --help'." + NL);
    assertThat(Cli.run("simulate", "--input", "x.json", "extra").err())
        .startsWith("iamlocal simulate: Unexpected argument: 'extra' (simulate takes options only)" + NL);
  }

  @Test
  void editDistanceCountsASwapOfNeighboursAsOneEdit() {
    assertThat(dev.iamlocal.text.EditDistance.between("inptu", "input")).isEqualTo(1);
    assertThat(dev.iamlocal.text.EditDistance.between("validat", "validate")).isEqualTo(1);
    assertThat(dev.iamlocal.text.EditDistance.between("abc", "xyz")).isEqualTo(3);
    assertThat(UsageErrors.didYouMean("--out", List.of("--output", "--expect"))).isEqualTo("; did you mean --output?");
  }

  // ---- colour ----------------------------------------------------------------------------------

  @Test
  void colourOnlyOnATerminalAndNeverWithNoColor() {
    assertThat(Terminal.ansi(Map.of(), true)).isEqualTo(Ansi.ON);
    assertThat(Terminal.ansi(Map.of(), false)).isEqualTo(Ansi.OFF);
    assertThat(Terminal.ansi(Map.of("NO_COLOR", "1"), true)).isEqualTo(Ansi.OFF);
    // no-color.org: an empty NO_COLOR does not count
    assertThat(Terminal.ansi(Map.of("NO_COLOR", ""), true)).isEqualTo(Ansi.ON);
    assertThat(Terminal.ansi(Map.of("TERM", "dumb"), true)).isEqualTo(Ansi.OFF);
    assertThat(Terminal.interactive(null)).isFalse();
  }

  @Test
  void theHelpIsColouredOnlyWhenTheRuleSaysSo() {
    assertThat(help(Terminal.ansi(Map.of(), true))).contains("\u001b[");
    assertThat(help(Terminal.ansi(Map.of("NO_COLOR", "1"), true))).doesNotContain("\u001b[");
    // tests run without a terminal: what the command prints has no escape codes
    assertThat(Cli.run("simulate", "--help").out()).contains("--input").doesNotContain("\u001b[");
  }

  private static String help(Ansi ansi) {
    StringWriter out = new StringWriter();
    CommandLine cl = new CommandLine(new Main());
    cl.setColorScheme(CommandLine.Help.defaultColorScheme(ansi));
    cl.getSubcommands().get("simulate").usage(new PrintWriter(out), cl.getColorScheme());
    return out.toString();
  }

  // ---- one JSON flag ---------------------------------------------------------------------------

  @Test
  void everyVerbWithJsonTakesOutputJsonAndTheOlderSpellingsStillWork() {
    Path policy = Cli.write(dir, "p.json", Cli.seed("11-"));
    Cli.Result validate = Cli.run("validate", "--output", "json", policy.toString());
    assertThat(validate.json().isArray()).isTrue();
    assertThat(Cli.run("validate", "--format", "json", policy.toString()).out()).isEqualTo(validate.out());
    assertThat(Cli.run("validate", "--output", "yaml", policy.toString()).err())
        .contains("unknown --output 'yaml'; use text, json or sarif");

    Cli.Result describe = Cli.run("describe-action", "--output", "json", "sagemaker:CreateTrainingJob");
    assertThat(describe.json().get("action").asText()).isEqualTo("sagemaker:CreateTrainingJob");
    assertThat(Cli.run("describe-action", "--format", "json", "sagemaker:CreateTrainingJob").out()).isEqualTo(describe.out());

    Cli.Result expand = Cli.run("expand", "--output", "json", "sagemaker:*Algorithm", "s3:GetObjectAcl");
    assertThat(expand.code()).isZero();
    assertThat(expand.json().get(0).get("pattern").asText()).isEqualTo("sagemaker:*Algorithm");
    assertThat(expand.json().get(0).get("actions")).extracting(n -> n.asText())
        .containsExactly("sagemaker:CreateAlgorithm", "sagemaker:DeleteAlgorithm", "sagemaker:DescribeAlgorithm");
    assertThat(expand.json().get(1).get("actions").get(0).asText()).isEqualTo("s3:GetObjectAcl");

    Path scenarios = scenarios();
    Cli.Result explain = Cli.run("explain", "--input", scenarios.toString(), "--output", "json");
    assertThat(explain.code()).as(explain.err()).isZero();
    assertThat(explain.json()).hasSize(2);
    assertThat(explain.json().get(1).get("decision").asText()).isEqualTo("implicitDeny");
    assertThat(explain.json().get(1).get("explanation").get("statements")).isNotEmpty();
    Cli.Result one = Cli.run("explain", "--input", scenarios.toString(), "--output", "json", "--scenario", "2");
    assertThat(one.json()).hasSize(1);
    assertThat(one.json().get(0).get("name").asText()).isEqualTo("denied");
  }

  @Test
  void generatePolicyTakesOutputJsonWritesFilesWithOutputFileAndRefusesTheFileNameOutputUsedToTake() {
    Cli.Result r = Cli.run("generate-policy", "--principal", ALICE, "--data-dir", dir.toString(), "--output", "policy.json");
    assertThat(r.code()).isEqualTo(Main.INVALID_INPUT);
    assertThat(r.err()).contains("--output takes a format, and a policy is JSON")
        .contains("use -o/--output-file policy.json");
    assertThat(dir.resolve("policy.json")).doesNotExist();

    try (IamStore store = IamStore.openSqlite(dir.resolve("iamlocal.db"))) {
      new DecisionStore(store).append(List.of(new DecisionRecord("", Instant.parse("2025-01-01T00:00:00Z"), ALICE,
          "s3:GetObject", "arn:aws:s3:::b/k", "implicitDeny", "no identity-based policy allows it", null, "[]", "{}")));
    }
    Path file = dir.resolve("generated.json");
    Cli.Result ok = Cli.run("generate-policy", "--principal", ALICE, "--data-dir", dir.toString(), "--output", "json",
        "-o", file.toString());
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(file).content().contains("s3:GetObject").contains("arn:aws:s3:::b/k");
    assertThat(ok.err()).contains("1 decisions (0 allowed, 1 denied)");
    Cli.Result quiet = Cli.run("generate-policy", "--principal", ALICE, "--data-dir", dir.toString(), "--quiet",
        "--output-file", file.toString());
    assertThat(quiet.code()).isZero();
    assertThat(quiet.err()).isEmpty();
  }

  // ---- --quiet ---------------------------------------------------------------------------------

  @Test
  void quietDropsTheSummaryLinesAndKeepsTheExitStatus() {
    Path scenarios = scenarios();
    Cli.Result loud = Cli.run("simulate", "--input", scenarios.toString(), "--expect", "allowed");
    assertThat(loud.code()).isEqualTo(Main.FAILED_CHECK);
    assertThat(loud.out()).contains("2 scenarios: 1 allowed");
    assertThat(loud.err()).contains("1 of 2 scenarios did not have the expected decision");
    Cli.Result quiet = Cli.run("simulate", "--input", scenarios.toString(), "--expect", "allowed", "--quiet");
    assertThat(quiet.code()).isEqualTo(Main.FAILED_CHECK);
    assertThat(quiet.out()).contains("FAIL").doesNotContain("scenarios:");
    assertThat(quiet.err()).isEmpty();

    Path policy = Cli.write(dir, "p.json", Cli.seed("11-"));
    Cli.Result v = Cli.run("validate", "-q", policy.toString());
    assertThat(v.code()).isEqualTo(Main.FAILED_CHECK);
    assertThat(v.out()).contains("INVALID_ACTION");
    assertThat(v.err()).doesNotContain("validated");
    assertThat(Cli.run("validate", policy.toString()).err()).contains("1 file(s) validated");
  }

  private Path scenarios() {
    String policy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\","
        + " \"Resource\": \"*\"}]}";
    return Cli.write(dir, "s.json", "[{\"name\": \"allowed\", \"identityPolicies\": [" + policy + "], \"principal\": \""
        + ALICE + "\", \"action\": \"s3:GetObject\"},\n {\"name\": \"denied\", \"identityPolicies\": [" + policy
        + "], \"principal\": \"" + ALICE + "\", \"action\": \"s3:PutObject\"}]");
  }
}
