package dev.iamlocal.spec;

import static dev.iamlocal.spec.Fx.cond;
import static dev.iamlocal.spec.Fx.ctx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.arn.ArnPattern;
import dev.iamlocal.evaluation.ContextKeys;
import dev.iamlocal.evaluation.Decision;
import dev.iamlocal.evaluation.Evaluator;
import dev.iamlocal.evaluation.Mismatch;
import dev.iamlocal.evaluation.Outcome;
import dev.iamlocal.evaluation.Policy;
import dev.iamlocal.evaluation.PolicySet;
import dev.iamlocal.policy.ParseProblem;
import dev.iamlocal.policy.PolicyDocument;
import dev.iamlocal.policy.PolicyParser;
import dev.iamlocal.policy.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Spec §14: one test per open question the engine decides (the decisions are written next to the
 * code that implements them). Q8–Q21 and Q31 are tested with their sections (§5, §6, §7).
 */
class Spec14OpenQuestionsTest {

  static final String OBJ = "arn:aws:s3:::b/k";

  @Test
  void q1_duplicateKeysAreRejectedNotLastOneWins() {
    String text = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\","
        + "\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"k:a\":\"1\"},\"StringEquals\":{\"k:b\":\"2\"}}}}";
    List<ParseProblem> ps = PolicyParser.parseLenient(text).problems();
    assertThat(ps).extracting(ParseProblem::code).containsExactly("DUPLICATE_KEY");
    assertThat(ps.get(0).span().start().column()).isEqualTo(text.lastIndexOf("\"StringEquals\"") + 1);
    assertThat(ps.get(0).path().toString()).contains("StringEquals");
  }

  @Test
  void q4_operatorAndElementNamesAreCaseSensitive() {
    assertThat(cond("stringequals", "k:k", "\"v\"", ctx("k:k", "v"))).isFalse();
    assertThat(PolicyParser.parseLenient("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"action\":\"*\",\"Resource\":\"*\"}}")
        .problems()).extracting(ParseProblem::code).contains("INVALID_POLICY_ELEMENT");
  }

  @ParameterizedTest(name = "Q6 {0} vs {1} -> {2}")
  @CsvSource({"*:Get*, s3:GetObject, true", "s3*:Get*, s3express:GetObject, true", "*:Get*, s3:PutObject, false",
      "GetObject, s3:GetObject, false", "s3:*, s3, false"})
  void q6_wildcardsInTheServicePrefixAreGlobbedLikeTheRest(String pattern, String action, boolean expected) {
    PolicySet set = PolicySet.ofIdentity(Fx.policy(Fx.allow(pattern, "*")));
    assertThat(Fx.decide(set, Fx.req(Fx.USER, action, "*", ctx())) == Outcome.ALLOWED).isEqualTo(expected);
  }

  @ParameterizedTest(name = "Q7 {0} vs {1} -> {2}")
  @CsvSource({
      "arn:*, arn:aws:s3:::b/k, true",
      "arn:aws:s3:*, arn:aws:s3:::b/k, true",
      "arn:aws:s3:*, arn:aws:ec2:us-east-1:1:x, false",
      "arn:aws:s3, arn:aws:s3:::b, false",
      "arn:aws:*:us-east-1, arn:aws:s3:us-east-1:1:x, false",
      "arn:aws:s3:::b:c:d, arn:aws:s3:::b:c:d, true",
      "arn:aws:s3:::*, arn:aws:s3:::b:c:d, true",
      "arn:aws:s3:*:*:*, arn:aws:s3:x:y, false"})
  void q7_segmentFinalStarOfAShortPatternCrossesColons(String pattern, String arn, boolean expected) {
    assertThat(ArnPattern.compile(pattern).matches(arn)).isEqualTo(expected);
  }

  @Test
  void q22_scpWithoutAllowIsImplicitDeny() {
    PolicySet set = PolicySet.builder().identity(Fx.policy(Fx.allow("*", "*")))
        .addServiceControlPolicyLevel(List.of(Fx.policy(Fx.allow("ec2:*", "*")))).build();
    Decision d = Fx.decision(set, Fx.req(Fx.USER, "s3:GetObject", OBJ, ctx()));
    assertThat(d.outcome()).isEqualTo(Outcome.IMPLICIT_DENY);
    assertThat(d.matchedStatements()).isEmpty();
    assertThat(d.allowedByOrganizations()).isFalse();
  }

  @Test
  void q23_sourcePolicyTypeIsCarriedAsGiven() {
    Policy p = Fx.policy(Fx.allow("*", "*")).withSourceType("IAM Policy");
    assertThat(Fx.decision(PolicySet.ofIdentity(p), Fx.req(Fx.USER, "s3:GetObject", OBJ, ctx())).matchedStatements().get(0)
        .sourcePolicyType()).isEqualTo("IAM Policy");
  }

  /** The AWS CLI principal-simulation example reports Start (3,19) / End (9,10) for this console layout. */
  @Test
  void q24_startIsTheOpeningBrace_endIsOnePastTheClosingBrace() {
    String text = """
        {
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Action": [
                    "codecommit:ListRepositories"
                ],
                "Resource": "*"
                }
            ]
        }""";
    Statement s = PolicyParser.parse(text).statements().get(0);
    assertThat(s.span().start().line()).isEqualTo(3);
    assertThat(s.span().start().column()).isEqualTo(19);
    assertThat(s.span().end().line()).isEqualTo(9);
    assertThat(s.span().end().column()).isEqualTo(10);
    // tabs count as one column; CRLF ends a line like LF
    Statement tabbed = PolicyParser.parse("{\r\n\t\"Statement\": {\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}\r\n}")
        .statements().get(0);
    assertThat(tabbed.span().start().line()).isEqualTo(2);
    assertThat(tabbed.span().start().column()).isEqualTo(15);
  }

  @Test
  void q25_contextKeysInTextOrderDeduplicatedIgnoringCase() {
    PolicyDocument d = PolicyParser.parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"dynamodb:*\","
        + "\"Resource\":\"arn:aws:dynamodb:us-east-1:111122223333:table/${aws:username}\","
        + "\"Condition\":{\"DateGreaterThan\":{\"aws:CurrentTime\":\"2020-01-01T00:00:00Z\"}}},"
        + "{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::b/${*}/${AWS:USERNAME}\","
        + "\"Condition\":{\"Null\":{\"aws:TokenIssueTime\":\"true\"},"
        + "\"StringNotEquals\":{\"s3:ExistingObjectTag/team\":\"${aws:PrincipalTag/team, 'none'}\"}}}]}");
    PolicyDocument old = PolicyParser.parse("{\"Version\":\"2008-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\","
        + "\"Resource\":\"arn:aws:s3:::b/${aws:userid}\",\"Condition\":{\"StringEquals\":{\"aws:CURRENTTIME\":\"x\"}}}}");
    assertThat(ContextKeys.referencedBy(List.of(d, old))).containsExactly(
        "aws:username", "aws:CurrentTime", "aws:TokenIssueTime", "s3:ExistingObjectTag/team", "aws:PrincipalTag/team");
  }

  @Test
  void q25_awsCliExample() {
    PolicyDocument d = PolicyParser.parse("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"dynamodb:*\","
        + "\"Resource\":\"arn:aws:dynamodb:*:*:table/${aws:username}\",\"Condition\":{\"DateGreaterThan\":{\"aws:CurrentTime\":\"2015-08-16T12:00:00Z\"}}}}");
    assertThat(ContextKeys.referencedBy(List.of(d))).containsExactly("aws:username", "aws:CurrentTime");
  }

  @Test
  void q27_forAllValuesNegatedOnMissingKeyIsTrue() {
    assertThat(cond("ForAllValues:StringNotLike", "aws:ResourceOrgPaths", "\"o-a1b2c3d4e5/*\"", ctx())).isTrue();
  }

  @ParameterizedTest(name = "Q28 Resource {0} on request resource * -> {1}")
  @CsvSource({"*, allowed", "arn:aws:s3:::*, implicitDeny", "arn:aws:s3:::b/k, implicitDeny", "arn:*, implicitDeny"})
  void q28_requestResourceStarIsMatchedLiterally(String pattern, String expected) {
    PolicySet set = PolicySet.ofIdentity(Fx.policy(Fx.allow("s3:GetObject", pattern)));
    assertThat(Fx.decide(set, Fx.req(Fx.USER, "s3:GetObject", "*", ctx())).json()).isEqualTo(expected);
  }

  @Test
  void q28_notResourceListingArnsCoversRequestResourceStar() {
    Policy p = Policy.parse("p", "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"NotResource\":\"arn:aws:s3:::secret/*\"}}");
    assertThat(Fx.decide(PolicySet.ofIdentity(p), Fx.req(Fx.USER, "s3:GetObject", "*", ctx()))).isEqualTo(Outcome.ALLOWED);
  }

  @ParameterizedTest(name = "Q29 {0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "{\"Effect\":\"Allow\",\"Action\":[],\"Resource\":\"*\"}                              | implicitDeny",
      "{\"Effect\":\"Allow\",\"NotAction\":[],\"Resource\":\"*\"}                           | implicitDeny",
      "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":[]}                              | implicitDeny",
      "{\"Effect\":\"Allow\",\"Action\":\"*\",\"NotResource\":[]}                           | implicitDeny",
      "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"StringNotEquals\":{\"k:k\":[]}}} | implicitDeny",
      "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{}}} | allowed",
      "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{}}          | allowed"})
  void q29_emptyArraysFailClosed_emptyConditionIsTrue(String statement, String expected) {
    Policy p = Policy.parse("p", "{\"Version\":\"2012-10-17\",\"Statement\":[" + statement.trim() + "]}");
    assertThat(Fx.decide(PolicySet.ofIdentity(p), Fx.req(Fx.USER, "s3:GetObject", OBJ, ctx("k:k", "v"))).json()).isEqualTo(expected);
  }

  @Test
  void q29_denyWithEmptyNotActionDeniesEverything_explained() {
    Policy p = Policy.parse("p", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},"
        + "{\"Effect\":\"Deny\",\"NotAction\":[],\"Resource\":\"*\"}]}");
    var e = Evaluator.explain(PolicySet.ofIdentity(p), Fx.req(Fx.USER, "s3:GetObject", OBJ, ctx()));
    assertThat(e.decision().outcome()).isEqualTo(Outcome.EXPLICIT_DENY);
    assertThat(e.statements().get(1).mismatch()).isEqualTo(Mismatch.ERROR);
    assertThat(e.statements().get(1).detail()).contains("NotAction list is empty");
  }

  @Test
  void q29_emptyStatementArrayGrantsNothing() {
    Policy p = Policy.parse("p", "{\"Version\":\"2012-10-17\",\"Statement\":[]}");
    assertThat(Fx.decide(PolicySet.ofIdentity(p), Fx.req(Fx.USER, "s3:GetObject", OBJ, ctx()))).isEqualTo(Outcome.IMPLICIT_DENY);
  }

  @Test
  void q30_notResourceWithUnresolvedVariable_allowDoesNotApply_denyDoes() {
    String notRes = "\"NotResource\":\"arn:aws:s3:::home/${aws:username}/*\"";
    Policy allow = Policy.parse("p", "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\"," + notRes + "}}");
    // a role session has no aws:username: the Allow must not turn into "everything"
    assertThat(Fx.decide(PolicySet.ofIdentity(allow), Fx.req(Fx.SESSION, "s3:GetObject", OBJ, ctx()))).isEqualTo(Outcome.IMPLICIT_DENY);
    // with the key the NotResource works as written
    assertThat(Fx.decide(PolicySet.ofIdentity(allow), Fx.req(Fx.USER, "s3:GetObject", OBJ, ctx("aws:username", "alice"))))
        .isEqualTo(Outcome.ALLOWED);
    assertThat(Fx.decide(PolicySet.ofIdentity(allow), Fx.req(Fx.USER, "s3:GetObject", "arn:aws:s3:::home/alice/x",
        ctx("aws:username", "alice")))).isEqualTo(Outcome.IMPLICIT_DENY);
    Policy deny = Policy.parse("p", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},"
        + "{\"Effect\":\"Deny\",\"Action\":\"s3:*\"," + notRes + "}]}");
    assertThat(Fx.decide(PolicySet.ofIdentity(deny), Fx.req(Fx.SESSION, "s3:GetObject", "arn:aws:s3:::home/alice/x", ctx())))
        .isEqualTo(Outcome.EXPLICIT_DENY);
    // a default value resolves the variable, so the pattern applies normally
    Policy withDefault = Policy.parse("p", "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\","
        + "\"NotResource\":\"arn:aws:s3:::home/${aws:username, 'nobody'}/*\"}}");
    assertThat(Fx.decide(PolicySet.ofIdentity(withDefault), Fx.req(Fx.SESSION, "s3:GetObject", OBJ, ctx()))).isEqualTo(Outcome.ALLOWED);
  }

  @Test
  void q32_everyApplyingAllowIsListed_onlyDeniesOnDeny() {
    Policy a = Fx.policy(Fx.allow("s3:*", "*"), Fx.allow("s3:GetObject", OBJ));
    Policy b = Fx.policy(Fx.allow("*", "*"));
    Decision d = Fx.decision(PolicySet.ofIdentity(a, b), Fx.req(Fx.USER, "s3:GetObject", OBJ, ctx()));
    assertThat(d.matchedStatements()).hasSize(3);
    Decision denied = Fx.decision(PolicySet.ofIdentity(a, b, Fx.policy(Fx.deny("s3:GetObject", "*"))),
        Fx.req(Fx.USER, "s3:GetObject", OBJ, ctx()));
    assertThat(denied.matchedStatements()).hasSize(1);
  }

  /** Q32 also decides the order: as written (policy, then statement), scanned or indexed alike. */
  @Test
  void q32_matchedStatementsComeInTheOrderWritten_scannedOrIndexed() {
    java.util.List<String> statements = new java.util.ArrayList<>(java.util.List.of(
        Fx.allow("*", "*"), Fx.allow("s3:Get*", "*"), Fx.allow("s3:GetObject", OBJ)));
    for (int i = 0; i < 10; i++) { // more than a scanned set: indexed from its second request on
      statements.add(Fx.allow("dynamodb:Op" + i, "*"));
    }
    PolicySet set = PolicySet.ofIdentity(Fx.policy(statements.toArray(String[]::new)));
    for (int request = 0; request < 3; request++) {
      assertThat(Fx.decision(set, Fx.req(Fx.USER, "s3:GetObject", OBJ, ctx())).matchedStatements())
          .extracting(dev.iamlocal.evaluation.MatchedStatement::index).as("request " + request).containsExactly(0, 1, 2);
    }
  }
}
