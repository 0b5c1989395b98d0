package dev.iamlocal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iamlocal.evaluation.PolicyType;
import dev.iamlocal.cli.scenario.Scenario;
import dev.iamlocal.cli.scenario.ScenarioReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Statement positions of scenario files are the file's lines and columns, where they can be. */
class ScenarioPositionsTest {

  @TempDir
  Path dir;

  /**
   * Line 8 column 9 holds the Deny statement's opening brace (the policy itself opens on line 5,
   * column 7); the second scenario gives the same policy as a JSON string on line 17.
   */
  private static final String FILE = String.join("\n",
      "[",                                                                                  // 1
      "  {",                                                                                // 2
      "    \"name\": \"object\",",                                                          // 3
      "    \"identityPolicies\": [",                                                        // 4
      "      {\"Version\": \"2012-10-17\",",                                                // 5
      "       \"Statement\": [",                                                            // 6
      "        {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"},",        // 7
      "        {\"Sid\": \"NoDelete\",",                                                    // 8
      "         \"Effect\": \"Deny\", \"Action\": \"s3:DeleteObject\", \"Resource\": \"*\"}", // 9
      "       ]}",                                                                          // 10
      "    ],",                                                                             // 11
      "    \"principal\": \"arn:aws:iam::111122223333:user/alice\",",                       // 12
      "    \"action\": \"s3:DeleteObject\"",                                                // 13
      "  },",                                                                               // 14
      "  {",                                                                                // 15
      "    \"name\": \"string\",",                                                          // 16
      "    \"identityPolicies\": [\"{\\\"Version\\\": \\\"2012-10-17\\\", \\\"Statement\\\": {\\\"Effect\\\":"
          + " \\\"Deny\\\", \\\"Action\\\": \\\"s3:*\\\", \\\"Resource\\\": \\\"*\\\"}}\"],",  // 17
      "    \"principal\": \"arn:aws:iam::111122223333:user/alice\",",                       // 18
      "    \"action\": \"s3:GetObject\"",                                                   // 19
      "  }",                                                                                // 20
      "]", "");

  @Test
  void simulateNamesTheFilesLineAndColumn() {
    Path f = Cli.write(dir, "positions.json", FILE);
    Cli.Result r = Cli.run("simulate", "--input", f.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("identityPolicies.1 NoDelete (8:9)")
        // a policy string: its own position, and where the string stands
        .contains("identityPolicies.1 #1 (1:40 of the policy string at 17:26)");
  }

  @Test
  void explainNumbersRangesAndExcerptsWithTheFilesLines() {
    Path f = Cli.write(dir, "positions.json", FILE);
    Cli.Result r = Cli.run("explain", "--input", f.toString(), "--scenario", "object");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("statement \"NoDelete\", Deny, lines 8-9 (8:9 to 9:73)")
        .contains("       8 | {\"Sid\": \"NoDelete\",")
        .contains("       9 |          \"Effect\": \"Deny\"")
        // the Allow statement is on one line of the file
        .contains("#1 Allow line 7, columns 9-63");
  }

  @Test
  void jsonKeepsThePolicysOwnPositionsAndAddsTheFilesBeside() {
    Path f = Cli.write(dir, "positions.json", FILE);
    JsonNode all = Cli.run("simulate", "--input", f.toString(), "--output", "json").json();
    JsonNode m = all.get(0).get("matchedStatements").get(0);
    // within the policy: line 4 of its text, where the statement's brace is in column 9
    assertThat(m.get("start").get("line").asInt()).isEqualTo(4);
    assertThat(m.get("start").get("column").asInt()).isEqualTo(9);
    assertThat(m.get("fileStart").get("line").asInt()).isEqualTo(8);
    assertThat(m.get("fileStart").get("column").asInt()).isEqualTo(9);
    assertThat(m.get("fileEnd").get("line").asInt()).isEqualTo(9);
    assertThat(all.get(0).get("explanation").get("statements").get(0).get("fileStart").get("line").asInt()).isEqualTo(7);
    // a policy string has no file position for its statements
    assertThat(all.get(1).get("matchedStatements").get(0).get("fileStart").isNull()).isTrue();
  }

  @Test
  void aScenarioFindsItsPoliciesByTypeIdAndLevel() {
    List<Scenario> s = ScenarioReader.readAll("{\"identityPolicies\": [{\"name\": \"a\", \"policy\": \"{}\"}],"
        + " \"serviceControlPolicies\": [[\"{}\"], [{\"name\": \"x\", \"policy\": {}}]],"
        + " \"principal\": \"arn:aws:iam::111122223333:user/alice\", \"action\": \"s3:GetObject\"}", "t.json");
    Scenario one = s.get(0);
    assertThat(one.policy(PolicyType.IDENTITY, "a", -1).id()).isEqualTo("a");
    assertThat(one.policy(PolicyType.IDENTITY, "b", -1)).isNull();
    assertThat(one.policy(PolicyType.SERVICE_CONTROL, "serviceControlPolicies.1.1", 0)).isNotNull();
    assertThat(one.policy(PolicyType.SERVICE_CONTROL, "x", 1).fromString()).isFalse();
    assertThat(one.policy(PolicyType.SERVICE_CONTROL, "x", 0)).isNull();
    assertThat(one.policy(PolicyType.SERVICE_CONTROL, "x", -1)).isNotNull();
    assertThat(one.policy(PolicyType.PERMISSIONS_BOUNDARY, "permissionsBoundary", -1)).isNull();
  }
}
