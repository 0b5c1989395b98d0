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
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import dev.iamlocal.server.IamApi.Params;
import static dev.iamlocal.server.IamApi.*;

/** What every operation needs: the store, authorization of the caller by the engine, validation of names, paths and policies, and the response and pagination helpers. */
final class ApiSupport {

  private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]+");
  private static final Pattern PATH = Pattern.compile("(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)");

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
  static String userNameOrCaller(Params p, Ctx c) {
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

  /** An optional path parameter ({@code NewPath}, {@code PathPrefix}…), validated like {@code Path}. */
  static String optionalPath(Params p, String param) {
    String v = p.get(param);
    if (v == null) {
      return null;
    }
    if (v.length() > 512 || !PATH.matcher(v).matches()) {
      throw AwsError.validation("1 validation error detected: Value '" + v + "' at '" + lowerFirst(param)
          + "' failed to satisfy constraint: Member must satisfy regular expression pattern:"
          + " (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)");
    }
    return v;
  }

  /** An optional name parameter ({@code NewUserName}…). */
  static String optionalName(Params p, String param, int max) {
    return p.get(param) == null ? null : name(p, param, max);
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

  /** An optional integer parameter within bounds; out of bounds is AWS's ValidationError. */
  static Integer integer(Params p, String param, int min, int max) {
    String v = p.get(param);
    if (v == null) {
      return null;
    }
    int n;
    try {
      n = asciiInt(v);
    } catch (NumberFormatException e) {
      throw AwsError.validation("1 validation error detected: Value '" + v + "' at '" + lowerFirst(param)
          + "' failed to satisfy constraint: Member must be a number");
    }
    if (n < min) {
      throw AwsError.validation("1 validation error detected: Value '" + v + "' at '" + lowerFirst(param)
          + "' failed to satisfy constraint: Member must have value greater than or equal to " + min);
    }
    if (n > max) {
      throw AwsError.validation("1 validation error detected: Value '" + v + "' at '" + lowerFirst(param)
          + "' failed to satisfy constraint: Member must have value less than or equal to " + max);
    }
    return n;
  }

  /** IAM's {@code Tag} shape: its key and value patterns (the API reference, botocore's model). */
  private static final String TAG_KEY_PATTERN = "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+";
  private static final String TAG_VALUE_PATTERN = "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*";
  // one character class repeated: matching is linear, whatever the input
  private static final java.util.regex.Pattern TAG_KEY = java.util.regex.Pattern.compile(TAG_KEY_PATTERN);
  private static final java.util.regex.Pattern TAG_VALUE = java.util.regex.Pattern.compile(TAG_VALUE_PATTERN);

  /**
   * The {@code Tags} parameter, checked as IAM checks it: at most 50; keys of 1–128 and values of
   * 0–256 characters from IAM's pattern; no {@code aws:} prefix; no key twice, compared without
   * case (IAM's tag keys are case-insensitive: {@code CostCenter} and {@code costcenter} are one
   * tag). In the request's order.
   */
  static Map<String, String> checkedTags(Params p) {
    return tags(p, true, false);
  }

  /**
   * The {@code Tags} of a customer managed policy (CreatePolicy, TagPolicy): checked as
   * {@link #checkedTags}, except that a policy's tag keys are case-sensitive ({@code a} and
   * {@code A} are two tags) and only the same key twice is IAM's InvalidInput "Duplicate tag keys
   * found." (AWS's recorded answers for policies).
   */
  static Map<String, String> checkedPolicyTags(Params p) {
    return tags(p, true, true);
  }

  /**
   * STS session tags: the same Tag shape (STS's model shares it: at most 50, key and value lengths
   * and patterns), without IAM's {@code aws:} rule for stored tags; keys that differ only in case
   * are one key, so a request may not name it twice.
   */
  static Map<String, String> checkedSessionTags(Params p) {
    return tags(p, false, false);
  }

  private static Map<String, String> tags(Params p, boolean iamRules, boolean caseSensitive) {
    List<Map.Entry<String, String>> members = p.tagMembers();
    if (members.size() > 50) {
      throw AwsError.validation("1 validation error detected: Value at 'tags' failed to satisfy constraint:"
          + " Member must have length less than or equal to 50");
    }
    Map<String, String> tags = new LinkedHashMap<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < members.size(); i++) {
      String key = members.get(i).getKey();
      String value = members.get(i).getValue();
      String at = "tags." + (i + 1) + ".member.";
      // lengths in characters (code points), as IAM counts them, not UTF-16 units
      if (key.isEmpty() || key.codePointCount(0, key.length()) > 128) {
        throw AwsError.validation("1 validation error detected: Value '" + key + "' at '" + at + "key'"
            + " failed to satisfy constraint: Member must have length between 1 and 128");
      }
      if (!TAG_KEY.matcher(key).matches()) {
        throw AwsError.validation("1 validation error detected: Value '" + key + "' at '" + at + "key'"
            + " failed to satisfy constraint: Member must satisfy regular expression pattern: " + TAG_KEY_PATTERN);
      }
      if (value == null) {
        throw AwsError.validation("1 validation error detected: Value null at '" + at + "value' failed to satisfy"
            + " constraint: Member must not be null");
      }
      if (value.codePointCount(0, value.length()) > 256) {
        throw AwsError.validation("1 validation error detected: Value at '" + at + "value' failed to satisfy"
            + " constraint: Member must have length less than or equal to 256");
      }
      if (!TAG_VALUE.matcher(value).matches()) {
        throw AwsError.validation("1 validation error detected: Value '" + value + "' at '" + at + "value'"
            + " failed to satisfy constraint: Member must satisfy regular expression pattern: " + TAG_VALUE_PATTERN);
      }
      String lower = key.toLowerCase(java.util.Locale.ROOT);
      if (iamRules && lower.startsWith("aws:")) {
        throw AwsError.invalidInput("User-defined tag keys can't start with \"aws:\". This prefix is reserved for"
            + " AWS tags.");
      }
      if (caseSensitive && !seen.add(key)) {
        throw AwsError.invalidInput("Duplicate tag keys found.");
      }
      if (!caseSensitive && !seen.add(lower)) {
        // one key whatever its case, in IAM as in STS (the docs: "you cannot have separate Department
        // and department tag keys"); each service's code for a bad value
        String duplicate = "Duplicate tag keys found. Please note that Tag keys are case insensitive.";
        throw iamRules ? AwsError.invalidInput(duplicate) : new AwsError(400, "InvalidParameterValue", duplicate);
      }
      tags.put(key, value);
    }
    return tags;
  }

  /** The {@code TagKeys} of an Untag call, checked against the model's tagKeyListType (1–50 keys of IAM's key pattern). */
  static List<String> checkedTagKeys(Params p) {
    return tagKeyList(p, "TagKeys", "tagKeys", true);
  }

  /** STS AssumeRole's TransitiveTagKeys: the same tagKeyListType (at most 50 keys of the Tag key shape), optional. */
  static List<String> checkedTransitiveTagKeys(Params p) {
    return tagKeyList(p, "TransitiveTagKeys", "transitiveTagKeys", false);
  }

  private static List<String> tagKeyList(Params p, String param, String member, boolean required) {
    List<String> keys = p.members(param);
    if (keys.isEmpty() && required) {
      throw AwsError.validation("1 validation error detected: Value null at '" + member + "' failed to satisfy"
          + " constraint: Member must not be null");
    }
    if (keys.size() > 50) {
      throw AwsError.validation("1 validation error detected: Value at '" + member + "' failed to satisfy constraint:"
          + " Member must have length less than or equal to 50");
    }
    for (int i = 0; i < keys.size(); i++) {
      String key = keys.get(i);
      if (key.isEmpty() || key.codePointCount(0, key.length()) > 128 || !TAG_KEY.matcher(key).matches()) {
        throw AwsError.validation("1 validation error detected: Value '" + key + "' at '" + member + "." + (i + 1)
            + ".member' failed to satisfy constraint: Member must have length between 1 and 128 and satisfy"
            + " regular expression pattern: " + TAG_KEY_PATTERN);
      }
    }
    return keys;
  }

  /** A required boolean parameter value ({@code true}/{@code false}), or {@code def} when absent. */
  static boolean bool(Params p, String param, boolean def) {
    String v = p.get(param);
    return v == null ? def : "true".equalsIgnoreCase(v);
  }


  // ---------------------------------------------------------------- validation

  /** IAM's {@code policyDocumentType} (API model): at most 131,072 characters, white space included. */
  static final int POLICY_DOCUMENT_MAX = 131_072;
  /** STS's {@code sessionPolicyDocumentType} (API model): at most 2,048 characters, white space included. */
  static final int SESSION_POLICY_MAX = 2_048;

  /**
   * The policy-document parameters of each operation (members of type {@code policyDocumentType},
   * or lists of it, marked {@code []}, in the IAM API model; STS AssumeRole's {@code Policy}). Their
   * length limit counts every character; the non-white-space quotas (6,144 for a managed policy,
   * 2,048/5,120/10,240 for the inline policies of a user/group/role) come on top of it.
   */
  private static final Map<String, List<String>> DOCUMENT_PARAMETERS = Map.ofEntries(
      Map.entry("CreatePolicy", List.of("PolicyDocument")),
      Map.entry("CreatePolicyVersion", List.of("PolicyDocument")),
      Map.entry("PutUserPolicy", List.of("PolicyDocument")),
      Map.entry("PutGroupPolicy", List.of("PolicyDocument")),
      Map.entry("PutRolePolicy", List.of("PolicyDocument")),
      Map.entry("CreateRole", List.of("AssumeRolePolicyDocument")),
      Map.entry("UpdateAssumeRolePolicy", List.of("PolicyDocument")),
      Map.entry("SimulatePrincipalPolicy", List.of("PolicyInputList[]", "PermissionsBoundaryPolicyInputList[]",
          "ResourcePolicy")),
      Map.entry("SimulateCustomPolicy", List.of("PolicyInputList[]", "PermissionsBoundaryPolicyInputList[]",
          "ResourcePolicy")),
      Map.entry("GetContextKeysForPrincipalPolicy", List.of("PolicyInputList[]")),
      Map.entry("GetContextKeysForCustomPolicy", List.of("PolicyInputList[]")));

  /**
   * Applies the API model's length limit to every policy document the operation takes, before
   * anything else reads them: AWS's ValidationError, in the model's constraint form
   * ({@code Value at 'policyDocument' failed to satisfy constraint: Member must have length less
   * than or equal to 131072}; list members are {@code policyInputList.1.member}), every violation
   * counted in one message as AWS does.
   */
  static void checkDocumentLengths(String service, String action, Params p) {
    boolean sts = "sts".equals(service);
    List<String> params = sts ? ("AssumeRole".equals(action) ? List.of("Policy") : List.of())
        : DOCUMENT_PARAMETERS.getOrDefault(action, List.of());
    int max = sts ? SESSION_POLICY_MAX : POLICY_DOCUMENT_MAX;
    List<String> errors = new ArrayList<>(1);
    for (String param : params) {
      if (param.endsWith("[]")) {
        String list = param.substring(0, param.length() - 2);
        for (int i = 1; p.get(list + ".member." + i) != null; i++) {
          if (p.get(list + ".member." + i).length() > max) {
            errors.add(lowerFirst(list) + "." + i + ".member");
          }
        }
      } else if (p.get(param) != null && p.get(param).length() > max) {
        errors.add(lowerFirst(param));
      }
    }
    if (!errors.isEmpty()) {
      StringBuilder m = new StringBuilder().append(errors.size())
          .append(errors.size() == 1 ? " validation error detected: " : " validation errors detected: ");
      for (int i = 0; i < errors.size(); i++) {
        m.append(i == 0 ? "" : "; ").append("Value at '").append(errors.get(i))
            .append("' failed to satisfy constraint: Member must have length less than or equal to ").append(max);
      }
      throw AwsError.validation(m.toString());
    }
  }

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

  static String name(Params p, String param, int max) {
    String v = p.required(param);
    if (v.isEmpty() || v.length() > max || !NAME.matcher(v).matches()) {
      throw AwsError.validation("1 validation error detected: Value '" + v + "' at '" + lowerFirst(param)
          + "' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+"
          + " and length between 1 and " + max);
    }
    return v;
  }

  static String path(Params p) {
    String v = p.get("Path");
    if (v == null) {
      return "/";
    }
    if (v.length() > 512 || !PATH.matcher(v).matches()) {
      throw AwsError.validation("1 validation error detected: Value '" + v + "' at 'path' failed to satisfy"
          + " constraint: Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)");
    }
    return v;
  }

  static String lowerFirst(String s) {
    return Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  /** Policy documents in IAM responses are URL-encoded (RFC 3986), as real IAM returns them. */
  static String encodeDocument(String doc) {
    return SigV4.uriEncode(doc);
  }

  // ---------------------------------------------------------------- responses and pagination

  static String wrap(String ns, String action, String requestId, java.util.function.Consumer<Xml> result) {
    Xml x = new Xml().open(action + "Response", ns);
    if (result != null) {
      x.open(action + "Result");
      result.accept(x);
      x.close();
    }
    x.open("ResponseMetadata").el("RequestId", requestId).close();
    x.close();
    return x.toString();
  }

  /** One page of a list: MaxItems (1–1000, default 100) items after Marker. */
  record Page<T>(List<T> items, String nextMarker) {
    void write(Xml x) {
      x.el("IsTruncated", nextMarker != null);
      x.el("Marker", nextMarker);
    }

    /**
     * The list as IAM's Query responses have it: {@code <list><member>…</member>…</list>}, each
     * member's content written by {@code member}, then the pagination fields.
     */
    void write(Xml x, String list, BiConsumer<Xml, T> member) {
      x.open(list);
      for (T item : items) {
        member.accept(x.open("member"), item);
        x.close();
      }
      x.close();
      write(x);
    }
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

  static void tags(Xml x, Map<String, String> tags) {
    if (tags.isEmpty()) {
      return;
    }
    x.open("Tags");
    tags.forEach((k, v) -> x.open("member").el("Key", k).el("Value", v).close());
    x.close();
  }

}
