package dev.iamlocal.store;

/**
 * A password the account password policy (or AWS's default policy, or reuse prevention) refuses:
 * IAM's {@code PasswordPolicyViolation} with AWS's message; {@link #reason()} says which rule, for
 * iamlocal's detail header (AWS's message does not).
 */
public final class PasswordPolicyViolation extends IamException {

  private static final long serialVersionUID = 1L;
  /** AWS's message for every violation. */
  public static final String MESSAGE = "Password does not conform to the account password policy.";
  private final String reason;

  PasswordPolicyViolation(String reason) {
    super("PasswordPolicyViolation", MESSAGE);
    this.reason = reason;
  }

  /** Which rule the password breaks. */
  public String reason() {
    return reason;
  }
}
