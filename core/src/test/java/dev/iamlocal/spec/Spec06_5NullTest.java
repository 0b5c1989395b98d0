package dev.iamlocal.spec;

import static dev.iamlocal.spec.Fx.cond;
import static dev.iamlocal.spec.Fx.ctx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.request.RequestContext;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Spec §6.5: Null. */
class Spec06_5NullTest {

  @ParameterizedTest(name = "Null {0}, key {1} -> {2}")
  @CsvSource(nullValues = "ABSENT", value = {"true, ABSENT, true", "true, v, false", "false, ABSENT, false", "false, v, true"})
  void nullTable(String value, String key, boolean expected) {
    RequestContext c = key == null ? ctx() : ctx("aws:TokenIssueTime", key);
    assertThat(cond("Null", "aws:TokenIssueTime", "\"" + value + "\"", c)).isEqualTo(expected);
  }

  @Test
  void q10_emptyStringCountsAsNull() {
    assertThat(cond("Null", "aws:RequestTag/k", "\"true\"", ctx("aws:RequestTag/k", ""))).isTrue();
    assertThat(cond("Null", "aws:RequestTag/k", "\"false\"", ctx("aws:RequestTag/k", ""))).isFalse();
    assertThat(cond("Null", "aws:TagKeys", "\"true\"", ctx("aws:TagKeys", List.of()))).isTrue();
    assertThat(cond("ForAllValues:StringEquals", "aws:RequestTag/k", "\"x\"", ctx("aws:RequestTag/k", ""))).isTrue();
    assertThat(cond("ForAnyValue:StringEquals", "aws:RequestTag/k", "\"\"", ctx("aws:RequestTag/k", ""))).isFalse();
    // An unqualified operator still compares the empty string as a value.
    assertThat(cond("StringEquals", "aws:RequestTag/k", "\"\"", ctx("aws:RequestTag/k", ""))).isTrue();
  }

  @Test
  void q11_nullWithAValueOtherThanTrueOrFalseIsAnError_failsClosed() {
    assertThat(cond("Null", "k:key", "\"maybe\"", ctx())).isFalse();
    assertThat(cond("Null", "k:key", "\"maybe\"", ctx("k:key", "v"))).isFalse();
    // A list [true,false] is OR: always true.
    assertThat(cond("Null", "k:key", "[\"true\",\"false\"]", ctx())).isTrue();
    assertThat(cond("Null", "k:key", "[\"true\",\"false\"]", ctx("k:key", "v"))).isTrue();
    // Case of true/false is not significant (as for Bool, Q16).
    assertThat(cond("Null", "k:key", "\"TRUE\"", ctx())).isTrue();
  }

  @Test
  void nullTakesNoVariables() {
    assertThat(cond("Null", "k:key", "\"${aws:username}\"", ctx("aws:username", "true"))).isFalse();
  }
}
