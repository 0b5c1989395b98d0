package dev.iamlocal.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iamlocal.evaluation.Outcome;
import dev.iamlocal.evaluation.PolicySet;
import dev.iamlocal.policy.ParseProblem;
import dev.iamlocal.policy.PolicyDocument;
import dev.iamlocal.policy.PolicyParseException;
import dev.iamlocal.policy.PolicyParser;
import dev.iamlocal.policy.PolicyVersion;
import dev.iamlocal.policy.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Spec §1 (document grammar) and the parser rules of §2: what is accepted, what is rejected, where. */
class Spec01GrammarTest {

  private static ParseProblem onlyProblem(String json, String code) {
    List<ParseProblem> ps = PolicyParser.parseLenient(json).problems();
    assertThat(ps).extracting(ParseProblem::code).contains(code);
    return ps.stream().filter(p -> p.code().equals(code)).findFirst().orElseThrow();
  }

  @Test
  void s1_1_idInIdentityPolicyIsAccepted_seed17() {
    PolicyDocument d = PolicyParser.parse("{ \"Id\": \"api-example-1\", \"Version\": \"2012-10-17\", \"Statement\": "
        + "[ { \"Sid\": \"EnableAPIAccess\", \"Effect\": \"Allow\", \"Action\": [ \"sagemaker:*\" ], \"Resource\": \"*\" } ] }");
    assertThat(d.id().value()).isEqualTo("api-example-1");
    assertThat(d.version()).isEqualTo(PolicyVersion.V2012_10_17);
  }

  @Test
  void s1_1_blocksInAnyOrder() {
    PolicyDocument d = PolicyParser.parse("{\"Statement\":{\"Resource\":\"*\",\"Action\":\"s3:GetObject\",\"Effect\":\"Deny\"},"
        + "\"Id\":\"x\",\"Version\":\"2012-10-17\"}");
    assertThat(d.statements()).hasSize(1);
    assertThat(d.statements().get(0).effect().json()).isEqualTo("Deny");
  }

  @Test
  void s1_1_versionAbsentIsTreatedAs2008AndOnlyTwoVersionsExist() {
    assertThat(PolicyParser.parse("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}").version())
        .isEqualTo(PolicyVersion.ABSENT);
    assertThat(PolicyVersion.ABSENT.supportsVariables()).isFalse();
    onlyProblem("{\"Version\":\"2012-10-18\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}",
        "INVALID_VERSION");
  }

  @Test
  void s1_1_statementIsRequired() {
    onlyProblem("{\"Version\":\"2012-10-17\"}", "MISSING_STATEMENT");
  }

  @Test
  void s1_1_duplicateKeyIsRejectedWithItsPosition() {
    String json = "{\"Version\":\"2012-10-17\",\n\"Statement\":{\"Effect\":\"Allow\",\n  \"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\"}}";
    ParseProblem p = onlyProblem(json, "DUPLICATE_KEY");
    assertThat(p.span().start().line()).isEqualTo(3);
    assertThat(p.span().start().column()).isEqualTo(3);
    assertThat(p.path().toString()).contains("Statement").contains("Effect");
    assertThatThrownBy(() -> PolicyParser.parse(json)).isInstanceOf(PolicyParseException.class);
  }

  @Test
  void s1_2_effectIsCaseSensitive() {
    ParseProblem p = onlyProblem("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"allow\",\"Action\":\"*\",\"Resource\":\"*\"}}",
        "INVALID_EFFECT");
    assertThat(p.hint()).contains("\"Allow\"");
  }

  @Test
  void s1_2_effectIsRequired() {
    onlyProblem("{\"Version\":\"2012-10-17\",\"Statement\":{\"Action\":\"*\",\"Resource\":\"*\"}}", "MISSING_EFFECT");
  }

  @Test
  void s1_2_actionAndNotActionTogetherAreRejected() {
    onlyProblem("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"NotAction\":\"iam:*\",\"Resource\":\"*\"}}",
        "UNSUPPORTED_ELEMENT_COMBINATION");
    onlyProblem("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Resource\":\"*\"}}", "MISSING_ACTION");
    onlyProblem("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"NotResource\":\"x\"}}",
        "UNSUPPORTED_ELEMENT_COMBINATION");
  }

  @Test
  void s1_2_stringOrArrayFormsNormaliseToAList() {
    Statement one = PolicyParser.parse("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}}")
        .statements().get(0);
    Statement arr = PolicyParser.parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\"],\"Resource\":[\"*\"]}]}")
        .statements().get(0);
    assertThat(one.action().strings()).isEqualTo(arr.action().strings()).containsExactly("s3:GetObject");
    assertThat(one.action().array()).isFalse();
    assertThat(arr.action().array()).isTrue();
    assertThat(one.resource().strings()).isEqualTo(arr.resource().strings());
  }

  @Test
  void s1_2_actionMustBeStringOrArrayOfStrings() {
    onlyProblem("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":7,\"Resource\":\"*\"}}", "DATA_TYPE_MISMATCH");
  }

  @Test
  void s1_2_numbersAndBooleansAsConditionValuesBecomeTheirText() {
    PolicyDocument d = PolicyParser.parse("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:ListBucket\","
        + "\"Resource\":\"*\",\"Condition\":{\"NumericLessThanEquals\":{\"s3:max-keys\":10},\"Bool\":{\"aws:SecureTransport\":true}}}}");
    var conds = d.statements().get(0).conditions();
    assertThat(conds.get(0).values().get(0).value()).isEqualTo("10");
    assertThat(conds.get(1).values().get(0).value()).isEqualTo("true");
    // ... and they evaluate as the quoted forms would.
    assertThat(Fx.cond("{\"NumericLessThanEquals\":{\"s3:max-keys\":10}}", Fx.ctx("s3:max-keys", "10"))).isTrue();
    assertThat(Fx.cond("{\"NumericLessThanEquals\":{\"s3:max-keys\":10}}", Fx.ctx("s3:max-keys", "11"))).isFalse();
    assertThat(Fx.cond("{\"Bool\":{\"aws:SecureTransport\":true}}", Fx.ctx("aws:SecureTransport", "true"))).isTrue();
    assertThat(Fx.cond("{\"Bool\":{\"aws:SecureTransport\":[false]}}", Fx.ctx("aws:SecureTransport", "true"))).isFalse();
  }

  @Test
  void s1_2_nullAsConditionValueIsRejected() {
    onlyProblem("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\","
        + "\"Condition\":{\"StringEquals\":{\"k\":null}}}}", "DATA_TYPE_MISMATCH");
  }

  @Test
  void s1_3_charactersOutsideTheAllowedSetAreRejected() {
    ParseProblem p = onlyProblem("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:\u20ac\",\"Resource\":\"*\"}}",
        "INVALID_CHARACTER");
    assertThat(p.span().start().column()).isEqualTo(68);
    // U+00FF is still inside the allowed range.
    assertThat(PolicyParser.parseLenient("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:\u00ff\",\"Resource\":\"*\"}}").ok())
        .isTrue();
  }

  @Test
  void s1_syntaxErrorsComeBackAsProblemsWithAPosition() {
    ParseProblem p = onlyProblem("{\"Version\":\"2012-10-17\",\n\"Statement\":[{\"Effect\":\"Allow\",}]}", "JSON_SYNTAX_ERROR");
    assertThat(p.span().start().line()).isEqualTo(2);
  }

  /** The simulator's StartPosition is the statement's '{', EndPosition one column past its '}'. */
  @Test
  void s1_statementSpan_multiLine() {
    String text = """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Allow",
              "Action": "s3:GetObject",
              "Resource": "*"
            },
            {"Effect": "Deny", "Action": "s3:PutObject", "Resource": "*"}
          ]
        }""";
    List<Statement> ss = PolicyParser.parse(text).statements();
    assertThat(ss.get(0).span().start()).extracting(p -> p.line(), p -> p.column()).containsExactly(4, 5);
    assertThat(ss.get(0).span().end()).extracting(p -> p.line(), p -> p.column()).containsExactly(8, 6);
    assertThat(ss.get(1).span().start()).extracting(p -> p.line(), p -> p.column()).containsExactly(9, 5);
    assertThat(ss.get(1).span().end()).extracting(p -> p.line(), p -> p.column()).containsExactly(9, 66);
    // The decisive statement of a decision carries the same span.
    var d = Fx.decision(PolicySet.ofIdentity(dev.iamlocal.evaluation.Policy.parse("p", text)),
        Fx.req(Fx.USER, "s3:GetObject", "arn:aws:s3:::b/k", Fx.ctx()));
    assertThat(d.outcome()).isEqualTo(Outcome.ALLOWED);
    assertThat(d.matchedStatements().get(0).span()).isEqualTo(ss.get(0).span());
  }

  @Test
  void s1_statementSpan_singleLineSeedPolicy19() {
    String text = "{ \"Version\": \"2012-10-17\", \"Statement\": [ { \"Effect\": \"Allow\", \"Action\": \"sagemaker:CreateTrainingJob\", "
        + "\"Resource\": \"*\", \"Condition\": { \"IpAddress\": { \"aws:SourceIp\": [ \"192.0.2.0/24\", \"203.0.113.0/24\" ] } } } ] }";
    Statement s = PolicyParser.parse(text).statements().get(0);
    assertThat(s.span().start().line()).isEqualTo(1);
    assertThat(s.span().start().column()).isEqualTo(43);
    int closing = text.lastIndexOf("} ]"); // 0-based index of the statement's '}'
    assertThat(s.span().end().line()).isEqualTo(1);
    assertThat(s.span().end().column()).isEqualTo(closing + 2);
  }

  @Test
  void s1_statementSpan_nonArrayStatement() {
    String text = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}";
    Statement s = PolicyParser.parse(text).statements().get(0);
    assertThat(s.span().start().column()).isEqualTo(37);
    assertThat(s.span().end().column()).isEqualTo(text.length());
  }

  @Test
  void s1_5_principalInAStatementIsModelledAndMapFormsAreChecked() {
    onlyProblem("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"arn:aws:iam::111122223333:root\","
        + "\"Action\":\"*\",\"Resource\":\"*\"}}", "INVALID_PRINCIPAL_FORMAT");
    onlyProblem("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"Aws\":\"*\"},"
        + "\"Action\":\"*\",\"Resource\":\"*\"}}", "INVALID_PRINCIPAL_KEY");
  }

  @Test
  void s1_statementIndexIsThePositionInTheArrayEvenAfterAnInvalidItem() {
    var r = PolicyParser.parseLenient("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"allow\",\"Action\":\"*\",\"Resource\":\"*\"},"
        + "{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\"}]}");
    assertThat(r.document().statements()).hasSize(1);
    assertThat(r.document().statements().get(0).index()).isEqualTo(1);
    assertThat(r.document().statements().get(0).label()).isEqualTo("#2");
  }
}
