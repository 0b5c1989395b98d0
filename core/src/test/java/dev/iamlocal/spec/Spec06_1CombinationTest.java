package dev.iamlocal.spec;

import static dev.iamlocal.spec.Fx.cond;
import static dev.iamlocal.spec.Fx.ctx;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Spec §6.1: AND across operators and keys, OR across values, NOR for negated operators. */
class Spec06_1CombinationTest {

  @ParameterizedTest(name = "C1: account {0} -> {1}")
  @CsvSource({"111111111111, false", "222222222222, false", "333333333333, true"})
  void c1_stringNotEqualsIsNorOverValues(String account, boolean expected) {
    assertThat(cond("StringNotEquals", "aws:PrincipalAccount", "[\"111111111111\",\"222222222222\"]",
        ctx("aws:PrincipalAccount", account))).isEqualTo(expected);
  }

  static final String C2 = "{\"StringEqualsIgnoreCase\":{\"aws:PrincipalTag/department\":[\"finance\",\"hr\"],"
      + "\"aws:PrincipalTag/role\":[\"audit\"]},\"StringEquals\":{\"aws:PrincipalAccount\":\"123456789012\"}}";

  @Test
  void c2_andAcrossOperatorsAndKeys_orAcrossValues() {
    assertThat(cond(C2, ctx("aws:PrincipalTag/department", "HR", "aws:PrincipalTag/role", "audit",
        "aws:PrincipalAccount", "123456789012"))).isTrue();
    assertThat(cond(C2, ctx("aws:PrincipalTag/department", "HR", "aws:PrincipalAccount", "123456789012"))).isFalse();
    assertThat(cond(C2, ctx("aws:PrincipalTag/department", "HR", "aws:PrincipalTag/role", "audit",
        "aws:PrincipalAccount", "999999999999"))).isFalse();
    assertThat(cond(C2, ctx("aws:PrincipalTag/department", "legal", "aws:PrincipalTag/role", "audit",
        "aws:PrincipalAccount", "123456789012"))).isFalse();
  }

  @Test
  void noConditionElementMeansTrue() {
    assertThat(cond("{}", ctx())).isTrue();
  }
}
