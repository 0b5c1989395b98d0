package dev.iamlocal.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iamlocal.server.protocol.AwsError;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * A presigned (query-string) request outside S3 is valid for 15 minutes after its X-Amz-Date,
 * whatever X-Amz-Expires says: STS ignores the parameter (probe11: a GetCallerIdentity URL presigned
 * with X-Amz-Expires=604800 was accepted for a week).
 */
class PresignedExpiryTest {

  static final Instant SIGNED = Instant.parse("2026-06-01T12:00:00Z");

  /** GetCallerIdentity presigned by the AWS SDK at {@link #SIGNED} with {@code expires}, verified at {@code now}. */
  static SigV4Verifier.Verified verifyAt(Duration expires, Instant now) {
    SdkHttpFullRequest req = SdkHttpFullRequest.builder().method(SdkHttpMethod.GET).protocol("http")
        .host("localhost").port(4566).encodedPath("/")
        .putRawQueryParameter("Action", "GetCallerIdentity").putRawQueryParameter("Version", "2011-06-15").build();
    var signed = AwsV4HttpSigner.create().sign(s -> s.request(req)
        .identity(AwsCredentialsIdentity.create(SigV4VerifierFuzzTest.KEY, SigV4VerifierFuzzTest.SECRET))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sts")
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
        .putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
        .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, expires)
        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(SIGNED, ZoneOffset.UTC)));
    assertThat(signed.request().getUri().getRawQuery()).contains("X-Amz-Expires=" + expires.toSeconds());
    Map<String, List<String>> headers = new LinkedHashMap<>();
    signed.request().forEachHeader((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
    return new SigV4Verifier(Clock.fixed(now, ZoneOffset.UTC)).verify(new SigV4Verifier.SignedRequest("GET", "/",
        signed.request().getUri().getRawQuery(), headers, new byte[0]), SigV4VerifierFuzzTest.CREDENTIALS);
  }

  @Test
  void probe_aPresignedRequestIsValidFifteenMinutesWhateverXAmzExpiresSays() {
    Duration week = Duration.ofDays(7);
    assertThat(verifyAt(week, SIGNED.plus(Duration.ofMinutes(14))).service()).isEqualTo("sts");
    assertThatThrownBy(() -> verifyAt(week, SIGNED.plus(Duration.ofMinutes(16))))
        .isInstanceOfSatisfying(AwsError.class, e -> {
          assertThat(e.code).isEqualTo("SignatureDoesNotMatch");
          assertThat(e.getMessage()).isEqualTo("Signature expired: 20260601T120000Z is now earlier than"
              + " 20260601T120100Z (20260601T121600Z - 15 min.)");
        });
    assertThatThrownBy(() -> verifyAt(week, SIGNED.plus(Duration.ofDays(6)))).isInstanceOf(AwsError.class);
    // a shorter X-Amz-Expires does not cut the 15 minutes short either (the EKS token's 60)
    assertThat(verifyAt(Duration.ofSeconds(60), SIGNED.plus(Duration.ofMinutes(10))).service()).isEqualTo("sts");
  }
}
