package dev.iamlocal.store;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Console passwords as stored: PBKDF2 with HMAC-SHA256 from the JDK, a random 16-byte salt per
 * password, {@value #ITERATIONS} iterations, written as
 * {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} (base64) so that the work factor can be raised
 * later without invalidating stored hashes. The password itself is never stored.
 */
public final class PasswordHash {

  /**
   * The work factor: OWASP's 2021 figure for PBKDF2-HMAC-SHA256. A reuse check compares with up to
   * 24 earlier hashes, so a much higher count would make a password change take seconds.
   */
  static final int ITERATIONS = 310_000;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final String PREFIX = "pbkdf2-sha256";
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Compared with when there is no stored hash, so that a missing user costs as much time as a wrong password. */
  private static final String DUMMY = hash("not a password of anyone");

  private PasswordHash() {}

  /** A new hash of {@code password} with a fresh salt. */
  public static String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return PREFIX + "$" + ITERATIONS + "$" + b64(salt) + "$" + b64(derive(password, salt, ITERATIONS));
  }

  /**
   * Whether {@code password} is the one {@code stored} was made of, compared in constant time. A
   * null or unreadable {@code stored} is false, after the same work as a real comparison.
   */
  public static boolean matches(String password, String stored) {
    String[] parts = (stored == null ? DUMMY : stored).split("\\$");
    boolean known = stored != null;
    if (parts.length != 4 || !parts[0].equals(PREFIX)) {
      parts = DUMMY.split("\\$");
      known = false;
    }
    int iterations;
    byte[] salt;
    byte[] expected;
    try {
      iterations = Integer.parseInt(parts[1]);
      salt = Base64.getDecoder().decode(parts[2]);
      expected = Base64.getDecoder().decode(parts[3]);
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (iterations < 1 || iterations > 10_000_000) {
      return false;
    }
    byte[] actual = derive(password, salt, iterations);
    return MessageDigest.isEqual(actual, expected) && known;
  }

  private static byte[] derive(String password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no PBKDF2WithHmacSHA256", e);
    } finally {
      spec.clearPassword();
    }
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }
}
