package dev.iamlocal.spec;

import static dev.iamlocal.spec.Fx.cond;
import static dev.iamlocal.spec.Fx.ctx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.evaluation.Outcome;
import dev.iamlocal.evaluation.PolicySet;
import dev.iamlocal.policy.ParseProblem;
import dev.iamlocal.policy.PolicyParser;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Spec §2: which names and values are case-sensitive. */
class Spec02CaseSensitivityTest {

  @Test
  void elementNamesAreCaseSensitive_Q4() {
    List<ParseProblem> ps = PolicyParser.parseLenient(
        "{\"Version\":\"2012-10-17\",\"Statement\":{\"effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}").problems();
    assertThat(ps).extracting(ParseProblem::code).contains("INVALID_POLICY_ELEMENT", "MISSING_EFFECT");
    assertThat(ps.get(0).hint()).contains("\"Effect\"");
  }

  @Test
  void actionNamesAreCaseInsensitive() {
    PolicySet set = PolicySet.ofIdentity(Fx.policy(Fx.allow("iam:ListAccessKeys", "*")));
    assertThat(Fx.decide(set, Fx.req(Fx.USER, "IAM:listaccesskeys", "*", ctx()))).isEqualTo(Outcome.ALLOWED);
  }

  @ParameterizedTest(name = "{0} vs {1}")
  @CsvSource({
      "aws:SourceIp, AWS:sourceip",
      "aws:PrincipalTag/Department, aws:principaltag/department",
      "aws:RequestTag/env, AWS:REQUESTTAG/ENV",
      "aws:ResourceTag/Project, aws:resourcetag/project"})
  void conditionKeyNamesAreCaseInsensitive(String policyKey, String requestKey) {
    String value = policyKey.equals("aws:SourceIp") ? "203.0.113.0/24" : "x";
    String op = policyKey.equals("aws:SourceIp") ? "IpAddress" : "StringEquals";
    String given = policyKey.equals("aws:SourceIp") ? "203.0.113.9" : "x";
    assertThat(cond(op, policyKey, "\"" + value + "\"", ctx(requestKey, given))).isTrue();
  }

  @Test
  void conditionValuesFollowTheOperator() {
    assertThat(cond("StringEquals", "aws:ResourceTag/team", "\"Red\"", ctx("aws:ResourceTag/team", "red"))).isFalse();
    assertThat(cond("StringEqualsIgnoreCase", "aws:ResourceTag/team", "\"Red\"", ctx("aws:ResourceTag/team", "red"))).isTrue();
    assertThat(cond("StringLike", "aws:ResourceTag/team", "\"R*\"", ctx("aws:ResourceTag/team", "red"))).isFalse();
    assertThat(cond("StringNotLike", "aws:ResourceTag/team", "\"R*\"", ctx("aws:ResourceTag/team", "red"))).isTrue();
    assertThat(cond("ArnLike", "aws:SourceArn", "\"arn:aws:s3:::Bkt\"", ctx("aws:SourceArn", "arn:aws:s3:::bkt"))).isFalse();
  }

  @Test
  void policyVariableKeyNamesAreCaseInsensitive() {
    assertThat(cond("StringEquals", "s3:prefix", "\"home/${AWS:USERNAME}/\"", ctx("aws:username", "bob", "s3:prefix", "home/bob/")))
        .isTrue();
  }

  @Test
  void ignoreCaseComparesTheSameWithOrWithoutAVariable() {
    for (String r : new String[] {"I", "i", "\u0130", "\u0131"}) {
      boolean literal = cond("StringEqualsIgnoreCase", "k:k", "\"i\"", ctx("k:k", r));
      boolean variable = cond("StringEqualsIgnoreCase", "k:k", "\"${aws:PrincipalTag/v}\"", ctx("k:k", r, "aws:PrincipalTag/v", "i"));
      assertThat(variable).as(r).isEqualTo(literal);
    }
  }
}
