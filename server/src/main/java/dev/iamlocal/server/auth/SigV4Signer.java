package dev.iamlocal.server.auth;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Signs a request with AWS Signature Version 4 (header form), for iamlocal's own clients of its
 * signed endpoints ({@code iamlocal log --endpoint} reading {@code GET /v1/decisions}). The same
 * canonical request and key derivation that {@link SigV4Verifier} checks.
 */
public final class SigV4Signer {

  private SigV4Signer() {}

  /**
   * The headers to send with the request: {@code Authorization}, {@code X-Amz-Date}, and
   * {@code X-Amz-Security-Token} for temporary credentials. {@code Host} is signed as
   * {@code hostHeader}, which must be what the HTTP client sends.
   *
   * @param rawPath the path as sent (percent-encoded), {@code /} when empty
   * @param rawQuery the query string as sent, or null
   * @param sessionToken null for long-term credentials
   */
  public static Map<String, String> sign(String method, String hostHeader, String rawPath, String rawQuery, byte[] body,
      String accessKeyId, String secret, String sessionToken, String region, String service, Instant now) {
    String amzDate = SigV4Verifier.AMZ_DATE.format(now);
    String date = amzDate.substring(0, 8);
    Map<String, List<String>> headers = new TreeMap<>();
    headers.put("host", List.of(hostHeader));
    headers.put("x-amz-date", List.of(amzDate));
    if (sessionToken != null) {
      headers.put("x-amz-security-token", List.of(sessionToken));
    }
    List<String> signed = new ArrayList<>(headers.keySet());
    String canonical = SigV4.canonicalRequest(method, rawPath == null || rawPath.isEmpty() ? "/" : rawPath,
        SigV4.parsePairs(rawQuery, false), headers, signed, SigV4.hex(SigV4.sha256(body)));
    String scope = date + "/" + region + "/" + service + "/aws4_request";
    String signature = SigV4.signature(SigV4.signingKey(secret, date, region, service),
        SigV4.stringToSign(amzDate, scope, canonical));
    Map<String, String> out = new LinkedHashMap<>();
    out.put("Authorization", SigV4.ALGORITHM + " Credential=" + accessKeyId + "/" + scope + ", SignedHeaders="
        + String.join(";", signed) + ", Signature=" + signature);
    out.put("X-Amz-Date", amzDate);
    if (sessionToken != null) {
      out.put("X-Amz-Security-Token", sessionToken);
    }
    return out;
  }
}
