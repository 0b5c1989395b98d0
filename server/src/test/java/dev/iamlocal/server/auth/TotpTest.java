package dev.iamlocal.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@link Totp} against RFC 6238's Appendix B test vectors (8 digits; SHA-1, SHA-256, SHA-512). */
class TotpTest {

  private static final byte[] SEED20 = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SEED32 = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SEED64 = ("1234567890123456789012345678901234567890123456789012345678901234")
      .getBytes(StandardCharsets.US_ASCII);
  private static final long[] TIMES = {59L, 1111111109L, 1111111111L, 1234567890L, 2000000000L, 20000000000L};

  @Test
  void rfc6238AppendixB() {
    String[] sha1 = {"94287082", "07081804", "14050471", "89005924", "69279037", "65353130"};
    String[] sha256 = {"46119246", "68084774", "67062674", "91819424", "90698825", "77737706"};
    String[] sha512 = {"90693936", "25091201", "99943326", "93441116", "38618901", "47863826"};
    for (int i = 0; i < TIMES.length; i++) {
      long step = Totp.step(Instant.ofEpochSecond(TIMES[i]));
      assertThat(Totp.code(SEED20, step, 8, "HmacSHA1")).as("SHA1 at %d", TIMES[i]).isEqualTo(sha1[i]);
      assertThat(Totp.code(SEED32, step, 8, "HmacSHA256")).as("SHA256 at %d", TIMES[i]).isEqualTo(sha256[i]);
      assertThat(Totp.code(SEED64, step, 8, "HmacSHA512")).as("SHA512 at %d", TIMES[i]).isEqualTo(sha512[i]);
    }
  }

  @Test
  void sixDigitCodesAreTheLastSixOfTheRfcCodes() {
    // the same truncation modulo 10^6: AWS's codes, zero-padded (T = 1111111109 gives 081804)
    assertThat(Totp.code(SEED20, Totp.step(Instant.ofEpochSecond(1111111109L)))).isEqualTo("081804");
    assertThat(Totp.code(SEED20, Totp.step(Instant.ofEpochSecond(59L)))).isEqualTo("287082");
  }

  @Test
  void stepsAreThirtySecondsFromTheEpoch() {
    assertThat(Totp.step(Instant.ofEpochSecond(0))).isZero();
    assertThat(Totp.step(Instant.ofEpochSecond(29))).isZero();
    assertThat(Totp.step(Instant.ofEpochSecond(30))).isEqualTo(1);
    assertThat(Totp.same("123456", "123456")).isTrue();
    assertThat(Totp.same("123456", "123457")).isFalse();
  }

  @Test
  void secretBoxRejectsWhatItDidNotSeal() {
    SecretBox box = new SecretBox(new byte[32]);
    byte[] ad = "a".getBytes(StandardCharsets.UTF_8);
    String sealed = box.seal("seed".getBytes(StandardCharsets.UTF_8), ad);
    assertThat(box.open(sealed, ad)).hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8))
        .isEqualTo("seed"));
    assertThat(box.open(sealed, "b".getBytes(StandardCharsets.UTF_8))).isEmpty();
    char[] c = sealed.toCharArray();
    c[c.length - 3] = c[c.length - 3] == 'A' ? 'B' : 'A';
    assertThat(box.open(new String(c), ad)).isEmpty();
    assertThat(box.open("not base64 at all!", ad)).isEmpty();
    byte[] other = new byte[32];
    other[0] = 1;
    assertThat(new SecretBox(other).open(sealed, ad)).isEmpty();
  }
}
