package dev.iamlocal.store;

import static dev.iamlocal.store.Jdbc.count;
import static dev.iamlocal.store.Jdbc.instant;
import static dev.iamlocal.store.Jdbc.key;
import static dev.iamlocal.store.Jdbc.list;
import static dev.iamlocal.store.Jdbc.millis;
import static dev.iamlocal.store.Jdbc.one;
import static dev.iamlocal.store.Jdbc.update;

import dev.iamlocal.catalog.ManagedPolicies;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The repository of STS sessions: the temporary credentials AssumeRole issued.
 *
 * <p>Every method is one transaction of the store's {@link Jdbc} helper; every query of one
 * account's data takes its {@code accountId}. Obtained from {@link IamStore}; thread-safe.
 */
public final class Sessions extends Repository {

  Sessions(Jdbc db, Ids ids, Clock clock, ManagedPolicies awsManaged) {
    super(db, ids, clock, awsManaged);
  }

  /**
   * Stores temporary credentials issued by AssumeRole; the session's role must be a role of the
   * session's account ({@link IamException.NoSuchEntity} otherwise).
   */
  public void createSession(StsSession s) {
    db.write(c -> {
      switch (s.kind()) {
        case ROLE -> {
          if (count(c, "SELECT COUNT(*) FROM roles WHERE account_id = ? AND role_id = ?", s.accountId(), s.roleId())
              == 0) {
            throw new IamException.NoSuchEntity("The role with name "
                + s.roleArn().substring(s.roleArn().lastIndexOf('/') + 1) + " cannot be found.");
          }
        }
        case USER, FEDERATED -> {
          if (count(c, "SELECT COUNT(*) FROM users WHERE account_id = ? AND user_id = ?", s.accountId(), s.roleId())
              == 0) {
            throw new IamException.NoSuchEntity("The user with name " + s.sessionName() + " cannot be found.");
          }
        }
        case ROOT -> {
          // the account itself: it exists, or the caller could not have signed
        }
        case DELEGATED -> {
          // the identity that accepted a delegation request: a user (its id) or the root user (the account id)
          if (!s.roleId().equals(s.accountId()) && count(c, "SELECT COUNT(*) FROM users WHERE account_id = ? AND"
              + " user_id = ?", s.accountId(), s.roleId()) == 0) {
            throw new IamException.NoSuchEntity("The user with name " + s.sessionName() + " cannot be found.");
          }
        }
      }
      update(c, "INSERT INTO sts_sessions(access_key_id, account_id, secret, session_token, role_id, role_arn,"
          + " session_name, session_policy, policy_arns, tags, source_identity, create_date, expiration,"
          + " transitive_tag_keys, kind, mfa_auth_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          s.accessKeyId(),
          s.accountId(), s.secret(), s.sessionToken(), s.roleId(), s.roleArn(), s.sessionName(), s.sessionPolicy(),
          String.join("\n", s.policyArns()), encodeTags(s.tags()), s.sourceIdentity(), millis(s.createDate()),
          millis(s.expiration()), String.join("\n", s.transitiveTagKeys()), s.kind().column(),
          s.mfaAuthenticatedAt() == null ? null : millis(s.mfaAuthenticatedAt()));
      // expired sessions are useless: drop them while we are writing anyway
      update(c, "DELETE FROM sts_sessions WHERE expiration < ?", millis(now().minusSeconds(3600)));
      return null;
    });
  }

  /** The session with this ASIA… key id, if any (expired ones included: the caller decides). */
  public Optional<StsSession> session(String accessKeyId) {
    return db.read(c -> one(c, SESSION_COLUMNS + " WHERE access_key_id = ?", Sessions::sessionRow, accessKeyId));
  }

  /** The newest unexpired session of the role with this session name, if any. */
  public Optional<StsSession> latestSession(String accountId, String roleName, String sessionName) {
    return db.read(c -> {
      Optional<Role> r = Roles.findRole(c, accountId, roleName);
      if (r.isEmpty()) {
        return Optional.empty();
      }
      return one(c, SESSION_COLUMNS + " WHERE role_id = ? AND session_name = ? AND expiration > ?"
          + " ORDER BY create_date DESC", Sessions::sessionRow, r.get().roleId(), sessionName, millis(now()));
    });
  }

  private static final String SESSION_COLUMNS = "SELECT access_key_id, account_id, secret, session_token, role_id,"
      + " role_arn, session_name, session_policy, policy_arns, tags, source_identity, create_date, expiration,"
      + " transitive_tag_keys, kind, mfa_auth_time FROM sts_sessions";

  private static StsSession sessionRow(ResultSet rs) throws SQLException {
    return new StsSession(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getString(7), rs.getString(8), lines(rs.getString(9)), decodeTags(rs.getString(10)),
        rs.getString(11), instant(rs.getLong(12)), instant(rs.getLong(13)), lines(rs.getString(14)),
        StsSession.Kind.ofColumn(rs.getString(15)), mfaTime(rs));
  }

  private static java.time.Instant mfaTime(ResultSet rs) throws SQLException {
    long t = rs.getLong(16);
    return rs.wasNull() ? null : instant(t);
  }

  /** A newline-separated column as a list: NULL and empty are no items. */
  private static List<String> lines(String text) {
    return text == null || text.isEmpty() ? List.of() : List.of(text.split("\n"));
  }

  private static String encodeTags(Map<String, String> tags) {
    StringBuilder b = new StringBuilder();
    tags.forEach((k, v) -> b.append(k.replace("\\", "\\\\").replace("=", "\\e").replace("\n", "\\n")).append('=')
        .append(v.replace("\\", "\\\\").replace("\n", "\\n")).append('\n'));
    return b.toString();
  }

  private static Map<String, String> decodeTags(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    if (text == null) {
      return out;
    }
    for (String line : text.split("\n")) {
      int eq = line.indexOf('=');
      if (eq >= 0) {
        out.put(unescape(line.substring(0, eq)), unescape(line.substring(eq + 1)));
      }
    }
    return out;
  }

  private static String unescape(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        b.append(n == 'n' ? '\n' : n == 'e' ? '=' : n);
      } else {
        b.append(ch);
      }
    }
    return b.toString();
  }
}
