package dev.iamlocal.store;

import static dev.iamlocal.store.Jdbc.key;
import static dev.iamlocal.store.Jdbc.list;
import static dev.iamlocal.store.Jdbc.one;
import static dev.iamlocal.store.Jdbc.update;

import dev.iamlocal.catalog.ManagedPolicies;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;

/**
 * The repository of inline policies of users, groups and roles.
 *
 * <p>Every method is one transaction of the store's {@link Jdbc} helper; every query of one
 * account's data takes its {@code accountId}. Obtained from {@link IamStore}; thread-safe.
 */
public final class InlinePolicies extends Repository {

  InlinePolicies(Jdbc db, Ids ids, Clock clock, ManagedPolicies awsManaged) {
    super(db, ids, clock, awsManaged);
  }

  /**
   * Creates or replaces an inline policy, within the aggregate size quota of the entity type
   * (non-whitespace characters of all its inline policies).
   */
  public void putInlinePolicy(String accountId, EntityType type, String entityName, String policyName, String document) {
    db.write(c -> {
      String entityId = requireEntityId(c, accountId, type, entityName);
      int others = 0;
      for (InlinePolicy p : inline(c, type, entityId)) {
        if (!key(p.name()).equals(key(policyName))) {
          others += Policies.nonWhitespaceLength(p.document());
        }
      }
      if (others + Policies.nonWhitespaceLength(document) > type.inlineAggregateLimit()) {
        throw new IamException.LimitExceeded("Maximum policy size of " + type.inlineAggregateLimit()
            + " bytes exceeded for " + type.word() + " " + entityName);
      }
      // a policy of the same name in another case is replaced, yet keeps the name it was created
      // with (stackd's recording against IAM, policy_management.json: MixedName, then MIXEDNAME put,
      // lists MixedName)
      int replaced = update(c, "UPDATE inline_policies SET document = ? WHERE entity_type = ? AND entity_id = ?"
          + " AND name_key = ?", document, type.word(), entityId, key(policyName));
      if (replaced == 0) {
        update(c, "INSERT INTO inline_policies(entity_type, entity_id, name, name_key, document) VALUES (?, ?, ?, ?, ?)",
            type.word(), entityId, policyName, key(policyName), document);
      }
      return null;
    });
  }

  /** An inline policy; {@link IamException.NoSuchEntity} when the entity or the policy does not exist. */
  public InlinePolicy getInlinePolicy(String accountId, EntityType type, String entityName, String policyName) {
    return db.read(c -> {
      String entityId = requireEntityId(c, accountId, type, entityName);
      return one(c, "SELECT name, document FROM inline_policies WHERE entity_type = ? AND entity_id = ? AND name_key = ?",
          rs -> new InlinePolicy(rs.getString(1), rs.getString(2)), type.word(), entityId, key(policyName))
          .orElseThrow(() -> new IamException.NoSuchEntity(
              "The " + type.word() + " policy with name " + policyName + " cannot be found."));
    });
  }

  /** Inline policies of the entity, ordered by name. */
  public List<InlinePolicy> inlinePolicies(String accountId, EntityType type, String entityName) {
    return db.read(c -> inline(c, type, requireEntityId(c, accountId, type, entityName)));
  }

  /** Deletes an inline policy; {@link IamException.NoSuchEntity} when there is none by that name. */
  public void deleteInlinePolicy(String accountId, EntityType type, String entityName, String policyName) {
    db.write(c -> {
      String entityId = requireEntityId(c, accountId, type, entityName);
      if (update(c, "DELETE FROM inline_policies WHERE entity_type = ? AND entity_id = ? AND name_key = ?",
          type.word(), entityId, key(policyName)) == 0) {
        throw new IamException.NoSuchEntity("The " + type.word() + " policy with name " + policyName
            + " cannot be found.");
      }
      return null;
    });
  }

  static List<InlinePolicy> inline(Connection c, EntityType type, String entityId) throws SQLException {
    return list(c, "SELECT name, document FROM inline_policies WHERE entity_type = ? AND entity_id = ? ORDER BY name_key",
        rs -> new InlinePolicy(rs.getString(1), rs.getString(2)), type.word(), entityId);
  }

  /**
   * The unique id of the user, group or role {@code name} of {@code accountId} (NoSuchEntity when
   * there is none): the owner of inline policies and of managed policy attachments.
   */
  static String requireEntityId(Connection c, String accountId, EntityType type, String name)
      throws SQLException {
    return switch (type) {
      case USER -> Users.requireUser(c, accountId, name).userId();
      case GROUP -> Groups.requireGroup(c, accountId, name).groupId();
      case ROLE -> Roles.requireRole(c, accountId, name).roleId();
    };
  }
}
