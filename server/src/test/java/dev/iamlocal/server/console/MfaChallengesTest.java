package dev.iamlocal.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The pending MFA steps of console sign-in: one per user, bounded without refusing anyone. */
class MfaChallengesTest {

  private final Clock clock = Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC);

  @Test
  void aNewPasswordStepReplacesTheUsersLastOne() {
    MfaChallenges c = new MfaChallenges(clock);
    String first = c.open("111122223333", "alice", "AIDAALICE");
    String second = c.open("111122223333", "alice", "AIDAALICE");
    String bob = c.open("111122223333", "bob", "AIDABOB");
    assertThat(c.find(first)).isEmpty();
    assertThat(c.find(second)).hasValueSatisfying(ch -> assertThat(ch.userId()).isEqualTo("AIDAALICE"));
    assertThat(c.find(bob)).isPresent();
  }

  @Test
  void pastTheBoundTheOldestGoesAndNoSignInIsRefused() {
    // a clock a millisecond later at each reading: the steps have an order
    java.util.concurrent.atomic.AtomicLong ms = new java.util.concurrent.atomic.AtomicLong();
    Clock ticking = new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return clock.instant().plusMillis(ms.incrementAndGet());
      }
    };
    MfaChallenges c = new MfaChallenges(ticking);
    String oldest = c.open("111122223333", "u0", "AIDA0");
    String last = null;
    for (int i = 1; i <= MfaChallenges.MAX; i++) {
      last = c.open("111122223333", "u" + i, "AIDA" + i);
    }
    assertThat(c.find(last)).isPresent();
    assertThat(c.find(oldest)).isEmpty();
  }

  @Test
  void fiveWrongCodesEndTheStep() {
    MfaChallenges c = new MfaChallenges(clock);
    String id = c.open("111122223333", "alice", "AIDAALICE");
    for (int i = 1; i < MfaChallenges.ATTEMPTS; i++) {
      assertThat(c.failed(id)).isTrue();
    }
    assertThat(c.failed(id)).isFalse();
    assertThat(c.find(id)).isEmpty();
  }
}
