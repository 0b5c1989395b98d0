package dev.iamlocal.server.decisionlog;

import dev.iamlocal.server.authz.DecisionSink;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.iamlocal.evaluation.Decision;
import dev.iamlocal.evaluation.MatchedStatement;
import dev.iamlocal.request.ContextValue;
import dev.iamlocal.request.RequestContext;
import dev.iamlocal.store.DecisionRecord;
import dev.iamlocal.store.DecisionStore;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the authorization decisions of emulated calls: all of them by default, or as its
 * {@link Mode} selects. Records are queued and written by
 * one background thread in batches (one transaction for whatever queued while the last one was
 * written), so a call does not wait for the database; {@link #flush()} waits until everything
 * queued so far is stored. A crash can lose the last queued records (at most what arrived within
 * one batch), never a call's effect: like CloudTrail, the log trails the calls it records.
 *
 * <p>The log keeps the newest {@code maxRecords}: the writer deletes older ones as it goes (every
 * hundredth of the window written, and with the first batch after a start), so the table stays
 * bounded however busy the server. With {@link Mode#OFF} no writer runs and the table is left as
 * it is.
 */
public final class DecisionLog implements AutoCloseable, DecisionSink {

  /** How many records the log keeps unless told otherwise. */
  public static final long DEFAULT_MAX = 100_000;

  /**
   * Which decisions are recorded. Every decision is the default (the console and {@code iamlocal log}
   * then show every call). A policy decision point answering thousands of calls a second may keep
   * only the denies, the decisions an operator looks for, or none: each record is a row written,
   * and under such a load the writer took a third of the CPU of a 2-core server (docs/operations.md).
   */
  public enum Mode {
    /** Every decision. */
    ALL,
    /** Explicit and implicit denies only. */
    DENIED,
    /** None; the log's table keeps what earlier runs wrote. */
    OFF;

    boolean keeps(Decision d) {
      return this == ALL || this == DENIED && !d.allowed();
    }

    /** The command line's spelling: {@code all}, {@code denied}, {@code off}. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(DecisionLog.class);
  private static final int BATCH = 2_000;
  /**
   * How long the writer waits after writing a batch of fewer than {@link #SMALL} records, to gather
   * the next: the log then trails the calls by up to this much more. Measured on the 2-core VM of
   * docs/request-cost.md (2026-12-08), {@code AuthorizeCost 2 50000 100000}: the writer's CPU per
   * record 42 µs without a wait, 21 µs with 1 ms, 15 µs with 5 ms, 12 µs with 20 ms; with wrk
   * ({@code bench/authorize-ab.sh}, 2 connections, interleaved) 5 ms served 12.0 k and 9.2 k req/s at
   * p99 3.3 and 4.1 ms where no wait served 7.9 k and 5.7 k at 4.1 and 4.5 ms. (On an earlier VM,
   * where a commit cost a fifth as much, waits of 1-25 ms had raised the p99 by 0.5-1 ms.)
   * {@code -Diamlocal.log.gather.micros} changes it (0: no wait), for measuring.
   */
  private static final long GATHER_NANOS = Math.max(0, Long.getLong("iamlocal.log.gather.micros", 5_000)) * 1000;
  /** A batch below this size is followed by the wait; a larger one means the log is busy enough by itself. */
  private static final int SMALL = 64;
  private static final int CAPACITY = 100_000;

  private final DecisionStore store;
  /** The writer thread's own connection to the table; only that thread touches it. */
  private final DecisionStore.Appender appender;
  private final Clock clock;
  private final long maxRecords;
  private final Mode mode;
  /** Written since the last pruning; only the writer thread touches it. */
  private long sincePrune;
  /** Whether the table held the whole window at the last pruning; only the writer thread touches it. */
  private boolean full;
  private long prunings;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>(CAPACITY);
  private final Object progress = new Object();
  private long enqueued;
  private long written;
  /** Batches written (one transaction each); guarded by {@link #progress}. */
  private long batches;
  private final long gatherNanos;
  private volatile boolean closed;
  /** Null with {@link Mode#OFF}. */
  private final Thread writer;

  /** Starts the writer thread, keeping the default window ({@link #DEFAULT_MAX}). */
  public DecisionLog(DecisionStore store, Clock clock) {
    this(store, clock, DEFAULT_MAX);
  }

  /** Starts the writer thread, recording every decision and keeping the newest {@code maxRecords} records. */
  public DecisionLog(DecisionStore store, Clock clock, long maxRecords) {
    this(store, clock, maxRecords, Mode.ALL);
  }

  /** Starts the writer thread, recording the decisions {@code mode} keeps and keeping the newest {@code maxRecords}. */
  public DecisionLog(DecisionStore store, Clock clock, long maxRecords, Mode mode) {
    this(store, clock, maxRecords, mode, GATHER_NANOS);
  }

  /** As the public constructor, with the writer's wait after a small batch given (tests). */
  DecisionLog(DecisionStore store, Clock clock, long maxRecords, Mode mode, long gatherNanos) {
    this.gatherNanos = gatherNanos;
    if (maxRecords < 1) {
      throw new IllegalArgumentException("maxRecords must be positive: " + maxRecords);
    }
    this.store = store;
    this.appender = store.appender();
    this.clock = clock;
    this.maxRecords = maxRecords;
    this.mode = java.util.Objects.requireNonNull(mode, "mode");
    this.sincePrune = maxRecords; // prune with the first batch: the window may have shrunk since the last run
    if (mode == Mode.OFF) {
      this.writer = null; // nothing is ever queued
      return;
    }
    this.writer = new Thread(this::drain, "iamlocal-decision-log");
    writer.setDaemon(true);
    writer.start();
  }

  /** The table this log writes to. */
  public DecisionStore store() {
    return store;
  }

  /** Which decisions this log records. */
  public Mode mode() {
    return mode;
  }

  /**
   * Queues one decision.
   *
   * @param ctx the full request context the engine saw
   */
  @Override
  public void record(String principal, String action, String resource, Decision d, RequestContext ctx) {
    if (!mode.keeps(d)) {
      return;
    }
    // The JSON is written by the writer thread: the call only pays for the queue.
    Pending r = new Pending(clock.instant(), principal, action, resource, d, ctx);
    synchronized (progress) {
      if (closed) {
        return;
      }
      enqueued++;
    }
    if (!queue.offer(r)) {
      // never block a call on the log: count the record as written and say so
      LOG.warn("decision log queue full; dropped a record for {} {}", principal, action);
      markWritten(1);
    }
  }

  /** One decision as the call saw it; {@link Rows#toRecord} makes it the row. */
  private record Pending(Instant time, String principal, String action, String resource, Decision decision,
      RequestContext context) {}

  /**
   * Writes the JSON columns of the records, on the writer thread only. One generator over one
   * buffer serves every record, each column written as a root-level value (no separator between
   * them) and cut off the buffer: a generator and two writers per record were most of the bytes
   * the writer allocated, and the writer shares the machine's cores with the calls it records.
   */
  private static final class Rows {
    /** A buffer grown past this by an unusually large record is not kept. */
    private static final int KEPT = 64 * 1024;
    /** Jackson's defaults, as before, but nothing written between root-level values. */
    private static final com.fasterxml.jackson.core.JsonFactory FACTORY = new com.fasterxml.jackson.core.JsonFactoryBuilder()
        .rootValueSeparator((String) null).build();
    private StringWriter out;
    private JsonGenerator g;

    DecisionRecord toRecord(Pending p) {
      try {
        if (g == null) {
          out = new StringWriter(512);
          g = FACTORY.createGenerator(out);
        }
        String statements = p.decision().matchedStatements().isEmpty() ? "[]" : statements(p.decision());
        String sourceIp = null;
        g.writeStartObject();
        for (ContextValue v : p.context().values()) {
          g.writeArrayFieldStart(v.key());
          for (String value : v.values()) {
            g.writeString(value);
          }
          g.writeEndArray();
          if (v.key().equalsIgnoreCase("aws:SourceIp")) {
            sourceIp = v.single();
          }
        }
        g.writeEndObject();
        String ctx = cut();
        return new DecisionRecord("", p.time(), p.principal(), p.action(), p.resource(),
            p.decision().outcome().json(), p.decision().reason(), sourceIp, statements, ctx);
      } catch (IOException | RuntimeException e) {
        g = null; // whatever it had half written goes with it
        if (e instanceof IOException io) {
          throw new UncheckedIOException(io); // a StringWriter does not fail
        }
        throw (RuntimeException) e;
      }
    }

    private String statements(Decision decision) throws IOException {
      g.writeStartArray();
      for (MatchedStatement m : decision.matchedStatements()) {
        g.writeStartObject();
        g.writeStringField("policyId", m.policyId());
        g.writeStringField("policyType", m.sourcePolicyType());
        g.writeStringField("sid", m.sid());
        g.writeNumberField("index", m.index());
        g.writeStringField("effect", m.effect().toString());
        g.writeEndObject();
      }
      g.writeEndArray();
      return cut();
    }

    /** The value just written, taken off the buffer. */
    private String cut() throws IOException {
      g.flush();
      StringBuffer b = out.getBuffer();
      String value = b.toString();
      if (b.capacity() > KEPT) {
        g = null;
      } else {
        b.setLength(0);
      }
      return value;
    }
  }

  /** How many batches (transactions) the writer has written so far (tests). */
  long batches() {
    synchronized (progress) {
      return batches;
    }
  }

  /** Waits (up to 10 s) until every decision queued before this call is stored. */
  public void flush() {
    long target;
    synchronized (progress) {
      target = enqueued;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    synchronized (progress) {
      while (written < target && System.nanoTime() < deadline) {
        try {
          progress.wait(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void drain() {
    try {
      drain(new ArrayList<>(), new ArrayList<>(), new Rows());
    } finally {
      appender.close();
    }
  }

  private void drain(List<Pending> batch, List<DecisionRecord> rows, Rows json) {
    while (!closed || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        // A busy log gathers batches by itself while the previous one is written; a small batch is
        // followed by a short wait (GATHER_NANOS) so that the next commit carries more than one or
        // two calls: each SQLite commit writes whole pages to the WAL, and one commit per call or two
        // was most of the log's cost.
        batch.add(first);
        queue.drainTo(batch, BATCH - 1);
        try {
          for (Pending p : batch) {
            DecisionRecord r = json.toRecord(p);
            // a call on another account's resource (AssumeRole of its role, …) is that account's
            // event too: its owner sees who tried and why it was refused, as CloudTrail shows it in
            // both accounts. The caller's account sees the outcome only, as the caller's
            // AccessDenied says no more across accounts: a refusal by a role's trust policy must
            // read as the refusal of a role that does not exist.
            String owner = DecisionStore.accountOf(r.resource());
            String caller = DecisionStore.accountOf(r.principal());
            if (owner != null && caller != null && !owner.equals(caller)) {
              rows.add(r.inAccount(owner));
              rows.add(r.allowed() ? r : r.withoutReason());
            } else {
              rows.add(r);
            }
          }
          appender.append(rows);
          sincePrune += rows.size();
        } catch (RuntimeException e) {
          LOG.error("decision log: could not store {} records", batch.size(), e);
        }
        if (sincePrune >= Math.max(1, maxRecords / 100)) {
          prune();
        }
        synchronized (progress) {
          batches++;
        }
        markWritten(batch.size());
        boolean small = batch.size() < SMALL;
        batch.clear();
        rows.clear();
        if (small && !closed && gatherNanos > 0) {
          java.util.concurrent.locks.LockSupport.parkNanos(gatherNanos);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Keeps the window at {@code maxRecords}. Until the table is known to be full, by counting
   * ({@link DecisionStore#keepNewest}); from then on by deleting as many of the oldest as were
   * appended since the last pruning, which costs only what it deletes (other nodes sharing the
   * table do the same for theirs). Small and frequent: one large delete held a core for tens of
   * milliseconds and showed in the calls' tail latency.
   */
  private void prune() {
    try {
      // every hundredth pruning counts again, so that the window recovers from whatever else
      // deleted or added rows (another node's settings, a restart)
      if (full && ++prunings % 100 != 0) {
        appender.deleteOldest(sincePrune);
      } else {
        full = appender.keepNewest(maxRecords) > 0;
      }
      sincePrune = 0;
    } catch (RuntimeException e) {
      // e.g. two nodes on one PostgreSQL pruning the same rows at once: the next pruning, a batch
      // later, deletes what this one did not (sincePrune keeps counting)
      LOG.warn("decision log: pruning failed, retried after the next batch: {}", e.getMessage());
    }
  }

  private void markWritten(int n) {
    synchronized (progress) {
      written += n;
      progress.notifyAll();
    }
  }

  /** Stores what is queued and stops the writer. */
  @Override
  public void close() {
    flush();
    closed = true;
    if (writer == null) {
      appender.close();
      return;
    }
    try {
      writer.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
