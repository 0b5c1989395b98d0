package dev.iamlocal.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guessing MFA codes at the console is bounded across password steps: a correct password does not
 * clear the failures (only an opened session does), so after a few wrong codes every sign-in of the
 * user waits out a growing lockout. A hostile probe, knowing the password, signed in again after each
 * five codes and tried 800 codes in 30 s. Its own server: the lockouts would hold up other tests.
 */
class ConsoleMfaThrottleTest {

  @TempDir static Path dir;
  static ConsoleServer s;

  @BeforeAll
  static void start() throws Exception {
    s = new ConsoleServer(dir);
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  private static HttpResponse<String> signIn(HttpClient c, String user, String password) throws Exception {
    return s.post(c, "/console/signin", "application/x-www-form-urlencoded",
        ConsoleServer.form("account", s.account(), "userName", user, "password", password));
  }

  private static HttpResponse<String> mfa(HttpClient c, String challenge, String code) throws Exception {
    return s.post(c, "/console/signin/mfa", "application/x-www-form-urlencoded",
        ConsoleServer.form("challenge", challenge, "mfaCode", code));
  }

  @Test
  void wrongCodesAcrossPasswordStepsLockTheUserOut() throws Exception {
    byte[] seed = ConsoleMfaSignInTest.userWithMfa(s, "eve", "Eve-Pass-12345");
    HttpClient c = ConsoleServer.client();
    String wrong = ConsoleMfaSignInTest.code(seed, 0).equals("111111") ? "222222" : "111111";
    HttpResponse<String> step = signIn(c, "eve", "Eve-Pass-12345");
    Matcher m = Pattern.compile("name=\"challenge\" value=\"([0-9a-f]{64})\"").matcher(step.body());
    assertThat(m.find()).as(step.body()).isTrue();
    for (int i = 0; i < MfaChallenges.ATTEMPTS; i++) {
      assertThat(mfa(c, m.group(1), wrong).statusCode()).isEqualTo(401);
    }
    // the password is right, but the user's failures stand: one more wrong code locks
    step = signIn(c, "eve", "Eve-Pass-12345");
    m = Pattern.compile("name=\"challenge\" value=\"([0-9a-f]{64})\"").matcher(step.body());
    assertThat(m.find()).as(step.body()).isTrue();
    assertThat(mfa(c, m.group(1), wrong).statusCode()).isEqualTo(401);
    HttpResponse<String> locked = signIn(c, "eve", "Eve-Pass-12345");
    assertThat(locked.statusCode()).isEqualTo(429);
    assertThat(locked.headers().firstValue("Retry-After")).isPresent();
    assertThat(locked.body()).doesNotContain("name=\"challenge\"");
    // the right code within the same lockout is not even looked at
    assertThat(mfa(c, m.group(1), ConsoleMfaSignInTest.code(seed, 0)).statusCode()).isEqualTo(429);
  }
}
