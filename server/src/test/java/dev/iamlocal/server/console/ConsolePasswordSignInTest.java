package dev.iamlocal.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Console sign-in as an IAM user with account id or alias, user name and console password, over
 * plain HTTP: a wrong password, PasswordResetRequired with the policy enforced on the new password,
 * the throttle, and the end of the session when the login profile goes.
 */
class ConsolePasswordSignInTest {

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

  private static HttpResponse<String> signIn(HttpClient c, String account, String user, String password)
      throws Exception {
    return s.post(c, "/console/signin", "application/x-www-form-urlencoded",
        ConsoleServer.form("account", account, "userName", user, "password", password));
  }

  @Test
  void signInWithAccountIdUserAndPassword() throws Exception {
    s.store.users().createUser(s.account(), "alice", "/", null);
    s.store.loginProfiles().create(s.account(), "alice", "Alice-Pass-1", false);
    assertThat(s.get(ConsoleServer.client(), "/console/signin").body()).contains("name=\"password\"");

    HttpClient c = ConsoleServer.client();
    HttpResponse<String> wrong = signIn(c, s.account(), "alice", "Alice-Pass-2");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).contains(PasswordSignIn.FAILED).doesNotContain("Alice-Pass-2");
    // an unknown user gets the very same answer
    assertThat(signIn(c, s.account(), "nobody", "Alice-Pass-1").body()).contains(PasswordSignIn.FAILED);
    assertThat(s.get(c, "/console/users").statusCode()).isEqualTo(302);

    HttpResponse<String> ok = signIn(c, s.account(), "alice", "Alice-Pass-1");
    assertThat(ok.statusCode()).isEqualTo(302);
    assertThat(ok.headers().firstValue("Location")).hasValue(Console.HOME);
    HttpResponse<String> home = s.get(c, "/console/");
    assertThat(home.statusCode()).isEqualTo(200);
    assertThat(home.body()).contains("alice");
    // the session is alice's: her (empty) permissions apply
    assertThat(s.get(c, "/console/users").body()).contains("not authorized to perform: iam:ListUsers");
    assertThat(s.store.loginProfiles().get(s.account(), "alice").passwordLastUsed()).isNotNull();

    // deleting the login profile ends the session at once
    s.store.loginProfiles().delete(s.account(), "alice");
    assertThat(s.get(c, "/console/").statusCode()).isEqualTo(302);
  }

  /**
   * A console session is the signed-in user's, kept by unique id: deleting the user and creating one
   * of the same name with a login profile of its own does not hand the new user the old session.
   */
  @Test
  void aUserRecreatedUnderTheSameNameDoesNotInheritTheConsoleSession() throws Exception {
    s.store.users().createUser(s.account(), "dave", "/", null);
    s.store.loginProfiles().create(s.account(), "dave", "Dave-Pass-1", false);
    HttpClient c = ConsoleServer.client();
    assertThat(signIn(c, s.account(), "dave", "Dave-Pass-1").statusCode()).isEqualTo(302);
    assertThat(s.get(c, "/console/").statusCode()).isEqualTo(200);

    s.store.loginProfiles().delete(s.account(), "dave");
    s.store.users().deleteUser(s.account(), "dave");
    s.store.users().createUser(s.account(), "dave", "/", null);
    s.store.loginProfiles().create(s.account(), "dave", "Dave-Pass-2", false);
    assertThat(s.get(c, "/console/").statusCode()).isEqualTo(302);
  }

  @Test
  void resetRequiredMeansANewPasswordThatMeetsThePolicyFirst() throws Exception {
    s.store.accountSettings().createAlias(s.account(), "console-test");
    s.store.users().createUser(s.account(), "bob", "/", null);
    s.store.loginProfiles().create(s.account(), "bob", "Bob-Initial-1", true);
    s.store.loginProfiles().putPolicy(s.account(), new dev.iamlocal.store.PasswordPolicy(10, true, true, false, false,
        true, null, 1, null));
    try {
      HttpClient c = ConsoleServer.client();
      HttpResponse<String> first = signIn(c, "console-test", "bob", "Bob-Initial-1");
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.body()).contains("/console/signin/password").contains("name=\"newPassword\"");
      assertThat(first.headers().firstValue("Set-Cookie")).isEmpty();
      assertThat(s.get(c, "/console/").statusCode()).isEqualTo(302);

      // the policy: 10 characters, a number and a symbol; reuse of the current one is refused
      HttpResponse<String> weak = s.post(c, "/console/signin/password", "application/x-www-form-urlencoded",
          ConsoleServer.form("account", "console-test", "userName", "bob", "oldPassword", "Bob-Initial-1",
              "newPassword", "short1!", "confirmPassword", "short1!"));
      assertThat(weak.statusCode()).isEqualTo(400);
      assertThat(weak.body()).contains("Password does not conform to the account password policy.");
      HttpResponse<String> same = s.post(c, "/console/signin/password", "application/x-www-form-urlencoded",
          ConsoleServer.form("account", "console-test", "userName", "bob", "oldPassword", "Bob-Initial-1",
              "newPassword", "Bob-Initial-1", "confirmPassword", "Bob-Initial-1"));
      assertThat(same.statusCode()).isEqualTo(400);
      HttpResponse<String> mismatch = s.post(c, "/console/signin/password", "application/x-www-form-urlencoded",
          ConsoleServer.form("account", "console-test", "userName", "bob", "oldPassword", "Bob-Initial-1",
              "newPassword", "Bob-Changed-2!", "confirmPassword", "Bob-Changed-3!"));
      assertThat(mismatch.statusCode()).isEqualTo(400);
      HttpResponse<String> badOld = s.post(c, "/console/signin/password", "application/x-www-form-urlencoded",
          ConsoleServer.form("account", "console-test", "userName", "bob", "oldPassword", "guess",
              "newPassword", "Bob-Changed-2!", "confirmPassword", "Bob-Changed-2!"));
      assertThat(badOld.statusCode()).isEqualTo(401);

      HttpResponse<String> changed = s.post(c, "/console/signin/password", "application/x-www-form-urlencoded",
          ConsoleServer.form("account", "console-test", "userName", "bob", "oldPassword", "Bob-Initial-1",
              "newPassword", "Bob-Changed-2!", "confirmPassword", "Bob-Changed-2!"));
      assertThat(changed.statusCode()).isEqualTo(302);
      assertThat(s.get(c, "/console/").statusCode()).isEqualTo(200);
      assertThat(s.store.loginProfiles().get(s.account(), "bob").passwordResetRequired()).isFalse();

      // the old password is gone, the new one signs in directly
      HttpClient again = ConsoleServer.client();
      assertThat(signIn(again, "console-test", "bob", "Bob-Initial-1").statusCode()).isEqualTo(401);
      assertThat(signIn(again, s.account(), "bob", "Bob-Changed-2!").statusCode()).isEqualTo(302);
    } finally {
      s.store.loginProfiles().deletePolicy(s.account());
      s.store.accountSettings().deleteAlias(s.account(), "console-test");
    }
  }

  @Test
  void repeatedFailuresAreThrottled(@TempDir Path own) throws Exception {
    // a server of its own: the lockout of the loopback address must not reach the other tests
    try (ConsoleServer t = new ConsoleServer(own)) {
      t.store.users().createUser(t.account(), "carol", "/", null);
      t.store.loginProfiles().create(t.account(), "carol", "Carol-Pass-1", false);
      HttpClient c = ConsoleServer.client();
      String[] form = {"account", t.account(), "userName", "carol", "password", null};
      int status = 0;
      for (int i = 0; i <= SignInThrottle.FREE_FAILURES && status != 429; i++) {
        form[5] = "wrong-" + i;
        status = t.post(c, "/console/signin", "application/x-www-form-urlencoded", ConsoleServer.form(form))
            .statusCode();
      }
      form[5] = "Carol-Pass-1";
      HttpResponse<String> locked = t.post(c, "/console/signin", "application/x-www-form-urlencoded",
          ConsoleServer.form(form));
      // even the right password waits out the lockout
      assertThat(locked.statusCode()).isEqualTo(429);
      assertThat(locked.headers().firstValue("Retry-After")).isPresent();
    }
  }
}
