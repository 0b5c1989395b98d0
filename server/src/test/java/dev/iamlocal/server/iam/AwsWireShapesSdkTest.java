package dev.iamlocal.server.iam;

import dev.iamlocal.server.RawCalls;
import dev.iamlocal.server.ServerFixture;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.model.EntityType;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * The members of IAM's answers, as AWS sends them (LocalStack's AWS-recorded snapshots:
 * tests/aws/services/iam/test_iam_roles, test_iam_managed_policies and
 * test_iam_account_authorization_details). The SDK tells an absent list from an empty one
 * ({@code hasTags()}), so these hold at the wire.
 */
class AwsWireShapesSdkTest extends ServerFixture {

  private Role role(String name, String description) {
    String trust = trust("arn:aws:iam::" + acct() + ":root");
    return root.createRole(r -> r.roleName(name).assumeRolePolicyDocument(trust).description(description)).role();
  }

  @Test
  void createRoleAnswersWithoutMaxSessionDurationNorDescription() {
    Role plain = role("wire-plain", null);
    assertThat(plain.maxSessionDuration()).isNull();
    assertThat(plain.description()).isNull();
    // even when a description is given, CreateRole does not echo it; GetRole has it
    Role described = role("wire-described", "some text");
    assertThat(described.description()).isNull();
    assertThat(described.maxSessionDuration()).isNull();
    Role got = root.getRole(r -> r.roleName("wire-described")).role();
    assertThat(got.description()).isEqualTo("some text");
    assertThat(got.maxSessionDuration()).isEqualTo(3600);
    assertThat(got.roleLastUsed()).isNotNull();
  }

  @Test
  void updateRoleDescriptionAnswersWithoutMaxSessionDuration() {
    role("wire-update-desc", null);
    Role updated = root.updateRoleDescription(r -> r.roleName("wire-update-desc").description("new")).role();
    assertThat(updated.description()).isEqualTo("new");
    assertThat(updated.maxSessionDuration()).isNull();
    assertThat(updated.roleLastUsed()).isNull();
  }

  @Test
  void listRolesOmitsPermissionsBoundaryTagsAndRoleLastUsed() {
    String boundary = root.createPolicy(r -> r.policyName("wire-boundary").policyDocument(allow("s3:*", "*")))
        .policy().arn();
    String trust = trust("arn:aws:iam::" + acct() + ":root");
    root.createRole(r -> r.roleName("wire-bounded").path("/wire-list/").assumeRolePolicyDocument(trust)
        .permissionsBoundary(boundary).tags(Tag.builder().key("k").value("v").build()));
    Role listed = root.listRoles(r -> r.pathPrefix("/wire-list/")).roles().get(0);
    assertThat(listed.permissionsBoundary()).isNull();
    assertThat(listed.hasTags()).isFalse();
    assertThat(listed.roleLastUsed()).isNull();
    assertThat(listed.maxSessionDuration()).isEqualTo(3600);
    // GetRole has them
    Role got = root.getRole(r -> r.roleName("wire-bounded")).role();
    assertThat(got.permissionsBoundary().permissionsBoundaryArn()).isEqualTo(boundary);
    assertThat(got.tags()).containsExactly(Tag.builder().key("k").value("v").build());
  }

  @Test
  void permissionsBoundaryTypeIsPolicy() throws Exception {
    String boundary = root.createPolicy(r -> r.policyName("wire-boundary-type").policyDocument(allow("s3:*", "*")))
        .policy().arn();
    root.createUser(r -> r.userName("wire-bounded-user").permissionsBoundary(boundary));
    var creds = AwsBasicCredentials.create(boot.rootKey().accessKeyId(), boot.rootKey().secret());
    HttpResponse<String> raw = RawCalls.query(server.endpoint(), creds, "us-east-1", "iam",
        "Action=GetUser&Version=2010-05-08&UserName=wire-bounded-user");
    assertThat(raw.body()).contains("<PermissionsBoundary><PermissionsBoundaryType>Policy</PermissionsBoundaryType>"
        + "<PermissionsBoundaryArn>" + boundary + "</PermissionsBoundaryArn></PermissionsBoundary>");
  }

  @Test
  void listUsersOmitsPermissionsBoundaryAndTags() {
    String boundary = root.createPolicy(r -> r.policyName("wire-user-boundary").policyDocument(allow("s3:*", "*")))
        .policy().arn();
    root.createUser(r -> r.userName("wire-listed-user").path("/wire-users/").permissionsBoundary(boundary)
        .tags(Tag.builder().key("k").value("v").build()));
    var listed = root.listUsers(r -> r.pathPrefix("/wire-users/")).users().get(0);
    assertThat(listed.permissionsBoundary()).isNull();
    assertThat(listed.hasTags()).isFalse();
    var got = root.getUser(r -> r.userName("wire-listed-user")).user();
    assertThat(got.permissionsBoundary().permissionsBoundaryTypeAsString()).isEqualTo("Policy");
    assertThat(got.tags()).hasSize(1);
  }

  @Test
  void createPolicyAndGetPolicyReturnTags() {
    Tag tag = Tag.builder().key("team").value("a").build();
    var created = root.createPolicy(r -> r.policyName("wire-tagged").policyDocument(allow("s3:*", "*")).tags(tag)
        .description("d")).policy();
    assertThat(created.tags()).containsExactly(tag);
    assertThat(created.description()).isNull();
    var got = root.getPolicy(r -> r.policyArn(created.arn())).policy();
    assertThat(got.tags()).containsExactly(tag);
    assertThat(got.description()).isEqualTo("d");
    // without tags: CreatePolicy has none, GetPolicy an empty list
    var untagged = root.createPolicy(r -> r.policyName("wire-untagged").policyDocument(allow("s3:*", "*"))).policy();
    assertThat(untagged.hasTags()).isFalse();
    assertThat(root.getPolicy(r -> r.policyArn(untagged.arn())).policy().hasTags()).isTrue();
    assertThat(root.getPolicy(r -> r.policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess")).policy().tags()).isEmpty();
  }

  @Test
  void getAccountAuthorizationDetailsHasEmptyTagsAndNoEmptyUserPolicyList() {
    root.createUser(r -> r.userName("wire-details-user"));
    var details = root.getAccountAuthorizationDetails(r -> r.filter(EntityType.USER));
    var user = details.userDetailList().stream().filter(u -> u.userName().equals("wire-details-user")).findFirst()
        .orElseThrow();
    assertThat(user.hasUserPolicyList()).isFalse();
    assertThat(user.hasTags()).isTrue();
    assertThat(user.tags()).isEmpty();
    assertThat(user.hasGroupList()).isTrue();
    assertThat(user.hasAttachedManagedPolicies()).isTrue();
    root.putUserPolicy(r -> r.userName("wire-details-user").policyName("p").policyDocument(allow("s3:*", "*")));
    var withInline = root.getAccountAuthorizationDetails(r -> r.filter(EntityType.USER)).userDetailList().stream()
        .filter(u -> u.userName().equals("wire-details-user")).findFirst().orElseThrow();
    assertThat(withInline.userPolicyList()).hasSize(1);
  }
}
