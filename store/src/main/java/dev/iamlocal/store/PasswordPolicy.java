package dev.iamlocal.store;

import java.util.Optional;

/**
 * An account password policy, as UpdateAccountPasswordPolicy sets it.
 *
 * @param maxPasswordAge days, or null when passwords do not expire
 * @param passwordReusePrevention how many of the latest passwords may not be used again, or null
 * @param hardExpiry null when never set
 */
public record PasswordPolicy(int minimumPasswordLength, boolean requireSymbols, boolean requireNumbers,
    boolean requireUppercaseCharacters, boolean requireLowercaseCharacters, boolean allowUsersToChangePassword,
    Integer maxPasswordAge, Integer passwordReusePrevention, Boolean hardExpiry) {

  /** The symbols IAM counts as non-alphanumeric characters (IAM User Guide, "Set an account password policy"). */
  public static final String SYMBOLS = "!@#$%^&*()_+-=[]{}|'";

  /**
   * Without a custom policy a password must still meet AWS's default policy: at least 8 characters
   * and at least three of the four character types (IAM User Guide, "Default password policy").
   */
  public static final int DEFAULT_MINIMUM_LENGTH = 8;

  /** Whether passwords expire under this policy. */
  public boolean expirePasswords() {
    return maxPasswordAge != null && maxPasswordAge > 0;
  }

  /** Why {@code password} breaks this policy, or empty when it complies. */
  public Optional<String> violation(String password) {
    if (password.length() < minimumPasswordLength) {
      return Optional.of("the password has " + password.length() + " characters; the policy requires at least "
          + minimumPasswordLength);
    }
    if (requireSymbols && !has(password, Kind.SYMBOL)) {
      return Optional.of("the policy requires at least one of " + SYMBOLS);
    }
    if (requireNumbers && !has(password, Kind.DIGIT)) {
      return Optional.of("the policy requires at least one number");
    }
    if (requireUppercaseCharacters && !has(password, Kind.UPPER)) {
      return Optional.of("the policy requires at least one uppercase letter (A-Z)");
    }
    if (requireLowercaseCharacters && !has(password, Kind.LOWER)) {
      return Optional.of("the policy requires at least one lowercase letter (a-z)");
    }
    return Optional.empty();
  }

  /**
   * Why {@code password} breaks AWS's default policy (no custom policy set), or empty: 8 characters,
   * three of the four character types, not the account's name ({@code accountNames}: its id and alias).
   */
  public static Optional<String> defaultViolation(String password, java.util.Collection<String> accountNames) {
    if (password.length() < DEFAULT_MINIMUM_LENGTH) {
      return Optional.of("without a custom password policy AWS's default policy applies: at least "
          + DEFAULT_MINIMUM_LENGTH + " characters");
    }
    int kinds = 0;
    for (Kind k : Kind.values()) {
      kinds += has(password, k) ? 1 : 0;
    }
    if (kinds < 3) {
      return Optional.of("without a custom password policy AWS's default policy applies: at least three of"
          + " uppercase letters, lowercase letters, numbers and the symbols " + SYMBOLS);
    }
    for (String n : accountNames) {
      if (n != null && n.equalsIgnoreCase(password)) {
        return Optional.of("AWS's default password policy forbids the account's name as password");
      }
    }
    return Optional.empty();
  }

  private enum Kind { UPPER, LOWER, DIGIT, SYMBOL }

  private static boolean has(String password, Kind kind) {
    for (int i = 0; i < password.length(); i++) {
      char ch = password.charAt(i);
      boolean is = switch (kind) {
        case UPPER -> ch >= 'A' && ch <= 'Z';
        case LOWER -> ch >= 'a' && ch <= 'z';
        case DIGIT -> ch >= '0' && ch <= '9';
        case SYMBOL -> SYMBOLS.indexOf(ch) >= 0;
      };
      if (is) {
        return true;
      }
    }
    return false;
  }
}
