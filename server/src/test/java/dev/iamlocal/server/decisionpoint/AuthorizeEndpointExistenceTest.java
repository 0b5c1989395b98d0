package dev.iamlocal.server.decisionpoint;

import dev.iamlocal.server.AuthorizeCalls;
import dev.iamlocal.server.ServerFixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Hole 9: {@code POST /v1/authorize} must not tell a caller without iam:SimulatePrincipalPolicy
 * which principals exist. It is authorized before the principal is looked up, as
 * SimulatePrincipalPolicy is: 403 for a missing principal as for an existing one.
 */
class AuthorizeEndpointExistenceTest extends ServerFixture {

  static final ObjectMapper JSON = new ObjectMapper();
  AwsCredentialsIdentity nosy;
  AwsCredentialsIdentity asker;

  @BeforeAll
  void principals() {
    root.createUser(r -> r.userName("target"));
    root.createRole(r -> r.roleName("target-role").path("/team/")
        .assumeRolePolicyDocument(trust("arn:aws:iam::" + acct() + ":root")));
    // may read users, but not ask the decision point about anyone
    AwsBasicCredentials n = userWithPolicy("nosy", allow("iam:GetUser", "*"));
    nosy = AwsCredentialsIdentity.create(n.accessKeyId(), n.secretAccessKey());
    AwsBasicCredentials a = userWithPolicy("asker", allow("iam:SimulatePrincipalPolicy", "*"));
    asker = AwsCredentialsIdentity.create(a.accessKeyId(), a.secretAccessKey());
  }

  @Test
  void hole09_withoutPermissionTheAnswerIs403WhetherOrNotThePrincipalExists() throws Exception {
    String p = "arn:aws:iam::" + acct() + ":";
    String[][] pairs = {
        {p + "user/target", p + "user/ghost"},
        {p + "role/team/target-role", p + "role/team/ghost"},
        {"arn:aws:sts::" + acct() + ":assumed-role/target-role/s", "arn:aws:sts::" + acct() + ":assumed-role/ghost/s"},
    };
    for (String[] pair : pairs) {
      HttpResponse<String> existing = post(nosy, pair[0]);
      HttpResponse<String> missing = post(nosy, pair[1]);
      for (HttpResponse<String> r : java.util.List.of(existing, missing)) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        JsonNode error = JSON.readTree(r.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("AccessDenied");
        assertThat(error.get("message").asText()).startsWith("User: " + p + "user/nosy is not authorized to perform:"
            + " iam:SimulatePrincipalPolicy on resource: ");
      }
    }
  }

  @Test
  void hole09_aCallerWithThePermissionStillLearnsWhatDoesNotExist() throws Exception {
    String p = "arn:aws:iam::" + acct() + ":";
    assertThat(post(asker, p + "user/target").statusCode()).isEqualTo(200);
    HttpResponse<String> missing = post(asker, p + "user/ghost");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(missing.body()).get("error").get("code").asText()).isEqualTo("NoSuchEntity");
    assertThat(post(asker, "arn:aws:sts::" + acct() + ":assumed-role/target-role/s").statusCode()).isEqualTo(200);
    assertThat(post(asker, "arn:aws:sts::" + acct() + ":assumed-role/ghost/s").statusCode()).isEqualTo(404);
  }

  private HttpResponse<String> post(AwsCredentialsIdentity who, String principal) throws Exception {
    return AuthorizeCalls.post(server.endpoint(), who, JSON.writeValueAsBytes(Map.of("principal", principal,
        "action", "s3:GetObject", "resource", "*")));
  }
}
