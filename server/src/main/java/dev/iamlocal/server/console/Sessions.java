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
 * Console sessions, held in server memory only: an unguessable id (32 random bytes) names a
 * signed-in principal and its CSRF token. A session ends at sign-out, after {@link #IDLE} without
 * use, or {@link #ABSOLUTE} after sign-in, whichever comes first.
 */
final class Sessions {

  static final Duration IDLE = Duration.ofHours(1);
  static final Duration ABSOLUTE = Duration.ofHours(12);

  /**
   * A signed-in principal.
   *
   * @param userName the IAM user, or null for the account's root user
   * @param userId the user's unique id (AIDA…) when signed in, null for the root user: a session is
   *     that very user's, not that of a user re-created later under the same name
   * @param accessKeyId the key the session was opened with (re-checked on every request)
   * @param mfaAuthenticatedAt when the user's MFA code was accepted at sign-in, or null for a session
   *     opened without MFA; the session's requests carry {@code aws:MultiFactorAuthPresent} and
   *     {@code aws:MultiFactorAuthAge} from it
   */
  record Session(String id, String csrf, String accountId, String userName, String userId, String arn,
      String accessKeyId, Instant created, Instant mfaAuthenticatedAt) {

    /** A session opened without MFA. */
    Session(String id, String csrf, String accountId, String userName, String userId, String arn,
        String accessKeyId, Instant created) {
      this(id, csrf, accountId, userName, userId, arn, accessKeyId, created, null);
    }

    String displayName() {
      return userName == null ? "root (" + accountId + ")" : userName + " (" + accountId + ")";
    }
  }

  private record Entry(Session session, Instant lastUsed) {}

  private final SecureRandom random = new SecureRandom();
  private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
  private final Clock clock;

  Sessions(Clock clock) {
    this.clock = clock;
  }

  Session open(String accountId, String userName, String userId, String arn, String accessKeyId) {
    return open(accountId, userName, userId, arn, accessKeyId, null);
  }

  /** A new session; {@code mfaAuthenticatedAt} when the user passed the MFA step of sign-in, else null. */
  Session open(String accountId, String userName, String userId, String arn, String accessKeyId,
      Instant mfaAuthenticatedAt) {
    Instant now = clock.instant();
    Session s = new Session(token(), token(), accountId, userName, userId, arn, accessKeyId, now, mfaAuthenticatedAt);
    sessions.put(s.id(), new Entry(s, now));
    return s;
  }

  /** The live session with this id, touched; empty when unknown or expired (and then forgotten). */
  Optional<Session> find(String id) {
    if (id == null) {
      return Optional.empty();
    }
    Entry e = sessions.get(id);
    if (e == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (now.isAfter(e.lastUsed().plus(IDLE)) || now.isAfter(e.session().created().plus(ABSOLUTE))) {
      sessions.remove(id);
      return Optional.empty();
    }
    sessions.put(id, new Entry(e.session(), now));
    return Optional.of(e.session());
  }

  void close(String id) {
    if (id != null) {
      sessions.remove(id);
    }
  }

  /** 32 random bytes, hex. */
  String token() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
