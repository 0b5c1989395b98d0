package dev.iamlocal.store;

import static dev.iamlocal.store.Jdbc.count;
import static dev.iamlocal.store.Jdbc.instant;
import static dev.iamlocal.store.Jdbc.key;
import static dev.iamlocal.store.Jdbc.list;
import static dev.iamlocal.store.Jdbc.millis;
import static dev.iamlocal.store.Jdbc.one;
import static dev.iamlocal.store.Jdbc.update;

import dev.iamlocal.catalog.ManagedPolicies;
import dev.iamlocal.catalog.ManagedPolicy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The repository of managed policies: customer managed policies with their versions, the AWS
 * managed catalog, attachments to users, groups and roles, and permissions boundaries;
 * DeletePolicy checks attachments and boundary use, AttachPolicy and SetPermissionsBoundary check
 * both sides, each in one transaction.
 *
 * <p>Every method is one transaction of the store's {@link Jdbc} helper; every query of one
 * account's data takes its {@code accountId}. Obtained from {@link IamStore}; thread-safe.
 */
public final class Policies extends Repository {

  /** Quota: customer managed policy document size, non-whitespace characters (spec §13). */
  public static final int MANAGED_POLICY_SIZE = 6144;

  /** Quota: stored versions per managed policy. */
  public static final int POLICY_VERSIONS = 5;

  /** Quota: customer managed policies per account. */
  public static final int POLICIES_PER_ACCOUNT = 1500;

  Policies(Jdbc db, Ids ids, Clock clock, ManagedPolicies awsManaged) {
    super(db, ids, clock, awsManaged);
  }

  /** Creates a customer managed policy with version {@code v1} as its default. */
  public CustomerPolicy createPolicy(String accountId, String name, String path, String description, String document) {
    return createPolicy(accountId, name, path, description, document, Map.of());
  }

  /** As {@link #createPolicy(String, String, String, String, String)}, tagged in the same transaction. */
  public CustomerPolicy createPolicy(String accountId, String name, String path, String description, String document,
      Map<String, String> tags) {
    String p = path == null ? "/" : path;
    checkManagedSize(document);
    Tags.checkTagCount(tags == null ? 0 : tags.size(), "Policy");
    return db.write(c -> {
      if (count(c, "SELECT COUNT(*) FROM policies WHERE account_id = ? AND name_key = ?", accountId, key(name)) > 0) {
        throw new IamException.EntityAlreadyExists(
            "A policy called " + name + " already exists. Duplicate names are not allowed.");
      }
      if (count(c, "SELECT COUNT(*) FROM policies WHERE account_id = ?", accountId) >= POLICIES_PER_ACCOUNT) {
        throw new IamException.LimitExceeded("Cannot exceed quota for PoliciesPerAccount: " + POLICIES_PER_ACCOUNT);
      }
      Instant now = now();
      String id = ids.id("ANPA");
      String arn = "arn:aws:iam::" + accountId + ":policy" + p + name;
      update(c, "INSERT INTO policies(policy_id, account_id, name, name_key, path, arn, description, default_version,"
          + " next_version, create_date, update_date) VALUES (?, ?, ?, ?, ?, ?, ?, 'v1', 2, ?, ?)", id, accountId, name,
          key(name), p, arn, description, millis(now), millis(now));
      update(c, "INSERT INTO policy_versions(policy_id, version_id, document, create_date) VALUES (?, 'v1', ?, ?)",
          id, document, millis(now));
      Tags.putTags(c, "policy", id, tags);
      return new CustomerPolicy(accountId, id, name, p, arn, description, "v1", 0, now, now);
    });
  }

  /**
   * The customer managed policy of {@code accountId} with this ARN; {@link IamException.NoSuchEntity}
   * when the account has none (another account's policy included).
   */
  public CustomerPolicy getPolicy(String accountId, String arn) {
    return db.read(c -> requirePolicy(c, accountId, arn));
  }

  /** The customer managed policies of the account, ordered by name. */
  public List<CustomerPolicy> listPolicies(String accountId) {
    return db.read(c -> list(c, POLICY_COLUMNS + " WHERE p.account_id = ? ORDER BY p.name_key", Policies::policyRow,
        accountId));
  }

  /** One version of a customer managed policy. */
  public StoredPolicyVersion getPolicyVersion(String accountId, String arn, String versionId) {
    return db.read(c -> {
      CustomerPolicy p = requirePolicyOfVersion(c, accountId, arn, versionId);
      return one(c, "SELECT version_id, document, create_date FROM policy_versions WHERE policy_id = ? AND version_id = ?",
          rs -> new StoredPolicyVersion(rs.getString(1), rs.getString(2), rs.getString(1).equals(p.defaultVersionId()),
              instant(rs.getLong(3))), p.policyId(), versionId)
          .orElseThrow(() -> new IamException.NoSuchEntity(
              "Policy " + arn + " version " + versionId + " does not exist or is not attachable."));
    });
  }

  /**
   * Adds a version (at most {@value #POLICY_VERSIONS} are kept; IAM refuses a sixth rather than
   * dropping one), optionally making it the default.
   */
  public StoredPolicyVersion createPolicyVersion(String accountId, String arn, String document, boolean setAsDefault) {
    checkManagedSize(document);
    return db.write(c -> {
      CustomerPolicy p = requirePolicy(c, accountId, arn);
      if (count(c, "SELECT COUNT(*) FROM policy_versions WHERE policy_id = ?", p.policyId()) >= POLICY_VERSIONS) {
        throw new IamException.LimitExceeded("A managed policy can have up to " + POLICY_VERSIONS
            + " versions. Before you create a new version, you must delete an existing version.");
      }
      int next = count(c, "SELECT next_version FROM policies WHERE policy_id = ?", p.policyId());
      String v = "v" + next;
      Instant now = now();
      update(c, "INSERT INTO policy_versions(policy_id, version_id, document, create_date) VALUES (?, ?, ?, ?)",
          p.policyId(), v, document, millis(now));
      update(c, "UPDATE policies SET next_version = ?, update_date = ?" + (setAsDefault ? ", default_version = ?" : "")
          + " WHERE policy_id = ?", setAsDefault
          ? new Object[] {next + 1, millis(now), v, p.policyId()} : new Object[] {next + 1, millis(now), p.policyId()});
      return new StoredPolicyVersion(v, document, setAsDefault, now);
    });
  }

  /** The versions of a customer managed policy, newest first (as IAM lists them). */
  public List<StoredPolicyVersion> listPolicyVersions(String accountId, String arn) {
    return db.read(c -> {
      CustomerPolicy p = requirePolicy(c, accountId, arn);
      List<StoredPolicyVersion> all = list(c, "SELECT version_id, document, create_date FROM policy_versions"
          + " WHERE policy_id = ?", rs -> new StoredPolicyVersion(rs.getString(1), rs.getString(2),
              rs.getString(1).equals(p.defaultVersionId()), instant(rs.getLong(3))), p.policyId());
      List<StoredPolicyVersion> sorted = new ArrayList<>(all);
      sorted.sort((a, b) -> Integer.compare(Integer.parseInt(b.versionId().substring(1)),
          Integer.parseInt(a.versionId().substring(1))));
      return sorted;
    });
  }

  /** Deletes a non-default version. */
  public void deletePolicyVersion(String accountId, String arn, String versionId) {
    db.write(c -> {
      CustomerPolicy p = requirePolicyOfVersion(c, accountId, arn, versionId);
      if (versionId.equals(p.defaultVersionId())) {
        throw new IamException.DeleteConflict("Cannot delete the default version of a policy.");
      }
      if (update(c, "DELETE FROM policy_versions WHERE policy_id = ? AND version_id = ?", p.policyId(), versionId) == 0) {
        throw new IamException.NoSuchEntity("Policy " + arn + " version " + versionId
            + " does not exist or is not attachable.");
      }
      return null;
    });
  }

  /** Makes an existing version the default. */
  public void setDefaultPolicyVersion(String accountId, String arn, String versionId) {
    db.write(c -> {
      CustomerPolicy p = requirePolicyOfVersion(c, accountId, arn, versionId);
      if (count(c, "SELECT COUNT(*) FROM policy_versions WHERE policy_id = ? AND version_id = ?", p.policyId(),
          versionId) == 0) {
        throw new IamException.NoSuchEntity("Policy " + arn + " version " + versionId
            + " does not exist or is not attachable.");
      }
      update(c, "UPDATE policies SET default_version = ?, update_date = ? WHERE policy_id = ?", versionId,
          millis(now()), p.policyId());
      return null;
    });
  }

  /**
   * Deletes a customer managed policy. As IAM: refused while it is attached or is a user's or
   * role's permissions boundary (IAM answers both "Cannot delete a policy attached to entities.",
   * gruntwork-io/cloud-nuke issue 972), or while it has versions other than the default (which goes
   * with the policy). A boundary whose policy is gone would leave its users and roles unbounded.
   */
  public void deletePolicy(String accountId, String arn) {
    db.write(c -> {
      CustomerPolicy p = requirePolicy(c, accountId, arn);
      if (p.attachmentCount() > 0 || p.permissionsBoundaryUsageCount() > 0) {
        throw new IamException.DeleteConflict("Cannot delete a policy attached to entities.");
      }
      if (count(c, "SELECT COUNT(*) FROM policy_versions WHERE policy_id = ?", p.policyId()) > 1) {
        throw new IamException.DeleteConflict("This policy has more than one version. Before you delete a policy,"
            + " you must delete the policy's versions. The default version is deleted with the policy.");
      }
      update(c, "DELETE FROM policy_versions WHERE policy_id = ?", p.policyId());
      update(c, "DELETE FROM tags WHERE entity_type = 'policy' AND entity_id = ?", p.policyId());
      update(c, "DELETE FROM policies WHERE policy_id = ?", p.policyId());
      return null;
    });
  }

  private static final String POLICY_COLUMNS = "SELECT p.account_id, p.policy_id, p.name, p.path, p.arn, p.description,"
      + " p.default_version, (SELECT COUNT(*) FROM attachments a WHERE a.policy_arn = p.arn), p.create_date,"
      + " p.update_date, (SELECT COUNT(*) FROM users u WHERE u.boundary_arn = p.arn)"
      + " + (SELECT COUNT(*) FROM roles r WHERE r.boundary_arn = p.arn) FROM policies p";

  private static CustomerPolicy policyRow(ResultSet rs) throws SQLException {
    return new CustomerPolicy(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getString(7), rs.getInt(8), instant(rs.getLong(9)), instant(rs.getLong(10)),
        rs.getInt(11));
  }

  static CustomerPolicy requirePolicy(Connection c, String accountId, String arn) throws SQLException {
    return one(c, POLICY_COLUMNS + " WHERE p.account_id = ? AND p.arn = ?", Policies::policyRow, accountId, arn)
        .orElseThrow(() -> new IamException.NoSuchEntity("Policy " + arn + " was not found."));
  }

  /**
   * The policy of a version operation: a missing policy is reported as its version, as IAM answers
   * GetPolicyVersion and SetDefaultPolicyVersion ("Policy … version v1 does not exist or is not
   * attachable.", AWS's recorded answers).
   */
  private static CustomerPolicy requirePolicyOfVersion(Connection c, String accountId, String arn, String versionId)
      throws SQLException {
    return one(c, POLICY_COLUMNS + " WHERE p.account_id = ? AND p.arn = ?", Policies::policyRow, accountId, arn)
        .orElseThrow(() -> new IamException.NoSuchEntity("Policy " + arn + " version " + versionId
            + " does not exist or is not attachable."));
  }

  private static void checkManagedSize(String document) {
    if (nonWhitespaceLength(document) > MANAGED_POLICY_SIZE) {
      throw new IamException.LimitExceeded("Cannot exceed quota for PolicySize: " + MANAGED_POLICY_SIZE);
    }
  }

  /** Policy size as IAM counts it for quotas: characters other than whitespace (spec §1, §13). */
  public static int nonWhitespaceLength(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (!Character.isWhitespace(s.charAt(i))) {
        n++;
      }
    }
    return n;
  }

  /**
   * Attaches a managed policy (customer managed of this account, or AWS managed from the bundled
   * catalog) to a user, group or role. Attaching twice is a no-op, as in IAM.
   */
  public void attachPolicy(String accountId, EntityType type, String entityName, String policyArn) {
    db.write(c -> {
      String entityId = InlinePolicies.requireEntityId(c, accountId, type, entityName);
      if (!managedPolicyExists(c, accountId, policyArn)) {
        throw new IamException.NoSuchEntity("Policy " + policyArn + " does not exist or is not attachable.");
      }
      if (count(c, "SELECT COUNT(*) FROM attachments WHERE entity_type = ? AND entity_id = ? AND policy_arn = ?",
          type.word(), entityId, policyArn) > 0) {
        return null;
      }
      if (count(c, "SELECT COUNT(*) FROM attachments WHERE entity_type = ? AND entity_id = ?", type.word(), entityId)
          >= type.managedAttachLimit()) {
        throw new IamException.LimitExceeded(
            "Cannot exceed quota for PoliciesPer" + type.title() + ": " + type.managedAttachLimit());
      }
      // attachment order is the entity's own sequence, not a clock: nodes' clocks (and JVMs'
      // nanoTime origins) differ; writers are serialized by the change counter, so MAX + 1 is exact
      update(c, "INSERT INTO attachments(entity_type, entity_id, policy_arn, attach_seq)"
          + " SELECT ?, ?, ?, COALESCE(MAX(attach_seq), 0) + 1 FROM attachments WHERE entity_type = ? AND entity_id = ?",
          type.word(), entityId, policyArn, type.word(), entityId);
      return null;
    });
  }

  /** Detaches a managed policy; {@link IamException.NoSuchEntity} when it is not attached. */
  public void detachPolicy(String accountId, EntityType type, String entityName, String policyArn) {
    db.write(c -> {
      String entityId = InlinePolicies.requireEntityId(c, accountId, type, entityName);
      if (update(c, "DELETE FROM attachments WHERE entity_type = ? AND entity_id = ? AND policy_arn = ?",
          type.word(), entityId, policyArn) == 0) {
        throw new IamException.NoSuchEntity("Policy " + policyArn + " was not found.");
      }
      return null;
    });
  }

  /** ARNs of the managed policies attached to the entity, in the order they were attached. */
  public List<String> attachedPolicies(String accountId, EntityType type, String entityName) {
    return db.read(c -> list(c, "SELECT policy_arn FROM attachments WHERE entity_type = ? AND entity_id = ?"
        + " ORDER BY attach_seq", rs -> rs.getString(1), type.word(),
        InlinePolicies.requireEntityId(c, accountId, type, entityName)));
  }

  /**
   * How many users, groups and roles of {@code accountId} each managed policy (customer or AWS) is
   * attached to: another account's attachments of an AWS managed policy are not counted.
   */
  public Map<String, Integer> attachmentCounts(String accountId) {
    return db.read(c -> {
      Map<String, Integer> out = new LinkedHashMap<>();
      for (Object[] row : list(c, "SELECT a.policy_arn, COUNT(*) FROM attachments a WHERE " + ATTACHMENT_IN_ACCOUNT
          + " GROUP BY a.policy_arn", rs -> new Object[] {rs.getString(1), rs.getInt(2)}, accountId, accountId,
          accountId)) {
        out.put((String) row[0], (Integer) row[1]);
      }
      return out;
    });
  }

  /** An attachment {@code a} whose user, group or role belongs to the account bound three times. */
  private static final String ATTACHMENT_IN_ACCOUNT =
      "(a.entity_type = 'user' AND a.entity_id IN (SELECT user_id FROM users WHERE account_id = ?)"
      + " OR a.entity_type = 'group' AND a.entity_id IN (SELECT group_id FROM iam_groups WHERE account_id = ?)"
      + " OR a.entity_type = 'role' AND a.entity_id IN (SELECT role_id FROM roles WHERE account_id = ?))";

  /** Users, groups and roles a managed policy (customer or AWS) is attached to, by type then name. */
  public List<PolicyEntity> entitiesForPolicy(String accountId, String arn) {
    return entitiesForPolicy(accountId, arn, true, false);
  }

  /**
   * Users, groups and roles of {@code accountId} that use a managed policy (customer or AWS), by
   * type (groups, users, roles) then name, each once: those it is attached to when
   * {@code attached}, those whose permissions boundary it is when {@code boundary} (ListEntitiesForPolicy's
   * PolicyUsageFilter PermissionsPolicy and PermissionsBoundary; without the filter, both).
   * NoSuchEntity "Policy … does not exist or is not attachable." when there is no such policy, as
   * IAM answers ListEntitiesForPolicy.
   */
  public List<PolicyEntity> entitiesForPolicy(String accountId, String arn, boolean attached, boolean boundary) {
    return db.read(c -> {
      if (!managedPolicyExists(c, accountId, arn)) {
        throw new IamException.NoSuchEntity("Policy " + arn + " does not exist or is not attachable.");
      }
      List<PolicyEntity> out = new ArrayList<>();
      if (attached) {
        out.addAll(list(c, "SELECT g.name, g.group_id, g.path FROM iam_groups g JOIN attachments a ON a.entity_id ="
            + " g.group_id AND a.entity_type = 'group' WHERE a.policy_arn = ? AND g.account_id = ? ORDER BY g.name_key",
            rs -> new PolicyEntity(EntityType.GROUP, rs.getString(1), rs.getString(2), rs.getString(3)), arn,
            accountId));
      }
      // a user or role once, whether the policy is attached, its boundary, or both
      String userUse = (attached ? "u.user_id IN (SELECT a.entity_id FROM attachments a WHERE a.entity_type = 'user'"
          + " AND a.policy_arn = ?)" : "1 = 0") + (boundary ? " OR u.boundary_arn = ?" : "");
      String roleUse = (attached ? "r.role_id IN (SELECT a.entity_id FROM attachments a WHERE a.entity_type = 'role'"
          + " AND a.policy_arn = ?)" : "1 = 0") + (boundary ? " OR r.boundary_arn = ?" : "");
      Object[] args = attached && boundary ? new Object[] {accountId, arn, arn}
          : new Object[] {accountId, arn};
      out.addAll(list(c, "SELECT u.name, u.user_id, u.path FROM users u WHERE u.account_id = ? AND (" + userUse
          + ") ORDER BY u.name_key",
          rs -> new PolicyEntity(EntityType.USER, rs.getString(1), rs.getString(2), rs.getString(3)), args));
      out.addAll(list(c, "SELECT r.name, r.role_id, r.path FROM roles r WHERE r.account_id = ? AND (" + roleUse
          + ") ORDER BY r.name_key",
          rs -> new PolicyEntity(EntityType.ROLE, rs.getString(1), rs.getString(2), rs.getString(3)), args));
      return out;
    });
  }

  /** How many users and roles of {@code accountId} use each managed policy as their permissions boundary. */
  public Map<String, Integer> boundaryUsageCounts(String accountId) {
    return db.read(c -> {
      Map<String, Integer> out = new LinkedHashMap<>();
      for (String arn : list(c, "SELECT boundary_arn FROM users WHERE account_id = ? AND boundary_arn IS NOT NULL"
          + " UNION ALL SELECT boundary_arn FROM roles WHERE account_id = ? AND boundary_arn IS NOT NULL",
          rs -> rs.getString(1), accountId, accountId)) {
        out.merge(arn, 1, Integer::sum);
      }
      return out;
    });
  }

  /**
   * Sets (or, with {@code boundaryArn} null, removes) the permissions boundary of a user or role.
   * The boundary must be an existing managed policy.
   */
  public void setPermissionsBoundary(String accountId, EntityType type, String entityName, String boundaryArn) {
    if (type == EntityType.GROUP) {
      throw new IllegalArgumentException("groups have no permissions boundary");
    }
    db.write(c -> {
      String entityId = InlinePolicies.requireEntityId(c, accountId, type, entityName);
      if (boundaryArn != null) {
        requireBoundaryPolicy(c, accountId, boundaryArn);
      }
      update(c, type == EntityType.USER ? "UPDATE users SET boundary_arn = ? WHERE user_id = ?"
          : "UPDATE roles SET boundary_arn = ? WHERE role_id = ?", boundaryArn, entityId);
      return null;
    });
  }

  void requireBoundaryPolicy(Connection c, String accountId, String arn) throws SQLException {
    if (!managedPolicyExists(c, accountId, arn)) {
      throw new IamException.NoSuchEntity("Scope ARN: " + arn + " does not exist or is not attachable.");
    }
  }

  boolean managedPolicyExists(Connection c, String accountId, String arn) throws SQLException {
    if (arn.startsWith("arn:aws:iam::aws:policy/")) {
      return awsManaged.byArn(arn).filter(p -> p.arn().equals(arn)).isPresent();
    }
    return count(c, "SELECT COUNT(*) FROM policies WHERE account_id = ? AND arn = ?", accountId, arn) > 0;
  }

  /**
   * The default version's document of a managed policy (AWS managed, or customer managed of
   * {@code accountId}), if the policy exists; empty for another account's policy.
   */
  public Optional<String> managedPolicyDocument(String accountId, String arn) {
    if (arn.startsWith("arn:aws:iam::aws:policy/")) {
      return awsManaged.byArn(arn).filter(p -> p.arn().equals(arn)).map(ManagedPolicy::document);
    }
    return db.read(c -> customerPolicyDocument(c, accountId, arn));
  }

  private static Optional<String> customerPolicyDocument(Connection c, String accountId, String arn)
      throws SQLException {
    return one(c, "SELECT v.document FROM policies p JOIN policy_versions v ON v.policy_id = p.policy_id"
        + " AND v.version_id = p.default_version WHERE p.account_id = ? AND p.arn = ?", rs -> rs.getString(1),
        accountId, arn);
  }

  void addAttached(Connection c, String accountId, EntityType type, String entityId,
      List<IdentityPolicy> out, Map<String, Boolean> seen) throws SQLException {
    List<String> arns = list(c, "SELECT policy_arn FROM attachments WHERE entity_type = ? AND entity_id = ?"
        + " ORDER BY attach_seq", rs -> rs.getString(1), type.word(), entityId);
    for (String arn : arns) {
      if (seen.putIfAbsent(arn, Boolean.TRUE) != null) {
        continue;
      }
      String name = arn.substring(arn.lastIndexOf('/') + 1);
      if (arn.startsWith("arn:aws:iam::aws:policy/")) {
        Optional<ManagedPolicy> mp = awsManaged.byArn(arn);
        if (mp.isPresent()) {
          out.add(new IdentityPolicy(name, "aws-managed", arn, mp.get().document()));
        }
      } else {
        Optional<String> doc = customerPolicyDocument(c, accountId, arn);
        doc.ifPresent(d -> out.add(new IdentityPolicy(name, "user-managed", arn, d)));
      }
    }
  }
}
