package dev.iamlocal.policy;

import java.util.List;

/**
 * An element that takes a string or an array of strings ({@code Action}, {@code Resource},
 * a principal type). Normalised to a list; {@code array} remembers which form was written.
 */
public record ValueList(List<PolicyString> values, boolean array, Span span, JsonPath path) {

  public ValueList {
    values = List.copyOf(values);
  }

  /** The plain string values. */
  public List<String> strings() {
    return values.stream().map(PolicyString::value).toList();
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }
}
