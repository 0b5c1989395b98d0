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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The repository of IAM instance profiles and the roles in them.
 *
 * <p>Every method is one transaction of the store's {@link Jdbc} helper; every query of one
 * account's data takes its {@code accountId}. Obtained from {@link IamStore}; thread-safe.
 */
public final class InstanceProfiles extends Repository {

  /** Quota: instance profiles per account (GetAccountSummary's InstanceProfilesQuota). */
  public static final int PROFILES_PER_ACCOUNT = 1000;
  /** Quota: roles per instance profile. */
  public static final int ROLES_PER_PROFILE = 1;
  /** The entity type of instance profiles in the tags table (its column holds 8 characters). */
  static final String TAG_KIND = "iprofile";

  InstanceProfiles(Jdbc db, Ids ids, Clock clock, ManagedPolicies awsManaged) {
    super(db, ids, clock, awsManaged);
  }

  /** Creates an instance profile with its tags; {@code path} defaults to {@code /}. */
  public InstanceProfile create(String accountId, String name, String path, Map<String, String> tags) {
    String p = path == null ? "/" : path;
    Tags.checkTagCount(tags == null ? 0 : tags.size(), "InstanceProfile");
    return db.write(c -> {
      if (find(c, accountId, name).isPresent()) {
        throw new IamException.EntityAlreadyExists("Instance Profile " + name + " already exists.");
      }
      if (count(c, "SELECT COUNT(*) FROM instance_profiles WHERE account_id = ?", accountId) >= PROFILES_PER_ACCOUNT) {
        throw new IamException.LimitExceeded("Cannot exceed quota for InstanceProfilesPerAccount: "
            + PROFILES_PER_ACCOUNT);
      }
      InstanceProfile ip = new InstanceProfile(accountId, ids.id("AIPA"), name, p, now(), List.of());
      update(c, "INSERT INTO instance_profiles(profile_id, account_id, name, name_key, path, create_date)"
          + " VALUES (?, ?, ?, ?, ?, ?)", ip.profileId(), accountId, name, key(name), p, millis(ip.createDate()));
      Tags.putTags(c, TAG_KIND, ip.profileId(), tags);
      return ip;
    });
  }

  /** The instance profile; {@link IamException.NoSuchEntity} when there is none. */
  public InstanceProfile get(String accountId, String name) {
    return db.read(c -> require(c, accountId, name));
  }

  /** Instance profiles whose path starts with {@code pathPrefix} (all when null), ordered by name. */
  public List<InstanceProfile> listProfiles(String accountId, String pathPrefix) {
    return db.read(c -> withRoles(c, accountId, list(c, COLUMNS + " WHERE account_id = ? ORDER BY name_key",
        InstanceProfiles::row, accountId)))
        .stream().filter(ip -> pathPrefix == null || ip.path().startsWith(pathPrefix)).toList();
  }

  /** The instance profiles holding the role {@code roleName}, ordered by name; NoSuchEntity without the role. */
  public List<InstanceProfile> forRole(String accountId, String roleName) {
    return db.read(c -> {
      Role r = Roles.requireRole(c, accountId, roleName);
      return withRoles(c, accountId, list(c, "SELECT p.account_id, p.profile_id, p.name, p.path, p.create_date"
          + " FROM instance_profiles p JOIN instance_profile_roles x ON x.profile_id = p.profile_id"
          + " WHERE p.account_id = ? AND x.role_id = ? ORDER BY p.name_key", InstanceProfiles::row, accountId,
          r.roleId()));
    });
  }

  /** The instance profiles of every role of the account, by role id, each list ordered by name. */
  public Map<String, List<InstanceProfile>> byRole(String accountId) {
    return db.read(c -> {
      Map<String, List<InstanceProfile>> out = new HashMap<>();
      for (InstanceProfile ip : withRoles(c, accountId, list(c, COLUMNS + " WHERE account_id = ? ORDER BY name_key",
          InstanceProfiles::row, accountId))) {
        for (String roleId : ip.roleIds()) {
          out.computeIfAbsent(roleId, k -> new ArrayList<>()).add(ip);
        }
      }
      return out;
    });
  }

  /** Deletes an instance profile and its tags; {@link IamException.DeleteConflict} while it holds a role. */
  public void delete(String accountId, String name) {
    db.write(c -> {
      InstanceProfile ip = require(c, accountId, name);
      if (!ip.roleIds().isEmpty()) {
        throw new IamException.DeleteConflict("Cannot delete entity, must remove roles from instance profile first.");
      }
      update(c, "DELETE FROM tags WHERE entity_type = ? AND entity_id = ?", TAG_KIND, ip.profileId());
      update(c, "DELETE FROM instance_profiles WHERE account_id = ? AND profile_id = ?", accountId, ip.profileId());
      return null;
    });
  }

  /**
   * Adds a role to an instance profile: NoSuchEntity for either missing (the profile first, as IAM
   * checks), LimitExceeded when the profile holds a role already (the same one included: IAM
   * answers the quota either way).
   */
  public void addRole(String accountId, String profileName, String roleName) {
    db.write(c -> {
      InstanceProfile ip = require(c, accountId, profileName);
      Role r = Roles.requireRole(c, accountId, roleName);
      if (ip.roleIds().size() >= ROLES_PER_PROFILE) {
        throw new IamException.LimitExceeded("Cannot exceed quota for InstanceSessionsPerInstanceProfile: "
            + ROLES_PER_PROFILE);
      }
      update(c, "INSERT INTO instance_profile_roles(profile_id, role_id) VALUES (?, ?)", ip.profileId(), r.roleId());
      return null;
    });
  }

  /** Removes a role from an instance profile; NoSuchEntity when the profile, the role or the membership is missing. */
  public void removeRole(String accountId, String profileName, String roleName) {
    db.write(c -> {
      InstanceProfile ip = require(c, accountId, profileName);
      Role r = Roles.requireRole(c, accountId, roleName);
      if (update(c, "DELETE FROM instance_profile_roles WHERE profile_id = ? AND role_id = ?", ip.profileId(),
          r.roleId()) == 0) {
        throw new IamException.NoSuchEntity("Role " + roleName + " in Instance Profile " + profileName
            + " cannot be found.");
      }
      return null;
    });
  }

  /** Whether the role (by unique id) is in any instance profile (DeleteRole refuses it then). */
  static boolean holdsRole(Connection c, String roleId) throws SQLException {
    return count(c, "SELECT COUNT(*) FROM instance_profile_roles WHERE role_id = ?", roleId) > 0;
  }

  private static final String COLUMNS =
      "SELECT account_id, profile_id, name, path, create_date FROM instance_profiles";

  private static InstanceProfile row(ResultSet rs) throws SQLException {
    return new InstanceProfile(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
        instant(rs.getLong(5)), List.of());
  }

  /** The profiles with their roles, read in one query. */
  private static List<InstanceProfile> withRoles(Connection c, String accountId, List<InstanceProfile> profiles)
      throws SQLException {
    Map<String, List<String>> roles = new HashMap<>();
    for (String[] pr : list(c, "SELECT x.profile_id, x.role_id FROM instance_profile_roles x JOIN instance_profiles p"
        + " ON p.profile_id = x.profile_id WHERE p.account_id = ? ORDER BY x.role_id",
        rs -> new String[] {rs.getString(1), rs.getString(2)}, accountId)) {
      roles.computeIfAbsent(pr[0], k -> new ArrayList<>()).add(pr[1]);
    }
    List<InstanceProfile> out = new ArrayList<>(profiles.size());
    for (InstanceProfile ip : profiles) {
      out.add(new InstanceProfile(ip.accountId(), ip.profileId(), ip.name(), ip.path(), ip.createDate(),
          roles.getOrDefault(ip.profileId(), List.of())));
    }
    return out;
  }

  static Optional<InstanceProfile> find(Connection c, String accountId, String name) throws SQLException {
    Optional<InstanceProfile> ip = one(c, COLUMNS + " WHERE account_id = ? AND name_key = ?", InstanceProfiles::row,
        accountId, key(name));
    if (ip.isEmpty()) {
      return ip;
    }
    List<String> roleIds = list(c, "SELECT role_id FROM instance_profile_roles WHERE profile_id = ? ORDER BY role_id",
        rs -> rs.getString(1), ip.get().profileId());
    InstanceProfile p = ip.get();
    return Optional.of(new InstanceProfile(p.accountId(), p.profileId(), p.name(), p.path(), p.createDate(), roleIds));
  }

  static InstanceProfile require(Connection c, String accountId, String name) throws SQLException {
    return find(c, accountId, name)
        .orElseThrow(() -> new IamException.NoSuchEntity("Instance Profile " + name + " cannot be found."));
  }
}
