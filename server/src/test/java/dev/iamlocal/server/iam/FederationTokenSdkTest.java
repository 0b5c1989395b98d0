package dev.iamlocal.server.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iamlocal.server.ServerFixture;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.GetFederationTokenResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/** GetFederationToken and GetAccessKeyInfo through the AWS SDK. */
class FederationTokenSdkTest extends ServerFixture {

  private static final String USER_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":["
      + "{\"Effect\":\"Allow\",\"Action\":[\"sts:GetFederationToken\",\"sts:GetAccessKeyInfo\"],\"Resource\":\"*\"},"
      + "{\"Effect\":\"Allow\",\"Action\":[\"sts:AssumeRole\"],\"Resource\":\"*\"}]}";

  @Test
  void federatedUserIsTheIntersectionOfUserAndSessionPolicy() {
    AwsBasicCredentials fed = userWithPolicy("federator", USER_POLICY);
    // the session policy allows more than the user (sts:AssumeRole) and something the user may not
    String session = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
        + "[\"sts:AssumeRole\",\"iam:ListUsers\"],\"Resource\":\"*\"}]}";
    GetFederationTokenResponse r = sts(fed).getFederationToken(b -> b.name("partner-1").policy(session));
    assertThat(r.federatedUser().arn()).isEqualTo("arn:aws:sts::" + acct() + ":federated-user/partner-1");
    assertThat(r.federatedUser().federatedUserId()).isEqualTo(acct() + ":partner-1");
    assertThat(r.packedPolicySize()).isNotNull();
    GetCallerIdentityResponse who = sts(session(r.credentials())).getCallerIdentity();
    assertThat(who.arn()).isEqualTo(r.federatedUser().arn());
    assertThat(who.userId()).isEqualTo(acct() + ":partner-1");
    // federated credentials call no IAM operation, and of STS only GetCallerIdentity
    assertThatThrownBy(() -> iam(session(r.credentials())).listUsers()).isInstanceOfSatisfying(IamException.class,
        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId"));
    assertThatThrownBy(() -> sts(session(r.credentials())).getFederationToken(b -> b.name("again")))
        .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("Cannot call GetFederationToken with session credentials"));
  }

  @Test
  void withoutSessionPolicyTheFederatedUserMayDoNothingButTheAuthorizationStillApplies() {
    AwsBasicCredentials fed = userWithPolicy("federator2", USER_POLICY);
    GetFederationTokenResponse r = sts(fed).getFederationToken(b -> b.name("nopolicy"));
    assertThat(r.packedPolicySize()).isZero(); // AWS's recorded answer: 0, not absent
    String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
        + "\"arn:aws:iam::" + acct() + ":root\"},\"Action\":\"sts:AssumeRole\"}]}";
    String roleArn = root.createRole(b -> b.roleName("fed-target").assumeRolePolicyDocument(trust)).role().arn();
    // STS refuses AssumeRole to federated credentials whatever the policies say
    assertThatThrownBy(() -> sts(session(r.credentials())).assumeRole(b -> b.roleArn(roleArn).roleSessionName("ss")))
        .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorCode())
            .isEqualTo("AccessDenied"));

    // the caller needs sts:GetFederationToken on the federated user's ARN
    AwsBasicCredentials none = userWithPolicy("no-federation", null);
    assertThatThrownBy(() -> sts(none).getFederationToken(b -> b.name("partner")))
        .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("User: arn:aws:iam::" + acct() + ":user/no-federation is not authorized to perform:"
                + " sts:GetFederationToken on resource: arn:aws:sts::" + acct() + ":federated-user/partner because no"
                + " identity-based policy allows the sts:GetFederationToken action"));
  }

  @Test
  void getAccessKeyInfo() {
    AwsBasicCredentials fed = userWithPolicy("key-info", USER_POLICY);
    assertThat(sts(fed).getAccessKeyInfo(b -> b.accessKeyId(fed.accessKeyId())).account()).isEqualTo(acct());
    // a key id this server did not issue: the account AWS's key id format carries (a published example)
    assertThat(sts(fed).getAccessKeyInfo(b -> b.accessKeyId("ASIAY34FZKBOKMUTVV7A")).account())
        .isEqualTo("609629065308");
    AwsBasicCredentials none = userWithPolicy("no-key-info", null);
    assertThatThrownBy(() -> sts(none).getAccessKeyInfo(b -> b.accessKeyId(fed.accessKeyId())))
        .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorCode())
            .isEqualTo("AccessDenied"));
  }
}
