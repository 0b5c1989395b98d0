package dev.iamlocal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Transactions and statements for the stores that share {@link IamStore}'s pool. */
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
  private final Runnable checkWritable;
  private final boolean sqlite;

  /**
   * @param checkWritable throws when this store may not write (see {@link IamStore#writable()})
   * @param sqlite whether the database is SQLite (else PostgreSQL)
   */
  Jdbc(DataSource writes, DataSource reads, Runnable checkWritable, boolean sqlite) {
    this.writes = writes;
    this.reads = reads;
    this.checkWritable = checkWritable;
    this.sqlite = sqlite;
  }

  /** Runs {@code work} in one transaction; rolls back on any failure. Never nest: SQLite's write pool has one connection. */
  <T> T tx(Work<T> work) {
    checkWritable.run();
    return run(writes, work);
  }

  /**
   * As {@link #tx}, for data whose last moments a crash may lose (the decision log): the commit
   * does not wait for the disk. The transaction is still atomic, and a later durable commit
   * flushes it too. SQLite: {@code synchronous=NORMAL} for this transaction only (in WAL mode the
   * database stays consistent); PostgreSQL: {@code synchronous_commit = off} for it.
   */
  <T> T txWithoutFlush(Work<T> work) {
    checkWritable.run();
    try (Connection c = writes.getConnection()) {
      if (sqlite) {
        exec(c, "PRAGMA synchronous = NORMAL");
      }
      try {
        return inTransaction(c, conn -> {
          if (!sqlite) {
            // READ COMMITTED as for every write: two nodes pruning the same oldest rows then wait
            // for each other instead of failing with a serialization error (the pool's default is
            // REPEATABLE READ, for reads)
            exec(conn, "SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
            exec(conn, "SET LOCAL synchronous_commit = off");
          }
          return work.run(conn);
        });
      } finally {
        if (sqlite) {
          // the pool's setting for every other write: a commit returns only once on disk
          exec(c, "PRAGMA synchronous = FULL");
        }
      }
    } catch (SQLException e) {
      throw new IamStore.StoreException(e);
    }
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (java.sql.Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  /** Runs {@code work}, which only reads, in one transaction on the read pool (one snapshot). */
  <T> T read(Work<T> work) {
    return run(reads, work);
  }

  private static <T> T run(DataSource ds, Work<T> work) {
    try (Connection c = ds.getConnection()) {
      return inTransaction(c, work);
    } catch (SQLException e) {
      throw new IamStore.StoreException(e);
    }
  }

  /** Runs {@code work} on {@code c} in one transaction; rolls back on any failure. */
  static <T> T inTransaction(Connection c, Work<T> work) throws SQLException {
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

  static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    for (int i = 0; i < args.length; i++) {
      ps.setObject(i + 1, args[i]);
    }
    return ps;
  }
}
