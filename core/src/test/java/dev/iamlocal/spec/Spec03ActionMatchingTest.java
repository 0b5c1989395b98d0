package dev.iamlocal.spec;

import static dev.iamlocal.spec.Fx.ctx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.evaluation.Outcome;
import dev.iamlocal.evaluation.Policy;
import dev.iamlocal.evaluation.PolicySet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Spec §3: Action / NotAction matching, every row of the examples table. */
class Spec03ActionMatchingTest {

  @ParameterizedTest(name = "Action {0} vs {1} -> {2}")
  @CsvSource({
      "S3:getobject, s3:GetObject, true",
      "iam:*AccessKey*, iam:ListAccessKeys, true",
      "s3:Get?bject, s3:GetObject, true",
      "sagemaker:*Algorithm, sagemaker:CreateAlgorithm, true",
      "sagemaker:*Algorithm, sagemaker:ListAlgorithms, false",
      "ec2:Describe*, ec2:describeinstances, true",
      // anchored: no implicit prefix or suffix matching
      "s3:Get, s3:GetObject, false",
      "s3:Object, s3:GetObject, false",
      "s3:Get?bject, s3:Getbject, false",
      "*, ec2:RunInstances, true",
      "s3:*, s3express:CreateSession, false"})
  void actionTable(String pattern, String action, boolean matches) {
    PolicySet set = PolicySet.ofIdentity(Fx.policy(Fx.allow(pattern, "*")));
    assertThat(Fx.decide(set, Fx.req(Fx.USER, action, "*", ctx())) == Outcome.ALLOWED).isEqualTo(matches);
  }

  @ParameterizedTest(name = "NotAction iam:* vs {0} -> applies {1}")
  @CsvSource({"s3:PutObject, true", "iam:CreateUser, false", "IAM:createuser, false"})
  void notActionTable(String action, boolean applies) {
    Policy p = Policy.parse("p", "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"NotAction\":\"iam:*\",\"Resource\":\"*\"}}");
    assertThat(Fx.decide(PolicySet.ofIdentity(p), Fx.req(Fx.USER, action, "*", ctx())) == Outcome.ALLOWED).isEqualTo(applies);
  }

  @ParameterizedTest(name = "Deny NotAction [s3:*, sts:*] vs {0} -> {1}")
  @CsvSource({"ec2:RunInstances, explicitDeny", "s3:GetObject, allowed", "sts:GetCallerIdentity, allowed"})
  void denyWithNotActionDeniesEverythingElse(String action, String expected) {
    Policy p = Policy.parse("p", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},"
        + "{\"Effect\":\"Deny\",\"NotAction\":[\"s3:*\",\"sts:*\"],\"Resource\":\"*\"}]}");
    assertThat(Fx.decide(PolicySet.ofIdentity(p), Fx.req(Fx.USER, action, "*", ctx())).json()).isEqualTo(expected);
  }
}
