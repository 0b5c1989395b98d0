package dev.iamlocal.server.authz;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Values derived from the store (e.g. a principal's compiled {@code PolicySet}) kept between
 * requests and never stale, even with several nodes writing one PostgreSQL store.
 *
 * <p>Every entry is stamped with the store's change counter ({@code IamStore.changeVersion()}) read
 * <em>before</em> the value was built. A request reads the counter once and accepts only entries
 * stamped at least that new; anything older is rebuilt. Since every committed write on any node
 * bumps the counter in its own transaction, a request that starts after a write commits reads a
 * counter past every entry built before it, so it cannot see a value from before the write. A
 * value built concurrently with a write may carry a stamp older than its data: it is merely
 * rebuilt once more. (A LISTEN/NOTIFY invalidation would be cheaper per request but
 * asynchronous: the first request on another node right after a commit could still use the old
 * value. One indexed one-row read per request buys read-your-writes across nodes.)
 *
 * <p>Thread-safe; bounded: when full, it starts over rather than tracking recency.
 *
 * @param <K> what a value is derived for, e.g. a principal's unique id
 * @param <V> the derived value; must be immutable (it is shared between requests)
 */
final class StampedCache<K, V> {

  private record Stamped<V>(long version, V value) {}

  private final LongSupplier version;
  private final int maxEntries;
  private final Map<K, Stamped<V>> entries = new ConcurrentHashMap<>();
  private final AtomicLong newest = new AtomicLong(Long.MIN_VALUE);

  /**
   * @param version reads the store's change counter
   * @param maxEntries bound on cached values
   */
  StampedCache(LongSupplier version, int maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be positive: " + maxEntries);
    }
    this.version = version;
    this.maxEntries = maxEntries;
  }

  /** The store's change counter now; read once per request and pass it to {@link #get(long, Object, Function)}. */
  long currentVersion() {
    return version.getAsLong();
  }

  /**
   * The value for {@code key} as of store version {@code atLeast} or newer, built by {@code build}
   * when no such entry exists. {@code build} must read the store only after {@code atLeast} was read.
   */
  V get(long atLeast, K key, Function<? super K, ? extends V> build) {
    long prev = newest.get();
    if (atLeast > prev && newest.compareAndSet(prev, atLeast)) {
      // everything older is now useless to every future request: free it
      entries.values().removeIf(s -> s.version() < atLeast);
    }
    Stamped<V> hit = entries.get(key);
    if (hit != null && hit.version() >= atLeast) {
      return hit.value();
    }
    V value = build.apply(key);
    if (entries.size() >= maxEntries) {
      entries.clear();
    }
    entries.merge(key, new Stamped<>(atLeast, value), (old, fresh) -> old.version() >= fresh.version() ? old : fresh);
    return value;
  }

  /** Reads the counter and looks up {@code key}: for callers that need one value per request. */
  V get(K key, Function<? super K, ? extends V> build) {
    return get(currentVersion(), key, build);
  }

  /** How many values are held (for tests and metrics). */
  int size() {
    return entries.size();
  }
}
