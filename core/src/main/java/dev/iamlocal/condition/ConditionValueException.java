package dev.iamlocal.condition;

/** A condition value that its operator cannot use (an invalid CIDR, date, number, ...). */
public final class ConditionValueException extends Exception {

  private static final long serialVersionUID = 1L;

  public ConditionValueException(String message) {
    super(message);
  }
}
