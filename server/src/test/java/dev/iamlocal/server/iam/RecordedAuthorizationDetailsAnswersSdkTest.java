package dev.iamlocal.server.iam;

import static dev.iamlocal.server.iam.RecordedRoleAnswersSdkTest.EC2_TRUST;
import static dev.iamlocal.server.iam.RecordedRoleAnswersSdkTest.awsError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.server.ServerFixture;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.EntityType;
import software.amazon.awssdk.services.iam.model.GetAccountAuthorizationDetailsResponse;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * The calls of LocalStack's AWS-recorded {@code test_iam_account_authorization_details.snapshot.json}
 * and {@code test_iam_credential_report.snapshot.json} (tests/aws/services/iam, recorded 2026-02),
 * replayed with the SDK against the server: the members every recorded answer has or lacks, and the
 * recorded error. The recordings' keys ("role-filter-result", …) are named in the comments.
 */
class RecordedAuthorizationDetailsAnswersSdkTest extends ServerFixture {

  private static final String LIST_BUCKET = allow("s3:ListBucket", "*");
  private static final Tag SOME = Tag.builder().key("somekey").value("somevalue").build();
  private static final Tag OTHER = Tag.builder().key("someotherkey").value("someothervalue").build();

  private GetAccountAuthorizationDetailsResponse details(EntityType filter) {
    return root.getAccountAuthorizationDetails(r -> r.filter(filter));
  }

  @Test
  void roleFilter() {
    String policy = root.createPolicy(r -> r.policyName("rec-aad-role-p").policyDocument(LIST_BUCKET)).policy().arn();
    root.createRole(r -> r.roleName("rec-aad-role").path("/my-path/").assumeRolePolicyDocument(EC2_TRUST)
        .tags(SOME, OTHER));
    root.attachRolePolicy(r -> r.roleName("rec-aad-role").policyArn(policy));
    root.putRolePolicy(r -> r.roleName("rec-aad-role").policyName("inline").policyDocument(LIST_BUCKET));
    root.createInstanceProfile(r -> r.instanceProfileName("rec-aad-ip"));
    root.addRoleToInstanceProfile(r -> r.instanceProfileName("rec-aad-ip").roleName("rec-aad-role"));
    var result = details(EntityType.ROLE); // role-filter-result
    assertThat(result.hasGroupDetailList()).isTrue();
    assertThat(result.groupDetailList()).isEmpty();
    assertThat(result.hasPolicies()).isTrue();
    assertThat(result.policies()).isEmpty();
    assertThat(result.userDetailList()).isEmpty();
    var role = result.roleDetailList().stream().filter(x -> x.roleName().equals("rec-aad-role")).findFirst()
        .orElseThrow();
    assertThat(role.path()).isEqualTo("/my-path/");
    assertThat(role.attachedManagedPolicies()).singleElement().satisfies(a -> assertThat(a.policyArn()).isEqualTo(policy));
    assertThat(role.rolePolicyList()).singleElement().satisfies(p -> {
      assertThat(p.policyName()).isEqualTo("inline");
      assertThat(URLDecoder.decode(p.policyDocument(), StandardCharsets.UTF_8)).isEqualTo(LIST_BUCKET);
    });
    assertThat(role.tags()).containsExactly(SOME, OTHER);
    assertThat(role.roleLastUsed()).isNotNull(); // RoleLastUsed {}
    assertThat(role.roleLastUsed().lastUsedDate()).isNull();
    assertThat(role.roleLastUsed().region()).isNull();
    assertThat(role.permissionsBoundary()).isNull();
    var profile = role.instanceProfileList().get(0);
    assertThat(profile.instanceProfileName()).isEqualTo("rec-aad-ip");
    assertThat(profile.hasTags()).isFalse();
    var inside = profile.roles().get(0);
    assertThat(inside.roleName()).isEqualTo("rec-aad-role");
    assertThat(inside.maxSessionDuration()).isNull();
    assertThat(inside.roleLastUsed()).isNull();
    assertThat(inside.hasTags()).isFalse();
  }

  @Test
  void userFilter() {
    root.createUser(r -> r.userName("rec-aad-user").tags(SOME, OTHER));
    root.createGroup(r -> r.groupName("rec-aad-user-g"));
    root.addUserToGroup(r -> r.userName("rec-aad-user").groupName("rec-aad-user-g"));
    String policy = root.createPolicy(r -> r.policyName("rec-aad-user-p").policyDocument(LIST_BUCKET)).policy().arn();
    root.attachUserPolicy(r -> r.userName("rec-aad-user").policyArn(policy));
    root.putUserPolicy(r -> r.userName("rec-aad-user").policyName("inline").policyDocument(LIST_BUCKET));
    var result = details(EntityType.USER); // user-filter-result
    assertThat(result.roleDetailList()).isEmpty();
    assertThat(result.groupDetailList()).isEmpty();
    assertThat(result.policies()).isEmpty();
    var user = result.userDetailList().stream().filter(x -> x.userName().equals("rec-aad-user")).findFirst()
        .orElseThrow();
    assertThat(user.groupList()).containsExactly("rec-aad-user-g");
    assertThat(user.attachedManagedPolicies()).singleElement().satisfies(a -> assertThat(a.policyArn()).isEqualTo(policy));
    assertThat(user.userPolicyList()).singleElement().satisfies(p -> assertThat(p.policyName()).isEqualTo("inline"));
    assertThat(user.tags()).containsExactly(SOME, OTHER);
    assertThat(user.permissionsBoundary()).isNull();
  }

  @Test
  void groupAndLocalPolicyFilters() {
    root.createGroup(r -> r.groupName("rec-aad-group"));
    String policy = root.createPolicy(r -> r.policyName("rec-aad-group-p").policyDocument(LIST_BUCKET)).policy().arn();
    root.attachGroupPolicy(r -> r.groupName("rec-aad-group").policyArn(policy));
    root.putGroupPolicy(r -> r.groupName("rec-aad-group").policyName("inline").policyDocument(LIST_BUCKET));
    var groups = details(EntityType.GROUP); // group-filter-result
    assertThat(groups.userDetailList()).isEmpty();
    var group = groups.groupDetailList().stream().filter(x -> x.groupName().equals("rec-aad-group")).findFirst()
        .orElseThrow();
    assertThat(group.path()).isEqualTo("/");
    assertThat(group.attachedManagedPolicies()).singleElement().satisfies(a -> assertThat(a.policyArn()).isEqualTo(policy));
    assertThat(group.groupPolicyList()).singleElement().satisfies(p -> assertThat(p.policyName()).isEqualTo("inline"));

    String lone = root.createPolicy(r -> r.policyName("rec-aad-local").policyDocument(LIST_BUCKET)).policy().arn();
    var local = details(EntityType.LOCAL_MANAGED_POLICY); // local-managed-policy-filter-result
    assertThat(local.roleDetailList()).isEmpty();
    assertThat(local.groupDetailList()).isEmpty();
    var detail = local.policies().stream().filter(p -> p.arn().equals(lone)).findFirst().orElseThrow();
    assertThat(detail.attachmentCount()).isZero();
    assertThat(detail.permissionsBoundaryUsageCount()).isZero();
    assertThat(detail.isAttachable()).isTrue();
    assertThat(detail.defaultVersionId()).isEqualTo("v1");
    assertThat(detail.description()).isNull();
    assertThat(detail.policyVersionList()).singleElement().satisfies(v -> {
      assertThat(v.versionId()).isEqualTo("v1");
      assertThat(v.isDefaultVersion()).isTrue();
      assertThat(URLDecoder.decode(v.document(), StandardCharsets.UTF_8)).isEqualTo(LIST_BUCKET);
    });
  }

  @Test
  void credentialReportBeforeGenerated() {
    // get-credential-report-without-generate-error: 410 ReportNotPresent, and no message at all
    awsError(() -> root.getCredentialReport(), 410, "ReportNotPresent", null);
  }
}
