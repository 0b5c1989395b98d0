package dev.iamlocal.condition;

/** The set operators that prefix a condition operator for multivalued keys (spec §6.6). */
public enum SetQualifier {
  NONE(""),
  FOR_ALL_VALUES("ForAllValues:"),
  FOR_ANY_VALUE("ForAnyValue:");

  private final String prefix;

  SetQualifier(String prefix) {
    this.prefix = prefix;
  }

  public String prefix() {
    return prefix;
  }
}
