package dev.iamlocal.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's proofs over HTTP: the symbolic access matrix (ALWAYS / NEVER / CONDITIONAL cells with
 * their condition) and the policy editor's "what changes" panel ({@code /console/api/diff}).
 */
class ConsoleProofsTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String SEED_21 = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sagemaker:*\","
      + "\"Resource\":\"*\"},{\"Effect\":\"Deny\",\"Action\":\"sagemaker:*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":"
      + "{\"sagemaker:ResourceTag/Project\":\"B\"}}},{\"Effect\":\"Deny\",\"Action\":[\"sagemaker:AddTags\","
      + "\"sagemaker:DeleteTags\"],\"Resource\":\"*\"}]}";

  @TempDir static Path dir;
  static ConsoleServer s;
  static HttpClient c;
  static String csrf;

  @BeforeAll
  static void start() throws Exception {
    s = new ConsoleServer(dir);
    c = ConsoleServer.client();
    csrf = s.signInRoot(c);
    s.store.users().createUser(s.account(), "dev1", "/", java.util.Map.of());
    s.store.inlinePolicies().putInlinePolicy(s.account(), dev.iamlocal.store.EntityType.USER, "dev1", "team", SEED_21);
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  JsonNode api(String path, ObjectNode body) throws Exception {
    HttpResponse<String> r = s.post(c, path, "application/json", body.toString(), "X-CSRF-Token", csrf);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  @Test
  void theProvedMatrixShowsConditionalCellsWithTheirCondition() throws Exception {
    ObjectNode body = JSON.createObjectNode().put("service", "sagemaker").put("symbolic", true);
    body.putArray("principals").add("user/dev1");
    String job = api("/console/api/matrix", body).get("job").asText();
    JsonNode r;
    do {
      Thread.sleep(100);
      r = JSON.readTree(s.get(c, "/console/api/matrix/" + job).body());
    } while (!r.get("finished").asBoolean());
    assertThat(r.get("symbolic").asBoolean()).isTrue();
    java.util.List<String> actions = new java.util.ArrayList<>();
    r.get("actions").forEach(a -> actions.add(a.asText()));
    JsonNode row = r.get("rows").get(0);
    String cells = row.get("cells").asText();
    int addTags = actions.indexOf("sagemaker:AddTags");
    int describe = actions.indexOf("sagemaker:DescribeModel");
    assertThat(cells.charAt(addTags)).isEqualTo('N');
    assertThat(cells.charAt(describe)).isEqualTo('C');
    JsonNode d = row.get("details").get(Integer.toString(describe));
    assertThat(d.get("condition").asText()).isEqualTo("unless sagemaker:ResourceTag/Project = B");
    assertThat(d.get("denied").get("context").get("sagemaker:ResourceTag/Project").asText()).isEqualTo("B");
    assertThat(d.get("allowed").get("action").asText()).isEqualTo("sagemaker:DescribeModel");
    // the CSV names the condition
    String csv = s.get(c, "/console/api/matrix/" + job + "/csv").body();
    assertThat(csv).contains("sagemaker:DescribeModel,conditional: unless sagemaker:ResourceTag/Project = B\r\n")
        .contains("sagemaker:AddTags,never\r\n");
  }

  @Test
  void whatChangesListsAddedAndRemovedAccessByServiceAndLevel() throws Exception {
    String old = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\","
        + "\"s3:PutObject\"],\"Resource\":\"*\"}]}";
    String nw = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\","
        + "\"s3:ListBucket\"],\"Resource\":\"*\"}]}";
    JsonNode r = api("/console/api/diff", JSON.createObjectNode().put("old", old).put("new", nw).put("kind", "identity"));
    assertThat(r.get("addedCount").asInt()).isEqualTo(1);
    assertThat(r.get("removedCount").asInt()).isEqualTo(1);
    JsonNode added = r.get("added").get(0);
    assertThat(added.get("service").asText()).isEqualTo("s3");
    assertThat(added.get("level").asText()).isEqualTo("List");
    assertThat(added.get("items").get(0).get("actions").get(0).asText()).isEqualTo("s3:ListBucket");
    assertThat(r.get("removed").get(0).get("level").asText()).isEqualTo("Write");

    HttpResponse<String> bad = s.post(c, "/console/api/diff", "application/json",
        JSON.createObjectNode().put("old", "{").put("new", nw).toString(), "X-CSRF-Token", csrf);
    assertThat(bad.statusCode()).isEqualTo(400);
    HttpResponse<String> noCsrf = s.post(c, "/console/api/diff", "application/json",
        JSON.createObjectNode().put("old", old).put("new", nw).toString());
    assertThat(noCsrf.statusCode()).isEqualTo(403);
  }
}
