package dev.iamlocal.server.decisionpoint;

import dev.iamlocal.server.AuthorizeCalls;
import dev.iamlocal.server.ServerFixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/**
 * Second probe, finding 8: {@code /v1/authorize} answered "allowed" for an empty action, for
 * {@code *} and for a 100,000-character one, and took any region or resource account. What a
 * request can name is now held to what SimulatePrincipalPolicy takes.
 */
class AuthorizeInputTest extends ServerFixture {

  private static final ObjectMapper JSON = new ObjectMapper();

  private HttpResponse<String> ask(Map<String, Object> extra) throws Exception {
    Map<String, Object> body = new LinkedHashMap<>(Map.of("principal", "arn:aws:iam::" + acct() + ":root",
        "action", "s3:GetObject", "resource", "*"));
    body.putAll(extra);
    return AuthorizeCalls.post(server.endpoint(), AwsBasicCredentials.create(boot.rootKey().accessKeyId(),
        boot.rootKey().secret()), JSON.writeValueAsBytes(body));
  }

  @Test
  void probe2_meaninglessInputIsAValidationErrorNotAnAnswer() throws Exception {
    root.createUser(r -> r.userName("any"));
    String user = "arn:aws:iam::" + acct() + ":user/any";
    for (Map<String, Object> bad : java.util.List.<Map<String, Object>>of(
        Map.of("principal", user, "action", ""), Map.of("principal", user, "action", "*"),
        Map.of("principal", user, "action", "s3:Get*"), Map.of("principal", user, "action", "s3:" + "A".repeat(200)),
        Map.of("principal", user, "resource", ""), Map.of("principal", user, "region", "../../etc"),
        Map.of("principal", user, "resourceAccount", "x"), Map.of("principal", user, "explain", "yes"))) {
      HttpResponse<String> r = ask(bad);
      assertThat(r.statusCode()).as(bad + ": " + r.body()).isEqualTo(400);
      assertThat(JSON.readTree(r.body()).at("/error/code").asText()).isEqualTo("ValidationError");
    }
    HttpResponse<String> ok = ask(Map.of("principal", user, "region", "eu-west-1", "resourceAccount", acct(),
        "explain", false));
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
  }

  private HttpResponse<String> askRaw(String body) throws Exception {
    return AuthorizeCalls.post(server.endpoint(), AwsBasicCredentials.create(boot.rootKey().accessKeyId(),
        boot.rootKey().secret()), body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /**
   * Fifth probe: text after the object was ignored, and a name given twice counted once (the last), so
   * the decision depended on which one a reader keeps. Now each is a ValidationError.
   */
  @Test
  void probe5_aNameTwiceOrTextAfterTheObjectIsAValidationError() throws Exception {
    root.createUser(r -> r.userName("twice"));
    String q = "\"principal\":\"arn:aws:iam::" + acct() + ":user/twice\",\"action\":\"s3:GetObject\",\"resource\":\"*\"";
    assertThat(askRaw("{" + q + "}").statusCode()).isEqualTo(200);
    for (String bad : java.util.List.of(
        "{" + q + "}xyz", "{" + q + "}{\"principal\":\"x\"}", "{" + q + "}]]]", "{" + q + "},",
        "{" + q + ",\"action\":\"s3:PutObject\"}",
        "{" + q + ",\"context\":{\"s3:prefix\":\"ab\",\"s3:prefix\":\"evil\"}}",
        "{" + q + ",\"context\":{\"s3:prefix\":\"ab\",\"S3:Prefix\":\"evil\"}}")) {
      HttpResponse<String> r = askRaw(bad);
      assertThat(r.statusCode()).as(bad + ": " + r.body()).isEqualTo(400);
      assertThat(JSON.readTree(r.body()).at("/error/code").asText()).as(bad).isEqualTo("ValidationError");
    }
    HttpResponse<String> twice = askRaw("{" + q + ",\"context\":{\"s3:prefix\":\"ab\",\"S3:Prefix\":\"evil\"}}");
    assertThat(JSON.readTree(twice.body()).at("/error/message").asText()).contains("S3:Prefix").contains("twice");
  }
}
