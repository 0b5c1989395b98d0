package dev.iamlocal.server.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamlocal.server.RawCalls;
import dev.iamlocal.server.ServerFixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * How AWS's Query reader takes numbers, booleans and list indices, as the stackd project recorded it
 * against real IAM and STS (radkawar/stackd, testdata/aws/iam/query_collections.json,
 * credential_inputs.json, pagination_inputs.json and testdata/aws/sts/query_inputs.json, retrieved
 * 2026-09-12; the facts are copied into {@code src/test/resources/stackd/}). Each recorded case is one
 * row, replayed as a signed raw Query request so that exactly the recorded text reaches the server.
 */
class StackdQueryInputsSdkTest extends ServerFixture {

  static final ObjectMapper JSON = new ObjectMapper();

  /** One of the copied recordings. */
  static JsonNode recording(String name) {
    try (InputStream in = StackdQueryInputsSdkTest.class.getResourceAsStream("/stackd/" + name)) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The rows of {@code list} in the recording {@code file}, named by {@code label}. */
  static Stream<Arguments> rows(String file, String list, String label) {
    List<Arguments> out = new ArrayList<>();
    recording(file).path(list).forEach(r -> out.add(Arguments.of(r.path(label).asText(), r)));
    return out.stream();
  }

  /** A raw, signed Query request: {@code params} form-encoded in their order. */
  HttpResponse<String> query(AwsCredentialsIdentity who, String service, Map<String, String> params) throws Exception {
    StringBuilder form = new StringBuilder();
    params.forEach((k, v) -> form.append(form.length() == 0 ? "" : "&").append(enc(k)).append('=').append(enc(v)));
    return RawCalls.query(server.endpoint(), who, "us-east-1", service, form.toString());
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** The code of an answer: Success for a 200, the error's code otherwise. */
  static String code(HttpResponse<String> r) {
    if (r.statusCode() == 200) {
      return "Success";
    }
    return element(r.body(), "Code");
  }

  static String element(String xml, String name) {
    Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
    return m.find() ? m.group(1).replace("&apos;", "'").replace("&quot;", "\"").replace("&lt;", "<")
        .replace("&gt;", ">").replace("&amp;", "&") : null;
  }

  static int count(String xml, String element) {
    Matcher m = Pattern.compile("<" + element + ">").matcher(xml);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  private AwsBasicCredentials rootCreds;
  private AwsBasicCredentials credentialUser;
  private AwsBasicCredentials conditionUser;
  private AwsBasicCredentials plainUser;

  @BeforeAll
  void setUp() {
    rootCreds = AwsBasicCredentials.create(boot.rootKey().accessKeyId(), boot.rootKey().secret());
    // credential_inputs: an owned user allowed its own service-specific credentials only
    credentialUser = userWithPolicy("stackd-cred", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
        + "\"Action\":[\"iam:CreateServiceSpecificCredential\",\"iam:ListServiceSpecificCredentials\","
        + "\"iam:DeleteServiceSpecificCredential\"],\"Resource\":\"arn:aws:iam::" + acct() + ":user/stackd-cred\"}]}");
    // condition_inputs: the same, held by a condition on the credential's age
    conditionUser = userWithPolicy("stackd-cond", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
        + "\"Action\":\"iam:CreateServiceSpecificCredential\",\"Resource\":\"arn:aws:iam::" + acct()
        + ":user/stackd-cond\",\"Condition\":{\"NumericLessThanEquals\":{\"iam:ServiceSpecificCredentialAgeDays\":\"1\"}}},"
        + "{\"Effect\":\"Allow\",\"Action\":\"iam:DeleteServiceSpecificCredential\",\"Resource\":\"arn:aws:iam::"
        + acct() + ":user/stackd-cond\"}]}");
    // sts/query_inputs: an owned user without permission policies
    plainUser = userWithPolicy("stackd-plain", null);
  }

  // ---------------------------------------------------------------- query_collections.json

  static Stream<Arguments> listIndices() {
    return rows("query_collections.json", "observations", "case");
  }

  @ParameterizedTest(name = "PolicyInputList.member.{0}")
  @MethodSource("listIndices")
  void listIndicesAreReadAsAwsReadsThem(String name, JsonNode row) throws Exception {
    String policy = recording("query_collections.json").path("policy").asText();
    Map<String, String> p = new LinkedHashMap<>();
    p.put("Action", "GetContextKeysForCustomPolicy");
    p.put("Version", "2010-05-08");
    row.path("indices").forEach(i -> p.put("PolicyInputList.member." + i.asText(), policy));
    HttpResponse<String> r = query(rootCreds, "iam", p);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(row.path("http_status").asInt());
    assertThat(code(r)).isEqualTo(row.path("code").asText());
    if (row.has("message")) {
      assertThat(element(r.body(), "Message")).isEqualTo(row.path("message").asText());
    } else {
      assertThat(count(r.body(), "member")).isEqualTo(row.path("context_keys").size());
    }
  }

  // ---------------------------------------------------------------- credential_inputs.json

  static Stream<Arguments> ageDays() {
    return rows("credential_inputs.json", "numeric_inputs", "value");
  }

  static Stream<Arguments> ageDaysUnderCondition() {
    return rows("credential_inputs.json", "condition_inputs", "value");
  }

  static Stream<Arguments> allUsers() {
    return rows("credential_inputs.json", "boolean_inputs", "value");
  }

  @ParameterizedTest(name = "CredentialAgeDays ''{0}''")
  @MethodSource("ageDays")
  void credentialAgeDays(String value, JsonNode row) throws Exception {
    createCredential(credentialUser, "stackd-cred", value, row);
  }

  @ParameterizedTest(name = "CredentialAgeDays ''{0}'' under a condition")
  @MethodSource("ageDaysUnderCondition")
  void credentialAgeDaysUnderACondition(String value, JsonNode row) throws Exception {
    createCredential(conditionUser, "stackd-cond", value, row);
  }

  private void createCredential(AwsBasicCredentials who, String user, String value, JsonNode row) throws Exception {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("Action", "CreateServiceSpecificCredential");
    p.put("Version", "2010-05-08");
    p.put("UserName", user);
    p.put("ServiceName", "bedrock.amazonaws.com");
    p.put("CredentialAgeDays", value);
    HttpResponse<String> r = query(who, "iam", p);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(row.path("http_status").asInt());
    assertThat(code(r)).isEqualTo(row.path("code").asText());
    if (r.statusCode() == 200) {
      Instant created = Instant.parse(element(r.body(), "CreateDate"));
      Instant expires = Instant.parse(element(r.body(), "ExpirationDate"));
      assertThat(expires.getEpochSecond() - created.getEpochSecond()).isEqualTo(row.path("expiration_seconds").asLong());
      // a user holds at most two: each success is removed again, as the recording's cleanup did
      Map<String, String> d = new LinkedHashMap<>();
      d.put("Action", "DeleteServiceSpecificCredential");
      d.put("Version", "2010-05-08");
      d.put("UserName", user);
      d.put("ServiceSpecificCredentialId", element(r.body(), "ServiceSpecificCredentialId"));
      assertThat(query(who, "iam", d).statusCode()).isEqualTo(200);
    }
  }

  @ParameterizedTest(name = "AllUsers ''{0}''")
  @MethodSource("allUsers")
  void allUsersIsABooleanAsAwsReadsIt(String value, JsonNode row) throws Exception {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("Action", "ListServiceSpecificCredentials");
    p.put("Version", "2010-05-08");
    p.put("AllUsers", value);
    HttpResponse<String> r = query(credentialUser, "iam", p);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(row.path("http_status").asInt());
    assertThat(code(r)).isEqualTo(row.path("code").asText());
  }

  // ---------------------------------------------------------------- sts/query_inputs.json

  static Stream<Arguments> sessionDurations() {
    return rows("sts_query_inputs.json", "observations", "value");
  }

  @ParameterizedTest(name = "DurationSeconds ''{0}''")
  @MethodSource("sessionDurations")
  void getSessionTokenDuration(String value, JsonNode row) throws Exception {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("Action", "GetSessionToken");
    p.put("Version", "2011-06-15");
    p.put("DurationSeconds", value);
    HttpResponse<String> r = query(plainUser, "sts", p);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(row.path("http_status").asInt());
    assertThat(code(r)).isEqualTo(row.path("code").asText());
  }

  // ---------------------------------------------------------------- pagination_inputs.json

  @Test
  void paginationInputs() throws Exception {
    JsonNode rec = recording("pagination_inputs.json");
    String path = "/stackd-pages/";
    for (String u : List.of("stackd-page-a", "stackd-page-b", "stackd-page-c")) {
      root.createUser(r -> r.userName(u).path(path));
    }
    root.tagUser(r -> r.userName("stackd-page-a").tags(
        software.amazon.awssdk.services.iam.model.Tag.builder().key("k1").value("v").build(),
        software.amazon.awssdk.services.iam.model.Tag.builder().key("k2").value("v").build(),
        software.amazon.awssdk.services.iam.model.Tag.builder().key("k3").value("v").build()));
    for (int i = 0; i < 2; i++) {
      root.createServiceSpecificCredential(r -> r.userName("stackd-page-a").serviceName("codecommit.amazonaws.com"));
    }
    Map<String, String> markers = new HashMap<>();
    Map<String, List<String>> seen = new HashMap<>();
    for (JsonNode row : rec.path("observations")) {
      String op = row.path("operation").asText();
      Map<String, String> p = new LinkedHashMap<>();
      p.put("Action", op);
      p.put("Version", "2010-05-08");
      Iterator<Map.Entry<String, JsonNode>> it = row.path("query").fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        String v = e.getValue().asText().replace("<path>", path).replace("<user-a>", "stackd-page-a");
        if (v.equals("<marker>")) {
          v = markers.get(row.path("marker_source").asText());
        }
        p.put(e.getKey(), v);
      }
      HttpResponse<String> r = query(rootCreds, "iam", p);
      String name = row.path("case").asText();
      assertThat(r.statusCode()).as(name + ": " + r.body()).isEqualTo(row.path("http_status").asInt());
      assertThat(code(r)).as(name).isEqualTo(row.path("code").asText());
      if (r.statusCode() != 200) {
        continue;
      }
      String item = switch (op) {
        case "ListUsers" -> "UserId";
        case "ListUserTags" -> "Key";
        default -> "ServiceSpecificCredentialId";
      };
      List<String> items = new ArrayList<>();
      Matcher m = Pattern.compile("<" + item + ">([^<]*)</" + item + ">").matcher(r.body());
      while (m.find()) {
        items.add(m.group(1));
      }
      assertThat(items).as(name).hasSize(row.path("count").asInt());
      assertThat(element(r.body(), "IsTruncated")).as(name).isEqualTo(String.valueOf(row.path("is_truncated").asBoolean()));
      if (row.has("marker_source")) {
        assertThat(items).as(name + " overlaps its first page").doesNotContainAnyElementsOf(
            seen.get(row.path("marker_source").asText()));
      }
      seen.put(name, items);
      if (row.path("is_truncated").asBoolean()) {
        markers.put(name, element(r.body(), "Marker"));
      }
    }
  }
}
