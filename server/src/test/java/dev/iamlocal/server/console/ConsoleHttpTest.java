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
        "/console/editor", "/console/simulator", "/console/matrix", "/console/groups", "/console/roles", "/console/decisions"}) {
      HttpResponse<String> r = s.get(c, page);
      assertThat(r.statusCode()).as(page).isEqualTo(302);
      assertThat(r.headers().firstValue("Location")).as(page).hasValue("/console/signin");
    }
    assertThat(s.get(c, "/console/api/actions?q=sagemaker").statusCode()).isEqualTo(401);
    HttpResponse<String> poll = s.get(c, "/console/api/decisions?after=");
    assertThat(poll.statusCode()).isEqualTo(401);
    assertThat(poll.body()).contains("NotSignedIn").doesNotContain("decision-row");
    HttpResponse<String> v = s.post(c, "/console/api/validate", "application/json", "{\"text\":\"{}\"}");
    assertThat(v.statusCode()).isEqualTo(401);
    assertThat(v.body()).contains("NotSignedIn");
    HttpResponse<String> create = s.post(c, "/console/users", "application/x-www-form-urlencoded",
        ConsoleServer.form("userName", "mallory"));
    assertThat(create.statusCode()).isEqualTo(302);
    assertThat(s.store.users().listUsers(s.account(), null)).noneMatch(u -> u.name().equals("mallory"));
    // a forged cookie is no session
    HttpResponse<String> forged = c.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(s.url("/console/users")))
        .header("Cookie", Console.COOKIE + "=" + "00".repeat(32)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(forged.statusCode()).isEqualTo(302);
  }

  @Test
  void wrongSecretIsRefusedAndTheSecretIsNeverEchoed() throws Exception {
    HttpClient c = ConsoleServer.client();
    String secret = s.boot.rootKey().secret();
    // change the first character to a different one (a fixed "x" is the real secret 1 time in 62)
    String wrong = (secret.charAt(0) == 'x' ? "y" : "x") + secret.substring(1);
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
        ConsoleServer.form("userName", "nocsrf", "_csrf", (csrf.charAt(0) == '0' ? "1" : "0") + csrf.substring(1)));
    assertThat(wrongToken.statusCode()).isEqualTo(403);
    assertThat(s.store.users().listUsers(s.account(), null)).noneMatch(u -> u.name().equals("nocsrf"));
    HttpResponse<String> json = s.post(c, "/console/api/validate", "application/json", "{\"text\":\"{}\"}");
    assertThat(json.statusCode()).isEqualTo(403);
    HttpResponse<String> withToken = s.post(c, "/console/users", "application/x-www-form-urlencoded",
        ConsoleServer.form("userName", "withcsrf", "_csrf", csrf));
    assertThat(withToken.statusCode()).isEqualTo(302);
    assertThat(s.store.users().listUsers(s.account(), null)).anyMatch(u -> u.name().equals("withcsrf"));
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
    s.store.users().createUser(s.account(), "keyed", "/", java.util.Map.of());
    var key = s.store.accessKeys().createAccessKey(s.account(), "keyed");
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
    s.store.groups().createGroup(s.account(), "analysts", "/team/");
    s.store.roles().createRole(s.account(), "pipeline", "/", null, "{\"Version\":\"2012-10-17\",\"Statement\":[]}", null);
    s.store.users().createUser(s.account(), "carol", "/", java.util.Map.of());
    HttpClient c = ConsoleServer.client();
    String csrf = s.signInRoot(c);
    assertThat(s.get(c, "/console/groups").body()).contains("analysts").contains(":group/team/analysts");
    assertThat(s.get(c, "/console/roles").body()).contains("pipeline").contains(":role/pipeline");
    HttpResponse<String> bad = s.post(c, "/console/users/carol/inline", "application/x-www-form-urlencoded",
        ConsoleServer.form("_csrf", csrf, "policyName", "p", "policyDocument",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\"}]}"));
    assertThat(bad.statusCode()).isEqualTo(400);
    // IAM's own grammar, IAM's message, as PutUserPolicy answers through the API
    assertThat(bad.body()).contains("MalformedPolicyDocument").contains("IAM_RESOURCES_REQUIRED")
        .contains("Policy statement must contain resources.");
    assertThat(s.store.inlinePolicies().inlinePolicies(s.account(), dev.iamlocal.store.EntityType.USER, "carol")).isEmpty();
    HttpResponse<String> good = s.post(c, "/console/users/carol/inline", "application/x-www-form-urlencoded",
        ConsoleServer.form("_csrf", csrf, "policyName", "p", "policyDocument",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}"));
    assertThat(good.statusCode()).isEqualTo(302);
    assertThat(s.get(c, "/console/users/carol").body()).contains("s3:GetObject");
  }

  @Test
  void theDecisionLogListsACallMadeThroughTheApiWithItsReasonAndFiltersByDecision() throws Exception {
    s.store.users().createUser(s.account(), "dora", "/", java.util.Map.of());
    var key = s.store.accessKeys().createAccessKey(s.account(), "dora");
    try (var iam = software.amazon.awssdk.services.iam.IamClient.builder()
        .endpointOverride(java.net.URI.create(s.server.endpoint()))
        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
        .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(key.accessKeyId(), key.secret())))
        .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1))).build()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> iam.listRoles())
          .hasMessageContaining("not authorized to perform: iam:ListRoles");
    }
    String dora = "arn:aws:iam::" + s.account() + ":user/dora";
    HttpClient c = ConsoleServer.client();
    s.signInRoot(c);
    HttpResponse<String> page = s.get(c, "/console/decisions?principal=" + java.net.URLEncoder.encode(dora,
        java.nio.charset.StandardCharsets.UTF_8));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("href=\"/console/decisions\" aria-current=\"page\"")
        .contains("<td class=\"action\">iam:ListRoles</td>").contains("decision-row implicitDeny")
        .contains("no identity-based policy allows the iam:ListRoles action")
        .contains("<dt>aws:username</dt><dd>dora</dd>");

    // the filter by decision: only allowed rows, so dora's deny is gone
    String allowed = s.get(c, "/console/decisions?decision=allowed").body();
    // (the root user's own console calls are logged too, as CloudTrail logs the root user's: dora is not there)
    assertThat(allowed).contains("<table id=\"decisions\"").doesNotContain("decision-row implicitDeny")
        .doesNotContain("<td class=\"arn\">" + dora + "</td>");
    assertThat(s.get(c, "/console/decisions?decision=denied").body()).contains("iam:ListRoles</td>");
    assertThat(s.get(c, "/console/decisions?decision=maybe").statusCode()).isEqualTo(400);

    // following the log: nothing after the newest shown, then the next call of dora's
    String denied = s.get(c, "/console/decisions?decision=denied").body();
    int at = denied.indexOf("data-last=\"") + 11;
    String last = denied.substring(at, denied.indexOf('"', at));
    assertThat(last).isNotEmpty();
    assertThat(s.get(c, "/console/api/decisions?decision=denied&after=" + last).body())
        .contains("\"decisions\":[]").contains("\"last\":\"" + last + "\"");
    var second = s.store.accessKeys().createAccessKey(s.account(), "dora");
    HttpClient other = ConsoleServer.client();
    s.post(other, "/console/signin", "application/x-www-form-urlencoded",
        ConsoleServer.form("accessKeyId", second.accessKeyId(), "secretAccessKey", second.secret()));
    // dora has no policies: the decision log itself is denied to her, with AWS's message ...
    assertThat(s.get(other, "/console/decisions").body()).contains("AccessDenied")
        .contains(dora + " is not authorized to perform: iam:SimulatePrincipalPolicy on resource: *")
        .doesNotContain("<table id=\"decisions\"");
    assertThat(s.get(other, "/console/api/decisions").statusCode()).isEqualTo(403);
    // ... and those two denials are new entries for the root's poll, oldest first
    String next = s.get(c, "/console/api/decisions?decision=denied&after=" + last).body();
    assertThat(next).contains("iam:SimulatePrincipalPolicy").doesNotContain("iam:ListRoles");
    assertThat(next.split("\"id\":", -1)).hasSize(3);
  }
}
