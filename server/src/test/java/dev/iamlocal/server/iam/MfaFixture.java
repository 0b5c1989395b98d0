package dev.iamlocal.server.iam;

import dev.iamlocal.server.ServerFixture;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iam.model.VirtualMFADevice;

/**
 * A server whose clock the test moves, and an authenticator app: TOTP codes computed here,
 * independently of the server's {@code Totp} (its own truncation, checked against RFC 6238's
 * vectors in {@link #rfcVectorHolds()}).
 */
abstract class MfaFixture extends ServerFixture {

  /** A clock that stands still until the test moves it. */
  static final class TestClock extends Clock {
    // the real time (SigV4 refuses requests 15 minutes off the server's clock), at the start of a step
    private volatile Instant now = Instant.ofEpochSecond(Instant.now().getEpochSecond() / 30 * 30 + 1);

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }
  }

  final TestClock clock = new TestClock();

  @Override
  protected Clock clock() {
    return clock;
  }

  /** The Base32 seed the SDK handed back from CreateVirtualMFADevice. */
  static String seed(VirtualMFADevice d) {
    SdkBytes b = d.base32StringSeed();
    return b.asString(StandardCharsets.US_ASCII);
  }

  /** The authenticator app's code for {@code base32Seed} at {@code at}. */
  static String app(String base32Seed, Instant at) {
    return hotp(new Base32().decode(base32Seed), at.getEpochSecond() / 30, 1_000_000, "%06d");
  }

  /** The app's code {@code steps} steps after the one of now on the test clock. */
  String code(String base32Seed, int steps) {
    return app(base32Seed, clock.instant().plusSeconds(30L * steps));
  }

  private static String hotp(byte[] key, long counter, int modulo, String format) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(key, "HmacSHA1"));
      byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(counter).array());
      int o = h[19] & 0xf;
      int bin = ByteBuffer.wrap(h, o, 4).getInt() & 0x7fffffff;
      return String.format(format, bin % modulo);
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /** The app's implementation gives RFC 6238's first SHA-1 vector (T = 59: 94287082). */
  static boolean rfcVectorHolds() {
    return hotp("12345678901234567890".getBytes(StandardCharsets.US_ASCII), 59 / 30, 100_000_000, "%08d")
        .equals("94287082");
  }
}
