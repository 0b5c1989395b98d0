package dev.iamlocal.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.iamlocal.request.AuthorizationRequest;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The 23 seed policies (test resources {@code seed-policies/}, byte-for-byte copies of the shared
 * fixtures), each run against the requests of {@code corpus/seed/<same name>.json}: what it allows
 * and what it denies, and why (the {@code why} field cites the seed document or the spec rule).
 *
 * <p>Corpus format: {@code {"policy": file, "principal": arn, "cases": [{"name", "action",
 * "resource", "principal"?, "context"? (key → string or array of strings), "alsoAttached"? (policy
 * objects attached next to the seed policy), "expect": allowed|explicitDeny|implicitDeny, "why"}]}}.
 * Unknown fields are rejected so that a typo cannot silently drop a check.
 */
class SeedCorpusTest {

  static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  record CorpusFile(String policy, String principal, List<Case> cases) {}

  record Case(String name, String action, String resource, String principal, Map<String, JsonNode> context,
      List<JsonNode> alsoAttached, String expect, String why) {}

  static Path resource(String dir) throws URISyntaxException {
    return Path.of(SeedCorpusTest.class.getClassLoader().getResource(dir).toURI());
  }

  static List<Path> corpusFiles() throws IOException, URISyntaxException {
    try (Stream<Path> s = Files.list(resource("corpus/seed"))) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }

  @Test
  void everySeedPolicyHasACorpusWithAllowsAndDenies() throws Exception {
    List<String> seeds;
    try (Stream<Path> s = Files.list(resource("seed-policies"))) {
      seeds = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
    }
    assertThat(seeds).hasSize(23);
    List<String> covered = new ArrayList<>();
    for (Path f : corpusFiles()) {
      CorpusFile c = JSON.readValue(f.toFile(), CorpusFile.class);
      assertThat(f.getFileName().toString()).isEqualTo(c.policy());
      covered.add(c.policy());
      assertThat(c.cases()).extracting(Case::expect).contains("allowed").anyMatch(e -> !e.equals("allowed"));
    }
    assertThat(covered).containsExactlyElementsOf(seeds);
  }

  @Test
  void unknownFieldsAreRejected() {
    assertThatThrownBy(() -> JSON.readValue("{\"policy\":\"x\",\"principal\":\"p\",\"cases\":[{\"name\":\"n\",\"action\":\"a\","
        + "\"resource\":\"*\",\"expected\":\"allowed\",\"why\":\"w\"}]}", CorpusFile.class))
        .isInstanceOf(UnrecognizedPropertyException.class);
  }

  @TestFactory
  Stream<DynamicTest> seedPolicies() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path f : corpusFiles()) {
      CorpusFile c = JSON.readValue(f.toFile(), CorpusFile.class);
      String text = Files.readString(resource("seed-policies").resolve(c.policy()), StandardCharsets.UTF_8);
      Policy seed = Policy.parse(c.policy(), text);
      PolicySet alone = PolicySet.ofIdentity(seed);
      for (Case k : c.cases()) {
        assertThat(k.name()).as("name in %s", f).isNotBlank();
        assertThat(k.why()).as("why of %s", k.name()).isNotBlank();
        assertThat(k.expect()).as("expect of %s", k.name()).isIn("allowed", "explicitDeny", "implicitDeny");
        tests.add(DynamicTest.dynamicTest(c.policy() + ": " + k.name() + " -> " + k.expect(), () -> {
          PolicySet set = alone;
          if (k.alsoAttached() != null) {
            PolicySet.Builder b = PolicySet.builder().identity(seed);
            int i = 0;
            for (JsonNode p : k.alsoAttached()) {
              b.identity(Policy.parse("attached-" + (++i), JSON.writeValueAsString(p)));
            }
            set = b.build();
          }
          AuthorizationRequest.Builder r = AuthorizationRequest.builder()
              .principal(k.principal() != null ? k.principal() : c.principal())
              .action(k.action()).resource(k.resource());
          if (k.context() != null) {
            for (Map.Entry<String, JsonNode> e : k.context().entrySet()) {
              if (e.getValue().isArray()) {
                List<String> vs = new ArrayList<>();
                e.getValue().forEach(v -> vs.add(v.asText()));
                r.contextList(e.getKey(), vs);
              } else {
                r.context(e.getKey(), e.getValue().asText());
              }
            }
          }
          Explanation x = Evaluator.explain(set, r.build());
          assertThat(x.decision().outcome().json())
              .as("%s / %s (%s)%n%s", c.policy(), k.name(), k.why(), x.statements())
              .isEqualTo(k.expect());
        }));
      }
    }
    return tests.stream();
  }
}
