package dev.iamlocal.cli;

/**
 * An input error reported the way the AWS CLI reports the service's {@code InvalidInput} (or its
 * own parameter validation), so scripts that read AWS's messages read ours.
 */
final class AwsInputException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String hint;

  AwsInputException(String message, String hint) {
    super(message);
    this.hint = hint == null ? "" : hint;
  }

  String hint() {
    return hint;
  }
}
