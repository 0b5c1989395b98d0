package dev.iamlocal.request;

import java.util.List;

/**
 * The value(s) of one request-context key. {@code multivalued} is true when the key was supplied as
 * a list (a multivalued key such as {@code aws:TagKeys}), even a list of one.
 *
 * @param key the key as supplied (display spelling)
 */
public record ContextValue(String key, List<String> values, boolean multivalued) {

  public ContextValue {
    values = List.copyOf(values);
  }

  /** The value of a single-valued key, or null when there are several values or none. */
  public String single() {
    return !multivalued && values.size() == 1 ? values.get(0) : null;
  }

  /**
   * True when the key counts as null: no values, or only empty strings (the Condition docs say a
   * user-supplied empty string is represented as null in the request context; spec §6.5, Q10).
   */
  public boolean isNull() {
    for (String v : values) {
      if (!v.isEmpty()) {
        return false;
      }
    }
    return true;
  }
}
