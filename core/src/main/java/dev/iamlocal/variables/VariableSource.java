package dev.iamlocal.variables;

/** Supplies values for policy variables: the request context, seen through its single-valued keys. */
@FunctionalInterface
public interface VariableSource {

  /**
   * The value of a single-valued key, or null when the key is absent, multivalued, or has several
   * values. {@code normalizedKey} is lower-cased.
   */
  String singleValue(String normalizedKey);

  /** A source with no values. */
  VariableSource EMPTY = key -> null;
}
