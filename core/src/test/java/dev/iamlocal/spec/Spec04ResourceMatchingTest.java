package dev.iamlocal.spec;

import static dev.iamlocal.spec.Fx.ctx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.arn.ArnPattern;
import dev.iamlocal.evaluation.Outcome;
import dev.iamlocal.evaluation.Policy;
import dev.iamlocal.evaluation.PolicySet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Spec §4: Resource / NotResource matching; all 12 rows of the examples table. */
class Spec04ResourceMatchingTest {

  @ParameterizedTest(name = "{0} vs {1} -> {2}")
  @CsvSource({
      "arn:aws:s3:::bkt/*/test/*, arn:aws:s3:::bkt/1/test/object.jpg, true",
      "arn:aws:s3:::bkt/*/test/*, arn:aws:s3:::bkt/1/2/test/3/object.jpg, true",
      "arn:aws:s3:::bkt/*/test/*, arn:aws:s3:::bkt/1///test///object.jpg, true",
      "arn:aws:s3:::bkt/*/test/*, arn:aws:s3:::bkt//test/object.jpg, true",
      "arn:aws:s3:::bkt/*/test/*, arn:aws:s3:::bkt/1/test/, true",
      "arn:aws:s3:::bkt/*/test/*, arn:aws:s3:::bkt/1-test/object.jpg, false",
      "arn:aws:s3:::bkt/*/test/*, arn:aws:s3:::bkt/test/object.jpg, false",
      "arn:aws:s3:::bkt/*/test/*, arn:aws:s3:::bkt/1/2/test.jpg, false",
      "arn:aws:iam::111122223333:user/Bob, arn:aws:iam::111122223333:user/bob, false",
      "arn:aws:iam::111122223333:user/accounting/*, arn:aws:iam::111122223333:user/accounting/eu/ann, true",
      "arn:aws:logs:us-east-1:111122223333:log-group:app:*, arn:aws:logs:us-east-1:111122223333:log-group:app:log-stream:s1, true",
      "arn:aws:ec2:*, arn:aws:ec2:us-east-1:111122223333:instance/i-1, true"})
  void resourceTable(String pattern, String arn, boolean matches) {
    assertThat(ArnPattern.compile(pattern).matches(arn)).isEqualTo(matches);
    PolicySet set = PolicySet.ofIdentity(Fx.policy(Fx.allow("s3:GetObject", pattern)));
    assertThat(Fx.decide(set, Fx.req(Fx.USER, "s3:GetObject", arn, ctx())) == Outcome.ALLOWED).isEqualTo(matches);
  }

  @ParameterizedTest(name = "rule 1-4: {0} vs {1} -> {2}")
  @CsvSource({
      "*, arn:aws:s3:::anything, true",
      "*, not-even-an-arn, true",
      "arn:aws:s3:::bkt/?, arn:aws:s3:::bkt/a, true",
      "arn:aws:s3:::bkt/?, arn:aws:s3:::bkt/ab, false",
      // a non-final '*' stays inside its segment: it cannot eat the region:account colons
      "arn:aws:*:111122223333:x, arn:aws:s3:us-east-1:111122223333:x, false",
      "arn:aws:sagemaker:*:*:endpoint/*, arn:aws:sagemaker:us-east-1:111122223333:endpoint/e1, true",
      "arn:aws:sagemaker:*:*:endpoint/*, arn:aws:sagemaker:us-east-1:111122223333:endpoint-config/e1, false",
      // '/' has no special meaning
      "arn:aws:s3:::b*, arn:aws:s3:::bkt/a/b/c, true"})
  void resourceRules(String pattern, String arn, boolean matches) {
    assertThat(ArnPattern.compile(pattern).matches(arn)).isEqualTo(matches);
  }

  @Test
  void rule7_notResourceSucceedsIffNoneMatch() {
    Policy p = Policy.parse("p", "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\","
        + "\"NotResource\":[\"arn:aws:s3:::secret\",\"arn:aws:s3:::secret/*\"]}}");
    PolicySet set = PolicySet.ofIdentity(p);
    assertThat(Fx.decide(set, Fx.req(Fx.USER, "s3:GetObject", "arn:aws:s3:::public/x", ctx()))).isEqualTo(Outcome.ALLOWED);
    assertThat(Fx.decide(set, Fx.req(Fx.USER, "s3:GetObject", "arn:aws:s3:::secret/x", ctx()))).isEqualTo(Outcome.IMPLICIT_DENY);
  }

  @Test
  void rule7_notResourceVariableWithoutValueMatchesNothing_denyCoversEverything() {
    Policy p = Policy.parse("p", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"},"
        + "{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"NotResource\":\"arn:aws:s3:::home/${aws:username}/*\"}]}");
    PolicySet set = PolicySet.ofIdentity(p);
    assertThat(Fx.decide(set, Fx.req(Fx.USER, "s3:GetObject", "arn:aws:s3:::home/alice/x", ctx("aws:username", "alice"))))
        .isEqualTo(Outcome.ALLOWED);
    assertThat(Fx.decide(set, Fx.req(Fx.USER, "s3:GetObject", "arn:aws:s3:::home/bob/x", ctx("aws:username", "alice"))))
        .isEqualTo(Outcome.EXPLICIT_DENY);
    assertThat(Fx.decide(set, Fx.req(Fx.SESSION, "s3:GetObject", "arn:aws:s3:::home/alice/x", ctx())))
        .isEqualTo(Outcome.EXPLICIT_DENY);
  }
}
