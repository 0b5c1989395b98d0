package dev.iamlocal.store;

import static dev.iamlocal.store.Jdbc.one;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.iamlocal.catalog.ManagedPolicies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.Flyway;

/**
 * The IAM world of one or more accounts, persisted in SQLite (embedded default) or PostgreSQL: the
 * handle that opens the database (migrations, pools, {@link #close()}) and hands out one
 * repository per aggregate ({@link #users()}, {@link #roles()}, {@link #policies()}, …), all over
 * one transaction helper ({@link Jdbc}).
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

  private final boolean postgres;
  /** Where the database is: the decision log opens a connection of its own (see {@link #openLogConnection}). */
  private final StoreConfig config;
  private volatile boolean closed;

  /** The one transaction helper over {@link #ds} and {@link #reads}, of every repository and sibling store. */
  private final Jdbc jdbc;
  private final Accounts accounts;
  private final AccessKeys accessKeys;
  private final Users users;
  private final Groups groups;
  private final Roles roles;
  private final Policies policies;
  private final InlinePolicies inlinePolicies;
  private final Tags tags;
  private final Sessions sessions;
  private final MfaDevices mfaDevices;
  private final ServerSecrets serverSecrets;
  private final InstanceProfiles instanceProfiles;
  private final LoginProfiles loginProfiles;
  private final AccountSettings accountSettings;
  private final IdentityProviders identityProviders;

  private IamStore(HikariDataSource ds, HikariDataSource reads, Clock clock, StoreConfig config,
      SqliteOwnership ownership) {
    this.ds = ds;
    this.config = config;
    this.reads = reads;
    this.ownership = ownership;
    this.version = new VersionGate(this::queryChangeVersion);
    this.ownedVersion = ownership == null ? null : new AtomicLong(queryChangeVersion());
    this.postgres = config.postgres();
    this.jdbc = new Jdbc(ds, reads, postgres, ownedVersion, this::checkWritable);
    Ids ids = new Ids();
    ManagedPolicies awsManaged = ManagedPolicies.bundled();
    this.accounts = new Accounts(jdbc, ids, clock, awsManaged);
    this.accessKeys = new AccessKeys(jdbc, ids, clock, awsManaged);
    this.policies = new Policies(jdbc, ids, clock, awsManaged);
    this.users = new Users(jdbc, ids, clock, awsManaged, policies);
    this.groups = new Groups(jdbc, ids, clock, awsManaged, policies);
    this.roles = new Roles(jdbc, ids, clock, awsManaged, policies);
    this.inlinePolicies = new InlinePolicies(jdbc, ids, clock, awsManaged);
    this.tags = new Tags(jdbc, ids, clock, awsManaged);
    this.sessions = new Sessions(jdbc, ids, clock, awsManaged);
    this.mfaDevices = new MfaDevices(jdbc, ids, clock, awsManaged);
    this.serverSecrets = new ServerSecrets(jdbc, ids, clock, awsManaged);
    this.instanceProfiles = new InstanceProfiles(jdbc, ids, clock, awsManaged);
    this.loginProfiles = new LoginProfiles(jdbc, ids, clock, awsManaged);
    this.accountSettings = new AccountSettings(jdbc, ids, clock, awsManaged);
    this.identityProviders = new IdentityProviders(jdbc, ids, clock, awsManaged);
  }

  /** Accounts, and the store's first account with its root key ({@code ensureAccount}). */
  public Accounts accounts() {
    return accounts;
  }

  /** Long-term access keys of users and root users. */
  public AccessKeys accessKeys() {
    return accessKeys;
  }

  /** IAM users (DeleteUser and the policies that apply to a user included). */
  public Users users() {
    return users;
  }

  /** IAM groups and their members. */
  public Groups groups() {
    return groups;
  }

  /** IAM roles with their trust policies. */
  public Roles roles() {
    return roles;
  }

  /** Managed policies: versions, attachments, permissions boundaries. */
  public Policies policies() {
    return policies;
  }

  /** Inline policies of users, groups and roles. */
  public InlinePolicies inlinePolicies() {
    return inlinePolicies;
  }

  /** Tags of users, roles and customer managed policies. */
  public Tags tags() {
    return tags;
  }

  /** STS sessions. */
  public Sessions sessions() {
    return sessions;
  }

  /** Virtual MFA devices and the TOTP steps they used. */
  public MfaDevices mfaDevices() {
    return mfaDevices;
  }

  /** Keys the server generates once per database (sealing MFA seeds, encoding authorization messages). */
  public ServerSecrets serverSecrets() {
    return serverSecrets;
  }

  /** IAM instance profiles and the roles in them. */
  public InstanceProfiles instanceProfiles() {
    return instanceProfiles;
  }

  /** Console passwords (login profiles) and the account password policy. */
  public LoginProfiles loginProfiles() {
    return loginProfiles;
  }

  /** Account alias, STS preferences, summary counts, credential report. */
  public AccountSettings accountSettings() {
    return accountSettings;
  }

  /** OIDC and SAML identity providers, and iamlocal's own issuer keys. */
  public IdentityProviders identityProviders() {
    return identityProviders;
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
    return jdbc;
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

  /** A database failure that is not an IAM error (disk full, connection lost…). */
  public static final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StoreException(SQLException cause) {
      super("database error: " + cause.getMessage(), cause);
    }
  }
}
