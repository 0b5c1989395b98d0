package dev.iamlocal.server.authz;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamlocal.evaluation.MatchedStatement;
import dev.iamlocal.evaluation.Outcome;
import dev.iamlocal.request.ContextValue;
import dev.iamlocal.server.auth.SecretBox;
import dev.iamlocal.store.IamStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Encoded authorization messages, as EC2 and other services attach to an AccessDenied and STS
 * {@code DecodeAuthorizationMessage} decodes: the decision in AWS's decoded format ({@code allowed},
 * {@code explicitDeny}, {@code matchedStatements}, {@code failures}, {@code context} with
 * {@code principal}, {@code action}, {@code resource} and {@code conditions}), encrypted and
 * authenticated with the server's {@value #KEY_NAME} key ({@link SecretBox}, AES-GCM) and bound to
 * the account it was issued to: nobody can read one without the decode permission, or forge or
 * alter one, and another account's message does not decode.
 */
public final class AuthorizationMessages {

  /** The name of the server key that encrypts the messages. */
  public static final String KEY_NAME = "authorization-message";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final IamStore store;
  private volatile SecretBox box;

  /** Messages under {@code store}'s key. */
  public AuthorizationMessages(IamStore store) {
    this.store = store;
  }

  /**
   * The encoded message of {@code e} for {@code accountId}.
   *
   * @param principalId the principal's unique id (AIDA…, AROA…:session), or null when unknown
   * @param principalName the user's or role's name, or null
   */
  public String encode(String accountId, AuthorizationPipeline.Evaluation e, String principalId, String principalName) {
    ObjectNode o = JSON.createObjectNode();
    o.put("allowed", e.allowed());
    o.put("explicitDeny", e.decision().outcome() == Outcome.EXPLICIT_DENY);
    ArrayNode matched = o.putObject("matchedStatements").putArray("items");
    for (MatchedStatement m : e.decision().matchedStatements()) {
      matched.addObject().put("statementId", m.sid() != null ? m.sid() : m.policyId() + "#" + m.index())
          .put("effect", m.effect().json().toUpperCase(java.util.Locale.ROOT));
    }
    o.putObject("failures").putArray("items");
    ObjectNode ctx = o.putObject("context");
    ObjectNode principal = ctx.putObject("principal");
    if (principalId != null) {
      principal.put("id", principalId);
    }
    if (principalName != null) {
      principal.put("name", principalName);
    }
    principal.put("arn", e.principalArn());
    ctx.put("action", e.action());
    ctx.put("resource", e.resource());
    ArrayNode conditions = ctx.putObject("conditions").putArray("items");
    for (ContextValue k : e.context().entries()) {
      ArrayNode values = conditions.addObject().put("key", k.key()).putObject("values").putArray("items");
      k.values().forEach(v -> values.addObject().put("value", v));
    }
    try {
      return box().seal(JSON.writeValueAsBytes(o), associated(accountId));
    } catch (IOException ex) {
      throw new IllegalStateException(ex);
    }
  }

  /** The decoded JSON of {@code encoded} when it was issued to {@code accountId} by this server; else empty. */
  public Optional<String> decode(String accountId, String encoded) {
    return box().open(encoded, associated(accountId)).map(b -> new String(b, StandardCharsets.UTF_8));
  }

  private static byte[] associated(String accountId) {
    return ("authorization-message\n" + accountId).getBytes(StandardCharsets.UTF_8);
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
