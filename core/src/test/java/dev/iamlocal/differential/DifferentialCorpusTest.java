package dev.iamlocal.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Runs the investigated differential disagreements through our engine (no node needed).
 *
 * <p>{@code corpus/differential-pending} holds cases where our engine is wrong; they run only with
 * {@code -Diamlocal.differential.pending=true} (they fail until the engine is fixed; then move the
 * file to {@code corpus/differential}). By default only their format is checked.
 */
class DifferentialCorpusTest {

  @TestFactory
  Stream<DynamicTest> engineGivesTheAwsDecision() {
    List<DifferentialCorpus.Entry> entries = DifferentialCorpus.load("differential");
    assertThat(entries).hasSizeGreaterThan(10);
    return entries.stream().map(e -> DynamicTest.dynamicTest(e.label(),
        () -> assertThat(DiffCase.of(e.json()).decide()).as(e.json().path("why").asText()).isEqualTo(e.expected())));
  }

  @Test
  void pendingCasesAreWellFormed() {
    // Empty while no known engine bug is pending; the files that land here must still parse.
    List<DifferentialCorpus.Entry> entries = DifferentialCorpus.load("differential-pending");
    for (var e : entries) {
      DiffCase.of(e.json()); // parses, policies valid
    }
  }

  @TestFactory
  @EnabledIfSystemProperty(named = "iamlocal.differential.pending", matches = "true")
  Stream<DynamicTest> pendingEngineBugs() {
    return DifferentialCorpus.load("differential-pending").stream().map(e -> DynamicTest.dynamicTest(e.label(),
        () -> assertThat(DiffCase.of(e.json()).decide()).as(e.json().path("why").asText()).isEqualTo(e.expected())));
  }

  @Test
  void unknownFieldsAreRejected() {
    String file = """
        {"title": "t", "resolution": "r", "source": "s", "cases": [
          {"name": "n", "expected": "allowed", "oracle": "allowed", "why": "a sufficiently long reason",
           "identityPolicies": [], "request": {"principal": "arn:aws:iam::111122223333:user/a", "action": "s3:GetObject",
           "resource": "*"}, "expectd": "allowed"}]}""";
    assertThatThrownBy(() -> DiffCase.of(DifferentialCorpus.read("x.json", file).get(0).json()))
        .hasMessageContaining("unknown field \"expectd\"");
    String top = """
        {"title": "t", "resolution": "r", "source": "s", "cases": [], "note": "x"}""";
    assertThatThrownBy(() -> DifferentialCorpus.read("y.json", top)).hasMessageContaining("unknown field \"note\"");
    String request = """
        {"title": "t", "resolution": "r", "source": "s", "cases": [
          {"name": "n", "expected": "allowed", "oracle": "allowed", "why": "a sufficiently long reason",
           "request": {"principal": "arn:aws:iam::111122223333:user/a", "action": "s3:GetObject", "resource": "*",
           "ctx": {}}}]}""";
    assertThatThrownBy(() -> DiffCase.of(DifferentialCorpus.read("z.json", request).get(0).json()))
        .hasMessageContaining("unknown field \"ctx\"");
  }

  @Test
  void everyKnownDisagreementClassHasItsCorpusFile() {
    for (var k : KnownDisagreements.ALL) {
      String dir = k.corpusFile().substring(0, k.corpusFile().indexOf('/'));
      assertThat(DifferentialCorpus.load(dir)).as(k.corpusFile())
          .anyMatch(e -> e.file().equals(k.corpusFile()));
    }
  }
}
