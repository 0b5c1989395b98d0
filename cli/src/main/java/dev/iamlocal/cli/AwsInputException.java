package dev.iamlocal.cli;

/**
 * An input error reported the way the AWS CLI reports the service's {@code InvalidInput} (or its
 * own parameter validation), so scripts that read AWS's messages read ours.
 */
final class AwsInputException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String hint;
  private final String code;

  AwsInputException(String message, String hint) {
    this(message, hint, "InvalidInput");
  }

  private AwsInputException(String message, String hint, String code) {
    super(message);
    this.hint = hint == null ? "" : hint;
    this.code = code;
  }

  /** The same error under another of IAM's codes (e.g. {@code ValidationError}). */
  AwsInputException withCode(String other) {
    return new AwsInputException(getMessage(), hint, other);
  }

  String hint() {
    return hint;
  }

  /** IAM's error code, {@code InvalidInput} unless said otherwise. */
  String code() {
    return code;
  }
}
