package dev.iamlocal.server.decisionlog;

import dev.iamlocal.server.IamServer;
import dev.iamlocal.server.ServerFixture;
import dev.iamlocal.server.auth.SigV4Signer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamlocal.store.AccessKey;
import dev.iamlocal.store.Account;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/**
 * Hole 1: {@code GET /v1/decisions} answered anyone, for every account. It now takes a SigV4
 * signature, {@code iam:SimulatePrincipalPolicy} on {@code *}, and answers the caller's account only.
 */
public class DecisionsEndpointTest extends ServerFixture {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A signed {@code GET} of {@code pathAndQuery} with these credentials (null secret: unsigned). */
  public static HttpResponse<String> signedGet(IamServer server, String keyId, String secret, String token,
      String pathAndQuery) throws Exception {
    URI uri = URI.create(server.endpoint() + pathAndQuery);
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET();
    if (secret != null) {
      Map<String, String> h = SigV4Signer.sign("GET", uri.getHost() + ":" + uri.getPort(), uri.getRawPath(),
          uri.getRawQuery(), new byte[0], keyId, secret, token, "us-east-1", "iam", Instant.now());
      h.forEach(b::header);
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void hole01_decisionLogNeedsASignature() throws Exception {
    root.listUsers();
    HttpResponse<String> r = signedGet(server, null, null, null, "/v1/decisions");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(r.body()).at("/error/code").asText()).isEqualTo("MissingAuthenticationToken");
    assertThat(r.body()).doesNotContain("iam:ListUsers");

    HttpResponse<String> forged = signedGet(server, boot.rootKey().accessKeyId(), "not-the-secret", null,
        "/v1/decisions");
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(forged.body()).at("/error/code").asText()).isEqualTo("SignatureDoesNotMatch");
  }

  @Test
  void hole01_decisionLogNeedsSimulatePrincipalPolicyOnEverything() throws Exception {
    AwsBasicCredentials reader = userWithPolicy("log-reader", allow("iam:SimulatePrincipalPolicy", "*"));
    AwsBasicCredentials narrow = userWithPolicy("log-narrow",
        allow("iam:SimulatePrincipalPolicy", "arn:aws:iam::" + acct() + ":user/log-narrow"));
    AwsBasicCredentials nobody = userWithPolicy("log-nobody", null);

    HttpResponse<String> denied = signedGet(server, nobody.accessKeyId(), nobody.secretAccessKey(), null,
        "/v1/decisions");
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(denied.body()).at("/error/code").asText()).isEqualTo("AccessDenied");
    assertThat(JSON.readTree(denied.body()).at("/error/message").asText())
        .contains("not authorized to perform: iam:SimulatePrincipalPolicy on resource: *");

    assertThat(signedGet(server, narrow.accessKeyId(), narrow.secretAccessKey(), null, "/v1/decisions").statusCode())
        .isEqualTo(403);
    HttpResponse<String> ok = signedGet(server, reader.accessKeyId(), reader.secretAccessKey(), null,
        "/v1/decisions?decision=denied");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(ok.body()).get("decisions")).extracting(n -> n.get("principal").asText())
        .contains("arn:aws:iam::" + acct() + ":user/log-nobody");
  }

  @Test
  void hole01_decisionLogAnswersTheCallersAccountOnly() throws Exception {
    Account other = store.accounts().createAccount();
    AccessKey otherRoot = store.accessKeys().createAccessKey(other.accountId(), null);
    root.listUsers(); // a decision of this account
    var otherIam = iam(AwsBasicCredentials.create(otherRoot.accessKeyId(), otherRoot.secret()));
    otherIam.listRoles(); // and one of the other

    JsonNode mine = JSON.readTree(signedGet(server, boot.rootKey().accessKeyId(), boot.rootKey().secret(), null,
        "/v1/decisions?limit=10000").body());
    // each one is this account's principal's, or a call on this account's resource (probe finding F7)
    assertThat(mine.get("decisions")).isNotEmpty().allSatisfy(n -> assertThat(n.get("principal").asText() + " "
        + n.get("resource").asText()).contains(":" + acct() + ":"));
    JsonNode theirs = JSON.readTree(signedGet(server, otherRoot.accessKeyId(), otherRoot.secret(), null,
        "/v1/decisions?limit=10000").body());
    assertThat(theirs.get("decisions")).isNotEmpty().allSatisfy(n -> assertThat(n.get("principal").asText() + " "
        + n.get("resource").asText()).contains(":" + other.accountId() + ":"));
    // asking for the other account's principal by name finds nothing either
    JsonNode asked = JSON.readTree(signedGet(server, boot.rootKey().accessKeyId(), boot.rootKey().secret(), null,
        "/v1/decisions?principal=arn:aws:iam::" + other.accountId() + ":root").body());
    assertThat(asked.get("decisions")).isEmpty();
  }

  @Test
  void probeF7_aCrossAccountCallIsInTheResourceOwnersLogToo() throws Exception {
    Account other = store.accounts().createAccount();
    AccessKey otherRoot = store.accessKeys().createAccessKey(other.accountId(), null);
    var otherIam = iam(AwsBasicCredentials.create(otherRoot.accessKeyId(), otherRoot.secret()));
    otherIam.createUser(r -> r.userName("visitor"));
    otherIam.putUserPolicy(r -> r.userName("visitor").policyName("p").policyDocument(allow("sts:AssumeRole", "*")));
    var k = otherIam.createAccessKey(r -> r.userName("visitor")).accessKey();
    String visitor = "arn:aws:iam::" + other.accountId() + ":user/visitor";
    // a role of this account that trusts someone else: the visitor is refused by its trust policy
    root.createRole(r -> r.roleName("not-for-visitors").assumeRolePolicyDocument(trust("arn:aws:iam::" + acct()
        + ":root")));
    String role = "arn:aws:iam::" + acct() + ":role/not-for-visitors";
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> sts(AwsBasicCredentials.create(k.accessKeyId(),
        k.secretAccessKey())).assumeRole(r -> r.roleArn(role).roleSessionName("visit")))
        .hasMessageContaining("not authorized to perform: sts:AssumeRole");

    String q = "/v1/decisions?action=sts:AssumeRole&principal=" + java.net.URLEncoder.encode(visitor,
        java.nio.charset.StandardCharsets.UTF_8);
    JsonNode owner = JSON.readTree(signedGet(server, boot.rootKey().accessKeyId(), boot.rootKey().secret(), null, q)
        .body());
    org.assertj.core.api.Assertions.assertThat(owner.get("decisions")).singleElement()
        .satisfies(n -> org.assertj.core.api.Assertions.assertThat(n.get("resource").asText()).isEqualTo(role));
    org.assertj.core.api.Assertions.assertThat(owner.at("/decisions/0/reason").asText())
        .isEqualTo("the role's trust policy does not allow the sts:AssumeRole action");
    // probe2 finding 3: the caller's account sees the same record for an existing role that refuses
    // it as for a role that does not exist: the outcome, no reason
    String missing = "arn:aws:iam::" + acct() + ":role/no-such-role";
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> sts(AwsBasicCredentials.create(k.accessKeyId(),
        k.secretAccessKey())).assumeRole(r -> r.roleArn(missing).roleSessionName("visit")))
        .hasMessageContaining("not authorized to perform: sts:AssumeRole");
    JsonNode callers = JSON.readTree(signedGet(server, otherRoot.accessKeyId(), otherRoot.secret(), null, q).body());
    org.assertj.core.api.Assertions.assertThat(callers.get("decisions")).hasSize(2).allSatisfy(n -> {
      org.assertj.core.api.Assertions.assertThat(n.get("decision").asText()).isEqualTo("implicitDeny");
      org.assertj.core.api.Assertions.assertThat(n.get("reason").asText()).isEmpty();
      org.assertj.core.api.Assertions.assertThat(n.get("statements")).isEmpty();
    });
    // and the same request context: the refusal of a role that does not exist is logged with the
    // context the engine's refusal has (the call's keys, the network, the caller's global keys)
    JsonNode refused = callers.at("/decisions/0/context");
    JsonNode missingRole = callers.at("/decisions/1/context");
    java.util.List<String> refusedKeys = new java.util.ArrayList<>();
    refused.fieldNames().forEachRemaining(refusedKeys::add);
    java.util.List<String> missingKeys = new java.util.ArrayList<>();
    missingRole.fieldNames().forEachRemaining(missingKeys::add);
    org.assertj.core.api.Assertions.assertThat(missingKeys).containsExactlyInAnyOrderElementsOf(refusedKeys)
        .contains("aws:SourceIp", "sts:RoleSessionName", "aws:PrincipalArn");
    org.assertj.core.api.Assertions.assertThat(missingRole.get("aws:SourceIp")).isEqualTo(refused.get("aws:SourceIp"));
  }
}
