package dev.iamlocal.condition;

/**
 * A condition operator as written: base operator, set qualifier and {@code IfExists}.
 * {@code ForAllValues:StringLikeIfExists} is (STRING_LIKE, FOR_ALL_VALUES, true).
 */
public record OperatorSpec(Operator operator, SetQualifier qualifier, boolean ifExists) {

  /**
   * Parses an operator name, or returns null when it names no operator. Names are case-sensitive
   * (decision on Q4: IAM documents exactly these spellings; the validator suggests the right case).
   * {@code NullIfExists} is not an operator (spec §6.4).
   */
  public static OperatorSpec parse(String name) {
    SetQualifier q = SetQualifier.NONE;
    String rest = name;
    if (rest.startsWith(SetQualifier.FOR_ALL_VALUES.prefix())) {
      q = SetQualifier.FOR_ALL_VALUES;
      rest = rest.substring(q.prefix().length());
    } else if (rest.startsWith(SetQualifier.FOR_ANY_VALUE.prefix())) {
      q = SetQualifier.FOR_ANY_VALUE;
      rest = rest.substring(q.prefix().length());
    }
    boolean ifExists = false;
    if (rest.endsWith("IfExists")) {
      ifExists = true;
      rest = rest.substring(0, rest.length() - "IfExists".length());
    }
    Operator op = Operator.fromJson(rest);
    if (op == null || (op == Operator.NULL && ifExists)) {
      return null;
    }
    return new OperatorSpec(op, q, ifExists);
  }

  /** The name as a policy writes it. */
  public String jsonName() {
    return qualifier.prefix() + operator.jsonName() + (ifExists ? "IfExists" : "");
  }
}
