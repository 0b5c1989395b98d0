package dev.iamlocal.server.authz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StampedCacheTest {

  private final AtomicLong version = new AtomicLong(7);
  private final AtomicInteger builds = new AtomicInteger();
  private final StampedCache<String, String> cache = new StampedCache<>(version::get, 3);

  private String build(String key) {
    return key + "@" + version.get() + "#" + builds.incrementAndGet();
  }

  @Test
  void reusesAValueUntilTheStoreChanges() {
    assertThat(cache.get("alice", this::build)).isEqualTo("alice@7#1");
    assertThat(cache.get("alice", this::build)).isEqualTo("alice@7#1");
    version.incrementAndGet();
    assertThat(cache.get("alice", this::build)).isEqualTo("alice@8#2");
    assertThat(cache.get("alice", this::build)).isEqualTo("alice@8#2");
    assertThat(builds).hasValue(2);
  }

  @Test
  void aRequestThatReadTheCounterEarlierMayUseANewerValueButNeverAnOlderOne() {
    long early = cache.currentVersion();
    version.incrementAndGet();
    assertThat(cache.get("bob", this::build)).isEqualTo("bob@8#1");
    assertThat(cache.get(early, "bob", this::build)).as("newer data is fine").isEqualTo("bob@8#1");
    // a value built by a request that read 7 (stored with stamp 7) is not served to a request at 8
    StampedCache<String, String> other = new StampedCache<>(version::get, 3);
    other.get(early, "bob", k -> "old");
    assertThat(other.get("bob", this::build)).isEqualTo("bob@8#2");
  }

  @Test
  void aNewVersionFreesOlderEntriesAndTheBoundHolds() {
    cache.get("a", this::build);
    cache.get("b", this::build);
    assertThat(cache.size()).isEqualTo(2);
    version.incrementAndGet();
    cache.get("c", this::build);
    assertThat(cache.size()).isEqualTo(1);
    cache.get("d", this::build);
    cache.get("e", this::build);
    cache.get("f", this::build);
    assertThat(cache.size()).isLessThanOrEqualTo(3);
    assertThat(cache.get("f", this::build)).endsWith("#6");
  }
}
