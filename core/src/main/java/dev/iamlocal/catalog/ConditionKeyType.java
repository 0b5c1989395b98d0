package dev.iamlocal.catalog;

/**
 * The data type of a condition key. The {@code ArrayOf*} types of the reference map to the element
 * type here, with {@link ConditionKeyDefinition#multivalued()} set.
 */
public enum ConditionKeyType {
  STRING,
  ARN,
  BOOL,
  NUMERIC,
  DATE,
  IP_ADDRESS,
  BINARY;

  /** Maps a reference type name such as {@code "ArrayOfString"} or {@code "IPAddress"}. */
  static ConditionKeyType parse(String referenceType) {
    String base =
        referenceType.startsWith("ArrayOf") ? referenceType.substring("ArrayOf".length()) : referenceType;
    return switch (base) {
      case "String" -> STRING;
      case "ARN", "Arn" -> ARN;
      case "Bool", "Boolean" -> BOOL;
      case "Numeric" -> NUMERIC;
      case "Date" -> DATE;
      case "IPAddress" -> IP_ADDRESS;
      case "Binary" -> BINARY;
      default -> throw new IllegalArgumentException("unknown condition key type: " + referenceType);
    };
  }

  static boolean isMultivalued(String referenceType) {
    return referenceType.startsWith("ArrayOf");
  }
}
