package dev.iamlocal.spec;

import static dev.iamlocal.spec.Fx.cond;
import static dev.iamlocal.spec.Fx.ctx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.request.RequestContext;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Spec §6.6: set qualifiers on multivalued keys; examples C9–C12, every row. */
class Spec06_6MultivaluedTest {

  /** "ABSENT" = key missing; otherwise values separated by ';'. */
  static RequestContext tags(String key, String values) {
    return values == null ? ctx() : ctx(key, Arrays.asList(values.split(";")));
  }

  @ParameterizedTest(name = "C9: TagKeys {0} -> {1}")
  @CsvSource(nullValues = "ABSENT", value = {
      "environment, true", "environment;cost-center, true", "environment;dept, false", "ABSENT, false"})
  void c9_forAllValuesWithNullGuard(String keys, boolean expected) {
    String c = "{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"environment\",\"cost-center\"]},\"Null\":{\"aws:TagKeys\":\"false\"}}";
    assertThat(cond(c, tags("aws:TagKeys", keys))).isEqualTo(expected);
    if (keys == null) {
      // ForAllValues alone is true on a missing key; the Null guard is what makes it false.
      assertThat(cond("ForAllValues:StringEquals", "aws:TagKeys", "[\"environment\",\"cost-center\"]", ctx())).isTrue();
    }
  }

  @ParameterizedTest(name = "C10: TagKeys {0} -> {1}")
  @CsvSource(nullValues = "ABSENT", value = {"environment;dept, true", "dept, false", "ABSENT, false"})
  void c10_forAnyValue(String keys, boolean expected) {
    assertThat(cond("ForAnyValue:StringEquals", "aws:TagKeys", "[\"environment\",\"cost-center\"]", tags("aws:TagKeys", keys)))
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "C11: TagKeys {0} -> {1}")
  @CsvSource({"Environment, false", "environment, true"})
  void c11_forAnyValueIsCaseSensitive(String keys, boolean expected) {
    assertThat(cond("ForAnyValue:StringEquals", "aws:TagKeys", "\"environment\"", tags("aws:TagKeys", keys))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "C12: {0} -> {1}")
  @CsvSource(nullValues = "ABSENT", value = {
      "arn:aws:cloudfront::123456789012:distribution/costcenter, true",
      "arn:aws:cloudfront::123456789012:distribution/costcenter;arn:aws:cloudfront::777788889999:distribution/x, false",
      "ABSENT, true"})
  void c12_forAllValuesArnLike(String arns, boolean expected) {
    assertThat(cond("ForAllValues:ArnLike", "logs:LogGeneratingResourceArns", "[\"arn:aws:cloudfront::123456789012:distribution/*\"]",
        tags("logs:LogGeneratingResourceArns", arns))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(nullValues = "ABSENT", value = {
      "ForAllValues:StringNotEquals, a;b, true",
      "ForAllValues:StringNotEquals, a;x, false",
      "ForAnyValue:StringNotEquals, x;a, true",
      "ForAnyValue:StringNotEquals, x, false",
      "ForAllValues:StringNotEquals, ABSENT, true",
      "ForAnyValue:StringNotEquals, ABSENT, false"})
  void negatedBasesUnderQualifiers(String op, String values, boolean expected) {
    // policy values [x, y]; m(r) = r in {x, y}
    assertThat(cond(op, "aws:TagKeys", "[\"x\",\"y\"]", tags("aws:TagKeys", values))).isEqualTo(expected);
  }

  @Test
  void q12_unqualifiedOperatorOnMultivaluedKey_anyValueMatches() {
    assertThat(cond("StringEquals", "aws:TagKeys", "\"a\"", ctx("aws:TagKeys", List.of("a", "b")))).isTrue();
    assertThat(cond("StringEquals", "aws:TagKeys", "\"c\"", ctx("aws:TagKeys", List.of("a", "b")))).isFalse();
    // negated: true only if no request value matches any policy value
    assertThat(cond("StringNotEquals", "aws:TagKeys", "\"a\"", ctx("aws:TagKeys", List.of("a", "b")))).isFalse();
    assertThat(cond("StringNotEquals", "aws:TagKeys", "\"c\"", ctx("aws:TagKeys", List.of("a", "b")))).isTrue();
  }

  @Test
  void q13_ifExistsDoesNotRescueForAnyValueOnMissingKey() {
    assertThat(cond("ForAnyValue:StringEqualsIfExists", "aws:TagKeys", "\"a\"", ctx())).isFalse();
    assertThat(cond("ForAllValues:StringEqualsIfExists", "aws:TagKeys", "\"a\"", ctx())).isTrue();
    // present: IfExists changes nothing
    assertThat(cond("ForAnyValue:StringEqualsIfExists", "aws:TagKeys", "\"a\"", ctx("aws:TagKeys", List.of("b")))).isFalse();
  }

  @Test
  void q31_setQualifiersCombineWithNumericDateIpAndBinary() {
    assertThat(cond("ForAnyValue:NumericLessThan", "k:n", "\"5\"", ctx("k:n", List.of("9", "3")))).isTrue();
    assertThat(cond("ForAllValues:NumericLessThan", "k:n", "\"5\"", ctx("k:n", List.of("9", "3")))).isFalse();
    assertThat(cond("ForAllValues:IpAddress", "k:ip", "\"10.0.0.0/8\"", ctx("k:ip", List.of("10.1.1.1", "10.2.2.2")))).isTrue();
    assertThat(cond("ForAnyValue:DateGreaterThan", "k:d", "\"2020-01-01T00:00:00Z\"", ctx("k:d", List.of("2019-01-01", "2021-01-01"))))
        .isTrue();
  }
}
