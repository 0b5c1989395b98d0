package dev.iamlocal.server.iam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.server.ServerFixture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.iam.model.ResourceSpecificResult;
import software.amazon.awssdk.services.iam.model.SimulatePrincipalPolicyResponse;

/**
 * SimulatePrincipalPolicy and SimulateCustomPolicy with several ResourceArns, through the AWS SDK:
 * one EvaluationResult per action, whose top-level members are the aggregate over the resources
 * and whose ResourceSpecificResults hold each resource's own (API_EvaluationResult: "The simulator
 * now returns a single EvaluationResult per action, regardless of how many resource ARNs are
 * provided"; the shape as stackd recorded real IAM answering, 2026-09-11).
 */
class SimulationSeveralResourcesSdkTest extends ServerFixture {

  static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":["
      + "{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"s3:PutObject\"],\"Resource\":\"arn:aws:s3:::data/public/*\"},"
      + "{\"Effect\":\"Deny\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::data/secret/*\"}]}";
  static final List<String> OBJECTS = List.of("arn:aws:s3:::data/public/a", "arn:aws:s3:::data/secret/b",
      "arn:aws:s3:::data/other/c");
  String userArn;

  @BeforeAll
  void principal() {
    userArn = root.createUser(r -> r.userName("sim-several")).user().arn();
    root.putUserPolicy(r -> r.userName("sim-several").policyName("p").policyDocument(POLICY));
  }

  private static List<String> decisions(EvaluationResult r) {
    List<String> out = new ArrayList<>();
    for (ResourceSpecificResult x : r.resourceSpecificResults()) {
      out.add(x.evalResourceName() + " " + x.evalResourceDecisionAsString());
    }
    return out;
  }

  @Test
  void oneResultPerActionWithTheMostRestrictiveDecisionAndEachResourcesOwn() {
    List<EvaluationResult> results = root.simulatePrincipalPolicy(b -> b.policySourceArn(userArn)
        .actionNames("s3:GetObject", "s3:PutObject").resourceArns(OBJECTS)).evaluationResults();
    assertThat(results).extracting(EvaluationResult::evalActionName).containsExactly("s3:GetObject", "s3:PutObject");

    EvaluationResult get = results.get(0);
    assertThat(get.evalResourceName()).isEqualTo("arn:aws:s3:::${BucketName}/${KeyName}");
    assertThat(get.evalDecisionAsString()).as("an explicit deny on one resource").isEqualTo("explicitDeny");
    assertThat(decisions(get)).containsExactly("arn:aws:s3:::data/public/a allowed",
        "arn:aws:s3:::data/secret/b explicitDeny", "arn:aws:s3:::data/other/c implicitDeny");
    // the statements that decided any resource, each once: the Allow (public/a), the Deny (secret/b)
    assertThat(get.matchedStatements()).extracting(s -> s.sourcePolicyId() + " " + s.startPosition().column())
        .containsExactly("p 38", "p 137");
    assertThat(get.hasMissingContextValues()).isTrue();
    assertThat(get.missingContextValues()).isEmpty();
    assertThat(get.hasEvalDecisionDetails()).as("present and empty: same account").isTrue();
    assertThat(get.evalDecisionDetails()).isEmpty();
    ResourceSpecificResult other = get.resourceSpecificResults().get(2);
    assertThat(other.hasMatchedStatements()).as("nothing decided it: absent, as recorded").isFalse();
    assertThat(other.hasMissingContextValues()).isFalse();
    assertThat(other.hasEvalDecisionDetails()).isFalse();

    EvaluationResult put = results.get(1);
    assertThat(put.evalDecisionAsString()).as("allowed on one, implicitly denied on two").isEqualTo("implicitDeny");
    assertThat(decisions(put)).containsExactly("arn:aws:s3:::data/public/a allowed",
        "arn:aws:s3:::data/secret/b implicitDeny", "arn:aws:s3:::data/other/c implicitDeny");
    assertThat(put.matchedStatements()).hasSize(1);

    // every resource allowed: allowed
    EvaluationResult allowed = root.simulatePrincipalPolicy(b -> b.policySourceArn(userArn)
        .actionNames("s3:GetObject").resourceArns("arn:aws:s3:::data/public/a", "arn:aws:s3:::data/public/b"))
        .evaluationResults().get(0);
    assertThat(allowed.evalDecisionAsString()).isEqualTo("allowed");
  }

  @Test
  void missingContextValuesAreAggregatedAtTheTop() {
    String conditioned = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
        + "\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:PrincipalTag/team\":\"ml\"}}}]}";
    EvaluationResult r = root.simulateCustomPolicy(b -> b.policyInputList(conditioned).actionNames("s3:GetObject")
        .resourceArns("arn:aws:s3:::data/x", "arn:aws:s3:::data/y")).evaluationResults().get(0);
    assertThat(r.evalDecisionAsString()).isEqualTo("implicitDeny");
    assertThat(r.missingContextValues()).containsExactly("aws:PrincipalTag/team");
    assertThat(r.resourceSpecificResults()).allSatisfy(x ->
        assertThat(x.missingContextValues()).containsExactly("aws:PrincipalTag/team"));
  }

  @Test
  void crossAccountDetailsPerResourceAndAggregatedAtTheTop() {
    String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sqs:SendMessage\","
        + "\"Resource\":\"*\"}]}";
    String mine = "arn:aws:sqs:us-east-1:" + acct() + ":mine";
    EvaluationResult r = root.simulateCustomPolicy(b -> b.policyInputList(policy).actionNames("sqs:SendMessage")
        .resourceArns(mine, "arn:aws:sqs:us-east-1:999999999999:theirs").callerArn(userArn)).evaluationResults().get(0);
    assertThat(r.evalResourceName()).isEqualTo("arn:aws:sqs:${Region}:${Account}:${QueueName}");
    assertThat(r.evalDecisionAsString()).isEqualTo("implicitDeny");
    assertThat(decisions(r)).containsExactly(mine + " allowed", "arn:aws:sqs:us-east-1:999999999999:theirs implicitDeny");
    assertThat(r.resourceSpecificResults().get(0).hasEvalDecisionDetails()).isFalse();
    assertThat(r.resourceSpecificResults().get(1).evalDecisionDetailsAsStrings())
        .containsEntry("IAM Policy", "allowed").containsEntry("Resource Policy", "implicitDeny");
    assertThat(r.evalDecisionDetailsAsStrings()).containsEntry("IAM Policy", "allowed")
        .containsEntry("Resource Policy", "implicitDeny").hasSize(2);
  }

  @Test
  void maxItemsAndMarkerCountActions() {
    List<String> actions = List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject");
    SimulatePrincipalPolicyResponse page1 = root.simulatePrincipalPolicy(b -> b.policySourceArn(userArn)
        .actionNames(actions).resourceArns(OBJECTS).maxItems(2));
    assertThat(page1.evaluationResults()).extracting(EvaluationResult::evalActionName)
        .containsExactly("s3:GetObject", "s3:PutObject");
    assertThat(page1.isTruncated()).isTrue();
    SimulatePrincipalPolicyResponse page2 = root.simulatePrincipalPolicy(b -> b.policySourceArn(userArn)
        .actionNames(actions).resourceArns(OBJECTS).maxItems(2).marker(page1.marker()));
    assertThat(page2.evaluationResults()).extracting(EvaluationResult::evalActionName)
        .containsExactly("s3:DeleteObject");
    assertThat(page2.evaluationResults().get(0).resourceSpecificResults()).hasSize(3);
    assertThat(page2.isTruncated()).isFalse();
  }

  @Test
  void aPageHoldsAboutAThousandEvaluations() {
    List<String> actions = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      actions.add("s3:GetObject" + i);
    }
    SimulatePrincipalPolicyResponse page = root.simulatePrincipalPolicy(b -> b.policySourceArn(userArn)
        .actionNames(actions).resourceArns(OBJECTS.subList(0, 2)).maxItems(1000));
    // 2 evaluations a result: 500 results, then the rest with the marker
    assertThat(page.evaluationResults()).hasSize(500);
    assertThat(page.isTruncated()).isTrue();
    SimulatePrincipalPolicyResponse rest = root.simulatePrincipalPolicy(b -> b.policySourceArn(userArn)
        .actionNames(actions).resourceArns(OBJECTS.subList(0, 2)).maxItems(1000).marker(page.marker()));
    assertThat(rest.evaluationResults()).hasSize(100);
    assertThat(rest.evaluationResults().get(0).evalActionName()).isEqualTo("s3:GetObject500");
    assertThat(rest.isTruncated()).isFalse();
  }
}
