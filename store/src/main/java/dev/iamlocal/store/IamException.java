package dev.iamlocal.store;

/**
 * An IAM error as AWS reports it: the error code of the IAM API ({@code NoSuchEntity}, …) and the
 * message AWS uses. The server maps {@link #code()} to the HTTP status and the XML error body.
 */
public class IamException extends RuntimeException {

  private static final long serialVersionUID = 1L;
  private final String code;

  public IamException(String code, String message) {
    super(message);
    this.code = code;
  }

  /** The IAM error code, e.g. {@code NoSuchEntity}. */
  public String code() {
    return code;
  }

  /** The named entity does not exist. */
  public static final class NoSuchEntity extends IamException {
    private static final long serialVersionUID = 1L;

    public NoSuchEntity(String message) {
      super("NoSuchEntity", message);
    }
  }

  /** An entity with this name (compared case-insensitively) already exists. */
  public static final class EntityAlreadyExists extends IamException {
    private static final long serialVersionUID = 1L;

    public EntityAlreadyExists(String message) {
      super("EntityAlreadyExists", message);
    }
  }

  /** The entity still has subordinate entities (policies, members, keys…) and cannot be deleted. */
  public static final class DeleteConflict extends IamException {
    private static final long serialVersionUID = 1L;

    public DeleteConflict(String message) {
      super("DeleteConflict", message);
    }
  }

  /** An IAM quota (spec §13) would be exceeded. */
  public static final class LimitExceeded extends IamException {
    private static final long serialVersionUID = 1L;

    public LimitExceeded(String message) {
      super("LimitExceeded", message);
    }
  }

  /** A parameter has an invalid value. */
  public static final class InvalidInput extends IamException {
    private static final long serialVersionUID = 1L;

    public InvalidInput(String message) {
      super("InvalidInput", message);
    }
  }

  /** A policy document IAM refuses to store (for example, a principal that does not exist). */
  public static final class MalformedPolicyDocument extends IamException {
    private static final long serialVersionUID = 1L;

    public MalformedPolicyDocument(String message) {
      super("MalformedPolicyDocument", message);
    }
  }
}
