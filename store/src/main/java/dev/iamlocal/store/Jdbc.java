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

  /**
   * @param checkWritable throws when this store may not write (see {@link IamStore#writable()})
   */
  Jdbc(DataSource writes, DataSource reads, Runnable checkWritable) {
    this.writes = writes;
    this.reads = reads;
    this.checkWritable = checkWritable;
  }

  /** Runs {@code work} in one transaction; rolls back on any failure. Never nest: SQLite's write pool has one connection. */
  <T> T tx(Work<T> work) {
    checkWritable.run();
    return run(writes, work);
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

  static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    for (int i = 0; i < args.length; i++) {
      ps.setObject(i + 1, args[i]);
    }
    return ps;
  }
}
