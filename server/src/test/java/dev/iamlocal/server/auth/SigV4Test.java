package dev.iamlocal.server.auth;

import dev.iamlocal.server.protocol.AwsError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SigV4 pieces against the worked example of the AWS SigV4 documentation (IAM ListUsers). */
class SigV4Test {

  @Test
  void awsDocumentationExampleListUsers() {
    Map<String, List<String>> headers = Map.of(
        "content-type", List.of("application/x-www-form-urlencoded; charset=utf-8"),
        "host", List.of("iam.amazonaws.com"),
        "x-amz-date", List.of("20150830T123600Z"));
    String canonical = SigV4.canonicalRequest("GET", "/",
        SigV4.parsePairs("Action=ListUsers&Version=2010-05-08", false), headers,
        List.of("content-type", "host", "x-amz-date"), SigV4.hex(SigV4.sha256(new byte[0])));
    assertThat(canonical).isEqualTo("GET\n/\nAction=ListUsers&Version=2010-05-08\n"
        + "content-type:application/x-www-form-urlencoded; charset=utf-8\nhost:iam.amazonaws.com\n"
        + "x-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n"
        + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    String sts = SigV4.stringToSign("20150830T123600Z", "20150830/us-east-1/iam/aws4_request", canonical);
    assertThat(sts).endsWith("\nf536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
    byte[] key = SigV4.signingKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830", "us-east-1", "iam");
    assertThat(SigV4.hex(key)).isEqualTo("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
    assertThat(SigV4.signature(key, sts)).isEqualTo("5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
  }

  @Test
  void uriEncodingFollowsTheSpec() {
    assertThat(SigV4.uriEncode("a b/c~d_e-f.g*h+")).isEqualTo("a%20b%2Fc~d_e-f.g%2Ah%2B");
    assertThat(SigV4.uriEncode("é")).isEqualTo("%C3%A9");
    // non-S3 paths are encoded once more on top of their wire encoding; dot segments are resolved
    assertThat(SigV4.canonicalUri("/example%20space/")).isEqualTo("/example%2520space/");
    assertThat(SigV4.canonicalUri("/a/./b/../c")).isEqualTo("/a/c");
    assertThat(SigV4.canonicalUri("")).isEqualTo("/");
  }

  /**
   * Found by fuzz target (d): a request the AWS SDK presigned for the path {@code //} did not
   * verify, because empty segments were kept. The AWS SigV4 test suite's path cases, and the SDK's.
   */
  @Test
  void fuzz_redundantSlashesAndDotSegmentsAreNormalizedAsTheSigV4TestSuiteDoes() {
    assertThat(SigV4.canonicalUri("//")).isEqualTo("/"); // get-slash
    assertThat(SigV4.canonicalUri("//example//")).isEqualTo("/example/"); // get-slashes
    assertThat(SigV4.canonicalUri("/example/..")).isEqualTo("/"); // get-relative
    assertThat(SigV4.canonicalUri("/example1/example2/../..")).isEqualTo("/"); // get-relative-relative
    assertThat(SigV4.canonicalUri("/./")).isEqualTo("/"); // get-slash-dot-slash
    assertThat(SigV4.canonicalUri("/./example")).isEqualTo("/example"); // get-slash-pointless-dot
    assertThat(SigV4.canonicalUri("/a//b/")).isEqualTo("/a/b/");
    assertThat(SigV4.canonicalUri("/a/b/..")).isEqualTo("/a/");

    Instant now = Instant.parse("2026-06-01T12:00:00Z");
    var req = software.amazon.awssdk.http.SdkHttpFullRequest.builder()
        .method(software.amazon.awssdk.http.SdkHttpMethod.GET).protocol("http").host("localhost").port(4566)
        .encodedPath("//").build();
    var signed = software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.create().sign(s -> s.request(req)
        .identity(software.amazon.awssdk.identity.spi.AwsCredentialsIdentity.create(SigV4VerifierFuzzTest.KEY,
            SigV4VerifierFuzzTest.SECRET))
        .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.SERVICE_SIGNING_NAME, "iam")
        .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.REGION_NAME, "us-east-1")
        .putProperty(software.amazon.awssdk.http.auth.spi.signer.HttpSigner.SIGNING_CLOCK,
            java.time.Clock.fixed(now, java.time.ZoneOffset.UTC)));
    Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
    signed.request().forEachHeader((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v));
    var verified = new SigV4Verifier(java.time.Clock.fixed(now, java.time.ZoneOffset.UTC)).verify(
        new SigV4Verifier.SignedRequest("GET", signed.request().getUri().getRawPath(),
            signed.request().getUri().getRawQuery(), headers, new byte[0]), SigV4VerifierFuzzTest.CREDENTIALS);
    assertThat(verified.service()).isEqualTo("iam");
  }

  @Test
  void queryIsSortedByEncodedNameThenValue() {
    assertThat(SigV4.canonicalQuery(SigV4.parsePairs("b=2&a=%20x&a=1&A=0", false))).isEqualTo("A=0&a=%20x&a=1&b=2");
    assertThat(SigV4.parsePairs("k=a+b%2B", true)).containsExactly(Map.entry("k", "a b+"));
  }

  @Test
  void headerValuesAreTrimmedAndInnerSpacesCollapsed() {
    assertThat(SigV4.trimAll("  a   b  c ")).isEqualTo("a b c");
    assertThat(SigV4.trimAll("a b")).isEqualTo("a b");
    assertThat(SigV4.trimAll("   ")).isEmpty();
  }

  @Test
  void amzDatesAreReadExactlyAndInvalidOnesRejected() {
    assertThat(SigV4Verifier.parseAmzDate("20150830T123600Z", "")).isEqualTo(Instant.parse("2015-08-30T12:36:00Z"));
    assertThat(SigV4Verifier.parseAmzDate("20240229T235959Z", "")).isEqualTo(Instant.parse("2024-02-29T23:59:59Z"));
    for (String bad : List.of("20150830T123600", "2015-08-30T12:36:00Z", "20150230T123600Z", "20151330T123600Z",
        "20150830T246000Z", "2015083xT123600Z", "20150830 123600Z", "+0150830T123600Z")) {
      assertThatThrownBy(() -> SigV4Verifier.parseAmzDate(bad, "X-Amz-Date=" + bad))
          .as(bad).isInstanceOf(AwsError.class).hasMessageContaining("ISO-8601 'basic format'");
    }
  }

  /** The shortcut for paths already canonical agrees with the general normalization on every short path. */
  @Test
  void canonicalPathsAreTheirOwnCanonicalUri() {
    char[] alphabet = {'/', 'a', '.', '%', '-', ' '};
    int checked = 0;
    int canonical = 0;
    for (int len = 1; len <= 5; len++) {
      for (long k = 0; k < Math.pow(alphabet.length, len); k++) {
        StringBuilder b = new StringBuilder();
        long x = k;
        for (int j = 0; j < len; j++) {
          b.append(alphabet[(int) (x % alphabet.length)]);
          x /= alphabet.length;
        }
        String path = b.toString();
        if (SigV4.isCanonical(path)) {
          canonical++;
          assertThat(SigV4.normalized(path)).as(path).isEqualTo(path);
        }
        assertThat(SigV4.canonicalUri(path)).as(path).isEqualTo(SigV4.normalized(path));
        checked++;
      }
    }
    assertThat(canonical).isGreaterThan(50);
    assertThat(checked).isEqualTo(6 + 36 + 216 + 1296 + 7776);
    assertThat(SigV4.isCanonical("/v1/authorize")).isTrue();
    assertThat(SigV4.isCanonical("/a/")).isFalse();
    assertThat(SigV4.isCanonical("/a/../b")).isFalse();
  }
}
