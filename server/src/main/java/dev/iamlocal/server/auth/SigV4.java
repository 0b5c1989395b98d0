package dev.iamlocal.server.auth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The pieces of AWS Signature Version 4 (canonical request, string to sign, signing key), written
 * from the SigV4 specification. Pure functions; {@link SigV4Verifier} applies them to requests.
 */
public final class SigV4 {

  /** The signing algorithm SigV4 names in every signature. */
  public static final String ALGORITHM = "AWS4-HMAC-SHA256";

  private SigV4() {}

  /**
   * The canonical request.
   *
   * @param rawPath the path as sent on the wire (still percent-encoded)
   * @param query decoded query parameters, in any order, without {@code X-Amz-Signature}
   * @param headers lower-case header name to its values as received
   * @param signedHeaders lower-case names, sorted, as listed in {@code SignedHeaders}
   */
  public static String canonicalRequest(String method, String rawPath, List<Map.Entry<String, String>> query,
      Map<String, List<String>> headers, List<String> signedHeaders, String payloadHash) {
    StringBuilder b = new StringBuilder(256);
    appendCanonicalRequest(b, method, rawPath, query, headers, signedHeaders, payloadHash);
    return b.toString();
  }

  /** {@link #canonicalRequest} appended to {@code b}: no copy of a header's values, its trimmed values or their join. */
  static void appendCanonicalRequest(StringBuilder b, String method, String rawPath,
      List<Map.Entry<String, String>> query, Map<String, List<String>> headers, List<String> signedHeaders,
      String payloadHash) {
    b.append(method).append('\n');
    b.append(canonicalUri(rawPath)).append('\n');
    if (!query.isEmpty()) {
      b.append(canonicalQuery(query));
    }
    b.append('\n');
    for (String h : signedHeaders) {
      b.append(h).append(':');
      List<String> values = headers.getOrDefault(h, List.of());
      for (int i = 0; i < values.size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        b.append(trimAll(values.get(i)));
      }
      b.append('\n');
    }
    b.append('\n');
    for (int i = 0; i < signedHeaders.size(); i++) {
      if (i > 0) {
        b.append(';');
      }
      b.append(signedHeaders.get(i));
    }
    b.append('\n');
    b.append(payloadHash);
  }

  /**
   * The lower-case hex signature, as ASCII bytes, of the request whose canonical request
   * {@link #canonicalRequest} gives for the same arguments, under {@code signingKey}: what
   * {@code signature(signingKey, stringToSign(amzDate, scope, canonicalRequest(…)))} returns. The
   * canonical request and the string to sign are built in this thread's one buffer and hashed from
   * it, not copied into Strings and byte arrays: the verifier does this for every request.
   */
  static byte[] expectedSignature(byte[] signingKey, String amzDate, String scope, String method, String rawPath,
      List<Map.Entry<String, String>> query, Map<String, List<String>> headers, List<String> signedHeaders,
      String payloadHash) {
    Scratch s = SCRATCH.get();
    StringBuilder b = s.text;
    b.setLength(0);
    appendCanonicalRequest(b, method, rawPath, query, headers, signedHeaders, payloadHash);
    byte[] canonicalHash = s.sha256(b);
    b.setLength(0);
    b.append(ALGORITHM).append('\n').append(amzDate).append('\n').append(scope).append('\n');
    HEX.formatHex(b, canonicalHash);
    byte[] mac = s.hmac(signingKey, b);
    s.release();
    byte[] hex = new byte[mac.length * 2];
    for (int i = 0; i < mac.length; i++) {
      hex[2 * i] = (byte) HEX_DIGITS.charAt((mac[i] >> 4) & 0xf);
      hex[2 * i + 1] = (byte) HEX_DIGITS.charAt(mac[i] & 0xf);
    }
    return hex;
  }

  /**
   * Canonical URI for every service but S3: the path normalized (RFC 3986 dot segments resolved,
   * redundant slashes removed, a trailing slash kept), each segment URI-encoded once more on top of
   * the encoding it had on the wire (the "encode twice" rule), {@code /} for empty. This is what the
   * AWS SigV4 test suite expects ({@code get-slash}: {@code //} is {@code /}; {@code get-slashes}:
   * {@code //example//} is {@code /example/}; {@code get-relative-relative}:
   * {@code /example1/example2/../..} is {@code /}) and how the AWS SDKs sign.
   */
  static String canonicalUri(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) {
      return "/";
    }
    if (isCanonical(rawPath)) {
      return rawPath; // what normalized() would rebuild, character for character: no copies per call
    }
    return normalized(rawPath);
  }

  /** RFC 3986's dot segments removed, empty segments dropped, each segment URI-encoded. */
  static String normalized(String rawPath) {
    List<String> out = new ArrayList<>();
    String[] segments = rawPath.split("/", -1);
    boolean trailingSlash = false;
    for (int i = 0; i < segments.length; i++) {
      String s = segments[i];
      boolean last = i == segments.length - 1;
      if (s.isEmpty() || s.equals(".") || s.equals("..")) {
        if (s.equals("..") && !out.isEmpty()) {
          out.remove(out.size() - 1);
        }
        // "/a/" and, as RFC 3986 resolves them, "/a/b/." and "/a/b/.." end with a slash
        trailingSlash = last && i > 0;
        continue;
      }
      out.add(uriEncode(s));
      trailingSlash = false;
    }
    String joined = "/" + String.join("/", out);
    return trailingSlash && !out.isEmpty() ? joined + "/" : joined;
  }

  /**
   * Whether normalizing and encoding leave the path as it is: {@code /} or {@code /seg/seg} with
   * each segment non-empty, neither {@code .} nor {@code ..}, and of unreserved characters only
   * (nothing for {@link #uriEncode} to encode). Anything else takes the general way.
   */
  static boolean isCanonical(String p) {
    if (p.charAt(0) != '/') {
      return false;
    }
    int n = p.length();
    int segStart = 1;
    for (int i = 1; i <= n && n > 1; i++) {
      char c = i < n ? p.charAt(i) : '/';
      if (c == '/') {
        int len = i - segStart;
        if (len == 0 || p.charAt(segStart) == '.' && (len == 1 || len == 2 && p.charAt(segStart + 1) == '.')) {
          return false;
        }
        segStart = i + 1;
      } else if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
          || c == '-' || c == '_' || c == '.' || c == '~')) {
        return false;
      }
    }
    return true;
  }

  static String canonicalQuery(List<Map.Entry<String, String>> query) {
    List<String[]> encoded = new ArrayList<>();
    for (Map.Entry<String, String> e : query) {
      encoded.add(new String[] {uriEncode(e.getKey()), uriEncode(e.getValue())});
    }
    encoded.sort((x, y) -> {
      int c = x[0].compareTo(y[0]);
      return c != 0 ? c : x[1].compareTo(y[1]);
    });
    StringBuilder b = new StringBuilder();
    for (String[] kv : encoded) {
      if (b.length() > 0) {
        b.append('&');
      }
      b.append(kv[0]).append('=').append(kv[1]);
    }
    return b.toString();
  }

  /** SigV4's string to sign of a canonical request. */
  public static String stringToSign(String amzDate, String scope, String canonicalRequest) {
    return ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
  }

  /** SigV4's signing key of a secret for one day, region and service. */
  public static byte[] signingKey(String secret, String date, String region, String service) {
    byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
    k = hmac(k, region);
    k = hmac(k, service);
    return hmac(k, "aws4_request");
  }

  /** The hex signature of {@code stringToSign} under {@code signingKey}. */
  public static String signature(byte[] signingKey, String stringToSign) {
    return hex(hmac(signingKey, stringToSign));
  }

  /** SigV4's UriEncode: unreserved characters stay, every other UTF-8 byte becomes %XY (upper case). */
  public static String uriEncode(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (byte raw : s.getBytes(StandardCharsets.UTF_8)) {
      int c = raw & 0xff;
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '~') {
        b.append((char) c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return b.toString();
  }

  /**
   * Decodes %XY escapes; with {@code plusIsSpace} (form bodies) also {@code +}. Invalid escapes
   * stay as written, so that a mangled request fails the signature check rather than the parser.
   */
  public static String percentDecode(String s, boolean plusIsSpace) {
    if (s.indexOf('%') < 0 && (!plusIsSpace || s.indexOf('+') < 0)) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length()
          && Character.digit(s.charAt(i + 1), 16) >= 0 && Character.digit(s.charAt(i + 2), 16) >= 0) {
        out.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
        i += 2;
      } else if (c == '+' && plusIsSpace) {
        out.write(' ');
      } else {
        byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
          bytes = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        out.write(bytes, 0, bytes.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Parses {@code a=1&b=2} (query string or form body) into decoded pairs, in order. */
  public static List<Map.Entry<String, String>> parsePairs(String raw, boolean plusIsSpace) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String part : raw.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String k = eq < 0 ? part : part.substring(0, eq);
      String v = eq < 0 ? "" : part.substring(eq + 1);
      out.add(Map.entry(percentDecode(k, plusIsSpace), percentDecode(v, plusIsSpace)));
    }
    return out;
  }

  /** SigV4's Trimall: outer spaces removed, each run of inner spaces made one. */
  static String trimAll(String v) {
    String t = v.trim();
    if (t.indexOf("  ") < 0) {
      return t;
    }
    StringBuilder b = new StringBuilder(t.length());
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c != ' ' || t.charAt(i - 1) != ' ') {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static final HexFormat HEX = HexFormat.of();
  private static final String HEX_DIGITS = "0123456789abcdef";
  /** The largest text buffer a thread keeps between requests; a larger request's is dropped after use. */
  private static final int SCRATCH_KEPT = 16 * 1024;

  /**
   * One thread's hashing tools: its MessageDigest and Mac (looking one up costs more than hashing
   * a request), the key its Mac was last initialized with, and the buffers the text to hash is
   * built and encoded in. Only its own thread uses it, within one call of this class at a time.
   */
  private static final class Scratch {
    final MessageDigest sha256;
    final Mac hmac;
    /** The key {@link #hmac} holds; compared by reference: the verifier caches signing keys. */
    byte[] hmacKey;
    StringBuilder text = new StringBuilder(1024);
    byte[] bytes = new byte[1024];

    Scratch() {
      try {
        sha256 = MessageDigest.getInstance("SHA-256");
        hmac = Mac.getInstance("HmacSHA256");
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    byte[] sha256(CharSequence text) {
      int n = ascii(text);
      if (n >= 0) {
        sha256.update(bytes, 0, n);
      } else {
        sha256.update(text.toString().getBytes(StandardCharsets.UTF_8));
      }
      return sha256.digest(); // digest() resets the instance
    }

    byte[] hmac(byte[] key, CharSequence text) {
      // a Mac keeps its key after doFinal(): re-keying (two hash blocks, three copies of the key)
      // only when the key changes, which for a client's requests is once a day
      if (key != hmacKey) {
        try {
          hmac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException(e);
        }
        hmacKey = key;
      }
      int n = ascii(text);
      if (n >= 0) {
        hmac.update(bytes, 0, n);
      } else {
        hmac.update(text.toString().getBytes(StandardCharsets.UTF_8));
      }
      return hmac.doFinal(); // doFinal() resets the instance to its key
    }

    /**
     * Copies {@code text} into {@link #bytes} when it is all ASCII (then its UTF-8 is one byte a
     * char) and returns its length; -1 otherwise (the caller encodes it the general way).
     */
    private int ascii(CharSequence text) {
      int n = text.length();
      if (n > bytes.length) {
        bytes = new byte[n];
      }
      for (int i = 0; i < n; i++) {
        char c = text.charAt(i);
        if (c >= 0x80) {
          return -1;
        }
        bytes[i] = (byte) c;
      }
      return n;
    }

    /** Drops buffers grown past {@link #SCRATCH_KEPT} by an unusually large request. */
    void release() {
      if (bytes.length > SCRATCH_KEPT) {
        bytes = new byte[1024];
      }
      if (text.capacity() > SCRATCH_KEPT) {
        text = new StringBuilder(1024);
      }
    }
  }

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /** SHA-256 of {@code data}. */
  public static byte[] sha256(byte[] data) {
    return SCRATCH.get().sha256.digest(data); // digest() resets the instance
  }

  static byte[] hmac(byte[] key, String data) {
    return SCRATCH.get().hmac(key, data);
  }

  /** Lower-case hexadecimal of {@code b}, as SigV4 writes hashes and signatures. */
  public static String hex(byte[] b) {
    return HEX.formatHex(b);
  }
}
