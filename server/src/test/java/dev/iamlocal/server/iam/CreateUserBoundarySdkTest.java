package dev.iamlocal.server.iam;

import dev.iamlocal.server.ServerFixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.User;

/**
 * Hole 6: CreateUser's PermissionsBoundary is stored with the user (it was dropped), checked to
 * exist, enforced, and given to the authorization of CreateUser as {@code iam:PermissionsBoundary},
 * as for CreateRole.
 */
class CreateUserBoundarySdkTest extends ServerFixture {

  @Test
  void hole06_createUserWithPermissionsBoundaryKeepsAndEnforcesIt() {
    String boundary = root.createPolicy(r -> r.policyName("only-get-user")
        .policyDocument(allow("iam:GetUser", "*"))).policy().arn();
    User created = root.createUser(r -> r.userName("bounded").permissionsBoundary(boundary)).user();
    assertThat(created.permissionsBoundary().permissionsBoundaryArn()).isEqualTo(boundary);
    assertThat(root.getUser(r -> r.userName("bounded")).user().permissionsBoundary().permissionsBoundaryArn())
        .isEqualTo(boundary);
    assertThat(root.getPolicy(r -> r.policyArn(boundary)).policy().policyName()).isEqualTo("only-get-user");

    // identity policy allows ListUsers and GetUser; the boundary only GetUser
    root.putUserPolicy(r -> r.userName("bounded").policyName("p").policyDocument("{\"Version\":\"2012-10-17\","
        + "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"iam:ListUsers\",\"iam:GetUser\"],\"Resource\":\"*\"}]}"));
    var k = root.createAccessKey(r -> r.userName("bounded")).accessKey();
    IamClient bounded = iam(AwsBasicCredentials.create(k.accessKeyId(), k.secretAccessKey()));
    assertThat(bounded.getUser(r -> r.userName("bounded")).user().userName()).isEqualTo("bounded");
    assertThatThrownBy(() -> bounded.listUsers(r -> { })).isInstanceOfSatisfying(IamException.class,
        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
  }

  @Test
  void hole06_createUserWithAMissingBoundaryCreatesNothing() {
    String missing = "arn:aws:iam::" + acct() + ":policy/none";
    assertThatThrownBy(() -> root.createUser(r -> r.userName("ghost").permissionsBoundary(missing)))
        .isInstanceOfSatisfying(NoSuchEntityException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(404);
          assertThat(e.awsErrorDetails().errorMessage())
              .isEqualTo("Scope ARN: " + missing + " does not exist or is not attachable.");
        });
    assertThatThrownBy(() -> root.getUser(r -> r.userName("ghost"))).isInstanceOf(NoSuchEntityException.class);
  }

  @Test
  void hole06_createUserIsAuthorizedWithItsPermissionsBoundary() {
    String boundary = root.createPolicy(r -> r.policyName("dev-boundary")
        .policyDocument(allow("s3:GetObject", "*"))).policy().arn();
    // the delegation pattern: this admin may create users only with that boundary
    IamClient admin = iam(userWithPolicy("delegated-admin", "{\"Version\":\"2012-10-17\",\"Statement\":[{"
        + "\"Effect\":\"Allow\",\"Action\":\"iam:CreateUser\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":"
        + "{\"iam:PermissionsBoundary\":\"" + boundary + "\"}}}]}"));
    assertThatThrownBy(() -> admin.createUser(r -> r.userName("free"))).isInstanceOfSatisfying(IamException.class,
        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
    assertThatThrownBy(() -> root.getUser(r -> r.userName("free"))).isInstanceOf(NoSuchEntityException.class);
    assertThat(admin.createUser(r -> r.userName("fenced").permissionsBoundary(boundary)).user()
        .permissionsBoundary().permissionsBoundaryArn()).isEqualTo(boundary);
  }
}
