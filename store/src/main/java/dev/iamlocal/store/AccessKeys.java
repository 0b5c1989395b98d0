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
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The repository of long-term access keys of users and root users, with their last use.
 *
 * <p>Every method is one transaction of the store's {@link Jdbc} helper; every query of one
 * account's data takes its {@code accountId}. Obtained from {@link IamStore}; thread-safe.
 */
public final class AccessKeys extends Repository {

  /** Quota: access keys per user (and for the root user). */
  public static final int ACCESS_KEYS_PER_USER = 2;

  AccessKeys(Jdbc db, Ids ids, Clock clock, ManagedPolicies awsManaged) {
    super(db, ids, clock, awsManaged);
  }

  private static final String ROOT_KEYS_OLDEST_FIRST =
      "SELECT k.account_id, k.access_key_id, NULL, k.user_id, k.secret, k.status, k.create_date"
      + " FROM access_keys k WHERE k.account_id = ? AND k.user_id IS NULL ORDER BY k.create_date, k.access_key_id";

  static AccessKey firstRootKey(Connection c, String accountId) throws SQLException {
    return one(c, ROOT_KEYS_OLDEST_FIRST + " LIMIT 1", AccessKeys::accessKeyRow, accountId).orElse(null);
  }

  /**
   * Creates an access key for {@code userName}, or for the account's root user when it is null.
   * The returned key carries the secret; it is the only time a caller should show it.
   */
  public AccessKey createAccessKey(String accountId, String userName) {
    return db.write(c -> {
      String userId = null;
      if (userName != null) {
        userId = Users.requireUser(c, accountId, userName).userId();
      }
      int count = userId == null
          ? count(c, "SELECT COUNT(*) FROM access_keys WHERE account_id = ? AND user_id IS NULL", accountId)
          : count(c, "SELECT COUNT(*) FROM access_keys WHERE user_id = ?", userId);
      if (count >= ACCESS_KEYS_PER_USER) {
        throw new IamException.LimitExceeded("Cannot exceed quota for AccessKeysPerUser: " + ACCESS_KEYS_PER_USER);
      }
      AccessKey k = new AccessKey(accountId, ids.id("AKIA"), userName, userId, ids.secret(), "Active", now());
      update(c, "INSERT INTO access_keys(access_key_id, account_id, user_id, secret, status, create_date)"
          + " VALUES (?, ?, ?, ?, ?, ?)", k.accessKeyId(), accountId, userId, k.secret(), k.status(),
          millis(k.createDate()));
      return k;
    });
  }

  /** Looks up a key by id (for request authentication), with its secret and owner. */
  public Optional<AccessKey> accessKey(String accessKeyId) {
    return db.read(c -> one(c, "SELECT k.account_id, k.access_key_id, u.name, k.user_id, k.secret, k.status,"
        + " k.create_date FROM access_keys k LEFT JOIN users u ON u.user_id = k.user_id WHERE k.access_key_id = ?",
        AccessKeys::accessKeyRow, accessKeyId));
  }

  /** The keys of {@code userName} (root's when null), oldest first; secrets included, callers must not show them. */
  public List<AccessKey> listAccessKeys(String accountId, String userName) {
    return db.read(c -> {
      if (userName == null) {
        return list(c, ROOT_KEYS_OLDEST_FIRST, AccessKeys::accessKeyRow, accountId);
      }
      User u = Users.requireUser(c, accountId, userName);
      return list(c, "SELECT k.account_id, k.access_key_id, ?, k.user_id, k.secret, k.status, k.create_date"
          + " FROM access_keys k WHERE k.user_id = ? ORDER BY k.create_date, k.access_key_id",
          AccessKeys::accessKeyRow, u.name(), u.userId());
    });
  }

  private static AccessKey accessKeyRow(ResultSet rs) throws SQLException {
    return new AccessKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), instant(rs.getLong(7)));
  }

  /** Sets a key's status ({@code Active} or {@code Inactive}). {@code userName} null = the root user's key. */
  public void updateAccessKey(String accountId, String userName, String accessKeyId, String status) {
    db.write(c -> {
      requireOwnKey(c, accountId, userName, accessKeyId);
      update(c, "UPDATE access_keys SET status = ? WHERE access_key_id = ?", status, accessKeyId);
      return null;
    });
  }

  /** Deletes a key. */
  public void deleteAccessKey(String accountId, String userName, String accessKeyId) {
    db.write(c -> {
      requireOwnKey(c, accountId, userName, accessKeyId);
      update(c, "DELETE FROM access_keys WHERE access_key_id = ?", accessKeyId);
      return null;
    });
  }

  private static void requireOwnKey(Connection c, String accountId, String userName, String keyId) throws SQLException {
    String owner = userName == null ? null : Users.requireUser(c, accountId, userName).userId();
    int n = owner == null
        ? count(c, "SELECT COUNT(*) FROM access_keys WHERE access_key_id = ? AND account_id = ? AND user_id IS NULL",
            keyId, accountId)
        : count(c, "SELECT COUNT(*) FROM access_keys WHERE access_key_id = ? AND user_id = ?", keyId, owner);
    if (n == 0) {
      throw new IamException.NoSuchEntity("The Access Key with id " + keyId + " cannot be found.");
    }
  }

  /**
   * Records that keys were used (latest use per key). Called in batches by the server; a use never
   * moves the recorded date backwards.
   */
  public void recordAccessKeyUse(Map<String, AccessKeyLastUsed> uses) {
    if (uses.isEmpty()) {
      return;
    }
    // Not a change anyone caches (GetAccessKeyLastUsed reads it afresh): bumping the change counter
    // here, every second under load, would throw away every node's compiled policies each time.
    db.writeUnversioned(c -> {
      for (Map.Entry<String, AccessKeyLastUsed> e : uses.entrySet()) {
        AccessKeyLastUsed u = e.getValue();
        update(c, "UPDATE access_keys SET last_used_date = ?, last_used_service = ?, last_used_region = ?"
            + " WHERE access_key_id = ? AND (last_used_date IS NULL OR last_used_date <= ?)", millis(u.date()),
            u.serviceName(), u.region(), e.getKey(), millis(u.date()));
      }
      return null;
    });
  }

  /** When the key was last used; {@link IamException.NoSuchEntity} for an unknown key of this account. */
  public AccessKeyLastUsed accessKeyLastUsed(String accountId, String accessKeyId) {
    return db.read(c -> one(c, "SELECT u.name, k.last_used_date, k.last_used_service, k.last_used_region FROM access_keys k"
        + " LEFT JOIN users u ON u.user_id = k.user_id WHERE k.access_key_id = ? AND k.account_id = ?", rs -> {
          long d = rs.getLong(2);
          boolean never = rs.wasNull();
          return new AccessKeyLastUsed(rs.getString(1), never ? null : instant(d),
              never ? "N/A" : rs.getString(3), never ? "N/A" : rs.getString(4));
        }, accessKeyId, accountId)
        .orElseThrow(() -> new IamException.NoSuchEntity("The Access Key with id " + accessKeyId
            + " cannot be found.")));
  }
}
