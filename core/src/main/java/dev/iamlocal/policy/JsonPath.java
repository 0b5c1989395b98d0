package dev.iamlocal.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where a value stands inside a policy document, as a list of object keys and array indexes
 * (the shape of IAM Access Analyzer's {@code locations[].path}). Printed as
 * {@code $.Statement[0].Condition.StringEquals['aws:TagKeys'][1]}.
 */
public final class JsonPath {

  /** The document itself. */
  public static final JsonPath ROOT = new JsonPath(List.of());

  private final List<Object> elements;

  private JsonPath(List<Object> elements) {
    this.elements = elements;
  }

  /** The path of member {@code key} of the object at this path. */
  public JsonPath key(String key) {
    return append(key);
  }

  /** The path of element {@code index} of the array at this path. */
  public JsonPath index(int index) {
    return append(index);
  }

  private JsonPath append(Object element) {
    List<Object> out = new ArrayList<>(elements.size() + 1);
    out.addAll(elements);
    out.add(element);
    return new JsonPath(Collections.unmodifiableList(out));
  }

  /** Keys ({@link String}) and indexes ({@link Integer}), outermost first. */
  public List<Object> elements() {
    return elements;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("$");
    for (Object e : elements) {
      if (e instanceof Integer i) {
        b.append('[').append(i).append(']');
      } else {
        String k = (String) e;
        if (k.matches("[A-Za-z_][A-Za-z0-9_]*")) {
          b.append('.').append(k);
        } else {
          b.append("['").append(k.replace("'", "\\'")).append("']");
        }
      }
    }
    return b.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JsonPath p && p.elements.equals(elements);
  }

  @Override
  public int hashCode() {
    return elements.hashCode();
  }
}
