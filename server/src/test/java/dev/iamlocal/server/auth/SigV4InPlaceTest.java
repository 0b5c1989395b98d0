package dev.iamlocal.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The verifier's in-place computations give what the plain ones they replaced gave, for random
 * and hostile input: {@link SigV4Verifier#authParameter} what splitting the header into a map
 * gave, {@link SigV4#expectedSignature} what signing the String of the canonical request gives
 * (non-ASCII and unpaired surrogates included), with one thread's Mac re-keyed and not.
 */
class SigV4InPlaceTest {

  private static final String ALPHABET = "AWS4-HMAC-SHA256 Credential=Signature=SignedHeaders=,,, ==\t/;ab\u00e9\ud83d\ude00\ud800";

  /** The parsing {@link SigV4Verifier#authParameter} replaced. */
  private static Map<String, String> split(String auth) {
    Map<String, String> parts = new LinkedHashMap<>();
    for (String p : auth.substring(SigV4.ALGORITHM.length() + 1).split(",")) {
      String t = p.trim();
      int eq = t.indexOf('=');
      if (eq > 0) {
        parts.put(t.substring(0, eq), t.substring(eq + 1));
      }
    }
    return parts;
  }

  private static String random(Random rnd, String alphabet, int max) {
    StringBuilder b = new StringBuilder();
    int n = rnd.nextInt(max);
    for (int i = 0; i < n; i++) {
      b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  @Test
  void theAuthorizationHeadersParametersAreWhatTheSplitMapHad() {
    Random rnd = new Random(14);
    List<String> fixed = List.of("AWS4-HMAC-SHA256 ", "AWS4-HMAC-SHA256 Credential=a/b, SignedHeaders=host, Signature=x",
        "AWS4-HMAC-SHA256 Credential=a,Credential=b", "AWS4-HMAC-SHA256 Credential==x= ,=y, Signature",
        "AWS4-HMAC-SHA256  \tSignature = x ,Signature=", "AWS4-HMAC-SHA256 ,,,Credential=\u0001x\u0001,");
    for (int i = 0; i < 20_000 + fixed.size(); i++) {
      String auth = i < fixed.size() ? fixed.get(i) : SigV4.ALGORITHM + " " + random(rnd, ALPHABET, 60);
      Map<String, String> expected = split(auth);
      for (String name : List.of("Credential", "Signature", "SignedHeaders")) {
        assertThat(SigV4Verifier.authParameter(auth, name)).as("%s in [%s]", name, auth).isEqualTo(expected.get(name));
      }
    }
  }

  /** SigV4's signature of a canonical request, by the JDK's hash and Mac alone (no per-thread reuse). */
  private static String reference(byte[] key, String amzDate, String scope, String canonical) throws Exception {
    String hash = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
        .digest(canonical.getBytes(StandardCharsets.UTF_8)));
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
    return java.util.HexFormat.of().formatHex(mac.doFinal((SigV4.ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + hash)
        .getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void theExpectedSignatureIsTheSignatureOfTheCanonicalRequestsString() throws Exception {
    Random rnd = new Random(7);
    byte[] key = SigV4.signingKey("secret", "20251207", "us-east-1", "iam");
    byte[] other = SigV4.signingKey("other", "20251207", "us-east-1", "iam");
    for (int i = 0; i < 2_000; i++) {
      byte[] k = rnd.nextBoolean() ? key : other;
      Map<String, List<String>> headers = new LinkedHashMap<>();
      headers.put("host", List.of("127.0.0.1:" + rnd.nextInt(65536)));
      headers.put("x-amz-date", List.of("20251207T000000Z"));
      headers.put("x-odd", List.of(random(rnd, ALPHABET, i % 100 == 0 ? 40_000 : 40), "  two  spaces  "));
      List<String> signed = List.of("host", "x-amz-date", "x-missing", "x-odd");
      List<Map.Entry<String, String>> query = rnd.nextBoolean() ? List.of()
          : List.of(Map.entry("b", random(rnd, ALPHABET, 10)), Map.entry("a", "1"));
      String path = "/" + random(rnd, "ab/.%\u00e9", 12);
      String scope = "20251207/us-east-1/" + random(rnd, "iam\u00e9", 5) + "/aws4_request";
      String canonical = SigV4.canonicalRequest("POST", path, query, headers, signed, "abc");
      String expected = reference(k, "20251207T000000Z", scope, canonical);
      byte[] actual = SigV4.expectedSignature(k, "20251207T000000Z", scope, "POST", path, query, headers, signed, "abc");
      assertThat(new String(actual, StandardCharsets.US_ASCII)).as(canonical).isEqualTo(expected);
      // and the public pieces, which the thread's Mac also serves, agree with both
      assertThat(SigV4.signature(k, SigV4.stringToSign("20251207T000000Z", scope, canonical))).isEqualTo(expected);
    }
  }
}
