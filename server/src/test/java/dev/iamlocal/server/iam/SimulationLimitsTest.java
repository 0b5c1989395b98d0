package dev.iamlocal.server.iam;

import dev.iamlocal.server.ServerFixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.ContextEntry;
import software.amazon.awssdk.services.iam.model.ContextKeyTypeEnum;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.SimulatePrincipalPolicyResponse;

/**
 * Hole 12: a simulation costs what its page costs (MaxItems results and about 1000 evaluations at
 * most), whatever the number of actions and resources it names, and its input is held to the IAM
 * model's constraints.
 */
class SimulationLimitsTest extends ServerFixture {

  String userArn;

  @BeforeAll
  void principal() {
    userArn = root.createUser(r -> r.userName("sim-limits")).user().arn();
    root.putUserPolicy(r -> r.userName("sim-limits").policyName("p").policyDocument(
        allow("s3:GetObject", "arn:aws:s3:::bucket/a*")));
  }

  static List<String> numbered(String prefix, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(prefix + i);
    }
    return out;
  }

  @Test
  void hole12_aMillionPairSimulationCostsOnlyThePageAskedFor() {
    List<String> actions = numbered("s3:GetObject", 1000);
    actions.set(0, "s3:GetObject");
    List<String> resources = numbered("arn:aws:s3:::bucket/a", 1000);
    // one result per action, each over the 1000 resources: a page holds as many results as 1000
    // evaluations allow (at least one), fewer than MaxItems, as IAM documents it may answer
    SimulatePrincipalPolicyResponse first = root.simulatePrincipalPolicy(b -> b.policySourceArn(userArn)
        .actionNames(actions).resourceArns(resources));
    assertThat(first.evaluationResults()).hasSize(1);
    assertThat(first.isTruncated()).isTrue();
    EvaluationResult r = first.evaluationResults().get(0);
    assertThat(r.evalActionName()).isEqualTo("s3:GetObject");
    assertThat(r.evalResourceName()).isEqualTo("arn:aws:s3:::${BucketName}/${KeyName}");
    assertThat(r.evalDecisionAsString()).isEqualTo("allowed");
    assertThat(r.resourceSpecificResults()).hasSize(1000);
    assertThat(r.resourceSpecificResults().get(100).evalResourceName()).isEqualTo("arn:aws:s3:::bucket/a100");

    SimulatePrincipalPolicyResponse second = root.simulatePrincipalPolicy(b -> b.policySourceArn(userArn)
        .actionNames(actions).resourceArns(resources).maxItems(1000).marker(first.marker()));
    assertThat(second.evaluationResults()).hasSize(1);
    EvaluationResult next = second.evaluationResults().get(0);
    assertThat(next.evalActionName()).isEqualTo("s3:GetObject1");
    assertThat(next.evalDecisionAsString()).isEqualTo("implicitDeny");
    assertThat(second.isTruncated()).isTrue();

    // without resources a result is one evaluation: MaxItems results
    SimulatePrincipalPolicyResponse star = root.simulatePrincipalPolicy(b -> b.policySourceArn(userArn)
        .actionNames(actions).maxItems(1000));
    assertThat(star.evaluationResults()).hasSize(1000);
    assertThat(star.isTruncated()).isFalse();
  }

  @Test
  void hole12_oneResultOverTooManyResourcesAndStatementsIsRefused() {
    // one result per action holds every resource's answer and its deciding statements: a request
    // of 1,000 statements and 1,000 resources answered 244 MB after 52 s; now an InvalidInput
    String statement = "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}";
    String big = "{\"Version\":\"2012-10-17\",\"Statement\":["
        + String.join(",", java.util.Collections.nCopies(1000, statement)) + "]}";
    IamException e = org.assertj.core.api.Assertions.catchThrowableOfType(IamException.class,
        () -> root.simulateCustomPolicy(b -> b.policyInputList(big).actionNames("s3:GetObject")
            .resourceArns(numbered("arn:aws:s3:::b/", 1000))));
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidInput");
    assertThat(e.awsErrorDetails().errorMessage())
        .isEqualTo("Too many resources and policy statements in one simulation: 1000 resources x 1000 statements.");
    assertThat(e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-iamlocal-detail")).get().asString()
        .contains("simulate fewer resources per request");
  }

  @Test
  void aMarkerIsAnAsciiNumber() {
    // "١" (ARABIC-INDIC DIGIT ONE) is a digit to Integer.parseInt: a forged marker, not offset 1
    String forged = java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString("\u0661".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(message(() -> root.simulatePrincipalPolicy(b -> b.policySourceArn(userArn)
        .actionNames("s3:GetObject", "s3:PutObject").maxItems(1).marker(forged)))).isEqualTo("Invalid Marker.");
    String one = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(root.simulatePrincipalPolicy(b -> b.policySourceArn(userArn).actionNames("s3:GetObject", "s3:PutObject")
        .maxItems(1).marker(one)).evaluationResults()).singleElement()
        .satisfies(r -> assertThat(r.evalActionName()).isEqualTo("s3:PutObject"));
  }

  private static String message(Runnable call) {
    IamException e = org.assertj.core.api.Assertions.catchThrowableOfType(IamException.class, call::run);
    assertThat(e).isNotNull();
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.awsErrorDetails().errorCode()).as(e.awsErrorDetails().errorMessage()).isEqualTo("ValidationError");
    return e.awsErrorDetails().errorMessage();
  }

  @Test
  void hole12_theModelsLimitsApplyToSimulations() {
    String tooLong = "s3:" + "A".repeat(126);
    assertThat(message(() -> root.simulatePrincipalPolicy(b -> b.policySourceArn(userArn)
        .actionNames("s3:GetObject", tooLong)))).isEqualTo("1 validation error detected: Value"
            + " at 'actionNames' failed to satisfy constraint: Member must satisfy constraint: [Member must"
            + " have length less than or equal to 128, Member must have length greater than or equal to 3]");
    assertThat(message(() -> root.simulatePrincipalPolicy(b -> b.policySourceArn(userArn)
        .actionNames("s3:GetObject").maxItems(1001)))).isEqualTo("1 validation error detected: Value at"
            + " 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 1000");
    assertThat(message(() -> root.simulateCustomPolicy(b -> b.policyInputList(allow("s3:*", "*"))
        .actionNames("s3:GetObject").resourceArns("").contextEntries(ContextEntry.builder().contextKeyName("a:b")
            .contextKeyType(ContextKeyTypeEnum.STRING).contextKeyValues("x").build()))))
        .isEqualTo("2 validation errors detected: Value at 'resourceArns' failed to satisfy constraint: Member"
            + " must satisfy constraint: [Member must have length less than or equal to 2048, Member must have length"
            + " greater than or equal to 1]; Value at 'contextEntries.1.member.contextKeyName' failed to"
            + " satisfy constraint: Member must have length greater than or equal to 5");
    String policy = allow("s3:*", "arn:aws:s3:::caf\u0100");
    assertThat(message(() -> root.getContextKeysForCustomPolicy(b -> b.policyInputList(policy))))
        // AWS's words for PolicyInputList (stackd's recording, query_collections.json): no value, its order
        .isEqualTo("1 validation error detected: Value at 'policyInputList' failed to satisfy"
            + " constraint: Member must satisfy constraint: [Member must have length less than or equal to 131072,"
            + " Member must have length greater than or equal to 1, Member must satisfy regular expression pattern:"
            + " [\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]+]");
    assertThat(message(() -> root.simulatePrincipalPolicy(b -> b.policySourceArn("arn:aws:iam::1:u/x")
        .actionNames("s3:GetObject")))).isEqualTo("1 validation error detected: Value at"
            + " 'policySourceArn' failed to satisfy constraint: Member must have length greater than or equal to 20");
    assertThatThrownBy(() -> root.simulatePrincipalPolicy(b -> b.policySourceArn(userArn)))
        .isInstanceOf(IamException.class).hasMessageContaining("Value null at 'actionNames' failed to satisfy"
            + " constraint: Member must not be null");
  }
}
