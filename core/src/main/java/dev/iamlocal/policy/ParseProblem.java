package dev.iamlocal.policy;

/**
 * Why a policy document is not valid IAM policy grammar: where, what was expected, and a hint.
 *
 * @param code an IAM Access Analyzer style issue code, e.g. {@code JSON_SYNTAX_ERROR},
 *     {@code MISSING_EFFECT}, {@code INVALID_POLICY_ELEMENT}
 * @param message what is wrong, for a person
 * @param hint how to fix it (may be empty)
 */
public record ParseProblem(String code, String message, String hint, JsonPath path, Span span) {

  /** {@code line:column: CODE: message (hint)}. */
  @Override
  public String toString() {
    String where = span.isKnown() ? span.start() + ": " : "";
    return where + code + ": " + message + (hint.isEmpty() ? "" : " (" + hint + ")") + " at " + path;
  }
}
