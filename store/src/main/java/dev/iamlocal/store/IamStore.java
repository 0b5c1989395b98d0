package dev.iamlocal.store;

import static dev.iamlocal.store.Jdbc.list;
import static dev.iamlocal.store.Jdbc.one;
import static dev.iamlocal.store.Jdbc.update;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.iamlocal.catalog.ManagedPolicies;
import dev.iamlocal.catalog.ManagedPolicy;
import dev.iamlocal.store.Jdbc.Work;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.Flyway;

/**
 * The IAM world of one or more accounts, persisted in SQLite (embedded default) or PostgreSQL.
 *
 * <p>Every write runs in one transaction that also bumps {@link #changeVersion()}; reads see
 * committed state only, so several servers sharing one PostgreSQL database see each other's
 * changes on their next request (nothing is cached here; callers that cache check the version). Names are unique case-insensitively, as in IAM. Failures are {@link IamException}s
 * carrying the IAM error code and AWS's message.
 *
 * <p>Thread-safe. On SQLite, writes go through a pool of one connection (SQLite serializes writers
 * anyway, and one connection avoids {@code SQLITE_BUSY} on lock upgrades) and reads through a pool
 * of their own: in WAL mode readers never wait for a writer, so a write's fsync does not stall
 * every request behind it. On PostgreSQL one pool serves both.
 */
public final class IamStore implements AutoCloseable {

  /** The PostgreSQL application name of the decision log's connection. */
  static final String LOG_CONNECTION_NAME = "iamlocal-decision-log";

  /** Quota: customer managed policy document size, non-whitespace characters (spec §13). */
  public static final int MANAGED_POLICY_SIZE = 6144;
  /** Quota: stored versions per managed policy. */
  public static final int POLICY_VERSIONS = 5;
  /** Quota: groups a user may be in. */
  public static final int GROUPS_PER_USER = 10;
  /** Quota: access keys per user (and for the root user). */
  public static final int ACCESS_KEYS_PER_USER = 2;
  /** Quota: customer managed policies per account. */
  public static final int POLICIES_PER_ACCOUNT = 1500;

  /** Every write (and, on PostgreSQL, every read). */
  private final HikariDataSource ds;
  /** Reads: a pool of its own on SQLite, the same pool as {@link #ds} on PostgreSQL. */
  private final HikariDataSource reads;
  /** PostgreSQL: reads of the shared counter, coalesced. */
  private final VersionGate version;
  /**
   * SQLite, when this store owns the file: the counter as of its own last commit. No one else
   * writes the file, so this is the database's counter without a query per request.
   */
  private final AtomicLong ownedVersion;
  /** SQLite: the lock that makes this store the file's only writer; null otherwise. */
  private final SqliteOwnership ownership;
  private final Clock clock;
  private final Ids ids = new Ids();
  private final ManagedPolicies awsManaged;

  private final boolean postgres;
  /** Where the database is: the decision log opens a connection of its own (see {@link #openLogConnection}). */
  private final StoreConfig config;
  private volatile boolean closed;

  private IamStore(HikariDataSource ds, HikariDataSource reads, Clock clock, StoreConfig config,
      SqliteOwnership ownership) {
    this.ds = ds;
    this.config = config;
    this.reads = reads;
    this.ownership = ownership;
    this.version = new VersionGate(this::queryChangeVersion);
    this.ownedVersion = ownership == null ? null : new AtomicLong(queryChangeVersion());
    this.clock = clock;
    this.postgres = config.postgres();
    this.awsManaged = ManagedPolicies.bundled();
  }

  /** Opens (and creates or migrates) the SQLite database {@code file}. */
  public static IamStore openSqlite(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot create the directory of " + file + ": " + e.getMessage(), e);
    }
    return open("jdbc:sqlite:" + file.toAbsolutePath(), null, null, Clock.systemUTC());
  }

  /**
   * Opens the database at {@code jdbcUrl} ({@code jdbc:sqlite:…} or {@code jdbc:postgresql://…})
   * and applies the schema migrations.
   *
   * @param user database user or null; {@code password} likewise
   */
  public static IamStore open(String jdbcUrl, String user, String password, Clock clock) {
    return open(new StoreConfig(jdbcUrl, user, password), clock);
  }

  /**
   * Opens the configured database and applies the schema migrations (Flyway; several nodes may
   * start at once on one PostgreSQL database: Flyway serializes them with an advisory lock).
   */
  public static IamStore open(StoreConfig config, Clock clock) {
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(config.url());
    cfg.setPoolName("iamlocal-store");
    if (config.user() != null) {
      cfg.setUsername(config.user());
    }
    if (config.password() != null) {
      cfg.setPassword(config.password());
    }
    if (config.sqlite()) {
      cfg.setMaximumPoolSize(1);
      sqliteSettings(cfg);
      // The decision log writes through a connection of its own (openLogConnection). A deferred
      // transaction that read before that connection committed could not then write
      // (SQLITE_BUSY, which no busy timeout retries); an immediate one takes the write lock at
      // BEGIN and waits its turn instead. Reads keep deferred transactions: they never lock.
      cfg.addDataSourceProperty("transaction_mode", "IMMEDIATE");
    } else {
      cfg.setMaximumPoolSize(8);
      // a node must not hang forever on a database that went away
      cfg.setConnectionTimeout(10_000);
      // reads (most transactions) need one snapshot; writes switch to READ COMMITTED per transaction
      cfg.setTransactionIsolation("TRANSACTION_REPEATABLE_READ");
    }
    cfg.setAutoCommit(true);
    SqliteOwnership ownership = config.sqlite() ? SqliteOwnership.tryTake(sqliteFile(config.url())) : null;
    HikariDataSource ds = null;
    HikariDataSource reads = null;
    try {
      ds = new HikariDataSource(cfg);
      reads = ds;
      if (!config.sqlite() || ownership != null) {
        Flyway.configure().dataSource(ds).locations("classpath:db/migration")
            .javaMigrations(new BindTrustPrincipals()).load().migrate();
      }
      if (config.sqlite()) {
        // opened after the migration, so that no reader ever sees a half-migrated schema
        HikariConfig r = new HikariConfig();
        r.setJdbcUrl(config.url());
        r.setPoolName("iamlocal-store-reads");
        r.setMaximumPoolSize(SQLITE_READERS);
        sqliteSettings(r);
        reads = new HikariDataSource(r);
      }
    } catch (RuntimeException e) {
      if (ds != null) {
        ds.close();
      }
      if (ownership != null) {
        ownership.close();
      }
      throw e;
    }
    return new IamStore(ds, reads, clock, config, ownership);
  }

  /** The database file of a {@code jdbc:sqlite:} URL. */
  private static Path sqliteFile(String url) {
    String rest = url.substring("jdbc:sqlite:".length());
    if (rest.startsWith("file:")) {
      rest = rest.substring("file:".length());
    }
    int q = rest.indexOf('?');
    return Path.of(q < 0 ? rest : rest.substring(0, q)).toAbsolutePath();
  }

  /**
   * Whether this store may write. Always on PostgreSQL; on SQLite only for the store that owns the
   * file (the first opened; see {@link SqliteOwnership}): a second {@code iamlocal serve} on one
   * data directory must not run, and tools reading a running server's database only read.
   */
  public boolean writable() {
    return postgres || ownership != null;
  }

  /** Concurrent SQLite readers: more than the cores of a small machine, fewer than Jetty's threads. */
  private static final int SQLITE_READERS = 4;

  private static void sqliteSettings(HikariConfig cfg) {
    // WAL + synchronous=FULL: a commit returns only after its WAL frames are fsync'ed, so an
    // acknowledged write survives kill -9 and power loss; WAL keeps readers off the writer's lock.
    cfg.setDataSourceProperties(sqliteProperties("FULL"));
  }

  /** The SQLite driver's settings of every connection this store opens, with {@code synchronous} as given. */
  private static java.util.Properties sqliteProperties(String synchronous) {
    java.util.Properties p = new java.util.Properties();
    p.setProperty("foreign_keys", "true");
    p.setProperty("journal_mode", "WAL");
    p.setProperty("synchronous", synchronous);
    p.setProperty("busy_timeout", "10000");
    return p;
  }

  /**
   * A connection for the decision log's appends and pruning only, held by its writer: log
   * commits do not wait for the disk (SQLite {@code synchronous=NORMAL}, PostgreSQL
   * {@code synchronous_commit=off}; a crash may lose the last records, never a call's effect, and
   * every IAM write stays durable on the store's own connections), and its statements stay
   * prepared across batches. Writes at READ COMMITTED on PostgreSQL, like every write: two nodes
   * pruning the same oldest rows wait for each other instead of failing with a serialization error.
   */
  Connection openLogConnection() throws SQLException {
    if (closed) {
      // a log writer outliving its store must not reopen the database (on SQLite after the owner
      // lock is gone)
      throw new IllegalStateException("the store is closed");
    }
    checkWritable();
    java.util.Properties props = postgres ? new java.util.Properties() : sqliteProperties("NORMAL");
    if (config.user() != null) {
      props.setProperty("user", config.user());
    }
    if (config.password() != null) {
      props.setProperty("password", config.password());
    }
    if (postgres) {
      props.setProperty("connectTimeout", "10");
      // one per node, named so that an operator can tell it from the pool's in pg_stat_activity
      props.setProperty("ApplicationName", LOG_CONNECTION_NAME);
    } else {
      props.setProperty("transaction_mode", "IMMEDIATE");
    }
    Connection c = java.sql.DriverManager.getConnection(config.url(), props);
    try {
      if (postgres) {
        try (java.sql.Statement st = c.createStatement()) {
          st.execute("SET synchronous_commit = off");
        }
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      }
      return c;
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /**
   * The store's change counter: incremented in the same transaction as every write, by any node.
   * A node that caches something derived from the store reads this once per request and rebuilds
   * what it cached at an older value; because the counter is read before the data it guards, a
   * cache entry is never newer than its stamp, so it is never stale (at worst rebuilt once more).
   *
   * <p>Concurrent callers share database reads (see {@link VersionGate}): the value returned was
   * read by a query that started after this call began, so it covers every write committed before.
   */
  public long changeVersion() {
    return ownedVersion != null ? ownedVersion.get() : version.read();
  }

  private long queryChangeVersion() {
    try (Connection c = reads.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT version FROM store_version WHERE id = 1");
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new IllegalStateException("store_version row is missing: the schema was not migrated");
      }
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new StoreException(e);
    }
  }

  /** A SQLite pragma's value on the write connection (for tests of the durability settings). */
  String sqlitePragma(String name) {
    if (postgres || !name.matches("[a-z_]+")) {
      throw new IllegalArgumentException(name);
    }
    try (Connection c = ds.getConnection()) {
      return one(c, "PRAGMA " + name, rs -> rs.getString(1)).orElse(null);
    } catch (SQLException e) {
      throw new StoreException(e);
    }
  }

  @Override
  public void close() {
    closed = true;
    if (reads != ds) {
      reads.close();
    }
    ds.close();
    if (ownership != null) {
      ownership.close();
    }
  }

  /** Transactions on this store's pools, for the sibling stores ({@link SageMakerStore}, {@link DecisionStore}). */
  Jdbc jdbc() {
    return new Jdbc(ds, reads, this::checkWritable);
  }

  private void checkWritable() {
    if (!writable()) {
      throw new ReadOnlyStore();
    }
  }

  /** A write to a SQLite database that another store (this process's or another's) owns. */
  public static final class ReadOnlyStore extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ReadOnlyStore() {
      super("this SQLite database is in use by another iamlocal store (another 'iamlocal serve' on the same data"
          + " directory?): only its owner writes it; several servers need PostgreSQL (--db jdbc:postgresql://...)");
    }
  }

  // ---------------------------------------------------------------- accounts and access keys

  /** Creates a new account with a random 12-digit id. */
  public Account createAccount() {
    return tx(c -> {
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
    Optional<AccountAndRootKey> existing = read(IamStore::firstAccountAndRootKey);
    if (existing.isPresent()) {
      return existing.get();
    }
    return tx(c -> {
      if (postgres) {
        update(c, "LOCK TABLE accounts IN SHARE ROW EXCLUSIVE MODE");
      }
      Account a = firstAccount(c);
      if (a == null) {
        a = new Account(ids.accountId(), now());
        update(c, "INSERT INTO accounts(account_id, create_date) VALUES (?, ?)", a.accountId(), millis(a.createDate()));
      }
      AccessKey k = firstRootKey(c, a.accountId());
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
    AccessKey k = a == null ? null : firstRootKey(c, a.accountId());
    return k == null ? Optional.empty() : Optional.of(new AccountAndRootKey(a, k));
  }

  private static Account firstAccount(Connection c) throws SQLException {
    return one(c, ACCOUNTS_OLDEST_FIRST + " LIMIT 1", IamStore::accountRow).orElse(null);
  }

  private static AccessKey firstRootKey(Connection c, String accountId) throws SQLException {
    return one(c, ROOT_KEYS_OLDEST_FIRST + " LIMIT 1", IamStore::accessKeyRow, accountId).orElse(null);
  }

  private static final String ACCOUNTS_OLDEST_FIRST =
      "SELECT account_id, create_date FROM accounts ORDER BY create_date, account_id";
  private static final String ROOT_KEYS_OLDEST_FIRST =
      "SELECT k.account_id, k.access_key_id, NULL, k.user_id, k.secret, k.status, k.create_date"
      + " FROM access_keys k WHERE k.account_id = ? AND k.user_id IS NULL ORDER BY k.create_date, k.access_key_id";

  private static Account accountRow(ResultSet rs) throws SQLException {
    return new Account(rs.getString(1), instant(rs.getLong(2)));
  }

  /** All accounts, oldest first. */
  public List<Account> accounts() {
    return read(c -> list(c, ACCOUNTS_OLDEST_FIRST, IamStore::accountRow));
  }

  /** The account, if it exists. */
  public Optional<Account> account(String accountId) {
    return read(c -> one(c, "SELECT account_id, create_date FROM accounts WHERE account_id = ?",
        IamStore::accountRow, accountId));
  }

  /**
   * Creates an access key for {@code userName}, or for the account's root user when it is null.
   * The returned key carries the secret; it is the only time a caller should show it.
   */
  public AccessKey createAccessKey(String accountId, String userName) {
    return tx(c -> {
      String userId = null;
      if (userName != null) {
        userId = requireUser(c, accountId, userName).userId();
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
    return read(c -> one(c, "SELECT k.account_id, k.access_key_id, u.name, k.user_id, k.secret, k.status,"
        + " k.create_date FROM access_keys k LEFT JOIN users u ON u.user_id = k.user_id WHERE k.access_key_id = ?",
        IamStore::accessKeyRow, accessKeyId));
  }

  /** The keys of {@code userName} (root's when null), oldest first; secrets included, callers must not show them. */
  public List<AccessKey> listAccessKeys(String accountId, String userName) {
    return read(c -> {
      if (userName == null) {
        return list(c, ROOT_KEYS_OLDEST_FIRST, IamStore::accessKeyRow, accountId);
      }
      User u = requireUser(c, accountId, userName);
      return list(c, "SELECT k.account_id, k.access_key_id, ?, k.user_id, k.secret, k.status, k.create_date"
          + " FROM access_keys k WHERE k.user_id = ? ORDER BY k.create_date, k.access_key_id",
          IamStore::accessKeyRow, u.name(), u.userId());
    });
  }

  private static AccessKey accessKeyRow(ResultSet rs) throws SQLException {
    return new AccessKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), instant(rs.getLong(7)));
  }

  // ---------------------------------------------------------------- users

  /** Creates a user; {@code path} defaults to {@code /}. */
  public User createUser(String accountId, String name, String path, Map<String, String> tags) {
    return createUser(accountId, name, path, tags, null);
  }

  /**
   * Creates a user with its tags and, when {@code boundaryArn} is not null, its permissions
   * boundary, in one transaction: the boundary must be an existing managed policy (AWS managed or
   * of this account), else nothing is created ({@link IamException.NoSuchEntity}).
   */
  public User createUser(String accountId, String name, String path, Map<String, String> tags, String boundaryArn) {
    String p = path == null ? "/" : path;
    checkTagCount(tags == null ? 0 : tags.size(), "User");
    return tx(c -> {
      if (findUser(c, accountId, name).isPresent()) {
        throw new IamException.EntityAlreadyExists("User with name " + name + " already exists.");
      }
      if (boundaryArn != null) {
        requireBoundaryPolicy(c, accountId, boundaryArn);
      }
      User u = new User(accountId, ids.id("AIDA"), name, p, boundaryArn, now());
      update(c, "INSERT INTO users(user_id, account_id, name, name_key, path, boundary_arn, create_date)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?)", u.userId(), accountId, name, key(name), p, boundaryArn,
          millis(u.createDate()));
      putTags(c, "user", u.userId(), tags);
      return u;
    });
  }

  /** The user; {@link IamException.NoSuchEntity} when there is none. */
  public User getUser(String accountId, String name) {
    return read(c -> requireUser(c, accountId, name));
  }

  /** The user of {@code accountId} with this unique id, if any. */
  public Optional<User> userById(String accountId, String userId) {
    return read(c -> one(c, USER_COLUMNS + " WHERE account_id = ? AND user_id = ?", IamStore::userRow, accountId,
        userId));
  }

  /** Users whose path starts with {@code pathPrefix} (all when null), ordered by name as IAM lists them. */
  public List<User> listUsers(String accountId, String pathPrefix) {
    return read(c -> list(c, USER_COLUMNS + " WHERE account_id = ? ORDER BY name_key", IamStore::userRow, accountId))
        .stream().filter(u -> pathPrefix == null || u.path().startsWith(pathPrefix)).toList();
  }

  /** Tags of a user, in the order they were added. */
  public Map<String, String> userTags(String accountId, String name) {
    return read(c -> tags(c, "user", requireUser(c, accountId, name).userId()));
  }

  /**
   * Deletes a user. As IAM, refuses ({@link IamException.DeleteConflict}) while the user has access
   * keys, inline or attached policies, or group memberships.
   */
  public void deleteUser(String accountId, String name) {
    tx(c -> {
      User u = requireUser(c, accountId, name);
      if (count(c, "SELECT COUNT(*) FROM access_keys WHERE user_id = ?", u.userId()) > 0) {
        throw new IamException.DeleteConflict("Cannot delete entity, must delete access keys first.");
      }
      if (count(c, "SELECT COUNT(*) FROM inline_policies WHERE entity_type = 'user' AND entity_id = ?", u.userId()) > 0) {
        throw new IamException.DeleteConflict("Cannot delete entity, must delete policies first.");
      }
      if (count(c, "SELECT COUNT(*) FROM attachments WHERE entity_type = 'user' AND entity_id = ?", u.userId()) > 0) {
        throw new IamException.DeleteConflict("Cannot delete entity, must detach all policies first.");
      }
      if (count(c, "SELECT COUNT(*) FROM group_members WHERE user_id = ?", u.userId()) > 0) {
        throw new IamException.DeleteConflict("Cannot delete entity, must remove user from all groups first.");
      }
      update(c, "DELETE FROM tags WHERE entity_type = 'user' AND entity_id = ?", u.userId());
      update(c, "DELETE FROM users WHERE user_id = ?", u.userId());
      return null;
    });
  }

  private static final String USER_COLUMNS =
      "SELECT account_id, user_id, name, path, boundary_arn, create_date FROM users";

  private static User userRow(ResultSet rs) throws SQLException {
    return new User(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        instant(rs.getLong(6)));
  }

  private static Optional<User> findUser(Connection c, String accountId, String name) throws SQLException {
    return one(c, USER_COLUMNS + " WHERE account_id = ? AND name_key = ?", IamStore::userRow, accountId, key(name));
  }

  private static User requireUser(Connection c, String accountId, String name) throws SQLException {
    return findUser(c, accountId, name)
        .orElseThrow(() -> new IamException.NoSuchEntity("The user with name " + name + " cannot be found."));
  }

  // ---------------------------------------------------------------- groups

  /** Creates a group; {@code path} defaults to {@code /}. */
  public Group createGroup(String accountId, String name, String path) {
    String p = path == null ? "/" : path;
    return tx(c -> {
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
    return read(c -> requireGroup(c, accountId, name));
  }

  /** Members of a group, ordered by name. */
  public List<User> groupMembers(String accountId, String groupName) {
    return read(c -> {
      Group g = requireGroup(c, accountId, groupName);
      return list(c, "SELECT u.account_id, u.user_id, u.name, u.path, u.boundary_arn, u.create_date FROM users u"
          + " JOIN group_members m ON m.user_id = u.user_id WHERE m.group_id = ? ORDER BY u.name_key",
          IamStore::userRow, g.groupId());
    });
  }

  /** Groups the user is in, ordered by name. */
  public List<Group> groupsForUser(String accountId, String userName) {
    return read(c -> groupsOf(c, requireUser(c, accountId, userName)));
  }

  private static List<Group> groupsOf(Connection c, User u) throws SQLException {
    return list(c, "SELECT g.account_id, g.group_id, g.name, g.path, g.create_date FROM iam_groups g"
        + " JOIN group_members m ON m.group_id = g.group_id WHERE m.user_id = ? ORDER BY g.name_key",
        IamStore::groupRow, u.userId());
  }

  /** Adds a user to a group (no-op when already a member), within the 10-groups-per-user quota. */
  public void addUserToGroup(String accountId, String groupName, String userName) {
    tx(c -> {
      Group g = requireGroup(c, accountId, groupName);
      User u = requireUser(c, accountId, userName);
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

  private static Group groupRow(ResultSet rs) throws SQLException {
    return new Group(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), instant(rs.getLong(5)));
  }

  private static Optional<Group> findGroup(Connection c, String accountId, String name) throws SQLException {
    return one(c, "SELECT account_id, group_id, name, path, create_date FROM iam_groups"
        + " WHERE account_id = ? AND name_key = ?", IamStore::groupRow, accountId, key(name));
  }

  private static Group requireGroup(Connection c, String accountId, String name) throws SQLException {
    return findGroup(c, accountId, name)
        .orElseThrow(() -> new IamException.NoSuchEntity("The group with name " + name + " cannot be found."));
  }

  // ---------------------------------------------------------------- roles

  /** Creates a role with its trust policy; {@code maxSessionDuration} defaults to 3600 seconds. */
  public Role createRole(String accountId, String name, String path, String description, String trustPolicy,
      Integer maxSessionDuration) {
    return createRole(accountId, name, path, description, trustPolicy, maxSessionDuration, null, null);
  }

  /**
   * Creates a role with tags and (when {@code boundaryArn} is not null) a permissions boundary, in
   * one transaction: the boundary must be an existing managed policy (AWS managed or of this
   * account), else nothing is created ({@link IamException.NoSuchEntity}).
   */
  public Role createRole(String accountId, String name, String path, String description, String trustPolicy,
      Integer maxSessionDuration, String boundaryArn, Map<String, String> tags) {
    String p = path == null ? "/" : path;
    int max = maxSessionDuration == null ? 3600 : maxSessionDuration;
    if (max < 3600 || max > 43200) {
      throw new IamException.InvalidInput("The requested MaxSessionDuration " + max
          + " is invalid. It must be between 3600 and 43200 seconds.");
    }
    checkTagCount(tags == null ? 0 : tags.size(), "Role");
    return tx(c -> {
      if (findRole(c, accountId, name).isPresent()) {
        throw new IamException.EntityAlreadyExists("Role with name " + name + " already exists.");
      }
      if (boundaryArn != null) {
        requireBoundaryPolicy(c, accountId, boundaryArn);
      }
      Role r = new Role(accountId, ids.id("AROA"), name, p, description, trustPolicy, max, boundaryArn, now());
      // before the role exists: a trust policy naming the role itself names no entity yet
      List<Binding> bindings = bindings(c, trustPolicy, null);
      update(c, "INSERT INTO roles(role_id, account_id, name, name_key, path, description, trust_policy,"
          + " max_session_duration, boundary_arn, create_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", r.roleId(),
          accountId, name, key(name), p, description, trustPolicy, max, boundaryArn, millis(r.createDate()));
      saveBindings(c, accountId, r.roleId(), bindings);
      putTags(c, "role", r.roleId(), tags);
      return r;
    });
  }

  /** The role; {@link IamException.NoSuchEntity} when there is none. */
  public Role getRole(String accountId, String name) {
    return read(c -> resolved(c, requireRole(c, accountId, name)));
  }

  // ---------------------------------------------------------------- trust policy principals

  /** An IAM user or role a trust policy names, and the unique id it named when the policy was saved. */
  record Binding(TrustPrincipals.Named named, String principalId) {}

  /**
   * The users and roles {@code trustPolicy} names, each bound to the unique id of the entity its
   * ARN names now. A principal that names no entity (no such user or role, another path, another
   * case, an account this store does not hold) is AWS's MalformedPolicyDocument, as IAM refuses
   * it: "Invalid principal in policy: "AWS":"arn:aws:iam::123456789012:user/ghost"". With
   * {@code missing} not null, such a principal is bound to an id from it instead (used only for
   * policies saved before principals were bound: they then name nobody).
   */
  static List<Binding> bindings(Connection c, String trustPolicy, java.util.function.Function<String, String> missing)
      throws SQLException {
    List<Binding> out = new ArrayList<>();
    for (TrustPrincipals.Named n : TrustPrincipals.named(trustPolicy, missing == null)) {
      Optional<String> id = n.type().equals("user")
          ? findUser(c, n.accountId(), n.name()).filter(u -> u.arn().equals(n.arn())).map(User::userId)
          : findRole(c, n.accountId(), n.name()).filter(r -> r.arn().equals(n.arn())).map(Role::roleId);
      if (id.isEmpty() && missing == null) {
        throw TrustPrincipals.invalid(n.arn());
      }
      out.add(new Binding(n, id.isPresent() ? id.get() : missing.apply(n.type().equals("user") ? "AIDA" : "AROA")));
    }
    return out;
  }

  static void saveBindings(Connection c, String accountId, String roleId, List<Binding> bindings) throws SQLException {
    update(c, "DELETE FROM role_trust_principals WHERE account_id = ? AND role_id = ?", accountId, roleId);
    for (Binding b : bindings) {
      update(c, "INSERT INTO role_trust_principals(account_id, role_id, principal, principal_account_id,"
          + " principal_type, principal_id) VALUES (?, ?, ?, ?, ?, ?)", accountId, roleId, b.named().arn(),
          b.named().accountId(), b.named().type(), b.principalId());
    }
  }

  /**
   * The principals bound in the trust policies of {@code accountId}'s roles (of one role when
   * {@code roleId} is not null), each with the current ARN of the entity it is bound to, or null
   * when that entity is gone: the user or role with that unique id, in the principal's account.
   */
  private static final String BOUND_PRINCIPALS = "SELECT t.role_id, t.principal, t.principal_id,"
      + " t.principal_account_id, t.principal_type, u.path, u.name, r.path, r.name FROM role_trust_principals t"
      + " LEFT JOIN users u ON t.principal_type = 'user' AND u.account_id = t.principal_account_id"
      + " AND u.user_id = t.principal_id"
      + " LEFT JOIN roles r ON t.principal_type = 'role' AND r.account_id = t.principal_account_id"
      + " AND r.role_id = t.principal_id"
      + " WHERE t.account_id = ?";

  /** A bound principal as written, and what a reader of the policy sees in its place (null: itself). */
  private record Shown(String roleId, String principal, String replacement) {}

  private static Shown shown(ResultSet rs) throws SQLException {
    String principal = rs.getString(2);
    String type = rs.getString(5);
    String path = type.equals("user") ? rs.getString(6) : rs.getString(8);
    String name = type.equals("user") ? rs.getString(7) : rs.getString(9);
    // IAM's reverse transformation: the id back to its entity's ARN (renamed: the new ARN), or,
    // when the entity is gone, the id itself, which names no principal
    String now = name == null ? rs.getString(3) : "arn:aws:iam::" + rs.getString(4) + ":" + type + path + name;
    return new Shown(rs.getString(1), principal, now.equals(principal) ? null : now);
  }

  /** The role with its trust policy as IAM returns and evaluates it (see {@link Role#trustPolicy()}). */
  private static Role resolved(Connection c, Role r) throws SQLException {
    return withShown(r, list(c, BOUND_PRINCIPALS + " AND t.role_id = ?", IamStore::shown, r.accountId(), r.roleId()));
  }

  /** {@link #resolved(Connection, Role)} for roles of {@code accountId}, in one query. */
  private static List<Role> resolved(Connection c, String accountId, List<Role> roles) throws SQLException {
    Map<String, List<Shown>> byRole = new java.util.HashMap<>();
    for (Shown s : list(c, BOUND_PRINCIPALS, IamStore::shown, accountId)) {
      byRole.computeIfAbsent(s.roleId(), k -> new ArrayList<>()).add(s);
    }
    List<Role> out = new ArrayList<>(roles.size());
    for (Role r : roles) {
      out.add(withShown(r, byRole.getOrDefault(r.roleId(), List.of())));
    }
    return out;
  }

  private static Role withShown(Role r, List<Shown> shown) {
    Map<String, String> replacements = new LinkedHashMap<>();
    for (Shown s : shown) {
      if (s.replacement() != null) {
        replacements.put(s.principal(), s.replacement());
      }
    }
    if (replacements.isEmpty()) {
      return r;
    }
    return new Role(r.accountId(), r.roleId(), r.name(), r.path(), r.description(),
        TrustPrincipals.rewrite(r.trustPolicy(), replacements), r.maxSessionDuration(), r.permissionsBoundaryArn(),
        r.createDate());
  }

  private static Role roleRow(ResultSet rs) throws SQLException {
    return new Role(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getInt(7), rs.getString(8), instant(rs.getLong(9)));
  }

  private static Optional<Role> findRole(Connection c, String accountId, String name) throws SQLException {
    return one(c, "SELECT account_id, role_id, name, path, description, trust_policy, max_session_duration,"
        + " boundary_arn, create_date FROM roles WHERE account_id = ? AND name_key = ?", IamStore::roleRow,
        accountId, key(name));
  }

  private static Role requireRole(Connection c, String accountId, String name) throws SQLException {
    return findRole(c, accountId, name)
        .orElseThrow(() -> new IamException.NoSuchEntity("The role with name " + name + " cannot be found."));
  }

  // ---------------------------------------------------------------- managed policies

  /** Creates a customer managed policy with version {@code v1} as its default. */
  public CustomerPolicy createPolicy(String accountId, String name, String path, String description, String document) {
    return createPolicy(accountId, name, path, description, document, Map.of());
  }

  /** As {@link #createPolicy(String, String, String, String, String)}, tagged in the same transaction. */
  public CustomerPolicy createPolicy(String accountId, String name, String path, String description, String document,
      Map<String, String> tags) {
    String p = path == null ? "/" : path;
    checkManagedSize(document);
    checkTagCount(tags == null ? 0 : tags.size(), "Policy");
    return tx(c -> {
      if (count(c, "SELECT COUNT(*) FROM policies WHERE account_id = ? AND name_key = ?", accountId, key(name)) > 0) {
        throw new IamException.EntityAlreadyExists(
            "A policy called " + name + " already exists. Duplicate names are not allowed.");
      }
      if (count(c, "SELECT COUNT(*) FROM policies WHERE account_id = ?", accountId) >= POLICIES_PER_ACCOUNT) {
        throw new IamException.LimitExceeded("Cannot exceed quota for PoliciesPerAccount: " + POLICIES_PER_ACCOUNT);
      }
      Instant now = now();
      String id = ids.id("ANPA");
      String arn = "arn:aws:iam::" + accountId + ":policy" + p + name;
      update(c, "INSERT INTO policies(policy_id, account_id, name, name_key, path, arn, description, default_version,"
          + " next_version, create_date, update_date) VALUES (?, ?, ?, ?, ?, ?, ?, 'v1', 2, ?, ?)", id, accountId, name,
          key(name), p, arn, description, millis(now), millis(now));
      update(c, "INSERT INTO policy_versions(policy_id, version_id, document, create_date) VALUES (?, 'v1', ?, ?)",
          id, document, millis(now));
      putTags(c, "policy", id, tags);
      return new CustomerPolicy(accountId, id, name, p, arn, description, "v1", 0, now, now);
    });
  }

  /**
   * The customer managed policy of {@code accountId} with this ARN; {@link IamException.NoSuchEntity}
   * when the account has none (another account's policy included).
   */
  public CustomerPolicy getPolicy(String accountId, String arn) {
    return read(c -> requirePolicy(c, accountId, arn));
  }

  /** The customer managed policies of the account, ordered by name. */
  public List<CustomerPolicy> listPolicies(String accountId) {
    return read(c -> list(c, POLICY_COLUMNS + " WHERE p.account_id = ? ORDER BY p.name_key", IamStore::policyRow,
        accountId));
  }

  /** One version of a customer managed policy. */
  public StoredPolicyVersion getPolicyVersion(String accountId, String arn, String versionId) {
    return read(c -> {
      CustomerPolicy p = requirePolicyOfVersion(c, accountId, arn, versionId);
      return one(c, "SELECT version_id, document, create_date FROM policy_versions WHERE policy_id = ? AND version_id = ?",
          rs -> new StoredPolicyVersion(rs.getString(1), rs.getString(2), rs.getString(1).equals(p.defaultVersionId()),
              instant(rs.getLong(3))), p.policyId(), versionId)
          .orElseThrow(() -> new IamException.NoSuchEntity(
              "Policy " + arn + " version " + versionId + " does not exist or is not attachable."));
    });
  }

  /**
   * Adds a version (at most {@value #POLICY_VERSIONS} are kept; IAM refuses a sixth rather than
   * dropping one), optionally making it the default.
   */
  public StoredPolicyVersion createPolicyVersion(String accountId, String arn, String document, boolean setAsDefault) {
    checkManagedSize(document);
    return tx(c -> {
      CustomerPolicy p = requirePolicy(c, accountId, arn);
      if (count(c, "SELECT COUNT(*) FROM policy_versions WHERE policy_id = ?", p.policyId()) >= POLICY_VERSIONS) {
        throw new IamException.LimitExceeded("A managed policy can have up to " + POLICY_VERSIONS
            + " versions. Before you create a new version, you must delete an existing version.");
      }
      int next = count(c, "SELECT next_version FROM policies WHERE policy_id = ?", p.policyId());
      String v = "v" + next;
      Instant now = now();
      update(c, "INSERT INTO policy_versions(policy_id, version_id, document, create_date) VALUES (?, ?, ?, ?)",
          p.policyId(), v, document, millis(now));
      update(c, "UPDATE policies SET next_version = ?, update_date = ?" + (setAsDefault ? ", default_version = ?" : "")
          + " WHERE policy_id = ?", setAsDefault
          ? new Object[] {next + 1, millis(now), v, p.policyId()} : new Object[] {next + 1, millis(now), p.policyId()});
      return new StoredPolicyVersion(v, document, setAsDefault, now);
    });
  }

  // the boundary count is the users' and roles' of the policy's own account (a customer policy's ARN names it)
  private static final String POLICY_COLUMNS = "SELECT p.account_id, p.policy_id, p.name, p.path, p.arn, p.description,"
      + " p.default_version, (SELECT COUNT(*) FROM attachments a WHERE a.policy_arn = p.arn), p.create_date,"
      + " p.update_date, (SELECT COUNT(*) FROM users u WHERE u.boundary_arn = p.arn)"
      + " + (SELECT COUNT(*) FROM roles r WHERE r.boundary_arn = p.arn) FROM policies p";

  private static CustomerPolicy policyRow(ResultSet rs) throws SQLException {
    return new CustomerPolicy(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getString(7), rs.getInt(8), instant(rs.getLong(9)), instant(rs.getLong(10)),
        rs.getInt(11));
  }

  private static CustomerPolicy requirePolicy(Connection c, String accountId, String arn) throws SQLException {
    return one(c, POLICY_COLUMNS + " WHERE p.account_id = ? AND p.arn = ?", IamStore::policyRow, accountId, arn)
        .orElseThrow(() -> new IamException.NoSuchEntity("Policy " + arn + " was not found."));
  }

  /**
   * The policy of a version operation: a missing policy is reported as its version, as IAM answers
   * GetPolicyVersion and SetDefaultPolicyVersion ("Policy … version v1 does not exist or is not
   * attachable.", AWS's recorded answers).
   */
  private static CustomerPolicy requirePolicyOfVersion(Connection c, String accountId, String arn, String versionId)
      throws SQLException {
    return one(c, POLICY_COLUMNS + " WHERE p.account_id = ? AND p.arn = ?", IamStore::policyRow, accountId, arn)
        .orElseThrow(() -> new IamException.NoSuchEntity("Policy " + arn + " version " + versionId
            + " does not exist or is not attachable."));
  }

  private static void checkManagedSize(String document) {
    if (nonWhitespaceLength(document) > MANAGED_POLICY_SIZE) {
      throw new IamException.LimitExceeded("Cannot exceed quota for PolicySize: " + MANAGED_POLICY_SIZE);
    }
  }

  /** Policy size as IAM counts it for quotas: characters other than whitespace (spec §1, §13). */
  public static int nonWhitespaceLength(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (!Character.isWhitespace(s.charAt(i))) {
        n++;
      }
    }
    return n;
  }

  // ---------------------------------------------------------------- attachments

  /**
   * Attaches a managed policy (customer managed of this account, or AWS managed from the bundled
   * catalog) to a user, group or role. Attaching twice is a no-op, as in IAM.
   */
  public void attachPolicy(String accountId, EntityType type, String entityName, String policyArn) {
    tx(c -> {
      String entityId = requireEntityId(c, accountId, type, entityName);
      if (!managedPolicyExists(c, accountId, policyArn)) {
        throw new IamException.NoSuchEntity("Policy " + policyArn + " does not exist or is not attachable.");
      }
      if (count(c, "SELECT COUNT(*) FROM attachments WHERE entity_type = ? AND entity_id = ? AND policy_arn = ?",
          type.word(), entityId, policyArn) > 0) {
        return null;
      }
      if (count(c, "SELECT COUNT(*) FROM attachments WHERE entity_type = ? AND entity_id = ?", type.word(), entityId)
          >= type.managedAttachLimit()) {
        throw new IamException.LimitExceeded(
            "Cannot exceed quota for PoliciesPer" + type.title() + ": " + type.managedAttachLimit());
      }
      // attachment order is the entity's own sequence, not a clock: nodes' clocks (and JVMs'
      // nanoTime origins) differ; writers are serialized by the change counter, so MAX + 1 is exact
      update(c, "INSERT INTO attachments(entity_type, entity_id, policy_arn, attach_seq)"
          + " SELECT ?, ?, ?, COALESCE(MAX(attach_seq), 0) + 1 FROM attachments WHERE entity_type = ? AND entity_id = ?",
          type.word(), entityId, policyArn, type.word(), entityId);
      return null;
    });
  }

  /** Detaches a managed policy; {@link IamException.NoSuchEntity} when it is not attached. */
  public void detachPolicy(String accountId, EntityType type, String entityName, String policyArn) {
    tx(c -> {
      String entityId = requireEntityId(c, accountId, type, entityName);
      if (update(c, "DELETE FROM attachments WHERE entity_type = ? AND entity_id = ? AND policy_arn = ?",
          type.word(), entityId, policyArn) == 0) {
        throw new IamException.NoSuchEntity("Policy " + policyArn + " was not found.");
      }
      return null;
    });
  }

  /** ARNs of the managed policies attached to the entity, in the order they were attached. */
  public List<String> attachedPolicies(String accountId, EntityType type, String entityName) {
    return read(c -> list(c, "SELECT policy_arn FROM attachments WHERE entity_type = ? AND entity_id = ?"
        + " ORDER BY attach_seq", rs -> rs.getString(1), type.word(), requireEntityId(c, accountId, type, entityName)));
  }

  /**
   * How many users, groups and roles of {@code accountId} each managed policy (customer or AWS) is
   * attached to: another account's attachments of an AWS managed policy are not counted.
   */
  public Map<String, Integer> attachmentCounts(String accountId) {
    return read(c -> {
      Map<String, Integer> out = new LinkedHashMap<>();
      for (Object[] row : list(c, "SELECT a.policy_arn, COUNT(*) FROM attachments a WHERE " + ATTACHMENT_IN_ACCOUNT
          + " GROUP BY a.policy_arn", rs -> new Object[] {rs.getString(1), rs.getInt(2)}, accountId, accountId,
          accountId)) {
        out.put((String) row[0], (Integer) row[1]);
      }
      return out;
    });
  }

  /** An attachment {@code a} whose user, group or role belongs to the account bound three times. */
  private static final String ATTACHMENT_IN_ACCOUNT =
      "(a.entity_type = 'user' AND a.entity_id IN (SELECT user_id FROM users WHERE account_id = ?)"
      + " OR a.entity_type = 'group' AND a.entity_id IN (SELECT group_id FROM iam_groups WHERE account_id = ?)"
      + " OR a.entity_type = 'role' AND a.entity_id IN (SELECT role_id FROM roles WHERE account_id = ?))";

  private boolean managedPolicyExists(Connection c, String accountId, String arn) throws SQLException {
    if (arn.startsWith("arn:aws:iam::aws:policy/")) {
      return awsManaged.byArn(arn).filter(p -> p.arn().equals(arn)).isPresent();
    }
    return count(c, "SELECT COUNT(*) FROM policies WHERE account_id = ? AND arn = ?", accountId, arn) > 0;
  }

  /**
   * The default version's document of a managed policy (AWS managed, or customer managed of
   * {@code accountId}), if the policy exists; empty for another account's policy.
   */
  public Optional<String> managedPolicyDocument(String accountId, String arn) {
    if (arn.startsWith("arn:aws:iam::aws:policy/")) {
      return awsManaged.byArn(arn).filter(p -> p.arn().equals(arn)).map(ManagedPolicy::document);
    }
    return read(c -> customerPolicyDocument(c, accountId, arn));
  }

  private static Optional<String> customerPolicyDocument(Connection c, String accountId, String arn)
      throws SQLException {
    return one(c, "SELECT v.document FROM policies p JOIN policy_versions v ON v.policy_id = p.policy_id"
        + " AND v.version_id = p.default_version WHERE p.account_id = ? AND p.arn = ?", rs -> rs.getString(1),
        accountId, arn);
  }

  // ---------------------------------------------------------------- inline policies

  /**
   * Creates or replaces an inline policy, within the aggregate size quota of the entity type
   * (non-whitespace characters of all its inline policies).
   */
  public void putInlinePolicy(String accountId, EntityType type, String entityName, String policyName, String document) {
    tx(c -> {
      String entityId = requireEntityId(c, accountId, type, entityName);
      int others = 0;
      for (InlinePolicy p : inline(c, type, entityId)) {
        if (!key(p.name()).equals(key(policyName))) {
          others += nonWhitespaceLength(p.document());
        }
      }
      if (others + nonWhitespaceLength(document) > type.inlineAggregateLimit()) {
        throw new IamException.LimitExceeded("Maximum policy size of " + type.inlineAggregateLimit()
            + " bytes exceeded for " + type.word() + " " + entityName);
      }
      update(c, "DELETE FROM inline_policies WHERE entity_type = ? AND entity_id = ? AND name_key = ?",
          type.word(), entityId, key(policyName));
      update(c, "INSERT INTO inline_policies(entity_type, entity_id, name, name_key, document) VALUES (?, ?, ?, ?, ?)",
          type.word(), entityId, policyName, key(policyName), document);
      return null;
    });
  }

  /** An inline policy; {@link IamException.NoSuchEntity} when the entity or the policy does not exist. */
  public InlinePolicy getInlinePolicy(String accountId, EntityType type, String entityName, String policyName) {
    return read(c -> {
      String entityId = requireEntityId(c, accountId, type, entityName);
      return one(c, "SELECT name, document FROM inline_policies WHERE entity_type = ? AND entity_id = ? AND name_key = ?",
          rs -> new InlinePolicy(rs.getString(1), rs.getString(2)), type.word(), entityId, key(policyName))
          .orElseThrow(() -> new IamException.NoSuchEntity(
              "The " + type.word() + " policy with name " + policyName + " cannot be found."));
    });
  }

  /** Inline policies of the entity, ordered by name. */
  public List<InlinePolicy> inlinePolicies(String accountId, EntityType type, String entityName) {
    return read(c -> inline(c, type, requireEntityId(c, accountId, type, entityName)));
  }

  private static List<InlinePolicy> inline(Connection c, EntityType type, String entityId) throws SQLException {
    return list(c, "SELECT name, document FROM inline_policies WHERE entity_type = ? AND entity_id = ? ORDER BY name_key",
        rs -> new InlinePolicy(rs.getString(1), rs.getString(2)), type.word(), entityId);
  }

  private static String requireEntityId(Connection c, String accountId, EntityType type, String name)
      throws SQLException {
    return switch (type) {
      case USER -> requireUser(c, accountId, name).userId();
      case GROUP -> requireGroup(c, accountId, name).groupId();
      case ROLE -> requireRole(c, accountId, name).roleId();
    };
  }

  // ---------------------------------------------------------------- what applies to a user

  /**
   * Every identity-based policy that applies to the user, read in one transaction: the user's inline
   * policies, its attached managed policies, then for each of its groups the group's inline and
   * attached policies. A policy attached both directly and through a group is listed once.
   */
  public List<IdentityPolicy> policiesOfUser(String accountId, String userName) {
    return read(c -> {
      User u = requireUser(c, accountId, userName);
      List<IdentityPolicy> out = new ArrayList<>();
      Map<String, Boolean> seenArns = new LinkedHashMap<>();
      for (InlinePolicy p : inline(c, EntityType.USER, u.userId())) {
        out.add(new IdentityPolicy(p.name(), "user", null, p.document()));
      }
      addAttached(c, accountId, EntityType.USER, u.userId(), out, seenArns);
      for (Group g : groupsOf(c, u)) {
        for (InlinePolicy p : inline(c, EntityType.GROUP, g.groupId())) {
          out.add(new IdentityPolicy(p.name(), "group", null, p.document()));
        }
        addAttached(c, accountId, EntityType.GROUP, g.groupId(), out, seenArns);
      }
      return out;
    });
  }

  private void addAttached(Connection c, String accountId, EntityType type, String entityId,
      List<IdentityPolicy> out, Map<String, Boolean> seen) throws SQLException {
    List<String> arns = list(c, "SELECT policy_arn FROM attachments WHERE entity_type = ? AND entity_id = ?"
        + " ORDER BY attach_seq", rs -> rs.getString(1), type.word(), entityId);
    for (String arn : arns) {
      if (seen.putIfAbsent(arn, Boolean.TRUE) != null) {
        continue;
      }
      String name = arn.substring(arn.lastIndexOf('/') + 1);
      if (arn.startsWith("arn:aws:iam::aws:policy/")) {
        Optional<ManagedPolicy> mp = awsManaged.byArn(arn);
        if (mp.isPresent()) {
          out.add(new IdentityPolicy(name, "aws-managed", arn, mp.get().document()));
        }
      } else {
        Optional<String> doc = customerPolicyDocument(c, accountId, arn);
        doc.ifPresent(d -> out.add(new IdentityPolicy(name, "user-managed", arn, d)));
      }
    }
  }

  // ---------------------------------------------------------------- tags

  private static void putTags(Connection c, String type, String id, Map<String, String> tags) throws SQLException {
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
    return type.equals("policy") ? key : key(key);
  }

  /**
   * Tags of an entity in the order IAM lists them. A policy's: shorter keys first, then by code
   * point ({@code a, b, z, abc}; {@code A} before {@code a}), as AWS's ListPolicyTags answers;
   * sorted here rather than in SQL, whose collation differs between SQLite and PostgreSQL. A user's
   * or role's: by key without case.
   */
  private static Map<String, String> tags(Connection c, String type, String id) throws SQLException {
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

  // ================================================================ IAM API completion (issue 4)
  // Additive methods for the remaining IAM and STS operations; each one transaction.

  /** Quota: tags per user, role or policy. */
  public static final int TAGS_PER_ENTITY = 50;

  /** Renames and/or moves a user (either may be null for "unchanged"). */
  public User updateUser(String accountId, String name, String newName, String newPath) {
    return tx(c -> {
      User u = requireUser(c, accountId, name);
      String n = newName == null ? u.name() : newName;
      if (newName != null && !key(newName).equals(key(u.name())) && findUser(c, accountId, newName).isPresent()) {
        throw new IamException.EntityAlreadyExists("User with name " + newName + " already exists.");
      }
      String p = newPath == null ? u.path() : newPath;
      update(c, "UPDATE users SET name = ?, name_key = ?, path = ? WHERE user_id = ?", n, key(n), p, u.userId());
      return new User(accountId, u.userId(), n, p, u.permissionsBoundaryArn(), u.createDate());
    });
  }

  /** Groups whose path starts with {@code pathPrefix} (all when null), ordered by name. */
  public List<Group> listGroups(String accountId, String pathPrefix) {
    return read(c -> list(c, "SELECT account_id, group_id, name, path, create_date FROM iam_groups"
        + " WHERE account_id = ? ORDER BY name_key", IamStore::groupRow, accountId))
        .stream().filter(g -> pathPrefix == null || g.path().startsWith(pathPrefix)).toList();
  }

  /** Renames and/or moves a group. */
  public Group updateGroup(String accountId, String name, String newName, String newPath) {
    return tx(c -> {
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
    tx(c -> {
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

  /**
   * Removes a user from a group. Both must exist (NoSuchEntity, the user checked first: AWS's
   * recorded RemoveUserFromGroup of an unknown user and an unknown group names the user); a user
   * who is not a member is no error, as in IAM (AWS's recorded RemoveUserFromGroup of a non-member
   * succeeds).
   */
  public void removeUserFromGroup(String accountId, String groupName, String userName) {
    tx(c -> {
      User u = requireUser(c, accountId, userName);
      Group g = requireGroup(c, accountId, groupName);
      update(c, "DELETE FROM group_members WHERE group_id = ? AND user_id = ?", g.groupId(), u.userId());
      return null;
    });
  }

  /** Roles whose path starts with {@code pathPrefix} (all when null), ordered by name. */
  public List<Role> listRoles(String accountId, String pathPrefix) {
    return read(c -> resolved(c, accountId, list(c, "SELECT account_id, role_id, name, path, description,"
        + " trust_policy, max_session_duration, boundary_arn, create_date FROM roles WHERE account_id = ?"
        + " ORDER BY name_key", IamStore::roleRow, accountId)))
        .stream().filter(r -> pathPrefix == null || r.path().startsWith(pathPrefix)).toList();
  }

  /** The role of {@code accountId} with this unique id, if any. */
  public Optional<Role> roleById(String accountId, String roleId) {
    return read(c -> {
      Optional<Role> r = one(c, "SELECT account_id, role_id, name, path, description, trust_policy,"
          + " max_session_duration, boundary_arn, create_date FROM roles WHERE account_id = ? AND role_id = ?",
          IamStore::roleRow, accountId, roleId);
      return r.isPresent() ? Optional.of(resolved(c, r.get())) : r;
    });
  }

  /** Changes a role's description and/or maximum session duration (null = unchanged). */
  public Role updateRole(String accountId, String name, String description, Integer maxSessionDuration) {
    if (maxSessionDuration != null && (maxSessionDuration < 3600 || maxSessionDuration > 43200)) {
      throw new IamException.InvalidInput("The requested MaxSessionDuration " + maxSessionDuration
          + " is invalid. It must be between 3600 and 43200 seconds.");
    }
    return tx(c -> {
      Role r = requireRole(c, accountId, name);
      if (description != null) {
        update(c, "UPDATE roles SET description = ? WHERE role_id = ?", description, r.roleId());
      }
      if (maxSessionDuration != null) {
        update(c, "UPDATE roles SET max_session_duration = ? WHERE role_id = ?", maxSessionDuration, r.roleId());
      }
      return resolved(c, requireRole(c, accountId, name));
    });
  }

  /**
   * Replaces a role's trust policy, binding the users and roles it names to their unique ids;
   * MalformedPolicyDocument ("Invalid principal in policy: …") when one does not exist.
   */
  public void updateAssumeRolePolicy(String accountId, String name, String trustPolicy) {
    tx(c -> {
      Role r = requireRole(c, accountId, name);
      List<Binding> bindings = bindings(c, trustPolicy, null);
      update(c, "UPDATE roles SET trust_policy = ? WHERE account_id = ? AND role_id = ?", trustPolicy, accountId,
          r.roleId());
      saveBindings(c, accountId, r.roleId(), bindings);
      return null;
    });
  }

  /** Deletes a role; {@link IamException.DeleteConflict} while it has inline or attached policies. */
  public void deleteRole(String accountId, String name) {
    tx(c -> {
      Role r = requireRole(c, accountId, name);
      if (count(c, "SELECT COUNT(*) FROM inline_policies WHERE entity_type = 'role' AND entity_id = ?", r.roleId()) > 0) {
        throw new IamException.DeleteConflict("Cannot delete entity, must delete policies first.");
      }
      if (count(c, "SELECT COUNT(*) FROM attachments WHERE entity_type = 'role' AND entity_id = ?", r.roleId()) > 0) {
        throw new IamException.DeleteConflict("Cannot delete entity, must detach all policies first.");
      }
      update(c, "DELETE FROM tags WHERE entity_type = 'role' AND entity_id = ?", r.roleId());
      update(c, "DELETE FROM sts_sessions WHERE role_id = ?", r.roleId());
      update(c, "DELETE FROM role_trust_principals WHERE account_id = ? AND role_id = ?", accountId, r.roleId());
      update(c, "DELETE FROM roles WHERE role_id = ?", r.roleId());
      return null;
    });
  }

  /**
   * Deletes a customer managed policy. As IAM: refused while it is attached or is a user's or
   * role's permissions boundary (IAM answers both "Cannot delete a policy attached to entities.",
   * gruntwork-io/cloud-nuke issue 972), or while it has versions other than the default (which goes
   * with the policy). A boundary whose policy is gone would leave its users and roles unbounded.
   */
  public void deletePolicy(String accountId, String arn) {
    tx(c -> {
      CustomerPolicy p = requirePolicy(c, accountId, arn);
      if (p.attachmentCount() > 0 || p.permissionsBoundaryUsageCount() > 0) {
        throw new IamException.DeleteConflict("Cannot delete a policy attached to entities.");
      }
      if (count(c, "SELECT COUNT(*) FROM policy_versions WHERE policy_id = ?", p.policyId()) > 1) {
        throw new IamException.DeleteConflict("This policy has more than one version. Before you delete a policy,"
            + " you must delete the policy's versions. The default version is deleted with the policy.");
      }
      update(c, "DELETE FROM policy_versions WHERE policy_id = ?", p.policyId());
      update(c, "DELETE FROM tags WHERE entity_type = 'policy' AND entity_id = ?", p.policyId());
      update(c, "DELETE FROM policies WHERE policy_id = ?", p.policyId());
      return null;
    });
  }

  /** The versions of a customer managed policy, newest first (as IAM lists them). */
  public List<StoredPolicyVersion> listPolicyVersions(String accountId, String arn) {
    return read(c -> {
      CustomerPolicy p = requirePolicy(c, accountId, arn);
      List<StoredPolicyVersion> all = list(c, "SELECT version_id, document, create_date FROM policy_versions"
          + " WHERE policy_id = ?", rs -> new StoredPolicyVersion(rs.getString(1), rs.getString(2),
              rs.getString(1).equals(p.defaultVersionId()), instant(rs.getLong(3))), p.policyId());
      List<StoredPolicyVersion> sorted = new ArrayList<>(all);
      sorted.sort((a, b) -> Integer.compare(Integer.parseInt(b.versionId().substring(1)),
          Integer.parseInt(a.versionId().substring(1))));
      return sorted;
    });
  }

  /** Deletes a non-default version. */
  public void deletePolicyVersion(String accountId, String arn, String versionId) {
    tx(c -> {
      CustomerPolicy p = requirePolicyOfVersion(c, accountId, arn, versionId);
      if (versionId.equals(p.defaultVersionId())) {
        throw new IamException.DeleteConflict("Cannot delete the default version of a policy.");
      }
      if (update(c, "DELETE FROM policy_versions WHERE policy_id = ? AND version_id = ?", p.policyId(), versionId) == 0) {
        throw new IamException.NoSuchEntity("Policy " + arn + " version " + versionId
            + " does not exist or is not attachable.");
      }
      return null;
    });
  }

  /** Makes an existing version the default. */
  public void setDefaultPolicyVersion(String accountId, String arn, String versionId) {
    tx(c -> {
      CustomerPolicy p = requirePolicyOfVersion(c, accountId, arn, versionId);
      if (count(c, "SELECT COUNT(*) FROM policy_versions WHERE policy_id = ? AND version_id = ?", p.policyId(),
          versionId) == 0) {
        throw new IamException.NoSuchEntity("Policy " + arn + " version " + versionId
            + " does not exist or is not attachable.");
      }
      update(c, "UPDATE policies SET default_version = ?, update_date = ? WHERE policy_id = ?", versionId,
          millis(now()), p.policyId());
      return null;
    });
  }

  /** Users, groups and roles a managed policy (customer or AWS) is attached to, by type then name. */
  public List<PolicyEntity> entitiesForPolicy(String accountId, String arn) {
    return entitiesForPolicy(accountId, arn, true, false);
  }

  /**
   * Users, groups and roles of {@code accountId} that use a managed policy (customer or AWS), by
   * type (groups, users, roles) then name, each once: those it is attached to when
   * {@code attached}, those whose permissions boundary it is when {@code boundary} (ListEntitiesForPolicy's
   * PolicyUsageFilter PermissionsPolicy and PermissionsBoundary; without the filter, both).
   * NoSuchEntity "Policy … does not exist or is not attachable." when there is no such policy, as
   * IAM answers ListEntitiesForPolicy.
   */
  public List<PolicyEntity> entitiesForPolicy(String accountId, String arn, boolean attached, boolean boundary) {
    return read(c -> {
      if (!managedPolicyExists(c, accountId, arn)) {
        throw new IamException.NoSuchEntity("Policy " + arn + " does not exist or is not attachable.");
      }
      List<PolicyEntity> out = new ArrayList<>();
      if (attached) {
        out.addAll(list(c, "SELECT g.name, g.group_id, g.path FROM iam_groups g JOIN attachments a ON a.entity_id ="
            + " g.group_id AND a.entity_type = 'group' WHERE a.policy_arn = ? AND g.account_id = ? ORDER BY g.name_key",
            rs -> new PolicyEntity(EntityType.GROUP, rs.getString(1), rs.getString(2), rs.getString(3)), arn,
            accountId));
      }
      // a user or role once, whether the policy is attached, its boundary, or both
      String userUse = (attached ? "u.user_id IN (SELECT a.entity_id FROM attachments a WHERE a.entity_type = 'user'"
          + " AND a.policy_arn = ?)" : "1 = 0") + (boundary ? " OR u.boundary_arn = ?" : "");
      String roleUse = (attached ? "r.role_id IN (SELECT a.entity_id FROM attachments a WHERE a.entity_type = 'role'"
          + " AND a.policy_arn = ?)" : "1 = 0") + (boundary ? " OR r.boundary_arn = ?" : "");
      Object[] args = attached && boundary ? new Object[] {accountId, arn, arn}
          : new Object[] {accountId, arn};
      out.addAll(list(c, "SELECT u.name, u.user_id, u.path FROM users u WHERE u.account_id = ? AND (" + userUse
          + ") ORDER BY u.name_key",
          rs -> new PolicyEntity(EntityType.USER, rs.getString(1), rs.getString(2), rs.getString(3)), args));
      out.addAll(list(c, "SELECT r.name, r.role_id, r.path FROM roles r WHERE r.account_id = ? AND (" + roleUse
          + ") ORDER BY r.name_key",
          rs -> new PolicyEntity(EntityType.ROLE, rs.getString(1), rs.getString(2), rs.getString(3)), args));
      return out;
    });
  }

  /** How many users and roles of {@code accountId} use each managed policy as their permissions boundary. */
  public Map<String, Integer> boundaryUsageCounts(String accountId) {
    return read(c -> {
      Map<String, Integer> out = new LinkedHashMap<>();
      for (String arn : list(c, "SELECT boundary_arn FROM users WHERE account_id = ? AND boundary_arn IS NOT NULL"
          + " UNION ALL SELECT boundary_arn FROM roles WHERE account_id = ? AND boundary_arn IS NOT NULL",
          rs -> rs.getString(1), accountId, accountId)) {
        out.merge(arn, 1, Integer::sum);
      }
      return out;
    });
  }

  /** Deletes an inline policy; {@link IamException.NoSuchEntity} when there is none by that name. */
  public void deleteInlinePolicy(String accountId, EntityType type, String entityName, String policyName) {
    tx(c -> {
      String entityId = requireEntityId(c, accountId, type, entityName);
      if (update(c, "DELETE FROM inline_policies WHERE entity_type = ? AND entity_id = ? AND name_key = ?",
          type.word(), entityId, key(policyName)) == 0) {
        throw new IamException.NoSuchEntity("The " + type.word() + " policy with name " + policyName
            + " cannot be found.");
      }
      return null;
    });
  }

  /**
   * Sets (or, with {@code boundaryArn} null, removes) the permissions boundary of a user or role.
   * The boundary must be an existing managed policy.
   */
  public void setPermissionsBoundary(String accountId, EntityType type, String entityName, String boundaryArn) {
    if (type == EntityType.GROUP) {
      throw new IllegalArgumentException("groups have no permissions boundary");
    }
    tx(c -> {
      String entityId = requireEntityId(c, accountId, type, entityName);
      if (boundaryArn != null) {
        requireBoundaryPolicy(c, accountId, boundaryArn);
      }
      update(c, type == EntityType.USER ? "UPDATE users SET boundary_arn = ? WHERE user_id = ?"
          : "UPDATE roles SET boundary_arn = ? WHERE role_id = ?", boundaryArn, entityId);
      return null;
    });
  }

  private void requireBoundaryPolicy(Connection c, String accountId, String arn) throws SQLException {
    if (!managedPolicyExists(c, accountId, arn)) {
      throw new IamException.NoSuchEntity("Scope ARN: " + arn + " does not exist or is not attachable.");
    }
  }

  // ---------------------------------------------------------------- tags of users, roles and policies

  /**
   * Adds or overwrites tags of a user, role or customer managed policy, within the 50-tag quota.
   *
   * @param kind {@code user}, {@code role} or {@code policy}; {@code nameOrArn} is the name for
   *     users and roles and the ARN for policies
   */
  public void tag(String accountId, String kind, String nameOrArn, Map<String, String> tags) {
    tx(c -> {
      String id = taggableId(c, accountId, kind, nameOrArn);
      Map<String, String> existing = tags(c, kind, id);
      java.util.Set<String> keys = new java.util.HashSet<>();
      existing.keySet().forEach(k -> keys.add(tagKey(kind, k)));
      tags.keySet().forEach(k -> keys.add(tagKey(kind, k)));
      checkTagCount(keys.size(), kind.equals("user") ? "User" : kind.equals("role") ? "Role" : "Policy");
      putTags(c, kind, id, tags);
      return null;
    });
  }

  /**
   * Removes tags by key (absent keys are ignored, as in IAM): a user's or role's without case, a
   * policy's exactly (see {@link #tagKey}).
   */
  public void untag(String accountId, String kind, String nameOrArn, List<String> keys) {
    tx(c -> {
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
    return read(c -> tags(c, kind, taggableId(c, accountId, kind, nameOrArn)));
  }

  private String taggableId(Connection c, String accountId, String kind, String nameOrArn) throws SQLException {
    return switch (kind) {
      case "user" -> requireUser(c, accountId, nameOrArn).userId();
      case "role" -> requireRole(c, accountId, nameOrArn).roleId();
      case "policy" -> requirePolicy(c, accountId, nameOrArn).policyId();
      default -> throw new IllegalArgumentException("not taggable: " + kind);
    };
  }

  private static void checkTagCount(int n, String title) {
    if (n > TAGS_PER_ENTITY) {
      throw new IamException.LimitExceeded("Cannot exceed quota for TagsPer" + title + ": " + TAGS_PER_ENTITY);
    }
  }

  // ---------------------------------------------------------------- access key status, deletion, last use

  /** Sets a key's status ({@code Active} or {@code Inactive}). {@code userName} null = the root user's key. */
  public void updateAccessKey(String accountId, String userName, String accessKeyId, String status) {
    tx(c -> {
      requireOwnKey(c, accountId, userName, accessKeyId);
      update(c, "UPDATE access_keys SET status = ? WHERE access_key_id = ?", status, accessKeyId);
      return null;
    });
  }

  /** Deletes a key. */
  public void deleteAccessKey(String accountId, String userName, String accessKeyId) {
    tx(c -> {
      requireOwnKey(c, accountId, userName, accessKeyId);
      update(c, "DELETE FROM access_keys WHERE access_key_id = ?", accessKeyId);
      return null;
    });
  }

  private static void requireOwnKey(Connection c, String accountId, String userName, String keyId) throws SQLException {
    String owner = userName == null ? null : requireUser(c, accountId, userName).userId();
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
    run(c -> {
      for (Map.Entry<String, AccessKeyLastUsed> e : uses.entrySet()) {
        AccessKeyLastUsed u = e.getValue();
        update(c, "UPDATE access_keys SET last_used_date = ?, last_used_service = ?, last_used_region = ?"
            + " WHERE access_key_id = ? AND (last_used_date IS NULL OR last_used_date <= ?)", millis(u.date()),
            u.serviceName(), u.region(), e.getKey(), millis(u.date()));
      }
      return null;
    }, Mode.WRITE_UNVERSIONED);
  }

  /** When the key was last used; {@link IamException.NoSuchEntity} for an unknown key of this account. */
  public AccessKeyLastUsed accessKeyLastUsed(String accountId, String accessKeyId) {
    return read(c -> one(c, "SELECT u.name, k.last_used_date, k.last_used_service, k.last_used_region FROM access_keys k"
        + " LEFT JOIN users u ON u.user_id = k.user_id WHERE k.access_key_id = ? AND k.account_id = ?", rs -> {
          long d = rs.getLong(2);
          boolean never = rs.wasNull();
          return new AccessKeyLastUsed(rs.getString(1), never ? null : instant(d),
              never ? "N/A" : rs.getString(3), never ? "N/A" : rs.getString(4));
        }, accessKeyId, accountId)
        .orElseThrow(() -> new IamException.NoSuchEntity("The Access Key with id " + accessKeyId
            + " cannot be found.")));
  }

  // ---------------------------------------------------------------- STS sessions

  /**
   * Stores temporary credentials issued by AssumeRole; the session's role must be a role of the
   * session's account ({@link IamException.NoSuchEntity} otherwise).
   */
  public void createSession(StsSession s) {
    tx(c -> {
      if (count(c, "SELECT COUNT(*) FROM roles WHERE account_id = ? AND role_id = ?", s.accountId(), s.roleId()) == 0) {
        throw new IamException.NoSuchEntity("The role with name "
            + s.roleArn().substring(s.roleArn().lastIndexOf('/') + 1) + " cannot be found.");
      }
      update(c, "INSERT INTO sts_sessions(access_key_id, account_id, secret, session_token, role_id, role_arn,"
          + " session_name, session_policy, policy_arns, tags, source_identity, create_date, expiration,"
          + " transitive_tag_keys) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", s.accessKeyId(),
          s.accountId(), s.secret(), s.sessionToken(), s.roleId(), s.roleArn(), s.sessionName(), s.sessionPolicy(),
          String.join("\n", s.policyArns()), encodeTags(s.tags()), s.sourceIdentity(), millis(s.createDate()),
          millis(s.expiration()), String.join("\n", s.transitiveTagKeys()));
      // expired sessions are useless: drop them while we are writing anyway
      update(c, "DELETE FROM sts_sessions WHERE expiration < ?", millis(now().minusSeconds(3600)));
      return null;
    });
  }

  /** The session with this ASIA… key id, if any (expired ones included: the caller decides). */
  public Optional<StsSession> session(String accessKeyId) {
    return read(c -> one(c, SESSION_COLUMNS + " WHERE access_key_id = ?", IamStore::sessionRow, accessKeyId));
  }

  /** The newest unexpired session of the role with this session name, if any. */
  public Optional<StsSession> latestSession(String accountId, String roleName, String sessionName) {
    return read(c -> {
      Optional<Role> r = findRole(c, accountId, roleName);
      if (r.isEmpty()) {
        return Optional.empty();
      }
      return one(c, SESSION_COLUMNS + " WHERE role_id = ? AND session_name = ? AND expiration > ?"
          + " ORDER BY create_date DESC", IamStore::sessionRow, r.get().roleId(), sessionName, millis(now()));
    });
  }

  private static final String SESSION_COLUMNS = "SELECT access_key_id, account_id, secret, session_token, role_id,"
      + " role_arn, session_name, session_policy, policy_arns, tags, source_identity, create_date, expiration,"
      + " transitive_tag_keys FROM sts_sessions";

  private static StsSession sessionRow(ResultSet rs) throws SQLException {
    return new StsSession(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getString(7), rs.getString(8), lines(rs.getString(9)), decodeTags(rs.getString(10)),
        rs.getString(11), instant(rs.getLong(12)), instant(rs.getLong(13)), lines(rs.getString(14)));
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

  // ---------------------------------------------------------------- what applies to a role or a group

  /** The role's inline policies (source type {@code role}) then its attached managed policies. */
  public List<IdentityPolicy> policiesOfRole(String accountId, String roleName) {
    return read(c -> {
      Role r = requireRole(c, accountId, roleName);
      List<IdentityPolicy> out = new ArrayList<>();
      for (InlinePolicy p : inline(c, EntityType.ROLE, r.roleId())) {
        out.add(new IdentityPolicy(p.name(), "role", null, p.document()));
      }
      addAttached(c, accountId, EntityType.ROLE, r.roleId(), out, new LinkedHashMap<>());
      return out;
    });
  }

  /** The group's inline policies (source type {@code group}) then its attached managed policies. */
  public List<IdentityPolicy> policiesOfGroup(String accountId, String groupName) {
    return read(c -> {
      Group g = requireGroup(c, accountId, groupName);
      List<IdentityPolicy> out = new ArrayList<>();
      for (InlinePolicy p : inline(c, EntityType.GROUP, g.groupId())) {
        out.add(new IdentityPolicy(p.name(), "group", null, p.document()));
      }
      addAttached(c, accountId, EntityType.GROUP, g.groupId(), out, new LinkedHashMap<>());
      return out;
    });
  }

  // ---------------------------------------------------------------- JDBC plumbing

  /**
   * Runs a write in one transaction; rolls back on any failure. Its first statement bumps the
   * change counter, which (a) tells every node's caches that something changed and (b) takes the
   * one row lock every writer needs, so writers of all nodes are serialized: on PostgreSQL's READ
   * COMMITTED each later statement sees what the writer before committed, which makes the
   * check-then-insert logic of the domain methods (names, quotas) race-free across nodes.
   */
  private <T> T tx(Work<T> work) {
    return run(work, Mode.WRITE);
  }

  /**
   * Reads in one transaction, so that a multi-query read sees one consistent state (on PostgreSQL
   * REPEATABLE READ, the pool's default: one snapshot for the whole read; SQLite's transactions are
   * snapshots anyway).
   */
  private <T> T read(Work<T> work) {
    return run(work, Mode.READ);
  }

  private enum Mode {
    READ,
    WRITE,
    /** A write of bookkeeping that nothing derived from the store depends on: no counter bump. */
    WRITE_UNVERSIONED
  }

  private <T> T run(Work<T> work, Mode mode) {
    if (mode != Mode.READ) {
      checkWritable();
    }
    try (Connection c = (mode == Mode.READ ? reads : ds).getConnection()) {
      long[] committed = {0};
      T t = Jdbc.inTransaction(c, conn -> {
        if (mode != Mode.READ && postgres) {
          // a writer waiting for a row lock (the version row, or a key's last-used row) must then
          // see the previous writer's commit; under REPEATABLE READ it would fail with a
          // serialization error instead
          update(conn, "SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
        }
        if (mode == Mode.WRITE) {
          update(conn, "UPDATE store_version SET version = version + 1 WHERE id = 1");
        }
        T result = work.run(conn);
        if (mode == Mode.WRITE && ownedVersion != null) {
          committed[0] = one(conn, "SELECT version FROM store_version WHERE id = 1", rs -> rs.getLong(1)).orElseThrow();
        }
        return result;
      });
      if (committed[0] != 0) {
        // after the commit: a request that sees the new counter must find the new data
        ownedVersion.accumulateAndGet(committed[0], Math::max);
      }
      return t;
    } catch (SQLException e) {
      throw new StoreException(e);
    }
  }



  private static int count(Connection c, String sql, Object... args) throws SQLException {
    return one(c, sql, rs -> rs.getInt(1), args).orElse(0);
  }



  private Instant now() {
    return Instant.ofEpochMilli(clock.millis());
  }

  private static long millis(Instant i) {
    return i.toEpochMilli();
  }

  private static Instant instant(long millis) {
    return Instant.ofEpochMilli(millis);
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  /** A database failure that is not an IAM error (disk full, connection lost…). */
  public static final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StoreException(SQLException cause) {
      super("database error: " + cause.getMessage(), cause);
    }
  }
}
