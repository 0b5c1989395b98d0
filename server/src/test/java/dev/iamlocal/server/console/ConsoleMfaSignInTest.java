package dev.iamlocal.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.server.auth.MfaCodes;
import dev.iamlocal.server.auth.Totp;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Console sign-in with user name, password and MFA code, over plain HTTP: a user with an MFA device
 * enabled gets no session until a code of it is accepted; a wrong or reused code is the same page
 * again; codes per password step are bounded; and the session carries the MFA into authorization,
 * so a policy conditioned on {@code aws:MultiFactorAuthPresent} allows only such sessions.
 */
class ConsoleMfaSignInTest {

  /** A policy allowing iam:ListUsers only with MFA. */
  static final String MFA_ONLY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
      + "\"iam:ListUsers\",\"Resource\":\"*\",\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"},"
      + "\"NumericLessThan\":{\"aws:MultiFactorAuthAge\":\"3600\"}}}]}";

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

  /**
   * Creates {@code user} with a console password, the MFA-only policy and an enabled virtual MFA
   * device, as CreateVirtualMFADevice and EnableMFADevice leave them; returns the device's seed.
   */
  static byte[] userWithMfa(ConsoleServer s, String user, String password) {
    s.store.users().createUser(s.account(), user, "/", null);
    s.store.loginProfiles().create(s.account(), user, password, false);
    s.store.inlinePolicies().putInlinePolicy(s.account(), dev.iamlocal.store.EntityType.USER, user, "mfa-only", MFA_ONLY);
    String serial = "arn:aws:iam::" + s.account() + ":mfa/" + user;
    MfaCodes.NewSeed seed = new MfaCodes(s.store, Clock.systemUTC()).newSeed(s.account(), serial);
    s.store.mfaDevices().create(s.account(), "/", user, serial, seed.sealed(), Map.of());
    // as after EnableMFADevice with two codes a minute ago: today's codes are unused
    s.store.mfaDevices().enable(s.account(), user, serial, 0, Totp.step(Instant.now()) - 2);
    return new Base32().decode(seed.base32());
  }

  static String code(byte[] seed, int stepsFromNow) {
    return Totp.code(seed, Totp.step(Instant.now()) + stepsFromNow);
  }

  private static HttpResponse<String> signIn(HttpClient c, String user, String password) throws Exception {
    return s.post(c, "/console/signin", "application/x-www-form-urlencoded",
        ConsoleServer.form("account", s.account(), "userName", user, "password", password));
  }

  private static HttpResponse<String> mfa(HttpClient c, String challenge, String code) throws Exception {
    return s.post(c, "/console/signin/mfa", "application/x-www-form-urlencoded",
        ConsoleServer.form("challenge", challenge, "mfaCode", code));
  }

  private static String challenge(HttpResponse<String> page) {
    Matcher m = Pattern.compile("name=\"challenge\" value=\"([0-9a-f]{64})\"").matcher(page.body());
    assertThat(m.find()).as(page.body()).isTrue();
    return m.group(1);
  }

  @Test
  void aUserWithAnMfaDeviceIsAskedForACodeAndItsSessionCarriesTheMfa() throws Exception {
    byte[] seed = userWithMfa(s, "mallory", "Mallory-Pass-1");
    HttpClient c = ConsoleServer.client();
    HttpResponse<String> step1 = signIn(c, "mallory", "Mallory-Pass-1");
    assertThat(step1.statusCode()).isEqualTo(200);
    assertThat(step1.body()).contains("/console/signin/mfa").contains("name=\"mfaCode\"");
    assertThat(step1.headers().firstValue("Set-Cookie")).isEmpty();
    assertThat(s.get(c, "/console/").statusCode()).isEqualTo(302);
    String ch = challenge(step1);

    // a wrong code: the same page, with an error, the same challenge, no session
    String wrong = code(seed, 0).equals("000000") ? "000001" : "000000";
    HttpResponse<String> bad = mfa(c, ch, wrong);
    assertThat(bad.statusCode()).isEqualTo(401);
    assertThat(bad.body()).contains("The MFA code is incorrect").contains(ch);
    assertThat(bad.headers().firstValue("Set-Cookie")).isEmpty();
    assertThat(s.get(c, "/console/").statusCode()).isEqualTo(302);

    String used = code(seed, 0);
    HttpResponse<String> ok = mfa(c, ch, used);
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(302);
    assertThat(ok.headers().firstValue("Location")).hasValue(Console.HOME);
    // the MFA-conditioned policy allows: the session's requests carry aws:MultiFactorAuthPresent
    HttpResponse<String> users = s.get(c, "/console/users");
    assertThat(users.statusCode()).isEqualTo(200);
    assertThat(users.body()).contains("mallory").doesNotContain("not authorized to perform: iam:ListUsers");
    // the challenge was used up
    assertThat(mfa(ConsoleServer.client(), ch, code(seed, 1)).body()).contains("expired or was already used");

    // the same code again, for a second sign-in: refused (RFC 6238 5.2, one use per code)
    HttpClient again = ConsoleServer.client();
    String ch2 = challenge(signIn(again, "mallory", "Mallory-Pass-1"));
    assertThat(mfa(again, ch2, used).statusCode()).isEqualTo(401);
    assertThat(s.get(again, "/console/").statusCode()).isEqualTo(302);
    // the next code opens it (and clears this address's failures for the other cases)
    assertThat(mfa(again, ch2, code(seed, 1)).statusCode()).isEqualTo(302);
  }

  @Test
  void withoutMfaTheSamePolicyDenies() throws Exception {
    s.store.users().createUser(s.account(), "nomfa", "/", null);
    s.store.loginProfiles().create(s.account(), "nomfa", "NoMfa-Pass-1", false);
    s.store.inlinePolicies().putInlinePolicy(s.account(), dev.iamlocal.store.EntityType.USER, "nomfa", "mfa-only", MFA_ONLY);
    HttpClient c = ConsoleServer.client();
    assertThat(signIn(c, "nomfa", "NoMfa-Pass-1").statusCode()).isEqualTo(302);
    assertThat(s.get(c, "/console/users").body()).contains("not authorized to perform: iam:ListUsers");
  }

  @Test
  void codesPerPasswordStepAreBoundedAndAForgedChallengeIsNothing() throws Exception {
    byte[] seed = userWithMfa(s, "trudy", "Trudy-Pass-1");
    HttpClient c = ConsoleServer.client();
    String ch = challenge(signIn(c, "trudy", "Trudy-Pass-1"));
    String wrong = code(seed, 0).equals("123456") ? "654321" : "123456";
    for (int i = 1; i < MfaChallenges.ATTEMPTS; i++) {
      assertThat(mfa(c, ch, wrong).body()).contains("The MFA code is incorrect");
    }
    HttpResponse<String> last = mfa(c, ch, wrong);
    assertThat(last.body()).contains("Too many incorrect MFA codes");
    // the right code no longer helps: the password must be entered again
    assertThat(mfa(c, ch, code(seed, 0)).body()).contains("expired or was already used");
    assertThat(s.get(c, "/console/").statusCode()).isEqualTo(302);
    // a challenge nobody was handed, and one from another origin
    assertThat(mfa(c, "ab".repeat(32), code(seed, 0)).statusCode()).isEqualTo(401);
    String ch2 = challenge(signIn(c, "trudy", "Trudy-Pass-1"));
    HttpResponse<String> foreign = s.post(c, "/console/signin/mfa", "application/x-www-form-urlencoded",
        ConsoleServer.form("challenge", ch2, "mfaCode", code(seed, 0)), "Origin", "https://evil.example");
    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(s.get(c, "/console/").statusCode()).isEqualTo(302);
    // the right code opens the session, and only that clears the failures of this address and user
    // (ConsoleMfaThrottleTest: a correct password alone does not)
    assertThat(mfa(c, ch2, code(seed, 0)).statusCode()).isEqualTo(302);
  }
}
