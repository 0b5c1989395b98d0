package dev.iamlocal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * The one transaction helper of a store: every repository of {@link IamStore}, {@link SageMakerStore}
 * and {@link DecisionStore} reads and writes through it, with one set of guarantees.
 *
 * <ul>
 *   <li>{@link #read}: one transaction on the read pool, so a multi-query read sees one consistent
 *       state (PostgreSQL REPEATABLE READ, the pool's default: one snapshot; SQLite's transactions
 *       are snapshots anyway, and in WAL mode readers never wait for the writer).
 *   <li>{@link #write}: one transaction on the write pool (on SQLite one connection: the single
 *       writer) whose first statement bumps the store's change counter, which (a) tells every
 *       node's caches that something changed and (b) takes the one row lock every writer needs, so
 *       writers of all nodes are serialized: on PostgreSQL's READ COMMITTED each later statement
 *       sees what the writer before committed, which makes the check-then-insert logic of the
 *       repositories (names, quotas) race-free across nodes.
 *   <li>{@link #writeUnversioned}: as {@link #write} without the counter, for bookkeeping that
 *       nothing derived from the store depends on (a key's last use, SageMaker's resources).
 * </ul>
 *
 * Every write first checks that the store may write ({@link IamStore#writable()}). Never nest
 * transactions: SQLite's write pool has one connection. A cross-aggregate operation (DeleteUser,
 * AttachUserPolicy…) is one {@link #write} whose work calls the package-private finders of the
 * other aggregates on the same connection.
 */
final class Jdbc {

  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  @FunctionalInterface
  interface Row<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private final DataSource writes;
  private final DataSource reads;
  private final boolean postgres;
  /**
   * SQLite, when the store owns the file: the counter as of its own last commit (see
   * {@link IamStore#changeVersion()}); null otherwise.
   */
  private final AtomicLong ownedVersion;
  private final Runnable checkWritable;

  /**
   * @param ownedVersion the counter this store keeps of its own commits, or null (PostgreSQL, or a
   *     SQLite file another store owns)
   * @param checkWritable throws when this store may not write (see {@link IamStore#writable()})
   */
  Jdbc(DataSource writes, DataSource reads, boolean postgres, AtomicLong ownedVersion, Runnable checkWritable) {
    this.writes = writes;
    this.reads = reads;
    this.postgres = postgres;
    this.ownedVersion = ownedVersion;
    this.checkWritable = checkWritable;
  }

  /** Whether the database is PostgreSQL (else SQLite). */
  boolean postgres() {
    return postgres;
  }

  /** Runs {@code work}, which only reads, in one transaction on the read pool (one snapshot). */
  <T> T read(Work<T> work) {
    return run(work, Mode.READ);
  }

  /** Runs a write in one transaction that bumps the change counter; rolls back on any failure. */
  <T> T write(Work<T> work) {
    return run(work, Mode.WRITE);
  }

  /** Runs a write in one transaction without bumping the change counter; rolls back on any failure. */
  <T> T writeUnversioned(Work<T> work) {
    return run(work, Mode.WRITE_UNVERSIONED);
  }

  /**
   * Runs an insert-if-absent of a row that no store caches or derives anything from (iamlocal's own
   * issuer keys), even from a store that does not own the SQLite file: the owner's in-memory counter
   * need not hear of it (nothing is versioned by it), and SQLite serializes the two writers as it
   * does the decision log's connection (immediate transactions, busy timeout). This is what lets
   * {@code iamlocal web-identity-token} make an issuer's first key while a server runs on the file.
   */
  <T> T writeFromAnyStore(Work<T> work) {
    return run(work, Mode.WRITE_FROM_ANY_STORE);
  }

  private enum Mode {
    READ,
    WRITE,
    /** A write of bookkeeping that nothing derived from the store depends on: no counter bump. */
    WRITE_UNVERSIONED,
    /** As {@link #WRITE_UNVERSIONED}, allowed to a store that does not own the file. */
    WRITE_FROM_ANY_STORE
  }

  private <T> T run(Work<T> work, Mode mode) {
    if (mode != Mode.READ && mode != Mode.WRITE_FROM_ANY_STORE) {
      checkWritable.run();
    }
    try (Connection c = (mode == Mode.READ ? reads : writes).getConnection()) {
      long[] committed = {0};
      T t = inTransaction(c, conn -> {
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
      throw new IamStore.StoreException(e);
    }
  }

  /**
   * Runs {@code work} on {@code c} in one transaction; rolls back on any failure. The connection
   * is left in auto-commit mode, holding no lock.
   *
   * <p>Commits by switching auto-commit back on: SQLite's driver follows {@code commit()} (and
   * {@code rollback()}) with the next {@code BEGIN}, which for the store's write connections is
   * {@code BEGIN IMMEDIATE} — the write lock taken again right after the commit, making a
   * committed write wait for a decision-log batch and fail if that wait timed out.
   */
  static <T> T inTransaction(Connection c, Work<T> work) throws SQLException {
    c.setAutoCommit(false);
    boolean committed = false;
    try {
      T t = work.run(c);
      c.setAutoCommit(true);
      committed = true;
      return t;
    } finally {
      if (!committed) {
        rollback(c);
      }
    }
  }

  /** Ends a failed transaction, whatever state the failure left the driver in; never throws. */
  private static void rollback(Connection c) {
    try {
      if (!c.getAutoCommit()) {
        c.rollback();
        c.setAutoCommit(true);
      } else {
        // the commit itself failed: the driver says auto-commit, the database may still be in the
        // transaction
        try (java.sql.Statement st = c.createStatement()) {
          st.execute("ROLLBACK");
        }
      }
    } catch (SQLException | RuntimeException ignored) {
      // nothing was open, or the connection is broken: the pool validates it before reuse
    }
  }

  static <T> Optional<T> one(Connection c, String sql, Row<T> row, Object... args) throws SQLException {
    try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(row.map(rs)) : Optional.empty();
    }
  }

  static <T> List<T> list(Connection c, String sql, Row<T> row, Object... args) throws SQLException {
    List<T> out = new ArrayList<>();
    try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(row.map(rs));
      }
    }
    return out;
  }

  static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = prepare(c, sql, args)) {
      return ps.executeUpdate();
    }
  }

  static int count(Connection c, String sql, Object... args) throws SQLException {
    return one(c, sql, rs -> rs.getInt(1), args).orElse(0);
  }

  static long millis(Instant i) {
    return i.toEpochMilli();
  }

  static Instant instant(long millis) {
    return Instant.ofEpochMilli(millis);
  }

  /** The case-insensitive identity of an IAM name (the {@code name_key} columns). */
  static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    for (int i = 0; i < args.length; i++) {
      ps.setObject(i + 1, args[i]);
    }
    return ps;
  }
}
