package dev.iamlocal.server.iam;

import static dev.iamlocal.server.iam.RecordedRoleAnswersSdkTest.awsError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.server.ServerFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Tag;

/**
 * The calls of LocalStack's AWS-recorded {@code tests/aws/services/sts/test_sts.snapshot.json}
 * (recorded 2024-06 to 2026-02), replayed with the SDK against the server: the members of the
 * answers and the status, code and message of every recorded error. The recordings' keys
 * ("malformed-arn", …) are named in the comments.
 */
class RecordedStsAnswersSdkTest extends ServerFixture {

  private StsClient user;
  private String roleArn;

  @BeforeAll
  void setUp() {
    user = sts(userWithPolicy("rec-sts-user", allow("sts:*", "*")));
    // the recordings' trust policy: the account may assume (and tag)
    String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
        + acct() + "\"},\"Action\":[\"sts:AssumeRole\",\"sts:TagSession\"]}]}";
    roleArn = root.createRole(r -> r.roleName("rec-sts-role").assumeRolePolicyDocument(trust)).role().arn();
  }

  @Test
  void assumeRole() {
    AssumeRoleResponse r = user.assumeRole(a -> a.roleArn(roleArn).roleSessionName("rec-session")); // assume-role
    assertThat(r.assumedRoleUser().arn()).isEqualTo("arn:aws:sts::" + acct() + ":assumed-role/rec-sts-role/rec-session");
    assertThat(r.assumedRoleUser().assumedRoleId()).endsWith(":rec-session");
    assertThat(r.credentials().expiration()).isNotNull();
    // without a session policy the answer has no PackedPolicySize, nor SourceIdentity
    assertThat(r.packedPolicySize()).isNull();
    assertThat(r.sourceIdentity()).isNull();
    // assume-role-with-policy: PackedPolicySize is there
    AssumeRoleResponse p = user.assumeRole(a -> a.roleArn(roleArn).roleSessionName("rec-policy")
        .policy(allow("s3:ListBucket", "*")));
    assertThat(p.packedPolicySize()).isNotNull().isBetween(1, 100);
    // caller-identity-assumed-role
    var id = sts(session(r.credentials())).getCallerIdentity();
    assertThat(id.account()).isEqualTo(acct());
    assertThat(id.arn()).isEqualTo(r.assumedRoleUser().arn());
    assertThat(id.userId()).isEqualTo(r.assumedRoleUser().assumedRoleId());
  }

  @Test
  void getCallerIdentityOfAUser() {
    var u = root.getUser(r -> r.userName("rec-sts-user")).user();
    var id = user.getCallerIdentity(); // caller-identity-user
    assertThat(id.account()).isEqualTo(acct());
    assertThat(id.arn()).isEqualTo(u.arn());
    assertThat(id.userId()).isEqualTo(u.userId());
  }

  @Test
  void getFederationToken() {
    var r = user.getFederationToken(f -> f.name("TestNameRec").durationSeconds(900)); // get-federation-token
    assertThat(r.federatedUser().arn()).isEqualTo("arn:aws:sts::" + acct() + ":federated-user/TestNameRec");
    assertThat(r.federatedUser().federatedUserId()).isEqualTo(acct() + ":TestNameRec");
    assertThat(r.credentials().sessionToken()).isNotBlank();
    // AWS answers PackedPolicySize 0 when no policy was passed
    assertThat(r.packedPolicySize()).isEqualTo(0);
  }

  @Test
  void invalidParameters() {
    for (String bad : new String[] {"nothing-valid-in-here", "arn::b:::something/test-role",
        "arn:a::::something/test-role", "arn:a:::something/test-role", "arn:a:a::aaaaaaaaaa:"}) {
      // malformed-arn, no-partition, no-service, not-enough-colons, no-resource
      awsError(() -> user.assumeRole(a -> a.roleArn(bad).roleSessionName("session")), 400, "ValidationError",
          bad + " is invalid");
    }
    awsError(() -> user.assumeRole(a -> a.roleArn(roleArn).roleSessionName("Session1:2")), 400, "ValidationError",
        "1 validation error detected: Value 'Session1:2' at 'roleSessionName' failed to satisfy constraint: Member"
            + " must satisfy regular expression pattern: [\\w+=,.@-]*"); // invalid-session-name
    String tooLong = "s".repeat(65);
    awsError(() -> user.assumeRole(a -> a.roleArn(roleArn).roleSessionName(tooLong)), 400, "ValidationError",
        "1 validation error detected: Value '" + tooLong + "' at 'roleSessionName' failed to satisfy constraint:"
            + " Member must have length less than or equal to 64"); // session-name-too-long-error
  }

  @Test
  void assumeRoleTagValidation() {
    Tag a = Tag.builder().key("SessionTag1").value("v1").build();
    awsError(() -> user.assumeRole(r -> r.roleArn(roleArn).roleSessionName("session").tags(a)
        .transitiveTagKeys("SessionTag2")), 400, "InvalidParameterValue",
        "The specified transitive tag key must be included in the requested tags."); // invalid-transitive-tag-keys
    awsError(() -> user.assumeRole(r -> r.roleArn(roleArn).roleSessionName("session").tags(a,
        Tag.builder().key("sessiontag1").value("v2").build())), 400, "InvalidParameterValue",
        "Duplicate tag keys found. Please note that Tag keys are case insensitive."); // duplicate-...-casing
  }
}
