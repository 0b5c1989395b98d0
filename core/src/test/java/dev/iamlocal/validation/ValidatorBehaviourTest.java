package dev.iamlocal.validation;

import static dev.iamlocal.validation.ValidatorChecksTest.cond;
import static dev.iamlocal.validation.ValidatorChecksTest.p;
import static dev.iamlocal.validation.ValidatorChecksTest.allow;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Specific behaviours the issue names, beyond "the code appears". */
class ValidatorBehaviourTest {

  private static List<Finding> v(String text) {
    return Validator.validate(text, PolicyKind.IDENTITY, ValidationOptions.defaults());
  }

  @Test
  void operatorNamesAreCaseSensitiveAndTheHintNamesTheRightSpelling() {
    List<Finding> f = v(cond("{'forallvalues:stringequalsifexists':{'aws:TagKeys':'team'}}"));
    assertThat(f).filteredOn(x -> x.issueCode().equals("INVALID_CONDITION_OPERATOR")).singleElement()
        .satisfies(x -> assertThat(x.hint()).isEqualTo("Write \"ForAllValues:StringEqualsIfExists\"."));
  }

  @Test
  void misspelledOperatorGetsADidYouMean() {
    assertThat(v(cond("{'StringEqual':{'aws:PrincipalTag/team':'ml'}}")))
        .filteredOn(x -> x.issueCode().equals("INVALID_CONDITION_OPERATOR")).singleElement()
        .satisfies(x -> assertThat(x.message()).contains("did you mean `StringEquals`?"));
  }

  @Test
  void numericOperatorsOnEpochTimeAreNotATypeMismatch() {
    assertThat(v(cond("{'NumericLessThan':{'aws:EpochTime':'1767225600'}}"))).extracting(Finding::issueCode)
        .doesNotContain("TYPE_MISMATCH");
    assertThat(v(cond("{'NumericLessThan':{'aws:CurrentTime':'1767225600'}}"))).extracting(Finding::issueCode)
        .contains("TYPE_MISMATCH");
  }

  /**
   * The messages do not depend on the JVM's default locale (in Turkish, "NUMERIC".toLowerCase() is "numerıc"):
   * simulate keeps findings between runs (FindingsCache) keyed by the policy alone, so a run in one locale must
   * not leave words spelled for it to runs in another.
   */
  @Test
  void messagesAreTheSameInEveryLocale() {
    java.util.Locale before = java.util.Locale.getDefault();
    try {
      java.util.Locale.setDefault(java.util.Locale.forLanguageTag("tr-TR"));
      assertThat(v(cond("{'NumericLessThan':{'aws:username':'1'}}")))
          .filteredOn(x -> x.issueCode().equals("TYPE_MISMATCH")).singleElement()
          .satisfies(x -> assertThat(x.message()).contains("is a numeric operator"));
    } finally {
      java.util.Locale.setDefault(before);
    }
  }

  /** A character outside the BMP is named as itself (U+1F600), not as the first half of its surrogate pair. */
  @Test
  void anEmojiIsNamedByItsCodePoint() {
    String text = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"A\uD83D\uDE00\", \"Effect\": \"Allow\","
        + " \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]}";
    Finding f = v(text).stream().filter(x -> x.issueCode().equals("INVALID_CHARACTER")).findFirst().orElseThrow();
    assertThat(f.message()).isEqualTo("The character U+1F600 is not allowed in an IAM policy.");
    int at = text.indexOf('\uD83D');
    assertThat(f.span().start().offset()).isEqualTo(at);
    assertThat(f.span().end().offset()).isEqualTo(at + 2);
    assertThat(v("{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"caf\u2192\"}]}")).extracting(Finding::message)
        .contains("The character U+2192 is not allowed in an IAM policy.");
  }

  @Test
  void findingsPointAtTheValueWithLineColumnAndOffset() {
    String text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\n    \"Effect\": \"Allow\",\n"
        + "    \"Action\": \"s3:GetObjekt\",\n    \"Resource\": \"*\"\n  }]\n}\n";
    Finding f = v(text).get(0);
    assertThat(f.issueCode()).isEqualTo("INVALID_ACTION");
    assertThat(f.span().start().line()).isEqualTo(5);
    assertThat(f.span().start().column()).isEqualTo(15);
    assertThat(text.substring((int) f.span().start().offset(), (int) f.span().end().offset())).isEqualTo("\"s3:GetObjekt\"");
    assertThat(f.message()).contains("did you mean `s3:GetObject`?");
  }

  @Test
  void anUnknownActionIsReportedOnceNotAgainThroughChecksThatNeedTheActions() {
    List<Finding> f = v(p(allow("'Action':['s3:GetObjekt'],'Resource':'arn:aws:iam::123456789012:role/x',"
        + "'Condition':{'Bool':{'sagemaker:NetworkIsolation':'true'}}")));
    assertThat(f).extracting(Finding::issueCode).containsExactly("INVALID_ACTION");
  }

  @Test
  void sizeCountsNoWhitespaceForIamButEverythingForScps() {
    String padded = p("{'Effect':'Deny','Action':'s3:DeleteBucket','Resource':'*'}") + " ".repeat(7000);
    assertThat(Validator.validate(padded, PolicyKind.IDENTITY, ValidationOptions.defaults())).isEmpty();
    assertThat(Validator.validate(padded, PolicyKind.SERVICE_CONTROL, ValidationOptions.defaults()))
        .extracting(Finding::issueCode).containsExactly("POLICY_SIZE_EXCEEDS_SCP_QUOTA");
  }

  @Test
  void findingsComeInDocumentOrder() {
    List<Finding> f = v(p(allow("'Action':['s4:A','s3:GetObjekt'],'Resource':'*'")));
    assertThat(f).extracting(Finding::issueCode).containsExactly("INVALID_SERVICE", "INVALID_ACTION");
  }
}
