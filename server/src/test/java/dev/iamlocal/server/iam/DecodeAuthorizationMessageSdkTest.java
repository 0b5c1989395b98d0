package dev.iamlocal.server.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamlocal.server.AuthorizeCalls;
import dev.iamlocal.server.ServerFixture;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * A denial of {@code POST /v1/authorize} carries an encoded authorization message (body and
 * header); STS DecodeAuthorizationMessage shows it in AWS's decoded format to callers allowed
 * {@code sts:DecodeAuthorizationMessage}, and refuses what the server did not encode.
 */
class DecodeAuthorizationMessageSdkTest extends ServerFixture {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void denialsCarryAMessageThatDecodesToTheDecision() throws Exception {
    root.createUser(r -> r.userName("denied-dora"));
    root.putUserPolicy(r -> r.userName("denied-dora").policyName("p").policyDocument("{\"Version\":\"2012-10-17\","
        + "\"Statement\":[{\"Sid\":\"NoDelete\",\"Effect\":\"Deny\",\"Action\":\"s3:DeleteObject\",\"Resource\":\"*\"}]}"));
    String body = "{\"principal\":\"arn:aws:iam::" + acct() + ":user/denied-dora\",\"action\":\"s3:DeleteObject\","
        + "\"resource\":\"arn:aws:s3:::bucket/key\"}";
    HttpResponse<String> res = AuthorizeCalls.post(server.endpoint(),
        AwsBasicCredentials.create(boot.rootKey().accessKeyId(), boot.rootKey().secret()),
        body.getBytes(StandardCharsets.UTF_8));
    assertThat(res.statusCode()).isEqualTo(200);
    JsonNode answer = JSON.readTree(res.body());
    assertThat(answer.get("decision").asText()).isEqualTo("explicitDeny");
    String encoded = answer.get("encodedAuthorizationMessage").asText();
    assertThat(res.headers().firstValue("x-iamlocal-encoded-authorization-message")).hasValue(encoded);

    AwsBasicCredentials decoder = userWithPolicy("decoder", allow("sts:DecodeAuthorizationMessage", "*"));
    String decoded = sts(decoder).decodeAuthorizationMessage(r -> r.encodedMessage(encoded)).decodedMessage();
    JsonNode m = JSON.readTree(decoded);
    assertThat(m.get("allowed").asBoolean()).isFalse();
    assertThat(m.get("explicitDeny").asBoolean()).isTrue();
    assertThat(m.at("/matchedStatements/items/0/statementId").asText()).isEqualTo("NoDelete");
    assertThat(m.at("/matchedStatements/items/0/effect").asText()).isEqualTo("DENY");
    assertThat(m.at("/failures/items").isArray()).isTrue();
    assertThat(m.at("/context/principal/arn").asText()).isEqualTo("arn:aws:iam::" + acct() + ":user/denied-dora");
    assertThat(m.at("/context/principal/id").asText()).startsWith("AIDA");
    assertThat(m.at("/context/action").asText()).isEqualTo("s3:DeleteObject");
    assertThat(m.at("/context/resource").asText()).isEqualTo("arn:aws:s3:::bucket/key");
    assertThat(m.at("/context/conditions/items").findValuesAsText("key")).contains("aws:username");

    // without the permission: AccessDenied; an altered or made-up message: InvalidAuthorizationMessageException
    AwsBasicCredentials nobody = userWithPolicy("no-decoder", null);
    assertThatThrownBy(() -> sts(nobody).decodeAuthorizationMessage(r -> r.encodedMessage(encoded)))
        .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorCode())
            .isEqualTo("AccessDenied"));
    char[] c = encoded.toCharArray();
    c[20] = c[20] == 'A' ? 'B' : 'A';
    for (String forged : new String[] {new String(c), "bm90IGEgbWVzc2FnZQ"}) {
      assertThatThrownBy(() -> sts(decoder).decodeAuthorizationMessage(r -> r.encodedMessage(forged)))
          .isInstanceOfSatisfying(StsException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAuthorizationMessageException");
          });
    }
  }

  @Test
  void allowedAnswersCarryNoMessage() throws Exception {
    root.createUser(r -> r.userName("allowed-al"));
    root.putUserPolicy(r -> r.userName("allowed-al").policyName("p").policyDocument(allow("s3:GetObject", "*")));
    HttpResponse<String> res = AuthorizeCalls.post(server.endpoint(),
        AwsBasicCredentials.create(boot.rootKey().accessKeyId(), boot.rootKey().secret()),
        ("{\"principal\":\"arn:aws:iam::" + acct() + ":user/allowed-al\",\"action\":\"s3:GetObject\","
            + "\"resource\":\"arn:aws:s3:::b/k\"}").getBytes(StandardCharsets.UTF_8));
    assertThat(JSON.readTree(res.body()).has("encodedAuthorizationMessage")).isFalse();
    assertThat(res.headers().firstValue("x-iamlocal-encoded-authorization-message")).isEmpty();
  }
}
