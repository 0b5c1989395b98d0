package dev.iamlocal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionStoreTest {

  @TempDir Path dir;
  IamStore store;
  DecisionStore log;

  @BeforeEach
  void open() {
    store = IamStore.openSqlite(dir.resolve("iam.db"));
    log = new DecisionStore(store);
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** Record number {@code i}: at millisecond 1_700_000_000_000 + i, on resource {@code b/i}. */
  private static DecisionRecord record(int i, String decision, String sourceIp) {
    return new DecisionRecord("", Instant.ofEpochMilli(1_700_000_000_000L + i), "arn:aws:iam::123456789012:user/u",
        "s3:GetObject", "arn:aws:s3:::b/" + i, decision, "", sourceIp, "[]", "{}");
  }

  /** Everything selected by {@code since} (null: no bound), at most 1,000, oldest first. */
  private List<DecisionRecord> since(Instant since) {
    return log.query(DecisionStore.Query.everyAccount(null, null, null, since, null, 1000));
  }

  private List<DecisionRecord> appendFive() {
    List<DecisionRecord> in = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      in.add(record(i, i % 2 == 0 ? "allowed" : "implicitDeny", null));
    }
    return log.append(in);
  }

  @Test
  void accountOfReadsTheTwelveDigitAccountFieldOfAnArnOnly() {
    assertThat(DecisionStore.accountOf("arn:aws:iam::123456789012:user/u")).isEqualTo("123456789012");
    assertThat(DecisionStore.accountOf("arn:aws:sts::123456789012:assumed-role/r/s")).isEqualTo("123456789012");
    assertThat(DecisionStore.accountOf("arn:aws:iam::123456789012:")).isEqualTo("123456789012");
    // a region in the ARN: not a principal's ARN; S3 (no account), short, long or lettered accounts
    assertThat(DecisionStore.accountOf("arn:aws:sagemaker:us-east-1:123456789012:model/m")).isNull();
    assertThat(DecisionStore.accountOf("arn:aws:s3:::bucket/key")).isNull();
    assertThat(DecisionStore.accountOf("arn:aws:iam::12345678901:user/u")).isNull();
    assertThat(DecisionStore.accountOf("arn:aws:iam::1234567890123:user/u")).isNull();
    assertThat(DecisionStore.accountOf("arn:aws:iam::12345678901a:user/u")).isNull();
    assertThat(DecisionStore.accountOf("arn:aws:iam::123456789012")).isNull();
    assertThat(DecisionStore.accountOf("arn:aws:iam")).isNull();
    assertThat(DecisionStore.accountOf("*")).isNull();
    assertThat(DecisionStore.accountOf("")).isNull();
    assertThat(DecisionStore.accountOf(null)).isNull();
  }

  @Test
  void followingAfterAnIdReturnsTheOldestRecordsAfterItAscending() {
    List<DecisionRecord> stored = appendFive();
    List<DecisionRecord> next = log.query(DecisionStore.Query.everyAccount(null, null, null, null, stored.get(0).id(), 2));
    // the two right after the id, not the two newest: a follower must not skip records 1 and 2
    assertThat(next).extracting(DecisionRecord::id).containsExactly(stored.get(1).id(), stored.get(2).id());
    List<DecisionRecord> rest = log.query(DecisionStore.Query.everyAccount(null, null, null, null, next.get(1).id(), 10));
    assertThat(rest).extracting(DecisionRecord::id).containsExactly(stored.get(3).id(), stored.get(4).id());
  }

  @Test
  void withoutAnIdTheNewestRecordsComeOldestFirstAndDeniedSelectsBothDenies() {
    List<DecisionRecord> stored = appendFive();
    assertThat(log.query(DecisionStore.Query.everyAccount(null, null, null, null, null, 2))).extracting(DecisionRecord::id)
        .containsExactly(stored.get(3).id(), stored.get(4).id());
    assertThat(log.query(DecisionStore.Query.everyAccount(null, "S3:getobject", "denied", null, null, 10)))
        .extracting(DecisionRecord::resource).containsExactly("arn:aws:s3:::b/1", "arn:aws:s3:::b/3");
  }

  @Test
  void deleteOldestDeletesExactlyThatManyFromTheOldEnd() {
    List<DecisionRecord> stored = appendFive();
    try (DecisionStore.Appender appender = log.appender()) {
      assertThat(appender.deleteOldest(0)).isZero();
      assertThat(appender.deleteOldest(2)).isEqualTo(2);
      assertThat(since(null)).extracting(DecisionRecord::id)
          .containsExactly(stored.get(2).id(), stored.get(3).id(), stored.get(4).id());
      assertThat(appender.deleteOldest(10)).isEqualTo(3);
    }
  }

  @Test
  void aLargeAppendStoresEveryRecordInOrder() {
    List<DecisionRecord> in = new ArrayList<>();
    for (int i = 0; i < 123; i++) { // two full multi-row inserts and a partial one
      in.add(record(i, "allowed", i % 2 == 0 ? null : "10.0.0." + i));
    }
    List<DecisionRecord> stored = log.append(in);
    List<DecisionRecord> read = since(null);
    assertThat(read).hasSize(123).extracting(DecisionRecord::id).containsExactlyElementsOf(
        stored.stream().map(DecisionRecord::id).toList());
    assertThat(read).extracting(DecisionRecord::resource).containsExactlyElementsOf(
        in.stream().map(DecisionRecord::resource).toList());
    assertThat(read.get(0).sourceIp()).isNull();
    assertThat(read.get(121).sourceIp()).isEqualTo("10.0.0.121");
  }

  @Test
  void sinceSelectsRecordsFromThatMillisecondOn() {
    appendFive();
    assertThat(since(Instant.ofEpochMilli(1_700_000_000_003L)))
        .extracting(DecisionRecord::resource).containsExactly("arn:aws:s3:::b/3", "arn:aws:s3:::b/4");
    assertThat(since(Instant.ofEpochMilli(1_700_000_000_005L)))
        .isEmpty();
    assertThat(since(Instant.EPOCH)).hasSize(5);
  }

  @Test
  void idsOrderByTimeThenSequence() {
    List<DecisionRecord> stored = appendFive();
    assertThat(stored).extracting(DecisionRecord::id).isSorted()
        .allMatch(id -> id.matches("\\d{13}-[0-9a-f]{8}-\\d{10}"));
    assertThat(stored.get(0).id()).startsWith("1700000000000-");
  }

  @Test
  void keepNewestDeletesEverythingOlderThanTheWindow() {
    List<DecisionRecord> stored = appendFive();
    try (DecisionStore.Appender appender = log.appender()) {
      assertThat(appender.keepNewest(10)).isZero();
      assertThat(appender.keepNewest(2)).isEqualTo(3);
      assertThat(since(null)).extracting(DecisionRecord::id)
          .containsExactly(stored.get(3).id(), stored.get(4).id());
      assertThat(appender.keepNewest(0)).isEqualTo(2);
      assertThat(since(null)).isEmpty();
    }
  }

  @Test
  void appendsSkipTheFsyncButLeaveEveryOtherWriteDurable() {
    try (DecisionStore.Appender appender = log.appender()) {
      appender.append(List.of(record(0, "allowed", null)));
      assertThat(appender.sqlitePragma("synchronous")).as("1 = NORMAL, the log's own connection").isEqualTo("1");
    }
    assertThat(store.sqlitePragma("synchronous")).as("2 = FULL, every IAM write").isEqualTo("2");
    assertThat(since(null)).hasSize(1);
  }

  @Test
  void anAppenderKeepsItsStatementsAcrossBatchesAndSeesItsOwnRows() {
    try (DecisionStore.Appender appender = log.appender()) {
      List<DecisionRecord> batch = new ArrayList<>();
      for (int i = 0; i < 120; i++) { // two full INSERTs of 50 and one of 20
        batch.add(record(i, "allowed", null));
      }
      appender.append(batch);
      appender.append(batch.subList(0, 20)); // the 20-row statement again
      assertThat(appender.deleteOldest(30)).isEqualTo(30);
      assertThat(appender.keepNewest(100)).isEqualTo(10);
    }
    assertThat(since(null)).hasSize(100);
  }

  /**
   * The log writes through its own connection while IAM writes go through the store's: an IAM
   * transaction that reads and then writes must make a log commit wait, not fail with SQLITE_BUSY
   * (what a deferred transaction gets when another connection committed after its first read).
   */
  @Test
  void anIamWriteThatReadsFirstIsNotBrokenByALogCommit() throws Exception {
    java.util.concurrent.CompletableFuture<List<DecisionRecord>> logCommit;
    try (DecisionStore.Appender appender = log.appender()) {
      appender.append(List.of(record(0, "allowed", null))); // the log's connection is open
      logCommit = store.jdbc().writeUnversioned(c -> {
        Jdbc.one(c, "SELECT COUNT(*) FROM decisions", rs -> rs.getLong(1)); // the transaction has read
        java.util.concurrent.CompletableFuture<List<DecisionRecord>> other =
            java.util.concurrent.CompletableFuture.supplyAsync(() -> appender.append(List.of(record(1, "allowed", null))));
        try {
          other.get(300, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException expected) {
          // the log waits for this transaction, as it should
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException(e);
        }
        // now the write: with a deferred transaction and the log committed in between, SQLITE_BUSY
        Jdbc.update(c, "INSERT INTO decisions(id, time, principal, action, resource, decision, reason, source_ip,"
            + " statements, context) VALUES ('x', 0, 'p', 'a', 'r', 'allowed', '', NULL, '[]', '{}')");
        return other;
      });
      assertThat(logCommit.get(10, java.util.concurrent.TimeUnit.SECONDS)).hasSize(1);
    }
    assertThat(since(null)).hasSize(3);
  }

  /** Committed or rolled back, a transaction leaves the write connection holding no lock. */
  @Test
  void transactionsLeaveNoLockBehindWhetherCommittedOrRolledBack() throws Exception {
    String insert = "INSERT INTO decisions(id, time, principal, action, resource, decision, reason, source_ip,"
        + " statements, context) VALUES (?, 0, 'p', 'a', 'r', 'allowed', '', NULL, '[]', '{}')";
    store.jdbc().writeUnversioned(c -> Jdbc.update(c, insert, "kept"));
    assertThatLockIsFree();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.jdbc().writeUnversioned(c -> {
      Jdbc.update(c, insert, "rolled-back");
      throw new IllegalStateException("boom");
    })).hasMessage("boom");
    assertThatLockIsFree();
    assertThat(since(null)).extracting(DecisionRecord::id).containsExactly("kept");
    try (DecisionStore.Appender appender = log.appender()) {
      appender.append(List.of(record(1, "allowed", null)));
      assertThatLockIsFree(); // an idle log holds nothing either
    }
  }

  private void assertThatLockIsFree() throws java.sql.SQLException {
    try (java.sql.Connection raw = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("iam.db"));
        java.sql.Statement st = raw.createStatement()) {
      st.execute("PRAGMA busy_timeout = 0");
      st.execute("BEGIN IMMEDIATE"); // fails at once with SQLITE_BUSY if anyone holds the write lock
      st.execute("ROLLBACK");
    }
  }

  @Test
  void aClosedStoreOpensNoLogConnection() {
    DecisionStore.Appender appender = log.appender();
    store.close();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> appender.append(List.of(record(0, "allowed", null))))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    store = IamStore.openSqlite(dir.resolve("iam.db")); // for close()
    log = new DecisionStore(store);
  }
}
