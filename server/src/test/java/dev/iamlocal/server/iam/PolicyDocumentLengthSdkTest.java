package dev.iamlocal.server.iam;

import dev.iamlocal.server.ServerFixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iamlocal.store.IamStore;
import dev.iamlocal.store.Policies;
import org.junit.jupiter.api.Test;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Hole 14: the policy quotas count only non-white-space characters, but the API model also caps the
 * whole document: {@code policyDocumentType} is at most 131,072 characters (STS's
 * {@code sessionPolicyDocumentType} 2,048), on every parameter of that type.
 */
class PolicyDocumentLengthSdkTest extends ServerFixture {

  static final String TOO_LONG = "1 validation error detected: Value at '%s' failed to satisfy constraint:"
      + " Member must have length less than or equal to 131072";

  /** A valid identity policy with exactly {@code nonWhitespace} non-white-space characters, then {@code spaces} spaces. */
  static String policy(int nonWhitespace, int spaces) {
    String head = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
        + "\"Resource\":\"arn:aws:s3:::";
    String tail = "\"}]}";
    String doc = head + "b".repeat(nonWhitespace - head.length() - tail.length()) + tail + " ".repeat(spaces);
    assertThat(Policies.nonWhitespaceLength(doc)).isEqualTo(nonWhitespace);
    return doc;
  }

  static void validationError(ThrowingCallable call, String member) {
    assertThatThrownBy(call).isInstanceOfSatisfying(AwsServiceException.class, e -> {
      assertThat(e.statusCode()).isEqualTo(400);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
      assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(String.format(TOO_LONG, member));
    });
  }

  @Test
  void hole14_aManagedPolicyOf6144CharactersPlus200000SpacesIsRefused() {
    String padded = policy(6_144, 200_000);
    validationError(() -> root.createPolicy(r -> r.policyName("padded").policyDocument(padded)), "policyDocument");
    assertThat(root.listPolicies(r -> r.scope("Local")).policies()).noneMatch(p -> p.policyName().equals("padded"));

    // the limit counts every character: 131,072 are accepted, 131,073 are not
    String exactly = policy(6_144, 131_072 - policy(6_144, 0).length());
    assertThat(exactly).hasSize(131_072);
    String arn = root.createPolicy(r -> r.policyName("exactly").policyDocument(exactly)).policy().arn();
    validationError(() -> root.createPolicyVersion(r -> r.policyArn(arn).policyDocument(exactly + " ")),
        "policyDocument");
    // the non-white-space quota stays
    assertThatThrownBy(() -> root.createPolicy(r -> r.policyName("big").policyDocument(policy(6_145, 0))))
        .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.awsErrorDetails().errorCode())
            .isEqualTo("LimitExceeded"));
  }

  @Test
  void hole14_everyPolicyDocumentParameterHasTheLimit() {
    String longDoc = policy(1_000, 131_072);
    root.createUser(r -> r.userName("len-user"));
    root.createGroup(r -> r.groupName("len-group"));
    String trust = trust("arn:aws:iam::" + acct() + ":root");
    root.createRole(r -> r.roleName("len-role").assumeRolePolicyDocument(trust));

    validationError(() -> root.putUserPolicy(r -> r.userName("len-user").policyName("p").policyDocument(longDoc)),
        "policyDocument");
    validationError(() -> root.putGroupPolicy(r -> r.groupName("len-group").policyName("p").policyDocument(longDoc)),
        "policyDocument");
    validationError(() -> root.putRolePolicy(r -> r.roleName("len-role").policyName("p").policyDocument(longDoc)),
        "policyDocument");
    String longTrust = trust + " ".repeat(131_073 - trust.length());
    validationError(() -> root.createRole(r -> r.roleName("len-role-2").assumeRolePolicyDocument(longTrust)),
        "assumeRolePolicyDocument");
    validationError(() -> root.updateAssumeRolePolicy(r -> r.roleName("len-role").policyDocument(longTrust)),
        "policyDocument");
    String ok = allow("s3:*", "*");
    validationError(() -> root.simulateCustomPolicy(r -> r.policyInputList(ok, longDoc).actionNames("s3:GetObject")),
        "policyInputList.2.member");
    validationError(() -> root.simulateCustomPolicy(r -> r.policyInputList(ok).actionNames("s3:GetObject")
        .permissionsBoundaryPolicyInputList(longDoc)), "permissionsBoundaryPolicyInputList.1.member");
    validationError(() -> root.simulateCustomPolicy(r -> r.policyInputList(ok).actionNames("s3:GetObject")
        .resourcePolicy(longDoc).callerArn("arn:aws:iam::" + acct() + ":user/len-user")), "resourcePolicy");
    validationError(() -> root.simulatePrincipalPolicy(r -> r.policySourceArn("arn:aws:iam::" + acct()
        + ":user/len-user").policyInputList(longDoc).actionNames("s3:GetObject")), "policyInputList.1.member");
    validationError(() -> root.getContextKeysForCustomPolicy(r -> r.policyInputList(longDoc)),
        "policyInputList.1.member");
    validationError(() -> root.getContextKeysForPrincipalPolicy(r -> r.policySourceArn("arn:aws:iam::" + acct()
        + ":user/len-user").policyInputList(longDoc)), "policyInputList.1.member");
    // every violation is counted, as AWS counts them
    assertThatThrownBy(() -> root.simulateCustomPolicy(r -> r.policyInputList(longDoc, longDoc)
        .actionNames("s3:GetObject"))).isInstanceOfSatisfying(AwsServiceException.class, e ->
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("2 validation errors detected: Value at"
            + " 'policyInputList.1.member' failed to satisfy constraint: Member must have length less than or equal"
            + " to 131072; Value at 'policyInputList.2.member' failed to satisfy constraint: Member must have length"
            + " less than or equal to 131072"));
    // nothing was stored
    assertThat(root.listUserPolicies(r -> r.userName("len-user")).policyNames()).isEmpty();
  }

  @Test
  void hole14_anAssumeRoleSessionPolicyIsAtMost2048Characters() {
    var alice = userWithPolicy("len-alice", allow("sts:AssumeRole", "*"));
    root.createRole(r -> r.roleName("len-assumed").assumeRolePolicyDocument(trust("arn:aws:iam::" + acct() + ":root")));
    String session = allow("s3:*", "*") + " ".repeat(2_049 - allow("s3:*", "*").length());
    assertThatThrownBy(() -> sts(alice).assumeRole(r -> r.roleArn("arn:aws:iam::" + acct() + ":role/len-assumed")
        .roleSessionName("s1").policy(session))).isInstanceOfSatisfying(AwsServiceException.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
          assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: Value at 'policy'"
              + " failed to satisfy constraint: Member must have length less than or equal to 2048");
        });
    assertThat(sts(alice).assumeRole(r -> r.roleArn("arn:aws:iam::" + acct() + ":role/len-assumed")
        .roleSessionName("s1").policy(session.substring(0, 2_048))).credentials()).isNotNull();
  }
}
