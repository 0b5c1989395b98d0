package dev.iamlocal.store;

import static dev.iamlocal.store.Jdbc.count;
import static dev.iamlocal.store.Jdbc.instant;
import static dev.iamlocal.store.Jdbc.list;
import static dev.iamlocal.store.Jdbc.millis;
import static dev.iamlocal.store.Jdbc.one;
import static dev.iamlocal.store.Jdbc.update;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The credentials of IAM users other than passwords and access keys: SSH public keys, X.509
 * signing certificates and service-specific credentials, with IAM's quotas and errors. A sibling of
 * {@link IamStore} over its connections; every query takes the account. Parsing the key and
 * certificate formats is the caller's: this store keeps what it is given.
 */
public final class UserCredentials {

  /** IAM's quota of SSH public keys per user. */
  public static final int SSH_KEYS_PER_USER = 5;
  /** IAM's quota of signing certificates per user. */
  public static final int CERTIFICATES_PER_USER = 2;
  /** IAM's quota of service-specific credentials per user and service. */
  public static final int CREDENTIALS_PER_SERVICE = 2;

  private static final char[] ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

  private final Jdbc db;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  /** The credentials of {@code store}'s users, dated by {@code clock}. */
  public UserCredentials(IamStore store, Clock clock) {
    this.db = store.jdbc();
    this.clock = clock;
  }

  /** An SSH public key: the body as uploaded and the MD5 fingerprint of its key blob. */
  public record SshPublicKey(String keyId, String userName, String body, String fingerprint, String status,
      Instant uploadDate) {}

  /** A signing certificate as uploaded. */
  public record SigningCertificate(String certificateId, String userName, String body, String status,
      Instant uploadDate) {}

  /**
   * A service-specific credential; {@code password} only in the answer to create and reset, null
   * everywhere else (it is never stored).
   */
  public record ServiceCredential(String credentialId, String userName, String serviceName, String serviceUserName,
      String status, Instant createDate, Instant expirationDate, String password) {}

  private Instant now() {
    return Instant.ofEpochMilli(clock.millis());
  }

  private String id(String prefix, int n) {
    StringBuilder b = new StringBuilder(prefix);
    for (int i = 0; i < n; i++) {
      b.append(ALNUM[random.nextInt(ALNUM.length)]);
    }
    return b.toString();
  }

  // ---------------------------------------------------------------- SSH public keys

  /**
   * Uploads an SSH public key for a user: NoSuchEntity for no such user, LimitExceeded beyond
   * {@link #SSH_KEYS_PER_USER}, DuplicateSSHPublicKey when the user has a key with this fingerprint.
   */
  public SshPublicKey uploadSshPublicKey(String accountId, String userName, String body, String fingerprint) {
    return db.write(c -> {
      User u = Users.requireUser(c, accountId, userName);
      if (count(c, "SELECT COUNT(*) FROM ssh_public_keys WHERE account_id = ? AND user_id = ? AND fingerprint = ?",
          accountId, u.userId(), fingerprint) > 0) {
        throw new IamException("DuplicateSSHPublicKey", "The specified SSH public key is already present.");
      }
      if (count(c, "SELECT COUNT(*) FROM ssh_public_keys WHERE account_id = ? AND user_id = ?", accountId,
          u.userId()) >= SSH_KEYS_PER_USER) {
        throw new IamException.LimitExceeded("Cannot exceed quota for PublicKeysPerUser: " + SSH_KEYS_PER_USER);
      }
      SshPublicKey k = new SshPublicKey(id("APKA", 17), u.name(), body, fingerprint, "Active", now());
      update(c, "INSERT INTO ssh_public_keys(key_id, account_id, user_id, body, fingerprint, status, upload_date)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?)", k.keyId(), accountId, u.userId(), body, fingerprint, k.status(),
          millis(k.uploadDate()));
      return k;
    });
  }

  /** The user's keys, oldest first. */
  public List<SshPublicKey> listSshPublicKeys(String accountId, String userName) {
    return db.read(c -> {
      User u = Users.requireUser(c, accountId, userName);
      return list(c, "SELECT key_id, body, fingerprint, status, upload_date FROM ssh_public_keys WHERE account_id = ?"
          + " AND user_id = ? ORDER BY upload_date, key_id", rs -> sshKey(rs, u.name()), accountId, u.userId());
    });
  }

  /** One key of the user; NoSuchEntity as IAM words it when the user has no such key. */
  public SshPublicKey getSshPublicKey(String accountId, String userName, String keyId) {
    return db.read(c -> {
      User u = Users.requireUser(c, accountId, userName);
      return one(c, "SELECT key_id, body, fingerprint, status, upload_date FROM ssh_public_keys WHERE account_id = ?"
          + " AND user_id = ? AND key_id = ?", rs -> sshKey(rs, u.name()), accountId, u.userId(), keyId)
          .orElseThrow(() -> noSshKey(keyId));
    });
  }

  /** Sets a key's status (Active, Inactive). */
  public void updateSshPublicKey(String accountId, String userName, String keyId, String status) {
    db.write(c -> {
      User u = Users.requireUser(c, accountId, userName);
      if (update(c, "UPDATE ssh_public_keys SET status = ? WHERE account_id = ? AND user_id = ? AND key_id = ?", status,
          accountId, u.userId(), keyId) == 0) {
        throw noSshKey(keyId);
      }
      return null;
    });
  }

  /** Deletes a key. */
  public void deleteSshPublicKey(String accountId, String userName, String keyId) {
    db.write(c -> {
      User u = Users.requireUser(c, accountId, userName);
      if (update(c, "DELETE FROM ssh_public_keys WHERE account_id = ? AND user_id = ? AND key_id = ?", accountId,
          u.userId(), keyId) == 0) {
        throw noSshKey(keyId);
      }
      return null;
    });
  }

  private static IamException noSshKey(String keyId) {
    return new IamException.NoSuchEntity("The Public Key with id " + keyId + " cannot be found.");
  }

  private static SshPublicKey sshKey(ResultSet rs, String userName) throws SQLException {
    return new SshPublicKey(rs.getString(1), userName, rs.getString(2), rs.getString(3), rs.getString(4),
        instant(rs.getLong(5)));
  }

  // ---------------------------------------------------------------- signing certificates

  /**
   * Uploads a signing certificate whose id the caller derived from it: LimitExceeded beyond
   * {@link #CERTIFICATES_PER_USER}, DuplicateCertificate when the account holds it already (for any user).
   */
  public SigningCertificate uploadSigningCertificate(String accountId, String userName, String certificateId,
      String body) {
    return db.write(c -> {
      User u = Users.requireUser(c, accountId, userName);
      if (count(c, "SELECT COUNT(*) FROM signing_certificates WHERE account_id = ? AND cert_id = ?", accountId,
          certificateId) > 0) {
        throw new IamException("DuplicateCertificate", "The Certificate with id " + certificateId + " already exists.");
      }
      if (count(c, "SELECT COUNT(*) FROM signing_certificates WHERE account_id = ? AND user_id = ?", accountId,
          u.userId()) >= CERTIFICATES_PER_USER) {
        throw new IamException.LimitExceeded("Cannot exceed quota for CertificatesPerUser: " + CERTIFICATES_PER_USER);
      }
      SigningCertificate s = new SigningCertificate(certificateId, u.name(), body, "Active", now());
      update(c, "INSERT INTO signing_certificates(cert_id, account_id, user_id, body, status, upload_date)"
          + " VALUES (?, ?, ?, ?, ?, ?)", certificateId, accountId, u.userId(), body, s.status(),
          millis(s.uploadDate()));
      return s;
    });
  }

  /** The user's signing certificates, oldest first. */
  public List<SigningCertificate> listSigningCertificates(String accountId, String userName) {
    return db.read(c -> {
      User u = Users.requireUser(c, accountId, userName);
      return list(c, "SELECT cert_id, body, status, upload_date FROM signing_certificates WHERE account_id = ?"
          + " AND user_id = ? ORDER BY upload_date, cert_id", rs -> new SigningCertificate(rs.getString(1), u.name(),
          rs.getString(2), rs.getString(3), instant(rs.getLong(4))), accountId, u.userId());
    });
  }

  /** Sets a certificate's status. */
  public void updateSigningCertificate(String accountId, String userName, String certificateId, String status) {
    db.write(c -> {
      User u = Users.requireUser(c, accountId, userName);
      if (update(c, "UPDATE signing_certificates SET status = ? WHERE account_id = ? AND user_id = ? AND cert_id = ?",
          status, accountId, u.userId(), certificateId) == 0) {
        throw noCertificate(certificateId);
      }
      return null;
    });
  }

  /** Deletes a certificate. */
  public void deleteSigningCertificate(String accountId, String userName, String certificateId) {
    db.write(c -> {
      User u = Users.requireUser(c, accountId, userName);
      if (update(c, "DELETE FROM signing_certificates WHERE account_id = ? AND user_id = ? AND cert_id = ?", accountId,
          u.userId(), certificateId) == 0) {
        throw noCertificate(certificateId);
      }
      return null;
    });
  }

  private static IamException noCertificate(String id) {
    return new IamException.NoSuchEntity("The Certificate with id " + id + " cannot be found.");
  }

  // ---------------------------------------------------------------- service-specific credentials

  /**
   * Creates a credential for a service: LimitExceeded beyond {@link #CREDENTIALS_PER_SERVICE} of the
   * user for the service. {@code serviceUserName} is the caller's (it depends on the service);
   * {@code ageDays} sets an expiration (null: none).
   */
  public ServiceCredential createServiceCredential(String accountId, String userName, String serviceName,
      String serviceUserName, Integer ageDays, String password) {
    return db.write(c -> {
      User u = Users.requireUser(c, accountId, userName);
      if (count(c, "SELECT COUNT(*) FROM service_specific_credentials WHERE account_id = ? AND user_id = ?"
          + " AND service_name = ?", accountId, u.userId(), serviceName) >= CREDENTIALS_PER_SERVICE) {
        throw new IamException.LimitExceeded("Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: "
            + CREDENTIALS_PER_SERVICE);
      }
      Instant now = now();
      Instant expires = ageDays == null ? null : now.plus(Duration.ofDays(ageDays));
      ServiceCredential s = new ServiceCredential(id("ACCA", 17), u.name(), serviceName, serviceUserName, "Active",
          now, expires, password);
      update(c, "INSERT INTO service_specific_credentials(credential_id, account_id, user_id, service_name,"
          + " service_user_name, status, create_date, expiration_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          s.credentialId(), accountId, u.userId(), serviceName, serviceUserName, s.status(), millis(now),
          expires == null ? null : millis(expires));
      return s;
    });
  }

  /** The credentials of one user (or, with {@code userName} null, of every user of the account), optionally of one service. */
  public List<ServiceCredential> listServiceCredentials(String accountId, String userName, String serviceName) {
    return db.read(c -> {
      String sql = "SELECT s.credential_id, u.name, s.service_name, s.service_user_name, s.status, s.create_date,"
          + " s.expiration_date FROM service_specific_credentials s JOIN users u ON u.user_id = s.user_id"
          + " WHERE s.account_id = ?";
      if (userName != null) {
        User u = Users.requireUser(c, accountId, userName);
        return list(c, sql + " AND s.user_id = ? AND (? IS NULL OR s.service_name = ?) ORDER BY s.create_date,"
            + " s.credential_id", this::credential, accountId, u.userId(), serviceName, serviceName);
      }
      return list(c, sql + " AND (? IS NULL OR s.service_name = ?) ORDER BY u.name_key, s.create_date,"
          + " s.credential_id", this::credential, accountId, serviceName, serviceName);
    });
  }

  /** One credential of the user; NoSuchEntity when it has none with this id. */
  public ServiceCredential serviceCredential(String accountId, String userName, String credentialId) {
    return listServiceCredentials(accountId, userName, null).stream()
        .filter(s -> s.credentialId().equals(credentialId)).findFirst()
        .orElseThrow(() -> noCredential(credentialId));
  }

  /** Sets a credential's status. */
  public void updateServiceCredential(String accountId, String userName, String credentialId, String status) {
    db.write(c -> {
      User u = Users.requireUser(c, accountId, userName);
      if (update(c, "UPDATE service_specific_credentials SET status = ? WHERE account_id = ? AND user_id = ?"
          + " AND credential_id = ?", status, accountId, u.userId(), credentialId) == 0) {
        throw noCredential(credentialId);
      }
      return null;
    });
  }

  /** Deletes a credential. */
  public void deleteServiceCredential(String accountId, String userName, String credentialId) {
    db.write(c -> {
      User u = Users.requireUser(c, accountId, userName);
      if (update(c, "DELETE FROM service_specific_credentials WHERE account_id = ? AND user_id = ?"
          + " AND credential_id = ?", accountId, u.userId(), credentialId) == 0) {
        throw noCredential(credentialId);
      }
      return null;
    });
  }

  private static IamException noCredential(String id) {
    return new IamException.NoSuchEntity("No such credential " + id + " exists");
  }

  private ServiceCredential credential(ResultSet rs) throws SQLException {
    long expires = rs.getLong(7);
    Instant expiration = rs.wasNull() ? null : instant(expires);
    String status = rs.getString(5);
    // a credential past its expiration is Expired, whatever status it was set to
    if (expiration != null && !expiration.isAfter(now())) {
      status = "Expired";
    }
    return new ServiceCredential(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), status,
        instant(rs.getLong(6)), expiration, null);
  }

  /** How many SSH keys, signing certificates and service credentials the user has (DeleteUser's checks). */
  static int[] countsOf(java.sql.Connection c, String accountId, String userId) throws SQLException {
    return new int[] {
        count(c, "SELECT COUNT(*) FROM ssh_public_keys WHERE account_id = ? AND user_id = ?", accountId, userId),
        count(c, "SELECT COUNT(*) FROM signing_certificates WHERE account_id = ? AND user_id = ?", accountId, userId),
        count(c, "SELECT COUNT(*) FROM service_specific_credentials WHERE account_id = ? AND user_id = ?", accountId,
            userId)};
  }
}
