package dev.iamlocal.server.decisionpoint;

import dev.iamlocal.server.AuthorizeCalls;
import dev.iamlocal.server.ServerFixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamlocal.store.StsSession;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.PolicyDescriptorType;
import software.amazon.awssdk.services.sts.model.StsException;
import software.amazon.awssdk.services.sts.model.Tag;

/** STS AssumeRole, requests made with session credentials, and POST /v1/authorize. */
class StsAndAuthorizeSdkTest extends ServerFixture {

  static final ObjectMapper JSON = new ObjectMapper();
  AwsBasicCredentials alice;
  String roleArn;

  @BeforeAll
  void world() {
    alice = userWithPolicy("alice", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
        + "[\"sts:AssumeRole\",\"sts:TagSession\",\"sts:SetSourceIdentity\"],\"Resource\":\"arn:aws:iam::" + acct() + ":role/*\"}]}");
    roleArn = root.createRole(r -> r.roleName("reader").path("/apps/").maxSessionDuration(7200)
        .assumeRolePolicyDocument(trust("arn:aws:iam::" + acct() + ":root"))).role().arn();
    // the role may list users (only for sessions tagged team=ml) and read roles
    root.putRolePolicy(r -> r.roleName("reader").policyName("list").policyDocument("{\"Version\":\"2012-10-17\","
        + "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:ListUsers\",\"Resource\":\"*\",\"Condition\":"
        + "{\"StringEquals\":{\"aws:PrincipalTag/team\":\"ml\"}}},{\"Effect\":\"Allow\",\"Action\":[\"iam:GetRole\","
        + "\"iam:ListRoles\"],\"Resource\":\"*\"}]}"));
  }

  AssumeRoleResponse assume(StsClient client, java.util.function.Consumer<
      software.amazon.awssdk.services.sts.model.AssumeRoleRequest.Builder> more) {
    return client.assumeRole(r -> {
      r.roleArn(roleArn).roleSessionName("s1");
      more.accept(r);
    });
  }

  @Test
  void assumeRoleIssuesSessionCredentialsThatActAsTheSession() {
    AssumeRoleResponse res = assume(sts(alice), r -> r.tags(Tag.builder().key("team").value("ml").build())
        .sourceIdentity("alice"));
    assertThat(res.credentials().accessKeyId()).matches("ASIA[A-Z0-9]{16}");
    assertThat(res.credentials().secretAccessKey()).hasSize(40);
    assertThat(res.credentials().sessionToken()).isNotBlank();
    assertThat(res.credentials().expiration()).isBetween(Instant.now().plusSeconds(3500), Instant.now().plusSeconds(3700));
    assertThat(res.assumedRoleUser().arn()).isEqualTo("arn:aws:sts::" + acct() + ":assumed-role/reader/s1");
    assertThat(res.assumedRoleUser().assumedRoleId()).matches("AROA[A-Z0-9]{16}:s1");
    assertThat(res.sourceIdentity()).isEqualTo("alice");
    assertThat(res.packedPolicySize()).isBetween(1, 100);

    AwsSessionCredentials creds = session(res.credentials());
    var id = sts(creds).getCallerIdentity();
    assertThat(id.arn()).isEqualTo("arn:aws:sts::" + acct() + ":assumed-role/reader/s1");
    assertThat(id.userId()).isEqualTo(res.assumedRoleUser().assumedRoleId());
    IamClient asRole = iam(creds);
    // session tag team=ml becomes aws:PrincipalTag/team
    assertThat(asRole.listUsers().users()).isNotEmpty();
    assertThatThrownBy(() -> asRole.createUser(r -> r.userName("x"))).isInstanceOfSatisfying(IamException.class,
        e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:sts::" + acct()
            + ":assumed-role/reader/s1 is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::"
            + acct() + ":user/x because no identity-based policy allows the iam:CreateUser action"));

    IamClient untagged = iam(session(assume(sts(alice), r -> r.tags(Tag.builder().key("team").value("web").build()))
        .credentials()));
    assertThatThrownBy(untagged::listUsers).isInstanceOf(IamException.class);
    assertThat(untagged.listRoles().roles()).isNotEmpty();
  }

  /** Session tags have IAM's Tag shape (STS's model); keys that differ only in case are one key. */
  @Test
  void sessionTagsAreCheckedAndKeysAreOneWhateverTheirCase() {
    assertThatThrownBy(() -> assume(sts(alice), r -> r.tags(Tag.builder().key("team!").value("ml").build())))
        .isInstanceOfSatisfying(software.amazon.awssdk.services.sts.model.StsException.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
          assertThat(e.awsErrorDetails().errorMessage()).contains("at 'tags.1.member.key'")
              .contains("regular expression pattern");
        });
    assertThatThrownBy(() -> assume(sts(alice), r -> r.tags(Tag.builder().key("team").value("x".repeat(257)).build())))
        .isInstanceOfSatisfying(software.amazon.awssdk.services.sts.model.StsException.class, e ->
            assertThat(e.awsErrorDetails().errorMessage()).contains("less than or equal to 256"));
    // Team=web and team=ml: one key named twice
    assertThatThrownBy(() -> assume(sts(alice), r -> r.tags(Tag.builder().key("Team").value("web").build(),
        Tag.builder().key("team").value("ml").build()))).isInstanceOfSatisfying(StsException.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
          assertThat(e.awsErrorDetails().errorMessage())
              .isEqualTo("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
        });
    // a session tag overrides the role's tag of the same key in another case: the role "reader"
    // is tagged Team=web below, and the session's team=ml decides (only team=ml may list users)
    root.tagRole(r -> r.roleName("reader").tags(software.amazon.awssdk.services.iam.model.Tag.builder()
        .key("Team").value("web").build()));
    try {
      IamClient overriding = iam(session(assume(sts(alice), r -> r.tags(Tag.builder().key("team").value("ml")
          .build())).credentials()));
      assertThat(overriding.listUsers().users()).isNotEmpty();
    } finally {
      root.untagRole(r -> r.roleName("reader").tagKeys("Team"));
    }
  }

  @Test
  void sessionPoliciesRestrictTheSession() {
    String onlyGetRole = allow("iam:GetRole", "*");
    IamClient limited = iam(session(assume(sts(alice), r -> r.policy(onlyGetRole)).credentials()));
    assertThat(limited.getRole(r -> r.roleName("reader")).role().arn()).isEqualTo(roleArn);
    assertThatThrownBy(limited::listRoles).isInstanceOfSatisfying(IamException.class, e -> assertThat(
        e.awsErrorDetails().errorMessage()).endsWith("because no session policy allows the iam:ListRoles action"));

    String listRolesArn = root.createPolicy(r -> r.policyName("list-roles-only")
        .policyDocument(allow("iam:ListRoles", "*"))).policy().arn();
    IamClient byArn = iam(session(assume(sts(alice), r -> r.policyArns(PolicyDescriptorType.builder()
        .arn(listRolesArn).build())).credentials()));
    assertThat(byArn.listRoles().roles()).isNotEmpty();
    assertThatThrownBy(() -> byArn.getRole(r -> r.roleName("reader"))).isInstanceOf(IamException.class);
    assertThatThrownBy(() -> assume(sts(alice), r -> r.policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
        + "\"Allow\",\"Action\":\"iam:*\"}]}"))).isInstanceOfSatisfying(StsException.class,
        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MalformedPolicyDocument"));
  }

  @Test
  void assumeRoleErrors() {
    assertThatThrownBy(() -> assume(sts(AwsBasicCredentials.create(boot.rootKey().accessKeyId(),
        boot.rootKey().secret())), r -> { })).isInstanceOfSatisfying(StsException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(403);
          assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Roles may not be assumed by root accounts.");
        });
    assertThatThrownBy(() -> assume(sts(alice), r -> r.durationSeconds(7201))).isInstanceOfSatisfying(
        StsException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("The requested DurationSeconds exceeds the MaxSessionDuration set for this role."));
    assertThatThrownBy(() -> assume(sts(alice), r -> r.durationSeconds(100))).isInstanceOfSatisfying(
        StsException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError"));
    assertThat(assume(sts(alice), r -> r.durationSeconds(7200)).credentials().expiration())
        .isAfter(Instant.now().plusSeconds(7100));
    assertThatThrownBy(() -> sts(alice).assumeRole(r -> r.roleArn("arn:aws:iam::" + acct() + ":role/apps/none")
        .roleSessionName("s2"))).isInstanceOfSatisfying(StsException.class,
        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));

    // the trust policy names the account: the caller's identity policy must allow as well
    AwsBasicCredentials bob = userWithPolicy("bob", null);
    assertThatThrownBy(() -> assume(sts(bob), r -> { })).isInstanceOfSatisfying(StsException.class,
        e -> assertThat(e.awsErrorDetails().errorMessage()).startsWith("User: arn:aws:iam::" + acct()
            + ":user/bob is not authorized to perform: sts:AssumeRole on resource: " + roleArn));
    // a trust policy naming bob himself suffices within the account (the engine's same-account rule)
    root.createRole(r -> r.roleName("for-bob").assumeRolePolicyDocument(trust("arn:aws:iam::" + acct() + ":user/bob")));
    assertThat(sts(bob).assumeRole(r -> r.roleArn("arn:aws:iam::" + acct() + ":role/for-bob").roleSessionName("bb"))
        .assumedRoleUser().arn()).endsWith(":assumed-role/for-bob/bb");
    // and alice, allowed by her identity policy, is not trusted by for-bob: an explicit trust is required
    assertThatThrownBy(() -> sts(alice).assumeRole(r -> r.roleArn("arn:aws:iam::" + acct() + ":role/for-bob")
        .roleSessionName("aa"))).isInstanceOf(StsException.class);
  }

  @Test
  void sessionCredentialsNeedTheirTokenAndExpire() {
    var c = assume(sts(alice), r -> { }).credentials();
    var withoutToken = AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey());
    assertThatThrownBy(() -> sts(withoutToken).getCallerIdentity()).isInstanceOfSatisfying(AwsServiceException.class,
        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId"));
    var wrongToken = AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken() + "x");
    assertThatThrownBy(() -> sts(wrongToken).getCallerIdentity()).isInstanceOfSatisfying(AwsServiceException.class,
        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId"));

    String roleId = root.getRole(r -> r.roleName("reader")).role().roleId();
    Instant now = Instant.now();
    store.sessions().createSession(new StsSession("ASIAEXPIREDEXPIRED00", acct(), "0123456789012345678901234567890123456789",
        "expired-token", roleId, roleArn, "old", null, List.of(), Map.of(), null, now.minusSeconds(1000),
        now.minusSeconds(100)));
    var expired = AwsSessionCredentials.create("ASIAEXPIREDEXPIRED00", "0123456789012345678901234567890123456789",
        "expired-token");
    assertThatThrownBy(() -> iam(expired).listRoles()).isInstanceOfSatisfying(AwsServiceException.class, e -> {
      assertThat(e.statusCode()).isEqualTo(403);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredToken");
      assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The security token included in the request is expired");
    });
  }

  // ---------------------------------------------------------------- POST /v1/authorize

  @Test
  void authorizeEndpointDecidesWithStoredPolicies() throws Exception {
    root.createUser(r -> r.userName("app-user"));
    root.putUserPolicy(r -> r.userName("app-user").policyName("s3").policyDocument("{\n  \"Version\": \"2012-10-17\","
        + "\n  \"Statement\": [\n    {\"Sid\": \"Read\", \"Effect\": \"Allow\", \"Action\": \"s3:GetObject\","
        + " \"Resource\": \"arn:aws:s3:::data/*\"},\n    {\"Sid\": \"NoSecrets\", \"Effect\": \"Deny\", \"Action\":"
        + " \"s3:*\", \"Resource\": \"*\", \"Condition\": {\"ForAnyValue:StringEquals\": {\"s3:ExistingObjectTag/class\":"
        + " [\"secret\"]}}}\n  ]\n}"));
    String user = "arn:aws:iam::" + acct() + ":user/app-user";
    JsonNode allowed = authorize(rootIdentity(), Map.of("principal", user, "action", "s3:GetObject",
        "resource", "arn:aws:s3:::data/report.csv"));
    assertThat(allowed.get("decision").asText()).isEqualTo("allowed");
    assertThat(allowed.get("matchedStatements").get(0).get("sid").asText()).isEqualTo("Read");
    assertThat(allowed.get("matchedStatements").get(0).get("start").get("line").asInt()).isEqualTo(4);
    assertThat(allowed.get("blockedBy").isNull()).isTrue();
    assertThat(allowed.get("explanation")).hasSize(2);

    JsonNode denied = authorize(rootIdentity(), Map.of("principal", user, "action", "s3:GetObject",
        "resource", "arn:aws:s3:::data/k", "context", Map.of("s3:ExistingObjectTag/class", List.of("public", "secret"))));
    assertThat(denied.get("decision").asText()).isEqualTo("explicitDeny");
    assertThat(denied.get("blockedBy").asText()).isEqualTo("identity");
    assertThat(denied.get("reason").asText()).isEqualTo("with an explicit deny in an identity-based policy");

    JsonNode implicit = authorize(rootIdentity(), Map.of("principal", user, "action", "s3:PutObject",
        "resource", "arn:aws:s3:::data/k"));
    assertThat(implicit.get("decision").asText()).isEqualTo("implicitDeny");
    assertThat(implicit.get("reason").asText()).isEqualTo("no identity-based policy allows the s3:PutObject action");

    // an assumed-role session ARN: the role's policies with the live session's tags
    assume(sts(alice), r -> r.roleSessionName("pdp").tags(Tag.builder().key("team").value("ml").build()));
    JsonNode session = authorize(rootIdentity(), Map.of("principal", "arn:aws:sts::" + acct()
        + ":assumed-role/reader/pdp", "action", "iam:ListUsers", "resource", "*"));
    assertThat(session.get("decision").asText()).isEqualTo("allowed");
    JsonNode roleItself = authorize(rootIdentity(), Map.of("principal", roleArn, "action", "iam:ListUsers",
        "resource", "*"));
    assertThat(roleItself.get("decision").asText()).isEqualTo("implicitDeny");

    // a stored IAM resource brings its tags as aws:ResourceTag/*, unless the context says otherwise
    root.createUser(r -> r.userName("tagged-target").tags(software.amazon.awssdk.services.iam.model.Tag.builder()
        .key("team").value("ml").build()));
    root.putUserPolicy(r -> r.userName("app-user").policyName("iam").policyDocument("{\"Version\":\"2012-10-17\","
        + "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:GetUser\",\"Resource\":\"*\",\"Condition\":"
        + "{\"StringEquals\":{\"aws:ResourceTag/team\":\"ml\"}}}]}"));
    String target = "arn:aws:iam::" + acct() + ":user/tagged-target";
    assertThat(authorize(rootIdentity(), Map.of("principal", user, "action", "iam:GetUser", "resource", target))
        .get("decision").asText()).isEqualTo("allowed");
    assertThat(authorize(rootIdentity(), Map.of("principal", user, "action", "iam:GetUser", "resource", target,
        "context", Map.of("aws:ResourceTag/team", "web"))).get("decision").asText()).isEqualTo("implicitDeny");
    assertThat(authorize(rootIdentity(), Map.of("principal", user, "action", "iam:GetUser", "resource",
        "arn:aws:iam::" + acct() + ":user/app-user")).get("decision").asText()).as("untagged").isEqualTo("implicitDeny");

    HttpResponse<String> unknown = post(rootIdentity(), Map.of("principal", "arn:aws:iam::" + acct() + ":user/nope",
        "action", "s3:GetObject", "resource", "*"));
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(unknown.body()).get("error").get("code").asText()).isEqualTo("NoSuchEntity");
    // alice may not ask about app-user: she lacks iam:SimulatePrincipalPolicy
    HttpResponse<String> forbidden = post(AwsCredentialsIdentity.create(alice.accessKeyId(), alice.secretAccessKey()),
        Map.of("principal", user, "action", "s3:GetObject", "resource", "*"));
    assertThat(forbidden.statusCode()).isEqualTo(403);
    HttpResponse<String> unsigned = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
        server.endpoint() + "/v1/authorize")).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(unsigned.statusCode()).isEqualTo(403);
    assertThat(unsigned.body()).contains("MissingAuthenticationToken");
  }

  @Test
  void authorizeEndpointWorksWithCurlSigV4() throws Exception {
    assumeThat(curlSupportsSigV4()).as("curl with --aws-sigv4 on PATH").isTrue();
    root.createUser(r -> r.userName("curl-user"));
    root.putUserPolicy(r -> r.userName("curl-user").policyName("p").policyDocument(allow("s3:GetObject", "*")));
    String body = "{\"principal\":\"arn:aws:iam::" + acct() + ":user/curl-user\",\"action\":\"s3:GetObject\","
        + "\"resource\":\"arn:aws:s3:::b/k\"}";
    Process p = new ProcessBuilder("curl", "-sS", "--aws-sigv4", "aws:amz:us-east-1:iam", "--user",
        boot.rootKey().accessKeyId() + ":" + boot.rootKey().secret(), "-H", "Content-Type: application/json",
        "-d", body, server.endpoint() + "/v1/authorize").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(JSON.readTree(out).get("decision").asText()).as(out).isEqualTo("allowed");
  }

  private static boolean curlSupportsSigV4() {
    try {
      Process p = new ProcessBuilder("curl", "--help", "all").redirectErrorStream(true).start();
      String help = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return p.waitFor(10, TimeUnit.SECONDS) && help.contains("--aws-sigv4");
    } catch (Exception e) {
      return false;
    }
  }

  private AwsCredentialsIdentity rootIdentity() {
    return AwsCredentialsIdentity.create(boot.rootKey().accessKeyId(), boot.rootKey().secret());
  }

  private JsonNode authorize(AwsCredentialsIdentity who, Map<String, Object> body) throws Exception {
    HttpResponse<String> r = post(who, body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** POSTs JSON to /v1/authorize signed by the SDK's SigV4 signer. */
  private HttpResponse<String> post(AwsCredentialsIdentity who, Map<String, Object> body) throws Exception {
    return AuthorizeCalls.post(server.endpoint(), who, JSON.writeValueAsBytes(body));
  }
}
