package dev.iamlocal.server.iam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.server.ServerFixture;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sts.model.PolicyDescriptorType;

/**
 * A managed session policy is read when the session acts, not when it is made, as the stackd project
 * recorded against real STS and IAM (radkawar/stackd, testdata/aws/sts/managed_session_policy.json,
 * observed 2026-09-11): a 900-second session of a role allowed iam:ListUsers, with a customer managed
 * policy as its session policy; ListUsers is allowed, and denied (AccessDenied) once a new default
 * version of that policy denies it.
 */
class StackdSessionPolicySdkTest extends ServerFixture {

  @Test
  void managedSessionPolicyChangesApplyToLiveSessions() {
    var creds = userWithPolicy("stackd-msp-user", allow("sts:AssumeRole", "*"));
    String role = root.createRole(r -> r.roleName("stackd-msp-role")
        .assumeRolePolicyDocument(trust("arn:aws:iam::" + acct() + ":user/stackd-msp-user"))).role().arn();
    root.putRolePolicy(r -> r.roleName("stackd-msp-role").policyName("p").policyDocument(allow("iam:ListUsers", "*")));
    String policy = root.createPolicy(r -> r.policyName("stackd-msp").policyDocument(allow("iam:ListUsers", "*")))
        .policy().arn();
    var session = sts(creds).assumeRole(a -> a.roleArn(role).roleSessionName("msp").durationSeconds(900)
        .policyArns(PolicyDescriptorType.builder().arn(policy).build())).credentials();
    var iam = iam(session(session));
    // before_change: allowed
    assertThat(StackdEntityInputsSdkTest.outcome(() -> iam.listUsers())).isEqualTo("Success");
    root.createPolicyVersion(r -> r.policyArn(policy).setAsDefault(true)
        .policyDocument(allow("iam:ListUsers", "*").replace("Allow", "Deny")));
    // after_default_version_change: AccessDenied
    assertThat(StackdEntityInputsSdkTest.outcome(() -> iam.listUsers())).isEqualTo("AccessDenied");
  }
}
