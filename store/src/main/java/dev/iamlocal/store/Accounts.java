package dev.iamlocal.store;

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
import java.util.Optional;

/**
 * The repository of accounts of the store, with the root user's first access key (ensureAccount).
 *
 * <p>Every method is one transaction of the store's {@link Jdbc} helper; every query of one
 * account's data takes its {@code accountId}. Obtained from {@link IamStore}; thread-safe.
 */
public final class Accounts extends Repository {

  Accounts(Jdbc db, Ids ids, Clock clock, ManagedPolicies awsManaged) {
    super(db, ids, clock, awsManaged);
  }

  /** Creates a new account with a random 12-digit id. */
  public Account createAccount() {
    return db.write(c -> {
      Account a = new Account(ids.accountId(), now());
      update(c, "INSERT INTO accounts(account_id, create_date) VALUES (?, ?)", a.accountId(), millis(a.createDate()));
      return a;
    });
  }

  /**
   * An account and its root user's access key, as {@link #ensureAccount()} found or made them.
   *
   * @param rootKeyCreated whether this call created the key (its secret has never been shown)
   */
  public record AccountAndRootKey(Account account, AccessKey rootKey, boolean rootKeyCreated) {

    /** A pair that was already there. */
    public AccountAndRootKey(Account account, AccessKey rootKey) {
      this(account, rootKey, false);
    }
  }

  /**
   * The store's first account and its root user's first access key, each created when missing, in
   * one transaction. Several nodes starting at once on one empty PostgreSQL database therefore
   * agree on one account and one key: the transaction first locks the accounts table in a mode
   * that conflicts with itself, so the second node looks only after the first has committed.
   * (SQLite has one writer already.)
   */
  public AccountAndRootKey ensureAccount() {
    // Found by a read when there: a node that may not write (a second store on one SQLite file)
    // can still start on a database that is set up.
    Optional<AccountAndRootKey> existing = db.read(Accounts::firstAccountAndRootKey);
    if (existing.isPresent()) {
      return existing.get();
    }
    return db.write(c -> {
      if (db.postgres()) {
        update(c, "LOCK TABLE accounts IN SHARE ROW EXCLUSIVE MODE");
      }
      Account a = firstAccount(c);
      if (a == null) {
        a = new Account(ids.accountId(), now());
        update(c, "INSERT INTO accounts(account_id, create_date) VALUES (?, ?)", a.accountId(), millis(a.createDate()));
      }
      AccessKey k = AccessKeys.firstRootKey(c, a.accountId());
      boolean created = k == null;
      if (created) {
        k = new AccessKey(a.accountId(), ids.id("AKIA"), null, null, ids.secret(), "Active", now());
        update(c, "INSERT INTO access_keys(access_key_id, account_id, user_id, secret, status, create_date)"
            + " VALUES (?, ?, ?, ?, ?, ?)", k.accessKeyId(), a.accountId(), null, k.secret(), k.status(),
            millis(k.createDate()));
      }
      return new AccountAndRootKey(a, k, created);
    });
  }

  private static Optional<AccountAndRootKey> firstAccountAndRootKey(Connection c) throws SQLException {
    Account a = firstAccount(c);
    AccessKey k = a == null ? null : AccessKeys.firstRootKey(c, a.accountId());
    return k == null ? Optional.empty() : Optional.of(new AccountAndRootKey(a, k));
  }

  private static Account firstAccount(Connection c) throws SQLException {
    return one(c, ACCOUNTS_OLDEST_FIRST + " LIMIT 1", Accounts::accountRow).orElse(null);
  }

  private static final String ACCOUNTS_OLDEST_FIRST =
      "SELECT account_id, create_date FROM accounts ORDER BY create_date, account_id";

  private static Account accountRow(ResultSet rs) throws SQLException {
    return new Account(rs.getString(1), instant(rs.getLong(2)));
  }

  /** All accounts, oldest first. */
  public List<Account> all() {
    return db.read(c -> list(c, ACCOUNTS_OLDEST_FIRST, Accounts::accountRow));
  }

  /** The account, if it exists. */
  public Optional<Account> account(String accountId) {
    return db.read(c -> one(c, "SELECT account_id, create_date FROM accounts WHERE account_id = ?",
        Accounts::accountRow, accountId));
  }
}
