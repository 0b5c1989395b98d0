package dev.iamlocal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the store promises on both backends when several nodes share it: the change counter, the
 * visibility of one node's writes to another, and race-free check-then-insert across nodes.
 * "Two nodes" are two {@link IamStore} instances (two pools) on one database.
 */
class StoreBackendsTest {

  enum Backend { SQLITE, POSTGRES }

  @TempDir Path dir;
  private final List<AutoCloseable> opened = new ArrayList<>();
  private PgTestDatabase pg;

  @AfterEach
  void closeAll() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
    if (pg != null) {
      pg.close();
    }
  }

  /** Opens one more node on the test's database. */
  private IamStore node(Backend b) {
    StoreConfig cfg;
    if (b == Backend.SQLITE) {
      cfg = new StoreConfig("jdbc:sqlite:" + dir.resolve("shared.db"), null, null);
    } else {
      if (pg == null) {
        pg = PgTestDatabase.createOrSkip();
      }
      cfg = pg.config();
    }
    IamStore s = IamStore.open(cfg, Clock.systemUTC());
    opened.add(s);
    return s;
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void everyCommittedWriteBumpsTheVersionAndNothingElseDoes(Backend b) {
    IamStore s = node(b);
    long v0 = s.changeVersion();
    String acct = s.accounts().createAccount().accountId();
    long v1 = s.changeVersion();
    assertThat(v1).isGreaterThan(v0);
    s.users().createUser(acct, "u", null, null);
    long v2 = s.changeVersion();
    assertThat(v2).isGreaterThan(v1);
    s.users().getUser(acct, "u");
    s.users().listUsers(acct, null);
    s.users().policiesOfUser(acct, "u");
    assertThat(s.changeVersion()).as("reads do not bump").isEqualTo(v2);
    assertThatThrownBy(() -> s.users().createUser(acct, "U", null, null)).isInstanceOf(IamException.EntityAlreadyExists.class);
    assertThat(s.changeVersion()).as("a rolled-back write does not bump").isEqualTo(v2);
    s.inlinePolicies().putInlinePolicy(acct, EntityType.USER, "u", "p", "{}");
    assertThat(s.changeVersion()).isGreaterThan(v2);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aWriteOnOneNodeIsVisibleOnTheOtherAtOnce(Backend b) {
    IamStore a = node(b);
    IamStore other = node(b);
    String acct = a.accounts().createAccount().accountId();
    a.users().createUser(acct, "u", null, null);
    long seen = other.changeVersion();
    assertThat(other.users().policiesOfUser(acct, "u")).isEmpty();
    a.inlinePolicies().putInlinePolicy(acct, EntityType.USER, "u", "allow", "{\"v\":1}");
    assertThat(other.changeVersion()).isGreaterThan(seen);
    assertThat(other.users().policiesOfUser(acct, "u")).extracting(IdentityPolicy::document).containsExactly("{\"v\":1}");
    a.inlinePolicies().putInlinePolicy(acct, EntityType.USER, "u", "allow", "{\"v\":2}");
    assertThat(other.users().policiesOfUser(acct, "u")).extracting(IdentityPolicy::document).containsExactly("{\"v\":2}");
  }

  /**
   * Many threads on two nodes race to create one user name and to fill one quota: the writers are
   * serialized by the version row, so exactly one create wins, the others get IAM's error (not a
   * database error), and the quota holds.
   */
  @ParameterizedTest
  @EnumSource(Backend.class)
  void concurrentWritersOnTwoNodesKeepNamesUniqueAndQuotasExact(Backend b) throws Exception {
    IamStore a = node(b);
    // SQLite has one writer store per file (see the test below): there the racers share it
    IamStore other = b == Backend.SQLITE ? a : node(b);
    String acct = a.accounts().createAccount().accountId();
    a.users().createUser(acct, "member", null, null);
    for (int i = 0; i < 16; i++) {
      a.groups().createGroup(acct, "g" + i, null);
    }
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<String>> creates = new ArrayList<>();
      List<Future<String>> joins = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        IamStore node = i % 2 == 0 ? a : other;
        int n = i;
        creates.add(pool.submit(outcome(go, () -> node.users().createUser(acct, "Racer", null, null))));
        joins.add(pool.submit(outcome(go, () -> {
          node.groups().addUserToGroup(acct, "g" + n, "member");
          return null;
        })));
      }
      go.countDown();
      List<String> createOutcomes = new ArrayList<>();
      for (Future<String> f : creates) {
        createOutcomes.add(f.get(60, TimeUnit.SECONDS));
      }
      List<String> joinOutcomes = new ArrayList<>();
      for (Future<String> f : joins) {
        joinOutcomes.add(f.get(60, TimeUnit.SECONDS));
      }
      assertThat(createOutcomes).filteredOn("ok"::equals).hasSize(1);
      assertThat(createOutcomes).filteredOn(o -> !o.equals("ok")).hasSize(threads - 1)
          .allMatch(o -> o.equals("EntityAlreadyExists"));
      assertThat(joinOutcomes).filteredOn("ok"::equals).hasSize(Groups.GROUPS_PER_USER);
      assertThat(joinOutcomes).filteredOn(o -> !o.equals("ok")).allMatch(o -> o.equals("LimitExceeded"));
      assertThat(other.groups().groupsForUser(acct, "member")).hasSize(Groups.GROUPS_PER_USER);
      assertThat(other.users().listUsers(acct, null)).extracting(User::name).containsExactlyInAnyOrder("member", "Racer");
    } finally {
      pool.shutdownNow();
    }
  }

  private static Callable<String> outcome(CountDownLatch go, Callable<?> work) {
    return () -> {
      go.await();
      try {
        work.call();
        return "ok";
      } catch (IamException e) {
        return e.code();
      } catch (RuntimeException e) {
        return e.toString();
      }
    };
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void attachmentsKeepTheirOrderWhicheverNodeAttaches(Backend b) {
    IamStore a = node(b);
    IamStore other = b == Backend.SQLITE ? a : node(b);
    String acct = a.accounts().createAccount().accountId();
    a.users().createUser(acct, "u", null, null);
    String p1 = a.policies().createPolicy(acct, "p1", null, null, "{}").arn();
    String p2 = a.policies().createPolicy(acct, "p2", null, null, "{}").arn();
    String p3 = a.policies().createPolicy(acct, "p3", null, null, "{}").arn();
    a.policies().attachPolicy(acct, EntityType.USER, "u", p1);
    other.policies().attachPolicy(acct, EntityType.USER, "u", p2);
    a.policies().attachPolicy(acct, EntityType.USER, "u", p3);
    assertThat(other.policies().attachedPolicies(acct, EntityType.USER, "u")).containsExactly(p1, p2, p3);
    other.policies().detachPolicy(acct, EntityType.USER, "u", p1);
    a.policies().attachPolicy(acct, EntityType.USER, "u", p1);
    assertThat(other.policies().attachedPolicies(acct, EntityType.USER, "u")).containsExactly(p2, p3, p1);
  }

  // The race of two nodes bootstrapping at once is the next test (deterministic, PostgreSQL); this
  // one is find-or-make on its own.
  @ParameterizedTest
  @EnumSource(Backend.class)
  void ensureAccountMakesOneAccountAndRootKeyAndEveryNodeFindsThem(Backend b) {
    int n = b == Backend.POSTGRES ? 3 : 1; // one SQLite file has one writer: a single node
    List<IamStore> nodes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      nodes.add(node(b));
    }
    List<Accounts.AccountAndRootKey> got = new ArrayList<>();
    for (IamStore s : nodes) {
      got.add(s.accounts().ensureAccount());
    }
    assertThat(got).extracting(r -> r.account().accountId()).containsOnly(got.get(0).account().accountId());
    assertThat(got).extracting(r -> r.rootKey().accessKeyId()).containsOnly(got.get(0).rootKey().accessKeyId());
    assertThat(nodes.get(0).accounts().all()).hasSize(1);
    assertThat(nodes.get(0).accessKeys().listAccessKeys(got.get(0).account().accountId(), null)).hasSize(1);
    // exactly one node made the key (and may show its secret once)
    assertThat(got).filteredOn(Accounts.AccountAndRootKey::rootKeyCreated).hasSize(1);
    // and again later: found, not made
    Accounts.AccountAndRootKey again = nodes.get(n - 1).accounts().ensureAccount();
    assertThat(again.account()).isEqualTo(got.get(0).account());
    assertThat(again.rootKey()).isEqualTo(got.get(0).rootKey());
    assertThat(again.rootKeyCreated()).isFalse();
  }

  @Test
  void onPostgresANodeBootstrappingWaitsForAnotherNodesUncommittedAccount() throws Exception {
    IamStore node = node(Backend.POSTGRES); // migrated schema, no account yet
    StoreConfig cfg = pg.config();
    try (java.sql.Connection other = java.sql.DriverManager.getConnection(cfg.url(), cfg.user(), cfg.password())) {
      // another node, mid-bootstrap: it holds the lock and has inserted, not yet committed, its account
      other.setAutoCommit(false);
      try (java.sql.Statement st = other.createStatement()) {
        st.execute("LOCK TABLE accounts IN SHARE ROW EXCLUSIVE MODE");
        st.execute("INSERT INTO accounts(account_id, create_date) VALUES ('999999999999', 1)");
      }
      java.util.concurrent.CompletableFuture<Accounts.AccountAndRootKey> mine =
          java.util.concurrent.CompletableFuture.supplyAsync(node.accounts()::ensureAccount);
      Thread.sleep(500);
      assertThat(mine).as("waits for the other node's transaction").isNotDone();
      other.commit();
      // without the lock this node would not have seen the uncommitted row and made a second account
      assertThat(mine.get(10, java.util.concurrent.TimeUnit.SECONDS).account().accountId()).isEqualTo("999999999999");
    }
    assertThat(node.accounts().all()).hasSize(1);
  }

  @Test
  void onPostgresTwoNodesPruningTheSameOldestDecisionsWaitInsteadOfFailing() throws Exception {
    IamStore node = node(Backend.POSTGRES);
    DecisionStore log = new DecisionStore(node);
    List<DecisionRecord> rows = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      rows.add(new DecisionRecord("", java.time.Instant.ofEpochMilli(1_700_000_000_000L + i), "p", "s3:GetObject",
          "r" + i, "allowed", "", null, "[]", "{}"));
    }
    log.append(rows);
    StoreConfig cfg = pg.config();
    try (java.sql.Connection other = java.sql.DriverManager.getConnection(cfg.url(), cfg.user(), cfg.password())) {
      other.setAutoCommit(false); // another node, mid-pruning of the two oldest
      try (java.sql.Statement st = other.createStatement()) {
        st.execute("DELETE FROM decisions WHERE id IN (SELECT id FROM decisions ORDER BY id ASC LIMIT 2)");
      }
      java.util.concurrent.CompletableFuture<Integer> mine =
          java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try (DecisionStore.Appender appender = log.appender()) {
              return appender.deleteOldest(2);
            }
          });
      Thread.sleep(300);
      other.commit();
      // under REPEATABLE READ this would fail with a serialization error; it waits, then deletes
      // what is left of the rows it chose
      assertThat(mine.get(10, java.util.concurrent.TimeUnit.SECONDS)).isBetween(0, 2);
    }
    assertThat(log.query(DecisionStore.Query.everyAccount(null, null, null, null, null, 10))).hasSizeBetween(1, 3);
  }

  @Test
  void onPostgresTheLogWriterReconnectsAfterItsConnectionDies() throws Exception {
    IamStore node = node(Backend.POSTGRES);
    DecisionStore log = new DecisionStore(node);
    DecisionRecord r = new DecisionRecord("", java.time.Instant.ofEpochMilli(1_700_000_000_000L), "p", "s3:GetObject",
        "r", "allowed", "", null, "[]", "{}");
    StoreConfig cfg = pg.config();
    try (DecisionStore.Appender appender = log.appender();
        java.sql.Connection admin = java.sql.DriverManager.getConnection(cfg.url(), cfg.user(), cfg.password())) {
      appender.append(List.of(r));
      try (java.sql.Statement st = admin.createStatement();
          java.sql.ResultSet rs = st.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
              + " WHERE application_name = '" + IamStore.LOG_CONNECTION_NAME + "' AND datname = current_database()")) {
        assertThat(rs.next()).as("the log's connection is named").isTrue();
      }
      assertThatThrownBy(() -> appender.append(List.of(r))).isInstanceOf(IamStore.StoreException.class);
      appender.append(List.of(r)); // on a new connection
    }
    assertThat(log.query(DecisionStore.Query.everyAccount(null, null, null, null, null, 10))).hasSize(2);
  }

  @Test
  void aSecondStoreOnOneSqliteFileOnlyReadsUntilTheOwnerCloses() {
    IamStore owner = node(Backend.SQLITE);
    IamStore reader = node(Backend.SQLITE);
    assertThat(owner.writable()).isTrue();
    assertThat(reader.writable()).isFalse();
    String acct = owner.accounts().createAccount().accountId();
    owner.users().createUser(acct, "u", null, null);
    assertThat(reader.changeVersion()).isEqualTo(owner.changeVersion());
    assertThat(reader.users().listUsers(acct, null)).extracting(User::name).containsExactly("u");
    assertThatThrownBy(() -> reader.users().createUser(acct, "v", null, null)).isInstanceOf(IamStore.ReadOnlyStore.class)
        .hasMessageContaining("PostgreSQL");
    assertThatThrownBy(() -> new DecisionStore(reader).append(List.of())).isInstanceOf(IamStore.ReadOnlyStore.class);
    owner.inlinePolicies().putInlinePolicy(acct, EntityType.USER, "u", "p", "{}");
    assertThat(reader.changeVersion()).as("the reader asks the database").isEqualTo(owner.changeVersion());
    owner.close();
    IamStore next = node(Backend.SQLITE);
    assertThat(next.writable()).as("ownership passes on when the owner closes").isTrue();
    assertThat(next.changeVersion()).isEqualTo(reader.changeVersion());
    next.users().createUser(acct, "v", null, null);
    assertThat(reader.users().listUsers(acct, null)).extracting(User::name).containsExactly("u", "v");
  }

  @Test
  void sqliteRunsInWalWithFullSynchronousCommits() {
    IamStore s = node(Backend.SQLITE);
    assertThat(s.sqlitePragma("journal_mode")).isEqualTo("wal");
    assertThat(s.sqlitePragma("synchronous")).as("2 = FULL").isEqualTo("2");
    assertThat(s.sqlitePragma("foreign_keys")).isEqualTo("1");
    assertThat(s.sqlitePragma("integrity_check")).isEqualTo("ok");
  }
}
