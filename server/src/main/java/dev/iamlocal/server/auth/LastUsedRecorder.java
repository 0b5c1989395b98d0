package dev.iamlocal.server.auth;

import dev.iamlocal.store.AccessKeyLastUsed;
import dev.iamlocal.store.IamStore;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the last use of every access key on every authenticated request, without a database
 * write per request: uses are coalesced in memory (latest per key) and written in one transaction
 * every second, and before anything reads them on this node (GetAccessKeyLastUsed). AWS itself
 * reports last use with a delay, so a second of lag on other nodes is faithful.
 */
public final class LastUsedRecorder implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LastUsedRecorder.class);

  private final IamStore store;
  private final ConcurrentHashMap<String, AccessKeyLastUsed> pending = new ConcurrentHashMap<>();
  private final ScheduledExecutorService flusher;

  /** Records into {@code store}, off the request's path. */
  public LastUsedRecorder(IamStore store) {
    this.store = store;
    this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "iamlocal-key-last-used");
      t.setDaemon(true);
      return t;
    });
    flusher.scheduleWithFixedDelay(this::flushQuietly, 1, 1, TimeUnit.SECONDS);
  }

  /** Notes that {@code accessKeyId} signed a request for {@code service} in {@code region} at {@code when}. */
  void used(String accessKeyId, String service, String region, Instant when) {
    pending.put(accessKeyId, new AccessKeyLastUsed(null, when, service, region));
  }

  /** Writes every pending use now. */
  public synchronized void flush() {
    if (pending.isEmpty()) {
      return;
    }
    Map<String, AccessKeyLastUsed> batch = new java.util.HashMap<>();
    for (String k : pending.keySet()) {
      AccessKeyLastUsed u = pending.remove(k);
      if (u != null) {
        batch.put(k, u);
      }
    }
    store.accessKeys().recordAccessKeyUse(batch);
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      LOG.warn("could not record access key use: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    flusher.shutdownNow();
    flushQuietly();
  }
}
