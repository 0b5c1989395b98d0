package dev.iamlocal.server.console;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console sign-ins waiting for an MFA code, held in server memory: a user whose password was
 * accepted gets a random token (32 bytes) that names the pending sign-in, valid {@link #TTL} and for
 * {@link #ATTEMPTS} codes, used up by the first accepted code. The password is never kept. The map is
 * bounded: only a correct password makes an entry, a user has at most one (a new password step
 * replaces the last), and past {@link #MAX} the oldest entries go: a user signing in again and again
 * cannot lock the others out, and nothing is refused with an error.
 */
final class MfaChallenges {

  /** How long a password step stays good for its MFA code. */
  static final Duration TTL = Duration.ofMinutes(5);
  /** Codes allowed per password step; then the password must be entered again. */
  static final int ATTEMPTS = 5;
  /** At most this many pending sign-ins; past it the expired ones go, then the oldest. */
  static final int MAX = 10_000;

  /**
   * A pending sign-in: the account and user whose password was accepted (the user's unique id too: a
   * user re-created under the name meanwhile is someone else), and the wrong codes so far.
   */
  record Challenge(String id, String accountId, String userName, String userId, Instant created, int failures) {}

  private final SecureRandom random = new SecureRandom();
  private final Map<String, Challenge> pending = new ConcurrentHashMap<>();
  private final Clock clock;

  MfaChallenges(Clock clock) {
    this.clock = clock;
  }

  /** A new pending sign-in of the user, replacing the user's last one; returns its token. */
  String open(String accountId, String userName, String userId) {
    Instant now = clock.instant();
    pending.values().removeIf(c -> c.userId().equals(userId) && c.accountId().equals(accountId));
    if (pending.size() >= MAX) {
      pending.values().removeIf(c -> expired(c, now));
      while (pending.size() >= MAX) {
        pending.values().stream().min(java.util.Comparator.comparing(Challenge::created))
            .ifPresent(oldest -> pending.remove(oldest.id()));
      }
    }
    byte[] b = new byte[32];
    random.nextBytes(b);
    String id = HexFormat.of().formatHex(b);
    pending.put(id, new Challenge(id, accountId, userName, userId, now, 0));
    return id;
  }

  /** The live pending sign-in a token names; empty when unknown, used or expired. */
  Optional<Challenge> find(String id) {
    if (id == null) {
      return Optional.empty();
    }
    Challenge c = pending.get(id);
    if (c == null || expired(c, clock.instant())) {
      if (c != null) {
        pending.remove(id);
      }
      return Optional.empty();
    }
    return Optional.of(c);
  }

  /**
   * Counts a wrong code.
   *
   * @return whether the sign-in may try again (false: it is gone, the password must be entered again)
   */
  boolean failed(String id) {
    Challenge after = pending.computeIfPresent(id, (k, c) -> c.failures() + 1 >= ATTEMPTS ? null
        : new Challenge(c.id(), c.accountId(), c.userName(), c.userId(), c.created(), c.failures() + 1));
    return after != null;
  }

  void close(String id) {
    pending.remove(id);
  }

  private static boolean expired(Challenge c, Instant now) {
    return now.isAfter(c.created().plus(TTL));
  }
}
