package dev.iamlocal.cli;

import dev.iamlocal.validation.PolicyKind;

/**
 * A policy as the validator checks it: its kind and its text (or its source), the key of what was checked in a run
 * ({@link ScenarioValidation}) and of what is kept between runs ({@link FindingsCache}).
 *
 * <p>{@code equals} and {@code hashCode} are written out: a record's generated ones bootstrap method handles on first
 * use, ~10 ms of a short run that no class-data archive of Java 17 keeps.
 */
record KindKey<T>(PolicyKind kind, T policy) {

  @Override
  public boolean equals(Object o) {
    return o instanceof KindKey<?> k && k.kind == kind && k.policy.equals(policy);
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + policy.hashCode();
  }
}
