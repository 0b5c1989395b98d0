package dev.iamlocal.server.iam;

import static dev.iamlocal.server.iam.RecordedRoleAnswersSdkTest.EC2_TRUST;
import static dev.iamlocal.server.iam.RecordedRoleAnswersSdkTest.awsError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.server.ServerFixture;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.PasswordPolicy;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * The calls of LocalStack's AWS-recorded {@code test_iam_instance_profiles.snapshot.json},
 * {@code test_iam_account_password_policy.snapshot.json} and {@code test_iam_account_aliases.snapshot.json}
 * (tests/aws/services/iam, recorded 2026-02), replayed with the SDK against the server: status, code and
 * message of every recorded error, and the members every recorded answer has or lacks. The recordings'
 * keys ("get-deleted-error", …) are named in the comments.
 */
class RecordedInstanceProfileAndAccountAnswersSdkTest extends ServerFixture {

  private static final String NO_PROFILE = "Instance Profile nonexistent-profile cannot be found.";

  private Role role(String name) {
    return root.createRole(r -> r.roleName(name).assumeRolePolicyDocument(EC2_TRUST)).role();
  }

  @Test
  void instanceProfileLifecycle() {
    InstanceProfile created = root.createInstanceProfile(r -> r.instanceProfileName("rec-ip").path("/rec-ip-path/"))
        .instanceProfile(); // create-instance-profile: Roles [], no Tags
    assertThat(created.arn()).isEqualTo("arn:aws:iam::" + acct() + ":instance-profile/rec-ip-path/rec-ip");
    assertThat(created.path()).isEqualTo("/rec-ip-path/");
    assertThat(created.instanceProfileId()).startsWith("AIPA");
    assertThat(created.hasRoles()).isTrue();
    assertThat(created.roles()).isEmpty();
    assertThat(created.hasTags()).isFalse();
    InstanceProfile got = root.getInstanceProfile(r -> r.instanceProfileName("rec-ip")).instanceProfile();
    assertThat(got.hasTags()).isTrue(); // get-instance-profile: Tags []
    assertThat(got.tags()).isEmpty();
    assertThat(got.roles()).isEmpty();
    InstanceProfile plain = root.createInstanceProfile(r -> r.instanceProfileName("rec-ip-default")).instanceProfile();
    assertThat(plain.path()).isEqualTo("/"); // create-instance-profile-default-path
    assertThat(plain.arn()).isEqualTo("arn:aws:iam::" + acct() + ":instance-profile/rec-ip-default");
    root.deleteInstanceProfile(r -> r.instanceProfileName("rec-ip"));
    awsError(() -> root.getInstanceProfile(r -> r.instanceProfileName("rec-ip")), 404, "NoSuchEntity",
        "Instance Profile rec-ip cannot be found."); // get-deleted-error
  }

  @Test
  void instanceProfileErrors() {
    awsError(() -> root.getInstanceProfile(r -> r.instanceProfileName("nonexistent-profile")), 404, "NoSuchEntity",
        NO_PROFILE); // get-nonexistent-error
    root.createInstanceProfile(r -> r.instanceProfileName("rec-ip-dup"));
    awsError(() -> root.createInstanceProfile(r -> r.instanceProfileName("rec-ip-dup")), 409, "EntityAlreadyExists",
        "Instance Profile rec-ip-dup already exists."); // create-duplicate-error
    awsError(() -> root.deleteInstanceProfile(r -> r.instanceProfileName("nonexistent-profile")), 404, "NoSuchEntity",
        NO_PROFILE); // delete-nonexistent-error
  }

  @Test
  void listInstanceProfilesWithRoles() {
    Role role = role("rec-ip-list-role");
    root.createInstanceProfile(r -> r.instanceProfileName("rec-ip-list-1").path("/rec-ip-list/"));
    root.createInstanceProfile(r -> r.instanceProfileName("rec-ip-list-2").path("/rec-ip-list/"));
    root.addRoleToInstanceProfile(r -> r.instanceProfileName("rec-ip-list-1").roleName("rec-ip-list-role"));
    var listed = root.listInstanceProfiles(r -> r.pathPrefix("/rec-ip-list/")); // list-instance-profiles
    assertThat(listed.isTruncated()).isFalse();
    assertThat(listed.instanceProfiles()).extracting(InstanceProfile::instanceProfileName)
        .containsExactly("rec-ip-list-1", "rec-ip-list-2");
    InstanceProfile first = listed.instanceProfiles().get(0);
    assertThat(first.hasTags()).isFalse();
    // the role inside has its trust policy, and neither MaxSessionDuration, Description, Tags nor RoleLastUsed
    Role inside = first.roles().get(0);
    assertThat(inside.roleId()).isEqualTo(role.roleId());
    assertThat(inside.assumeRolePolicyDocument()).isNotBlank();
    assertThat(inside.maxSessionDuration()).isNull();
    assertThat(inside.roleLastUsed()).isNull();
    assertThat(inside.hasTags()).isFalse();
    assertThat(listed.instanceProfiles().get(1).roles()).isEmpty();
    root.addRoleToInstanceProfile(r -> r.instanceProfileName("rec-ip-list-2").roleName("rec-ip-list-role"));
    var forRole = root.listInstanceProfilesForRole(r -> r.roleName("rec-ip-list-role")); // list-for-role
    assertThat(forRole.instanceProfiles()).extracting(InstanceProfile::instanceProfileName)
        .containsExactly("rec-ip-list-1", "rec-ip-list-2");
    assertThat(forRole.isTruncated()).isFalse();
    role("rec-ip-list-lonely");
    var none = root.listInstanceProfilesForRole(r -> r.roleName("rec-ip-list-lonely")); // list-for-role-empty
    assertThat(none.hasInstanceProfiles()).isTrue();
    assertThat(none.instanceProfiles()).isEmpty();
    var empty = root.listInstanceProfiles(r -> r.pathPrefix("/rec-ip-none/")); // list-empty-prefix
    assertThat(empty.hasInstanceProfiles()).isTrue();
    assertThat(empty.instanceProfiles()).isEmpty();
  }

  @Test
  void instanceProfileRoles() {
    root.createInstanceProfile(r -> r.instanceProfileName("rec-ip-roles"));
    role("rec-ip-role-1");
    role("rec-ip-role-2");
    root.addRoleToInstanceProfile(r -> r.instanceProfileName("rec-ip-roles").roleName("rec-ip-role-1"));
    InstanceProfile with = root.getInstanceProfile(r -> r.instanceProfileName("rec-ip-roles")).instanceProfile();
    assertThat(with.roles()).extracting(Role::roleName).containsExactly("rec-ip-role-1"); // get-with-role
    assertThat(with.tags()).isEmpty();
    awsError(() -> root.addRoleToInstanceProfile(r -> r.instanceProfileName("rec-ip-roles").roleName("rec-ip-role-2")),
        409, "LimitExceeded", "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1"); // add-second-role-error
    awsError(() -> root.deleteInstanceProfile(r -> r.instanceProfileName("rec-ip-roles")), 409, "DeleteConflict",
        "Cannot delete entity, must remove roles from instance profile first."); // delete-with-role-error
    root.removeRoleFromInstanceProfile(r -> r.instanceProfileName("rec-ip-roles").roleName("rec-ip-role-1"));
    InstanceProfile without = root.getInstanceProfile(r -> r.instanceProfileName("rec-ip-roles")).instanceProfile();
    assertThat(without.hasRoles()).isTrue(); // get-without-role
    assertThat(without.roles()).isEmpty();

    awsError(() -> root.addRoleToInstanceProfile(r -> r.instanceProfileName("nonexistent-profile")
        .roleName("rec-ip-role-1")), 404, "NoSuchEntity", NO_PROFILE); // add-role-nonexistent-profile-error
    awsError(() -> root.addRoleToInstanceProfile(r -> r.instanceProfileName("rec-ip-roles")
        .roleName("nonexistent-role")), 404, "NoSuchEntity",
        "The role with name nonexistent-role cannot be found."); // add-nonexistent-role-error
    awsError(() -> root.removeRoleFromInstanceProfile(r -> r.instanceProfileName("nonexistent-profile")
        .roleName("rec-ip-role-1")), 404, "NoSuchEntity", NO_PROFILE); // remove-role-nonexistent-profile-error
    awsError(() -> root.removeRoleFromInstanceProfile(r -> r.instanceProfileName("rec-ip-roles")
        .roleName("nonexistent-role")), 404, "NoSuchEntity",
        "The role with name nonexistent-role cannot be found."); // remove-nonexistent-role-error
    awsError(() -> root.removeRoleFromInstanceProfile(r -> r.instanceProfileName("rec-ip-roles")
        .roleName("rec-ip-role-1")), 404, "NoSuchEntity",
        "Role rec-ip-role-1 in Instance Profile rec-ip-roles cannot be found."); // remove-unattached-role-error
  }

  @Test
  void instanceProfileTags() {
    root.createInstanceProfile(r -> r.instanceProfileName("rec-ip-tags"));
    var empty = root.listInstanceProfileTags(r -> r.instanceProfileName("rec-ip-tags")); // list-tags-empty
    assertThat(empty.hasTags()).isTrue();
    assertThat(empty.tags()).isEmpty();
    assertThat(empty.isTruncated()).isFalse();
    Tag one = Tag.builder().key("MyKey").value("myValue").build();
    Tag two = Tag.builder().key("MyKey2").value("myValue2").build();
    root.tagInstanceProfile(r -> r.instanceProfileName("rec-ip-tags").tags(one));
    assertThat(root.listInstanceProfileTags(r -> r.instanceProfileName("rec-ip-tags")).tags()).containsExactly(one);
    assertThat(root.getInstanceProfile(r -> r.instanceProfileName("rec-ip-tags")).instanceProfile().tags())
        .containsExactly(one); // get-with-tags
    root.tagInstanceProfile(r -> r.instanceProfileName("rec-ip-tags").tags(two));
    assertThat(root.listInstanceProfileTags(r -> r.instanceProfileName("rec-ip-tags")).tags())
        .containsExactly(one, two); // list-tags-two-tags
    root.untagInstanceProfile(r -> r.instanceProfileName("rec-ip-tags").tagKeys("MyKey"));
    assertThat(root.listInstanceProfileTags(r -> r.instanceProfileName("rec-ip-tags")).tags()).containsExactly(two);
    root.untagInstanceProfile(r -> r.instanceProfileName("rec-ip-tags").tagKeys("MyKey2"));
    assertThat(root.listInstanceProfileTags(r -> r.instanceProfileName("rec-ip-tags")).tags()).isEmpty();

    Tag initial = Tag.builder().key("InitialKey").value("InitialValue").build();
    InstanceProfile created = root.createInstanceProfile(r -> r.instanceProfileName("rec-ip-tagged").tags(initial))
        .instanceProfile(); // create-with-tags: Tags echoed
    assertThat(created.tags()).containsExactly(initial);
    assertThat(root.getInstanceProfile(r -> r.instanceProfileName("rec-ip-tagged")).instanceProfile().tags())
        .containsExactly(initial); // get-with-initial-tags

    awsError(() -> root.tagInstanceProfile(r -> r.instanceProfileName("nonexistent-profile").tags(one)), 404,
        "NoSuchEntity", NO_PROFILE); // tag-nonexistent-error
    awsError(() -> root.untagInstanceProfile(r -> r.instanceProfileName("nonexistent-profile").tagKeys("MyKey")), 404,
        "NoSuchEntity", NO_PROFILE); // untag-nonexistent-error
    awsError(() -> root.listInstanceProfileTags(r -> r.instanceProfileName("nonexistent-profile")), 404,
        "NoSuchEntity", NO_PROFILE); // list-tags-nonexistent-error
  }

  @Test
  void accountPasswordPolicy() {
    String notFound = "The Password Policy with domain name " + acct() + " cannot be found.";
    awsError(() -> root.deleteAccountPasswordPolicy(), 404, "NoSuchEntity",
        "The account policy with name PasswordPolicy cannot be found."); // delete-not-found
    awsError(() -> root.getAccountPasswordPolicy(), 404, "NoSuchEntity", notFound); // policy-not-found
    root.updateAccountPasswordPolicy(r -> { }); // update
    PasswordPolicy defaults = root.getAccountPasswordPolicy().passwordPolicy(); // password-policy-defaults
    assertThat(defaults.minimumPasswordLength()).isEqualTo(6);
    assertThat(defaults.allowUsersToChangePassword()).isFalse();
    assertThat(defaults.expirePasswords()).isFalse();
    assertThat(defaults.requireLowercaseCharacters()).isFalse();
    assertThat(defaults.requireNumbers()).isFalse();
    assertThat(defaults.requireSymbols()).isFalse();
    assertThat(defaults.requireUppercaseCharacters()).isFalse();
    assertThat(defaults.maxPasswordAge()).isNull();
    assertThat(defaults.passwordReusePrevention()).isNull();
    assertThat(defaults.hardExpiry()).isNull();
    root.updateAccountPasswordPolicy(r -> r.minimumPasswordLength(10).requireSymbols(true).requireNumbers(true)
        .requireUppercaseCharacters(true).requireLowercaseCharacters(true).allowUsersToChangePassword(true)
        .maxPasswordAge(60).passwordReusePrevention(3).hardExpiry(true));
    PasswordPolicy custom = root.getAccountPasswordPolicy().passwordPolicy(); // password-policy-custom
    assertThat(custom.expirePasswords()).isTrue();
    assertThat(custom.hardExpiry()).isTrue();
    assertThat(custom.maxPasswordAge()).isEqualTo(60);
    assertThat(custom.minimumPasswordLength()).isEqualTo(10);
    assertThat(custom.passwordReusePrevention()).isEqualTo(3);
    // validation-errors: the three values are not echoed, in AWS's order
    awsError(() -> root.updateAccountPasswordPolicy(r -> r.maxPasswordAge(1096).minimumPasswordLength(129)
        .passwordReusePrevention(25)), 400, "ValidationError",
        "3 validation errors detected: Value at 'minimumPasswordLength' failed to satisfy constraint: Member must have"
            + " value less than or equal to 128; Value at 'passwordReusePrevention' failed to satisfy constraint:"
            + " Member must have value less than or equal to 24; Value at 'maxPasswordAge' failed to satisfy"
            + " constraint: Member must have value less than or equal to 1095");
    root.deleteAccountPasswordPolicy(); // delete-response
    awsError(() -> root.getAccountPasswordPolicy(), 404, "NoSuchEntity", notFound); // policy-deleted-not-found
  }

  @Test
  void accountAliasLifecycle() {
    assertThat(root.createAccountAlias(r -> r.accountAlias("rec-alias-" + acct())).sdkHttpResponse().statusCode())
        .isEqualTo(200); // create-alias
    assertThat(root.listAccountAliases().accountAliases()).containsExactly("rec-alias-" + acct());
    assertThat(root.deleteAccountAlias(r -> r.accountAlias("rec-alias-" + acct())).sdkHttpResponse().statusCode())
        .isEqualTo(200); // delete-alias
  }
}
