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
 * The repository of IAM users; DeleteUser checks the user's keys, policies and groups in its one
 * transaction.
 *
 * <p>Every method is one transaction of the store's {@link Jdbc} helper; every query of one
 * account's data takes its {@code accountId}. Obtained from {@link IamStore}; thread-safe.
 */
public final class Users extends Repository {

  private final Policies policies;

  Users(Jdbc db, Ids ids, Clock clock, ManagedPolicies awsManaged, Policies policies) {
    super(db, ids, clock, awsManaged);
    this.policies = policies;
  }

  /** Creates a user; {@code path} defaults to {@code /}. */
  public User createUser(String accountId, String name, String path, Map<String, String> tags) {
    return createUser(accountId, name, path, tags, null);
  }

  /**
   * Creates a user with its tags and, when {@code boundaryArn} is not null, its permissions
   * boundary, in one transaction: the boundary must be an existing managed policy (AWS managed or
   * of this account), else nothing is created ({@link IamException.NoSuchEntity}).
   */
  public User createUser(String accountId, String name, String path, Map<String, String> tags, String boundaryArn) {
    String p = path == null ? "/" : path;
    Tags.checkTagCount(tags == null ? 0 : tags.size(), "User");
    return db.write(c -> {
      if (findUser(c, accountId, name).isPresent()) {
        throw new IamException.EntityAlreadyExists("User with name " + name + " already exists.");
      }
      if (boundaryArn != null) {
        policies.requireBoundaryPolicy(c, accountId, boundaryArn);
      }
      User u = new User(accountId, ids.id("AIDA"), name, p, boundaryArn, now());
      update(c, "INSERT INTO users(user_id, account_id, name, name_key, path, boundary_arn, create_date)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?)", u.userId(), accountId, name, key(name), p, boundaryArn,
          millis(u.createDate()));
      Tags.putTags(c, "user", u.userId(), tags);
      return u;
    });
  }

  /** The user; {@link IamException.NoSuchEntity} when there is none. */
  public User getUser(String accountId, String name) {
    return db.read(c -> requireUser(c, accountId, name));
  }

  /** The user of {@code accountId} with this unique id, if any. */
  public Optional<User> userById(String accountId, String userId) {
    return db.read(c -> one(c, USER_COLUMNS + " WHERE account_id = ? AND user_id = ?", Users::userRow, accountId,
        userId));
  }

  /** Users whose path starts with {@code pathPrefix} (all when null), ordered by name as IAM lists them. */
  public List<User> listUsers(String accountId, String pathPrefix) {
    return db.read(c -> list(c, USER_COLUMNS + " WHERE account_id = ? ORDER BY name_key", Users::userRow, accountId))
        .stream().filter(u -> pathPrefix == null || u.path().startsWith(pathPrefix)).toList();
  }

  /** Renames and/or moves a user (either may be null for "unchanged"). */
  public User updateUser(String accountId, String name, String newName, String newPath) {
    return db.write(c -> {
      User u = requireUser(c, accountId, name);
      String n = newName == null ? u.name() : newName;
      if (newName != null && !key(newName).equals(key(u.name())) && findUser(c, accountId, newName).isPresent()) {
        throw new IamException.EntityAlreadyExists("User with name " + newName + " already exists.");
      }
      String p = newPath == null ? u.path() : newPath;
      update(c, "UPDATE users SET name = ?, name_key = ?, path = ? WHERE user_id = ?", n, key(n), p, u.userId());
      return new User(accountId, u.userId(), n, p, u.permissionsBoundaryArn(), u.createDate());
    });
  }

  /**
   * Deletes a user. As IAM, refuses ({@link IamException.DeleteConflict}) while the user has access
   * keys, inline or attached policies, or group memberships.
   */
  public void deleteUser(String accountId, String name) {
    db.write(c -> {
      User u = requireUser(c, accountId, name);
      if (LoginProfiles.hasProfile(c, u.userId())) {
        throw new IamException.DeleteConflict("Cannot delete entity, must delete login profile first.");
      }
      if (count(c, "SELECT COUNT(*) FROM access_keys WHERE user_id = ?", u.userId()) > 0) {
        throw new IamException.DeleteConflict("Cannot delete entity, must delete access keys first.");
      }
      if (MfaDevices.userHasDevice(c, accountId, u.userId())) {
        throw new IamException.DeleteConflict("Cannot delete entity, must delete MFA device first.");
      }
      // SSH public keys, signing certificates, service-specific credentials (UserCredentials)
      int[] credentials = UserCredentials.countsOf(c, accountId, u.userId());
      if (credentials[1] > 0) {
        throw new IamException.DeleteConflict("Cannot delete entity, must delete signing certificates first.");
      }
      if (credentials[0] > 0) {
        throw new IamException.DeleteConflict("Cannot delete entity, must delete SSH public keys first.");
      }
      if (credentials[2] > 0) {
        throw new IamException.DeleteConflict("Cannot delete entity, must delete service-specific credentials first.");
      }
      if (count(c, "SELECT COUNT(*) FROM inline_policies WHERE entity_type = 'user' AND entity_id = ?", u.userId()) > 0) {
        throw new IamException.DeleteConflict("Cannot delete entity, must delete policies first.");
      }
      if (count(c, "SELECT COUNT(*) FROM attachments WHERE entity_type = 'user' AND entity_id = ?", u.userId()) > 0) {
        throw new IamException.DeleteConflict("Cannot delete entity, must detach all policies first.");
      }
      if (count(c, "SELECT COUNT(*) FROM group_members WHERE user_id = ?", u.userId()) > 0) {
        throw new IamException.DeleteConflict("Cannot delete entity, must remove user from all groups first.");
      }
      update(c, "DELETE FROM tags WHERE entity_type = 'user' AND entity_id = ?", u.userId());
      LoginProfiles.deleteHistory(c, u.userId());
      update(c, "DELETE FROM users WHERE user_id = ?", u.userId());
      return null;
    });
  }

  /**
   * Every identity-based policy that applies to the user, read in one transaction: the user's inline
   * policies, its attached managed policies, then for each of its groups the group's inline and
   * attached policies. A policy attached both directly and through a group is listed once.
   */
  public List<IdentityPolicy> policiesOfUser(String accountId, String userName) {
    return db.read(c -> {
      User u = requireUser(c, accountId, userName);
      List<IdentityPolicy> out = new ArrayList<>();
      Map<String, Boolean> seenArns = new LinkedHashMap<>();
      for (InlinePolicy p : InlinePolicies.inline(c, EntityType.USER, u.userId())) {
        out.add(new IdentityPolicy(p.name(), "user", null, p.document()));
      }
      policies.addAttached(c, accountId, EntityType.USER, u.userId(), out, seenArns);
      for (Group g : Groups.groupsOf(c, u)) {
        for (InlinePolicy p : InlinePolicies.inline(c, EntityType.GROUP, g.groupId())) {
          out.add(new IdentityPolicy(p.name(), "group", null, p.document()));
        }
        policies.addAttached(c, accountId, EntityType.GROUP, g.groupId(), out, seenArns);
      }
      return out;
    });
  }

  private static final String USER_COLUMNS =
      "SELECT account_id, user_id, name, path, boundary_arn, create_date FROM users";

  static User userRow(ResultSet rs) throws SQLException {
    return new User(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        instant(rs.getLong(6)));
  }

  static Optional<User> findUser(Connection c, String accountId, String name) throws SQLException {
    return one(c, USER_COLUMNS + " WHERE account_id = ? AND name_key = ?", Users::userRow, accountId, key(name));
  }

  static User requireUser(Connection c, String accountId, String name) throws SQLException {
    return findUser(c, accountId, name)
        .orElseThrow(() -> new IamException.NoSuchEntity("The user with name " + name + " cannot be found."));
  }
}
