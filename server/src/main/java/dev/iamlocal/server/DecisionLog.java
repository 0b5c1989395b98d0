package dev.iamlocal.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamlocal.evaluation.Decision;
import dev.iamlocal.evaluation.MatchedStatement;
import dev.iamlocal.request.ContextValue;
import dev.iamlocal.request.RequestContext;
import dev.iamlocal.store.DecisionRecord;
import dev.iamlocal.store.DecisionStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every authorization decision of every emulated call. Records are queued and written by
 * one background thread in batches (one transaction per batch), so a call does not wait for the
 * database's fsync; {@link #flush()} waits until everything queued so far is stored. A crash can
 * lose the last queued records (at most what arrived within one batch), never a call's effect.
 *
 * <p>The log keeps the newest {@code maxRecords}: the writer deletes older ones as it goes (every
 * tenth of the window written, and with the first batch after a start), so the table stays bounded
 * however busy the server.
 */
public final class DecisionLog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DecisionLog.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BATCH = 500;
  private static final int CAPACITY = 100_000;

  private final DecisionStore store;
  private final Clock clock;
  private final long maxRecords;
  /** Written since the last pruning; only the writer thread touches it. */
  private long sincePrune;
  private final LinkedBlockingQueue<DecisionRecord> queue = new LinkedBlockingQueue<>(CAPACITY);
  private final Object progress = new Object();
  private long enqueued;
  private long written;
  private volatile boolean closed;
  private final Thread writer;

  /** Starts the writer thread, keeping the default window ({@link ServerOptions#DEFAULT_DECISION_LOG_MAX}). */
  public DecisionLog(DecisionStore store, Clock clock) {
    this(store, clock, ServerOptions.DEFAULT_DECISION_LOG_MAX);
  }

  /** Starts the writer thread, keeping the newest {@code maxRecords} records. */
  public DecisionLog(DecisionStore store, Clock clock, long maxRecords) {
    if (maxRecords < 1) {
      throw new IllegalArgumentException("maxRecords must be positive: " + maxRecords);
    }
    this.store = store;
    this.clock = clock;
    this.maxRecords = maxRecords;
    this.sincePrune = maxRecords; // prune with the first batch: the window may have shrunk since the last run
    this.writer = new Thread(this::drain, "iamlocal-decision-log");
    writer.setDaemon(true);
    writer.start();
  }

  /** The table this log writes to. */
  public DecisionStore store() {
    return store;
  }

  /**
   * Queues one decision.
   *
   * @param ctx the full request context the engine saw
   */
  void record(String principal, String action, String resource, Decision d, RequestContext ctx) {
    ArrayNode statements = JSON.createArrayNode();
    for (MatchedStatement m : d.matchedStatements()) {
      ObjectNode s = statements.addObject();
      s.put("policyId", m.policyId());
      s.put("policyType", m.sourcePolicyType());
      s.put("sid", m.sid());
      s.put("index", m.index());
      s.put("effect", m.effect().toString());
    }
    ObjectNode context = JSON.createObjectNode();
    String sourceIp = null;
    for (ContextValue v : ctx.entries()) {
      ArrayNode values = context.putArray(v.key());
      v.values().forEach(values::add);
      if (v.key().equalsIgnoreCase("aws:SourceIp")) {
        sourceIp = v.single();
      }
    }
    DecisionRecord r = new DecisionRecord("", clock.instant(), principal, action, resource, d.outcome().json(),
        d.reason(), sourceIp, statements.toString(), context.toString());
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
          progress.wait(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void drain() {
    List<DecisionRecord> batch = new ArrayList<>();
    while (!closed || !queue.isEmpty()) {
      try {
        DecisionRecord first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, BATCH - 1);
        try {
          store.append(batch);
          sincePrune += batch.size();
          if (sincePrune >= Math.max(1, maxRecords / 10)) {
            sincePrune = 0;
            store.keepNewest(maxRecords);
          }
        } catch (RuntimeException e) {
          LOG.error("decision log: could not store {} records", batch.size(), e);
        }
        markWritten(batch.size());
        batch.clear();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
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
    try {
      writer.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
