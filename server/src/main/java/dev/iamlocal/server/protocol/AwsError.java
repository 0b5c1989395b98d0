package dev.iamlocal.server.protocol;

/**
 * An error returned to the client exactly as AWS returns it: the HTTP status, the fault
 * ({@code Sender} or {@code Receiver}), the code and the message.
 */
public final class AwsError extends RuntimeException {

  private static final long serialVersionUID = 1L;
  /** The HTTP status. */
  public final int status;
  /** AWS's error code. */
  public final String code;
  /** Whether the error is the sender's (Query's {@code <Type>Sender</Type>}). */
  public final boolean senderFault;
  /**
   * iamlocal's own explanation (where in the document, why), or null. AWS's message stays AWS's
   * text alone; the detail travels in the {@value #DETAIL_HEADER} response header.
   */
  final String detail;

  /** The response header that carries {@link #detail}. */
  public static final String DETAIL_HEADER = "x-iamlocal-detail";

  /** A sender's error. */
  public AwsError(int status, String code, String message) {
    this(status, code, message, true);
  }

  /** An error, the sender's or the service's. */
  public AwsError(int status, String code, String message, boolean senderFault) {
    this(status, code, message, senderFault, null);
  }

  private AwsError(int status, String code, String message, boolean senderFault, String detail) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.senderFault = senderFault;
    this.detail = detail;
  }

  /** This error with iamlocal's explanation beside AWS's message. */
  public AwsError withDetail(String detail) {
    return new AwsError(status, code, getMessage(), senderFault, detail);
  }

  /**
   * {@link #detail} as a header value: one line of printable Latin-1 (a header cannot carry a line
   * break, and the text may quote a hostile document), at most 1,000 characters.
   */
  public String headerDetail() {
    if (detail == null) {
      return null;
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < detail.length() && b.length() < 1000; i++) {
      char c = detail.charAt(i);
      b.append(c >= 0x20 && c < 0x7F || c >= 0xA0 && c <= 0xFF ? c : '?');
    }
    return b.toString();
  }

  /** AWS's 403 {@code MissingAuthenticationToken}. */
  public static AwsError missingAuthenticationToken() {
    return new AwsError(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
  }

  /** AWS's 400 {@code IncompleteSignature}. */
  public static AwsError incompleteSignature(String message) {
    return new AwsError(400, "IncompleteSignature", message);
  }

  /** AWS's 403 {@code InvalidClientTokenId}. */
  public static AwsError invalidClientTokenId() {
    return new AwsError(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
  }

  /** AWS's 403 {@code SignatureDoesNotMatch} with {@code message}. */
  public static AwsError signatureDoesNotMatch(String message) {
    return new AwsError(403, "SignatureDoesNotMatch", message);
  }

  /** AWS's 403 {@code SignatureDoesNotMatch} with AWS's usual message. */
  public static AwsError signatureDoesNotMatch() {
    return signatureDoesNotMatch("The request signature we calculated does not match the signature you provided."
        + " Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
  }

  /** IAM's 400 {@code InvalidInput}. */
  public static AwsError invalidInput(String message) {
    return new AwsError(400, "InvalidInput", message);
  }

  /** AWS's 400 {@code ValidationError}. */
  public static AwsError validation(String message) {
    return new AwsError(400, "ValidationError", message);
  }

  /** AWS's 403 {@code AccessDenied}. */
  public static AwsError accessDenied(String message) {
    return new AwsError(403, "AccessDenied", message);
  }

  /** IAM's 400 {@code MalformedPolicyDocument}. */
  public static AwsError malformedPolicy(String message) {
    return new AwsError(400, "MalformedPolicyDocument", message);
  }

  /**
   * An operation of AWS's model that iamlocal does not implement yet: 501, in the protocol's error
   * form (the SDKs read it as a service error), with a message that names iamlocal, so that it never
   * reads like a mistake of the client.
   */
  public static AwsError notImplemented(String service, String operation) {
    return new AwsError(501, "NotImplemented", "iamlocal does not implement the " + service + " operation "
        + operation + " yet", false);
  }

  /**
   * The JSON protocols' name of an authentication error (Query's {@code InvalidClientTokenId} is
   * {@code UnrecognizedClientException} there, …); other codes are the same in every protocol.
   */
  public static String jsonCode(String code) {
    return switch (code) {
      case "InvalidClientTokenId" -> "UnrecognizedClientException";
      case "SignatureDoesNotMatch" -> "InvalidSignatureException";
      case "MissingAuthenticationToken" -> "MissingAuthenticationTokenException";
      case "IncompleteSignature" -> "IncompleteSignatureException";
      default -> code;
    };
  }

  /** HTTP status of an IAM error code, per the IAM API model. */
  public static int statusOf(String iamCode) {
    return switch (iamCode) {
      case "NoSuchEntity" -> 404;
      case "EntityAlreadyExists", "DeleteConflict", "LimitExceeded", "DuplicateCertificate" -> 409;
      case "AccessDenied" -> 403;
      default -> 400;
    };
  }
}
