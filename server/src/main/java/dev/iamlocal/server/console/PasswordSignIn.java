package dev.iamlocal.server.console;

import static dev.iamlocal.server.console.Html.esc;

import dev.iamlocal.store.IamException;
import dev.iamlocal.store.LoginProfiles;
import dev.iamlocal.store.PasswordPolicy;
import dev.iamlocal.store.PasswordPolicyViolation;
import dev.iamlocal.store.User;
import io.javalin.http.Context;
import dev.iamlocal.server.auth.MfaCodes;
import dev.iamlocal.store.MfaDevice;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Console sign-in as an IAM user with the password of the user's login profile, as AWS's console
 * signs in IAM users: the account (its 12-digit id or its alias), the user name and the password.
 * The password is checked against its PBKDF2 hash by the store, in the same time whether or not the
 * user exists; failures are slowed down by the console's {@link SignInThrottle} (counted per
 * address and per account and user). A user whose password must be reset (PasswordResetRequired,
 * or expired under the account's policy without HardExpiry) must choose a new one before a session
 * opens: the new password must meet the account password policy, and the change needs the user's
 * permission to change it ({@code iam:ChangePassword}, or the policy's AllowUsersToChangePassword).
 * A user with an MFA device enabled then enters a code of it ({@link #mfa}) before the session opens,
 * and the session carries the MFA into every authorization ({@code aws:MultiFactorAuthPresent}).
 */
final class PasswordSignIn {

  /** The console's message for any failed password sign-in (never which part was wrong). */
  static final String FAILED = "Your authentication information is incorrect. Please try again.";

  private final Console c;
  private final MfaCodes codes;
  private final MfaChallenges challenges;

  PasswordSignIn(Console c) {
    this.c = c;
    this.codes = new MfaCodes(c.store, c.clock);
    this.challenges = new MfaChallenges(c.clock);
  }

  /** The MFA step's form: the code, and the challenge that names the password step just passed. */
  static String mfaForm(String challenge, String error) {
    return (error == null ? Html.notice("Your user has a multi-factor authentication (MFA) device. Enter the code"
        + " it shows now.") : Html.error("MfaFailed", error))
        + "<form class=\"card signin\" method=\"post\" action=\"/console/signin/mfa\">"
        + "<input type=\"hidden\" name=\"challenge\" value=\"" + esc(challenge) + "\">"
        + "<label for=\"mfaCode\">MFA code</label>"
        + "<input id=\"mfaCode\" name=\"mfaCode\" autocomplete=\"one-time-code\" inputmode=\"numeric\""
        + " pattern=\"[0-9]{6}\" maxlength=\"6\" required>"
        + "<button type=\"submit\" id=\"signin-mfa\">Submit</button></form>";
  }

  /** Whether a sign-in form is the password one (else the access key one). */
  static boolean isPasswordForm(Context ctx) {
    return ctx.formParam("password") != null;
  }

  /** The sign-in form for IAM users, prefilled with what was typed (never the password). */
  static String form(String account, String user) {
    return "<form class=\"card signin\" method=\"post\" action=\"/console/signin\">"
        + "<p>Or sign in as an IAM user with the console password of the user's login profile.</p>"
        + "<label for=\"account\">Account ID or alias</label>"
        + "<input id=\"account\" name=\"account\" required spellcheck=\"false\" value=\"" + esc(nz(account)) + "\">"
        + "<label for=\"userName\">IAM user name</label>"
        + "<input id=\"userName\" name=\"userName\" autocomplete=\"username\" required spellcheck=\"false\" value=\""
        + esc(nz(user)) + "\">"
        + "<label for=\"password\">Password</label>"
        + "<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>"
        + "<button type=\"submit\" id=\"signin-password\">Sign in</button></form>";
  }

  /** POST /console/signin with account, userName and password (the origin was checked by the caller). */
  void signIn(Context ctx) {
    String account = trimmed(ctx.formParam("account"));
    String user = trimmed(ctx.formParam("userName"));
    String password = ctx.formParam("password");
    Optional<String> acct = accountOf(account);
    // keyed by the account's id, whether the form named it or its alias: the MFA step counts under the id
    String throttleKey = throttleKey(acct.orElse(account), user);
    if (throttled(ctx, throttleKey)) {
      return;
    }
    LoginProfiles.SignIn result = acct.isPresent() && user != null && password != null
        ? c.store.loginProfiles().signIn(acct.get(), user, password)
        : LoginProfiles.SignIn.FAILED;
    switch (result) {
      case FAILED -> {
        c.throttle.failed(ctx.ip(), throttleKey);
        page(ctx, 401, Html.error("SignInFailed", FAILED) + form(account, user));
      }
      case EXPIRED_HARD -> {
        page(ctx, 403, Html.error("PasswordExpired", "Your password has expired. The account's password policy"
            + " lets only an administrator set a new one.") + form(account, user));
      }
      case MUST_CHANGE -> {
        page(ctx, 200, changeForm(account, user, null));
      }
      case OK -> open(ctx, acct.get(), user, throttleKey);
      default -> throw new IllegalStateException(result.toString());
    }
  }

  /**
   * POST /console/signin/password: the new password of a user who must choose one. The old password
   * is asked again (nothing of the first step is kept between the two requests), the throttle applies
   * as to a sign-in, and the new password goes through the store's policy checks.
   */
  void changePassword(Context ctx) {
    Console.secureHeaders(ctx);
    if (!Console.sameOrigin(ctx)) {
      page(ctx, 403, Html.error("InvalidOrigin", "The form was not sent from this console's own page."));
      return;
    }
    String account = trimmed(ctx.formParam("account"));
    String user = trimmed(ctx.formParam("userName"));
    String old = ctx.formParam("oldPassword");
    String fresh = ctx.formParam("newPassword");
    String confirm = ctx.formParam("confirmPassword");
    Optional<String> acct = accountOf(account);
    String throttleKey = throttleKey(acct.orElse(account), user);
    if (throttled(ctx, throttleKey)) {
      return;
    }
    LoginProfiles.SignIn check = acct.isPresent() && user != null && old != null
        ? c.store.loginProfiles().signIn(acct.get(), user, old)
        : LoginProfiles.SignIn.FAILED;
    if (check == LoginProfiles.SignIn.FAILED) {
      c.throttle.failed(ctx.ip(), throttleKey);
      page(ctx, 401, Html.error("SignInFailed", FAILED) + form(account, user));
      return;
    }
    if (check == LoginProfiles.SignIn.EXPIRED_HARD) {
      page(ctx, 403, Html.error("PasswordExpired", "Your password has expired. The account's password policy lets"
          + " only an administrator set a new one."));
      return;
    }
    if (fresh == null || !fresh.equals(confirm)) {
      page(ctx, 400, changeForm(account, user, "The new passwords do not match."));
      return;
    }
    String arn = c.store.users().getUser(acct.get(), user).arn();
    if (!mayChangeOwnPassword(ctx, acct.get(), user, arn)) {
      page(ctx, 403, changeForm(account, user, "Either user is not authorized to perform iam:ChangePassword or"
          + " entered password does not comply with account password policy set by administrator"));
      return;
    }
    try {
      LoginProfiles.Change done = c.store.loginProfiles().changePassword(acct.get(), user, old, fresh);
      if (done != LoginProfiles.Change.CHANGED) {
        page(ctx, 401, Html.error("SignInFailed", FAILED) + form(account, user));
        return;
      }
    } catch (PasswordPolicyViolation v) {
      page(ctx, 400, changeForm(account, user, PasswordPolicyViolation.MESSAGE + " (" + v.reason() + ")"));
      return;
    }
    open(ctx, acct.get(), user, throttleKey);
  }

  /**
   * Whether the user may change their own password: the account policy's AllowUsersToChangePassword,
   * unless an explicit deny says otherwise, or {@code iam:ChangePassword} allowed on the user, as
   * the ChangePassword operation decides it.
   */
  private boolean mayChangeOwnPassword(Context ctx, String acct, String user, String arn) {
    Optional<String> denied = c.authorizer.denial(ctx.req(), acct, user, "iam:ChangePassword", arn,
        java.util.Map.of());
    if (denied.isEmpty()) {
      return true;
    }
    boolean selfService = c.store.loginProfiles().policy(acct).map(PasswordPolicy::allowUsersToChangePassword)
        .orElse(false);
    // AWS's AccessDenied text names an explicit deny; the policy's grant never overrides one
    return selfService && !denied.get().contains("with an explicit deny");
  }

  /**
   * After the password: a user with an MFA device enabled is asked for a code first, as the AWS
   * console asks (the session opens only once a code is accepted, {@link #mfa}); any other user's
   * session opens now.
   *
   * <p>The throttle's failures are cleared only when a session opens: a correct password alone does
   * not clear them, or a caller who knows the password could sign in again after every few wrong MFA
   * codes and guess codes without end (a hostile probe tried 800 in 30 s).
   */
  private void open(Context ctx, String acct, String user, String throttleKey) {
    User u = c.store.users().getUser(acct, user);
    if (!devices(acct, u.userId()).isEmpty()) {
      c.sessions.close(ctx.cookie(Console.COOKIE));
      page(ctx, 200, mfaForm(challenges.open(acct, u.name(), u.userId()), null));
      return;
    }
    c.throttle.succeeded(ctx.ip(), throttleKey);
    openSession(ctx, acct, u, null);
  }

  private void openSession(Context ctx, String acct, User u, Instant mfaAt) {
    c.sessions.close(ctx.cookie(Console.COOKIE));
    Sessions.Session s = c.sessions.open(acct, u.name(), u.userId(), u.arn(), null, mfaAt);
    ctx.header("Set-Cookie", Console.COOKIE + "=" + s.id() + "; Path=/console; HttpOnly; SameSite=Strict");
    ctx.redirect(Console.HOME);
  }

  private List<MfaDevice> devices(String acct, String userId) {
    return c.store.mfaDevices().devicesOfUser(acct, userId).stream().filter(MfaDevice::assigned).toList();
  }

  /**
   * POST /console/signin/mfa: the MFA code of a user whose password was accepted, named by the
   * challenge the password step handed out (a random, single-use token that lives a few minutes and
   * allows {@link MfaChallenges#ATTEMPTS} codes). A code is checked by {@link MfaCodes#authenticate}
   * (the device's step one either way, never a code used before); a wrong code is the same page again
   * with an error and counts as a failed sign-in for the throttle.
   */
  void mfa(Context ctx) {
    Console.secureHeaders(ctx);
    if (!Console.sameOrigin(ctx)) {
      page(ctx, 403, Html.error("InvalidOrigin", "The form was not sent from this console's own page."));
      return;
    }
    Optional<MfaChallenges.Challenge> ch = challenges.find(ctx.formParam("challenge"));
    if (ch.isEmpty()) {
      page(ctx, 401, Html.error("SignInFailed", "Your sign-in has expired or was already used. Sign in again.")
          + form(null, null));
      return;
    }
    MfaChallenges.Challenge challenge = ch.get();
    String throttleKey = throttleKey(challenge.accountId(), challenge.userName());
    if (throttled(ctx, throttleKey)) {
      return;
    }
    String code = ctx.formParam("mfaCode");
    Optional<Instant> accepted = Optional.empty();
    dev.iamlocal.store.User u;
    try {
      u = c.store.users().getUser(challenge.accountId(), challenge.userName());
      if (!u.userId().equals(challenge.userId())) {
        throw new IamException.NoSuchEntity("the user was re-created since the password step");
      }
    } catch (IamException e) {
      challenges.close(challenge.id());
      page(ctx, 401, Html.error("SignInFailed", FAILED) + form(null, null));
      return;
    }
    if (code != null && code.matches("\\d{6}")) {
      for (MfaDevice d : devices(challenge.accountId(), u.userId())) {
        accepted = codes.authenticate(d, code);
        if (accepted.isPresent()) {
          break;
        }
      }
    }
    if (accepted.isEmpty()) {
      c.throttle.failed(ctx.ip(), throttleKey);
      if (!challenges.failed(challenge.id())) {
        page(ctx, 401, Html.error("TooManyAttempts", "Too many incorrect MFA codes. Sign in again.")
            + form(challenge.accountId(), challenge.userName()));
        return;
      }
      page(ctx, 401, mfaForm(challenge.id(), "The MFA code is incorrect or was already used. Enter the current"
          + " code of your MFA device."));
      return;
    }
    challenges.close(challenge.id());
    c.throttle.succeeded(ctx.ip(), throttleKey);
    openSession(ctx, challenge.accountId(), u, accepted.get());
  }

  /**
   * Whether a session opened with a password is still good: its user still exists (the same user, by
   * unique id: a user deleted and re-created under the same name is another identity) and still has
   * a login profile (a deleted profile or user ends it at once, as a deleted access key ends a key
   * session).
   */
  static boolean live(dev.iamlocal.store.IamStore store, Sessions.Session s) {
    try {
      if (!store.users().getUser(s.accountId(), s.userName()).userId().equals(s.userId())) {
        return false;
      }
      store.loginProfiles().get(s.accountId(), s.userName());
      return true;
    } catch (IamException e) {
      return false;
    }
  }

  /** The account an account field names: an existing account's id, or an alias of this server. */
  private Optional<String> accountOf(String account) {
    if (account == null) {
      return Optional.empty();
    }
    if (account.matches("\\d{12}")) {
      return c.store.accounts().account(account).map(a -> a.accountId());
    }
    return c.store.accountSettings().accountOfAlias(account.toLowerCase(Locale.ROOT));
  }

  private boolean throttled(Context ctx, String throttleKey) {
    Optional<Duration> wait = c.throttle.wait(ctx.ip(), throttleKey);
    if (wait.isEmpty()) {
      return false;
    }
    long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
    ctx.header("Retry-After", Long.toString(seconds));
    page(ctx, 429, Html.error("TooManyAttempts", "Too many failed sign-in attempts from this address or for this"
        + " user. Try again in " + seconds + (seconds == 1 ? " second." : " seconds.")));
    return true;
  }

  /** The throttle's key of an account and user (its own namespace, apart from access key ids). */
  private static String throttleKey(String account, String user) {
    return "password:" + nz(account).toLowerCase(Locale.ROOT) + "/" + nz(user).toLowerCase(Locale.ROOT);
  }

  private static String changeForm(String account, String user, String error) {
    return (error == null ? Html.notice("You must change your password before you continue.")
        : Html.error("PasswordChangeFailed", error))
        + "<form class=\"card signin\" method=\"post\" action=\"/console/signin/password\">"
        + "<input type=\"hidden\" name=\"account\" value=\"" + esc(nz(account)) + "\">"
        + "<input type=\"hidden\" name=\"userName\" value=\"" + esc(nz(user)) + "\">"
        + "<label for=\"oldPassword\">Old password</label>"
        + "<input id=\"oldPassword\" name=\"oldPassword\" type=\"password\" autocomplete=\"current-password\" required>"
        + "<label for=\"newPassword\">New password</label>"
        + "<input id=\"newPassword\" name=\"newPassword\" type=\"password\" autocomplete=\"new-password\" required>"
        + "<label for=\"confirmPassword\">Retype new password</label>"
        + "<input id=\"confirmPassword\" name=\"confirmPassword\" type=\"password\" autocomplete=\"new-password\" required>"
        + "<button type=\"submit\" id=\"change-password\">Confirm password change</button></form>";
  }

  private void page(Context ctx, int status, String body) {
    ctx.status(status);
    c.html(ctx, "Sign in", null, "signin", body);
  }

  private static String trimmed(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
