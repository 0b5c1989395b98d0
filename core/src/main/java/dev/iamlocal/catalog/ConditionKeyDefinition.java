package dev.iamlocal.catalog;

import java.util.Objects;
import java.util.Optional;

/**
 * A condition key, either defined by a service or global.
 *
 * @param name canonical name; tag-style keys keep their placeholder, e.g. {@code
 *     aws:RequestTag/${TagKey}}
 * @param type element type
 * @param multivalued true for the reference's {@code ArrayOf*} types (use {@code ForAnyValue} /
 *     {@code ForAllValues})
 * @param global true for keys from the global condition key list
 * @param deprecated true when AWS documents the key as deprecated
 * @param replacedBy the key AWS names as the replacement, if any
 * @param regex for names with a placeholder: the pattern concrete names match (case-insensitively)
 */
public record ConditionKeyDefinition(
    String name,
    ConditionKeyType type,
    boolean multivalued,
    boolean global,
    boolean deprecated,
    Optional<String> replacedBy,
    Optional<String> regex) {

  public ConditionKeyDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(replacedBy, "replacedBy");
    Objects.requireNonNull(regex, "regex");
  }

  /** The part before the colon, e.g. {@code aws} or {@code sagemaker}. */
  public String prefix() {
    int colon = name.indexOf(':');
    return colon < 0 ? name : name.substring(0, colon);
  }
}
