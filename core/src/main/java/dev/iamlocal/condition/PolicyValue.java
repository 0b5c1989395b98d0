package dev.iamlocal.condition;

import dev.iamlocal.variables.VariableSource;

/**
 * One compiled value of a condition, owning its family's comparison: the positive test of a single
 * request value. Negation, set qualifiers, {@code IfExists} and missing keys are handled once, in
 * {@link Condition}.
 */
interface PolicyValue {

  /** True if the request value satisfies the positive test against this policy value. */
  boolean test(String requestValue, VariableSource variables);

  /** The value as it stands after variable substitution, for explanations ("(unresolved)" if none). */
  String describe(VariableSource variables);
}
