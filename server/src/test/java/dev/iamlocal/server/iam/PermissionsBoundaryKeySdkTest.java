package dev.iamlocal.server.iam;

import dev.iamlocal.server.ServerFixture;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * Probe finding F4: {@code iam:PermissionsBoundary} holds the boundary an existing user or role has
 * for the actions the service reference lists with the key (Attach/Detach/Put/Delete*Policy,
 * DeleteRole, UpdateRole, …), so the delegated-administrator policies of the IAM User Guide work
 * in both directions.
 */
class PermissionsBoundaryKeySdkTest extends ServerFixture {

  String boundary;
  IamClient onlyWithoutBoundary;
  IamClient onlyWithBoundary;

  static String conditional(String action, String operator, String value) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"" + action + "\","
        + "\"Resource\":\"*\",\"Condition\":{\"" + operator + "\":{\"iam:PermissionsBoundary\":" + value + "}}}]}";
  }

  @BeforeAll
  void entities() {
    boundary = root.createPolicy(r -> r.policyName("pb-boundary").policyDocument(allow("s3:*", "*"))).policy().arn();
    root.createUser(r -> r.userName("pb-bounded").permissionsBoundary(boundary));
    root.createUser(r -> r.userName("pb-free"));
    root.createRole(r -> r.roleName("pb-role").assumeRolePolicyDocument(trust("arn:aws:iam::" + acct() + ":root"))
        .permissionsBoundary(boundary));
    AwsBasicCredentials erin = userWithPolicy("pb-erin", conditional("iam:AttachUserPolicy", "Null", "\"true\""));
    onlyWithoutBoundary = iam(erin);
    AwsBasicCredentials carol = userWithPolicy("pb-carol", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
        + "\"Allow\",\"Action\":[\"iam:PutUserPolicy\",\"iam:PutRolePolicy\",\"iam:DeleteRolePolicy\"],"
        + "\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"iam:PermissionsBoundary\":\"" + boundary
        + "\"}}}]}");
    onlyWithBoundary = iam(carol);
  }

  @Test
  void probeF4_aNullConditionOnTheBoundarySeesTheTargetsBoundary() {
    // AWS denies: the target has a boundary, so the key is present
    assertThatThrownBy(() -> onlyWithoutBoundary.attachUserPolicy(r -> r.userName("pb-bounded")
        .policyArn("arn:aws:iam::aws:policy/AdministratorAccess")))
        .hasMessageContaining("not authorized to perform: iam:AttachUserPolicy");
    assertThatCode(() -> onlyWithoutBoundary.attachUserPolicy(r -> r.userName("pb-free")
        .policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess"))).doesNotThrowAnyException();
  }

  @Test
  void probeF4_aConditionRequiringTheBoundaryAllowsOnlyBoundedTargets() {
    assertThatCode(() -> onlyWithBoundary.putUserPolicy(r -> r.userName("pb-bounded").policyName("p")
        .policyDocument(allow("s3:GetObject", "*")))).doesNotThrowAnyException();
    assertThatThrownBy(() -> onlyWithBoundary.putUserPolicy(r -> r.userName("pb-free").policyName("p")
        .policyDocument(allow("s3:GetObject", "*")))).hasMessageContaining("not authorized to perform: iam:PutUserPolicy");
    assertThatCode(() -> onlyWithBoundary.putRolePolicy(r -> r.roleName("pb-role").policyName("p")
        .policyDocument(allow("s3:GetObject", "*")))).doesNotThrowAnyException();
    assertThatCode(() -> onlyWithBoundary.deleteRolePolicy(r -> r.roleName("pb-role").policyName("p")))
        .doesNotThrowAnyException();
  }
}
