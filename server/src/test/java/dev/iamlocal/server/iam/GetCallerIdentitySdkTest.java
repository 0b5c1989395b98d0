package dev.iamlocal.server.iam;

import dev.iamlocal.server.AuthorizeCalls;
import dev.iamlocal.server.authz.IamAuthorization;
import dev.iamlocal.server.ServerFixture;
import dev.iamlocal.server.authz.Subjects;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamlocal.store.DecisionStore;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Hole 16 on every server surface: "No permissions are required to perform this operation. If an
 * administrator attaches a policy to your identity that explicitly denies access to the
 * sts:GetCallerIdentity action, you can still perform this operation." (STS API reference). The
 * STS endpoint, the simulator and {@code /v1/authorize} all take the engine's answer.
 */
class GetCallerIdentitySdkTest extends ServerFixture {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DENY_ALL = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
      + "\"Action\":\"*\",\"Resource\":\"*\"}]}";

  @Test
  void hole16_getCallerIdentityIsAllowedUnderAnExplicitDenyOnEverySurface() throws Exception {
    AwsBasicCredentials denied = userWithPolicy("gci-denied", DENY_ALL);
    String user = "arn:aws:iam::" + acct() + ":user/gci-denied";

    // the STS endpoint answers (as it did), and now through the engine: the decision is logged
    assertThat(sts(denied).getCallerIdentity().arn()).isEqualTo(user);
    server.decisions().flush();
    var logged = server.decisions().store().query(new DecisionStore.Query(acct(), user, "sts:GetCallerIdentity", null, null,
        null, 10));
    assertThat(logged).singleElement().satisfies(rec -> {
      assertThat(rec.decision()).isEqualTo("allowed");
      assertThat(rec.reason()).startsWith("sts:GetCallerIdentity requires no permissions");
    });

    // the simulator
    var result = root.simulatePrincipalPolicy(r -> r.policySourceArn(user)
        .actionNames("sts:GetCallerIdentity", "sts:GetFederationToken")).evaluationResults();
    assertThat(result.get(0).evalDecisionAsString()).isEqualTo("allowed");
    assertThat(result.get(0).matchedStatements()).isEmpty();
    assertThat(result.get(1).evalDecisionAsString()).isEqualTo("explicitDeny");

    // the decision point, with the reason and a note in the explanation
    HttpResponse<String> r = AuthorizeCalls.post(server.endpoint(),
        AwsCredentialsIdentity.create(boot.rootKey().accessKeyId(), boot.rootKey().secret()),
        JSON.writeValueAsBytes(Map.of("principal", user, "action", "sts:GetCallerIdentity", "resource", "*")));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode d = JSON.readTree(r.body());
    assertThat(d.get("decision").asText()).isEqualTo("allowed");
    assertThat(d.get("blockedBy").isNull()).isTrue();
    assertThat(d.get("reason").asText()).startsWith("sts:GetCallerIdentity requires no permissions");
    assertThat(d.get("notes").toString()).contains("requires no permissions");

    // the console's check (the same ApiSupport the Query API uses)
    assertThat(new IamAuthorization(new Subjects(store), null, clock()).denial(acct(), "gci-denied", null, null,
        "sts:GetCallerIdentity", "*", Map.of())).isEmpty();
  }
}
