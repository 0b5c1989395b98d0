package dev.iamlocal.policy;

import java.util.List;

/**
 * One statement of a policy, as written. Exactly one of {@code action}/{@code notAction} is set
 * for a valid statement, and at most one of {@code resource}/{@code notResource} and of
 * {@code principal}/{@code notPrincipal}; the parser reports violations.
 *
 * @param index 0-based position in the {@code Statement} array
 * @param sid the {@code Sid}, or null
 * @param span from the statement's opening brace to one past its closing brace
 */
public record Statement(
    int index,
    PolicyString sid,
    Effect effect,
    ValueList action,
    ValueList notAction,
    ValueList resource,
    ValueList notResource,
    PrincipalElement principal,
    PrincipalElement notPrincipal,
    List<ConditionEntry> conditions,
    Span span,
    JsonPath path) {

  public Statement {
    conditions = List.copyOf(conditions);
  }

  /** The Sid, or null. */
  public String sidValue() {
    return sid == null ? null : sid.value();
  }

  /** The Sid if there is one, else the 1-based index: how explanations name a statement. */
  public String label() {
    return sid != null && !sid.value().isEmpty() ? sid.value() : "#" + (index + 1);
  }
}
