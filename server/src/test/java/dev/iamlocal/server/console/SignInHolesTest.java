package dev.iamlocal.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hole 13: the console's sign-in was neither throttled nor protected against login CSRF. */
class SignInHolesTest {

  @TempDir Path dir;

  private static String wrong(String secret) {
    return (secret.charAt(0) == 'x' ? "y" : "x") + secret.substring(1);
  }

  @Test
  void hole13_repeatedWrongSecretsLockTheKeyOutEvenForTheRightOne() throws Exception {
    try (ConsoleServer s = new ConsoleServer(dir)) {
      HttpClient c = ConsoleServer.client();
      String id = s.boot.rootKey().accessKeyId();
      String secret = s.boot.rootKey().secret();
      for (int i = 0; i < SignInThrottle.FREE_FAILURES; i++) {
        assertThat(s.post(c, "/console/signin", "application/x-www-form-urlencoded",
            ConsoleServer.form("accessKeyId", id, "secretAccessKey", wrong(secret))).statusCode()).isEqualTo(401);
      }
      // the next failure starts a lockout; within it even the right secret is refused unchecked
      s.post(c, "/console/signin", "application/x-www-form-urlencoded",
          ConsoleServer.form("accessKeyId", id, "secretAccessKey", wrong(secret)));
      HttpResponse<String> right = s.post(c, "/console/signin", "application/x-www-form-urlencoded",
          ConsoleServer.form("accessKeyId", id, "secretAccessKey", secret));
      assertThat(right.statusCode()).isEqualTo(429);
      assertThat(right.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(right.body()).contains("TooManyAttempts");
      assertThat(right.headers().firstValue("Set-Cookie")).isEmpty();
      // after the lockout the right secret works, and a success starts the count afresh
      Thread.sleep(1100);
      assertThat(s.post(c, "/console/signin", "application/x-www-form-urlencoded",
          ConsoleServer.form("accessKeyId", id, "secretAccessKey", secret)).statusCode()).isEqualTo(302);
    }
  }

  @Test
  void hole13_signInFromAnotherOriginIsRefused() throws Exception {
    try (ConsoleServer s = new ConsoleServer(dir)) {
      HttpClient c = ConsoleServer.client();
      String form = ConsoleServer.form("accessKeyId", s.boot.rootKey().accessKeyId(), "secretAccessKey",
          s.boot.rootKey().secret());
      for (String[] h : new String[][] {{"Origin", "http://attacker.example"}, {"Origin", "null"},
          {"Referer", "http://attacker.example/login.html"}}) {
        HttpResponse<String> r = s.post(c, "/console/signin", "application/x-www-form-urlencoded", form, h);
        assertThat(r.statusCode()).as(h[1]).isEqualTo(403);
        assertThat(r.body()).contains("InvalidOrigin");
        assertThat(r.headers().firstValue("Set-Cookie")).as(h[1]).isEmpty();
      }
      String own = s.server.endpoint();
      assertThat(s.post(c, "/console/signin", "application/x-www-form-urlencoded", form, "Origin", own).statusCode())
          .isEqualTo(302);
      assertThat(s.post(ConsoleServer.client(), "/console/signin", "application/x-www-form-urlencoded", form,
          "Referer", own + "/console/signin").statusCode()).isEqualTo(302);
    }
  }

  /** A clock the test moves. */
  static final class Manual extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

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
      return now;
    }
  }

  @Test
  void hole13_lockoutDoublesPerFailureUpToTheMaximumAndCountsPerAddressAndPerKey() {
    Manual clock = new Manual();
    SignInThrottle t = new SignInThrottle(clock);
    for (int i = 0; i < SignInThrottle.FREE_FAILURES; i++) {
      assertThat(t.wait("10.0.0.1", "AKIAX")).isEmpty();
      t.failed("10.0.0.1", "AKIAX");
    }
    assertThat(t.wait("10.0.0.1", "AKIAX")).isEmpty();
    t.failed("10.0.0.1", "AKIAX");
    assertThat(t.wait("10.0.0.1", "AKIAX")).hasValue(Duration.ofSeconds(1));
    // the key is locked from any address, and the address for any key
    assertThat(t.wait("10.9.9.9", "AKIAX")).hasValue(Duration.ofSeconds(1));
    assertThat(t.wait("10.0.0.1", "AKIAOTHER")).hasValue(Duration.ofSeconds(1));
    clock.now = clock.now.plusSeconds(1);
    t.failed("10.0.0.1", "AKIAX");
    assertThat(t.wait("10.0.0.1", "AKIAX")).hasValue(Duration.ofSeconds(2));
    for (int i = 0; i < 30; i++) {
      clock.now = clock.now.plus(SignInThrottle.MAX_LOCKOUT);
      t.failed("10.0.0.1", "AKIAX");
    }
    assertThat(t.wait("10.0.0.1", "AKIAX")).hasValue(SignInThrottle.MAX_LOCKOUT);
    t.succeeded("10.0.0.1", "AKIAX");
    assertThat(t.wait("10.0.0.1", "AKIAX")).isEmpty();
    // counts are forgotten an hour after the last failure
    for (int i = 0; i <= SignInThrottle.FREE_FAILURES; i++) {
      t.failed("10.0.0.2", null);
    }
    assertThat(t.wait("10.0.0.2", null)).isPresent();
    clock.now = clock.now.plus(SignInThrottle.FORGET).plusSeconds(1);
    t.failed("10.0.0.2", null);
    assertThat(t.wait("10.0.0.2", null)).isEqualTo(Optional.empty());
  }

  @Test
  void probe2_theConsoleHoldsPolicyDescriptionsAndMatricesToTheirBounds() throws Exception {
    try (ConsoleServer s = new ConsoleServer(dir)) {
      HttpClient c = ConsoleServer.client();
      String csrf = s.signInRoot(c);
      String doc = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
          + "\"Resource\":\"*\"}]}";
      HttpResponse<String> tooLong = s.post(c, "/console/policies", "application/x-www-form-urlencoded",
          ConsoleServer.form("_csrf", csrf, "policyName", "long-description", "policyDocument", doc, "description",
              "d".repeat(1001)));
      assertThat(tooLong.statusCode()).isEqualTo(400);
      // CreatePolicy's own check (the API model's), with AWS's words
      assertThat(tooLong.body()).contains("ValidationError")
          .contains("at &#39;description&#39; failed to satisfy constraint: Member must have length less than or equal to 1000");
      assertThat(s.store.policies().listPolicies(s.account())).noneMatch(p -> p.name().equals("long-description"));

      StringBuilder many = new StringBuilder("{\"service\":\"sagemaker\",\"principals\":[");
      for (int i = 0; i <= MatrixPages.MAX_PRINCIPALS; i++) {
        many.append(i == 0 ? "" : ",").append("\"user/u").append(i).append('"');
      }
      HttpResponse<String> matrix = s.post(c, "/console/api/matrix", "application/json", many.append("]}").toString(),
          "X-CSRF-Token", csrf);
      assertThat(matrix.statusCode()).isEqualTo(400);
      assertThat(matrix.body()).contains("at most " + MatrixPages.MAX_PRINCIPALS + " principals");
      // copies of one principal are one row
      s.store.users().createUser(s.account(), "copied", "/", java.util.Map.of());
      HttpResponse<String> copies = s.post(c, "/console/api/matrix", "application/json",
          "{\"service\":\"sagemaker\",\"principals\":[\"user/copied\",\"user/copied\",\"user/copied\"]}",
          "X-CSRF-Token", csrf);
      assertThat(copies.statusCode()).as(copies.body()).isEqualTo(200);
      assertThat(copies.body()).contains("\"total\":1");
    }
  }
}
