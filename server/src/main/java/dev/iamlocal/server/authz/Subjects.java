package dev.iamlocal.server.authz;

import dev.iamlocal.server.auth.Identities;
import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.server.auth.Caller;
import dev.iamlocal.arn.Arn;
import dev.iamlocal.evaluation.Decision;
import dev.iamlocal.evaluation.Outcome;
import dev.iamlocal.evaluation.Policy;
import dev.iamlocal.evaluation.PolicySet;
import dev.iamlocal.policy.PolicyParser;
import dev.iamlocal.request.GlobalKeys;
import dev.iamlocal.request.Principal;
import dev.iamlocal.request.RequestContext;
import dev.iamlocal.store.AccessKey;
import dev.iamlocal.store.Group;
import dev.iamlocal.store.IamException;
import dev.iamlocal.store.IamStore;
import dev.iamlocal.store.IdentityPolicy;
import dev.iamlocal.store.Role;
import dev.iamlocal.store.StsSession;
import dev.iamlocal.store.User;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Turns stored identities into what the engine evaluates: the principal, its unique id, its
 * principal tags, and its policies (identity policies, permissions boundary, session policies).
 *
 * <p>What a request needs on every call (access keys, sessions, the caller's user or role, compiled
 * policy sets) is cached, stamped with the store's change counter (see {@link StampedCache}): a
 * request passes the counter it read on arrival and gets values at least that new, so a change
 * made through any node applies to the next request. The {@code of…} methods read afresh.
 */
public final class Subjects implements Identities {

  /** The empty document a missing boundary or session policy stands for: it allows nothing (fail closed). */
  private static final String NOTHING = "{\"Version\":\"2012-10-17\",\"Statement\":[]}";
  /** What the root user may do (everything), standing in for its permissions in a session it federated. */
  private static final String ROOT_EVERYTHING = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
      + "\"Action\":\"*\",\"Resource\":\"*\"}]}";

  /**
   * One principal as the engine sees it.
   *
   * @param identityArn the stored user or role ARN (with its path) the policies come from
   * @param policies identity policies, boundary and session policies; no resource policy
   */
  public record Subject(Principal principal, String uniqueId, Map<String, String> tags, List<Policy> identity,
      Policy boundary, List<Policy> sessionPolicies, String identityArn, String sourceIdentity) {

    /** A subject without a source identity (users, roles, sessions that set none). */
    public Subject(Principal principal, String uniqueId, Map<String, String> tags, List<Policy> identity, Policy boundary,
        List<Policy> sessionPolicies, String identityArn) {
      this(principal, uniqueId, tags, identity, boundary, sessionPolicies, identityArn, null);
    }

    /**
     * {@code given} with the principal-derived global keys filled where it does not set them, as
     * AWS fills them at run time, and the session's {@code aws:SourceIdentity}: present in every
     * request of a session that has one (IAM User Guide, "Monitor and control actions taken with
     * assumed roles").
     */
    RequestContext fill(RequestContext given, String region, Clock clock) {
      RequestContext full = GlobalKeys.fill(given, principal, uniqueId, tags, region, clock);
      if (sourceIdentity == null || full.contains("aws:SourceIdentity")) {
        return full;
      }
      return full.toBuilder().put("aws:SourceIdentity", sourceIdentity).build();
    }

    PolicySet.Builder policySet() {
      PolicySet.Builder b = PolicySet.builder().identity(identity);
      if (boundary != null) {
        b.permissionsBoundary(boundary);
      }
      if (sessionPolicies != null) {
        b.sessionPolicies(sessionPolicies);
      }
      return b;
    }
  }

  /** A caller's subject with its identity-side policy set compiled once ({@link AuthorizationPipeline} evaluates it). */
  public record Compiled(Subject subject, PolicySet policies) {
    /** {@code s} with its policy set compiled. */
    public static Compiled of(Subject s) {
      return new Compiled(s, s.policySet().build());
    }
  }

  /** What the server records for the root user, whom it never evaluates: allowed, no statement. */
  static final Decision ROOT_ALLOWED = new Decision(Outcome.ALLOWED, List.of(), null, "", null, null);

  private final IamStore store;
  /**
   * Compiled policy sets per caller, reused until any write to the store (on any node) bumps its
   * change counter: compiling a principal's policies on every request would dominate the cost of
   * a call.
   */
  private final StampedCache<String, Compiled> compiled;
  private final StampedCache<String, Optional<AccessKey>> accessKeys;
  private final StampedCache<String, Optional<StsSession>> sessions;
  private final StampedCache<String, Optional<User>> usersById;
  private final StampedCache<String, Optional<Role>> rolesById;
  private final StampedCache<String, Map<String, String>> resourceTags;

  /** Subjects of {@code store}, with empty caches. */
  public Subjects(IamStore store) {
    this.store = store;
    this.compiled = new StampedCache<>(store::changeVersion, 10_000);
    this.accessKeys = new StampedCache<>(store::changeVersion, 10_000);
    this.sessions = new StampedCache<>(store::changeVersion, 10_000);
    this.usersById = new StampedCache<>(store::changeVersion, 10_000);
    this.rolesById = new StampedCache<>(store::changeVersion, 10_000);
    this.resourceTags = new StampedCache<>(store::changeVersion, 10_000);
  }

  /** The store's change counter now: read once when a request arrives and pass it to the lookups below. */
  @Override
  public long version() {
    return store.changeVersion();
  }

  /** The access key as of store version {@code version} or newer (unknown keys too: empty). */
  @Override
  public Optional<AccessKey> accessKey(long version, String accessKeyId) {
    return accessKeys.get(version, accessKeyId, store.accessKeys()::accessKey);
  }

  /** The STS session of a temporary access key id, as of {@code version} or newer. */
  @Override
  public Optional<StsSession> session(long version, String accessKeyId) {
    return sessions.get(version, accessKeyId, store.sessions()::session);
  }

  /** The user of {@code accountId} with this id, as of {@code version} or newer. */
  @Override
  public Optional<User> userById(long version, String accountId, String userId) {
    return usersById.get(version, accountId + " " + userId, k -> store.users().userById(accountId, userId));
  }

  /** The role of {@code accountId} with this id, as of {@code version} or newer. */
  @Override
  public Optional<Role> roleById(long version, String accountId, String roleId) {
    return rolesById.get(version, accountId + " " + roleId, k -> store.roles().roleById(accountId, roleId));
  }

  /**
   * Puts the tags of the IAM entity {@code resource} names into {@code ctx} as IAM does for calls
   * on it: {@code aws:ResourceTag/*} for users, roles and customer managed policies, and
   * {@code iam:ResourceTag/*} for users and roles (Service Authorization Reference, IAM resource
   * types); nothing for other resources or an entity that does not exist (yet: CreateUser is
   * authorized on the ARN of the user it creates). Keys already in {@code ctx} stay.
   */
  void putResourceTags(RequestContext.Builder ctx, long version, String accountId, String action, String resource) {
    resourceTagKeys(version, accountId, resource).forEach((k, v) -> {
      if (!k.equals(PERMISSIONS_BOUNDARY)) {
        ctx.putIfAbsent(k, v);
      }
    });
    if (fillsBoundary(action)) {
      putPermissionsBoundary(ctx, version, accountId, resource);
    }
  }

  private boolean fillsBoundary(String action) {
    // the catalog's own spelling first, as nearly every caller writes it: no lower-case copy per call
    Boolean fills = fillsBoundary.get(action);
    if (fills != null) {
      return fills;
    }
    String a = action.toLowerCase(java.util.Locale.ROOT);
    fills = fillsBoundary.get(a);
    if (fills == null) {
      var def = catalog.action(a);
      fills = def.map(d -> catalog.conditionKeysFor(d).contains(PERMISSIONS_BOUNDARY)).orElse(false);
      if (def.isPresent()) {
        // only the catalog's actions, under two spellings each: a caller's made-up names or other
        // spellings are not kept (each case variant kept would let a caller grow the map at will)
        fillsBoundary.put(a, fills);
        fillsBoundary.put(def.get().fullName(), fills);
      }
    }
    return fills;
  }

  private final dev.iamlocal.catalog.ServiceCatalog catalog = dev.iamlocal.catalog.ServiceCatalog.bundled();
  /** Per action (lower case, and as the catalog spells it): whether the service reference lists iam:PermissionsBoundary for it. */
  private final Map<String, Boolean> fillsBoundary = new java.util.concurrent.ConcurrentHashMap<>();

  /** The condition key of a user's or role's permissions boundary. */
  static final String PERMISSIONS_BOUNDARY = "iam:PermissionsBoundary";

  /**
   * Puts {@code iam:PermissionsBoundary}, the boundary the IAM user or role {@code resource} has
   * now, unless the context has the key already. IAM fills it for the actions on an existing user
   * or role that the service reference lists with the key (AttachUserPolicy, PutRolePolicy,
   * DeleteRole, …): a delegated administrator's "only on users that have boundary X" (or "only on
   * users without a boundary", {@code Null}) depends on it.
   */
  private void putPermissionsBoundary(RequestContext.Builder ctx, long version, String accountId, String resource) {
    String boundary = resourceTagKeys(version, accountId, resource).get(PERMISSIONS_BOUNDARY);
    if (boundary != null) {
      ctx.putIfAbsent(PERMISSIONS_BOUNDARY, boundary);
    }
  }

  /** The context keys of {@link #putResourceTags}, as of {@code version} or newer. */
  private Map<String, String> resourceTagKeys(long version, String accountId, String arn) {
    String prefix = "arn:aws:iam::" + accountId + ":";
    if (!arn.startsWith(prefix)) {
      return Map.of();
    }
    String rest = arn.substring(prefix.length());
    String kind = rest.startsWith("user/") ? "user" : rest.startsWith("role/") ? "role"
        : rest.startsWith("policy/") ? "policy" : null;
    if (kind == null) {
      return Map.of();
    }
    return resourceTags.get(version, arn, k -> {
      Map<String, String> tags;
      try {
        // users and roles are addressed by name (the last path segment), policies by ARN
        tags = store.tags().tagsOf(accountId, kind, kind.equals("policy") ? arn : rest.substring(rest.lastIndexOf('/') + 1));
      } catch (IamException e) {
        return Map.of();
      }
      Map<String, String> keys = new LinkedHashMap<>();
      if (!kind.equals("policy")) {
        String name = rest.substring(rest.lastIndexOf('/') + 1);
        try {
          String boundary = kind.equals("user") ? store.users().getUser(accountId, name).permissionsBoundaryArn()
              : store.roles().getRole(accountId, name).permissionsBoundaryArn();
          if (boundary != null) {
            keys.put(PERMISSIONS_BOUNDARY, boundary);
          }
        } catch (IamException e) {
          // gone meanwhile: no boundary to report
        }
      }
      tags.forEach((t, v) -> {
        keys.put("aws:ResourceTag/" + t, v);
        if (!kind.equals("policy")) {
          keys.put("iam:ResourceTag/" + t, v);
        }
      });
      return Map.copyOf(keys);
    });
  }

  /** The caller's subject and compiled policy set, or empty for the root user (not evaluated). */
  Optional<Compiled> compiledOfCaller(Caller c) {
    if (c.isRoot()) {
      // the root user, with its long-term key or GetSessionToken credentials: never evaluated
      return Optional.empty();
    }
    String key = c.isSession() ? "session " + c.session().accessKeyId() : c.arn();
    return Optional.of(compiled.get(c.storeVersion(), key, k -> Compiled.of(ofCaller(c).orElseThrow())));
  }

  /**
   * A subject and its compiled policy set, built by {@code build} unless cached at {@code version}
   * or newer under {@code key} (name keys so they do not collide with callers' ARNs, e.g.
   * {@code "principal " + arn}).
   */
  public Compiled compiled(long version, String key, Supplier<Subject> build) {
    return compiled.get(version, key, k -> Compiled.of(build.get()));
  }

  /**
   * A stored user's, role's or group's subject and compiled policy set, cached as
   * {@code POST /v1/authorize} caches the principals it is asked about.
   *
   * @param kind {@code user}, {@code role} or {@code group} (a group's own policies, the group
   *     standing in as the principal)
   */
  Compiled compiledOfStored(long version, String accountId, String kind, String name) {
    return switch (kind) {
      case "user" -> {
        User u = store.users().getUser(accountId, name);
        yield compiled(version, "principal " + u.arn(), () -> ofUser(u));
      }
      case "role" -> {
        Role r = store.roles().getRole(accountId, name);
        yield compiled(version, "principal " + r.arn(), () -> ofRole(r));
      }
      case "group" -> {
        Group g = store.groups().getGroup(accountId, name);
        yield compiled(version, "group " + g.arn(), () -> ofGroup(g));
      }
      default -> throw new IllegalArgumentException("expected user, role or group: " + kind);
    };
  }

  /** A user evaluated as itself, read afresh. */
  public Subject ofUser(User u) {
    return new Subject(new Principal(Principal.Kind.USER, u.arn(), u.accountId(), u.arn(), u.name(), null),
        u.userId(), store.tags().userTags(u.accountId(), u.name()), policies(store.users().policiesOfUser(u.accountId(), u.name())),
        boundary(u.accountId(), u.permissionsBoundaryArn()), null, u.arn());
  }

  /** A role evaluated without a session (the role ARN is the principal). */
  public Subject ofRole(Role r) {
    return new Subject(new Principal(Principal.Kind.ASSUMED_ROLE, r.arn(), r.accountId(), r.arn(), r.name(), null),
        r.roleId(), store.tags().tagsOf(r.accountId(), "role", r.name()), policies(store.roles().policiesOfRole(r.accountId(), r.name())),
        boundary(r.accountId(), r.permissionsBoundaryArn()), null, r.arn());
  }

  /**
   * A role session: the role's current policies and boundary, the session's policies, and as
   * principal tags the role's tags overridden by the session tags (as AWS merges them).
   */
  public Subject ofSession(StsSession s, Role r) {
    Map<String, String> tags = new LinkedHashMap<>(store.tags().tagsOf(r.accountId(), "role", r.name()));
    s.tags().forEach((k, v) -> {
      tags.keySet().removeIf(existing -> existing.equalsIgnoreCase(k));
      tags.put(k, v);
    });
    String sessionArn = Arn.of("aws", "sts", "", r.accountId(), "assumed-role/" + r.name() + "/" + s.sessionName())
        .toString();
    return new Subject(new Principal(Principal.Kind.ASSUMED_ROLE, sessionArn, r.accountId(), r.arn(), r.name(),
        s.sessionName()), r.roleId(), tags, policies(store.roles().policiesOfRole(r.accountId(), r.name())),
        boundary(r.accountId(), r.permissionsBoundaryArn()), sessionPolicies(s), r.arn(), s.sourceIdentity());
  }

  /** A group's own policies, with the group as a stand-in principal (simulation only). */
  public Subject ofGroup(Group g) {
    return new Subject(new Principal(Principal.Kind.USER, g.arn(), g.accountId(), g.arn(), g.name(), null),
        g.groupId(), Map.of(), policies(store.groups().policiesOfGroup(g.accountId(), g.name())), null, null, g.arn());
  }

  /** The subject of an authenticated caller, or empty for the root user (who is not evaluated). */
  Optional<Subject> ofCaller(Caller c) {
    if (c.isSession() && !c.session().isRole()) {
      return ofNonRoleSession(c.session());
    }
    if (c.isSession()) {
      Role r = store.roles().roleById(c.session().accountId(), c.session().roleId())
          .orElseThrow(AwsError::invalidClientTokenId);
      return Optional.of(ofSession(c.session(), r));
    }
    if (c.isRoot()) {
      return Optional.empty();
    }
    return Optional.of(ofUser(store.users().getUser(c.accountId(), c.userName())));
  }

  /**
   * The subject of GetSessionToken and GetFederationToken credentials: an IAM user's session is the
   * user, with the user's policies (the session adds only its MFA and time keys, which the pipeline
   * puts); a federated user's session has the federating user's policies and boundary, its passed
   * policies as session policies (none passed grants nothing: the session's permissions are the
   * intersection, AWS's "GetFederationToken" rule) and as principal tags the user's tags overridden
   * by the session's. Root sessions are not evaluated.
   */
  private Optional<Subject> ofNonRoleSession(StsSession s) {
    if ((s.kind() == StsSession.Kind.FEDERATED || s.kind() == StsSession.Kind.DELEGATED)
        && s.roleId().equals(s.accountId())) {
      // federated by the root user, who may do everything: the session policies alone bound it
      List<Policy> session = sessionPolicies(s);
      return Optional.of(new Subject(new Principal(Principal.Kind.FEDERATED_USER, s.assumedRoleArn(), s.accountId(),
          s.assumedRoleArn(), s.sessionName(), null), s.accountId() + ":" + s.sessionName(), s.tags(),
          List.of(parseStored("RootUser", ROOT_EVERYTHING, "root")), null,
          session == null ? List.of(parseStored("NoSessionPolicy", NOTHING, "session")) : session,
          "arn:aws:iam::" + s.accountId() + ":root"));
    }
    User u = store.users().userById(s.accountId(), s.roleId()).orElseThrow(AwsError::invalidClientTokenId);
    return switch (s.kind()) {
      case USER -> Optional.of(ofUser(u));
      case FEDERATED, DELEGATED -> {
        Map<String, String> tags = new LinkedHashMap<>(store.tags().userTags(u.accountId(), u.name()));
        s.tags().forEach((k, v) -> {
          tags.keySet().removeIf(existing -> existing.equalsIgnoreCase(k));
          tags.put(k, v);
        });
        List<Policy> session = sessionPolicies(s);
        yield Optional.of(new Subject(new Principal(Principal.Kind.FEDERATED_USER, s.assumedRoleArn(), s.accountId(),
            s.assumedRoleArn(), s.sessionName(), null), s.accountId() + ":" + s.sessionName(), tags,
            policies(store.users().policiesOfUser(u.accountId(), u.name())), boundary(u.accountId(),
                u.permissionsBoundaryArn()), session == null ? List.of(parseStored("NoSessionPolicy", NOTHING, "session"))
                : session, u.arn()));
      }
      default -> Optional.empty();
    };
  }

  /** An IAM user's subject and compiled policy set, from the same cache as {@link #compiledOfCaller}. */
  Compiled compiledOfUser(String accountId, String userName) {
    User u = store.users().getUser(accountId, userName);
    return compiled.get(u.arn(), k -> Compiled.of(ofUser(u)));
  }

  /** The session policies of {@code s}: its inline policy and its managed policy ARNs. */
  List<Policy> sessionPolicies(StsSession s) {
    if (s.sessionPolicy() == null && s.policyArns().isEmpty()) {
      return null;
    }
    List<Policy> out = new ArrayList<>();
    if (s.sessionPolicy() != null) {
      out.add(parseStored("SessionPolicy", s.sessionPolicy(), "session"));
    }
    for (String arn : s.policyArns()) {
      out.add(parseStored(arn.substring(arn.lastIndexOf('/') + 1),
          store.policies().managedPolicyDocument(s.accountId(), arn).orElse(NOTHING),
          arn.startsWith("arn:aws:iam::aws:") ? "aws-managed" : "user-managed"));
    }
    return out;
  }

  /** The permissions boundary {@code arn} of a user or role of {@code accountId}, or null when it has none. */
  Policy boundary(String accountId, String arn) {
    if (arn == null) {
      return null;
    }
    return parseStored(arn.substring(arn.lastIndexOf('/') + 1),
        store.policies().managedPolicyDocument(accountId, arn).orElse(NOTHING),
        arn.startsWith("arn:aws:iam::aws:") ? "aws-managed" : "user-managed");
  }

  static List<Policy> policies(List<IdentityPolicy> stored) {
    List<Policy> out = new ArrayList<>(stored.size());
    for (IdentityPolicy ip : stored) {
      out.add(parseStored(ip.id(), ip.document(), ip.sourceType()));
    }
    return out;
  }

  /** Stored documents were validated on write; one that no longer parses grants nothing (fail closed). */
  public static Policy parseStored(String id, String document, String sourceType) {
    PolicyParser.Result r = PolicyParser.parseLenient(document);
    return new Policy(id, r.ok() ? r.document() : PolicyParser.parse(NOTHING), sourceType);
  }
}
