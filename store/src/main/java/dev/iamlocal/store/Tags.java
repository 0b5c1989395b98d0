package dev.iamlocal.store;

import static dev.iamlocal.store.Jdbc.key;
import static dev.iamlocal.store.Jdbc.list;
import static dev.iamlocal.store.Jdbc.one;
import static dev.iamlocal.store.Jdbc.update;

import dev.iamlocal.catalog.ManagedPolicies;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The repository of tags of users, roles and customer managed policies.
 *
 * <p>Every method is one transaction of the store's {@link Jdbc} helper; every query of one
 * account's data takes its {@code accountId}. Obtained from {@link IamStore}; thread-safe.
 */
public final class Tags extends Repository {

  /** Quota: tags per user, role or policy. */
  public static final int TAGS_PER_ENTITY = 50;

  Tags(Jdbc db, Ids ids, Clock clock, ManagedPolicies awsManaged) {
    super(db, ids, clock, awsManaged);
  }

  /**
   * Adds or overwrites tags of a user, role or customer managed policy, within the 50-tag quota.
   *
   * @param kind {@code user}, {@code role} or {@code policy}; {@code nameOrArn} is the name for
   *     users and roles and the ARN for policies
   */
  public void tag(String accountId, String kind, String nameOrArn, Map<String, String> tags) {
    db.write(c -> {
      String id = taggableId(c, accountId, kind, nameOrArn);
      Map<String, String> existing = tags(c, kind, id);
      java.util.Set<String> keys = new java.util.HashSet<>();
      existing.keySet().forEach(k -> keys.add(tagKey(kind, k)));
      tags.keySet().forEach(k -> keys.add(tagKey(kind, k)));
      checkTagCount(keys.size(), switch (kind) {
        case "user" -> "User";
        case "role" -> "Role";
        case InstanceProfiles.TAG_KIND -> "InstanceProfile";
        default -> "Policy";
      });
      putTags(c, kind, id, tags);
      return null;
    });
  }

  /**
   * Removes tags by key (absent keys are ignored, as in IAM): a user's or role's without case, a
   * policy's exactly (see {@link #tagKey}).
   */
  public void untag(String accountId, String kind, String nameOrArn, List<String> keys) {
    db.write(c -> {
      String id = taggableId(c, accountId, kind, nameOrArn);
      for (String k : keys) {
        update(c, "DELETE FROM tags WHERE entity_type = ? AND entity_id = ? AND key_lc = ?", kind, id,
            tagKey(kind, k));
      }
      return null;
    });
  }

  /**
   * Tags of a user, role or managed policy, in IAM's order (see {@link #tags}). An AWS managed
   * policy has none (IAM answers its GetPolicy with empty Tags); one not in the catalog is
   * NoSuchEntity.
   */
  public Map<String, String> tagsOf(String accountId, String kind, String nameOrArn) {
    if (kind.equals("policy") && nameOrArn.startsWith("arn:aws:iam::aws:policy/")) {
      if (awsManaged.byArn(nameOrArn).filter(p -> p.arn().equals(nameOrArn)).isEmpty()) {
        throw new IamException.NoSuchEntity("Policy " + nameOrArn + " was not found.");
      }
      return Map.of();
    }
    return db.read(c -> tags(c, kind, taggableId(c, accountId, kind, nameOrArn)));
  }

  /** Tags of a user, in the order they were added. */
  public Map<String, String> userTags(String accountId, String name) {
    return db.read(c -> tags(c, "user", Users.requireUser(c, accountId, name).userId()));
  }

  private String taggableId(Connection c, String accountId, String kind, String nameOrArn) throws SQLException {
    return switch (kind) {
      case "user" -> Users.requireUser(c, accountId, nameOrArn).userId();
      case "role" -> Roles.requireRole(c, accountId, nameOrArn).roleId();
      case "policy" -> Policies.requirePolicy(c, accountId, nameOrArn).policyId();
      case InstanceProfiles.TAG_KIND -> InstanceProfiles.require(c, accountId, nameOrArn).profileId();
      default -> throw new IllegalArgumentException("not taggable: " + kind);
    };
  }

  static void checkTagCount(int n, String title) {
    if (n > TAGS_PER_ENTITY) {
      throw new IamException.LimitExceeded("Cannot exceed quota for TagsPer" + title + ": " + TAGS_PER_ENTITY);
    }
  }

  /** The entity types whose tag keys are case-sensitive. */
  private static final java.util.Set<String> CASE_SENSITIVE = java.util.Set.of("policy", "oidc", "saml");

  static void putTags(Connection c, String type, String id, Map<String, String> tags) throws SQLException {
    if (tags == null) {
      return;
    }
    for (Map.Entry<String, String> t : tags.entrySet()) {
      update(c, "DELETE FROM tags WHERE entity_type = ? AND entity_id = ? AND key_lc = ?", type, id,
          tagKey(type, t.getKey()));
      update(c, "INSERT INTO tags(entity_type, entity_id, tag_key, key_lc, tag_value) VALUES (?, ?, ?, ?, ?)",
          type, id, t.getKey(), tagKey(type, t.getKey()), t.getValue());
    }
  }

  /**
   * The identity of a tag key on an entity of {@code type} (the {@code key_lc} column): IAM's tag
   * keys are case-insensitive for users and roles ("you can't have separate Department and
   * department tag keys") and case-sensitive for customer managed policies, where {@code a} and
   * {@code A} are two tags (the IAM User Guide's case-sensitivity rule for tags, and AWS's recorded
   * answers: CreatePolicy with both keys keeps both).
   */
  static String tagKey(String type, String key) {
    // identity providers too: TagOpenIDConnectProvider and TagSAMLProvider with Team and team keep
    // both, and UntagOpenIDConnectProvider of TEAM removes neither (stackd's recording against IAM,
    // resource_inputs.json, 2026-09-12)
    return CASE_SENSITIVE.contains(type) ? key : key(key);
  }

  /**
   * Tags of an entity in the order IAM lists them. A policy's: shorter keys first, then by code
   * point ({@code a, b, z, abc}; {@code A} before {@code a}), as AWS's ListPolicyTags answers;
   * sorted here rather than in SQL, whose collation differs between SQLite and PostgreSQL. A user's
   * or role's: by key without case.
   */
  static Map<String, String> tags(Connection c, String type, String id) throws SQLException {
    List<String[]> rows = new ArrayList<>(list(c, "SELECT tag_key, tag_value, key_lc FROM tags"
        + " WHERE entity_type = ? AND entity_id = ?", rs -> new String[] {rs.getString(1), rs.getString(2),
            rs.getString(3)}, type, id));
    if (type.equals("policy")) {
      rows.sort(java.util.Comparator.<String[]>comparingInt(r -> r[0].codePointCount(0, r[0].length()))
          .thenComparing(r -> r[0]));
    } else {
      rows.sort(java.util.Comparator.<String[], String>comparing(r -> r[2]).thenComparing(r -> r[0]));
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String[] kv : rows) {
      out.put(kv[0], kv[1]);
    }
    return out;
  }
}
