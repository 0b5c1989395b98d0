package dev.iamlocal.store;

import static dev.iamlocal.store.Jdbc.count;
import static dev.iamlocal.store.Jdbc.instant;
import static dev.iamlocal.store.Jdbc.millis;
import static dev.iamlocal.store.Jdbc.one;
import static dev.iamlocal.store.Jdbc.update;

import dev.iamlocal.catalog.ManagedPolicies;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The repository of an account's own settings: its alias, its STS token preference, the counts of
 * GetAccountSummary, its latest credential report and its Organizations access report jobs.
 *
 * <p>Every method is one transaction of the store's {@link Jdbc} helper; every query of one
 * account's data takes its {@code accountId}. Obtained from {@link IamStore}; thread-safe.
 */
public final class AccountSettings extends Repository {

  AccountSettings(Jdbc db, Ids ids, Clock clock, ManagedPolicies awsManaged) {
    super(db, ids, clock, awsManaged);
  }

  // ---------------------------------------------------------------- alias

  /**
   * Gives the account the alias {@code alias}, replacing the one it had (an account has one, and IAM
   * replaces it). EntityAlreadyExists when the alias is taken, by another account of this store or by
   * this one already (AWS's aliases are unique across AWS).
   */
  public void createAlias(String accountId, String alias) {
    db.write(c -> {
      if (count(c, "SELECT COUNT(*) FROM account_aliases WHERE alias = ?", alias) > 0) {
        throw new IamException.EntityAlreadyExists("The account alias " + alias + " already exists.");
      }
      update(c, "DELETE FROM account_aliases WHERE account_id = ?", accountId);
      update(c, "INSERT INTO account_aliases(account_id, alias) VALUES (?, ?)", accountId, alias);
      return null;
    });
  }

  /** Deletes the account's alias, which must be {@code alias}; NoSuchEntity otherwise. */
  public void deleteAlias(String accountId, String alias) {
    db.write(c -> {
      if (update(c, "DELETE FROM account_aliases WHERE account_id = ? AND alias = ?", accountId, alias) == 0) {
        throw new IamException.NoSuchEntity("The account alias " + alias + " cannot be found.");
      }
      return null;
    });
  }

  /** The account's alias, if it has one. */
  public Optional<String> alias(String accountId) {
    return db.read(c -> one(c, "SELECT alias FROM account_aliases WHERE account_id = ?", rs -> rs.getString(1),
        accountId));
  }

  /** The account whose alias is {@code alias} (console sign-in by alias), if any. */
  public Optional<String> accountOfAlias(String alias) {
    return db.read(c -> one(c, "SELECT account_id FROM account_aliases WHERE alias = ?", rs -> rs.getString(1), alias));
  }

  // ---------------------------------------------------------------- STS preferences

  /** Sets the version of the tokens STS's global endpoint issues: 1 (v1Token) or 2 (v2Token). */
  public void setGlobalEndpointTokenVersion(String accountId, int version) {
    db.write(c -> {
      update(c, "DELETE FROM account_settings WHERE account_id = ?", accountId);
      update(c, "INSERT INTO account_settings(account_id, global_endpoint_token_version) VALUES (?, ?)", accountId,
          version);
      return null;
    });
  }

  /** The version of the tokens STS's global endpoint issues; 1 until set. */
  public int globalEndpointTokenVersion(String accountId) {
    return db.read(c -> tokenVersion(c, accountId));
  }

  private static int tokenVersion(Connection c, String accountId) throws SQLException {
    return one(c, "SELECT global_endpoint_token_version FROM account_settings WHERE account_id = ?",
        rs -> rs.getInt(1), accountId).orElse(1);
  }

  // ---------------------------------------------------------------- summary

  /** One counted entry of GetAccountSummary: its key and the query (one {@code ?}, the account) that counts it. */
  private record Counted(String key, String sql) {}

  /**
   * The counts of GetAccountSummary, one line per entity family. A family whose tables do not
   * exist yet (MFA devices, identity providers, certificates) counts 0 here until its repository
   * lands; its line then becomes a query.
   */
  private static final List<Counted> COUNTS = List.of(
      new Counted("Users", "SELECT COUNT(*) FROM users WHERE account_id = ?"),
      new Counted("Groups", "SELECT COUNT(*) FROM iam_groups WHERE account_id = ?"),
      new Counted("Roles", "SELECT COUNT(*) FROM roles WHERE account_id = ?"),
      new Counted("Policies", "SELECT COUNT(*) FROM policies WHERE account_id = ?"),
      new Counted("InstanceProfiles", "SELECT COUNT(*) FROM instance_profiles WHERE account_id = ?"),
      // the versions of customer managed policies attached to an entity
      new Counted("PolicyVersionsInUse", "SELECT COUNT(*) FROM policy_versions v JOIN policies p"
          + " ON p.policy_id = v.policy_id WHERE p.account_id = ? AND EXISTS (SELECT 1 FROM attachments a"
          + " WHERE a.policy_arn = p.arn)"),
      // the root user's access keys (0 or 1 in AWS's summary)
      new Counted("AccountAccessKeysPresent", "SELECT CASE WHEN COUNT(*) > 0 THEN 1 ELSE 0 END FROM access_keys"
          + " WHERE account_id = ? AND user_id IS NULL"),
      // every virtual MFA device of the account, and those enabled for a user (iamlocal's root user
      // has no MFA device, so AccountMFAEnabled stays 0)
      new Counted("MFADevices", "SELECT COUNT(*) FROM mfa_devices WHERE account_id = ?"),
      new Counted("MFADevicesInUse", "SELECT COUNT(*) FROM mfa_devices WHERE account_id = ? AND user_id IS NOT NULL"),
      new Counted("AccountMFAEnabled", null),
      // the account's identity providers, OIDC and SAML
      new Counted("Providers", "SELECT (SELECT COUNT(*) FROM oidc_providers WHERE account_id = ?)"
          + " + (SELECT COUNT(*) FROM saml_providers WHERE account_id = ?)"),
      new Counted("ServerCertificates", "SELECT COUNT(*) FROM server_certificates WHERE account_id = ?"),
      new Counted("AccountSigningCertificatesPresent", null),
      // iamlocal's root user has no console password
      new Counted("AccountPasswordPresent", null));

  /** GetAccountSummary's counts of the account, and its GlobalEndpointTokenVersion. */
  public Map<String, Integer> summaryCounts(String accountId) {
    return db.read(c -> {
      Map<String, Integer> out = new LinkedHashMap<>();
      for (Counted k : COUNTS) {
        if (k.sql() == null) {
          out.put(k.key(), 0);
          continue;
        }
        // the account for every parameter (a count may add up several tables)
        Object[] args = java.util.Collections.nCopies((int) k.sql().chars().filter(ch -> ch == '?').count(), accountId)
            .toArray();
        out.put(k.key(), count(c, k.sql(), args));
      }
      out.put("GlobalEndpointTokenVersion", tokenVersion(c, accountId));
      return out;
    });
  }

  // ---------------------------------------------------------------- credential report

  /** A credential report as generated. */
  public record CredentialReport(Instant generated, String content) {}

  /** Keeps {@code content} as the account's latest credential report, generated now. */
  public CredentialReport saveCredentialReport(String accountId, String content) {
    return db.writeUnversioned(c -> {
      Instant now = now();
      update(c, "DELETE FROM credential_reports WHERE account_id = ?", accountId);
      update(c, "INSERT INTO credential_reports(account_id, generated, content) VALUES (?, ?, ?)", accountId,
          millis(now), content);
      return new CredentialReport(now, content);
    });
  }

  /** The account's latest credential report, if one was generated. */
  public Optional<CredentialReport> credentialReport(String accountId) {
    return db.read(c -> one(c, "SELECT generated, content FROM credential_reports WHERE account_id = ?",
        rs -> new CredentialReport(instant(rs.getLong(1)), rs.getString(2)), accountId));
  }

  // ---------------------------------------------------------------- Organizations access reports

  /** An Organizations access report job. */
  public record AccessReportJob(String jobId, String entityPath, Instant created) {}

  /** Records a new Organizations access report job for {@code entityPath}. */
  public AccessReportJob createAccessReportJob(String accountId, String entityPath) {
    return db.writeUnversioned(c -> {
      AccessReportJob j = new AccessReportJob(java.util.UUID.randomUUID().toString(), entityPath, now());
      update(c, "INSERT INTO organizations_access_reports(job_id, account_id, entity_path, create_date)"
          + " VALUES (?, ?, ?, ?)", j.jobId(), accountId, entityPath, millis(j.created()));
      return j;
    });
  }

  /** The account's Organizations access report job {@code jobId}, if any. */
  public Optional<AccessReportJob> accessReportJob(String accountId, String jobId) {
    return db.read(c -> one(c, "SELECT job_id, entity_path, create_date FROM organizations_access_reports"
        + " WHERE account_id = ? AND job_id = ?", rs -> new AccessReportJob(rs.getString(1), rs.getString(2),
            instant(rs.getLong(3))), accountId, jobId));
  }
}
