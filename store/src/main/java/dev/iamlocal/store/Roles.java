package dev.iamlocal.store;

import static dev.iamlocal.store.Jdbc.count;
import static dev.iamlocal.store.Jdbc.instant;
import static dev.iamlocal.store.Jdbc.key;
import static dev.iamlocal.store.Jdbc.list;
import static dev.iamlocal.store.Jdbc.millis;
import static dev.iamlocal.store.Jdbc.one;
import static dev.iamlocal.store.Jdbc.update;

import dev.iamlocal.catalog.ManagedPolicies;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The repository of IAM roles with their trust policies, whose user and role principals are bound
 * to unique ids; DeleteRole checks the role's policies and drops its sessions in its one
 * transaction.
 *
 * <p>Every method is one transaction of the store's {@link Jdbc} helper; every query of one
 * account's data takes its {@code accountId}. Obtained from {@link IamStore}; thread-safe.
 */
public final class Roles extends Repository {

  private final Policies policies;

  Roles(Jdbc db, Ids ids, Clock clock, ManagedPolicies awsManaged, Policies policies) {
    super(db, ids, clock, awsManaged);
    this.policies = policies;
  }

  /** Creates a role with its trust policy; {@code maxSessionDuration} defaults to 3600 seconds. */
  public Role createRole(String accountId, String name, String path, String description, String trustPolicy,
      Integer maxSessionDuration) {
    return createRole(accountId, name, path, description, trustPolicy, maxSessionDuration, null, null);
  }

  /**
   * Creates a role with tags and (when {@code boundaryArn} is not null) a permissions boundary, in
   * one transaction: the boundary must be an existing managed policy (AWS managed or of this
   * account), else nothing is created ({@link IamException.NoSuchEntity}).
   */
  public Role createRole(String accountId, String name, String path, String description, String trustPolicy,
      Integer maxSessionDuration, String boundaryArn, Map<String, String> tags) {
    String p = path == null ? "/" : path;
    int max = maxSessionDuration == null ? 3600 : maxSessionDuration;
    if (max < 3600 || max > 43200) {
      throw new IamException.InvalidInput("The requested MaxSessionDuration " + max
          + " is invalid. It must be between 3600 and 43200 seconds.");
    }
    Tags.checkTagCount(tags == null ? 0 : tags.size(), "Role");
    return db.write(c -> {
      if (findRole(c, accountId, name).isPresent()) {
        throw new IamException.EntityAlreadyExists("Role with name " + name + " already exists.");
      }
      if (boundaryArn != null) {
        policies.requireBoundaryPolicy(c, accountId, boundaryArn);
      }
      Role r = new Role(accountId, ids.id("AROA"), name, p, description, trustPolicy, max, boundaryArn, now());
      // before the role exists: a trust policy naming the role itself names no entity yet
      List<Binding> bindings = bindings(c, trustPolicy, null);
      update(c, "INSERT INTO roles(role_id, account_id, name, name_key, path, description, trust_policy,"
          + " max_session_duration, boundary_arn, create_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", r.roleId(),
          accountId, name, key(name), p, description, trustPolicy, max, boundaryArn, millis(r.createDate()));
      saveBindings(c, accountId, r.roleId(), bindings);
      Tags.putTags(c, "role", r.roleId(), tags);
      return r;
    });
  }

  /** The role; {@link IamException.NoSuchEntity} when there is none. */
  public Role getRole(String accountId, String name) {
    return db.read(c -> resolved(c, requireRole(c, accountId, name)));
  }

  /** Roles whose path starts with {@code pathPrefix} (all when null), ordered by name. */
  public List<Role> listRoles(String accountId, String pathPrefix) {
    return db.read(c -> resolved(c, accountId, list(c, "SELECT account_id, role_id, name, path, description,"
        + " trust_policy, max_session_duration, boundary_arn, create_date FROM roles WHERE account_id = ?"
        + " ORDER BY name_key", Roles::roleRow, accountId)))
        .stream().filter(r -> pathPrefix == null || r.path().startsWith(pathPrefix)).toList();
  }

  /** The role of {@code accountId} with this unique id, if any. */
  public Optional<Role> roleById(String accountId, String roleId) {
    return db.read(c -> {
      Optional<Role> r = one(c, "SELECT account_id, role_id, name, path, description, trust_policy,"
          + " max_session_duration, boundary_arn, create_date FROM roles WHERE account_id = ? AND role_id = ?",
          Roles::roleRow, accountId, roleId);
      return r.isPresent() ? Optional.of(resolved(c, r.get())) : r;
    });
  }

  /** Changes a role's description and/or maximum session duration (null = unchanged). */
  public Role updateRole(String accountId, String name, String description, Integer maxSessionDuration) {
    if (maxSessionDuration != null && (maxSessionDuration < 3600 || maxSessionDuration > 43200)) {
      throw new IamException.InvalidInput("The requested MaxSessionDuration " + maxSessionDuration
          + " is invalid. It must be between 3600 and 43200 seconds.");
    }
    return db.write(c -> {
      Role r = requireRole(c, accountId, name);
      if (description != null) {
        update(c, "UPDATE roles SET description = ? WHERE role_id = ?", description, r.roleId());
      }
      if (maxSessionDuration != null) {
        update(c, "UPDATE roles SET max_session_duration = ? WHERE role_id = ?", maxSessionDuration, r.roleId());
      }
      return resolved(c, requireRole(c, accountId, name));
    });
  }

  /**
   * Replaces a role's trust policy, binding the users and roles it names to their unique ids;
   * MalformedPolicyDocument ("Invalid principal in policy: …") when one does not exist.
   */
  public void updateAssumeRolePolicy(String accountId, String name, String trustPolicy) {
    db.write(c -> {
      Role r = requireRole(c, accountId, name);
      List<Binding> bindings = bindings(c, trustPolicy, null);
      update(c, "UPDATE roles SET trust_policy = ? WHERE account_id = ? AND role_id = ?", trustPolicy, accountId,
          r.roleId());
      saveBindings(c, accountId, r.roleId(), bindings);
      return null;
    });
  }

  /** Deletes a role; {@link IamException.DeleteConflict} while it has inline or attached policies. */
  public void deleteRole(String accountId, String name) {
    db.write(c -> {
      Role r = requireRole(c, accountId, name);
      if (InstanceProfiles.holdsRole(c, r.roleId())) {
        throw new IamException.DeleteConflict("Cannot delete entity, must remove roles from instance profile first.");
      }
      if (count(c, "SELECT COUNT(*) FROM inline_policies WHERE entity_type = 'role' AND entity_id = ?", r.roleId()) > 0) {
        throw new IamException.DeleteConflict("Cannot delete entity, must delete policies first.");
      }
      if (count(c, "SELECT COUNT(*) FROM attachments WHERE entity_type = 'role' AND entity_id = ?", r.roleId()) > 0) {
        throw new IamException.DeleteConflict("Cannot delete entity, must detach all policies first.");
      }
      update(c, "DELETE FROM tags WHERE entity_type = 'role' AND entity_id = ?", r.roleId());
      update(c, "DELETE FROM sts_sessions WHERE role_id = ?", r.roleId());
      update(c, "DELETE FROM role_trust_principals WHERE account_id = ? AND role_id = ?", accountId, r.roleId());
      update(c, "DELETE FROM roles WHERE role_id = ?", r.roleId());
      return null;
    });
  }

  /** The role's inline policies (source type {@code role}) then its attached managed policies. */
  public List<IdentityPolicy> policiesOfRole(String accountId, String roleName) {
    return db.read(c -> {
      Role r = requireRole(c, accountId, roleName);
      List<IdentityPolicy> out = new ArrayList<>();
      for (InlinePolicy p : InlinePolicies.inline(c, EntityType.ROLE, r.roleId())) {
        out.add(new IdentityPolicy(p.name(), "role", null, p.document()));
      }
      policies.addAttached(c, accountId, EntityType.ROLE, r.roleId(), out, new LinkedHashMap<>());
      return out;
    });
  }

  /** An IAM user or role a trust policy names, and the unique id it named when the policy was saved. */
  record Binding(TrustPrincipals.Named named, String principalId) {}

  /**
   * The users and roles {@code trustPolicy} names, each bound to the unique id of the entity its
   * ARN names now. A principal that names no entity (no such user or role, another path, another
   * case, an account this store does not hold) is AWS's MalformedPolicyDocument, as IAM refuses
   * it: "Invalid principal in policy: "AWS":"arn:aws:iam::123456789012:user/ghost"". With
   * {@code missing} not null, such a principal is bound to an id from it instead (used only for
   * policies saved before principals were bound: they then name nobody).
   */
  static List<Binding> bindings(Connection c, String trustPolicy, java.util.function.Function<String, String> missing)
      throws SQLException {
    List<Binding> out = new ArrayList<>();
    for (TrustPrincipals.Named n : TrustPrincipals.named(trustPolicy, missing == null)) {
      Optional<String> id = n.type().equals("user")
          ? Users.findUser(c, n.accountId(), n.name()).filter(u -> u.arn().equals(n.arn())).map(User::userId)
          : findRole(c, n.accountId(), n.name()).filter(r -> r.arn().equals(n.arn())).map(Role::roleId);
      if (id.isEmpty() && missing == null) {
        throw TrustPrincipals.invalid(n.arn());
      }
      out.add(new Binding(n, id.isPresent() ? id.get() : missing.apply(n.type().equals("user") ? "AIDA" : "AROA")));
    }
    return out;
  }

  static void saveBindings(Connection c, String accountId, String roleId, List<Binding> bindings) throws SQLException {
    update(c, "DELETE FROM role_trust_principals WHERE account_id = ? AND role_id = ?", accountId, roleId);
    for (Binding b : bindings) {
      update(c, "INSERT INTO role_trust_principals(account_id, role_id, principal, principal_account_id,"
          + " principal_type, principal_id) VALUES (?, ?, ?, ?, ?, ?)", accountId, roleId, b.named().arn(),
          b.named().accountId(), b.named().type(), b.principalId());
    }
  }

  /**
   * The principals bound in the trust policies of {@code accountId}'s roles (of one role when
   * {@code roleId} is not null), each with the current ARN of the entity it is bound to, or null
   * when that entity is gone: the user or role with that unique id, in the principal's account.
   */
  private static final String BOUND_PRINCIPALS = "SELECT t.role_id, t.principal, t.principal_id,"
      + " t.principal_account_id, t.principal_type, u.path, u.name, r.path, r.name FROM role_trust_principals t"
      + " LEFT JOIN users u ON t.principal_type = 'user' AND u.account_id = t.principal_account_id"
      + " AND u.user_id = t.principal_id"
      + " LEFT JOIN roles r ON t.principal_type = 'role' AND r.account_id = t.principal_account_id"
      + " AND r.role_id = t.principal_id"
      + " WHERE t.account_id = ?";

  /** A bound principal as written, and what a reader of the policy sees in its place (null: itself). */
  private record Shown(String roleId, String principal, String replacement) {}

  private static Shown shown(ResultSet rs) throws SQLException {
    String principal = rs.getString(2);
    String type = rs.getString(5);
    String path = type.equals("user") ? rs.getString(6) : rs.getString(8);
    String name = type.equals("user") ? rs.getString(7) : rs.getString(9);
    // IAM's reverse transformation: the id back to its entity's ARN (renamed: the new ARN), or,
    // when the entity is gone, the id itself, which names no principal
    String now = name == null ? rs.getString(3) : "arn:aws:iam::" + rs.getString(4) + ":" + type + path + name;
    return new Shown(rs.getString(1), principal, now.equals(principal) ? null : now);
  }

  /** The role with its trust policy as IAM returns and evaluates it (see {@link Role#trustPolicy()}). */
  private static Role resolved(Connection c, Role r) throws SQLException {
    return withShown(r, list(c, BOUND_PRINCIPALS + " AND t.role_id = ?", Roles::shown, r.accountId(), r.roleId()));
  }

  /** {@link #resolved(Connection, Role)} for roles of {@code accountId}, in one query. */
  private static List<Role> resolved(Connection c, String accountId, List<Role> roles) throws SQLException {
    Map<String, List<Shown>> byRole = new java.util.HashMap<>();
    for (Shown s : list(c, BOUND_PRINCIPALS, Roles::shown, accountId)) {
      byRole.computeIfAbsent(s.roleId(), k -> new ArrayList<>()).add(s);
    }
    List<Role> out = new ArrayList<>(roles.size());
    for (Role r : roles) {
      out.add(withShown(r, byRole.getOrDefault(r.roleId(), List.of())));
    }
    return out;
  }

  private static Role withShown(Role r, List<Shown> shown) {
    Map<String, String> replacements = new LinkedHashMap<>();
    for (Shown s : shown) {
      if (s.replacement() != null) {
        replacements.put(s.principal(), s.replacement());
      }
    }
    if (replacements.isEmpty()) {
      return r;
    }
    return new Role(r.accountId(), r.roleId(), r.name(), r.path(), r.description(),
        TrustPrincipals.rewrite(r.trustPolicy(), replacements), r.maxSessionDuration(), r.permissionsBoundaryArn(),
        r.createDate());
  }

  private static Role roleRow(ResultSet rs) throws SQLException {
    return new Role(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getInt(7), rs.getString(8), instant(rs.getLong(9)));
  }

  static Optional<Role> findRole(Connection c, String accountId, String name) throws SQLException {
    return one(c, "SELECT account_id, role_id, name, path, description, trust_policy, max_session_duration,"
        + " boundary_arn, create_date FROM roles WHERE account_id = ? AND name_key = ?", Roles::roleRow,
        accountId, key(name));
  }

  static Role requireRole(Connection c, String accountId, String name) throws SQLException {
    return findRole(c, accountId, name)
        .orElseThrow(() -> new IamException.NoSuchEntity("The role with name " + name + " cannot be found."));
  }
}
