package dev.iamlocal.server.iam;

import static dev.iamlocal.server.iam.StackdQueryInputsSdkTest.recording;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iamlocal.server.ServerFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.iam.model.ContextEntry;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.iam.model.ResourceSpecificResult;
import software.amazon.awssdk.services.iam.model.Statement;

/**
 * SimulateCustomPolicy as the stackd project recorded it against real IAM (radkawar/stackd,
 * testdata/aws/iam/conditions.json, captured 2026-09-11; the facts are copied into
 * {@code src/test/resources/stackd/conditions.json}): one result for the action however many
 * resources are asked, its aggregate decision, the resource name it is reported under (the resource
 * type's pattern when several resources are asked), the matched statements with their positions,
 * which members are present, and each resource's decision.
 */
class StackdSimulationSdkTest extends ServerFixture {

  // ---------------------------------------------------------------- condition_strings.json

  /**
   * StringEqualsIgnoreCase and its negation on a request tag, replayed as the recording made them:
   * TagUser under a policy that allows it with the condition (deny false), or allows it and denies it
   * with the condition (deny true). AWS folds case as Java's {@code toLowerCase} of the whole string:
   * the Kelvin sign is K, \u1E9E is \u00DF, a final sigma is lowered in its context.
   */
  @org.junit.jupiter.api.Test
  void ignoreCaseConditionsOnRequestTags() {
    root.createUser(r -> r.userName("stackd-cs-target"));
    var actor = iam(userWithPolicy("stackd-cs-actor", null));
    List<String> misses = new ArrayList<>();
    for (JsonNode row : recording("condition_strings.json").path("observations")) {
      // a policy document is Latin-1 text: other characters go in as JSON escapes
      StringBuilder condition = new StringBuilder();
      row.path("condition").toString().chars().forEach(ch -> condition.append(ch > 0x7E
          ? String.format("\\u%04x", ch) : String.valueOf((char) ch)));
      String policy = row.path("deny").asBoolean()
          ? "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:TagUser\",\"Resource\":\"*\"},"
              + "{\"Effect\":\"Deny\",\"Action\":\"iam:TagUser\",\"Resource\":\"*\",\"Condition\":" + condition + "}]}"
          : "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:TagUser\",\"Resource\":\"*\","
              + "\"Condition\":" + condition + "}]}";
      root.putUserPolicy(r -> r.userName("stackd-cs-actor").policyName("p").policyDocument(policy));
      List<software.amazon.awssdk.services.iam.model.Tag> tags = new ArrayList<>();
      row.path("tags").forEach(t -> tags.add(software.amazon.awssdk.services.iam.model.Tag.builder()
          .key(t.path("Key").asText()).value(t.path("Value").asText()).build()));
      String got = StackdEntityInputsSdkTest.outcome(() -> actor.tagUser(r -> r.userName("stackd-cs-target").tags(tags)));
      if (!got.equals(row.path("code").asText())) {
        misses.add(row + " answered " + got);
      }
    }
    assertThat(misses).isEmpty();
  }

  // ---------------------------------------------------------------- conditions.json

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    recording("conditions.json").path("cases").forEach(c -> out.add(Arguments.of(c.path("name").asText(), c)));
    return out.stream();
  }

  private static List<String> positions(List<Statement> statements) {
    List<String> out = new ArrayList<>();
    for (Statement s : statements) {
      assertThat(s.sourcePolicyId()).isEqualTo("PolicyInputList.1");
      assertThat(s.sourcePolicyTypeAsString()).isEqualTo("IAM Policy");
      out.add(s.startPosition().line() + ":" + s.startPosition().column() + "-" + s.endPosition().line() + ":"
          + s.endPosition().column());
    }
    return out;
  }

  private static List<String> positions(JsonNode recorded) {
    List<String> out = new ArrayList<>();
    if (recorded != null && !recorded.isNull()) {
      recorded.forEach(p -> out.add(p.get(0).asInt() + ":" + p.get(1).asInt() + "-" + p.get(2).asInt() + ":"
          + p.get(3).asInt()));
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void simulateCustomPolicy(String name, JsonNode c) {
    List<String> resources = new ArrayList<>();
    c.path("resources").forEach(r -> resources.add(r.asText()));
    List<ContextEntry> context = new ArrayList<>();
    c.path("context").forEach(e -> {
      List<String> values = new ArrayList<>();
      e.path("ContextKeyValues").forEach(v -> values.add(v.asText()));
      context.add(ContextEntry.builder().contextKeyName(e.path("ContextKeyName").asText())
          .contextKeyType(e.path("ContextKeyType").asText()).contextKeyValues(values).build());
    });
    List<EvaluationResult> results = root.simulateCustomPolicy(r -> r.policyInputList(c.path("policy").asText())
        .actionNames(c.path("action").asText()).resourceArns(resources).contextEntries(context)).evaluationResults();
    JsonNode expected = c.path("resource_results");
    // one result for the action, however many resources (the recording: several resources give
    // one result named by the resource type's pattern, "arn:aws:s3:::${BucketName}/${KeyName}")
    assertThat(results).hasSize(1);
    EvaluationResult r = results.get(0);
    assertThat(r.evalDecisionAsString()).as("decision").isEqualTo(c.path("decision").asText());
    assertThat(r.evalResourceName()).as("EvalResourceName").isEqualTo(c.path("eval_resource_name").asText());
    assertThat(r.hasMatchedStatements()).isTrue();
    assertThat(positions(r.matchedStatements())).as("matched statements").isEqualTo(positions(c.path("matched")));
    // recorded at the top: MissingContextValues [] and EvalDecisionDetails {}, present and empty
    assertThat(r.hasMissingContextValues()).isTrue();
    assertThat(r.missingContextValues()).isEmpty();
    assertThat(r.hasEvalDecisionDetails()).isTrue();
    assertThat(r.evalDecisionDetails()).isEmpty();
    List<ResourceSpecificResult> per = r.resourceSpecificResults();
    assertThat(per).hasSize(expected.size());
    for (int i = 0; i < per.size(); i++) {
      JsonNode e = expected.get(i);
      ResourceSpecificResult one = per.get(i);
      assertThat(one.evalResourceName()).isEqualTo(e.get(0).asText());
      assertThat(one.evalResourceDecisionAsString()).as(e.get(0).asText()).isEqualTo(e.get(1).asText());
      // recorded per resource: MatchedStatements only when a statement decided it, no
      // MissingContextValues or EvalDecisionDetails when they would be empty
      assertThat(one.hasMatchedStatements()).as(e.get(0).asText()).isEqualTo(!e.get(2).isNull());
      assertThat(positions(one.matchedStatements())).as(e.get(0).asText()).isEqualTo(positions(e.get(2)));
      assertThat(one.hasMissingContextValues()).isFalse();
      assertThat(one.hasEvalDecisionDetails()).isFalse();
    }
  }
}
