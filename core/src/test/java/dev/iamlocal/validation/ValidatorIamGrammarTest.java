package dev.iamlocal.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamlocal.policy.IamPolicyGrammar;
import dev.iamlocal.policy.IamPolicyGrammar.Rejection;
import dev.iamlocal.policy.IamPolicyGrammar.Use;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code iamlocal validate} agrees with CreatePolicy: every document IAM refuses (moto's AWS-checked
 * list) has an error where IAM's first problem stands, and the shapes of issue 14 are errors with
 * IAM's message, at the offending value.
 */
class ValidatorIamGrammarTest {

  static Stream<Arguments> motoInvalid() throws IOException {
    JsonNode cases;
    try (InputStream in = IamPolicyGrammar.class.getResourceAsStream("moto-policy-cases.json")) {
      cases = new ObjectMapper().readTree(in);
    }
    List<Arguments> out = new ArrayList<>();
    int i = 0;
    for (JsonNode c : cases.get("invalid")) {
      out.add(Arguments.of(i++, c.get("document").asText(), c.get("message").asText()));
    }
    return out.stream();
  }

  private static List<Finding> errors(String doc, PolicyKind kind) {
    return Validator.validate(doc, kind, ValidationOptions.defaults()).stream()
        .filter(f -> f.severity() == Severity.ERROR).toList();
  }

  @ParameterizedTest(name = "[{index}] invalid #{0}: {2}")
  @MethodSource("motoInvalid")
  void everyDocumentIamRefusesHasAnErrorWhereIamsProblemIs(int index, String doc, String message) {
    List<Finding> errors = errors(doc, PolicyKind.IDENTITY);
    assertThat(errors).as(doc).isNotEmpty();
    Rejection first = IamPolicyGrammar.check(doc, Use.MANAGED).orElseThrow();
    assertThat(errors).as(doc).anySatisfy(f -> assertThat(f.message().equals(message)
        || f.span().start().offset() == first.span().start().offset()
        || f.path().toString().equals(first.path().toString())).isTrue());
  }

  private static String statement(String body) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":" + body + "}";
  }

  private static Finding only(String doc, String code) {
    List<Finding> found = errors(doc, PolicyKind.IDENTITY).stream().filter(f -> f.issueCode().equals(code)).toList();
    assertThat(found).as(doc).hasSize(1);
    return found.get(0);
  }

  private static String at(String doc, Finding f) {
    return doc.substring((int) f.span().start().offset(), (int) f.span().end().offset());
  }

  @Test
  void emptyStatementIsAnError() {
    String doc = statement("[]");
    Finding f = only(doc, "IAM_SYNTAX");
    assertThat(f.message()).isEqualTo("Syntax errors in policy.");
    assertThat(f.path().toString()).isEqualTo("$.Statement");
    assertThat(f.hint()).contains("at least one statement");
  }

  @Test
  void emptyActionAndResourceArraysAreErrors() {
    String doc = statement("{\"Effect\":\"Allow\",\"Action\":[],\"Resource\":[]}");
    assertThat(at(doc, only(doc, "IAM_ACTIONS_REQUIRED"))).isEqualTo("[]");
    assertThat(only(doc, "IAM_ACTIONS_REQUIRED").message()).isEqualTo("Policy statement must contain actions.");
    assertThat(only(doc, "IAM_RESOURCES_REQUIRED").path().toString()).isEqualTo("$.Statement.Resource");
  }

  @Test
  void missingOrOldVersionIsAnErrorForAManagedPolicy() {
    String doc = "{\"Version\":\"2008-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}";
    Finding f = only(doc, "IAM_VERSION");
    assertThat(f.message()).isEqualTo("Policy document must be version 2012-10-17 or greater.");
    assertThat(at(doc, f)).isEqualTo("\"2008-10-17\"");
    // a resource policy is not stored by IAM: no such rule
    assertThat(errors(doc.replace("\"Effect\"", "\"Principal\":\"*\",\"Effect\""), PolicyKind.RESOURCE))
        .noneMatch(e -> e.issueCode().startsWith("IAM_"));
  }

  @Test
  void malformedActionsAreErrorsWithIamsMessage() {
    String doc = statement("{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"s3:List:Bucket\"],\"Resource\":\"*\"}");
    Finding f = only(doc, "IAM_ACTION_FORMAT");
    assertThat(f.message()).isEqualTo("Actions/Condition can contain only one colon.");
    assertThat(f.path().toString()).isEqualTo("$.Statement.Action[1]");
  }

  @Test
  void malformedResourcesAreErrorsWithIamsMessage() {
    String doc = statement("{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
        + "\"Resource\":[\"arn:aws:s3:::ok\",\"arn:aws:s3:us-east-1::example_bucket\"]}");
    Finding f = errors(doc, PolicyKind.IDENTITY).stream()
        .filter(e -> e.path().toString().equals("$.Statement.Resource[1]")).findFirst().orElseThrow();
    assertThat(f.severity()).isEqualTo(Severity.ERROR);
    String iam = statement("{\"Effect\":\"Allow\",\"Action\":\"iam:GetUser\",\"Resource\":\"arn:aws:iam::1:users/a\"}");
    assertThat(only(iam, "IAM_RESOURCE_FORMAT").message()).startsWith("IAM resource path must either be \"*\", root,");
  }

  @Test
  void unknownConditionOperatorsAndUnreadableDatesAreErrors() {
    String op = statement("{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\","
        + "\"Condition\":{\"StringEqualz\":{\"aws:username\":\"a\"}}}");
    assertThat(errors(op, PolicyKind.IDENTITY)).anySatisfy(f -> assertThat(at(op, f)).isEqualTo("\"StringEqualz\""));
    String date = statement("{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\","
        + "\"Condition\":{\"DateGreaterThan\":{\"aws:CurrentTime\":\"2026-13-01\"}}}");
    assertThat(errors(date, PolicyKind.IDENTITY)).anySatisfy(f -> assertThat(at(date, f)).isEqualTo("\"2026-13-01\""));
  }

  @Test
  void trustPolicyWithANonStsActionIsAnError() {
    String doc = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
        + "\"ec2.amazonaws.com\"},\"Action\":\"sts:InvalidAction\"}}";
    assertThat(errors(doc, PolicyKind.TRUST)).anySatisfy(f -> assertThat(at(doc, f)).isEqualTo("\"sts:InvalidAction\""));
  }
}
