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
import java.util.Optional;

/**
 * The repository of IAM groups and their members; DeleteGroup checks members and policies in its
 * one transaction.
 *
 * <p>Every method is one transaction of the store's {@link Jdbc} helper; every query of one
 * account's data takes its {@code accountId}. Obtained from {@link IamStore}; thread-safe.
 */
public final class Groups extends Repository {

  private final Policies policies;

  /** Quota: groups a user may be in. */
  public static final int GROUPS_PER_USER = 10;

  Groups(Jdbc db, Ids ids, Clock clock, ManagedPolicies awsManaged, Policies policies) {
    super(db, ids, clock, awsManaged);
    this.policies = policies;
  }

  /** Creates a group; {@code path} defaults to {@code /}. */
  public Group createGroup(String accountId, String name, String path) {
    String p = path == null ? "/" : path;
    return db.write(c -> {
      if (findGroup(c, accountId, name).isPresent()) {
        throw new IamException.EntityAlreadyExists("Group with name " + name + " already exists.");
      }
      Group g = new Group(accountId, ids.id("AGPA"), name, p, now());
      update(c, "INSERT INTO iam_groups(group_id, account_id, name, name_key, path, create_date) VALUES (?, ?, ?, ?, ?, ?)",
          g.groupId(), accountId, name, key(name), p, millis(g.createDate()));
      return g;
    });
  }

  /** The group; {@link IamException.NoSuchEntity} when there is none. */
  public Group getGroup(String accountId, String name) {
    return db.read(c -> requireGroup(c, accountId, name));
  }

  /** Groups whose path starts with {@code pathPrefix} (all when null), ordered by name. */
  public List<Group> listGroups(String accountId, String pathPrefix) {
    return db.read(c -> list(c, "SELECT account_id, group_id, name, path, create_date FROM iam_groups"
        + " WHERE account_id = ? ORDER BY name_key", Groups::groupRow, accountId))
        .stream().filter(g -> pathPrefix == null || g.path().startsWith(pathPrefix)).toList();
  }

  /** Renames and/or moves a group. */
  public Group updateGroup(String accountId, String name, String newName, String newPath) {
    return db.write(c -> {
      Group g = requireGroup(c, accountId, name);
      String n = newName == null ? g.name() : newName;
      if (newName != null && !key(newName).equals(key(g.name())) && findGroup(c, accountId, newName).isPresent()) {
        throw new IamException.EntityAlreadyExists("Group with name " + newName + " already exists.");
      }
      String p = newPath == null ? g.path() : newPath;
      update(c, "UPDATE iam_groups SET name = ?, name_key = ?, path = ? WHERE group_id = ?", n, key(n), p, g.groupId());
      return new Group(accountId, g.groupId(), n, p, g.createDate());
    });
  }

  /** Deletes a group; {@link IamException.DeleteConflict} while it has members or policies, as IAM. */
  public void deleteGroup(String accountId, String name) {
    db.write(c -> {
      Group g = requireGroup(c, accountId, name);
      if (count(c, "SELECT COUNT(*) FROM group_members WHERE group_id = ?", g.groupId()) > 0) {
        throw new IamException.DeleteConflict("Cannot delete entity, must remove users from group first.");
      }
      if (count(c, "SELECT COUNT(*) FROM inline_policies WHERE entity_type = 'group' AND entity_id = ?", g.groupId()) > 0) {
        throw new IamException.DeleteConflict("Cannot delete entity, must delete policies first.");
      }
      if (count(c, "SELECT COUNT(*) FROM attachments WHERE entity_type = 'group' AND entity_id = ?", g.groupId()) > 0) {
        throw new IamException.DeleteConflict("Cannot delete entity, must detach all policies first.");
      }
      update(c, "DELETE FROM iam_groups WHERE group_id = ?", g.groupId());
      return null;
    });
  }

  /** Members of a group, ordered by name. */
  public List<User> groupMembers(String accountId, String groupName) {
    return db.read(c -> {
      Group g = requireGroup(c, accountId, groupName);
      return list(c, "SELECT u.account_id, u.user_id, u.name, u.path, u.boundary_arn, u.create_date FROM users u"
          + " JOIN group_members m ON m.user_id = u.user_id WHERE m.group_id = ? ORDER BY u.name_key",
          Users::userRow, g.groupId());
    });
  }

  /** Groups the user is in, ordered by name. */
  public List<Group> groupsForUser(String accountId, String userName) {
    return db.read(c -> groupsOf(c, Users.requireUser(c, accountId, userName)));
  }

  static List<Group> groupsOf(Connection c, User u) throws SQLException {
    return list(c, "SELECT g.account_id, g.group_id, g.name, g.path, g.create_date FROM iam_groups g"
        + " JOIN group_members m ON m.group_id = g.group_id WHERE m.user_id = ? ORDER BY g.name_key",
        Groups::groupRow, u.userId());
  }

  /** Adds a user to a group (no-op when already a member), within the 10-groups-per-user quota. */
  public void addUserToGroup(String accountId, String groupName, String userName) {
    db.write(c -> {
      Group g = requireGroup(c, accountId, groupName);
      User u = Users.requireUser(c, accountId, userName);
      if (count(c, "SELECT COUNT(*) FROM group_members WHERE group_id = ? AND user_id = ?", g.groupId(), u.userId()) > 0) {
        return null;
      }
      if (count(c, "SELECT COUNT(*) FROM group_members WHERE user_id = ?", u.userId()) >= GROUPS_PER_USER) {
        throw new IamException.LimitExceeded("Cannot exceed quota for GroupsPerUser: " + GROUPS_PER_USER);
      }
      update(c, "INSERT INTO group_members(group_id, user_id) VALUES (?, ?)", g.groupId(), u.userId());
      return null;
    });
  }

  /**
   * Removes a user from a group. Both must exist (NoSuchEntity, the user checked first: AWS's
   * recorded RemoveUserFromGroup of an unknown user and an unknown group names the user); a user
   * who is not a member is no error, as in IAM (AWS's recorded RemoveUserFromGroup of a non-member
   * succeeds).
   */
  public void removeUserFromGroup(String accountId, String groupName, String userName) {
    db.write(c -> {
      User u = Users.requireUser(c, accountId, userName);
      Group g = requireGroup(c, accountId, groupName);
      update(c, "DELETE FROM group_members WHERE group_id = ? AND user_id = ?", g.groupId(), u.userId());
      return null;
    });
  }

  /** The group's inline policies (source type {@code group}) then its attached managed policies. */
  public List<IdentityPolicy> policiesOfGroup(String accountId, String groupName) {
    return db.read(c -> {
      Group g = requireGroup(c, accountId, groupName);
      List<IdentityPolicy> out = new ArrayList<>();
      for (InlinePolicy p : InlinePolicies.inline(c, EntityType.GROUP, g.groupId())) {
        out.add(new IdentityPolicy(p.name(), "group", null, p.document()));
      }
      policies.addAttached(c, accountId, EntityType.GROUP, g.groupId(), out, new LinkedHashMap<>());
      return out;
    });
  }

  private static Group groupRow(ResultSet rs) throws SQLException {
    return new Group(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), instant(rs.getLong(5)));
  }

  private static Optional<Group> findGroup(Connection c, String accountId, String name) throws SQLException {
    return one(c, "SELECT account_id, group_id, name, path, create_date FROM iam_groups"
        + " WHERE account_id = ? AND name_key = ?", Groups::groupRow, accountId, key(name));
  }

  static Group requireGroup(Connection c, String accountId, String name) throws SQLException {
    return findGroup(c, accountId, name)
        .orElseThrow(() -> new IamException.NoSuchEntity("The group with name " + name + " cannot be found."));
  }
}
