package dev.iamlocal.server;

/**
 * An error returned to the client exactly as AWS returns it: the HTTP status, the fault
 * ({@code Sender} or {@code Receiver}), the code and the message.
 */
final class AwsError extends RuntimeException {

  private static final long serialVersionUID = 1L;
  final int status;
  final String code;
  final boolean senderFault;

  AwsError(int status, String code, String message) {
    this(status, code, message, true);
  }

  AwsError(int status, String code, String message, boolean senderFault) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.senderFault = senderFault;
  }

  static AwsError missingAuthenticationToken() {
    return new AwsError(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
  }

  static AwsError incompleteSignature(String message) {
    return new AwsError(400, "IncompleteSignature", message);
  }

  static AwsError invalidClientTokenId() {
    return new AwsError(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
  }

  static AwsError signatureDoesNotMatch(String message) {
    return new AwsError(403, "SignatureDoesNotMatch", message);
  }

  static AwsError signatureDoesNotMatch() {
    return signatureDoesNotMatch("The request signature we calculated does not match the signature you provided."
        + " Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
  }

  static AwsError invalidInput(String message) {
    return new AwsError(400, "InvalidInput", message);
  }

  static AwsError validation(String message) {
    return new AwsError(400, "ValidationError", message);
  }

  static AwsError accessDenied(String message) {
    return new AwsError(403, "AccessDenied", message);
  }

  static AwsError malformedPolicy(String message) {
    return new AwsError(400, "MalformedPolicyDocument", message);
  }

  /** HTTP status of an IAM error code, per the IAM API model. */
  static int statusOf(String iamCode) {
    return switch (iamCode) {
      case "NoSuchEntity" -> 404;
      case "EntityAlreadyExists", "DeleteConflict", "LimitExceeded" -> 409;
      case "AccessDenied" -> 403;
      default -> 400;
    };
  }
}
