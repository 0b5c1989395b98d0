package dev.iamlocal.server;

import dev.iamlocal.arn.Arn;
import dev.iamlocal.catalog.ManagedPolicies;
import dev.iamlocal.catalog.ManagedPolicy;
import dev.iamlocal.evaluation.Decision;
import dev.iamlocal.evaluation.Policy;
import dev.iamlocal.evaluation.PolicySet;
import dev.iamlocal.policy.ParseProblem;
import dev.iamlocal.policy.PolicyParser;
import dev.iamlocal.policy.Statement;
import dev.iamlocal.request.Principal;
import dev.iamlocal.request.RequestContext;
import dev.iamlocal.store.IamStore;
import dev.iamlocal.store.User;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.iamlocal.server.IamApi.Params;

/**
 * What every IAM and STS {@link Operation} needs besides its input: the store, authorization of the
 * caller by the engine ({@link #authorize}), the ARNs of existing entities, IAM's checks of policy
 * documents (which the API model cannot state), and pagination of lists into the output tree
 * ({@link Page#into}). Parameter constraints are not here: the API model checks them before an
 * operation runs ({@link QueryCodec#read}).
 */
final class ApiSupport {


  final IamStore store;
  final ManagedPolicies awsManaged;
  final Clock clock;

  final Subjects subjects;
  /** Where request authentication records key use; null when not recording (unit use). */
  final LastUsedRecorder lastUsed;
  /** Where authorization decisions are recorded (as its mode selects); null when not recording (unit use). */
  final DecisionLog decisions;

  ApiSupport(IamStore store, Clock clock) {
    this(store, clock, null, null, new Subjects(store));
  }

  ApiSupport(IamStore store, Clock clock, LastUsedRecorder lastUsed, DecisionLog decisions, Subjects subjects) {
    this.lastUsed = lastUsed;
    this.decisions = decisions;
    this.store = store;
    this.awsManaged = ManagedPolicies.bundled();
    this.clock = clock;
    this.subjects = subjects;
  }

  record Ctx(Caller caller, String sourceIp, boolean secureTransport) {

    Ctx(Caller caller, String sourceIp) {
      this(caller, sourceIp, true);
    }

    String acct() {
      return caller.accountId();
    }
  }


  // ---------------------------------------------------------------- authorization

  /**
   * Asks the engine whether the caller may perform {@code action} on {@code resource}; throws
   * AWS's AccessDenied otherwise. The root user of the account may do everything.
   */
  void authorize(Ctx c, String action, String resource, Map<String, String> extra) {
    RequestContext.Builder given = RequestContext.builder();
    extra.forEach((k, v) -> {
      if (k.equals("aws:TagKeys")) {
        given.putList(k, List.of(v.split("\n", -1)));
      } else {
        given.put(k, v);
      }
    });
    authorize(c, action, resource, given.build(), null);
  }

  /**
   * Asks the engine whether the caller may perform {@code action} on {@code resource}, with the
   * request's own keys in {@code given} and, for calls on resources that have one (a role's trust
   * policy for sts:AssumeRole), the resource-based policy; throws AWS's AccessDenied otherwise.
   * The root user of the account may do everything, except where a resource policy must allow.
   */
  void authorize(Ctx c, String action, String resource, RequestContext given, Policy resourcePolicy) {
    Caller caller = c.caller();
    Optional<Subjects.Compiled> compiled = subjects.compiledOfCaller(caller);
    if (compiled.isEmpty()) {
      // The root user may do everything; its calls are still logged, as the SageMaker API logs them.
      if (decisions != null) {
        decisions.record(caller.arn(), action, resource, Subjects.ROOT_ALLOWED, given);
      }
      return;
    }
    Subjects.Subject sub = compiled.get().subject();
    PolicySet set = resourcePolicy == null ? compiled.get().policies()
        : sub.policySet().resourcePolicy(resourcePolicy).build();
    RequestContext.Builder ctx = given.toBuilder();
    if (c.sourceIp() != null) {
      ctx.putIfAbsent("aws:SourceIp", c.sourceIp());
    }
    if (!c.secureTransport()) {
      ctx.put("aws:SecureTransport", "false");
    }
    subjects.putResourceTags(ctx, caller.storeVersion(), caller.accountId(), action, resource);
    Subjects.Evaluated e = Subjects.evaluate(sub, set, action, resource, accountOf(resource, caller.accountId()),
        ctx.build(), caller.region(), clock);
    Decision d = e.decision();
    if (decisions != null) {
      decisions.record(caller.arn(), action, resource, d, e.context());
    }
    if (!d.allowed()) {
      throw AwsError.accessDenied(AccessDeniedMessage.of(caller.arn(), action, resource, d));
    }
  }

  /** The account field of an ARN, or {@code fallback} when the resource is not an ARN with one. */
  static String accountOf(String resource, String fallback) {
    if (!resource.startsWith("arn:")) {
      return fallback;
    }
    // arn:partition:service:region:account:resource
    int at = 4;
    for (int field = 1; field < 4; field++) {
      at = resource.indexOf(':', at) + 1;
      if (at == 0) {
        return fallback;
      }
    }
    int end = resource.indexOf(':', at);
    if (end - at != 12) {
      return fallback;
    }
    for (int i = at; i < end; i++) {
      if (resource.charAt(i) < '0' || resource.charAt(i) > '9') {
        return fallback;
      }
    }
    return resource.substring(at, end);
  }

  /** {@code aws:RequestTag/*} and {@code aws:TagKeys} for a request that carries tags. */
  static RequestContext requestTags(Map<String, String> tags) {
    RequestContext.Builder b = RequestContext.builder();
    if (!tags.isEmpty()) {
      tags.forEach((k, v) -> b.put("aws:RequestTag/" + k, v));
      b.putList("aws:TagKeys", new ArrayList<>(tags.keySet()));
    }
    return b.build();
  }

  static Map<String, String> tagContext(Map<String, String> tags) {
    if (tags.isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    tags.forEach((k, v) -> out.put("aws:RequestTag/" + k, v));
    out.put("aws:TagKeys", String.join("\n", tags.keySet()));
    return out;
  }

  /**
   * The {@code UserName} of an operation whose user defaults to the caller (GetUser and the access
   * key operations): the parameter when given, else the calling IAM user, or null for the root user
   * (its own). Any other caller, such as a role session, is no user: without a UserName it gets AWS's
   * ValidationError, never the root user's entity.
   */
  static String userNameOrCaller(OperationInput p, Ctx c) {
    String given = p.get("UserName");
    if (given != null) {
      return given;
    }
    if (!c.caller().isRoot() && c.caller().userName() == null) {
      throw AwsError.validation("Must specify userName when calling with non-User credentials");
    }
    return c.caller().userName();
  }

  String userArn(Ctx c, String path, String name) {
    return Arn.iam(c.acct(), "user", path, name).toString();
  }

  /** The ARN of an existing user (with its path), or the path-less ARN when there is no such user. */
  String existingUserArn(Ctx c, String name) {
    try {
      return store.getUser(c.acct(), name).arn();
    } catch (dev.iamlocal.store.IamException.NoSuchEntity e) {
      return Arn.iam(c.acct(), "user", "/", name).toString();
    }
  }

  String existingGroupArn(Ctx c, String name) {
    try {
      return store.getGroup(c.acct(), name).arn();
    } catch (dev.iamlocal.store.IamException.NoSuchEntity e) {
      return Arn.iam(c.acct(), "group", "/", name).toString();
    }
  }


  String existingRoleArn(Ctx c, String name) {
    try {
      return store.getRole(c.acct(), name).arn();
    } catch (dev.iamlocal.store.IamException.NoSuchEntity e) {
      return Arn.iam(c.acct(), "role", "/", name).toString();
    }
  }

  /**
   * Checks a role trust policy as IAM does: valid grammar, a Principal in every statement, no
   * Resource. The message says where (line and column).
   */
  static void validateTrustPolicy(String doc) {
    PolicyParser.Result r = PolicyParser.parseLenient(doc);
    if (!r.ok()) {
      throw AwsError.malformedPolicy("Syntax errors in policy.").withDetail(describe(r.problems().get(0)));
    }
    for (Statement st : r.document().statements()) {
      if (st.resource() != null || st.notResource() != null) {
        throw AwsError.malformedPolicy("Has prohibited field Resource").withDetail("statement " + (st.index() + 1)
            + " at line " + st.span().start().line() + ", column " + st.span().start().column()
            + "; a trust policy applies to its role, it names no resource");
      }
      if (st.principal() == null && st.notPrincipal() == null) {
        throw AwsError.malformedPolicy("Missing required field Principal").withDetail("statement " + (st.index() + 1)
            + " at line " + st.span().start().line() + ", column " + st.span().start().column()
            + "; a trust policy must say who may assume the role");
      }
    }
  }

  /**
   * An integer as the wire writes one: an optional minus and ASCII digits, nothing else.
   * {@link Integer#parseInt} alone also reads other scripts' digits ("９００" is 900).
   */
  static int asciiInt(String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (!(c >= '0' && c <= '9' || c == '-' && i == 0 && v.length() > 1)) {
        throw new NumberFormatException("not an integer: " + v);
      }
    }
    return Integer.parseInt(v);
  }

  // ---------------------------------------------------------------- validation

  /**
   * Checks an identity-based policy as IAM does before storing it: valid grammar, no Principal,
   * a Resource in every statement. The message says where (line and column).
   */
  static void validateIdentityPolicy(String doc) {
    PolicyParser.Result r = PolicyParser.parseLenient(doc);
    if (!r.ok()) {
      throw AwsError.malformedPolicy("Syntax errors in policy.").withDetail(describe(r.problems().get(0)));
    }
    for (Statement s : r.document().statements()) {
      if (s.principal() != null || s.notPrincipal() != null) {
        throw AwsError.malformedPolicy("Policy document should not specify a principal.").withDetail("statement "
            + (s.index() + 1) + " at " + s.span().start());
      }
      if (s.resource() == null && s.notResource() == null) {
        throw AwsError.malformedPolicy("Policy statement must contain resources.").withDetail("statement "
            + (s.index() + 1) + " at " + s.span().start());
      }
    }
  }

  static String describe(ParseProblem p) {
    String where = p.span().isKnown() ? "line " + p.span().start().line() + ", column " + p.span().start().column()
        : "path " + p.path();
    return p.message() + " (" + p.code() + " at " + where + (p.hint().isEmpty() ? "" : "; " + p.hint()) + ")";
  }

  static String lowerFirst(String s) {
    return Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  /** Policy documents in IAM responses are URL-encoded (RFC 3986), as real IAM returns them. */
  static String encodeDocument(String doc) {
    return SigV4.uriEncode(doc);
  }

  // ---------------------------------------------------------------- responses and pagination

  /** One page of a list: MaxItems (1–1000, default 100) items after Marker. */
  record Page<T>(List<T> items, String nextMarker) {
    /**
     * The page into an output tree: the list member {@code list}, one element per item as
     * {@code member} makes it, then {@code IsTruncated} and, when there is more, {@code Marker}.
     */
    com.fasterxml.jackson.databind.node.ObjectNode into(com.fasterxml.jackson.databind.node.ObjectNode out,
        String list, java.util.function.Function<T, ? extends com.fasterxml.jackson.databind.JsonNode> member) {
      com.fasterxml.jackson.databind.node.ArrayNode a = out.putArray(list);
      items.forEach(i -> a.add(member.apply(i)));
      return truncation(out);
    }

    /** {@code IsTruncated} and, when there is more, {@code Marker}. */
    com.fasterxml.jackson.databind.node.ObjectNode truncation(com.fasterxml.jackson.databind.node.ObjectNode out) {
      out.put("IsTruncated", nextMarker != null);
      if (nextMarker != null) {
        out.put("Marker", nextMarker);
      }
      return out;
    }

  }

  static <T> Page<T> page(List<T> all, OperationInput in) {
    return page(all, in.params());
  }

  static <T> Page<T> page(List<T> all, Params p) {
    int max = 100;
    if (p.get("MaxItems") != null) {
      try {
        max = asciiInt(p.get("MaxItems"));
      } catch (NumberFormatException e) {
        max = -1;
      }
      if (max < 1 || max > 1000) {
        throw AwsError.validation("1 validation error detected: Value '" + p.get("MaxItems")
            + "' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000");
      }
    }
    int start = 0;
    if (p.get("Marker") != null) {
      try {
        start = Integer.parseInt(new String(Base64.getUrlDecoder().decode(p.get("Marker")), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        start = -1;
      }
      if (start < 0 || start > all.size()) {
        throw AwsError.invalidInput("Invalid Marker.");
      }
    }
    int end = Math.min(all.size(), start + max);
    String next = end < all.size()
        ? Base64.getUrlEncoder().withoutPadding().encodeToString(Integer.toString(end).getBytes(StandardCharsets.UTF_8))
        : null;
    return new Page<>(all.subList(start, end), next);
  }
  static boolean isAwsManaged(String arn) {
    return arn.startsWith("arn:aws:iam::aws:policy/");
  }

  ManagedPolicy awsPolicy(String arn) {
    return awsManaged.byArn(arn).filter(mp -> mp.arn().equals(arn))
        .orElseThrow(() -> new AwsError(404, "NoSuchEntity", "Policy " + arn + " was not found."));
  }

  /** An output with one member. */
  static com.fasterxml.jackson.databind.node.ObjectNode out(String member,
      com.fasterxml.jackson.databind.JsonNode value) {
    com.fasterxml.jackson.databind.node.ObjectNode o = JsonNodes.object();
    o.set(member, value);
    return o;
  }

  /**
   * IAM's {@code AttachedPermissionsBoundary} of a user or role, when it has one. Its type is
   * "Policy", as AWS sends it (AWS's recorded answers, e.g. LocalStack's test_iam_roles snapshots),
   * although the model's {@code PermissionsBoundaryAttachmentType} enum names only
   * "PermissionsBoundaryPolicy".
   */
  static void boundary(com.fasterxml.jackson.databind.node.ObjectNode o, String arn) {
    if (arn != null) {
      o.putObject("PermissionsBoundary").put("PermissionsBoundaryType", "Policy").put("PermissionsBoundaryArn", arn);
    }
  }


}
