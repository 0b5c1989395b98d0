package dev.iamlocal.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.iamlocal.catalog.ManagedPolicies;
import dev.iamlocal.catalog.ManagedPolicy;
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
import org.flywaydb.core.Flyway;

/**
 * The IAM world of one or more accounts, persisted in SQLite (embedded default) or PostgreSQL.
 *
 * <p>Every write runs in one transaction; reads see committed state only, so several servers
 * sharing one PostgreSQL database see each other's changes on their next request (nothing is
 * cached here). Names are unique case-insensitively, as in IAM. Failures are {@link IamException}s
 * carrying the IAM error code and AWS's message.
 *
 * <p>Thread-safe. The SQLite pool has one connection: SQLite serializes writers anyway, and one
 * connection avoids {@code SQLITE_BUSY} on lock upgrades.
 */
public final class IamStore implements AutoCloseable {

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

  private final HikariDataSource ds;
  private final Clock clock;
  private final Ids ids = new Ids();
  private final ManagedPolicies awsManaged;

  private IamStore(HikariDataSource ds, Clock clock) {
    this.ds = ds;
    this.clock = clock;
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
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(jdbcUrl);
    cfg.setPoolName("iamlocal-store");
    if (user != null) {
      cfg.setUsername(user);
    }
    if (password != null) {
      cfg.setPassword(password);
    }
    if (jdbcUrl.startsWith("jdbc:sqlite:")) {
      cfg.setMaximumPoolSize(1);
      cfg.addDataSourceProperty("foreign_keys", "true");
      cfg.addDataSourceProperty("journal_mode", "WAL");
      cfg.addDataSourceProperty("synchronous", "FULL");
      cfg.addDataSourceProperty("busy_timeout", "10000");
    } else if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      cfg.setMaximumPoolSize(8);
    } else {
      throw new IllegalArgumentException("unsupported database URL " + jdbcUrl
          + ": expected jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB");
    }
    cfg.setAutoCommit(true);
    HikariDataSource ds = new HikariDataSource(cfg);
    try {
      Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
    return new IamStore(ds, clock);
  }

  @Override
  public void close() {
    ds.close();
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

  /** All accounts, oldest first. */
  public List<Account> accounts() {
    return read(c -> list(c, "SELECT account_id, create_date FROM accounts ORDER BY create_date, account_id",
        rs -> new Account(rs.getString(1), instant(rs.getLong(2)))));
  }

  /** The account, if it exists. */
  public Optional<Account> account(String accountId) {
    return read(c -> one(c, "SELECT account_id, create_date FROM accounts WHERE account_id = ?",
        rs -> new Account(rs.getString(1), instant(rs.getLong(2))), accountId));
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
        return list(c, "SELECT k.account_id, k.access_key_id, NULL, k.user_id, k.secret, k.status, k.create_date"
            + " FROM access_keys k WHERE k.account_id = ? AND k.user_id IS NULL ORDER BY k.create_date, k.access_key_id",
            IamStore::accessKeyRow, accountId);
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
    String p = path == null ? "/" : path;
    return tx(c -> {
      if (findUser(c, accountId, name).isPresent()) {
        throw new IamException.EntityAlreadyExists("User with name " + name + " already exists.");
      }
      User u = new User(accountId, ids.id("AIDA"), name, p, null, now());
      update(c, "INSERT INTO users(user_id, account_id, name, name_key, path, create_date) VALUES (?, ?, ?, ?, ?, ?)",
          u.userId(), accountId, name, key(name), p, millis(u.createDate()));
      putTags(c, "user", u.userId(), tags);
      return u;
    });
  }

  /** The user; {@link IamException.NoSuchEntity} when there is none. */
  public User getUser(String accountId, String name) {
    return read(c -> requireUser(c, accountId, name));
  }

  /** The user with this unique id, if any. */
  public Optional<User> userById(String userId) {
    return read(c -> one(c, USER_COLUMNS + " WHERE user_id = ?", IamStore::userRow, userId));
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

  /** Groups whose path starts with {@code pathPrefix} (all when null), ordered by name. */
  public List<Group> listGroups(String accountId, String pathPrefix) {
    return read(c -> list(c, "SELECT account_id, group_id, name, path, create_date FROM iam_groups"
        + " WHERE account_id = ? ORDER BY name_key", IamStore::groupRow, accountId))
        .stream().filter(g -> pathPrefix == null || g.path().startsWith(pathPrefix)).toList();
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
    String p = path == null ? "/" : path;
    int max = maxSessionDuration == null ? 3600 : maxSessionDuration;
    if (max < 3600 || max > 43200) {
      throw new IamException.InvalidInput("The requested MaxSessionDuration " + max
          + " is invalid. It must be between 3600 and 43200 seconds.");
    }
    return tx(c -> {
      if (findRole(c, accountId, name).isPresent()) {
        throw new IamException.EntityAlreadyExists("Role with name " + name + " already exists.");
      }
      Role r = new Role(accountId, ids.id("AROA"), name, p, description, trustPolicy, max, null, now());
      update(c, "INSERT INTO roles(role_id, account_id, name, name_key, path, description, trust_policy,"
          + " max_session_duration, create_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", r.roleId(), accountId, name,
          key(name), p, description, trustPolicy, max, millis(r.createDate()));
      return r;
    });
  }

  /** The role; {@link IamException.NoSuchEntity} when there is none. */
  public Role getRole(String accountId, String name) {
    return read(c -> requireRole(c, accountId, name));
  }

  /** Roles whose path starts with {@code pathPrefix} (all when null), ordered by name. */
  public List<Role> listRoles(String accountId, String pathPrefix) {
    return read(c -> list(c, "SELECT account_id, role_id, name, path, description, trust_policy, max_session_duration,"
        + " boundary_arn, create_date FROM roles WHERE account_id = ? ORDER BY name_key", IamStore::roleRow, accountId))
        .stream().filter(r -> pathPrefix == null || r.path().startsWith(pathPrefix)).toList();
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
    String p = path == null ? "/" : path;
    checkManagedSize(document);
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
      return new CustomerPolicy(accountId, id, name, p, arn, description, "v1", 0, now, now);
    });
  }

  /** The customer managed policy with this ARN; {@link IamException.NoSuchEntity} when there is none. */
  public CustomerPolicy getPolicy(String arn) {
    return read(c -> requirePolicy(c, arn));
  }

  /** The customer managed policies of the account, ordered by name. */
  public List<CustomerPolicy> listPolicies(String accountId) {
    return read(c -> list(c, POLICY_COLUMNS + " WHERE p.account_id = ? ORDER BY p.name_key", IamStore::policyRow,
        accountId));
  }

  /** One version of a customer managed policy. */
  public StoredPolicyVersion getPolicyVersion(String arn, String versionId) {
    return read(c -> {
      CustomerPolicy p = requirePolicy(c, arn);
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
  public StoredPolicyVersion createPolicyVersion(String arn, String document, boolean setAsDefault) {
    checkManagedSize(document);
    return tx(c -> {
      CustomerPolicy p = requirePolicy(c, arn);
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

  private static final String POLICY_COLUMNS = "SELECT p.account_id, p.policy_id, p.name, p.path, p.arn, p.description,"
      + " p.default_version, (SELECT COUNT(*) FROM attachments a WHERE a.policy_arn = p.arn), p.create_date,"
      + " p.update_date FROM policies p";

  private static CustomerPolicy policyRow(ResultSet rs) throws SQLException {
    return new CustomerPolicy(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getString(7), rs.getInt(8), instant(rs.getLong(9)), instant(rs.getLong(10)));
  }

  private static CustomerPolicy requirePolicy(Connection c, String arn) throws SQLException {
    return one(c, POLICY_COLUMNS + " WHERE p.arn = ?", IamStore::policyRow, arn)
        .orElseThrow(() -> new IamException.NoSuchEntity("Policy " + arn + " was not found."));
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
      update(c, "INSERT INTO attachments(entity_type, entity_id, policy_arn, attach_seq) VALUES (?, ?, ?, ?)",
          type.word(), entityId, policyArn, System.nanoTime());
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

  /** How many users, groups and roles each managed policy (customer or AWS) is attached to. */
  public Map<String, Integer> attachmentCounts() {
    return read(c -> {
      Map<String, Integer> out = new LinkedHashMap<>();
      for (Object[] row : list(c, "SELECT policy_arn, COUNT(*) FROM attachments GROUP BY policy_arn",
          rs -> new Object[] {rs.getString(1), rs.getInt(2)})) {
        out.put((String) row[0], (Integer) row[1]);
      }
      return out;
    });
  }

  private boolean managedPolicyExists(Connection c, String accountId, String arn) throws SQLException {
    if (arn.startsWith("arn:aws:iam::aws:policy/")) {
      return awsManaged.byArn(arn).filter(p -> p.arn().equals(arn)).isPresent();
    }
    return count(c, "SELECT COUNT(*) FROM policies WHERE account_id = ? AND arn = ?", accountId, arn) > 0;
  }

  /** The default version's document of a managed policy (customer or AWS), if the policy exists. */
  public Optional<String> managedPolicyDocument(String arn) {
    if (arn.startsWith("arn:aws:iam::aws:policy/")) {
      return awsManaged.byArn(arn).filter(p -> p.arn().equals(arn)).map(ManagedPolicy::document);
    }
    return read(c -> one(c, "SELECT v.document FROM policies p JOIN policy_versions v ON v.policy_id = p.policy_id"
        + " AND v.version_id = p.default_version WHERE p.arn = ?", rs -> rs.getString(1), arn));
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
      addAttached(c, EntityType.USER, u.userId(), out, seenArns);
      for (Group g : groupsOf(c, u)) {
        for (InlinePolicy p : inline(c, EntityType.GROUP, g.groupId())) {
          out.add(new IdentityPolicy(p.name(), "group", null, p.document()));
        }
        addAttached(c, EntityType.GROUP, g.groupId(), out, seenArns);
      }
      return out;
    });
  }

  private void addAttached(Connection c, EntityType type, String entityId, List<IdentityPolicy> out,
      Map<String, Boolean> seen) throws SQLException {
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
        Optional<String> doc = one(c, "SELECT v.document FROM policies p JOIN policy_versions v ON v.policy_id ="
            + " p.policy_id AND v.version_id = p.default_version WHERE p.arn = ?", rs -> rs.getString(1), arn);
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
      update(c, "DELETE FROM tags WHERE entity_type = ? AND entity_id = ? AND key_lc = ?", type, id, key(t.getKey()));
      update(c, "INSERT INTO tags(entity_type, entity_id, tag_key, key_lc, tag_value) VALUES (?, ?, ?, ?, ?)",
          type, id, t.getKey(), key(t.getKey()), t.getValue());
    }
  }

  private static Map<String, String> tags(Connection c, String type, String id) throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    for (String[] kv : list(c, "SELECT tag_key, tag_value FROM tags WHERE entity_type = ? AND entity_id = ?"
        + " ORDER BY key_lc", rs -> new String[] {rs.getString(1), rs.getString(2)}, type, id)) {
      out.put(kv[0], kv[1]);
    }
    return out;
  }

  // ---------------------------------------------------------------- JDBC plumbing

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  @FunctionalInterface
  private interface Row<T> {
    T map(ResultSet rs) throws SQLException;
  }

  /** Runs {@code work} in one transaction; rolls back on any failure. */
  private <T> T tx(Work<T> work) {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try {
        T t = work.run(c);
        c.commit();
        return t;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException(e);
    }
  }

  /** Reads in one transaction, so that a multi-query read sees one consistent state. */
  private <T> T read(Work<T> work) {
    return tx(work);
  }

  private static <T> Optional<T> one(Connection c, String sql, Row<T> row, Object... args) throws SQLException {
    try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(row.map(rs)) : Optional.empty();
    }
  }

  private static <T> List<T> list(Connection c, String sql, Row<T> row, Object... args) throws SQLException {
    List<T> out = new ArrayList<>();
    try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(row.map(rs));
      }
    }
    return out;
  }

  private static int count(Connection c, String sql, Object... args) throws SQLException {
    return one(c, sql, rs -> rs.getInt(1), args).orElse(0);
  }

  private static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = prepare(c, sql, args)) {
      return ps.executeUpdate();
    }
  }

  private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    for (int i = 0; i < args.length; i++) {
      ps.setObject(i + 1, args[i]);
    }
    return ps;
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
