package dev.iamlocal.server.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamlocal.server.decisionlog.DecisionLog;
import dev.iamlocal.server.authz.IamAuthorization;
import dev.iamlocal.server.iam.IamApi;
import dev.iamlocal.store.AccessKey;
import dev.iamlocal.store.IamException;
import dev.iamlocal.store.IamStore;
import dev.iamlocal.store.User;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console under {@code /console}: sign-in with an access key pair of the account or as an IAM
 * user with a console password ({@link PasswordSignIn}), the IAM
 * browser, the policy editor, the simulator, the access matrix and the decision log. Every page and action is
 * authorized by the engine for the signed-in principal exactly as the Query API authorizes it.
 *
 * <p>Nothing but the sign-in page and the static stylesheet and script is reachable without a
 * session; pages redirect to sign-in, JSON endpoints answer 401. Every POST carries the session's
 * CSRF token (form field {@code _csrf} or header {@code X-CSRF-Token}).
 */
public final class Console {

  /** Where a browser landing on {@code /} is sent. */
  public static final String HOME = "/console/";
  static final String COOKIE = "iamlocal_console";

  private static final Logger LOG = LoggerFactory.getLogger(Console.class);

  final IamStore store;
  final Clock clock;
  final Sessions sessions;
  final SignInThrottle throttle;
  final IamAuthorization authorizer;
  final DecisionLog decisions;
  final ObjectMapper json = new ObjectMapper();
  /** The signed-in principal's IAM calls, through the Query API's own operations ({@link IamCalls}). */
  final IamCalls iam;
  /** Made last in the constructor: it reads the store and clock. */
  final PasswordSignIn passwords;

  private Console(IamStore store, IamAuthorization authorizer, DecisionLog decisions, Clock clock, IamApi api) {
    this.iam = new IamCalls(api, authorizer);
    this.store = store;
    this.decisions = decisions;
    this.clock = clock;
    this.sessions = new Sessions(clock);
    this.throttle = new SignInThrottle(clock);
    this.authorizer = authorizer;
    this.passwords = new PasswordSignIn(this);
  }

  /** Registers the console's routes on {@code app}; {@code decisions} is the log the decision log page reads. */
  public static void install(Javalin app, IamStore store, IamAuthorization authorizer, DecisionLog decisions,
      Clock clock, IamApi api) {
    Console c = new Console(store, authorizer, decisions, clock, api);
    app.get("/console/static/{file}", c::asset);
    app.get("/console/signin", ctx -> c.signInPage(ctx, null));
    app.post("/console/signin", c::signIn);
    app.post("/console/signin/password", c.passwords::changePassword);
    app.post("/console/signin/mfa", c.passwords::mfa);
    app.post("/console/signout", c::signOut);
    new IamPages(c).install(app);
    new EditorPages(c).install(app);
    new SimulatorPages(c).install(app);
    new MatrixPages(c).install(app);
    new DecisionPages(c).install(app);
    new ManagePages(c).install(app);
  }

  /**
   * Whether a {@code GET /} comes from a browser rather than an AWS client: AWS requests carry a
   * SigV4 {@code Authorization} header or a presigned query string, a browser neither.
   */
  public static boolean isBrowser(Context ctx) {
    return ctx.header("Authorization") == null && (ctx.queryString() == null || ctx.queryString().isEmpty());
  }

  // ---------------------------------------------------------------- handlers with a session

  /** A console handler that runs with a live session. */
  @FunctionalInterface
  interface Handler {
    void handle(Context ctx, Sessions.Session s) throws Exception;
  }

  /** A page: without a session, a redirect to sign-in. */
  void page(Javalin app, String path, Handler h) {
    app.get(path, ctx -> {
      secureHeaders(ctx);
      Optional<Sessions.Session> s = session(ctx);
      if (s.isEmpty()) {
        ctx.redirect("/console/signin");
        return;
      }
      run(ctx, s.get(), h, false);
    });
  }

  /** A form POST: needs a session and the CSRF field. */
  void form(Javalin app, String path, Handler h) {
    app.post(path, ctx -> {
      secureHeaders(ctx);
      Optional<Sessions.Session> s = session(ctx);
      if (s.isEmpty()) {
        ctx.redirect("/console/signin");
        return;
      }
      String csrf;
      try {
        csrf = ctx.formParam("_csrf");
      } catch (org.eclipse.jetty.http.BadMessageException e) {
        unreadable(ctx, s.get(), e, false);
        return;
      }
      if (!csrfOk(ctx, s.get(), csrf)) {
        ctx.status(403).contentType("text/html").result(Html.page("Forbidden", null, "",
            Html.error("InvalidCsrfToken", "The form was not sent from this console session. Reload the page and try again.")));
        return;
      }
      run(ctx, s.get(), h, false);
    });
  }

  /** A JSON endpoint: 401 without a session; POSTs need the {@code X-CSRF-Token} header. */
  void api(Javalin app, boolean post, String path, Handler h) {
    Handler checked = (ctx, s) -> {
      if (post && !csrfOk(ctx, s, ctx.header("X-CSRF-Token"))) {
        jsonError(ctx, 403, "InvalidCsrfToken", "Missing or wrong X-CSRF-Token header.");
        return;
      }
      h.handle(ctx, s);
    };
    io.javalin.http.Handler outer = ctx -> {
      secureHeaders(ctx);
      Optional<Sessions.Session> s = session(ctx);
      if (s.isEmpty()) {
        jsonError(ctx, 401, "NotSignedIn", "Sign in to the console first.");
        return;
      }
      run(ctx, s.get(), checked, true);
    };
    if (post) {
      app.post(path, outer);
    } else {
      app.get(path, outer);
    }
  }

  private void run(Context ctx, Sessions.Session s, Handler h, boolean jsonErrors) throws Exception {
    try {
      h.handle(ctx, s);
    } catch (IamCalls.Failure e) {
      // an IAM operation's own error (AccessDenied, NoSuchEntity, DeleteConflict…) with AWS's status and words
      if (jsonErrors) {
        jsonError(ctx, e.status(), e.code(), e.getMessage());
      } else {
        ctx.status(e.status()).contentType("text/html").result(Html.page(e.code(), s, "",
            e.code().equals("AccessDenied") ? Html.denied(e.getMessage()) : Html.error(e.code(), e.getMessage())));
      }
    } catch (IamException e) {
      if (jsonErrors) {
        jsonError(ctx, 400, e.code(), e.getMessage());
      } else {
        ctx.status(400).contentType("text/html").result(Html.page(e.code(), s, "", Html.error(e.code(), e.getMessage())));
      }
    } catch (dev.iamlocal.arn.Arn.InvalidArnException e) {
      // an ARN from the request that is none: the user's input, never a 500
      if (jsonErrors) {
        jsonError(ctx, 400, "InvalidInput", e.getMessage());
      } else {
        ctx.status(400).contentType("text/html").result(Html.page("Invalid input", s, "", Html.error("InvalidInput",
            e.getMessage())));
      }
    } catch (BadInput e) {
      if (jsonErrors) {
        jsonError(ctx, 400, "InvalidInput", e.getMessage());
      } else {
        ctx.status(400).contentType("text/html").result(Html.page("Invalid input", s, "", Html.error("InvalidInput",
            e.getMessage())));
      }
    } catch (org.eclipse.jetty.http.BadMessageException e) {
      unreadable(ctx, s, e, jsonErrors);
    } catch (RuntimeException e) {
      LOG.error("console request {} {} failed", ctx.method(), ctx.path(), e);
      if (jsonErrors) {
        jsonError(ctx, 500, "ServiceFailure", "Request processing has failed due to an internal error.");
      } else {
        ctx.status(500).contentType("text/html").result(Html.page("Internal error", s, "",
            Html.error("ServiceFailure", "Request processing has failed due to an internal error.")));
      }
    }
  }

  /**
   * A request Jetty could not read (a body slower than the server's minimum data rate: 408; a malformed
   * message: 400): the client's error with Jetty's status, never a 500.
   */
  private void unreadable(Context ctx, Sessions.Session s, org.eclipse.jetty.http.BadMessageException e,
      boolean jsonErrors) {
    int status = e.getCode() >= 400 && e.getCode() < 500 ? e.getCode() : 400;
    String message = "The request could not be read (" + status + "): send its body at once and try again.";
    if (jsonErrors) {
      jsonError(ctx, status, "BadRequest", message);
    } else {
      ctx.status(status).contentType("text/html").result(Html.page("Bad request", s, "", Html.error("BadRequest",
          message)));
    }
  }

  /** Input the user can fix; shown as InvalidInput. */
  static final class BadInput extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadInput(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * The session named by the cookie, if live and if the key it was opened with still exists and is
   * active (a deleted or deactivated key ends the session at once: fail closed).
   */
  Optional<Sessions.Session> session(Context ctx) {
    Optional<Sessions.Session> s = sessions.find(ctx.cookie(COOKIE));
    if (s.isPresent() && s.get().accessKeyId() == null) {
      // opened with a console password: good while the user's login profile exists
      if (!PasswordSignIn.live(store, s.get())) {
        sessions.close(s.get().id());
        return Optional.empty();
      }
    } else if (s.isPresent()) {
      Optional<AccessKey> k = store.accessKeys().accessKey(s.get().accessKeyId());
      if (k.isEmpty() || !k.get().active()) {
        sessions.close(s.get().id());
        return Optional.empty();
      }
    }
    return s;
  }

  private static boolean csrfOk(Context ctx, Sessions.Session s, String given) {
    return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
        s.csrf().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The engine's answer for the signed-in principal, as the Query API would give it: the server's
   * one authorization pipeline, with the network of the listener the request came in on; logged,
   * the root user's calls included.
   *
   * @return empty when allowed, else AWS's AccessDenied message
   */
  Optional<String> denial(Context ctx, Sessions.Session s, String action, String resource, Map<String, String> extra) {
    if (s.mfaAuthenticatedAt() != null) {
      return authorizer.denial(ctx.req(), caller(authorizer, s), action, resource, extra);
    }
    return authorizer.denial(ctx.req(), s.accountId(), s.userName(), action, resource, extra);
  }

  /**
   * The caller a session acts as: the signed-in principal, and for a session opened with an MFA code
   * credentials carrying it (keyed in the pipeline's caches by a digest of the session id, unique to
   * the session and never the secret itself).
   */
  static dev.iamlocal.server.auth.Caller caller(IamAuthorization authorizer, Sessions.Session s) {
    if (s.mfaAuthenticatedAt() == null) {
      return authorizer.caller(s.accountId(), s.userName(), null);
    }
    String key;
    try {
      key = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(s.id().getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every JDK has SHA-256
    }
    return authorizer.mfaCaller(s.accountId(), s.userName(), null, key, s.mfaAuthenticatedAt(),
        s.created().plus(Sessions.ABSOLUTE));
  }

  Optional<String> denial(Context ctx, Sessions.Session s, String action, String resource) {
    return denial(ctx, s, action, resource, Map.of());
  }

  static void secureHeaders(Context ctx) {
    ctx.header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
    ctx.header("X-Content-Type-Options", "nosniff");
    // same-origin, not no-referrer: with no-referrer a browser sends "Origin: null" on the console's
    // own form POSTs, and the sign-in's origin check could not tell them from a sandboxed attacker
    ctx.header("Referrer-Policy", "same-origin");
    ctx.header("Cache-Control", "no-store");
  }

  void html(Context ctx, String title, Sessions.Session s, String page, String body) {
    ctx.contentType("text/html; charset=utf-8").result(Html.page(title, s, page, body));
  }

  void jsonResult(Context ctx, Object value) throws IOException {
    ctx.contentType("application/json").result(json.writeValueAsString(value));
  }

  void jsonError(Context ctx, int status, String code, String message) {
    try {
      ctx.status(status).contentType("application/json").result(json.writeValueAsString(
          Map.of("error", code, "message", message)));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  JsonNode body(Context ctx) {
    try {
      JsonNode n = json.readTree(ctx.body());
      if (n == null || !n.isObject()) {
        throw new BadInput("The request body must be a JSON object.");
      }
      return n;
    } catch (IOException e) {
      throw new BadInput("The request body is not JSON: " + dev.iamlocal.policy.JsonSyntax.describe(e) + ".");
    }
  }

  // ---------------------------------------------------------------- sign-in

  private void signInPage(Context ctx, String error) {
    secureHeaders(ctx);
    if (error == null && session(ctx).isPresent()) {
      ctx.redirect(HOME);
      return;
    }
    String body = (error == null ? "" : Html.error("SignInFailed", error))
        + "<form class=\"card signin\" method=\"post\" action=\"/console/signin\">"
        + "<p>Sign in with an access key of the account: the root key printed by <code>iamlocal serve</code>"
        + " (and written to the data directory's <code>credentials</code> file) or an IAM user's key.</p>"
        + "<label for=\"accessKeyId\">Access key ID</label>"
        + "<input id=\"accessKeyId\" name=\"accessKeyId\" autocomplete=\"username\" required spellcheck=\"false\">"
        + "<label for=\"secretAccessKey\">Secret access key</label>"
        + "<input id=\"secretAccessKey\" name=\"secretAccessKey\" type=\"password\" autocomplete=\"current-password\" required>"
        + "<button type=\"submit\" id=\"signin\">Sign in</button></form>" + PasswordSignIn.form(null, null);
    ctx.status(error == null ? 200 : 401);
    html(ctx, "Sign in", null, "signin", body);
  }

  private void signIn(Context ctx) {
    secureHeaders(ctx);
    // Login CSRF: a page elsewhere could sign the victim's browser in as the attacker. Browsers
    // name the page's origin on every cross-origin POST; a client that names none is no browser.
    if (!sameOrigin(ctx)) {
      ctx.status(403);
      html(ctx, "Sign in", null, "signin", Html.error("InvalidOrigin", "The sign-in form was not sent from this"
          + " console's own page. Open " + HOME + " on this server and sign in there."));
      return;
    }
    if (PasswordSignIn.isPasswordForm(ctx)) {
      passwords.signIn(ctx);
      return;
    }
    String id = ctx.formParam("accessKeyId");
    String secret = ctx.formParam("secretAccessKey");
    String keyId = id == null || id.isBlank() ? null : id.trim();
    Optional<java.time.Duration> wait = throttle.wait(ctx.ip(), keyId);
    if (wait.isPresent()) {
      long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
      ctx.header("Retry-After", Long.toString(seconds));
      ctx.status(429);
      html(ctx, "Sign in", null, "signin", Html.error("TooManyAttempts", "Too many failed sign-in attempts from this"
          + " address or for this access key. Try again in " + seconds + (seconds == 1 ? " second." : " seconds.")));
      return;
    }
    Optional<AccessKey> key = keyId == null ? Optional.empty() : store.accessKeys().accessKey(keyId);
    // compare in constant time, and compare even when the key is unknown, so timing tells nothing
    String expected = key.map(AccessKey::secret).orElse("-");
    boolean ok = secret != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
        secret.getBytes(StandardCharsets.UTF_8)) && key.isPresent() && key.get().active();
    if (!ok) {
      throttle.failed(ctx.ip(), keyId);
      signInPage(ctx, "The access key ID or the secret access key is not valid, or the key is inactive.");
      return;
    }
    throttle.succeeded(ctx.ip(), keyId);
    AccessKey k = key.get();
    String arn;
    String userId = null;
    if (k.userName() == null) {
      arn = "arn:aws:iam::" + k.accountId() + ":root";
    } else {
      User u = store.users().getUser(k.accountId(), k.userName());
      arn = u.arn();
      userId = u.userId();
    }
    sessions.close(ctx.cookie(COOKIE));
    Sessions.Session s = sessions.open(k.accountId(), k.userName(), userId, arn, k.accessKeyId());
    ctx.header("Set-Cookie", COOKIE + "=" + s.id() + "; Path=/console; HttpOnly; SameSite=Strict");
    ctx.redirect(HOME);
  }

  /**
   * Whether a form POST comes from this server's own pages: its {@code Origin} (else its
   * {@code Referer}) names the host the request was sent to. Neither header: not a browser.
   */
  static boolean sameOrigin(Context ctx) {
    String host = ctx.header("Host");
    String origin = ctx.header("Origin");
    if (origin != null) {
      return host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
    }
    String referer = ctx.header("Referer");
    if (referer != null) {
      return host != null && (referer.startsWith("http://" + host + "/") || referer.startsWith("https://" + host + "/"));
    }
    return true;
  }

  private void signOut(Context ctx) {
    secureHeaders(ctx);
    Optional<Sessions.Session> s = session(ctx);
    if (s.isPresent() && !csrfOk(ctx, s.get(), ctx.formParam("_csrf"))) {
      ctx.status(403).contentType("text/html").result(Html.page("Forbidden", null, "",
          Html.error("InvalidCsrfToken", "The form was not sent from this console session.")));
      return;
    }
    s.ifPresent(x -> sessions.close(x.id()));
    ctx.header("Set-Cookie", COOKIE + "=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0");
    ctx.redirect("/console/signin");
  }

  // ---------------------------------------------------------------- static files

  private void asset(Context ctx) throws IOException {
    String file = ctx.pathParam("file");
    String type = switch (file) {
      case "console.css" -> "text/css; charset=utf-8";
      case "console.js", "manage.js" -> "text/javascript; charset=utf-8";
      default -> null;
    };
    if (type == null) {
      ctx.status(404).result("Not found");
      return;
    }
    try (InputStream in = Console.class.getResourceAsStream("/console/" + file)) {
      if (in == null) {
        ctx.status(404).result("Not found");
        return;
      }
      ctx.header("X-Content-Type-Options", "nosniff");
      ctx.contentType(type).result(in.readAllBytes());
    }
  }
}
