package dev.iamlocal.server.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iamlocal.server.ServerFixture;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.model.ListRolesResponse;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * The calls of LocalStack's AWS-recorded {@code tests/aws/services/iam/test_iam_roles.snapshot.json}
 * (recorded 2026-02-11), replayed with the SDK against the server: status, code and message of every
 * recorded error, and the members every recorded answer has or lacks. Each test is one recorded test
 * of that file; its keys ("get-role-error", …) are named in the comments.
 */
class RecordedRoleAnswersSdkTest extends ServerFixture {

  /** The recordings' trust policy: EC2 may assume the role. */
  static final String EC2_TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
      + "\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

  /** Asserts that the call fails with AWS's status, code and message, all three. */
  static void awsError(ThrowingCallable call, int status, String code, String message) {
    assertThatThrownBy(call).isInstanceOfSatisfying(AwsServiceException.class, e -> {
      assertThat(e.awsErrorDetails().errorCode()).as("code").isEqualTo(code);
      assertThat(e.awsErrorDetails().errorMessage()).as("message").isEqualTo(message);
      assertThat(e.statusCode()).as("status").isEqualTo(status);
    });
  }

  private Role create(String name) {
    return root.createRole(r -> r.roleName(name).assumeRolePolicyDocument(EC2_TRUST)).role();
  }

  private static List<Tag> tags(int n) {
    List<Tag> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add(Tag.builder().key("k" + i).value("v").build());
    }
    return all;
  }

  @Test
  void roleErrors() {
    String missing = "test-nonexistent-role";
    String notFound = "The role with name test-nonexistent-role cannot be found.";
    awsError(() -> root.getRole(r -> r.roleName(missing)), 404, "NoSuchEntity", notFound); // get-role-error
    awsError(() -> root.updateRole(r -> r.roleName(missing).description("d")), 404, "NoSuchEntity", notFound);
    awsError(() -> root.deleteRole(r -> r.roleName(missing)), 404, "NoSuchEntity", notFound);
    create("rec-dup"); // create-role-for-duplicate-test
    awsError(() -> create("rec-dup"), 409, "EntityAlreadyExists", "Role with name rec-dup already exists.");
  }

  @Test
  void createRoleDefaults() {
    Role created = create("rec-defaults"); // create-role-response
    assertThat(created.path()).isEqualTo("/");
    assertThat(created.maxSessionDuration()).isNull();
    assertThat(created.roleLastUsed()).isNull();
    assertThat(created.hasTags()).isFalse();
    Role got = root.getRole(r -> r.roleName("rec-defaults")).role(); // get-role-response
    assertThat(got.maxSessionDuration()).isEqualTo(3600);
    assertThat(got.roleLastUsed()).isNotNull();
    assertThat(got.roleLastUsed().lastUsedDate()).isNull();
    assertThat(got.roleLastUsed().region()).isNull();
    assertThat(got.description()).isNull();
    assertThat(got.hasTags()).isFalse();
  }

  @Test
  void deleteRoleWithAttachedOrInlinePolicy() {
    create("rec-attached");
    String arn = root.createPolicy(r -> r.policyName("rec-attached-p").policyDocument(allow("s3:*", "*")))
        .policy().arn();
    root.attachRolePolicy(r -> r.roleName("rec-attached").policyArn(arn));
    awsError(() -> root.deleteRole(r -> r.roleName("rec-attached")), 409, "DeleteConflict",
        "Cannot delete entity, must detach all policies first."); // delete-role-with-policy-error
    root.detachRolePolicy(r -> r.roleName("rec-attached").policyArn(arn));
    root.deleteRole(r -> r.roleName("rec-attached"));
    awsError(() -> root.getRole(r -> r.roleName("rec-attached")), 404, "NoSuchEntity",
        "The role with name rec-attached cannot be found."); // get-role-after-deletion-error

    create("rec-inline");
    root.putRolePolicy(r -> r.roleName("rec-inline").policyName("p").policyDocument(allow("s3:*", "*")));
    awsError(() -> root.deleteRole(r -> r.roleName("rec-inline")), 409, "DeleteConflict",
        "Cannot delete entity, must delete policies first."); // delete-role-with-inline-policy-error
  }

  @Test
  void updateRole() {
    root.createRole(r -> r.roleName("rec-update").assumeRolePolicyDocument(EC2_TRUST)
        .description("initial description"));
    assertThat(root.getRole(r -> r.roleName("rec-update")).role().description()).isEqualTo("initial description");
    // update-role-response: no members
    assertThat(root.updateRole(r -> r.roleName("rec-update").description("updated description")
        .maxSessionDuration(7200)).sdkHttpResponse().isSuccessful()).isTrue();
    Role got = root.getRole(r -> r.roleName("rec-update")).role(); // get-role-after-update
    assertThat(got.description()).isEqualTo("updated description");
    assertThat(got.maxSessionDuration()).isEqualTo(7200);
    // update-role-description-response: Description, but neither MaxSessionDuration nor RoleLastUsed
    Role described = root.updateRoleDescription(r -> r.roleName("rec-update")
        .description("description via update_role_description")).role();
    assertThat(described.description()).isEqualTo("description via update_role_description");
    assertThat(described.maxSessionDuration()).isNull();
    assertThat(described.roleLastUsed()).isNull();
    // update-role-defaults-response: an UpdateRole naming nothing changes nothing
    root.updateRole(r -> r.roleName("rec-update"));
    Role after = root.getRole(r -> r.roleName("rec-update")).role(); // get-role-after-defaults
    assertThat(after.description()).isEqualTo("description via update_role_description");
    assertThat(after.maxSessionDuration()).isEqualTo(7200);
  }

  @Test
  void updateAssumeRolePolicyErrors() {
    create("rec-trust");
    awsError(() -> root.updateAssumeRolePolicy(r -> r.roleName("rec-trust").policyDocument("not valid json")), 400,
        "MalformedPolicyDocument", "This policy contains invalid Json"); // invalid-json-error
    awsError(() -> root.updateAssumeRolePolicy(r -> r.roleName("rec-trust").policyDocument(
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
            + "\"ec2.amazonaws.com\"},\"Action\":\"sts:InvalidAction\"}]}")), 400,
        "MalformedPolicyDocument", "AssumeRole policy may only specify STS AssumeRole actions."); // invalid-action-error
    awsError(() -> root.updateAssumeRolePolicy(r -> r.roleName("rec-trust").policyDocument(
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
            + "\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}]}")), 400,
        "MalformedPolicyDocument", "Has prohibited field Resource"); // resource-field-error
  }

  @Test
  void roleInlinePolicyLifecycle() {
    create("rec-inline-life");
    String doc = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:ListBucket\","
        + "\"Resource\":\"arn:aws:s3:::example_bucket\"}}";
    root.putRolePolicy(r -> r.roleName("rec-inline-life").policyName("p1").policyDocument(doc));
    var got = root.getRolePolicy(r -> r.roleName("rec-inline-life").policyName("p1")); // get-role-policy-1
    assertThat(got.roleName()).isEqualTo("rec-inline-life");
    assertThat(got.policyName()).isEqualTo("p1");
    assertThat(java.net.URLDecoder.decode(got.policyDocument(), java.nio.charset.StandardCharsets.UTF_8))
        .contains("\"Statement\":{");
    root.putRolePolicy(r -> r.roleName("rec-inline-life").policyName("p2").policyDocument(doc));
    var listed = root.listRolePolicies(r -> r.roleName("rec-inline-life")); // list-role-policies-2
    assertThat(listed.policyNames()).containsExactly("p1", "p2");
    assertThat(listed.isTruncated()).isFalse();
    root.deleteRolePolicy(r -> r.roleName("rec-inline-life").policyName("p1"));
    assertThat(root.listRolePolicies(r -> r.roleName("rec-inline-life")).policyNames()).containsExactly("p2");
    String gone = "The role policy with name p1 cannot be found.";
    awsError(() -> root.getRolePolicy(r -> r.roleName("rec-inline-life").policyName("p1")), 404, "NoSuchEntity",
        gone); // get-deleted-policy-error
    awsError(() -> root.deleteRolePolicy(r -> r.roleName("rec-inline-life").policyName("p1")), 404,
        "NoSuchEntity", gone); // delete-nonexistent-policy-error
  }

  @Test
  void roleManagedPolicyErrors() {
    create("rec-managed");
    var empty = root.listAttachedRolePolicies(r -> r.roleName("rec-managed")); // list-attached-policies-empty
    assertThat(empty.hasAttachedPolicies()).isTrue();
    assertThat(empty.attachedPolicies()).isEmpty();
    assertThat(empty.isTruncated()).isFalse();
    String arn = root.createPolicy(r -> r.policyName("rec-managed-p").policyDocument(allow("s3:*", "*")))
        .policy().arn();
    awsError(() -> root.detachRolePolicy(r -> r.roleName("rec-managed").policyArn(arn)), 404, "NoSuchEntity",
        "Policy " + arn + " was not found."); // detach-not-attached-policy-error
    awsError(() -> root.attachRolePolicy(r -> r.roleName("rec-managed").policyArn("longpolicynamebutnoarn")), 400,
        "ValidationError", "ARN longpolicynamebutnoarn is not valid."); // non-existent-malformed-policy-arn
    awsError(() -> root.attachRolePolicy(r -> r.roleName("rec-managed").policyArn("rec-managed-p")), 400,
        "ValidationError", "ARN rec-managed-p is not valid."); // existing-policy-name-provided
    String nonexistent = "arn:aws:iam::" + acct() + ":policy/nonexistent-policy";
    awsError(() -> root.attachRolePolicy(r -> r.roleName("rec-managed").policyArn(nonexistent)), 404,
        "NoSuchEntity", "Policy " + nonexistent + " does not exist or is not attachable."); // attach-nonexistent
  }

  @Test
  void roleWithTags() {
    Tag tag = Tag.builder().key("test").value("value").build();
    Role created = root.createRole(r -> r.roleName("rec-tagged").path("/role-with-tags/")
        .assumeRolePolicyDocument(EC2_TRUST).tags(tag)).role(); // create-role-response
    assertThat(created.tags()).containsExactly(tag);
    assertThat(root.getRole(r -> r.roleName("rec-tagged")).role().tags()).containsExactly(tag); // get-role-response
    Role listed = root.listRoles(r -> r.pathPrefix("/role-with-tags/")).roles().get(0); // list-role-response
    assertThat(listed.hasTags()).isFalse();
    assertThat(listed.maxSessionDuration()).isEqualTo(3600);
    Tag empty = Tag.builder().key("emptykey").value("").build();
    assertThat(root.createRole(r -> r.roleName("rec-empty-tag").assumeRolePolicyDocument(EC2_TRUST).tags(empty))
        .role().tags()).containsExactly(empty); // create-role-empty-tag-value
    assertThat(root.listRoleTags(r -> r.roleName("rec-empty-tag")).tags()).containsExactly(empty);
  }

  @Test
  void roleTagOperations() {
    create("rec-tag-ops");
    assertThat(root.getRole(r -> r.roleName("rec-tag-ops")).role().hasTags()).isFalse(); // get-role-no-tags
    Tag some = Tag.builder().key("somekey").value("somevalue").build();
    Tag other = Tag.builder().key("someotherkey").value("someothervalue").build();
    root.tagRole(r -> r.roleName("rec-tag-ops").tags(some, other));
    assertThat(root.getRole(r -> r.roleName("rec-tag-ops")).role().tags()).containsExactly(some, other);
    assertThat(root.listRoleTags(r -> r.roleName("rec-tag-ops")).tags()).containsExactly(some, other);
    root.tagRole(r -> r.roleName("rec-tag-ops").tags(Tag.builder().key("somekey").value("updatedvalue").build()));
    assertThat(root.listRoleTags(r -> r.roleName("rec-tag-ops")).tags())
        .containsExactly(Tag.builder().key("somekey").value("updatedvalue").build(), other); // after-update
    root.tagRole(r -> r.roleName("rec-tag-ops").tags(Tag.builder().key("somekey").value("").build()));
    assertThat(root.listRoleTags(r -> r.roleName("rec-tag-ops")).tags().get(0).value()).isEmpty();
    root.untagRole(r -> r.roleName("rec-tag-ops").tagKeys("somekey"));
    assertThat(root.listRoleTags(r -> r.roleName("rec-tag-ops")).tags()).containsExactly(other); // after-untag
    root.untagRole(r -> r.roleName("rec-tag-ops").tagKeys("someotherkey"));
    var none = root.listRoleTags(r -> r.roleName("rec-tag-ops")); // list-role-tags-empty
    assertThat(none.hasTags()).isTrue();
    assertThat(none.tags()).isEmpty();
    assertThat(none.isTruncated()).isFalse();
  }

  @Test
  void roleTagErrors() {
    String missing = "test-nonexistent-role";
    String notFound = "The role with name test-nonexistent-role cannot be found.";
    Tag t = Tag.builder().key("k").value("v").build();
    awsError(() -> root.tagRole(r -> r.roleName(missing).tags(t)), 404, "NoSuchEntity", notFound);
    awsError(() -> root.untagRole(r -> r.roleName(missing).tagKeys("k")), 404, "NoSuchEntity", notFound);
    awsError(() -> root.listRoleTags(r -> r.roleName(missing)), 404, "NoSuchEntity", notFound);
    String tooMany = "1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have"
        + " length less than or equal to 50";
    awsError(() -> root.createRole(r -> r.roleName("rec-tag-err").assumeRolePolicyDocument(EC2_TRUST)
        .tags(tags(51))), 400, "ValidationError", tooMany); // create-role-too-many-tags
    create("rec-tag-err");
    awsError(() -> root.tagRole(r -> r.roleName("rec-tag-err").tags(tags(51))), 400, "ValidationError", tooMany);
    String duplicate = "Duplicate tag keys found. Please note that Tag keys are case insensitive.";
    Tag a = Tag.builder().key("dup").value("1").build();
    awsError(() -> root.createRole(r -> r.roleName("rec-tag-dup").assumeRolePolicyDocument(EC2_TRUST)
        .tags(a, Tag.builder().key("dup").value("2").build())), 400, "InvalidInput", duplicate);
    awsError(() -> root.createRole(r -> r.roleName("rec-tag-dup").assumeRolePolicyDocument(EC2_TRUST)
        .tags(a, Tag.builder().key("DUP").value("2").build())), 400, "InvalidInput", duplicate);
    awsError(() -> root.tagRole(r -> r.roleName("rec-tag-err").tags(a, Tag.builder().key("dup").value("2").build())),
        400, "InvalidInput", duplicate); // tag-role-duplicate-tags
    awsError(() -> root.tagRole(r -> r.roleName("rec-tag-err").tags(a, Tag.builder().key("Dup").value("2").build())),
        400, "InvalidInput", duplicate); // tag-role-duplicate-tags-different-case
    Tag longKey = Tag.builder().key("k".repeat(129)).value("v").build();
    Tag longValue = Tag.builder().key("k").value("v".repeat(257)).build();
    Tag badChar = Tag.builder().key("bad*key").value("v").build();
    String keyTooLong = "1 validation error detected: Value at 'tags.1.member.key' failed to satisfy constraint: Member"
        + " must have length less than or equal to 128";
    String valueTooLong = "1 validation error detected: Value at 'tags.1.member.value' failed to satisfy constraint:"
        + " Member must have length less than or equal to 256";
    String keyPattern = "1 validation error detected: Value at 'tags.1.member.key' failed to satisfy constraint: Member"
        + " must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+";
    awsError(() -> root.createRole(r -> r.roleName("rec-tag-x").assumeRolePolicyDocument(EC2_TRUST).tags(longKey)),
        400, "ValidationError", keyTooLong);
    awsError(() -> root.createRole(r -> r.roleName("rec-tag-x").assumeRolePolicyDocument(EC2_TRUST).tags(longValue)),
        400, "ValidationError", valueTooLong);
    awsError(() -> root.createRole(r -> r.roleName("rec-tag-x").assumeRolePolicyDocument(EC2_TRUST).tags(badChar)),
        400, "ValidationError", keyPattern);
    awsError(() -> root.tagRole(r -> r.roleName("rec-tag-err").tags(longKey)), 400, "ValidationError", keyTooLong);
    awsError(() -> root.tagRole(r -> r.roleName("rec-tag-err").tags(longValue)), 400, "ValidationError", valueTooLong);
    awsError(() -> root.tagRole(r -> r.roleName("rec-tag-err").tags(badChar)), 400, "ValidationError", keyPattern);
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 51; i++) {
      keys.add("k" + i);
    }
    awsError(() -> root.untagRole(r -> r.roleName("rec-tag-err").tagKeys(keys)), 400, "ValidationError",
        "1 validation error detected: Value at 'tagKeys' failed to satisfy constraint: Member must have length less"
            + " than or equal to 50"); // untag-role-too-many-keys
    String memberConstraint = "1 validation error detected: Value at 'tagKeys' failed to satisfy constraint: Member"
        + " must satisfy constraint: [Member must have length less than or equal to 128, Member must have length"
        + " greater than or equal to 1, Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+,"
        + " Member must not be null]";
    awsError(() -> root.untagRole(r -> r.roleName("rec-tag-err").tagKeys("k".repeat(129))), 400, "ValidationError",
        memberConstraint); // untag-role-key-too-long
    awsError(() -> root.untagRole(r -> r.roleName("rec-tag-err").tagKeys("bad*key")), 400, "ValidationError",
        memberConstraint); // untag-role-invalid-char
  }

  @Test
  void listRolesPagination() {
    for (int i = 0; i < 5; i++) {
      int n = i;
      root.createRole(r -> r.roleName("rec-page-" + n).path("/rec-page/").assumeRolePolicyDocument(EC2_TRUST)
          .description(n % 2 == 0 ? "Role " + n : null));
    }
    List<Role> all = root.listRoles(r -> r.pathPrefix("/rec-page/")).roles(); // list-roles-with-path
    assertThat(all).extracting(Role::roleName)
        .containsExactly("rec-page-0", "rec-page-1", "rec-page-2", "rec-page-3", "rec-page-4");
    // ListRoles carries a role's Description when it has one (and never Tags nor RoleLastUsed)
    assertThat(all).extracting(Role::description).containsExactly("Role 0", null, "Role 2", null, "Role 4");
    ListRolesResponse first = root.listRoles(r -> r.pathPrefix("/rec-page/").maxItems(2)); // list-roles-max-items
    assertThat(first.isTruncated()).isTrue();
    assertThat(first.marker()).isNotBlank();
    assertThat(first.roles()).hasSize(2);
    ListRolesResponse rest = root.listRoles(r -> r.pathPrefix("/rec-page/").marker(first.marker()));
    assertThat(rest.isTruncated()).isFalse();
    assertThat(rest.marker()).isNull();
    assertThat(rest.roles()).extracting(Role::roleName).containsExactly("rec-page-2", "rec-page-3", "rec-page-4");
    ListRolesResponse none = root.listRoles(r -> r.pathPrefix("/rec-page-none/")); // list-roles-empty
    assertThat(none.hasRoles()).isTrue();
    assertThat(none.roles()).isEmpty();
    assertThat(none.isTruncated()).isFalse();
  }
}
