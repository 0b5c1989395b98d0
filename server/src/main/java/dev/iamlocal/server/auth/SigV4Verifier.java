package dev.iamlocal.server.auth;

import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.store.AccessKey;
import dev.iamlocal.store.StsSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies AWS Signature Version 4 on incoming requests, in the {@code Authorization} header form
 * and in the query-string (presigned) form, and answers failures with the errors AWS returns. No
 * request reaches an authorization decision without passing here.
 */
public final class SigV4Verifier {

  /** How far {@code X-Amz-Date} may be from the server's clock, either way. */
  static final Duration MAX_SKEW = Duration.ofMinutes(15);
  /** The format of {@code X-Amz-Date} (basic ISO 8601, UTC). */
  public static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** A request as received: raw path and query as on the wire, lower-case header names. */
  public record SignedRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {}

  /**
   * A verified request: whose key signed it, for which region and service. Exactly one of
   * {@code key} (long-term credentials) and {@code session} (STS temporary credentials) is set.
   */
  public record Verified(AccessKey key, String region, String service, StsSession session) {
    Verified(AccessKey key, String region, String service) {
      this(key, region, service, null);
    }
  }

  /** Where the secrets of access key ids come from, for one request. */
  interface Credentials {
    Optional<AccessKey> accessKey(String accessKeyId);

    /** The STS session of a temporary ({@code ASIA…}) access key id. */
    Optional<StsSession> session(String accessKeyId);

    /**
     * The services of the endpoint that received the request: the credential scope must name one
     * of them (an error names the first). Empty only for an endpoint documented to take any.
     */
    List<String> services();
  }

  private final Clock clock;
  /**
   * Derived signing keys by secret and credential scope: four HMACs that are the same for every
   * request of a key on one day, region and service. Bounded: cleared when full.
   */
  private final Map<SigningKeyId, byte[]> signingKeys = new ConcurrentHashMap<>();
  private static final int SIGNING_KEYS_MAX = 10_000;

  /** @param clock what {@code x-amz-date} and session expiry are checked against */
  SigV4Verifier(Clock clock) {
    this.clock = clock;
  }

  /**
   * Returns who signed the request, looking secrets up in {@code credentials}, or throws the
   * {@link AwsError} AWS would return.
   */
  Verified verify(SignedRequest r, Credentials credentials) {
    List<Map.Entry<String, String>> query = SigV4.parsePairs(r.rawQuery(), false);
    String auth = first(r.headers(), "authorization");
    if (auth != null) {
      return verifyHeader(r, auth, query, credentials);
    }
    Map<String, String> q = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : query) {
      q.putIfAbsent(e.getKey(), e.getValue());
    }
    if (q.containsKey("X-Amz-Algorithm") || q.containsKey("X-Amz-Signature") || q.containsKey("X-Amz-Credential")) {
      return verifyQuery(r, q, query, credentials);
    }
    throw AwsError.missingAuthenticationToken();
  }

  private Verified verifyHeader(SignedRequest r, String auth, List<Map.Entry<String, String>> query,
      Credentials credentials) {
    // the algorithm alone is a header without its parts (AWS lists each missing one), not another algorithm
    if (!auth.startsWith(SigV4.ALGORITHM + " ") && !auth.equals(SigV4.ALGORITHM)) {
      throw AwsError.incompleteSignature("Unsupported AWS 'algorithm': '" + auth.split(" ", 2)[0]
          + "'. Expected '" + SigV4.ALGORITHM + "'.");
    }
    String credential = authParameter(auth, "Credential");
    String signature = authParameter(auth, "Signature");
    String signedHeaders = authParameter(auth, "SignedHeaders");
    StringBuilder missing = new StringBuilder();
    if (credential == null) {
      missing.append("Authorization header requires 'Credential' parameter. ");
    }
    if (signature == null) {
      missing.append("Authorization header requires 'Signature' parameter. ");
    }
    if (signedHeaders == null) {
      missing.append("Authorization header requires 'SignedHeaders' parameter. ");
    }
    String amzDate = first(r.headers(), "x-amz-date");
    if (amzDate == null && first(r.headers(), "date") == null) {
      missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
    }
    if (missing.length() > 0) {
      throw AwsError.incompleteSignature(missing + "Authorization=" + auth);
    }
    Instant when = amzDate != null ? parseAmzDate(amzDate, auth) : parseHttpDate(first(r.headers(), "date"), auth);
    String dateText = amzDate != null ? amzDate : AMZ_DATE.format(when);
    checkSkew(when);
    return check(r, credential, signedHeaders, signature, dateText, query, payloadHash(r),
        first(r.headers(), "x-amz-security-token"), credentials);
  }

  /**
   * The value of parameter {@code name} of an {@code Authorization} header that starts with
   * {@code AWS4-HMAC-SHA256 }: of the comma-separated parts after it, each trimmed, the last one
   * written {@code name=value}; null when there is none. Read in place, without splitting the
   * header into a map of every part: this runs for every request.
   */
  static String authParameter(String auth, String name) {
    String value = null;
    int n = auth.length();
    int start = SigV4.ALGORITHM.length() + 1;
    while (start <= n) {
      int comma = auth.indexOf(',', start);
      int end = comma < 0 ? n : comma;
      // String.trim()'s blanks: every char up to and including ' '
      int from = start;
      int to = end;
      while (from < to && auth.charAt(from) <= ' ') {
        from++;
      }
      while (to > from && auth.charAt(to - 1) <= ' ') {
        to--;
      }
      int eq = auth.indexOf('=', from);
      if (eq > from && eq < to && eq - from == name.length() && auth.startsWith(name, from)) {
        value = auth.substring(eq + 1, to);
      }
      if (comma < 0) {
        break;
      }
      start = comma + 1;
    }
    return value;
  }

  private Verified verifyQuery(SignedRequest r, Map<String, String> q, List<Map.Entry<String, String>> query,
      Credentials credentials) {
    StringBuilder missing = new StringBuilder();
    for (String need : List.of("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-SignedHeaders",
        "X-Amz-Date")) {
      if (!q.containsKey(need)) {
        missing.append("AWS query-string parameters must include '").append(need).append("'. ");
      }
    }
    if (missing.length() > 0) {
      throw AwsError.incompleteSignature(missing + "Re-examine the query-string parameters.");
    }
    if (!SigV4.ALGORITHM.equals(q.get("X-Amz-Algorithm"))) {
      throw AwsError.incompleteSignature("Unsupported AWS 'algorithm': '" + q.get("X-Amz-Algorithm") + "'");
    }
    // Outside S3, X-Amz-Expires does not set how long a presigned request is valid: STS answers one
    // for 15 minutes after its X-Amz-Date whatever the parameter says, and ignores the parameter
    // (kubernetes-sigs/aws-iam-authenticator's token generator relies on exactly that). Honouring
    // it kept a GetCallerIdentity URL presigned with X-Amz-Expires=604800 good for a week.
    checkSkew(parseAmzDate(q.get("X-Amz-Date"), "X-Amz-Date=" + q.get("X-Amz-Date")));
    List<Map.Entry<String, String>> rest = new ArrayList<>();
    for (Map.Entry<String, String> e : query) {
      if (!e.getKey().equals("X-Amz-Signature")) {
        rest.add(e);
      }
    }
    String payload = payloadHash(r);
    return check(r, q.get("X-Amz-Credential"), q.get("X-Amz-SignedHeaders"), q.get("X-Amz-Signature"),
        q.get("X-Amz-Date"), rest, payload,
        q.containsKey("X-Amz-Security-Token") ? q.get("X-Amz-Security-Token") : first(r.headers(), "x-amz-security-token"),
        credentials);
  }

  private Verified check(SignedRequest r, String credential, String signedHeadersText, String signature,
      String amzDate, List<Map.Entry<String, String>> query, String payloadHash, String securityToken,
      Credentials credentials) {
    String[] cred = credential.split("/");
    checkScope(credential, cred, amzDate, credentials.services());
    // Unknown and inactive keys get the same answer, so the error does not reveal which keys exist.
    AccessKey key = null;
    StsSession session = null;
    String secret;
    if (cred[0].startsWith("ASIA")) {
      session = credentials.session(cred[0]).orElseThrow(AwsError::invalidClientTokenId);
      // temporary credentials are only valid together with their session token
      if (securityToken == null || !MessageDigest.isEqual(securityToken.getBytes(StandardCharsets.UTF_8),
          session.sessionToken().getBytes(StandardCharsets.UTF_8))) {
        throw AwsError.invalidClientTokenId();
      }
      secret = session.secret();
    } else {
      // a long-term key with a session token (a stale AWS_SESSION_TOKEN beside permanent keys) is
      // refused by AWS as an invalid token
      if (securityToken != null) {
        throw AwsError.invalidClientTokenId();
      }
      key = credentials.accessKey(cred[0]).filter(AccessKey::active).orElseThrow(AwsError::invalidClientTokenId);
      secret = key.secret();
    }
    List<String> signedHeaders = Arrays.asList(signedHeadersText.toLowerCase(java.util.Locale.ROOT).split(";"));
    if (!signedHeaders.contains("host")) {
      throw AwsError.signatureDoesNotMatch("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    }
    // the scope as the credential spells it after the key id (checkScope made it
    // date/region/service/aws4_request), unless split() dropped trailing empty parts from it
    String scope = credential.endsWith("/") ? cred[1] + "/" + cred[2] + "/" + cred[3] + "/aws4_request"
        : credential.substring(cred[0].length() + 1);
    byte[] expected = SigV4.expectedSignature(signingKey(secret, scope, cred[1], cred[2], cred[3]), amzDate, scope,
        r.method(), r.rawPath(), query, r.headers(), signedHeaders, payloadHash);
    if (!MessageDigest.isEqual(expected,
        signature.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
      throw AwsError.signatureDoesNotMatch();
    }
    if (session != null && !clock.instant().isBefore(session.expiration())) {
      throw new AwsError(403, "ExpiredToken", "The security token included in the request is expired");
    }
    return new Verified(key, cred[2], cred[3], session);
  }

  /**
   * The credential scope ({@code keyid/date/region/service/aws4_request}) as AWS checks it before
   * it looks at the key: five elements, a region of the partition in which the endpoint's service
   * answers (IAM: us-east-1 only), the endpoint's service, the terminator and the request's date.
   * Every wrong part is named in one message, in AWS's words and order. The region and service
   * become the caller's region and the ARNs built from it, so nothing else may pass.
   */
  static void checkScope(String credential, String[] cred, String amzDate, List<String> services) {
    if (cred.length != 5) {
      throw AwsError.incompleteSignature("Credential must have exactly 5 slash-delimited elements, e.g."
          + " keyid/date/region/service/term, got '" + credential + "'");
    }
    String region = cred[2];
    String service = cred[3];
    boolean served = services.isEmpty() || services.contains(service);
    StringBuilder wrong = new StringBuilder();
    if (!AwsRegions.accepts(served ? service : services.get(0), region)) {
      wrong.append("Credential should be scoped to a valid region, not '").append(region).append("'. ");
    }
    if (!served) {
      wrong.append("Credential should be scoped to correct service: '").append(services.get(0)).append("'. ");
    }
    if (!"aws4_request".equals(cred[4])) {
      wrong.append("Credential should be scoped with a valid terminator: 'aws4_request', not '").append(cred[4])
          .append("'. ");
    }
    String day = amzDate.substring(0, Math.min(8, amzDate.length()));
    if (!day.equals(cred[1])) {
      wrong.append("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '")
          .append(cred[1]).append("' != '").append(day).append("', from '").append(amzDate).append("'.");
    }
    if (wrong.length() > 0) {
      throw AwsError.signatureDoesNotMatch(wrong.toString());
    }
  }

  /** A signing key's identity: the secret and the credential scope it is derived for. */
  private record SigningKeyId(String secret, String scope) {}

  private byte[] signingKey(String secret, String scope, String date, String region, String service) {
    SigningKeyId id = new SigningKeyId(secret, scope);
    byte[] k = signingKeys.get(id);
    if (k == null) {
      if (signingKeys.size() >= SIGNING_KEYS_MAX) {
        signingKeys.clear();
      }
      k = SigV4.signingKey(secret, date, region, service);
      signingKeys.put(id, k);
    }
    return k;
  }

  /**
   * The hash of the body as received, which is what the canonical request holds. Outside S3 AWS
   * signs the payload itself: {@code X-Amz-Content-SHA256} may only repeat that hash, and
   * {@code UNSIGNED-PAYLOAD} or a streaming marker is refused (they would let a captured
   * signature carry any body).
   */
  private static String payloadHash(SignedRequest r) {
    String given = first(r.headers(), "x-amz-content-sha256");
    String actual = SigV4.hex(SigV4.sha256(r.body()));
    if (given != null
        && !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8))) {
      throw AwsError.signatureDoesNotMatch();
    }
    return actual;
  }

  private void checkSkew(Instant when) {
    Instant now = clock.instant();
    if (when.isBefore(now.minus(MAX_SKEW))) {
      throw AwsError.signatureDoesNotMatch("Signature expired: " + AMZ_DATE.format(when) + " is now earlier than "
          + AMZ_DATE.format(now.minus(MAX_SKEW)) + " (" + AMZ_DATE.format(now) + " - 15 min.)");
    }
    if (when.isAfter(now.plus(MAX_SKEW))) {
      throw AwsError.signatureDoesNotMatch("Signature not yet current: " + AMZ_DATE.format(when)
          + " is still later than " + AMZ_DATE.format(now.plus(MAX_SKEW)) + " (" + AMZ_DATE.format(now)
          + " + 15 min.)");
    }
  }

  /** {@code yyyyMMdd'T'HHmmss'Z'}, read by hand: a formatter's parse was a tenth of a verification's garbage. */
  static Instant parseAmzDate(String s, String context) {
    try {
      if (s.length() != 16 || s.charAt(8) != 'T' || s.charAt(15) != 'Z') {
        throw new DateTimeException(s);
      }
      return LocalDateTime.of(digits(s, 0, 4), digits(s, 4, 6), digits(s, 6, 8), digits(s, 9, 11), digits(s, 11, 13),
          digits(s, 13, 15)).toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      throw AwsError.incompleteSignature("Date must be in ISO-8601 'basic format'. Got '" + s + "'. See "
          + "http://en.wikipedia.org/wiki/ISO_8601. " + context);
    }
  }

  private static int digits(String s, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw new DateTimeException(s);
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  private static Instant parseHttpDate(String s, String context) {
    try {
      return Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(s));
    } catch (DateTimeParseException e) {
      throw AwsError.incompleteSignature("Date header is not in RFC 1123 format: '" + s + "'. " + context);
    }
  }

  private static String first(Map<String, List<String>> headers, String name) {
    List<String> v = headers.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }
}
