package dev.iamlocal.spec;

import static dev.iamlocal.spec.Fx.cond;
import static dev.iamlocal.spec.Fx.ctx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.condition.Operator;
import dev.iamlocal.condition.OperatorSpec;
import dev.iamlocal.condition.SetQualifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Spec §6.2: the operator catalogue, one row per operator, plus example C3. */
class Spec06_2OperatorsTest {

  @ParameterizedTest(name = "{0} {1} vs {2} -> {3}")
  @CsvSource(delimiter = '|', value = {
      "StringEquals              | abc          | abc            | true",
      "StringEquals              | a*c          | abc            | false",
      "StringEquals              | a*c          | a*c            | true",
      "StringNotEquals           | abc          | abd            | true",
      "StringEqualsIgnoreCase    | ABC          | abc            | true",
      "StringNotEqualsIgnoreCase | ABC          | abc            | false",
      "StringLike                | a*/x?        | ab:c/d/xy      | true",
      "StringLike                | a*           | Abc            | false",
      "StringNotLike             | a*           | bcd            | true",
      "NumericEquals             | 10           | 10.0           | true",
      "NumericNotEquals          | 10           | 11             | true",
      "NumericLessThan           | 10           | 9.5            | true",
      "NumericLessThanEquals     | 10           | 10             | true",
      "NumericGreaterThan        | 10           | 10             | false",
      "NumericGreaterThanEquals  | -1           | 0              | true",
      "NumericEquals             | 10           | ten            | false",
      "DateEquals                | 2020-01-01T00:00:00Z | 1577836800 | true",
      "DateNotEquals             | 2020-01-01T00:00:00Z | 2020-01-01T00:00:01Z | true",
      "DateLessThan              | 2020-01-01T00:00:00Z | 2019-12-31T23:59:59Z | true",
      "DateLessThanEquals        | 2020-01-01T00:00:00Z | 2020-01-01T01:00:00+01:00 | true",
      "DateGreaterThan           | 2020-01-01T00:00:00Z | 2020-01-01T00:00:00Z | false",
      "DateGreaterThanEquals     | 1577836800   | 2020-01-01     | true",
      "Bool                      | true         | true           | true",
      "Bool                      | false        | true           | false",
      "BinaryEquals              | QmluYXJ5VmFsdWVJbkJhc2U2NA== | QmluYXJ5VmFsdWVJbkJhc2U2NA== | true",
      "IpAddress                 | 10.0.0.0/8   | 10.1.2.3       | true",
      "NotIpAddress              | 10.0.0.0/8   | 11.1.2.3       | true",
      "ArnEquals                 | arn:aws:s3:::b* | arn:aws:s3:::bkt | true",
      "ArnLike                   | arn:aws:s3:::b* | arn:aws:s3:::bkt | true",
      "ArnNotEquals              | arn:aws:s3:::b* | arn:aws:s3:::x | true",
      "ArnNotLike                | arn:aws:s3:::b* | arn:aws:s3:::bkt | false"})
  void operatorTable(String op, String policy, String request, boolean expected) {
    assertThat(cond(op, "k:key", "\"" + policy + "\"", ctx("k:key", request))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "C3 {0} -> {1}")
  @CsvSource({"StringLike, true", "ArnLike, false", "ArnEquals, false"})
  void c3_arnOperatorsGlobPerSegment(String op, boolean expected) {
    assertThat(cond(op, "aws:SourceArn", "\"arn:aws:someservice:*:111122223333:finance/*\"",
        ctx("aws:SourceArn", "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt")))
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @EnumSource(Operator.class)
  void everyOperatorParsesWithQualifiersAndIfExists(Operator op) {
    assertThat(OperatorSpec.parse(op.jsonName())).isEqualTo(new OperatorSpec(op, SetQualifier.NONE, false));
    if (op == Operator.NULL) {
      assertThat(OperatorSpec.parse("NullIfExists")).isNull();
      return;
    }
    assertThat(OperatorSpec.parse("ForAllValues:" + op.jsonName() + "IfExists"))
        .isEqualTo(new OperatorSpec(op, SetQualifier.FOR_ALL_VALUES, true));
    assertThat(OperatorSpec.parse("ForAnyValue:" + op.jsonName()))
        .isEqualTo(new OperatorSpec(op, SetQualifier.FOR_ANY_VALUE, false));
  }

  @Test
  void unknownOperatorFailsClosed() {
    assertThat(cond("StringEqualz", "k:key", "\"a\"", ctx("k:key", "a"))).isFalse();
    assertThat(OperatorSpec.parse("stringequals")).isNull();
  }

  @Test
  void variablesAreNotSubstitutedInNumericDateIpBinary() {
    // The literal text is not a number, so the policy is in error and the Allow fails closed.
    assertThat(cond("NumericEquals", "k:key", "\"${aws:username}\"", ctx("k:key", "1", "aws:username", "1"))).isFalse();
    assertThat(cond("IpAddress", "aws:SourceIp", "\"${k:ip}\"", ctx("aws:SourceIp", "1.2.3.4", "k:ip", "1.2.3.4"))).isFalse();
  }

  @Test
  void stringOperatorsWorkOnArnTypedKeys() {
    assertThat(cond("StringEquals", "aws:PrincipalArn", "\"arn:aws:iam::111122223333:role/R\"",
        ctx("aws:PrincipalArn", "arn:aws:iam::111122223333:role/R"))).isTrue();
  }
}
