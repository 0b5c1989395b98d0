package dev.iamlocal.server.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamlocal.server.auth.SecretBox;
import dev.iamlocal.store.IamStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tokens of SageMaker's presigned URLs: what a URL grants (operation, resource, the credential
 * that created it, when it stops being valid, the session length), sealed with the server's
 * {@value #KEY_NAME} key ({@link SecretBox}, AES-256-GCM). Nobody without the key can forge a
 * token or change what it grants; everything read back from one was written by this server.
 *
 * <p>Single-use URLs (the MLflow ones: their API documentation says "The presigned URL can be used
 * only once") are remembered here until they would have expired anyway. That memory is this
 * process's: on a cluster of nodes a single-use URL could be opened once per node.
 */
final class PresignedUrls {

  /** The name of the server key that seals the tokens. */
  static final String KEY_NAME = "sagemaker-presigned-url";
  /** The path presigned URLs are served under. */
  static final String PATH = "/sagemaker/presigned/auth";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] ASSOCIATED = "sagemaker-presigned-url\nv1".getBytes(StandardCharsets.UTF_8);
  /** Past this many remembered uses, the expired ones are dropped before adding another. */
  private static final int PRUNE_AT = 10_000;

  /**
   * What one URL grants.
   *
   * @param operation the Create…Url operation that made it (its action is re-authorized on opening)
   * @param type the resource family ({@link SageMakerKind#type()})
   * @param name the resource's stored name; {@code arn} its ARN
   * @param space the Studio space the URL opens, or null
   * @param accessKeyId the credential that created it (its principal is re-authorized on opening)
   * @param expires when the URL stops opening; {@code sessionSeconds} how long the session it opens lasts
   * @param id a random id (single use is remembered by it)
   */
  record Grant(String operation, String account, String region, String type, String name, String arn, String space,
      String accessKeyId, Instant issued, Instant expires, long sessionSeconds, String id) {

    /** Whether AWS documents this URL as usable once only. */
    boolean singleUse() {
      return operation.startsWith("CreatePresignedMlflow");
    }
  }

  private final IamStore store;
  private volatile SecretBox box;
  private final Map<String, Instant> used = new ConcurrentHashMap<>();

  PresignedUrls(IamStore store) {
    this.store = store;
  }

  /** The sealed token of {@code g}. */
  String seal(Grant g) {
    ObjectNode o = JSON.createObjectNode();
    o.put("op", g.operation()).put("acct", g.account()).put("region", g.region()).put("type", g.type())
        .put("name", g.name()).put("arn", g.arn()).put("akid", g.accessKeyId())
        .put("iat", g.issued().toEpochMilli()).put("exp", g.expires().toEpochMilli())
        .put("session", g.sessionSeconds()).put("id", g.id());
    if (g.space() != null) {
      o.put("space", g.space());
    }
    try {
      return box().seal(JSON.writeValueAsBytes(o), ASSOCIATED);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A new random id for a grant. */
  static String newId() {
    return UUID.randomUUID().toString();
  }

  /** The grant sealed in {@code token}, or empty when this server did not seal it as it is (forged, altered, garbled). */
  Optional<Grant> open(String token) {
    if (token == null || token.isEmpty() || token.length() > 4096) {
      return Optional.empty();
    }
    Optional<byte[]> plain = box().open(token, ASSOCIATED);
    if (plain.isEmpty()) {
      return Optional.empty();
    }
    try {
      JsonNode o = JSON.readTree(plain.get());
      return Optional.of(new Grant(o.path("op").asText(), o.path("acct").asText(), o.path("region").asText(),
          o.path("type").asText(), o.path("name").asText(), o.path("arn").asText(),
          o.hasNonNull("space") ? o.get("space").asText() : null, o.path("akid").asText(),
          Instant.ofEpochMilli(o.path("iat").asLong()), Instant.ofEpochMilli(o.path("exp").asLong()),
          o.path("session").asLong(), o.path("id").asText()));
    } catch (IOException e) {
      // sealed by this server, so always JSON; fail closed all the same
      return Optional.empty();
    }
  }

  /** Whether a single-use grant was opened already. */
  boolean wasUsed(Grant g) {
    return used.containsKey(g.id());
  }

  /**
   * Records the use of {@code g}; false when another request used it first (two browsers opening
   * the same single-use URL at once: exactly one wins).
   */
  boolean use(Grant g, Instant now) {
    if (used.size() >= PRUNE_AT) {
      used.values().removeIf(exp -> !exp.isAfter(now));
    }
    return used.putIfAbsent(g.id(), g.expires()) == null;
  }

  private SecretBox box() {
    SecretBox b = box;
    if (b == null) {
      b = new SecretBox(store.serverSecrets().key(KEY_NAME, 32));
      box = b;
    }
    return b;
  }

  /** {@code s} safe inside HTML text and attribute values. */
  static String html(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(ch);
      }
    }
    return out.toString();
  }
}
