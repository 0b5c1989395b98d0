package dev.iamlocal.store;

import static dev.iamlocal.store.Jdbc.count;
import static dev.iamlocal.store.Jdbc.instant;
import static dev.iamlocal.store.Jdbc.key;
import static dev.iamlocal.store.Jdbc.millis;
import static dev.iamlocal.store.Jdbc.one;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The account's server certificates (IAM's certificate store for load balancers and CloudFront):
 * the certificate and its chain as uploaded, never the private key (the caller checks it matches
 * and drops it). Names are unique in the account regardless of case. A sibling of {@link IamStore};
 * every query takes the account.
 */
public final class ServerCertificates {

  /** IAM's quota of server certificates per account. */
  public static final int PER_ACCOUNT = 20;
  /** The tags table's entity type of a server certificate. */
  static final String TAG_TYPE = "scert";

  private static final char[] ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

  private final Jdbc db;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  /** The server certificates of {@code store}'s accounts, dated by {@code clock}. */
  public ServerCertificates(IamStore store, Clock clock) {
    this.db = store.jdbc();
    this.clock = clock;
  }

  /** A stored server certificate. */
  public record ServerCertificate(String accountId, String certificateId, String name, String path, String body,
      String chain, Instant expiration, Instant uploadDate) {

    /** {@code arn:aws:iam::<account>:server-certificate<path><name>}. */
    public String arn() {
      return "arn:aws:iam::" + accountId + ":server-certificate" + path + name;
    }
  }

  /** Stores a certificate: EntityAlreadyExists for a name in use, LimitExceeded beyond {@link #PER_ACCOUNT}. */
  public ServerCertificate upload(String accountId, String name, String path, String body, String chain,
      Instant expiration, Map<String, String> tags) {
    Tags.checkTagCount(tags == null ? 0 : tags.size(), "ServerCertificate");
    return db.write(c -> {
      if (find(c, accountId, name).isPresent()) {
        throw new IamException.EntityAlreadyExists("The Server Certificate with name " + name + " already exists.");
      }
      if (count(c, "SELECT COUNT(*) FROM server_certificates WHERE account_id = ?", accountId) >= PER_ACCOUNT) {
        throw new IamException.LimitExceeded("Cannot exceed quota for ServerCertificatesPerAccount: " + PER_ACCOUNT);
      }
      StringBuilder id = new StringBuilder("ASCA");
      for (int i = 0; i < 17; i++) {
        id.append(ALNUM[random.nextInt(ALNUM.length)]);
      }
      ServerCertificate s = new ServerCertificate(accountId, id.toString(), name, path, body, chain, expiration,
          Instant.ofEpochMilli(clock.millis()));
      Jdbc.update(c, "INSERT INTO server_certificates(cert_id, account_id, name, name_key, path, body, chain, expiration,"
          + " upload_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", s.certificateId(), accountId, name, key(name), path,
          body, chain, millis(expiration), millis(s.uploadDate()));
      Tags.putTags(c, TAG_TYPE, s.certificateId(), tags);
      return s;
    });
  }

  /** The certificate; NoSuchEntity as IAM words it. */
  public ServerCertificate get(String accountId, String name) {
    return db.read(c -> require(c, accountId, name));
  }

  /** The account's certificates whose path starts with {@code pathPrefix}, by name. */
  public List<ServerCertificate> list(String accountId, String pathPrefix) {
    return db.read(c -> Jdbc.list(c, SELECT + " WHERE account_id = ? ORDER BY name_key", ServerCertificates::row,
        accountId)).stream().filter(s -> pathPrefix == null || s.path().startsWith(pathPrefix)).toList();
  }

  /** Renames and/or moves a certificate (null: unchanged); EntityAlreadyExists for a new name in use. */
  public void update(String accountId, String name, String newName, String newPath) {
    db.write(c -> {
      ServerCertificate s = require(c, accountId, name);
      if (newName != null && !key(newName).equals(key(name)) && find(c, accountId, newName).isPresent()) {
        throw new IamException.EntityAlreadyExists("The Server Certificate with name " + newName + " already exists.");
      }
      Jdbc.update(c, "UPDATE server_certificates SET name = ?, name_key = ?, path = ? WHERE cert_id = ?",
          newName == null ? s.name() : newName, key(newName == null ? s.name() : newName),
          newPath == null ? s.path() : newPath, s.certificateId());
      return null;
    });
  }

  /** Deletes a certificate and its tags. */
  public void delete(String accountId, String name) {
    db.write(c -> {
      ServerCertificate s = require(c, accountId, name);
      Jdbc.update(c, "DELETE FROM tags WHERE entity_type = ? AND entity_id = ?", TAG_TYPE, s.certificateId());
      Jdbc.update(c, "DELETE FROM server_certificates WHERE cert_id = ?", s.certificateId());
      return null;
    });
  }

  /** The certificate's tags, in IAM's order (by key without case). */
  public Map<String, String> tags(String accountId, String name) {
    return db.read(c -> Tags.tags(c, TAG_TYPE, require(c, accountId, name).certificateId()));
  }

  /** Adds or replaces tags; LimitExceeded beyond 50. */
  public void tag(String accountId, String name, Map<String, String> tags) {
    db.write(c -> {
      ServerCertificate s = require(c, accountId, name);
      java.util.Map<String, String> merged = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      merged.putAll(Tags.tags(c, TAG_TYPE, s.certificateId()));
      merged.putAll(tags);
      Tags.checkTagCount(merged.size(), "ServerCertificate");
      Tags.putTags(c, TAG_TYPE, s.certificateId(), tags);
      return null;
    });
  }

  /** Removes tags by key (case-insensitive); keys it does not have are ignored. */
  public void untag(String accountId, String name, List<String> keys) {
    db.write(c -> {
      ServerCertificate s = require(c, accountId, name);
      for (String k : keys) {
        Jdbc.update(c, "DELETE FROM tags WHERE entity_type = ? AND entity_id = ? AND key_lc = ?", TAG_TYPE,
            s.certificateId(), Tags.tagKey(TAG_TYPE, k));
      }
      return null;
    });
  }

  private static final String SELECT = "SELECT account_id, cert_id, name, path, body, chain, expiration, upload_date"
      + " FROM server_certificates";

  private static java.util.Optional<ServerCertificate> find(Connection c, String accountId, String name)
      throws SQLException {
    return one(c, SELECT + " WHERE account_id = ? AND name_key = ?", ServerCertificates::row, accountId, key(name));
  }

  private static ServerCertificate require(Connection c, String accountId, String name) throws SQLException {
    return find(c, accountId, name).orElseThrow(() -> new IamException.NoSuchEntity(
        "The Server Certificate with name " + name + " cannot be found."));
  }

  private static ServerCertificate row(ResultSet rs) throws SQLException {
    return new ServerCertificate(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), instant(rs.getLong(7)), instant(rs.getLong(8)));
  }
}
