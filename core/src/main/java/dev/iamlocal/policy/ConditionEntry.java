package dev.iamlocal.policy;

import java.util.List;

/**
 * One {@code operator → key → values} triple of a {@code Condition} block, as written.
 * Values that were JSON numbers or booleans are kept in their canonical string form
 * (spec §1.2: quotes are optional for numeric and Boolean values).
 *
 * @param operator the operator as written, possibly with a set qualifier and {@code IfExists}
 * @param key the context key as written (keys are compared case-insensitively)
 * @param values the values; {@code valuesArray} tells whether they were written as an array
 */
public record ConditionEntry(
    PolicyString operator, PolicyString key, List<PolicyString> values, boolean valuesArray, JsonPath path) {

  public ConditionEntry {
    values = List.copyOf(values);
  }
}
