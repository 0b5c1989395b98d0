package dev.iamlocal.server.decisionpoint;

import dev.iamlocal.server.iam.ApiSupport;
import dev.iamlocal.server.auth.Authenticator;
import dev.iamlocal.server.authz.AuthorizationMessages;
import dev.iamlocal.server.authz.AuthorizationPipeline;
import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.server.auth.AwsRegions;
import dev.iamlocal.server.auth.Caller;
import dev.iamlocal.server.http.Exchange;
import dev.iamlocal.server.iam.IamApi;
import dev.iamlocal.server.authz.NetworkProfile;
import dev.iamlocal.server.http.RequestIds;
import dev.iamlocal.server.auth.SigV4Verifier;
import dev.iamlocal.server.authz.Subjects;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.iamlocal.evaluation.Decision;
import dev.iamlocal.evaluation.Explanation;
import dev.iamlocal.evaluation.MatchedStatement;
import dev.iamlocal.evaluation.StatementTrace;
import dev.iamlocal.policy.Span;
import dev.iamlocal.request.Principal;
import dev.iamlocal.request.RequestContext;
import dev.iamlocal.server.iam.ApiSupport.Ctx;
import dev.iamlocal.store.IamException;
import dev.iamlocal.store.IamStore;
import dev.iamlocal.store.Role;
import dev.iamlocal.store.StsSession;
import dev.iamlocal.store.User;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/authorize}: iamlocal as a policy decision point for applications. The request
 * is SigV4-signed like every other call (any service name in the scope, e.g. {@code iam}); the
 * caller needs {@code iam:SimulatePrincipalPolicy} on the principal asked about (root may ask
 * anything). The body names a stored user or role ARN, or an assumed-role session ARN, an action,
 * a resource and request context; the answer is the engine's decision over that principal's stored
 * policies, with the principal-derived global keys filled as AWS fills them at run time.
 * Documented in {@code docs/authorize-api.md}.
 */
public final class AuthorizeEndpoint {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(AuthorizeEndpoint.class);

  private AuthorizeEndpoint() {}

  /** The header that carries a denial's encoded authorization message (also in the body's field). */
  public static final String ENCODED_MESSAGE_HEADER = "x-iamlocal-encoded-authorization-message";

  static void handle(HttpServletRequest req, HttpServletResponse res, Authenticator authenticator, IamApi api,
      NetworkProfile net) {
    String requestId = RequestIds.next();
    res.setHeader("x-amzn-RequestId", requestId);
    try {
      SigV4Verifier.SignedRequest request = Exchange.read(req);
      // any service name in the scope (documented); its region must still be one of the partition
      Caller caller = authenticator.authenticate(request, List.of()).caller();
      Answer a = answer(request.body(), Ctx.over(caller, net), api.support());
      if (a.encodedMessage() != null) {
        res.setHeader(ENCODED_MESSAGE_HEADER, a.encodedMessage());
      }
      Exchange.send(res, 200, "application/json", a.json());
    } catch (AwsError e) {
      error(res, e.status, e.code, e.getMessage(), requestId);
    } catch (IamException e) {
      error(res, AwsError.statusOf(e.code()), e.code(), e.getMessage(), requestId);
    } catch (dev.iamlocal.arn.Arn.InvalidArnException e) {
      error(res, 400, "ValidationError", e.getMessage(), requestId);
    } catch (RuntimeException e) {
      // no framework behind this handler to turn a failure into a response: fail closed, say so
      LOG.error("POST /v1/authorize failed (request {})", requestId, e);
      error(res, 500, "ServiceFailure", "Request processing has failed due to an internal error.", requestId);
    }
  }

  /**
   * An answer of {@code POST /v1/authorize}: the JSON body, and for a denial the encoded
   * authorization message it also carries (sent in {@link #ENCODED_MESSAGE_HEADER} as well).
   */
  public record Answer(byte[] json, String encodedMessage) {}

  /**
   * The fields of a question as its body gives them, each null when absent (a JSON {@code null} is
   * a {@code NullNode}). Read as a stream rather than as a tree: a tree of the whole body was a
   * tenth of the bytes a request allocated, and only these fields are ever looked at.
   */
  private record Question(JsonNode principal, JsonNode action, JsonNode resource, JsonNode region,
      JsonNode resourceAccount, JsonNode explain, JsonNode context) {}

  /**
   * Answers the question in {@code body} (a JSON object with principal, action and resource) for
   * the caller of {@code c}.
   *
   * @throws AwsError ValidationError for a body that is no such question (not JSON, not an object,
   *     fields missing or of the wrong type), and whatever the authorization and the store refuse
   */
  public static Answer answer(byte[] body, Ctx c, ApiSupport s) {
    Question q;
    try {
      q = read(body);
    } catch (DuplicateName e) {
      throw AwsError.validation("The body names \"" + abbreviate(e.name) + "\" twice in one object; each name"
          + " once (which one would count is a question the answer must not depend on).");
    } catch (IOException e) {
      throw AwsError.validation("The body is not JSON: " + dev.iamlocal.policy.JsonSyntax.describe(e) + ".");
    }
    if (q == null) {
      throw AwsError.validation("The body must be a JSON object with principal, action and resource.");
    }
    return authorize(q, c, s);
  }

  /** A name given twice in one object of the body (a proxy or an audit log could read the other one). */
  private static final class DuplicateName extends IOException {
    final String name;

    DuplicateName(String name) {
      super("duplicate name");
      this.name = name;
    }
  }

  /**
   * The question in {@code body}, or null when the body holds no JSON object. Reads what
   * {@code ObjectMapper.readTree} reads, with its errors, but strictly: one root object and nothing
   * after it, and no name twice in one object (the question's fields, or a context key, ignoring case
   * as IAM's keys do): with duplicates the decision would depend on which one a reader keeps. Each
   * value of a field that is not a string is read as a tree (numbers, arrays, objects: as the tree has
   * them, and checked as the tree checks them).
   */
  private static Question read(byte[] body) throws IOException {
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        // not an object, or no JSON at all: read as a tree only for the tree's own syntax error
        JSON.readTree(body);
        return null;
      }
      JsonNode principal = null;
      JsonNode action = null;
      JsonNode resource = null;
      JsonNode region = null;
      JsonNode resourceAccount = null;
      JsonNode explain = null;
      JsonNode context = null;
      java.util.Set<String> seen = new java.util.HashSet<>(8);
      for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
        if (!seen.add(field)) {
          throw new DuplicateName(field);
        }
        JsonToken t = p.nextToken();
        JsonNode value = t == JsonToken.VALUE_STRING ? TextNode.valueOf(p.getText())
            : t == JsonToken.VALUE_NULL ? NullNode.getInstance()
            : field.equals("context") && t == JsonToken.START_OBJECT ? readContext(p) : p.readValueAsTree();
        switch (field) {
          case "principal" -> principal = value;
          case "action" -> action = value;
          case "resource" -> resource = value;
          case "region" -> region = value;
          case "resourceAccount" -> resourceAccount = value;
          case "explain" -> explain = value;
          case "context" -> context = value;
          default -> {
            // read (as the tree reads it, with its checks) and ignored
          }
        }
      }
      if (p.nextToken() != null) {
        throw AwsError.validation("The body must be one JSON object with nothing after it.");
      }
      return new Question(principal, action, resource, region, resourceAccount, explain, context);
    }
  }

  /**
   * The context object, from its start: each key once, ignoring case, as IAM's context keys are
   * (read here, not by the parser's own duplicate check, whose only report of a name is its message
   * text). Each value as the tree reads it.
   */
  private static JsonNode readContext(JsonParser p) throws IOException {
    com.fasterxml.jackson.databind.node.ObjectNode o = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
        .objectNode();
    java.util.Set<String> keys = new java.util.HashSet<>();
    for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
      if (!keys.add(key.toLowerCase(java.util.Locale.ROOT))) {
        throw new DuplicateName(key);
      }
      JsonToken t = p.nextToken();
      o.set(key, t == JsonToken.VALUE_STRING ? TextNode.valueOf(p.getText()) : p.readValueAsTree());
    }
    return o;
  }

  /** Answers question {@code q} for the caller of {@code c}. */
  private static Answer authorize(Question q, Ctx c, ApiSupport s) {
    String principalArn = text(q.principal(), "principal", true);
    String action = text(q.action(), "action", true);
    String resource = text(q.resource(), "resource", true);
    // what a request can name, as SimulatePrincipalPolicy takes it (ActionNameType, ResourceNameType):
    // an empty action or a wildcard asks nothing a service would ever authorize
    if (action.length() < 3 || action.length() > 128 || !isActionName(action)) {
      throw AwsError.validation("field \"action\" must be a service prefix and an action name such as"
          + " s3:GetObject (3-128 characters, no wildcards); got '" + abbreviate(action) + "'");
    }
    if (resource.isEmpty() || resource.length() > 2048) {
      throw AwsError.validation("field \"resource\" must be 1-2048 characters (an ARN, or *)");
    }
    String regionAsked = text(q.region(), "region", false);
    if (regionAsked != null && !AwsRegions.ALL.contains(regionAsked)) {
      throw AwsError.validation("field \"region\" must be a region of the aws partition such as us-east-1; got '"
          + abbreviate(regionAsked) + "'");
    }
    String accountAsked = text(q.resourceAccount(), "resourceAccount", false);
    if (accountAsked != null && !accountAsked.matches("[0-9]{12}")) {
      throw AwsError.validation("field \"resourceAccount\" must be a 12-digit account id; got '"
          + abbreviate(accountAsked) + "'");
    }
    if (q.explain() != null && !q.explain().isBoolean()) {
      throw AwsError.validation("field \"explain\" must be true or false");
    }
    Principal asked = parse(principalArn, c);
    // Authorized before the principal is looked up, as SimulatePrincipalPolicy is: a caller without
    // the right is denied (403) whether or not the principal exists, so it learns nothing of who does.
    // A session is authorized on its role (with the role's path when the role exists).
    s.authorize(c, "iam:SimulatePrincipalPolicy",
        asked.sessionName() == null ? principalArn : s.existingRoleArn(c, asked.name()), Map.of());
    // A session principal's policies depend on whether its session is still live, which changes
    // with time and no store write: that answer is never cached. Users and roles are.
    Subjects.Compiled compiled = principalArn.startsWith("arn:aws:sts:")
        ? Subjects.Compiled.of(subject(principalArn, asked, c, s))
        : s.subjects.compiled(c.caller().storeVersion(), "principal " + principalArn,
            () -> subject(principalArn, asked, c, s));
    Subjects.Subject sub = compiled.subject();
    RequestContext.Builder given = RequestContext.builder();
    JsonNode context = q.context();
    if (context != null && !context.isNull()) {
      if (!context.isObject()) {
        throw AwsError.validation("context must be an object: key -> string or array of strings");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = context.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode val = e.getValue();
        if (val.isArray()) {
          List<String> list = new ArrayList<>(val.size());
          for (JsonNode x : val) {
            if (!x.isValueNode() || x.isNull()) {
              throw AwsError.validation("context." + e.getKey() + ": array items must be strings");
            }
            list.add(x.asText());
          }
          given.putList(e.getKey(), list);
        } else if (val.isValueNode() && !val.isNull()) {
          given.put(e.getKey(), val.asText());
        } else {
          throw AwsError.validation("context." + e.getKey() + " must be a string or an array of strings");
        }
      }
    }
    // the pipeline's context building, as for a call, with the network the context says (documented:
    // "Network keys are only what you pass"): the answer is about a call made elsewhere
    boolean explain = q.explain() == null || q.explain().asBoolean(true);
    AuthorizationPipeline.Evaluation ev = s.pipeline.ask(compiled, c.caller().storeVersion(), action, resource,
        accountAsked, given.build(), regionAsked, explain);
    Decision d = ev.decision();
    // as EC2 attaches one to its AccessDenied: sts:DecodeAuthorizationMessage shows the decision
    String encoded = d.allowed() ? null
        : new AuthorizationMessages(s.store).encode(c.acct(), ev, sub.uniqueId(), sub.principal().name());
    // as ObjectMapper.writeValueAsBytes buffers: in the thread's recycled segments, one copy out
    BufferRecycler recycler = JSON.getFactory()._getBufferRecycler();
    try (ByteArrayBuilder bytes = new ByteArrayBuilder(recycler)) {
      try (JsonGenerator g = JSON.createGenerator(bytes, JsonEncoding.UTF8)) {
        write(g, d, ev.explanation(), sub.principal().arn(), encoded);
      }
      byte[] json = bytes.toByteArray();
      bytes.release();
      return new Answer(json, encoded);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayBuilder does not fail
    } finally {
      recycler.releaseToPool();
    }
  }

  /**
   * The answer's JSON, streamed (a tree of it, then printed, was another tenth of a request's
   * garbage): fields in the documented order, {@code null} where a value is null.
   */
  private static void write(JsonGenerator g, Decision d, Explanation e, String principal, String encoded)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("decision", d.outcome().json());
    g.writeArrayFieldStart("matchedStatements");
    for (MatchedStatement m : d.matchedStatements()) {
      g.writeStartObject();
      g.writeStringField("policyId", m.policyId());
      g.writeStringField("policyType", m.policyType().json());
      g.writeStringField("sourcePolicyType", m.sourcePolicyType());
      g.writeStringField("sid", m.sid());
      g.writeNumberField("index", m.index());
      g.writeStringField("effect", m.effect().json());
      span(g, m.span());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeStringField("blockedBy", d.blockedBy() == null ? null : d.blockedBy().json());
    g.writeStringField("reason", d.reason());
    if (d.allowedByPermissionsBoundary() != null) {
      g.writeBooleanField("allowedByPermissionsBoundary", d.allowedByPermissionsBoundary());
    }
    g.writeStringField("principal", principal);
    if (encoded != null) {
      g.writeStringField("encodedAuthorizationMessage", encoded);
    }
    if (e != null) {
      g.writeArrayFieldStart("explanation");
      for (StatementTrace t : e.statements()) {
        g.writeStartObject();
        g.writeStringField("policyId", t.policyId());
        g.writeStringField("policyType", t.policyType().json());
        g.writeStringField("statement", t.label());
        g.writeNumberField("index", t.index());
        g.writeStringField("effect", t.effect().json());
        g.writeBooleanField("applies", t.applies());
        g.writeBooleanField("decisive", t.decisive());
        g.writeStringField("detail", t.detail());
        span(g, t.span());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("notes");
      for (String note : e.notes()) {
        g.writeString(note);
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  /**
   * The principal {@code arn} names, checked without reading the store: a user, role or assumed-role
   * session ARN of the caller's account (InvalidInput otherwise).
   */
  private static Principal parse(String arn, Ctx c) {
    Principal p;
    try {
      p = Principal.parse(arn);
    } catch (IllegalArgumentException e) {
      throw AwsError.invalidInput(e.getMessage());
    }
    if (!c.acct().equals(p.accountId())) {
      throw AwsError.invalidInput("principal " + arn + " is not an identity of account " + c.acct());
    }
    if (p.kind() != Principal.Kind.USER && p.kind() != Principal.Kind.ASSUMED_ROLE) {
      throw notAStoredPrincipal(arn);
    }
    return p;
  }

  private static AwsError notAStoredPrincipal(String arn) {
    return AwsError.invalidInput("principal must be a stored IAM user or role ARN, or an assumed-role session ARN;"
        + " got " + arn);
  }

  /** The stored principal named by {@code arn} ({@code p} parsed): user, role, or a session of a role. */
  private static Subjects.Subject subject(String arn, Principal p, Ctx c, ApiSupport s) {
    IamStore store = s.store;
    switch (p.kind()) {
      case USER -> {
        User u = store.users().getUser(c.acct(), p.name());
        if (!u.arn().equals(arn)) {
          throw new IamException.NoSuchEntity("The user with name " + p.name() + " cannot be found.");
        }
        return s.subjects.ofUser(u);
      }
      case ASSUMED_ROLE -> {
        Role r = store.roles().getRole(c.acct(), p.name());
        if (p.sessionName() == null) {
          if (!r.arn().equals(arn)) {
            throw new IamException.NoSuchEntity("The role with name " + p.name() + " cannot be found.");
          }
          return s.subjects.ofRole(r);
        }
        // a live session of that name brings its session policies and tags; otherwise the role's own
        Optional<StsSession> live = store.sessions().latestSession(c.acct(), r.name(), p.sessionName());
        if (live.isPresent()) {
          return s.subjects.ofSession(live.get(), r);
        }
        Subjects.Subject role = s.subjects.ofRole(r);
        return new Subjects.Subject(new Principal(Principal.Kind.ASSUMED_ROLE, arn, r.accountId(), r.arn(), r.name(),
            p.sessionName()), r.roleId(), role.tags(), role.identity(), role.boundary(), null, r.arn());
      }
      default -> throw notAStoredPrincipal(arn);
    }
  }

  private static void span(JsonGenerator g, Span span) throws IOException {
    if (span != null && span.isKnown()) {
      g.writeObjectFieldStart("start");
      g.writeNumberField("line", span.start().line());
      g.writeNumberField("column", span.start().column());
      g.writeEndObject();
      g.writeObjectFieldStart("end");
      g.writeNumberField("line", span.end().line());
      g.writeNumberField("column", span.end().column());
      g.writeEndObject();
    }
  }

  /**
   * Whether {@code a} is a service prefix and an action name, {@code [A-Za-z0-9-]+:[A-Za-z0-9_-]+}
   * (checked by hand: a regex matcher per request was garbage for nothing).
   */
  static boolean isActionName(String a) {
    int colon = a.indexOf(':');
    if (colon <= 0 || colon == a.length() - 1) {
      return false;
    }
    for (int i = 0; i < a.length(); i++) {
      char ch = a.charAt(i);
      boolean word = ch >= 'A' && ch <= 'Z' || ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9' || ch == '-';
      if (i != colon && !(word || i > colon && ch == '_')) {
        return false;
      }
    }
    return true;
  }

  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }

  private static String text(JsonNode n, String field, boolean required) {
    if (n == null || n.isNull()) {
      if (required) {
        throw AwsError.validation("missing field \"" + field + "\"");
      }
      return null;
    }
    if (!n.isTextual()) {
      throw AwsError.validation("field \"" + field + "\" must be a string");
    }
    return n.asText();
  }

  private static void error(HttpServletResponse res, int status, String code, String message, String requestId) {
    ObjectNode o = JSON.createObjectNode();
    o.putObject("error").put("code", code).put("message", message);
    o.put("requestId", requestId);
    Exchange.send(res, status, "application/json", o.toString().getBytes(StandardCharsets.UTF_8));
  }
}
