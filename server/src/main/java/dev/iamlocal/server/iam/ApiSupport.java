package dev.iamlocal.server.iam;

import dev.iamlocal.server.authz.AuthorizationPipeline;
import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.server.auth.Caller;
import dev.iamlocal.server.decisionlog.DecisionLog;
import dev.iamlocal.server.protocol.JsonNodes;
import dev.iamlocal.server.auth.LastUsedRecorder;
import dev.iamlocal.server.authz.NetworkProfile;
import dev.iamlocal.server.authz.Networks;
import dev.iamlocal.server.protocol.QueryCodec;
import dev.iamlocal.server.auth.SigV4;
import dev.iamlocal.server.http.Exchange;
import dev.iamlocal.server.authz.Subjects;
import dev.iamlocal.arn.Arn;
import dev.iamlocal.catalog.ManagedPolicies;
import dev.iamlocal.catalog.ManagedPolicy;
import dev.iamlocal.evaluation.Policy;
import dev.iamlocal.policy.IamPolicyGrammar;
import dev.iamlocal.policy.ParseProblem;
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
import dev.iamlocal.server.iam.IamApi.Params;

/**
 * What every IAM and STS {@link Operation} needs besides its input: the store, authorization of the
 * caller by the engine ({@link #authorize}), the ARNs of existing entities, IAM's checks of policy
 * documents (which the API model cannot state), and pagination of lists into the output tree
 * ({@link Page#into}). Parameter constraints are not here: the API model checks them before an
 * operation runs ({@link QueryCodec#read}).
 */
public final class ApiSupport {


  /** The store every operation acts on. */
  public final IamStore store;
  final ManagedPolicies awsManaged;
  final Clock clock;

  /** The principals and their compiled policies, shared with the pipeline. */
  public final Subjects subjects;
  /** Where request authentication records key use; null when not recording (unit use). */
  final LastUsedRecorder lastUsed;
  /** Where authorization decisions are recorded (as its mode selects); null when not recording (unit use). */
  final DecisionLog decisions;
  /** The one authorization pipeline, shared with every other surface of the server. */
  public final AuthorizationPipeline pipeline;

  /** Support with nothing recorded and subjects of its own (unit use). */
  public ApiSupport(IamStore store, Clock clock) {
    this(store, clock, null, null, new Subjects(store));
  }

  /** Support recording key use and decisions, over the server's {@code subjects}. */
  public ApiSupport(IamStore store, Clock clock, LastUsedRecorder lastUsed, DecisionLog decisions, Subjects subjects) {
    this.lastUsed = lastUsed;
    this.decisions = decisions;
    this.store = store;
    this.awsManaged = ManagedPolicies.bundled();
    this.clock = clock;
    this.subjects = subjects;
    this.pipeline = new AuthorizationPipeline(subjects, decisions, clock);
  }

  /**
   * One request's caller and the network it arrived over (the listener's: {@link Networks}), which
   * every authorization of the request puts into its context.
   */
  public static final class Ctx {
    private final Caller caller;
    private final NetworkProfile net;

    private Ctx(Caller caller, NetworkProfile net) {
      this.caller = caller;
      this.net = net;
    }

    /** A request from {@code sourceIp} directly (no VPC endpoint). */
    public Ctx(Caller caller, String sourceIp, boolean secureTransport) {
      this(caller, new NetworkProfile(sourceIp, null, null, null, secureTransport));
    }

    /** A request directly from {@code sourceIp} over TLS. */
    public Ctx(Caller caller, String sourceIp) {
      this(caller, sourceIp, true);
    }

    /** A request that arrived over {@code net}. */
    public static Ctx over(Caller caller, NetworkProfile net) {
      return new Ctx(caller, java.util.Objects.requireNonNull(net, "net"));
    }

    /** The authenticated caller. */
    public Caller caller() {
      return caller;
    }

    NetworkProfile net() {
      return net;
    }

    /** {@code aws:SourceIp} of the request, null through a VPC endpoint. */
    String sourceIp() {
      return net.sourceIp();
    }

    boolean secureTransport() {
      return net.secureTransport();
    }

    /** The caller's account. */
    public String acct() {
      return caller.accountId();
    }
  }


  // ---------------------------------------------------------------- authorization

  /**
   * Asks the engine whether the caller may perform {@code action} on {@code resource}; throws
   * AWS's AccessDenied otherwise. The root user of the account may do everything. A thin delegate
   * of {@link AuthorizationPipeline#call}; {@code extra}'s {@code aws:TagKeys} holds its values
   * separated by newlines.
   */
  public void authorize(Ctx c, String action, String resource, Map<String, String> extra) {
    authorize(c, action, resource, context(extra), null);
  }

  /**
   * Asks the engine whether the caller may perform {@code action} on {@code resource}, with the
   * request's own keys in {@code given} and, for calls on resources that have one (a role's trust
   * policy for sts:AssumeRole), the resource-based policy; throws AWS's AccessDenied otherwise.
   * The root user of the account may do everything. A thin delegate of
   * {@link AuthorizationPipeline#call}.
   */
  public void authorize(Ctx c, String action, String resource, RequestContext given, Policy resourcePolicy) {
    AuthorizationPipeline.Evaluation e = pipeline.call(c.caller(), c.net(), action, resource, given, resourcePolicy);
    if (!e.allowed()) {
      throw AwsError.accessDenied(e.deniedMessage());
    }
  }

  /** A context of the keys in {@code extra}; {@code aws:TagKeys} holds its values separated by newlines. */
  static RequestContext context(Map<String, String> extra) {
    return AuthorizationPipeline.context(extra);
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
      return store.users().getUser(c.acct(), name).arn();
    } catch (dev.iamlocal.store.IamException.NoSuchEntity e) {
      return Arn.iam(c.acct(), "user", "/", name).toString();
    }
  }

  String existingGroupArn(Ctx c, String name) {
    try {
      return store.groups().getGroup(c.acct(), name).arn();
    } catch (dev.iamlocal.store.IamException.NoSuchEntity e) {
      return Arn.iam(c.acct(), "group", "/", name).toString();
    }
  }


  /** The ARN of an existing role (with its path), or the path-less ARN when there is no such role. */
  public String existingRoleArn(Ctx c, String name) {
    try {
      return store.roles().getRole(c.acct(), name).arn();
    } catch (dev.iamlocal.store.IamException.NoSuchEntity e) {
      return Arn.iam(c.acct(), "role", "/", name).toString();
    }
  }

  /**
   * Checks a role trust policy as IAM does (CreateRole, UpdateAssumeRolePolicy): IAM's grammar for
   * trust policies ({@link IamPolicyGrammar.Use#TRUST}: STS actions only, a Principal, no Resource),
   * IAM's message; where and why in the detail header.
   */
  static void validateTrustPolicy(String doc) {
    rejectMalformed(doc, IamPolicyGrammar.Use.TRUST);
  }

  /** An integer as the wire writes one ({@link Exchange#asciiInt}). */
  static int asciiInt(String v) {
    return Exchange.asciiInt(v);
  }

  // ---------------------------------------------------------------- validation

  /**
   * Checks an inline identity-based policy (Put{User,Group,Role}Policy; also an STS session policy)
   * as IAM does before storing it: {@link IamPolicyGrammar.Use#INLINE}.
   */
  static void validateIdentityPolicy(String doc) {
    validateIdentityPolicy(doc, IamPolicyGrammar.Use.INLINE);
  }

  /**
   * Checks an identity-based policy as IAM does before storing it as {@code use} (a managed policy,
   * CreatePolicy and CreatePolicyVersion, must also be version 2012-10-17): IAM's
   * MalformedPolicyDocument message, where and why in the detail header.
   */
  static void validateIdentityPolicy(String doc, IamPolicyGrammar.Use use) {
    rejectMalformed(doc, use);
  }

  /** What CreatePolicy and CreatePolicyVersion store: a managed policy (IAM requires version 2012-10-17). */
  static final IamPolicyGrammar.Use MANAGED_POLICY = IamPolicyGrammar.Use.MANAGED;

  private static void rejectMalformed(String doc, IamPolicyGrammar.Use use) {
    IamPolicyGrammar.check(doc, use).ifPresent(r -> {
      String where = r.span().isKnown() ? "line " + r.span().start().line() + ", column " + r.span().start().column()
          : "path " + r.path();
      throw AwsError.malformedPolicy(r.message()).withDetail(r.detail() + " (" + r.path() + " at " + where + ")");
    });
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

  /**
   * The answer of a List operation over IAM entities under a path (ListUsers, ListRoles,
   * ListGroups): {@code action} authorized on the account's ARN prefix of {@code kind}, then one
   * page of {@code list}'s entities for {@code PathPrefix}, each as {@code shape} writes it, under
   * {@code member}.
   */
  <T> com.fasterxml.jackson.databind.node.ObjectNode listByPath(Ctx c, OperationInput p, String action, String kind,
      java.util.function.BiFunction<String, String, List<T>> list, String member,
      java.util.function.Function<T, com.fasterxml.jackson.databind.node.ObjectNode> shape) {
    authorize(c, action, "arn:aws:iam::" + c.acct() + ":" + kind + "/", Map.of());
    return page(list.apply(c.acct(), p.get("PathPrefix")), p).into(JsonNodes.object(), member, shape);
  }

  /**
   * An entity as a listing shows it: without its permissions boundary (the API reference says so
   * for ListUsers and ListRoles; GetUser and GetRole show it), nor tags (the caller passes none).
   */
  static com.fasterxml.jackson.databind.node.ObjectNode listed(com.fasterxml.jackson.databind.node.ObjectNode entity) {
    entity.remove("PermissionsBoundary");
    return entity;
  }

  /** One page of {@code tags} as the List…Tags operations answer it: {@code Tags} of Key and Value. */
  static com.fasterxml.jackson.databind.node.ObjectNode tagsPage(Map<String, String> tags, OperationInput p) {
    return page(new ArrayList<>(tags.entrySet()), p).into(JsonNodes.object(), "Tags",
        e -> JsonNodes.object().put("Key", e.getKey()).put("Value", e.getValue()));
  }

  static <T> Page<T> page(List<T> all, Params p) {
    return page(all, p, Integer.MAX_VALUE);
  }

  /**
   * A page of at most MaxItems and at most {@code cap} items: for operations whose items cost
   * unequally (IAM documents that it "might return fewer results, even when there are more results
   * available"; IsTruncated and Marker say so).
   */
  static <T> Page<T> page(List<T> all, Params p, int cap) {
    int max = 100;
    if (p.get("MaxItems") != null) {
      try {
        // a leading '+' is a number to AWS's Query reader ("+1": stackd's pagination_inputs.json)
        String raw = p.get("MaxItems");
        max = asciiInt(raw.startsWith("+") && raw.length() > 1 && raw.charAt(1) != '-' ? raw.substring(1) : raw);
      } catch (NumberFormatException e) {
        max = -1;
      }
      if (max < 1 || max > 1000) {
        throw AwsError.validation("1 validation error detected: Value"
            + " at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000");
      }
    }
    int start = 0;
    if (p.get("Marker") != null) {
      try {
        start = asciiInt(new String(Base64.getUrlDecoder().decode(p.get("Marker")), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        start = -1;
      }
      if (start < 0 || start > all.size()) {
        // a ValidationError, as AWS answered ListVirtualMFADevices with Marker=invalid-marker-value (2026)
        throw AwsError.validation("Invalid Marker.");
      }
    }
    int end = Math.min(all.size(), start + Math.min(max, cap));
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

  /** The index entry of the AWS managed policy with exactly this ARN, without laying out its document. */
  ManagedPolicies.Info awsPolicyInfo(String arn) {
    return awsManaged.infoByExactArn(arn)
        .orElseThrow(() -> new AwsError(404, "NoSuchEntity", "Policy " + arn + " was not found."));
  }

  /** An output with one member. */
  public static com.fasterxml.jackson.databind.node.ObjectNode out(String member,
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
