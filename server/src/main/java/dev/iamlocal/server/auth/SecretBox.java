package dev.iamlocal.server.auth;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticated encryption with a server key: AES-256-GCM (the JDK's), a random 96-bit nonce per
 * message, associated data binding a sealed value to its place (an MFA seed to its device's
 * account and serial number). What {@link #open} accepts was sealed with this key and these
 * associated data, unchanged: nobody without the key can forge or alter a sealed value.
 *
 * <p>The sealed form is URL-safe Base64 of {@code version(1) || nonce(12) || ciphertext+tag}.
 */
public final class SecretBox {

  private static final byte VERSION = 1;
  private static final int NONCE = 12;
  private static final int TAG_BITS = 128;

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  /** A box over a 256-bit key. */
  public SecretBox(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException("an AES-256 key has 32 bytes, not " + key.length);
    }
    this.key = new SecretKeySpec(key, "AES");
  }

  /** {@code plaintext} sealed, bound to {@code associated}. */
  public String seal(byte[] plaintext, byte[] associated) {
    byte[] nonce = new byte[NONCE];
    random.nextBytes(nonce);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(associated);
      byte[] ct = c.doFinal(plaintext);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(ByteBuffer.allocate(1 + NONCE + ct.length)
          .put(VERSION).put(nonce).put(ct).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /**
   * The plaintext of {@code sealed}, or empty when it is not something this box sealed with
   * {@code associated} (malformed, altered, another key, other associated data).
   */
  public Optional<byte[]> open(String sealed, byte[] associated) {
    byte[] all;
    try {
      all = Base64.getUrlDecoder().decode(sealed);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (all.length < 1 + NONCE + TAG_BITS / 8 || all[0] != VERSION) {
      return Optional.empty();
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 1, NONCE));
      c.updateAAD(associated);
      return Optional.of(c.doFinal(all, 1 + NONCE, all.length - 1 - NONCE));
    } catch (AEADBadTagException e) {
      return Optional.empty();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }
}
