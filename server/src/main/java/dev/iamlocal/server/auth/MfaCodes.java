package dev.iamlocal.server.auth;

import dev.iamlocal.store.IamStore;
import dev.iamlocal.store.MfaDevice;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.apache.commons.codec.binary.Base32;

/**
 * The codes of virtual MFA devices: new seeds, sealed for the store under the server's
 * {@value #KEY_NAME} key ({@link SecretBox}, bound to the device's account and serial number), and
 * the checks of codes on the server's clock ({@link Totp}, 30-second steps, 6 digits).
 *
 * <ul>
 *   <li>{@link #synchronize}: two consecutive codes (EnableMFADevice, ResyncMFADevice) found within
 *       {@value #SYNC_WINDOW} steps of now either way; they teach the device's clock offset;
 *   <li>{@link #authenticate}: one code (STS's TokenCode) at the device's step, one step either way
 *       (RFC 6238 section 5.2's network delay allowance), accepted once: a code whose step is not
 *       newer than the last accepted one (the same code again, an older one) is refused, and the
 *       store records the step atomically, so of two requests with one code only one passes.
 * </ul>
 *
 * A seed that cannot be unsealed (another database's key, a damaged row) checks no code: fail closed.
 */
public final class MfaCodes {

  /** The name of the server key that seals seeds. */
  public static final String KEY_NAME = "mfa-seed";
  /** How far from now, in steps either way, EnableMFADevice and ResyncMFADevice look for the two codes. */
  public static final int SYNC_WINDOW = 10;
  /** The bytes of a new seed: 320 bits, 64 Base32 characters, as AWS's Base32StringSeed has. */
  static final int SEED_BYTES = 40;

  private final IamStore store;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private volatile SecretBox box;

  /** Codes of {@code store}'s devices on {@code clock}. */
  public MfaCodes(IamStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** A new seed and its sealed form for the device {@code serialNumber} of {@code accountId}. */
  public record NewSeed(String base32, String sealed) {
    @Override
    public String toString() {
      return "NewSeed[sealed]";
    }
  }

  /** A fresh random seed for a new device. */
  public NewSeed newSeed(String accountId, String serialNumber) {
    byte[] seed = new byte[SEED_BYTES];
    random.nextBytes(seed);
    try {
      String base32 = new Base32().encodeToString(seed);
      return new NewSeed(base32, box().seal(seed, associated(accountId, serialNumber)));
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }

  /** Where two consecutive codes were found: the second code's step and the device's clock offset. */
  public record Sync(long lastStep, long driftSteps) {}

  /**
   * Finds the step {@code t} within {@link #SYNC_WINDOW} steps of now at which {@code code1} is the
   * device's code and {@code code2} the code of {@code t + 1}; empty when there is none (then
   * EnableMFADevice and ResyncMFADevice answer InvalidAuthenticationCode).
   */
  public Optional<Sync> synchronize(MfaDevice d, String code1, String code2) {
    Optional<byte[]> seed = seed(d);
    if (seed.isEmpty()) {
      return Optional.empty();
    }
    long now = Totp.step(clock.instant());
    try {
      // nearest to now first, so that a device in sync gets offset 0
      for (int k = 0; k <= SYNC_WINDOW; k++) {
        for (long t : k == 0 ? new long[] {now} : new long[] {now - k, now + k}) {
          if (Totp.same(Totp.code(seed.get(), t), code1) && Totp.same(Totp.code(seed.get(), t + 1), code2)) {
            return Optional.of(new Sync(t + 1, t + 1 - now));
          }
        }
      }
      return Optional.empty();
    } finally {
      Arrays.fill(seed.get(), (byte) 0);
    }
  }

  /**
   * Whether {@code code} is the enabled device's code now (its clock offset applied, one step of
   * delay either way) at a step newer than any accepted before; if so the step is recorded as used.
   *
   * @return the moment the code was accepted, or empty for a wrong, stale or reused code
   */
  public Optional<Instant> authenticate(MfaDevice d, String code) {
    if (!d.assigned()) {
      return Optional.empty();
    }
    Optional<byte[]> seed = seed(d);
    if (seed.isEmpty()) {
      return Optional.empty();
    }
    Instant at = clock.instant();
    long expected = Totp.step(at) + d.driftSteps();
    try {
      for (long t = expected - 1; t <= expected + 1; t++) {
        if (Totp.same(Totp.code(seed.get(), t), code)) {
          if (d.lastStep() != null && t <= d.lastStep()) {
            return Optional.empty();
          }
          return store.mfaDevices().useStep(d.accountId(), d.serialNumber(), t) ? Optional.of(at) : Optional.empty();
        }
      }
      return Optional.empty();
    } finally {
      Arrays.fill(seed.get(), (byte) 0);
    }
  }

  private Optional<byte[]> seed(MfaDevice d) {
    return box().open(d.sealedSeed(), associated(d.accountId(), d.serialNumber()));
  }

  private static byte[] associated(String accountId, String serialNumber) {
    return ("mfa-seed\n" + accountId + "\n" + serialNumber).getBytes(StandardCharsets.UTF_8);
  }

  private SecretBox box() {
    SecretBox b = box;
    if (b == null) {
      b = new SecretBox(store.serverSecrets().key(KEY_NAME, 32));
      box = b;
    }
    return b;
  }
}
