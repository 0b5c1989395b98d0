package dev.iamlocal.spec;

import static dev.iamlocal.spec.Fx.cond;
import static dev.iamlocal.spec.Fx.ctx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.evaluation.PolicySet;
import dev.iamlocal.request.RequestContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Spec §6.4: IfExists; examples C6, C7 (the full MFA table, 15 cells) and C8. */
class Spec06_4IfExistsTest {

  @ParameterizedTest(name = "C6: {0} instance type {1} -> {2}")
  @CsvSource(nullValues = "ABSENT", value = {
      "StringLikeIfExists, t1.micro, true",
      "StringLikeIfExists, m2.micro, false",
      "StringLikeIfExists, ABSENT, true",
      "StringLike, t1.micro, true",
      "StringLike, m2.micro, false",
      "StringLike, ABSENT, false"})
  void c6_ifExistsOnResourcesWithoutTheKey(String op, String type, boolean expected) {
    RequestContext c = type == null ? ctx() : ctx("ec2:InstanceType", type);
    assertThat(cond(op, "ec2:InstanceType", "[\"t1.*\",\"t2.*\",\"m3.*\"]", c)).isEqualTo(expected);
  }

  /** Rows: statement; columns: MFA (true), temporary creds without MFA (false), long-term keys (absent). */
  @ParameterizedTest(name = "C7: {0} {1} / MFA={2} -> {3}")
  @CsvSource(nullValues = "ABSENT", value = {
      "Deny,  Bool,          false, true,   allowed",
      "Deny,  Bool,          false, false,  explicitDeny",
      "Deny,  Bool,          false, ABSENT, allowed",
      "Deny,  BoolIfExists,  false, true,   allowed",
      "Deny,  BoolIfExists,  false, false,  explicitDeny",
      "Deny,  BoolIfExists,  false, ABSENT, explicitDeny",
      "Allow, BoolIfExists,  true,  true,   allowed",
      "Allow, BoolIfExists,  true,  false,  implicitDeny",
      "Allow, BoolIfExists,  true,  ABSENT, allowed",
      "Allow, Bool,          true,  true,   allowed",
      "Allow, Bool,          true,  false,  implicitDeny",
      "Allow, Bool,          true,  ABSENT, implicitDeny",
      "Allow, Null,          false, true,   allowed",
      "Allow, Null,          false, false,  allowed",
      "Allow, Null,          false, ABSENT, implicitDeny"})
  void c7_mfaTable(String effect, String op, String value, String mfa, String expected) {
    String condition = "{\"" + op + "\":{\"aws:MultiFactorAuthPresent\":\"" + value + "\"}}";
    PolicySet set = effect.equals("Deny")
        ? PolicySet.ofIdentity(Fx.policy(Fx.allow("ec2:StopInstances", "*"), Fx.stmt("Deny", "ec2:StopInstances", "*", condition)))
        : PolicySet.ofIdentity(Fx.policy(Fx.stmt("Allow", "ec2:StopInstances", "*", condition)));
    RequestContext c = mfa == null ? ctx() : ctx("aws:MultiFactorAuthPresent", mfa);
    assertThat(Fx.decide(set, Fx.req(Fx.USER, "ec2:StopInstances", "*", c)).json()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "C8: SourceVpc {0} -> {1}")
  @CsvSource(nullValues = "ABSENT", value = {"vpc-111bbb22, allowed", "vpc-999, explicitDeny", "ABSENT, explicitDeny"})
  void c8_negatedIfExistsDeniesWhenKeyAbsent(String vpc, String expected) {
    PolicySet set = PolicySet.ofIdentity(Fx.policy(Fx.allow("s3:*", "*"),
        Fx.stmt("Deny", "s3:*", "*", "{\"StringNotEqualsIfExists\":{\"aws:SourceVpc\":\"vpc-111bbb22\"}}")));
    RequestContext c = vpc == null ? ctx() : ctx("aws:SourceVpc", vpc);
    assertThat(Fx.decide(set, Fx.req(Fx.USER, "s3:GetObject", "arn:aws:s3:::b/k", c)).json()).isEqualTo(expected);
  }
}
