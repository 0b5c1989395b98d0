package dev.iamlocal.server.iam;

import dev.iamlocal.server.ServerFixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.model.EntityType;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.ListEntitiesForPolicyResponse;
import software.amazon.awssdk.services.iam.model.PolicyGroup;
import software.amazon.awssdk.services.iam.model.PolicyRole;
import software.amazon.awssdk.services.iam.model.PolicyUsageType;
import software.amazon.awssdk.services.iam.model.PolicyUser;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * IAM's answers to the existing operations where they are about behaviour rather than shape, each
 * test named after the AWS behaviour (AWS's recorded answers: LocalStack's snapshots recorded
 * against AWS, the IAM API reference and User Guide).
 */
class PolicySemanticsSdkTest extends ServerFixture {

  static final String DOC = allow("s3:GetObject", "*");
  static final String READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";

  private static void assertError(Runnable call, int status, String code, String message) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(IamException.class, e -> {
      assertThat(e.statusCode()).isEqualTo(status);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
      assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
    });
  }

  @Test
  void aPolicyArnThatIsNoArnIsValidationErrorAndAnArnOfNoPolicyIsInvalidInput() {
    root.createUser(r -> r.userName("arn-user"));
    for (String arn : List.of("arn:aws:iam::aws:policy/", "arn:aws:s3:::bucket/policy/x",
        "arn:aws:iam:us-east-1:" + acct() + ":policy/p", "arn:aws:iam::" + acct() + ":user/arn-user",
        "arn:aws-cn:iam::" + acct() + ":policy/p", "arn:aws:iam::12345:policy/p",
        "arn:aws:iam::aws:policy/arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess")) {
      String message = "ARN " + arn + " is not valid.";
      List<Runnable> calls = List.of(
          () -> root.getPolicy(r -> r.policyArn(arn)),
          () -> root.deletePolicy(r -> r.policyArn(arn)),
          () -> root.getPolicyVersion(r -> r.policyArn(arn).versionId("v1")),
          () -> root.createPolicyVersion(r -> r.policyArn(arn).policyDocument(DOC)),
          () -> root.listPolicyVersions(r -> r.policyArn(arn)),
          () -> root.setDefaultPolicyVersion(r -> r.policyArn(arn).versionId("v1")),
          () -> root.attachUserPolicy(r -> r.userName("arn-user").policyArn(arn)),
          () -> root.detachUserPolicy(r -> r.userName("arn-user").policyArn(arn)),
          () -> root.listEntitiesForPolicy(r -> r.policyArn(arn)),
          () -> root.tagPolicy(r -> r.policyArn(arn).tags(Tag.builder().key("k").value("v").build())),
          () -> root.listPolicyTags(r -> r.policyArn(arn)));
      for (Runnable call : calls) {
        assertError(call, 400, "InvalidInput", message);
      }
    }
    // no ARN at all (a policy's bare name, 20 characters or more): ValidationError, same words
    root.createRole(r -> r.roleName("arn-role").assumeRolePolicyDocument(trust("arn:aws:iam::" + acct() + ":root")));
    assertError(() -> root.attachRolePolicy(r -> r.roleName("arn-role").policyArn("longpolicynamebutnoarn")), 400,
        "ValidationError", "ARN longpolicynamebutnoarn is not valid.");
    assertError(() -> root.getPolicy(r -> r.policyArn("policy/longpolicynamebutnoarn")), 400, "ValidationError",
        "ARN policy/longpolicynamebutnoarn is not valid.");
    // a permissions boundary is read the same way
    String notAPolicy = "arn:aws:iam::" + acct() + ":not_a_policy/invalid";
    assertError(() -> root.putRolePermissionsBoundary(r -> r.roleName("arn-role").permissionsBoundary(notAPolicy)),
        400, "InvalidInput", "ARN " + notAPolicy + " is not valid.");
    assertError(() -> root.createRole(r -> r.roleName("arn-role-2").permissionsBoundary(notAPolicy)
        .assumeRolePolicyDocument(trust("arn:aws:iam::" + acct() + ":root"))), 400, "InvalidInput",
        "ARN " + notAPolicy + " is not valid.");
    assertError(() -> root.createUser(r -> r.userName("arn-user-2").permissionsBoundary(notAPolicy)), 400,
        "InvalidInput", "ARN " + notAPolicy + " is not valid.");
    assertError(() -> root.putUserPermissionsBoundary(r -> r.userName("arn-user")
        .permissionsBoundary("arn:aws:iam::" + acct() + ":policy/nonexistent-policy")), 404, "NoSuchEntity",
        "Scope ARN: arn:aws:iam::" + acct() + ":policy/nonexistent-policy does not exist or is not attachable.");
    // shorter than the model's 20 characters: the model's ValidationError comes first
    assertThatThrownBy(() -> root.getPolicy(r -> r.policyArn("not-an-arn"))).isInstanceOfSatisfying(
        IamException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError"));
    // a well-formed ARN of a policy that does not exist stays NoSuchEntity
    assertError(() -> root.getPolicy(r -> r.policyArn("arn:aws:iam::" + acct() + ":policy/none")), 404,
        "NoSuchEntity", "Policy arn:aws:iam::" + acct() + ":policy/none was not found.");
  }

  @Test
  void changingAnAwsManagedPolicyIsAccessDeniedEvenForTheRootUser() {
    String caller = "arn:aws:iam::" + acct() + ":root";
    record Change(String action, Runnable call) { }
    List<Change> changes = List.of(
        new Change("iam:DeletePolicy", () -> root.deletePolicy(r -> r.policyArn(READ_ONLY))),
        new Change("iam:CreatePolicyVersion", () -> root.createPolicyVersion(r -> r.policyArn(READ_ONLY)
            .policyDocument(DOC))),
        new Change("iam:DeletePolicyVersion", () -> root.deletePolicyVersion(r -> r.policyArn(READ_ONLY)
            .versionId("v1"))),
        new Change("iam:SetDefaultPolicyVersion", () -> root.setDefaultPolicyVersion(r -> r.policyArn(READ_ONLY)
            .versionId("v1"))),
        new Change("iam:TagPolicy", () -> root.tagPolicy(r -> r.policyArn(READ_ONLY)
            .tags(Tag.builder().key("k").value("v").build()))),
        new Change("iam:UntagPolicy", () -> root.untagPolicy(r -> r.policyArn(READ_ONLY).tagKeys("k"))));
    for (Change change : changes) {
      assertError(change.call(), 403, "AccessDenied", "User: " + caller + " is not authorized to perform: "
          + change.action() + " on resource: policy " + READ_ONLY);
    }
    // an administrator of the account is refused as well
    AwsBasicCredentials admin = userWithPolicy("managed-admin", allow("*", "*"));
    assertThatThrownBy(() -> iam(admin).deletePolicy(r -> r.policyArn(READ_ONLY))).isInstanceOfSatisfying(
        IamException.class, e -> assertThat(e.statusCode()).isEqualTo(403));
    // still there, without tags
    assertThat(root.getPolicy(r -> r.policyArn(READ_ONLY)).policy().arn()).isEqualTo(READ_ONLY);
    assertThat(root.listPolicyTags(r -> r.policyArn(READ_ONLY)).tags()).isEmpty();
  }

  @Test
  void theLastUseOfAnUnknownAccessKeyIsAccessDenied() {
    String caller = "arn:aws:iam::" + acct() + ":root";
    assertError(() -> root.getAccessKeyLastUsed(r -> r.accessKeyId("AKIAIOSFODNN7EXAMPLE")), 403, "AccessDenied",
        "User: " + caller + " is not authorized to perform iam:GetAccessKeyLastUsed on resource: access key"
            + " AKIAIOSFODNN7EXAMPLE");
    // a known, unused key: N/A for service and region, no date
    root.createUser(r -> r.userName("unused-key"));
    String id = root.createAccessKey(r -> r.userName("unused-key")).accessKey().accessKeyId();
    var used = root.getAccessKeyLastUsed(r -> r.accessKeyId(id));
    assertThat(used.userName()).isEqualTo("unused-key");
    assertThat(used.accessKeyLastUsed().serviceName()).isEqualTo("N/A");
    assertThat(used.accessKeyLastUsed().region()).isEqualTo("N/A");
    assertThat(used.accessKeyLastUsed().lastUsedDate()).isNull();
  }

  @Test
  void removingAnExistingUserWhoIsNotAMemberSucceeds() {
    root.createUser(r -> r.userName("outsider"));
    root.createGroup(r -> r.groupName("club"));
    root.removeUserFromGroup(r -> r.groupName("club").userName("outsider"));
    assertThat(root.getGroup(r -> r.groupName("club")).users()).isEmpty();
    // the group and the user must still exist
    assertError(() -> root.removeUserFromGroup(r -> r.groupName("no-club").userName("outsider")), 404,
        "NoSuchEntity", "The group with name no-club cannot be found.");
    assertError(() -> root.removeUserFromGroup(r -> r.groupName("club").userName("nobody")), 404,
        "NoSuchEntity", "The user with name nobody cannot be found.");
    // neither exists: the user is named (AWS's recorded answer)
    assertError(() -> root.removeUserFromGroup(r -> r.groupName("no-club").userName("any-user")), 404,
        "NoSuchEntity", "The user with name any-user cannot be found.");
  }

  @Test
  void listEntitiesForPolicyFiltersByEntityTypeAndUsage() {
    String arn = root.createPolicy(r -> r.policyName("entities").policyDocument(DOC)).policy().arn();
    root.createUser(r -> r.userName("e-user"));
    root.createGroup(r -> r.groupName("e-group"));
    root.createRole(r -> r.roleName("e-role").assumeRolePolicyDocument(trust("arn:aws:iam::" + acct() + ":root")));
    root.createUser(r -> r.userName("e-bounded"));
    root.attachUserPolicy(r -> r.userName("e-user").policyArn(arn));
    root.attachGroupPolicy(r -> r.groupName("e-group").policyArn(arn));
    root.attachRolePolicy(r -> r.roleName("e-role").policyArn(arn));
    root.putUserPermissionsBoundary(r -> r.userName("e-bounded").permissionsBoundary(arn));

    ListEntitiesForPolicyResponse all = root.listEntitiesForPolicy(r -> r.policyArn(arn));
    assertThat(all.policyGroups()).extracting(PolicyGroup::groupName).containsExactly("e-group");
    assertThat(all.policyUsers()).extracting(PolicyUser::userName).containsExactly("e-bounded", "e-user");
    assertThat(all.policyRoles()).extracting(PolicyRole::roleName).containsExactly("e-role");

    var users = root.listEntitiesForPolicy(r -> r.policyArn(arn).entityFilter(EntityType.USER));
    assertThat(users.policyUsers()).extracting(PolicyUser::userName).containsExactly("e-bounded", "e-user");
    assertThat(users.policyGroups()).isEmpty();
    assertThat(users.policyRoles()).isEmpty();
    var roles = root.listEntitiesForPolicy(r -> r.policyArn(arn).entityFilter(EntityType.ROLE));
    assertThat(roles.policyRoles()).extracting(PolicyRole::roleName).containsExactly("e-role");
    assertThat(roles.policyUsers()).isEmpty();
    for (EntityType policyKind : List.of(EntityType.LOCAL_MANAGED_POLICY, EntityType.AWS_MANAGED_POLICY)) {
      var none = root.listEntitiesForPolicy(r -> r.policyArn(arn).entityFilter(policyKind));
      assertThat(none.policyGroups()).isEmpty();
      assertThat(none.policyUsers()).isEmpty();
      assertThat(none.policyRoles()).isEmpty();
      assertThat(none.isTruncated()).isFalse();
    }
    var attached = root.listEntitiesForPolicy(r -> r.policyArn(arn)
        .policyUsageFilter(PolicyUsageType.PERMISSIONS_POLICY));
    assertThat(attached.policyUsers()).extracting(PolicyUser::userName).containsExactly("e-user");
    assertThat(attached.policyGroups()).hasSize(1);
    var bounding = root.listEntitiesForPolicy(r -> r.policyArn(arn)
        .policyUsageFilter(PolicyUsageType.PERMISSIONS_BOUNDARY));
    assertThat(bounding.policyUsers()).extracting(PolicyUser::userName).containsExactly("e-bounded");
    assertThat(bounding.policyGroups()).isEmpty();
    assertThat(bounding.policyRoles()).isEmpty();

    // GetPolicy and ListPolicies count the boundary use
    assertThat(root.getPolicy(r -> r.policyArn(arn)).policy().permissionsBoundaryUsageCount()).isEqualTo(1);
    assertThat(root.listPolicies(r -> r.scope("Local")).policies()).filteredOn(pl -> pl.arn().equals(arn))
        .singleElement().satisfies(pl -> {
          assertThat(pl.permissionsBoundaryUsageCount()).isEqualTo(1);
          assertThat(pl.attachmentCount()).isEqualTo(3);
        });
    root.deleteUserPermissionsBoundary(r -> r.userName("e-bounded"));
    assertThat(root.getPolicy(r -> r.policyArn(arn)).policy().permissionsBoundaryUsageCount()).isZero();

    assertError(() -> root.listEntitiesForPolicy(r -> r.policyArn("arn:aws:iam::" + acct() + ":policy/NonExistent")),
        404, "NoSuchEntity", "Policy arn:aws:iam::" + acct() + ":policy/NonExistent does not exist or is not"
            + " attachable.");
  }

  @Test
  void listPathPrefixesNeedNotBeWholePaths() {
    String trust = trust("arn:aws:iam::" + acct() + ":root");
    root.createRole(r -> r.roleName("prefixed-role").path("/mything/").assumeRolePolicyDocument(trust));
    root.createGroup(r -> r.groupName("prefixed-group").path("/mything/"));
    root.createUser(r -> r.userName("prefixed-user").path("/mything/"));
    assertThat(root.listRoles(r -> r.pathPrefix("/my")).roles()).extracting(Role::roleName)
        .containsExactly("prefixed-role");
    assertThat(root.listGroups(r -> r.pathPrefix("/my")).groups()).extracting(g -> g.groupName())
        .containsExactly("prefixed-group");
    assertThat(root.listUsers(r -> r.pathPrefix("/my")).users()).extracting(u -> u.userName())
        .containsExactly("prefixed-user");
    // ListPolicies' PathPrefix is a policy path (the model's policyPathType): "/my" is refused
    assertThatThrownBy(() -> root.listPolicies(r -> r.pathPrefix("/my"))).isInstanceOfSatisfying(IamException.class,
        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError"));
  }

  @Test
  void policyTagKeysAreCaseSensitiveAndListedShortestFirst() {
    Tag lower = Tag.builder().key("a").value("lowercase").build();
    Tag upper = Tag.builder().key("A").value("uppercase").build();
    String arn = root.createPolicy(r -> r.policyName("case-tags").policyDocument(DOC).tags(lower, upper)).policy()
        .arn();
    assertThat(root.listPolicyTags(r -> r.policyArn(arn)).tags()).extracting(Tag::key).containsExactly("A", "a");
    root.untagPolicy(r -> r.policyArn(arn).tagKeys("a"));
    assertThat(root.listPolicyTags(r -> r.policyArn(arn)).tags()).containsExactly(upper);

    String ordered = root.createPolicy(r -> r.policyName("ordered-tags").policyDocument(DOC).tags(
        Tag.builder().key("abc").value("first").build(), Tag.builder().key("b").value("second").build(),
        Tag.builder().key("z").value("third").build(), Tag.builder().key("a").value("fourth").build()))
        .policy().arn();
    assertThat(root.listPolicyTags(r -> r.policyArn(ordered)).tags()).extracting(Tag::key)
        .containsExactly("a", "b", "z", "abc");
    var page1 = root.listPolicyTags(r -> r.policyArn(ordered).maxItems(3));
    assertThat(page1.isTruncated()).isTrue();
    assertThat(root.listPolicyTags(r -> r.policyArn(ordered).marker(page1.marker())).tags()).extracting(Tag::key)
        .containsExactly("abc");

    // the same key twice is still refused, in IAM's words for policies
    assertError(() -> root.createPolicy(r -> r.policyName("dup-tags").policyDocument(DOC).tags(lower, lower)), 400,
        "InvalidInput", "Duplicate tag keys found.");
    assertError(() -> root.tagPolicy(r -> r.policyArn(arn).tags(lower, lower)), 400, "InvalidInput",
        "Duplicate tag keys found.");
    // tagging "a" beside "A" adds a tag
    root.tagPolicy(r -> r.policyArn(arn).tags(lower));
    assertThat(root.listPolicyTags(r -> r.policyArn(arn)).tags()).containsExactly(upper, lower);
  }

  @Test
  void userAndRoleTagsAreListedByKeyNotByLength() {
    // AWS's recorded ListUserTags: Environment before Team (a policy's would list Team first)
    root.createUser(r -> r.userName("tag-order-user").tags(Tag.builder().key("Team").value("Platform").build(),
        Tag.builder().key("Environment").value("Test").build()));
    assertThat(root.listUserTags(r -> r.userName("tag-order-user")).tags()).extracting(Tag::key)
        .containsExactly("Environment", "Team");
    root.createRole(r -> r.roleName("tag-order-role").assumeRolePolicyDocument(trust("arn:aws:iam::" + acct()
        + ":root")).tags(Tag.builder().key("someotherkey").value("2").build(),
            Tag.builder().key("somekey").value("1").build()));
    assertThat(root.listRoleTags(r -> r.roleName("tag-order-role")).tags()).extracting(Tag::key)
        .containsExactly("somekey", "someotherkey");
  }

  @Test
  void userAndRoleTagKeysAreCaseInsensitive() {
    root.createUser(r -> r.userName("tag-case-user").tags(Tag.builder().key("Dept").value("finance").build()));
    // the same key in another case replaces the tag
    root.tagUser(r -> r.userName("tag-case-user").tags(Tag.builder().key("dept").value("hr").build()));
    assertThat(root.listUserTags(r -> r.userName("tag-case-user")).tags()).singleElement()
        .extracting(Tag::value).isEqualTo("hr");
    root.untagUser(r -> r.userName("tag-case-user").tagKeys("DEPT"));
    assertThat(root.listUserTags(r -> r.userName("tag-case-user")).tags()).isEmpty();
    assertError(() -> root.tagRole(r -> r.roleName("none").tags(Tag.builder().key("a").value("1").build(),
        Tag.builder().key("A").value("2").build())), 400, "InvalidInput",
        "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
  }

  @Test
  void aPolicyThatIsAPermissionsBoundaryCannotBeDeleted() {
    String arn = root.createPolicy(r -> r.policyName("boundary-only").policyDocument(DOC)).policy().arn();
    root.createRole(r -> r.roleName("bounded-role").permissionsBoundary(arn)
        .assumeRolePolicyDocument(trust("arn:aws:iam::" + acct() + ":root")));
    assertError(() -> root.deletePolicy(r -> r.policyArn(arn)), 409, "DeleteConflict",
        "Cannot delete a policy attached to entities.");
    root.deleteRolePermissionsBoundary(r -> r.roleName("bounded-role"));
    root.deletePolicy(r -> r.policyArn(arn));
  }

  @Test
  void policyVersionErrorsOfAMissingPolicyNameTheVersion() {
    String missing = "arn:aws:iam::" + acct() + ":policy/TestNonExistingPolicy";
    assertError(() -> root.getPolicyVersion(r -> r.policyArn(missing).versionId("v1")), 404, "NoSuchEntity",
        "Policy " + missing + " version v1 does not exist or is not attachable.");
    assertError(() -> root.setDefaultPolicyVersion(r -> r.policyArn(missing).versionId("v1")), 404, "NoSuchEntity",
        "Policy " + missing + " version v1 does not exist or is not attachable.");
  }
}
