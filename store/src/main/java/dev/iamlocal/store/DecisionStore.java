package dev.iamlocal.store;


import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** The decision log table: append in batches, query by principal, action, decision and time. */
public final class DecisionStore {

  private final IamStore iam;
  private final Jdbc db;
  // Ids are "<epoch millis>-<node>-<seq>": time-ordered, unique across nodes sharing a database.
  private final String node = String.format("%08x", ThreadLocalRandom.current().nextInt());
  private final AtomicLong seq = new AtomicLong();

  /** A view of the decision log of {@code store}'s database (sharing its connections). */
  public DecisionStore(IamStore store) {
    this.iam = store;
    this.db = store.jdbc();
  }

  /**
   * What to select; null fields select everything. {@code decision} {@code denied} selects both kinds of deny.
   *
   * @param accountId the account whose decisions are read: every surface a caller reaches (the
   *     server's {@code GET /v1/decisions}, the console) names the caller's. Null reads every
   *     account, for the operator's own tools that open the database file directly
   *     ({@code iamlocal log --data-dir}); use {@link #everyAccount} to say so.
   */
  public record Query(String accountId, String principal, String action, String decision, Instant since,
      String afterId, int limit) {

    /** Every account's decisions: only for tools that read the database itself, never for a caller's request. */
    public static Query everyAccount(String principal, String action, String decision, Instant since, String afterId,
        int limit) {
      return new Query(null, principal, action, decision, since, afterId, limit);
    }
  }

  /**
   * Appends {@code records} in one transaction; returns them with their ids. The commit does not
   * wait for the disk: a crash may lose the last batch (the log says so), never a call's effect.
   * Opens a connection for the call: a writer appending continually holds an {@link #appender()}.
   */
  public List<DecisionRecord> append(List<DecisionRecord> records) {
    try (Appender a = appender()) {
      return a.append(records);
    }
  }

  /**
   * The log's writer side: appends and pruning on a connection of its own (see
   * {@link IamStore#openLogConnection}), opened on first use, with its statements prepared once.
   * After a database error the connection is closed and the next call opens a new one (a
   * PostgreSQL restart costs the batch in flight, not the log). On a store that may not write,
   * each call throws {@link IamStore.ReadOnlyStore}.
   */
  public Appender appender() {
    return new Appender();
  }

  /** Not thread-safe: one writer thread holds it. */
  public final class Appender implements AutoCloseable {

    private Connection c;
    /** {@code inserts[n]}: the INSERT of n rows, prepared on first use. */
    private final PreparedStatement[] inserts = new PreparedStatement[ROWS_PER_INSERT + 1];
    private PreparedStatement deleteOldest;

    private Appender() {}

    /** Appends {@code records} in one transaction; returns them with their ids. */
    public List<DecisionRecord> append(List<DecisionRecord> records) {
      return tx(conn -> {
        List<DecisionRecord> out = new ArrayList<>(records.size());
        for (DecisionRecord r : records) {
          out.add(new DecisionRecord(id(r.time().toEpochMilli(), seq.incrementAndGet()), r.time(), r.principal(),
              r.action(), r.resource(), r.decision(), r.reason(), r.sourceIp(), r.statements(), r.context(),
              r.accountId() != null ? r.accountId() : accountOf(r.principal())));
        }
        // Many rows per INSERT: the per-statement work (JDBC round trip, SQLite's step and reset)
        // was a third of an append row by row.
        for (int from = 0; from < out.size(); from += ROWS_PER_INSERT) {
          int n = Math.min(ROWS_PER_INSERT, out.size() - from);
          if (inserts[n] == null) {
            inserts[n] = conn.prepareStatement(insert(n));
          }
          bindAndRun(inserts[n], out.subList(from, from + n));
        }
        return out;
      });
    }

    /**
     * Deletes all but the newest {@code keep} records (by id, which orders by time); returns how
     * many were deleted. The log is a window on recent calls, not an archive: without a bound a
     * busy policy decision point would fill the disk.
     */
    public int keepNewest(long keep) {
      if (keep < 0) {
        throw new IllegalArgumentException("keep must not be negative: " + keep);
      }
      return tx(conn -> {
        Optional<String> oldestKept = Jdbc.one(conn, "SELECT id FROM decisions ORDER BY id DESC LIMIT 1 OFFSET ?",
            rs -> rs.getString(1), keep == 0 ? 0 : keep - 1);
        if (oldestKept.isEmpty()) {
          return 0;
        }
        return Jdbc.update(conn, keep == 0 ? "DELETE FROM decisions WHERE id <= ?" : "DELETE FROM decisions WHERE id < ?",
            oldestKept.get());
      });
    }

    /**
     * Deletes the {@code n} oldest records; returns how many were deleted. Costs what it deletes,
     * where {@link #keepNewest} first counts its way through the window: a log that is full and
     * stays full deletes as many as it appended.
     */
    public int deleteOldest(long n) {
      if (n <= 0) {
        return 0;
      }
      return tx(conn -> {
        if (deleteOldest == null) {
          deleteOldest = conn.prepareStatement(
              "DELETE FROM decisions WHERE id IN (SELECT id FROM decisions ORDER BY id ASC LIMIT ?)");
        }
        deleteOldest.setLong(1, n);
        return deleteOldest.executeUpdate();
      });
    }

    /** Runs {@code work} in one transaction on this appender's connection, opened if need be. */
    private <T> T tx(Jdbc.Work<T> work) {
      try {
        if (c == null) {
          c = iam.openLogConnection();
        }
        return Jdbc.inTransaction(c, work);
      } catch (SQLException e) {
        close(); // a broken connection (a database restart): the next call starts afresh
        throw new IamStore.StoreException(e);
      }
    }

    /** A SQLite pragma's value on this appender's connection (for tests of its settings). */
    String sqlitePragma(String name) {
      return tx(conn -> Jdbc.one(conn, "PRAGMA " + name, rs -> rs.getString(1)).orElse(null));
    }

    /** Closes the connection (and its statements); a later call opens a new one. */
    @Override
    public void close() {
      Arrays.fill(inserts, null);
      deleteOldest = null;
      if (c != null) {
        try {
          c.close(); // closes its statements too
        } catch (SQLException e) {
          // nothing to keep: the connection is gone either way
        }
        c = null;
      }
    }
  }

  private static final int ROWS_PER_INSERT = 50;

  private static void bindAndRun(PreparedStatement ps, List<DecisionRecord> rows) throws SQLException {
    int p = 1;
    for (DecisionRecord r : rows) {
      ps.setString(p++, r.id());
      ps.setLong(p++, r.time().toEpochMilli());
      ps.setString(p++, r.principal());
      ps.setString(p++, r.action());
      ps.setString(p++, r.resource());
      ps.setString(p++, r.decision());
      ps.setString(p++, r.reason());
      ps.setString(p++, r.sourceIp());
      ps.setString(p++, r.statements());
      ps.setString(p++, r.context());
      ps.setString(p++, r.accountId());
    }
    ps.executeUpdate();
  }

  private static String insert(int rows) {
    StringBuilder b = new StringBuilder("INSERT INTO decisions(id, time, principal, action, resource, decision, reason,"
        + " source_ip, statements, context, account_id) VALUES ");
    for (int i = 0; i < rows; i++) {
      b.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    }
    return b.toString();
  }

  /**
   * The account of a decision: the account field of its principal's ARN ({@code arn:aws:iam::<account>:…},
   * {@code arn:aws:sts::<account>:…}), or null when that is not twelve digits (such a record is read
   * by no account).
   */
  public static String accountOf(String principalArn) {
    // by index, not String.split: the decision log's writer calls this three times per record
    if (principalArn == null || !principalArn.startsWith("arn:")) {
      return null;
    }
    int partition = principalArn.indexOf(':', 4);
    int service = partition < 0 ? -1 : principalArn.indexOf(':', partition + 1);
    int region = service < 0 ? -1 : principalArn.indexOf(':', service + 1);
    if (region != service + 1) {
      return null; // no fourth field, or a region in it
    }
    int account = principalArn.indexOf(':', region + 1);
    if (account != region + 13) {
      return null;
    }
    for (int i = region + 1; i < account; i++) {
      char c = principalArn.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
    }
    return principalArn.substring(region + 1, account);
  }


  /** {@code <13-digit millis>-<node>-<10-digit seq>}; String.format was a tenth of an append's cost. */
  private String id(long millis, long n) {
    StringBuilder b = new StringBuilder(34);
    pad(b, Long.toString(millis), 13).append('-').append(node).append('-');
    return pad(b, Long.toString(n), 10).toString();
  }

  private static StringBuilder pad(StringBuilder b, String digits, int width) {
    for (int i = digits.length(); i < width; i++) {
      b.append('0');
    }
    return b.append(digits);
  }

  /**
   * The matching records, oldest first, at most {@code q.limit()}. Without {@code afterId}, the
   * newest ones when more match (the tail of the log); with {@code afterId}, the oldest ones after
   * that id, so that a reader following the log with the last id it saw never skips records.
   */
  public List<DecisionRecord> query(Query q) {
    StringBuilder sql = new StringBuilder("SELECT id, time, principal, action, resource, decision, reason, source_ip,"
        + " statements, context, account_id FROM decisions WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (q.accountId() != null) {
      sql.append(" AND account_id = ?");
      args.add(q.accountId());
    }
    if (q.principal() != null) {
      sql.append(" AND principal = ?");
      args.add(q.principal());
    }
    if (q.action() != null) {
      // action names are case-insensitive in IAM
      sql.append(" AND LOWER(action) = ?");
      args.add(q.action().toLowerCase(Locale.ROOT));
    }
    if (q.decision() != null) {
      if (q.decision().equalsIgnoreCase("denied")) {
        sql.append(" AND decision <> 'allowed'");
      } else {
        sql.append(" AND decision = ?");
        args.add(q.decision());
      }
    }
    if (q.since() != null) {
      // ids begin with the 13-digit epoch millis: the primary key is the time index
      sql.append(" AND id >= ?");
      args.add(pad(new StringBuilder(13), Long.toString(Math.max(0, q.since().toEpochMilli())), 13).toString());
    }
    if (q.afterId() != null) {
      sql.append(" AND id > ?");
      args.add(q.afterId());
    }
    boolean following = q.afterId() != null;
    sql.append(following ? " ORDER BY id ASC LIMIT " : " ORDER BY id DESC LIMIT ").append(Math.max(1, q.limit()));
    List<DecisionRecord> rows = db.read(c -> Jdbc.list(c, sql.toString(), DecisionStore::row, args.toArray()));
    if (following) {
      return rows;
    }
    List<DecisionRecord> out = new ArrayList<>(rows.size());
    for (int i = rows.size() - 1; i >= 0; i--) {
      out.add(rows.get(i));
    }
    return out;
  }

  private static DecisionRecord row(ResultSet rs) throws SQLException {
    return new DecisionRecord(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3), rs.getString(4),
        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
        rs.getString(11));
  }

}
