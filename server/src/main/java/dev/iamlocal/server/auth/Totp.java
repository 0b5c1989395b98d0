package dev.iamlocal.server.auth;

import java.security.GeneralSecurityException;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords as RFC 6238 defines them and virtual MFA apps compute them: HMAC
 * (RFC 4226's HOTP, dynamic truncation) over the number of 30-second steps since the Unix epoch,
 * 6 decimal digits. The HMAC is the JDK's ({@link Mac}); only the RFC's arithmetic is here.
 */
public final class Totp {

  /** The step of AWS's virtual MFA devices (and of RFC 6238's default), in seconds. */
  public static final int STEP_SECONDS = 30;
  /** The digits of AWS's MFA codes. */
  public static final int DIGITS = 6;

  private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

  private Totp() {}

  /** The time step (RFC 6238's T) that {@code t} falls in. */
  public static long step(Instant t) {
    return Math.floorDiv(t.getEpochSecond(), STEP_SECONDS);
  }

  /** The 6-digit HMAC-SHA1 code of {@code key} at time step {@code step}, zero-padded. */
  public static String code(byte[] key, long step) {
    return code(key, step, DIGITS, "HmacSHA1");
  }

  /**
   * The code of {@code key} at time step {@code step} with {@code digits} digits (1 to 8) and the
   * HMAC {@code algorithm} ({@code HmacSHA1}, {@code HmacSHA256}, {@code HmacSHA512}: RFC 6238
   * section 1.2), zero-padded.
   */
  public static String code(byte[] key, long step, int digits, String algorithm) {
    if (digits < 1 || digits > 8) {
      throw new IllegalArgumentException("digits must be 1 to 8: " + digits);
    }
    byte[] counter = new byte[8];
    long v = step;
    for (int i = 7; i >= 0; i--) {
      counter[i] = (byte) v;
      v >>>= 8;
    }
    byte[] hash;
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key, algorithm));
      hash = mac.doFinal(counter);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no " + algorithm, e);
    }
    // RFC 4226 section 5.3: dynamic truncation
    int offset = hash[hash.length - 1] & 0x0f;
    int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16) | ((hash[offset + 2] & 0xff) << 8)
        | (hash[offset + 3] & 0xff);
    String s = Integer.toString(binary % POWERS[digits]);
    return "0".repeat(digits - s.length()) + s;
  }

  /** Compares two codes in time independent of where they differ. */
  public static boolean same(String a, String b) {
    return java.security.MessageDigest.isEqual(a.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        b.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }
}
