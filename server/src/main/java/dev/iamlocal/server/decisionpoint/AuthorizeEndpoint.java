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
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
      JsonNode in;
      try {
        in = JSON.readTree(request.body());
      } catch (IOException e) {
        throw AwsError.validation("The body is not JSON: " + dev.iamlocal.policy.JsonSyntax.describe(e) + ".");
      }
      if (in == null || !in.isObject()) {
        throw AwsError.validation("The body must be a JSON object with principal, action and resource.");
      }
      ObjectNode out = authorize(in, Ctx.over(caller, net), api.support());
      if (out.hasNonNull("encodedAuthorizationMessage")) {
        res.setHeader(ENCODED_MESSAGE_HEADER, out.get("encodedAuthorizationMessage").asText());
      }
      Exchange.send(res, 200, "application/json", JSON.writeValueAsBytes(out));
    } catch (AwsError e) {
      error(res, e.status, e.code, e.getMessage(), requestId);
    } catch (IamException e) {
      error(res, AwsError.statusOf(e.code()), e.code(), e.getMessage(), requestId);
    } catch (dev.iamlocal.arn.Arn.InvalidArnException e) {
      error(res, 400, "ValidationError", e.getMessage(), requestId);
    } catch (IOException | RuntimeException e) {
      // no framework behind this handler to turn a failure into a response: fail closed, say so
      LOG.error("POST /v1/authorize failed (request {})", requestId, e);
      error(res, 500, "ServiceFailure", "Request processing has failed due to an internal error.", requestId);
    }
  }

  /** Answers one question of {@code POST /v1/authorize} (the body {@code in}) for the caller of {@code c}. */
  public static ObjectNode authorize(JsonNode in, Ctx c, ApiSupport s) {
    String principalArn = text(in, "principal", true);
    String action = text(in, "action", true);
    String resource = text(in, "resource", true);
    // what a request can name, as SimulatePrincipalPolicy takes it (ActionNameType, ResourceNameType):
    // an empty action or a wildcard asks nothing a service would ever authorize
    if (action.length() < 3 || action.length() > 128 || !ACTION.matcher(action).matches()) {
      throw AwsError.validation("field \"action\" must be a service prefix and an action name such as"
          + " s3:GetObject (3-128 characters, no wildcards); got '" + abbreviate(action) + "'");
    }
    if (resource.isEmpty() || resource.length() > 2048) {
      throw AwsError.validation("field \"resource\" must be 1-2048 characters (an ARN, or *)");
    }
    String regionAsked = text(in, "region", false);
    if (regionAsked != null && !AwsRegions.ALL.contains(regionAsked)) {
      throw AwsError.validation("field \"region\" must be a region of the aws partition such as us-east-1; got '"
          + abbreviate(regionAsked) + "'");
    }
    String accountAsked = text(in, "resourceAccount", false);
    if (accountAsked != null && !accountAsked.matches("[0-9]{12}")) {
      throw AwsError.validation("field \"resourceAccount\" must be a 12-digit account id; got '"
          + abbreviate(accountAsked) + "'");
    }
    if (in.has("explain") && !in.get("explain").isBoolean()) {
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
    JsonNode context = in.get("context");
    if (context != null && !context.isNull()) {
      if (!context.isObject()) {
        throw AwsError.validation("context must be an object: key -> string or array of strings");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = context.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode val = e.getValue();
        if (val.isArray()) {
          List<String> list = new ArrayList<>();
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
    boolean explain = !in.has("explain") || in.get("explain").asBoolean(true);
    AuthorizationPipeline.Evaluation ev = s.pipeline.ask(compiled, c.caller().storeVersion(), action, resource,
        text(in, "resourceAccount", false), given.build(), text(in, "region", false), explain);
    Decision d = ev.decision();
    Explanation e = ev.explanation();
    ObjectNode out = JSON.createObjectNode();
    out.put("decision", d.outcome().json());
    ArrayNode matched = out.putArray("matchedStatements");
    for (MatchedStatement m : d.matchedStatements()) {
      ObjectNode o = matched.addObject().put("policyId", m.policyId()).put("policyType", m.policyType().json())
          .put("sourcePolicyType", m.sourcePolicyType()).put("sid", m.sid()).put("index", m.index())
          .put("effect", m.effect().json());
      span(o, m.span());
    }
    if (d.blockedBy() == null) {
      out.putNull("blockedBy");
    } else {
      out.put("blockedBy", d.blockedBy().json());
    }
    out.put("reason", d.reason());
    if (d.allowedByPermissionsBoundary() != null) {
      out.put("allowedByPermissionsBoundary", d.allowedByPermissionsBoundary());
    }
    out.put("principal", sub.principal().arn());
    if (!d.allowed()) {
      // as EC2 attaches one to its AccessDenied: sts:DecodeAuthorizationMessage shows the decision
      out.put("encodedAuthorizationMessage", new AuthorizationMessages(s.store).encode(c.acct(), ev, sub.uniqueId(),
          sub.principal().name()));
    }
    if (e != null) {
      ArrayNode ex = out.putArray("explanation");
      for (StatementTrace t : e.statements()) {
        ObjectNode o = ex.addObject().put("policyId", t.policyId()).put("policyType", t.policyType().json())
            .put("statement", t.label()).put("index", t.index()).put("effect", t.effect().json())
            .put("applies", t.applies()).put("decisive", t.decisive()).put("detail", t.detail());
        span(o, t.span());
      }
      ArrayNode notes = out.putArray("notes");
      e.notes().forEach(notes::add);
    }
    return out;
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

  private static void span(ObjectNode o, Span span) {
    if (span != null && span.isKnown()) {
      o.putObject("start").put("line", span.start().line()).put("column", span.start().column());
      o.putObject("end").put("line", span.end().line()).put("column", span.end().column());
    }
  }

  private static final java.util.regex.Pattern ACTION = java.util.regex.Pattern.compile("[A-Za-z0-9-]+:[A-Za-z0-9_-]+");

  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }

  private static String text(JsonNode in, String field, boolean required) {
    JsonNode n = in.get(field);
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
