package dev.iamlocal.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where a value stands inside a policy document, as a list of object keys and array indexes
 * (the shape of IAM Access Analyzer's {@code locations[].path}). Printed as
 * {@code $.Statement[0].Condition.StringEquals['aws:TagKeys'][1]}.
 *
 * <p>Stored as a link to the parent path: the parser makes one path per JSON value, and copying
 * the whole list for each would cost time proportional to the depth for every value parsed.
 */
public final class JsonPath {

  /** The document itself. */
  public static final JsonPath ROOT = new JsonPath(null, null);

  private final JsonPath parent;
  private final Object element;

  private JsonPath(JsonPath parent, Object element) {
    this.parent = parent;
    this.element = element;
  }

  /** The path of member {@code key} of the object at this path. */
  public JsonPath key(String key) {
    return new JsonPath(this, key);
  }

  /** The path of element {@code index} of the array at this path. */
  public JsonPath index(int index) {
    return new JsonPath(this, index);
  }

  /** Keys ({@link String}) and indexes ({@link Integer}), outermost first. */
  public List<Object> elements() {
    List<Object> out = new ArrayList<>();
    for (JsonPath p = this; p.parent != null; p = p.parent) {
      out.add(p.element);
    }
    Collections.reverse(out);
    return Collections.unmodifiableList(out);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("$");
    for (Object e : elements()) {
      if (e instanceof Integer i) {
        b.append('[').append(i).append(']');
      } else {
        String k = (String) e;
        if (isIdentifier(k)) {
          b.append('.').append(k);
        } else {
          b.append("['").append(k.replace("'", "\\'")).append("']");
        }
      }
    }
    return b.toString();
  }

  private static boolean isIdentifier(String k) {
    if (k.isEmpty() || !(Character.isLetter(k.charAt(0)) || k.charAt(0) == '_') || k.charAt(0) > 0x7F) {
      return false;
    }
    for (int i = 1; i < k.length(); i++) {
      char c = k.charAt(i);
      if (!(c < 0x80 && (Character.isLetterOrDigit(c) || c == '_'))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JsonPath p && p.elements().equals(elements());
  }

  @Override
  public int hashCode() {
    return elements().hashCode();
  }
}
