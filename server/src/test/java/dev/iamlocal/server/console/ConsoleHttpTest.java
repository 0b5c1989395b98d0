package dev.iamlocal.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's access rules over plain HTTP: sessions, CSRF, sign-in, and the routing of {@code GET /}. */
class ConsoleHttpTest {

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

  @Test
  void withoutSessionPagesRedirectToSignInAndJsonAnswers401() throws Exception {
    HttpClient c = ConsoleServer.client();
    for (String page : new String[] {"/console/", "/console/users", "/console/users/x", "/console/policies",
        "/console/editor", "/console/simulator", "/console/matrix", "/console/groups", "/console/roles"}) {
      HttpResponse<String> r = s.get(c, page);
      assertThat(r.statusCode()).as(page).isEqualTo(302);
      assertThat(r.headers().firstValue("Location")).as(page).hasValue("/console/signin");
    }
    assertThat(s.get(c, "/console/api/actions?q=sagemaker").statusCode()).isEqualTo(401);
    HttpResponse<String> v = s.post(c, "/console/api/validate", "application/json", "{\"text\":\"{}\"}");
    assertThat(v.statusCode()).isEqualTo(401);
    assertThat(v.body()).contains("NotSignedIn");
    HttpResponse<String> create = s.post(c, "/console/users", "application/x-www-form-urlencoded",
        ConsoleServer.form("userName", "mallory"));
    assertThat(create.statusCode()).isEqualTo(302);
    assertThat(s.store.listUsers(s.account(), null)).noneMatch(u -> u.name().equals("mallory"));
    // a forged cookie is no session
    HttpResponse<String> forged = c.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(s.url("/console/users")))
        .header("Cookie", Console.COOKIE + "=" + "00".repeat(32)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(forged.statusCode()).isEqualTo(302);
  }

  @Test
  void wrongSecretIsRefusedAndTheSecretIsNeverEchoed() throws Exception {
    HttpClient c = ConsoleServer.client();
    String wrong = "x" + s.boot.rootKey().secret().substring(1);
    HttpResponse<String> r = s.post(c, "/console/signin", "application/x-www-form-urlencoded",
        ConsoleServer.form("accessKeyId", s.boot.rootKey().accessKeyId(), "secretAccessKey", wrong));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("SignInFailed").doesNotContain(wrong);
    assertThat(s.get(c, "/console/users").statusCode()).isEqualTo(302);
  }

  @Test
  void sessionCookieIsHttpOnlyStrictAndRandom() throws Exception {
    HttpClient c = ConsoleServer.client();
    HttpResponse<String> r = s.post(c, "/console/signin", "application/x-www-form-urlencoded",
        ConsoleServer.form("accessKeyId", s.boot.rootKey().accessKeyId(), "secretAccessKey", s.boot.rootKey().secret()));
    String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).matches(Console.COOKIE + "=[0-9a-f]{64}; Path=/console; HttpOnly; SameSite=Strict");
    HttpResponse<String> users = s.get(c, "/console/users");
    assertThat(users.statusCode()).isEqualTo(200);
    assertThat(users.body()).doesNotContain(s.boot.rootKey().secret());
    assertThat(users.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> v.contains("default-src 'self'"));
  }

  @Test
  void postsWithoutTheCsrfTokenAreRefused() throws Exception {
    HttpClient c = ConsoleServer.client();
    String csrf = s.signInRoot(c);
    HttpResponse<String> noToken = s.post(c, "/console/users", "application/x-www-form-urlencoded",
        ConsoleServer.form("userName", "nocsrf"));
    assertThat(noToken.statusCode()).isEqualTo(403);
    assertThat(noToken.body()).contains("InvalidCsrfToken");
    HttpResponse<String> wrongToken = s.post(c, "/console/users", "application/x-www-form-urlencoded",
        ConsoleServer.form("userName", "nocsrf", "_csrf", "0" + csrf.substring(1)));
    assertThat(wrongToken.statusCode()).isEqualTo(403);
    assertThat(s.store.listUsers(s.account(), null)).noneMatch(u -> u.name().equals("nocsrf"));
    HttpResponse<String> json = s.post(c, "/console/api/validate", "application/json", "{\"text\":\"{}\"}");
    assertThat(json.statusCode()).isEqualTo(403);
    HttpResponse<String> withToken = s.post(c, "/console/users", "application/x-www-form-urlencoded",
        ConsoleServer.form("userName", "withcsrf", "_csrf", csrf));
    assertThat(withToken.statusCode()).isEqualTo(302);
    assertThat(s.store.listUsers(s.account(), null)).anyMatch(u -> u.name().equals("withcsrf"));
    HttpResponse<String> ok = s.post(c, "/console/api/validate", "application/json", "{\"text\":\"{}\"}",
        "X-CSRF-Token", csrf);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).contains("\"findings\"");
  }

  @Test
  void aBrowserOnSlashGoesToTheConsoleWhileAwsRequestsStillReachTheApi() throws Exception {
    HttpClient c = ConsoleServer.client();
    HttpResponse<String> r = s.get(c, "/");
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("Location")).hasValue(Console.HOME);
    HttpResponse<String> api = s.get(c, "/?Action=ListUsers&Version=2010-05-08");
    assertThat(api.statusCode()).isEqualTo(403);
    assertThat(api.body()).contains("MissingAuthenticationToken");
  }

  @Test
  void aUserWithoutListUsersSeesAwsAccessDeniedMessage() throws Exception {
    s.store.createUser(s.account(), "keyed", "/", java.util.Map.of());
    var key = s.store.createAccessKey(s.account(), "keyed");
    HttpClient c = ConsoleServer.client();
    HttpResponse<String> r = s.post(c, "/console/signin", "application/x-www-form-urlencoded",
        ConsoleServer.form("accessKeyId", key.accessKeyId(), "secretAccessKey", key.secret()));
    assertThat(r.statusCode()).isEqualTo(302);
    HttpResponse<String> page = s.get(c, "/console/users");
    assertThat(page.statusCode()).isEqualTo(200);
    // no policies: the engine denies ListUsers, and the page says so with AWS's message
    assertThat(page.body()).contains("AccessDenied").contains("User: arn:aws:iam::" + s.account()
        + ":user/keyed is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::" + s.account() + ":user/");
  }

  @Test
  void groupsAndRolesAreListedAndAMalformedInlinePolicyIsRefusedWithItsPosition() throws Exception {
    s.store.createGroup(s.account(), "analysts", "/team/");
    s.store.createRole(s.account(), "pipeline", "/", null, "{\"Version\":\"2012-10-17\",\"Statement\":[]}", null);
    s.store.createUser(s.account(), "carol", "/", java.util.Map.of());
    HttpClient c = ConsoleServer.client();
    String csrf = s.signInRoot(c);
    assertThat(s.get(c, "/console/groups").body()).contains("analysts").contains(":group/team/analysts");
    assertThat(s.get(c, "/console/roles").body()).contains("pipeline").contains(":role/pipeline");
    HttpResponse<String> bad = s.post(c, "/console/users/carol/inline", "application/x-www-form-urlencoded",
        ConsoleServer.form("_csrf", csrf, "policyName", "p", "policyDocument",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\"}]}"));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("MalformedPolicyDocument").contains("MISSING_RESOURCE");
    assertThat(s.store.inlinePolicies(s.account(), dev.iamlocal.store.EntityType.USER, "carol")).isEmpty();
    HttpResponse<String> good = s.post(c, "/console/users/carol/inline", "application/x-www-form-urlencoded",
        ConsoleServer.form("_csrf", csrf, "policyName", "p", "policyDocument",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}"));
    assertThat(good.statusCode()).isEqualTo(302);
    assertThat(s.get(c, "/console/users/carol").body()).contains("s3:GetObject");
  }
}
