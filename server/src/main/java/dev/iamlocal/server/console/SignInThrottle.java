package dev.iamlocal.server.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down guessing of secrets at the console's sign-in. Failures are counted per source address
 * and per access key id; after {@link #FREE_FAILURES} of either, every further attempt under that
 * address or key waits out a lockout that doubles with each failure (1 s, 2 s, 4 s … up to
 * {@link #MAX_LOCKOUT}), during which even the right secret is refused without being checked. A
 * success clears the counts of its address and key. Counts are forgotten {@link #FORGET} after
 * the last failure; the table is bounded (an attacker with many addresses cannot grow it without
 * limit: the entries least recently failed are dropped first).
 */
final class SignInThrottle {

  static final int FREE_FAILURES = 5;
  static final Duration MAX_LOCKOUT = Duration.ofMinutes(15);
  static final Duration FORGET = Duration.ofHours(1);
  static final int MAX_ENTRIES = 10_000;

  private record Failures(int count, Instant last, Instant lockedUntil) {}

  private final Map<String, Failures> failures = new ConcurrentHashMap<>();
  private final Clock clock;

  SignInThrottle(Clock clock) {
    this.clock = clock;
  }

  /** How long an attempt from {@code address} for {@code accessKeyId} must still wait; empty when it may go on. */
  Optional<Duration> wait(String address, String accessKeyId) {
    Instant now = clock.instant();
    Duration a = remaining(ipKey(address), now);
    Duration k = accessKeyId == null ? Duration.ZERO : remaining(keyKey(accessKeyId), now);
    Duration longer = a.compareTo(k) >= 0 ? a : k;
    return longer.isZero() ? Optional.empty() : Optional.of(longer);
  }

  /** Counts a failed attempt against the address and the key id. */
  void failed(String address, String accessKeyId) {
    Instant now = clock.instant();
    if (failures.size() >= MAX_ENTRIES) {
      prune(now);
    }
    count(ipKey(address), now);
    if (accessKeyId != null) {
      count(keyKey(accessKeyId), now);
    }
  }

  /** A successful sign-in: the address and the key start afresh. */
  void succeeded(String address, String accessKeyId) {
    failures.remove(ipKey(address));
    failures.remove(keyKey(accessKeyId));
  }

  private void count(String id, Instant now) {
    failures.compute(id, (k, f) -> {
      int n = f == null || f.last().plus(FORGET).isBefore(now) ? 1 : f.count() + 1;
      Instant until = now;
      if (n > FREE_FAILURES) {
        int doublings = Math.min(n - FREE_FAILURES - 1, 30);
        Duration d = Duration.ofSeconds(1L << doublings);
        until = now.plus(d.compareTo(MAX_LOCKOUT) > 0 ? MAX_LOCKOUT : d);
      }
      return new Failures(n, now, until);
    });
  }

  private Duration remaining(String id, Instant now) {
    Failures f = failures.get(id);
    if (f == null || !f.lockedUntil().isAfter(now)) {
      return Duration.ZERO;
    }
    return Duration.between(now, f.lockedUntil());
  }

  /** Drops forgotten entries, then, if still full, the least recently failed half. */
  private void prune(Instant now) {
    failures.values().removeIf(f -> f.last().plus(FORGET).isBefore(now) && !f.lockedUntil().isAfter(now));
    if (failures.size() >= MAX_ENTRIES) {
      Instant median = failures.values().stream().map(Failures::last).sorted()
          .skip(failures.size() / 2).findFirst().orElse(now);
      for (Iterator<Failures> it = failures.values().iterator(); it.hasNext(); ) {
        if (it.next().last().isBefore(median)) {
          it.remove();
        }
      }
    }
  }

  private static String ipKey(String address) {
    return "ip " + address;
  }

  private static String keyKey(String accessKeyId) {
    return "key " + accessKeyId;
  }
}
