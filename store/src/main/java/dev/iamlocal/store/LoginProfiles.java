package dev.iamlocal.store;

import static dev.iamlocal.store.Jdbc.instant;
import static dev.iamlocal.store.Jdbc.list;
import static dev.iamlocal.store.Jdbc.millis;
import static dev.iamlocal.store.Jdbc.one;
import static dev.iamlocal.store.Jdbc.update;

import dev.iamlocal.catalog.ManagedPolicies;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The repository of console passwords (login profiles) and of the account password policy, which
 * every password set here must meet: CreateLoginProfile, UpdateLoginProfile and ChangePassword
 * refuse a password the policy (or, without one, AWS's default policy) does not allow, or one of the
 * user's last {@code PasswordReusePrevention} passwords ({@link PasswordPolicyViolation}).
 * Passwords are kept as {@link PasswordHash}es only.
 *
 * <p>Every method is one transaction of the store's {@link Jdbc} helper; every query of one
 * account's data takes its {@code accountId}. Obtained from {@link IamStore}; thread-safe.
 */
public final class LoginProfiles extends Repository {

  /** The most earlier passwords IAM can be asked to remember (PasswordReusePrevention's maximum). */
  static final int HISTORY = 24;

  LoginProfiles(Jdbc db, Ids ids, Clock clock, ManagedPolicies awsManaged) {
    super(db, ids, clock, awsManaged);
  }

  // ---------------------------------------------------------------- login profiles

  /** Creates the user's login profile; EntityAlreadyExists when it has one, NoSuchEntity without the user. */
  public LoginProfile create(String accountId, String userName, String password, boolean resetRequired) {
    return db.write(c -> {
      User u = Users.requireUser(c, accountId, userName);
      if (find(c, u).isPresent()) {
        throw new IamException.EntityAlreadyExists("Login Profile for user " + userName + " already exists.");
      }
      checkPassword(c, u, password, null);
      Instant now = now();
      update(c, "INSERT INTO login_profiles(user_id, account_id, password_hash, reset_required, create_date,"
          + " password_changed) VALUES (?, ?, ?, ?, ?, ?)", u.userId(), accountId, PasswordHash.hash(password),
          resetRequired ? 1 : 0, millis(now), millis(now));
      return new LoginProfile(accountId, u.userId(), u.name(), resetRequired, now, now, null);
    });
  }

  /** The user's login profile; NoSuchEntity without the user or without a profile. */
  public LoginProfile get(String accountId, String userName) {
    return db.read(c -> require(c, Users.requireUser(c, accountId, userName)));
  }

  /** The login profiles of all users of the account (the credential report's password columns). */
  public List<LoginProfile> all(String accountId) {
    return db.read(c -> list(c, "SELECT l.user_id, u.name, l.reset_required, l.create_date, l.password_changed,"
        + " l.password_last_used FROM login_profiles l JOIN users u ON u.user_id = l.user_id WHERE l.account_id = ?",
        rs -> row(accountId, rs), accountId));
  }

  /**
   * Sets a new password (when not null, policy enforced) and/or the reset flag (when not null) of
   * the user's login profile, as an administrator does (UpdateLoginProfile).
   */
  public void updateProfile(String accountId, String userName, String password, Boolean resetRequired) {
    db.write(c -> {
      User u = Users.requireUser(c, accountId, userName);
      require(c, u);
      if (password != null) {
        setPassword(c, u, password, resetRequired != null && resetRequired);
      } else if (resetRequired != null) {
        update(c, "UPDATE login_profiles SET reset_required = ? WHERE user_id = ?", resetRequired ? 1 : 0, u.userId());
      }
      return null;
    });
  }

  /** Deletes the user's login profile (its password history stays, for reuse prevention). */
  public void delete(String accountId, String userName) {
    db.write(c -> {
      User u = Users.requireUser(c, accountId, userName);
      require(c, u);
      update(c, "DELETE FROM login_profiles WHERE user_id = ?", u.userId());
      return null;
    });
  }

  /** The outcome of {@link #changePassword}. */
  public enum Change { CHANGED, NO_PROFILE, WRONG_OLD_PASSWORD }

  /**
   * A user's change of their own password: the old one must match; the new one must meet the
   * policy (and differ from the recent ones). Clears the reset flag.
   */
  public Change changePassword(String accountId, String userName, String oldPassword, String newPassword) {
    return db.write(c -> {
      User u = Users.requireUser(c, accountId, userName);
      Optional<String> stored = storedHash(c, u);
      if (stored.isEmpty()) {
        PasswordHash.matches(oldPassword, null);
        return Change.NO_PROFILE;
      }
      if (!PasswordHash.matches(oldPassword, stored.get())) {
        return Change.WRONG_OLD_PASSWORD;
      }
      setPassword(c, u, newPassword, false);
      return Change.CHANGED;
    });
  }

  /** What a console sign-in with a password found. */
  public enum SignIn {
    /** The password is right and current. */
    OK,
    /** Right, but the user must set a new one first (PasswordResetRequired, or expired without hard expiry). */
    MUST_CHANGE,
    /** Right, but expired under a policy with HardExpiry: only an administrator can set a new one. */
    EXPIRED_HARD,
    /** No such user, no login profile, or a wrong password (never told apart to the caller). */
    FAILED
  }

  /**
   * Checks a console password; on success records its use ({@code password_last_used}). Takes as
   * long for a missing user as for a wrong password.
   */
  public SignIn signIn(String accountId, String userName, String password) {
    // the last use is bookkeeping no authorization depends on: no change-counter bump
    return db.writeUnversioned(c -> {
      Optional<User> u = Users.findUser(c, accountId, userName);
      Optional<String> stored = u.isPresent() ? storedHash(c, u.get()) : Optional.empty();
      if (!PasswordHash.matches(password, stored.orElse(null)) || stored.isEmpty()) {
        return SignIn.FAILED;
      }
      LoginProfile lp = require(c, u.get());
      update(c, "UPDATE login_profiles SET password_last_used = ? WHERE user_id = ?", millis(now()), u.get().userId());
      Optional<PasswordPolicy> policy = policy(c, accountId);
      boolean expired = policy.isPresent() && policy.get().expirePasswords()
          && now().isAfter(lp.passwordChanged().plus(Duration.ofDays(policy.get().maxPasswordAge())));
      if (expired && Boolean.TRUE.equals(policy.get().hardExpiry())) {
        return SignIn.EXPIRED_HARD;
      }
      return expired || lp.passwordResetRequired() ? SignIn.MUST_CHANGE : SignIn.OK;
    });
  }

  /** Deletes a user's password history (DeleteUser, in its transaction). */
  static void deleteHistory(Connection c, String userId) throws SQLException {
    update(c, "DELETE FROM password_history WHERE user_id = ?", userId);
  }

  /** Whether the user has a login profile (DeleteUser refuses it then). */
  static boolean hasProfile(Connection c, String userId) throws SQLException {
    return Jdbc.count(c, "SELECT COUNT(*) FROM login_profiles WHERE user_id = ?", userId) > 0;
  }

  private void setPassword(Connection c, User u, String password, boolean resetRequired) throws SQLException {
    String current = storedHash(c, u).orElseThrow();
    checkPassword(c, u, password, current);
    long seq = one(c, "SELECT COALESCE(MAX(seq), 0) FROM password_history WHERE user_id = ?", rs -> rs.getLong(1),
        u.userId()).orElse(0L) + 1;
    update(c, "INSERT INTO password_history(user_id, account_id, seq, password_hash) VALUES (?, ?, ?, ?)",
        u.userId(), u.accountId(), seq, current);
    update(c, "DELETE FROM password_history WHERE user_id = ? AND seq <= ?", u.userId(), seq - HISTORY);
    update(c, "UPDATE login_profiles SET password_hash = ?, reset_required = ?, password_changed = ? WHERE user_id = ?",
        PasswordHash.hash(password), resetRequired ? 1 : 0, millis(now()), u.userId());
  }

  /**
   * The account's policy (or AWS's default one) and reuse prevention: the new password may not be
   * any of the user's last {@code PasswordReusePrevention} passwords, the current one included.
   */
  private void checkPassword(Connection c, User u, String password, String currentHash) throws SQLException {
    Optional<PasswordPolicy> policy = policy(c, u.accountId());
    Optional<String> why;
    if (policy.isPresent()) {
      why = policy.get().violation(password);
    } else {
      List<String> names = new ArrayList<>();
      names.add(u.accountId());
      one(c, "SELECT alias FROM account_aliases WHERE account_id = ?", rs -> rs.getString(1), u.accountId())
          .ifPresent(names::add);
      why = PasswordPolicy.defaultViolation(password, names);
    }
    if (why.isPresent()) {
      throw new PasswordPolicyViolation(why.get());
    }
    Integer reuse = policy.map(PasswordPolicy::passwordReusePrevention).orElse(null);
    if (reuse == null || reuse < 1) {
      return;
    }
    List<String> recent = new ArrayList<>();
    if (currentHash != null) {
      recent.add(currentHash);
    }
    recent.addAll(list(c, "SELECT password_hash FROM password_history WHERE user_id = ? ORDER BY seq DESC",
        rs -> rs.getString(1), u.userId()));
    for (String h : recent.subList(0, Math.min(reuse, recent.size()))) {
      if (PasswordHash.matches(password, h)) {
        throw new PasswordPolicyViolation("the policy's PasswordReusePrevention (" + reuse
            + ") forbids one of the user's last " + reuse + " passwords");
      }
    }
  }

  private static Optional<String> storedHash(Connection c, User u) throws SQLException {
    return one(c, "SELECT password_hash FROM login_profiles WHERE user_id = ?", rs -> rs.getString(1), u.userId());
  }

  private static Optional<LoginProfile> find(Connection c, User u) throws SQLException {
    return one(c, "SELECT l.user_id, u.name, l.reset_required, l.create_date, l.password_changed, l.password_last_used"
        + " FROM login_profiles l JOIN users u ON u.user_id = l.user_id WHERE l.user_id = ?",
        rs -> row(u.accountId(), rs), u.userId());
  }

  private static LoginProfile require(Connection c, User u) throws SQLException {
    return find(c, u).orElseThrow(() -> new IamException.NoSuchEntity("Login Profile for User " + u.name()
        + " cannot be found."));
  }

  private static LoginProfile row(String accountId, ResultSet rs) throws SQLException {
    long used = rs.getLong(6);
    Instant lastUsed = rs.wasNull() ? null : instant(used);
    return new LoginProfile(accountId, rs.getString(1), rs.getString(2), rs.getInt(3) != 0, instant(rs.getLong(4)),
        instant(rs.getLong(5)), lastUsed);
  }

  // ---------------------------------------------------------------- the account password policy

  /** The account's password policy, if it has one. */
  public Optional<PasswordPolicy> policy(String accountId) {
    return db.read(c -> policy(c, accountId));
  }

  /** Sets (replaces) the account's password policy. */
  public void putPolicy(String accountId, PasswordPolicy p) {
    db.write(c -> {
      update(c, "DELETE FROM password_policies WHERE account_id = ?", accountId);
      update(c, "INSERT INTO password_policies(account_id, min_length, require_symbols, require_numbers, require_upper,"
          + " require_lower, allow_change, max_age, reuse_prevention, hard_expiry) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          accountId, p.minimumPasswordLength(), bit(p.requireSymbols()), bit(p.requireNumbers()),
          bit(p.requireUppercaseCharacters()), bit(p.requireLowercaseCharacters()), bit(p.allowUsersToChangePassword()),
          p.maxPasswordAge(), p.passwordReusePrevention(), p.hardExpiry() == null ? null : bit(p.hardExpiry()));
      return null;
    });
  }

  /** Deletes the account's password policy; false when there was none. */
  public boolean deletePolicy(String accountId) {
    return db.write(c -> update(c, "DELETE FROM password_policies WHERE account_id = ?", accountId) > 0);
  }

  private static int bit(boolean b) {
    return b ? 1 : 0;
  }

  static Optional<PasswordPolicy> policy(Connection c, String accountId) throws SQLException {
    return one(c, "SELECT min_length, require_symbols, require_numbers, require_upper, require_lower, allow_change,"
        + " max_age, reuse_prevention, hard_expiry FROM password_policies WHERE account_id = ?", rs -> {
          Integer maxAge = (Integer) nullable(rs, 7);
          Integer reuse = (Integer) nullable(rs, 8);
          Integer hard = (Integer) nullable(rs, 9);
          return new PasswordPolicy(rs.getInt(1), rs.getInt(2) != 0, rs.getInt(3) != 0, rs.getInt(4) != 0,
              rs.getInt(5) != 0, rs.getInt(6) != 0, maxAge, reuse, hard == null ? null : hard != 0);
        }, accountId);
  }

  private static Object nullable(ResultSet rs, int column) throws SQLException {
    int v = rs.getInt(column);
    return rs.wasNull() ? null : v;
  }
}
