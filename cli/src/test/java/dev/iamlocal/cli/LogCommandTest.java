package dev.iamlocal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.store.DecisionRecord;
import dev.iamlocal.store.DecisionStore;
import dev.iamlocal.store.IamStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogCommandTest {

  @TempDir Path dir;

  @Test
  void filtersTheStoredDecisions() {
    try (IamStore store = IamStore.openSqlite(dir.resolve("iamlocal.db"))) {
      new DecisionStore(store).append(List.of(
          new DecisionRecord("", Instant.parse("2025-01-01T00:00:00Z"), "arn:aws:iam::111122223333:user/a",
              "sagemaker:CreateTrainingJob", "arn:aws:sagemaker:us-east-1:111122223333:training-job/t", "allowed", "",
              "192.0.2.1", "[{\"policyId\":\"p\",\"sid\":\"S\",\"index\":0}]", "{}"),
          new DecisionRecord("", Instant.parse("2025-01-01T00:00:01Z"), "arn:aws:iam::111122223333:user/a",
              "sagemaker:DescribeNotebookInstance", "arn:aws:sagemaker:us-east-1:111122223333:notebook-instance/b",
              "explicitDeny", "with an explicit deny in an identity-based policy", null, "[]", "{}"),
          new DecisionRecord("", Instant.parse("2025-01-01T00:00:02Z"), "arn:aws:iam::111122223333:user/b",
              "sagemaker:ListNotebookInstances", "*", "implicitDeny", "no identity-based policy allows it", null, "[]",
              "{}")));
    }
    String denied = run("log", "--data-dir", dir.toString(), "--decision", "denied", "--principal",
        "arn:aws:iam::111122223333:user/a");
    assertThat(denied).contains("explicitDeny", "notebook-instance/b", "because with an explicit deny")
        .doesNotContain("training-job/t").doesNotContain("user/b");
    String byAction = run("log", "--data-dir", dir.toString(), "--action", "SAGEMAKER:createtrainingjob");
    // the JSON's "index" 0 is the policy's first statement, #1 for people (as simulate and explain number them)
    assertThat(byAction).contains("training-job/t", "by p statement #1 (S)").doesNotContain("notebook-instance");
    // one JSON object per line, under --output json and under its older spelling --json alike
    String json = run("log", "--data-dir", dir.toString(), "--output", "json");
    assertThat(json.lines()).hasSize(3).allSatisfy(l -> assertThat(Cli.JSON.readTree(l).get("decision")).isNotNull());
    assertThat(json.lines().map(l -> l.contains("\"index\":0")).toList()).contains(true);
    assertThat(run("log", "--data-dir", dir.toString(), "--json")).isEqualTo(json);
    assertThat(Main.run("log", "--data-dir", dir.toString(), "--decision", "maybe")).isEqualTo(Main.INVALID_INPUT);
  }

  private static String run(String... args) {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      assertThat(Main.run(args)).isEqualTo(Main.OK);
    } finally {
      System.setOut(old);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }
}
