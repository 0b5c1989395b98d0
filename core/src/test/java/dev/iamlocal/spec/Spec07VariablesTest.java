package dev.iamlocal.spec;

import static dev.iamlocal.spec.Fx.cond;
import static dev.iamlocal.spec.Fx.ctx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.evaluation.Outcome;
import dev.iamlocal.evaluation.Policy;
import dev.iamlocal.evaluation.PolicySet;
import dev.iamlocal.request.RequestContext;
import dev.iamlocal.variables.Template;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Spec §7 (and §1.4 V1): policy variables, defaults, escapes, missing values; examples P1–P4. */
class Spec07VariablesTest {

  @ParameterizedTest(name = "V1: Version {0} -> {1}")
  @CsvSource(nullValues = "NONE", value = {"2012-10-17, allowed", "2008-10-17, implicitDeny", "NONE, implicitDeny"})
  void v1_variablesOnlyUnder2012(String version, String expected) {
    String v = version == null ? "" : "\"Version\":\"" + version + "\",";
    Policy p = Policy.parse("p", "{" + v + "\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
        + "\"Resource\":\"arn:aws:s3:::bkt/${aws:username}/*\"}}");
    assertThat(Fx.decide(PolicySet.ofIdentity(p), Fx.req(Fx.USER, "s3:GetObject", "arn:aws:s3:::bkt/alice/a.txt",
        ctx("aws:username", "alice"))).json()).isEqualTo(expected);
  }

  @Test
  void v1_under2008TheVariableIsLiteralText() {
    Policy p = Policy.parse("p", "{\"Version\":\"2008-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
        + "\"Resource\":\"arn:aws:s3:::bkt/${aws:username}/*\"}}");
    assertThat(Fx.decide(PolicySet.ofIdentity(p), Fx.req(Fx.USER, "s3:GetObject", "arn:aws:s3:::bkt/${aws:username}/a.txt",
        ctx("aws:username", "alice")))).isEqualTo(Outcome.ALLOWED);
  }

  @ParameterizedTest(name = "default: team {0} -> bucket {1}")
  @CsvSource(nullValues = "ABSENT", value = {"yellow, amzn-s3-demo-bucket-yellow", "ABSENT, amzn-s3-demo-bucket-company-wide"})
  void s7_1_defaultValue(String team, String bucket) {
    PolicySet set = PolicySet.ofIdentity(Fx.policy(Fx.allow("s3:ListBucket",
        "arn:aws:s3:::amzn-s3-demo-bucket-${aws:PrincipalTag/team, 'company-wide'}")));
    RequestContext c = team == null ? ctx() : ctx("aws:PrincipalTag/team", team);
    assertThat(Fx.decide(set, Fx.req(Fx.USER, "s3:ListBucket", "arn:aws:s3:::" + bucket, c))).isEqualTo(Outcome.ALLOWED);
    assertThat(Fx.decide(set, Fx.req(Fx.USER, "s3:ListBucket", "arn:aws:s3:::amzn-s3-demo-bucket-other", c)))
        .isEqualTo(Outcome.IMPLICIT_DENY);
  }

  @Test
  void s7_1_escapes() {
    assertThat(Template.parse("a${*}b${?}c${$}d", true).resolve(k -> null)).isEqualTo("a*b?c$d");
    // In a wildcard context the escapes are literal characters.
    assertThat(cond("StringLike", "k:k", "\"a${*}\"", ctx("k:k", "a*"))).isTrue();
    assertThat(cond("StringLike", "k:k", "\"a${*}\"", ctx("k:k", "ab"))).isFalse();
    assertThat(cond("StringLike", "k:k", "\"a${?}\"", ctx("k:k", "ab"))).isFalse();
    PolicySet set = PolicySet.ofIdentity(Fx.policy(Fx.allow("s3:GetObject", "arn:aws:s3:::b/${*}")));
    assertThat(Fx.decide(set, Fx.req(Fx.USER, "s3:GetObject", "arn:aws:s3:::b/*", ctx()))).isEqualTo(Outcome.ALLOWED);
    assertThat(Fx.decide(set, Fx.req(Fx.USER, "s3:GetObject", "arn:aws:s3:::b/x", ctx()))).isEqualTo(Outcome.IMPLICIT_DENY);
  }

  @ParameterizedTest(name = "P1: {0} {1} -> {2}")
  @CsvSource({
      "arn:aws:iam::111122223333:user/alice, arn:aws:s3:::BKT/home/alice/x, allowed",
      "arn:aws:iam::111122223333:user/alice, arn:aws:s3:::BKT/home/alice, allowed",
      "arn:aws:iam::111122223333:user/alice, arn:aws:s3:::BKT/home/bob/x, implicitDeny",
      "arn:aws:sts::111122223333:assumed-role/R/alice, arn:aws:s3:::BKT/home/alice/x, implicitDeny"})
  void p1_resourceVariable(String principal, String resource, String expected) {
    PolicySet set = PolicySet.ofIdentity(Fx.policy(Fx.allow("s3:*",
        "[\"arn:aws:s3:::BKT/home/${aws:username}\",\"arn:aws:s3:::BKT/home/${aws:username}/*\"]")));
    RequestContext c = principal.contains(":user/") ? ctx("aws:username", "alice") : ctx();
    assertThat(Fx.decide(set, Fx.req(principal, "s3:GetObject", resource, c)).json()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "P2: principal team {0}, object team {1} -> {2}")
  @CsvSource(nullValues = "ABSENT", value = {"red, red, allowed", "ABSENT, red, explicitDeny", "blue, red, explicitDeny"})
  void p2_negatedOperatorWithUnresolvedVariableDenies(String pTeam, String oTeam, String expected) {
    PolicySet set = PolicySet.ofIdentity(Fx.policy(Fx.allow("s3:*", "*"), Fx.stmt("Deny", "s3:GetObject", "*",
        "{\"StringNotEquals\":{\"s3:ExistingObjectTag/Team\":\"${aws:PrincipalTag/Team}\"}}")));
    RequestContext.Builder b = RequestContext.builder().put("s3:ExistingObjectTag/Team", oTeam);
    if (pTeam != null) {
      b.put("aws:PrincipalTag/Team", pTeam);
    }
    assertThat(Fx.decide(set, Fx.req(Fx.USER, "s3:GetObject", "arn:aws:s3:::b/k", b.build())).json()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "P3: prefix ''{0}'' user {1} -> {2}")
  @CsvSource(nullValues = "ABSENT", value = {
      "'', martha_rivera, true", "home/, martha_rivera, true", "home/martha_rivera/, martha_rivera, true",
      "home/other/, martha_rivera, false", "'', ABSENT, true", "home/, ABSENT, true", "home/martha_rivera/, ABSENT, false"})
  void p3_variableEntryMatchesNothingWhenUnresolved(String prefix, String user, boolean expected) {
    RequestContext c = user == null ? ctx("s3:prefix", prefix) : ctx("s3:prefix", prefix, "aws:username", user);
    assertThat(cond("StringLike", "s3:prefix", "[\"\",\"home/\",\"home/${aws:username}/\"]", c)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "P4: {0} -> {1}")
  @CsvSource({"a*b, true", "ab, false", "axb, false"})
  void p4_escapeMatchesOnlyTheLiteral(String value, boolean expected) {
    assertThat(cond("StringEquals", "k:k", "\"a${*}b\"", ctx("k:k", value))).isEqualTo(expected);
  }

  @Test
  void s7_2_variablesInArnOperatorValues() {
    assertThat(cond("ArnLike", "aws:SourceArn", "\"arn:aws:s3:::${aws:username}-*\"",
        ctx("aws:SourceArn", "arn:aws:s3:::alice-logs", "aws:username", "alice"))).isTrue();
  }

  @Test
  void q19_variablesInActionPrincipalAndKeyNamesAreLiteral() {
    PolicySet set = PolicySet.ofIdentity(Fx.policy(Fx.allow("s3:${aws:username}", "*")));
    assertThat(Fx.decide(set, Fx.req(Fx.USER, "s3:alice", "*", ctx("aws:username", "alice")))).isEqualTo(Outcome.IMPLICIT_DENY);
    // a condition key name is not substituted: the key literally named "k:${aws:username}" is looked up
    assertThat(cond("StringEquals", "k:${aws:username}", "\"v\"", ctx("k:alice", "v", "aws:username", "alice"))).isFalse();
    assertThat(cond("StringEquals", "k:${aws:username}", "\"v\"", ctx("k:${aws:username}", "v"))).isTrue();
  }

  @Test
  void q20_substitutedWildcardsAreLiteral() {
    assertThat(cond("StringLike", "k:k", "\"${aws:PrincipalTag/p}\"", ctx("k:k", "anything", "aws:PrincipalTag/p", "*"))).isFalse();
    assertThat(cond("StringLike", "k:k", "\"${aws:PrincipalTag/p}\"", ctx("k:k", "*", "aws:PrincipalTag/p", "*"))).isTrue();
    PolicySet set = PolicySet.ofIdentity(Fx.policy(Fx.allow("s3:GetObject", "arn:aws:s3:::home/${aws:username}/*")));
    assertThat(Fx.decide(set, Fx.req(Fx.USER, "s3:GetObject", "arn:aws:s3:::home/bob/x", ctx("aws:username", "*"))))
        .isEqualTo(Outcome.IMPLICIT_DENY);
  }

  @Test
  void q21_multivaluedKeyAsVariableHasNoValue() {
    assertThat(cond("StringEquals", "k:k", "\"${aws:TagKeys}\"", ctx("k:k", "a", "aws:TagKeys", List.of("a")))).isFalse();
    assertThat(cond("StringNotEquals", "k:k", "\"${aws:TagKeys}\"", ctx("k:k", "a", "aws:TagKeys", List.of("a")))).isTrue();
    assertThat(cond("StringEquals", "k:k", "\"${aws:TagKeys, 'd'}\"", ctx("k:k", "d", "aws:TagKeys", List.of("a")))).isTrue();
  }

  @Test
  void q9_boolTakesVariables() {
    assertThat(cond("Bool", "k:b", "\"${aws:PrincipalTag/flag}\"", ctx("k:b", "true", "aws:PrincipalTag/flag", "true"))).isTrue();
    assertThat(cond("Bool", "k:b", "\"${aws:PrincipalTag/flag}\"", ctx("k:b", "true", "aws:PrincipalTag/flag", "false"))).isFalse();
  }

  @Test
  void q2_2008VersionDiffersOnlyInVariables() {
    Policy p = Policy.parse("p", "{\"Version\":\"2008-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:Get?bject\","
        + "\"Resource\":\"arn:aws:s3:::b/*\",\"Condition\":{\"StringLike\":{\"k:k\":\"a*\"}}}}");
    assertThat(Fx.decide(PolicySet.ofIdentity(p), Fx.req(Fx.USER, "s3:GetObject", "arn:aws:s3:::b/x", ctx("k:k", "abc"))))
        .isEqualTo(Outcome.ALLOWED);
  }
}
