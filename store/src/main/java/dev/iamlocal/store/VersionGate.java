package dev.iamlocal.store;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Reads of the store's change counter, shared between concurrent callers without ever returning
 * a value older than the caller's arrival.
 *
 * <p>Every request of every node reads the counter (that is what makes caches across nodes never
 * stale), so under load one database round trip per request would dominate. But a caller does not
 * need a read of its own: any read that <em>started after the caller arrived</em> sees every
 * write committed before it arrived, which is all read-your-writes asks. So reads run one at a
 * time; a caller that finds a read already finished which began after its arrival takes that
 * value, and otherwise starts the next read itself. Under N concurrent callers this is about one
 * query per round trip instead of N, and a caller waits at most two round trips.
 *
 * <p>Thread-safe.
 */
final class VersionGate {

  private final LongSupplier query;
  private final ReentrantLock lock = new ReentrantLock();
  /** How many reads have started; a read's index is the value after its increment. */
  private final AtomicLong started = new AtomicLong();
  // written and read only under the lock
  private long lastIndex;
  private long lastValue;

  /** @param query reads the counter from the database */
  VersionGate(LongSupplier query) {
    this.query = query;
  }

  /** The counter, as read by a query that started after this call began. */
  long read() {
    long arrival = started.get();
    lock.lock();
    try {
      if (lastIndex > arrival) {
        // read number lastIndex was started after we read `started`, i.e. after we arrived
        return lastValue;
      }
      long index = started.incrementAndGet();
      long value = query.getAsLong();
      lastIndex = index;
      lastValue = value;
      return value;
    } finally {
      lock.unlock();
    }
  }

  /** Callers waiting for a read (for tests). */
  int waiting() {
    return lock.getQueueLength();
  }
}
