package dev.iamlocal.condition;

/**
 * The base condition operators, without set qualifier or {@code IfExists} (spec §6.2).
 * A negated operator is evaluated as NOT of its positive twin over all policy values (NOR),
 * except for a missing key, where both have fixed results (spec §6.3).
 */
public enum Operator {
  STRING_EQUALS("StringEquals", OperatorFamily.STRING, false, false, false),
  STRING_NOT_EQUALS("StringNotEquals", OperatorFamily.STRING, true, false, false),
  STRING_EQUALS_IGNORE_CASE("StringEqualsIgnoreCase", OperatorFamily.STRING, false, false, true),
  STRING_NOT_EQUALS_IGNORE_CASE("StringNotEqualsIgnoreCase", OperatorFamily.STRING, true, false, true),
  STRING_LIKE("StringLike", OperatorFamily.STRING, false, true, false),
  STRING_NOT_LIKE("StringNotLike", OperatorFamily.STRING, true, true, false),
  NUMERIC_EQUALS("NumericEquals", OperatorFamily.NUMERIC, false, false, false),
  NUMERIC_NOT_EQUALS("NumericNotEquals", OperatorFamily.NUMERIC, true, false, false),
  NUMERIC_LESS_THAN("NumericLessThan", OperatorFamily.NUMERIC, false, false, false),
  NUMERIC_LESS_THAN_EQUALS("NumericLessThanEquals", OperatorFamily.NUMERIC, false, false, false),
  NUMERIC_GREATER_THAN("NumericGreaterThan", OperatorFamily.NUMERIC, false, false, false),
  NUMERIC_GREATER_THAN_EQUALS("NumericGreaterThanEquals", OperatorFamily.NUMERIC, false, false, false),
  DATE_EQUALS("DateEquals", OperatorFamily.DATE, false, false, false),
  DATE_NOT_EQUALS("DateNotEquals", OperatorFamily.DATE, true, false, false),
  DATE_LESS_THAN("DateLessThan", OperatorFamily.DATE, false, false, false),
  DATE_LESS_THAN_EQUALS("DateLessThanEquals", OperatorFamily.DATE, false, false, false),
  DATE_GREATER_THAN("DateGreaterThan", OperatorFamily.DATE, false, false, false),
  DATE_GREATER_THAN_EQUALS("DateGreaterThanEquals", OperatorFamily.DATE, false, false, false),
  BOOL("Bool", OperatorFamily.BOOL, false, false, true),
  BINARY_EQUALS("BinaryEquals", OperatorFamily.BINARY, false, false, false),
  IP_ADDRESS("IpAddress", OperatorFamily.IP, false, false, false),
  NOT_IP_ADDRESS("NotIpAddress", OperatorFamily.IP, true, false, false),
  ARN_EQUALS("ArnEquals", OperatorFamily.ARN, false, true, false),
  ARN_LIKE("ArnLike", OperatorFamily.ARN, false, true, false),
  ARN_NOT_EQUALS("ArnNotEquals", OperatorFamily.ARN, true, true, false),
  ARN_NOT_LIKE("ArnNotLike", OperatorFamily.ARN, true, true, false),
  NULL("Null", OperatorFamily.NULL, false, false, false);

  private final String jsonName;
  private final OperatorFamily family;
  private final boolean negated;
  private final boolean wildcards;
  private final boolean ignoreCase;

  Operator(String jsonName, OperatorFamily family, boolean negated, boolean wildcards, boolean ignoreCase) {
    this.jsonName = jsonName;
    this.family = family;
    this.negated = negated;
    this.wildcards = wildcards;
    this.ignoreCase = ignoreCase;
  }

  /** The name as written in policies. */
  public String jsonName() {
    return jsonName;
  }

  public OperatorFamily family() {
    return family;
  }

  /** True for the operators whose several values combine as NOR and that match a missing key. */
  public boolean negated() {
    return negated;
  }

  /** True if {@code *} and {@code ?} in policy values are wildcards. */
  public boolean wildcards() {
    return wildcards;
  }

  /** True if comparison ignores case. */
  public boolean ignoreCase() {
    return ignoreCase;
  }

  /**
   * True if policy variables are substituted in values: String and ARN operators, and Bool
   * (decision on Q9: the operator page, the more specific source, says Bool supports them).
   */
  public boolean allowsVariables() {
    return family == OperatorFamily.STRING || family == OperatorFamily.ARN || family == OperatorFamily.BOOL;
  }

  /** The operator with this exact, case-sensitive name (decision on Q4), or null. */
  public static Operator fromJson(String name) {
    for (Operator o : values()) {
      if (o.jsonName.equals(name)) {
        return o;
      }
    }
    return null;
  }
}
