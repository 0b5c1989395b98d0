package dev.iamlocal.evaluation;

import dev.iamlocal.policy.Effect;
import dev.iamlocal.request.AuthorizationRequest;
import dev.iamlocal.request.Principal;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides requests the way AWS does (spec §9–§11): an explicit Deny anywhere wins; then every SCP
 * and RCP level, and every VPC endpoint policy, must allow; then an Allow must come from an
 * identity-based policy (within the permissions boundary and session policies) or from a
 * resource-based policy, following the same-account and cross-account rules.
 *
 * <p>Order of statements and policies never matters; evaluation is a pure function of the
 * compiled {@link PolicySet} and the request, safe to call from many threads.
 *
 * <p>Failing closed: a statement that cannot be evaluated (an invalid condition value) never
 * allows, and if it is a Deny whose action, resource and principal match, it denies. There is no
 * path by which an error produces an allow.
 *
 * <p>Decisions on the spec's open questions, as implemented here:
 * <ul>
 *   <li>Q22: a request that an SCP or RCP level does not allow (no Deny applied) is an
 *       {@code implicitDeny} with {@code blockedBy} {@code scp}/{@code rcp}; only a Deny statement
 *       produces {@code explicitDeny}.
 *   <li>SCPs do not apply to service principals and anonymous callers (they govern principals of
 *       member accounts); give no SCPs for the management account or service-linked roles.
 *   <li>Session policies apply to role and federated-user sessions only. A role session with no
 *       session policy is not restricted; a federated-user session without one has no permissions
 *       (GetFederationToken without a policy grants nothing).
 *   <li>A KMS key's key policy must itself allow any request on the key's ARN, as a role's trust
 *       policy must (spec §10.2 step 9, {@link OwnPolicy}); without a key policy nothing is allowed
 *       on a key. Alias ARNs are not keys.
 *   <li>A role trust policy must itself allow {@code sts:AssumeRole*}, and the permissions-only
 *       {@code sts:TagSession} and {@code sts:SetSourceIdentity} asked for with it: identity
 *       policies alone are never enough (spec §10.2 step 9; the IAM User Guide on session tags and
 *       source identity: a role whose trust policy lacks them cannot be assumed with them); for
 *       other actions a missing resource policy only matters across accounts.
 *   <li>The account's root user is allowed by default on the identity side.
 *   <li>{@code sts:GetCallerIdentity} needs no permission and cannot be denied (STS API reference):
 *       for a caller with credentials it is allowed before any policy is looked at, with
 *       {@link #NO_PERMISSION_REASON} as the decision's reason and no matched statements. AWS does
 *       not document what its policy simulator answers for it; every surface here (simulate,
 *       explain, the console, {@code /v1/authorize}, the STS endpoint) answers as STS does.
 * </ul>
 */
public final class Evaluator {

  private Evaluator() {}

  /**
   * Why {@code sts:GetCallerIdentity} is allowed whatever the policies say, as the STS API
   * reference puts it ("No permissions are required to perform this operation. If an administrator
   * attaches a policy to your identity that explicitly denies access to the sts:GetCallerIdentity
   * action, you can still perform this operation.").
   */
  public static final String NO_PERMISSION_REASON = "sts:GetCallerIdentity requires no permissions: AWS answers it"
      + " for any valid credentials, even when a policy explicitly denies it (STS API reference, GetCallerIdentity)";

  /** Why sts:GetSessionToken is allowed whatever the policies say. */
  public static final String NO_PERMISSION_REASON_SESSION_TOKEN = "sts:GetSessionToken requires no permissions: it"
      + " authenticates the caller (with MFA), which policies cannot control (STS API reference, GetSessionToken)";

  /** Decides one request against a compiled policy set. */
  public static Decision authorize(PolicySet set, AuthorizationRequest r) {
    String action = r.normalizedAction();
    Principal p = r.principal();
    if (needsNoPermission(action, p)) {
      return new Decision(Outcome.ALLOWED, List.of(), null, action.equals("sts:getsessiontoken")
          ? NO_PERMISSION_REASON_SESSION_TOKEN : NO_PERMISSION_REASON, null, null);
    }
    String prefix = StatementIndex.servicePrefix(action);

    // Step 2: explicit denies in every policy type.
    List<MatchedStatement> denies = null;
    PolicyType deniedBy = null;
    boolean scpApplies = !set.scpLevels.isEmpty() && p.kind() != Principal.Kind.SERVICE
        && p.kind() != Principal.Kind.ANONYMOUS;
    TypeResult[] scp = new TypeResult[scpApplies ? set.scpLevels.size() : 0];
    for (int i = 0; i < scp.length; i++) {
      scp[i] = evaluate(set.scpLevels.get(i), r, action, prefix);
    }
    TypeResult[] rcp = new TypeResult[set.rcpLevels.size()];
    for (int i = 0; i < rcp.length; i++) {
      rcp[i] = evaluate(set.rcpLevels.get(i), r, action, prefix);
    }
    TypeResult[] vpce = new TypeResult[set.vpcEndpoints.size()];
    for (int i = 0; i < vpce.length; i++) {
      vpce[i] = evaluate(set.vpcEndpoints.get(i), r, action, prefix);
    }
    TypeResult resource = set.resource == null ? null : evaluate(set.resource, r, action, prefix);
    boolean hasIdentityPolicies = p.kind() != Principal.Kind.SERVICE && p.kind() != Principal.Kind.ANONYMOUS;
    TypeResult identity = hasIdentityPolicies ? evaluate(set.identity, r, action, prefix) : TypeResult.EMPTY;
    TypeResult boundary = set.boundary == null || !hasIdentityPolicies ? null : evaluate(set.boundary, r, action, prefix);
    boolean sessionApplies = p.isSession();
    TypeResult session = set.session == null || !sessionApplies ? null : evaluate(set.session, r, action, prefix);

    for (TypeResult t : scp) {
      if (t.denies != null) {
        denies = add(denies, t.denies);
        deniedBy = first(deniedBy, PolicyType.SERVICE_CONTROL);
      }
    }
    for (TypeResult t : rcp) {
      if (t.denies != null) {
        denies = add(denies, t.denies);
        deniedBy = first(deniedBy, PolicyType.RESOURCE_CONTROL);
      }
    }
    for (TypeResult t : vpce) {
      if (t.denies != null) {
        denies = add(denies, t.denies);
        deniedBy = first(deniedBy, PolicyType.VPC_ENDPOINT);
      }
    }
    for (TypeResult t : new TypeResult[] {resource, identity, boundary, session}) {
      if (t != null && t.denies != null) {
        denies = add(denies, t.denies);
        deniedBy = first(deniedBy, t.type);
      }
    }
    Boolean boundaryAllows = boundary == null ? null : boundary.allows != null && boundary.denies == null;
    Boolean orgAllows = scp.length == 0 ? null : allLevelsAllow(scp);
    if (denies != null) {
      return new Decision(Outcome.EXPLICIT_DENY, denies, deniedBy,
          "with an explicit deny in " + deniedBy.withArticle(), boundaryAllows, orgAllows);
    }

    // Steps 3 and 4: every RCP and SCP level must allow.
    if (rcp.length > 0 && !allLevelsAllow(rcp)) {
      return implicit(PolicyType.RESOURCE_CONTROL, r, boundaryAllows, orgAllows);
    }
    if (scp.length > 0 && !orgAllows) {
      return implicit(PolicyType.SERVICE_CONTROL, r, boundaryAllows, orgAllows);
    }
    for (TypeResult t : vpce) {
      if (t.allows == null) {
        return implicit(PolicyType.VPC_ENDPOINT, r, boundaryAllows, orgAllows);
      }
    }

    // Steps 5–8: the identity path, and the resource-based path.
    boolean identityAllows = p.kind() == Principal.Kind.ROOT || identity.allows != null;
    boolean boundaryOk = boundary == null || boundary.allows != null;
    boolean sessionOk = !sessionApplies
        || (session != null ? session.allows != null : p.kind() != Principal.Kind.FEDERATED_USER);
    boolean identityPath = identityAllows && boundaryOk && sessionOk;

    if (!hasIdentityPolicies) {
      // Services and anonymous callers have no identity policies: only a resource policy grants.
      if (resource != null && resource.allows != null) {
        return new Decision(Outcome.ALLOWED, resource.allows, null, "", boundaryAllows, orgAllows);
      }
      return implicit(PolicyType.RESOURCE, r, boundaryAllows, orgAllows);
    }

    String resourceAccount = r.effectiveResourceAccount();
    boolean sameAccount = resourceAccount == null || resourceAccount.equals(p.accountId());
    boolean ownPolicyRequired = OwnPolicy.of(r) != OwnPolicy.NONE;
    PrincipalGrant grant = resource == null || resource.allows == null ? PrincipalGrant.NONE : resource.grant;

    List<MatchedStatement> allows = new ArrayList<>(4);
    if (sameAccount && !ownPolicyRequired) {
      boolean resourcePath = grant != PrincipalGrant.NONE
          && (grant.bypassIdentity || identityAllows)
          && (grant.bypassBoundary || boundaryOk)
          && (grant.bypassSession || sessionOk);
      if (identityPath || resourcePath) {
        if (identityPath && identity.allows != null) {
          allows.addAll(identity.allows);
        }
        if (resourcePath) {
          allows.addAll(resource.allows);
        }
        return new Decision(Outcome.ALLOWED, allows, null, "", boundaryAllows, orgAllows);
      }
    } else {
      // Across accounts, and on a role (trust policy) or a KMS key (key policy): the resource-based
      // policy must allow, and the identity side too unless the policy names the caller itself
      // (spec §11, §10.2 step 9, table 10.3).
      boolean resourceAllows = grant != PrincipalGrant.NONE;
      boolean identitySide = sameAccount
          ? (grant.bypassIdentity || identityAllows) && (grant.bypassBoundary || boundaryOk) && (grant.bypassSession || sessionOk)
          : identityPath;
      if (resourceAllows && identitySide) {
        if (identity.allows != null) {
          allows.addAll(identity.allows);
        }
        allows.addAll(resource.allows);
        return new Decision(Outcome.ALLOWED, allows, null, "", boundaryAllows, orgAllows);
      }
      if (!resourceAllows && (ownPolicyRequired || identityPath)) {
        return implicit(PolicyType.RESOURCE, r, boundaryAllows, orgAllows);
      }
    }
    PolicyType blocked = !identityAllows ? PolicyType.IDENTITY
        : !boundaryOk ? PolicyType.PERMISSIONS_BOUNDARY
        : !sessionOk ? PolicyType.SESSION
        : PolicyType.RESOURCE;
    return implicit(blocked, r, boundaryAllows, orgAllows);
  }

  /** Decides and records why, statement by statement. */
  public static Explanation explain(PolicySet set, AuthorizationRequest r) {
    return Explanation.of(set, r, authorize(set, r));
  }

  /**
   * True for the actions no policy can allow or deny: {@code sts:GetCallerIdentity} and
   * {@code sts:GetSessionToken} by a caller with credentials (a user, a role or federated-user session, the root user). An anonymous
   * caller has no identity to report and a service principal does not call it as itself: those are
   * evaluated as any other request.
   *
   * @param action the action lower-cased ({@link AuthorizationRequest#normalizedAction()})
   */
  static boolean needsNoPermission(String action, Principal p) {
    // GetSessionToken too: an authentication operation, which "you cannot use policies to control"
    // (STS API reference, GetSessionToken)
    return (action.equals("sts:getcalleridentity") || action.equals("sts:getsessiontoken"))
        && p.kind() != Principal.Kind.ANONYMOUS && p.kind() != Principal.Kind.SERVICE;
  }

  /**
   * The resources whose own resource-based policy must allow a request, whatever the identity
   * policies say (spec §10.2 step 9; IAM User Guide, policy evaluation logic: "the role trust
   * policy and the AWS KMS key policy" are the exceptions to a same-account identity Allow being
   * enough). A policy that names the account (its root ARN or id) lets the account's IAM policies
   * grant, and they must then allow too: that is how a key policy "enables IAM policies".
   */
  enum OwnPolicy {
    /** Identity or resource-based policy, either is enough in one account. */
    NONE(null),
    /** {@code sts:AssumeRole*}, {@code sts:TagSession}, {@code sts:SetSourceIdentity} on a role. */
    ROLE_TRUST("The resource is a role: its trust policy must itself allow the caller to %s; identity-based"
        + " policies alone are never enough. A trust policy that names the account (its root ARN or ID) lets"
        + " the account's identity-based policies decide, and they must allow too."),
    /** Any request on a KMS key ARN ({@code arn:PARTITION:kms:REGION:ACCOUNT:key/KEY_ID}); not aliases. */
    KMS_KEY("The resource is a KMS key: its key policy must itself allow the caller to %s (\"Unless the key"
        + " policy explicitly allows it, you cannot use IAM policies to allow access to a KMS key.\", KMS"
        + " Developer Guide). A key policy that allows the account (its root ARN or ID) enables IAM policies:"
        + " the account's identity-based policies must then allow too.");

    private final String note;

    OwnPolicy(String note) {
      this.note = note;
    }

    static OwnPolicy of(AuthorizationRequest r) {
      if (isKmsKeyArn(r.resource())) {
        return KMS_KEY;
      }
      return needsTrustPolicy(r.action()) && r.resource().contains(":role/") ? ROLE_TRUST : NONE;
    }

    /** What the explanation says about the rule for this request, with the policy missing or not. */
    String note(AuthorizationRequest r, boolean policyGiven) {
      String n = String.format(note, r.action());
      return policyGiven ? n : n + (this == KMS_KEY ? " No key policy was given, so nothing is allowed on the key."
          : " No trust policy was given, so the role cannot be assumed.");
    }
  }

  /**
   * True for a KMS key ARN, {@code arn:PARTITION:kms:REGION:ACCOUNT:key/KEY_ID} (not an alias).
   * Service and resource type are compared ignoring case, so a misspelt ARN is not let through
   * by the rule it would otherwise fall under (fail closed).
   */
  static boolean isKmsKeyArn(String resource) {
    if (!resource.startsWith("arn:")) {
      return false;
    }
    // arn:PARTITION:kms:…: the service is the third part; the resource the sixth, after five colons
    int service = resource.indexOf(':', 4) + 1;
    if (service == 0 || !resource.regionMatches(true, service, "kms:", 0, 4)) {
      return false;
    }
    int colons = 3; // up to and including the one after the service
    int i = service + 4;
    for (; i < resource.length() && colons < 5; i++) {
      if (resource.charAt(i) == ':') {
        colons++;
      }
    }
    // read in place: splitting every request's resource into six Strings was garbage for nothing
    return colons == 5 && resource.regionMatches(true, i, "key/", 0, 4);
  }

  /** The STS actions on a role that its trust policy itself must allow. */
  static boolean needsTrustPolicy(String action) {
    String a = action.toLowerCase(java.util.Locale.ROOT);
    return a.startsWith("sts:assumerole") || a.equals("sts:tagsession") || a.equals("sts:setsourceidentity");
  }

  private static Decision implicit(PolicyType type, AuthorizationRequest r, Boolean boundaryAllows, Boolean orgAllows) {
    String reason = switch (type) {
      case IDENTITY -> r.principal().kind() == Principal.Kind.SERVICE || r.principal().kind() == Principal.Kind.ANONYMOUS
          ? "no resource-based policy allows the " + r.action() + " action"
          : "no identity-based policy allows the " + r.action() + " action";
      case RESOURCE -> needsTrustPolicy(r.action())
          ? "the role's trust policy does not allow the " + r.action() + " action"
          : "no resource-based policy allows the " + r.action() + " action";
      default -> "no " + type.phrase() + " allows the " + r.action() + " action";
    };
    return new Decision(Outcome.IMPLICIT_DENY, List.of(), type, reason, boundaryAllows, orgAllows);
  }

  private static boolean allLevelsAllow(TypeResult[] levels) {
    for (TypeResult t : levels) {
      if (t.allows == null) {
        return false;
      }
    }
    return true;
  }

  private static PolicyType first(PolicyType current, PolicyType candidate) {
    return current == null ? candidate : current;
  }

  private static List<MatchedStatement> add(List<MatchedStatement> to, List<MatchedStatement> from) {
    if (to == null) {
      to = new ArrayList<>(from.size());
    }
    to.addAll(from);
    return to;
  }

  /** Allow and Deny statements of one policy type that apply; null lists when none. */
  private static final class TypeResult {
    static final TypeResult EMPTY = new TypeResult(PolicyType.IDENTITY);
    final PolicyType type;
    List<MatchedStatement> allows;
    List<MatchedStatement> denies;
    /** Ordinals of the statements in {@link #allows} / {@link #denies}, to sort them by. */
    int[] allowOrder = NO_ORDER;
    int[] denyOrder = NO_ORDER;
    PrincipalGrant grant = PrincipalGrant.NONE;
    private static final int[] NO_ORDER = new int[0];

    TypeResult(PolicyType type) {
      this.type = type;
    }

    void add(CompiledStatement s) {
      if (s.effect == Effect.DENY) {
        if (denies == null) {
          denies = new ArrayList<>(2);
        }
        denyOrder = append(denyOrder, denies.size(), s.ordinal);
        denies.add(s.matched);
      } else {
        if (allows == null) {
          allows = new ArrayList<>(2);
        }
        allowOrder = append(allowOrder, allows.size(), s.ordinal);
        allows.add(s.matched);
      }
    }

    private static int[] append(int[] order, int at, int ordinal) {
      int[] o = at < order.length ? order : java.util.Arrays.copyOf(order, Math.max(2, at * 2));
      o[at] = ordinal;
      return o;
    }

    /**
     * Decision on Q32 (order): the matched statements are listed in the order they are written
     * (policy, then statement), which an index lookup (exact actions, then wildcards, then the
     * rest) does not keep: the same request gets the same answer whether its set was scanned or
     * indexed. (Q32's other half, every applying Allow listed: Spec14OpenQuestionsTest.)
     */
    void sortBySource() {
      sort(allows, allowOrder);
      sort(denies, denyOrder);
    }

    private static void sort(List<MatchedStatement> list, int[] order) {
      if (list == null || list.size() < 2) {
        return;
      }
      // insertion sort: a request matches a handful of statements
      for (int i = 1; i < list.size(); i++) {
        MatchedStatement m = list.get(i);
        int o = order[i];
        int j = i - 1;
        while (j >= 0 && order[j] > o) {
          list.set(j + 1, list.get(j));
          order[j + 1] = order[j];
          j--;
        }
        list.set(j + 1, m);
        order[j + 1] = o;
      }
    }
  }

  private static TypeResult evaluate(StatementIndex idx, AuthorizationRequest r, String action, String prefix) {
    TypeResult out = null;
    StatementIndex.Lookup lookup = idx.lookup();
    for (CompiledStatement s : lookup.forExact(action)) {
      out = consider(out, s, r, action, true);
    }
    for (CompiledStatement s : lookup.forPrefix(prefix)) {
      out = consider(out, s, r, action, false);
    }
    for (CompiledStatement s : lookup.global()) {
      out = consider(out, s, r, action, false);
    }
    if (out == null) {
      PolicyType t = idx.all.length > 0 ? idx.all[0].type : PolicyType.IDENTITY;
      return new TypeResult(t);
    }
    out.sortBySource();
    return out;
  }

  private static TypeResult consider(TypeResult out, CompiledStatement s, AuthorizationRequest r, String action,
      boolean actionKnown) {
    if (!actionKnown && !s.actionMatches(action)) {
      return out;
    }
    if (!s.resourceMatches(r.resource(), r.context())) {
      return out;
    }
    PrincipalGrant grant = PrincipalGrant.DIRECT;
    if (s.type.hasPrincipal()) {
      grant = s.grant(r);
      if (grant == PrincipalGrant.NONE) {
        return out;
      }
    }
    Mismatch m = s.error() != null ? Mismatch.ERROR : Mismatch.NONE;
    if (m == Mismatch.NONE) {
      for (var c : s.conditions()) {
        if (!c.evaluate(r.context())) {
          return out;
        }
      }
    }
    if (!s.applies(m)) {
      return out;
    }
    if (out == null) {
      out = new TypeResult(s.type);
    }
    out.add(s);
    if (s.effect != Effect.DENY) {
      out.grant = out.grant.strongest(grant);
    }
    return out;
  }
}
