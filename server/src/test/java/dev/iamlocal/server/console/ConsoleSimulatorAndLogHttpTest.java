package dev.iamlocal.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamlocal.store.EntityType;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator's choices (policies left out, the boundary toggled, typed context values, where a
 * policy comes from, CSV and JSON export) and the decision log's substring filters, hidden root
 * calls and the "why not" of a denial.
 */
class ConsoleSimulatorAndLogHttpTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static ConsoleServer s;
  static HttpClient root;
  static String csrf;

  @BeforeAll
  static void start() throws Exception {
    s = new ConsoleServer(dir);
    root = ConsoleServer.client();
    csrf = s.signInRoot(root);
    String acct = s.account();
    s.store.users().createUser(acct, "sim", "/", Map.of());
    s.store.groups().createGroup(acct, "viewers", "/");
    s.store.groups().addUserToGroup(acct, "viewers", "sim");
    s.store.policies().attachPolicy(acct, EntityType.GROUP, "viewers", "arn:aws:iam::aws:policy/AmazonSageMakerReadOnly");
    s.store.inlinePolicies().putInlinePolicy(acct, EntityType.USER, "sim", "lister",
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"FewKeys\",\"Effect\":\"Allow\",\"Action\":\"s3:ListBucket\","
            + "\"Resource\":\"*\",\"Condition\":{\"NumericLessThan\":{\"s3:max-keys\":\"10\"}}}]}");
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  private HttpResponse<String> api(String path, String body) throws Exception {
    return s.post(root, path, "application/json", body, "X-CSRF-Token", csrf);
  }

  /** Sets (or with "" removes) sim's boundary through the console, PutUserPermissionsBoundary. */
  private int boundary(String arn) throws Exception {
    return s.post(root, "/console/users/sim/boundary", "application/x-www-form-urlencoded",
        ConsoleServer.form("_csrf", csrf, "policyArn", arn)).statusCode();
  }

  private String decision(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).path("results").get(0).path("decision").asText();
  }

  @Test
  void policiesAreListedWithTheirGroupAndCanBeLeftOutAndTheBoundaryToggled() throws Exception {
    JsonNode keys = JSON.readTree(api("/console/api/context-keys", "{\"principal\":\"user/sim\"}").body());
    JsonNode group = null;
    for (JsonNode p : keys.path("policies")) {
      if (p.path("id").asText().equals("AmazonSageMakerReadOnly")) {
        group = p;
      }
    }
    assertThat(group).isNotNull();
    assertThat(group.path("via").toString()).isEqualTo("[\"viewers\"]");
    assertThat(group.has("text")).isFalse();
    String run = "{\"principal\":\"user/sim\",\"actions\":[\"sagemaker:ListEndpoints\"],\"resources\":[\"*\"]";
    assertThat(decision(api("/console/api/simulate", run + "}"))).isEqualTo("allowed");
    assertThat(decision(api("/console/api/simulate", run + ",\"exclude\":[\"AmazonSageMakerReadOnly\"]}")))
        .isEqualTo("implicitDeny");

    // a boundary that allows only S3 denies SageMaker; with the boundary switched off it is allowed
    assertThat(boundary("arn:aws:iam::aws:policy/IAMReadOnlyAccess")).isEqualTo(302);
    try {
      assertThat(decision(api("/console/api/simulate", run + "}"))).isEqualTo("implicitDeny");
      assertThat(decision(api("/console/api/simulate", run + ",\"boundary\":false}"))).isEqualTo("allowed");
    } finally {
      assertThat(boundary("")).isEqualTo(302);
    }
  }

  @Test
  void contextValuesAreTypedAndResultsExportAsCsvAndJson() throws Exception {
    String run = "{\"principal\":\"user/sim\",\"actions\":[\"s3:ListBucket\"],\"resources\":[\"*\"],"
        + "\"context\":{\"s3:max-keys\":\"%s\"},\"types\":{\"s3:max-keys\":\"%s\"}%s}";
    assertThat(decision(api("/console/api/simulate", run.formatted("5", "numeric", "")))).isEqualTo("allowed");
    assertThat(decision(api("/console/api/simulate", run.formatted("50", "numeric", "")))).isEqualTo("implicitDeny");
    // a value that is no number of the type picked: refused with the simulator's words, not evaluated
    HttpResponse<String> bad = api("/console/api/simulate", run.formatted("many", "numeric", ""));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("many").contains("number");

    HttpResponse<String> csv = api("/console/api/simulate", run.formatted("5", "numeric", ",\"format\":\"csv\""));
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
    assertThat(csv.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"simulation.csv\"");
    assertThat(csv.body()).isEqualTo("action,resource,decision,decided by\r\ns3:ListBucket,*,allowed,lister FewKeys\r\n");
    HttpResponse<String> json = api("/console/api/simulate", run.formatted("5", "numeric", ",\"format\":\"json\""));
    assertThat(json.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"simulation.json\"");
    assertThat(JSON.readTree(json.body()).path("results").get(0).path("decision").asText()).isEqualTo("allowed");
    // a CSV cell a spreadsheet would run is written as text
    assertThat(SimulatorPages.csv(java.util.List.of(Map.of("action", "=cmd()", "resource", "a,b", "decision", "x",
        "highlights", java.util.List.of())))).endsWith("'=cmd(),\"a,b\",x,\r\n");
  }

  @Test
  void theDecisionLogFiltersBySubstringHidesRootAndExplainsDenials() throws Exception {
    var key = s.store.accessKeys().createAccessKey(s.account(), "sim");
    HttpClient sim = ConsoleServer.client();
    s.post(sim, "/console/signin", "application/x-www-form-urlencoded",
        ConsoleServer.form("accessKeyId", key.accessKeyId(), "secretAccessKey", key.secret()));
    // sim may not list users: a denial in the log
    assertThat(s.get(sim, "/console/users").body()).contains("AccessDenied");
    s.get(root, "/console/users"); // and the root user's own calls

    String page = s.get(root, "/console/decisions?principal=USER%2FSI&action=listusers").body();
    assertThat(page).contains("<td class=\"action\">iam:ListUsers</td>").contains(":user/sim</td>")
        .doesNotContain(":root</td>");
    // the why-not: every statement of sim's policies with the engine's verdict
    assertThat(page).contains("Why not, statement by statement").contains("lister · FewKeys (Allow)")
        .contains("AmazonSageMakerReadOnly");
    String all = s.get(root, "/console/decisions?action=ListUsers").body();
    assertThat(all).contains(":root</td>");
    String noRoot = s.get(root, "/console/decisions?action=ListUsers&hideRoot=1").body();
    assertThat(noRoot).doesNotContain(":root</td>").contains(":user/sim</td>").contains("id=\"fHideRoot\" name=\"hideRoot\""
        + " value=\"1\" checked");
    // a filter that is markup stays text
    assertThat(s.get(root, "/console/decisions?resource=%3Cscript%3E").body()).doesNotContain("<script>")
        .contains("&lt;script&gt;");
  }
}
