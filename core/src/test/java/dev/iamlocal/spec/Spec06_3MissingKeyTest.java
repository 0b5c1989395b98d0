package dev.iamlocal.spec;

import static dev.iamlocal.spec.Fx.cond;
import static dev.iamlocal.spec.Fx.ctx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.evaluation.PolicySet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import dev.iamlocal.condition.Operator;

/** Spec §6.3: the missing-key table, and examples C4 and C5. */
class Spec06_3MissingKeyTest {

  static String sample(Operator op) {
    return switch (op.family()) {
      case STRING -> "x";
      case NUMERIC -> "1";
      case DATE -> "2020-01-01T00:00:00Z";
      case BOOL, NULL -> "true";
      case BINARY -> "eA==";
      case IP -> "10.0.0.0/8";
      case ARN -> "arn:aws:s3:::x";
    };
  }

  @ParameterizedTest(name = "{0} on a missing key")
  @EnumSource(Operator.class)
  void missingKeyRow(Operator op) {
    String v = "\"" + sample(op) + "\"";
    if (op == Operator.NULL) {
      assertThat(cond("Null", "k:absent", "\"true\"", ctx())).isTrue();
      assertThat(cond("Null", "k:absent", "\"false\"", ctx())).isFalse();
      return;
    }
    // positive -> false; negated -> true
    assertThat(cond(op.jsonName(), "k:absent", v, ctx())).isEqualTo(op.negated());
    // any operator + IfExists -> true
    assertThat(cond(op.jsonName() + "IfExists", "k:absent", v, ctx())).isTrue();
    // ForAllValues -> true; ForAnyValue -> false
    assertThat(cond("ForAllValues:" + op.jsonName(), "k:absent", v, ctx())).isTrue();
    assertThat(cond("ForAnyValue:" + op.jsonName(), "k:absent", v, ctx())).isFalse();
  }

  @ParameterizedTest(name = "C4: tag {0} -> {1}")
  @CsvSource(nullValues = "ABSENT", value = {"iamuser-admin, allowed", "dev-ops, implicitDeny", "ABSENT, implicitDeny"})
  void c4_positiveOperatorOnMissingTagIsFalse(String tag, String expected) {
    PolicySet set = PolicySet.ofIdentity(Fx.policy(Fx.stmt("Allow", "iam:CreateUser", "*",
        "{\"StringEquals\":{\"aws:PrincipalTag/job-category\":\"iamuser-admin\"}}")));
    var c = tag == null ? ctx() : ctx("aws:PrincipalTag/job-category", tag);
    assertThat(Fx.decide(set, Fx.req(Fx.USER, "iam:CreateUser", "*", c)).json()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "C5: SecureTransport {0} -> {1}")
  @CsvSource(nullValues = "ABSENT", value = {"false, explicitDeny", "true, allowed", "ABSENT, allowed"})
  void c5_boolFalseDenyDoesNotFireOnMissingKey(String secure, String expected) {
    PolicySet set = PolicySet.ofIdentity(Fx.policy(Fx.allow("s3:*", "*"),
        Fx.stmt("Deny", "s3:ReplicateObject", "*", "{\"Bool\":{\"aws:SecureTransport\":\"false\"}}")));
    var c = secure == null ? ctx() : ctx("aws:SecureTransport", secure);
    assertThat(Fx.decide(set, Fx.req(Fx.USER, "s3:ReplicateObject", "arn:aws:s3:::b/k", c)).json()).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"StringNotEquals", "StringNotLike"})
  void unresolvedVariableCountsAsMissing_negatedMatches(String op) {
    assertThat(cond(op, "k:key", "\"${aws:PrincipalTag/team}\"", ctx("k:key", "red"))).isTrue();
    assertThat(cond(op.replace("Not", ""), "k:key", "\"${aws:PrincipalTag/team}\"", ctx("k:key", "red"))).isFalse();
  }

}
