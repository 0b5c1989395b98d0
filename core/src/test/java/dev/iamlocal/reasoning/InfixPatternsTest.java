package dev.iamlocal.reasoning;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Many infix action patterns of one service ({@code glue:*session*}, {@code glue:*table*}, …, as
 * the SageMakerStudio* managed policies write them) cut the actions outside the catalog into many
 * kinds; each kind's example is found without exploring the product of all the patterns' automata,
 * so such policies are decided within the work budget instead of answered "undecided".
 */
class InfixPatternsTest {

  static final String INFIX = "[\"glue:*session*\", \"glue:*statement*\", \"glue:*dataquality*\", \"glue:*columnstatistics*\","
      + " \"glue:*database*\", \"glue:*partition*\", \"glue:*table*\", \"glue:getcatalog*\", \"glue:listdataquality*\"]";

  static String allow(String actions) {
    return "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": " + actions
        + ", \"Resource\": \"*\"}]}";
  }

  @Test
  void manyInfixPatternsAreDecided() {
    Prover prover = Prover.bundled();
    CheckResult within = prover.checkNoNewAccess(allow(INFIX), allow("\"glue:*\""), AccessCheckPolicyType.IDENTITY_POLICY);
    assertThat(within.undecided()).isEmpty();
    assertThat(within.pass()).isTrue();
    CheckResult wider = prover.checkNoNewAccess(allow("\"glue:*\""), allow(INFIX), AccessCheckPolicyType.IDENTITY_POLICY);
    assertThat(wider.undecided()).isEmpty();
    assertThat(wider.pass()).isFalse();
    assertThat(wider.counterexamples()).isNotEmpty();
    // an action outside the catalog holding two of the words is one kind of its own
    CheckResult two = prover.checkNoNewAccess(allow("[\"glue:*session*\", \"glue:*table*\"]"),
        allow("[\"glue:*session*\"]"), AccessCheckPolicyType.IDENTITY_POLICY);
    assertThat(two.pass()).isFalse();
    assertThat(two.undecided()).isEmpty();
  }
}
