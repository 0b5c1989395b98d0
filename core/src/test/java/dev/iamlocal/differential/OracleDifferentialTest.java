package dev.iamlocal.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Differential test against the iam-simulate oracle: {@code N} generated cases (fixed seed) through
 * both engines; every disagreement must belong to an investigated class ({@link KnownDisagreements}).
 *
 * <p>Skipped when node or the oracle install is absent. Settings: {@code -Diamlocal.oracle.dir}
 * (default {@code /tmp/iam-oracle}), {@code -Diamlocal.differential.cases} (default 500),
 * {@code -Diamlocal.differential.seed} (default 20240601), {@code -Diamlocal.differential.shrink} (how
 * many disagreements to shrink, default 60). The summary is printed and written to
 * {@code target/differential-summary.md}. {@code bench/differential.sh} installs the oracle and runs
 * a larger number of cases.
 */
class OracleDifferentialTest {

  @Test
  void generatedCasesAgreeWithTheOracleOrAreKnownDisagreements() throws IOException {
    Oracle oracle = Oracle.fromSystemProperties();
    String why = oracle.unavailableReason();
    assumeTrue(why == null, () -> "differential test skipped: " + why);
    int n = Integer.getInteger("iamlocal.differential.cases", 500);
    long seed = Long.getLong("iamlocal.differential.seed", 20240601L);

    DifferentialRun.Result r = DifferentialRun.run(oracle, seed, n, Integer.getInteger("iamlocal.differential.shrink", 60));

    String summary = r.summary();
    System.out.println(summary);
    Path target = Path.of("target");
    if (Files.isDirectory(target)) {
      Files.writeString(target.resolve("differential-summary.md"), summary);
    }
    List<String> unknown = new ArrayList<>();
    r.byPattern().forEach((pattern, ds) -> {
      for (var d : ds) {
        if (KnownDisagreements.classify(d).isEmpty()) {
          unknown.add(pattern);
          break;
        }
      }
    });
    assertThat(r.agreements() + r.disagreements().size()).as("cases compared").isGreaterThan(n * 9 / 10);
    assertThat(unknown).as("disagreement patterns nobody has investigated (see target/differential-summary.md)").isEmpty();
  }

  /** The corpus records what the oracle answers; keep that honest when the oracle is at hand. */
  @Test
  void corpusRecordsTheOraclesCurrentAnswers() {
    Oracle oracle = Oracle.fromSystemProperties();
    String why = oracle.unavailableReason();
    assumeTrue(why == null, () -> "skipped: " + why);
    List<DifferentialCorpus.Entry> entries = new ArrayList<>(DifferentialCorpus.load("differential"));
    entries.addAll(DifferentialCorpus.load("differential-pending"));
    List<com.fasterxml.jackson.databind.node.ObjectNode> cases = new ArrayList<>();
    for (var e : entries) {
      var c = e.json().deepCopy();
      c.remove(List.of("expected", "why", "oracle"));
      cases.add(c);
    }
    List<String> theirs = oracle.decide(cases);
    for (int i = 0; i < entries.size(); i++) {
      assertThat(theirs.get(i)).as(entries.get(i).label()).isEqualTo(entries.get(i).oracle());
    }
  }

  /**
   * Compares the engines on a file of cases ({@code -Diamlocal.differential.file=cases.jsonl}, one
   * case per line), for probing one rule by hand; prints both decisions per case.
   */
  @Test
  void compareAFileOfCases() throws IOException {
    String file = System.getProperty("iamlocal.differential.file");
    assumeTrue(file != null, "set -Diamlocal.differential.file=cases.jsonl to compare a file");
    Oracle oracle = Oracle.fromSystemProperties();
    String why = oracle.unavailableReason();
    assumeTrue(why == null, () -> "skipped: " + why);
    List<com.fasterxml.jackson.databind.node.ObjectNode> cases = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(file))) {
      if (!line.isBlank()) {
        cases.add((com.fasterxml.jackson.databind.node.ObjectNode) DiffCase.JSON.readTree(line));
      }
    }
    List<String> theirs = oracle.decide(cases);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cases.size(); i++) {
      String ours = DiffCase.of(cases.get(i)).decide();
      b.append(ours.equals(theirs.get(i)) ? "  same " : "  DIFF ").append(cases.get(i).path("name").asText())
          .append(": ours=").append(ours).append(" oracle=").append(theirs.get(i)).append('\n');
    }
    System.out.println(b);
  }
}
