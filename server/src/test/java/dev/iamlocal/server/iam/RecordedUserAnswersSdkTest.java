package dev.iamlocal.server.iam;

import static dev.iamlocal.server.iam.RecordedRoleAnswersSdkTest.awsError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.server.ServerFixture;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.Group;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.User;

/**
 * The calls of LocalStack's AWS-recorded {@code tests/aws/services/iam/test_iam_users.snapshot.json}
 * (recorded 2026-02 and 2026-03), replayed with the SDK against the server: status, code and message of
 * every recorded error, and the members every recorded answer has or lacks. The recordings' keys
 * ("get-deleted-user-error", …) are named in the comments.
 */
class RecordedUserAnswersSdkTest extends ServerFixture {

  private static final String MISSING = "The user with name nonexistent-user cannot be found.";

  @Test
  void userLifecycleWithPath() {
    User created = root.createUser(r -> r.userName("rec-life").path("/test-lifecycle-path/")).user(); // create-user
    assertThat(created.arn()).isEqualTo("arn:aws:iam::" + acct() + ":user/test-lifecycle-path/rec-life");
    assertThat(created.path()).isEqualTo("/test-lifecycle-path/");
    assertThat(created.userId()).startsWith("AIDA");
    assertThat(created.createDate()).isNotNull();
    // no PasswordLastUsed, PermissionsBoundary, Tags in any of the three answers
    assertThat(created.passwordLastUsed()).isNull();
    assertThat(created.permissionsBoundary()).isNull();
    assertThat(created.hasTags()).isFalse();
    User got = root.getUser(r -> r.userName("rec-life")).user(); // get-user
    assertThat(got.arn()).isEqualTo(created.arn());
    assertThat(got.userId()).isEqualTo(created.userId());
    assertThat(got.passwordLastUsed()).isNull();
    assertThat(got.hasTags()).isFalse();
    var listed = root.listUsers(r -> r.pathPrefix("/test-lifecycle-path/")); // list-filtered-users
    assertThat(listed.isTruncated()).isFalse();
    assertThat(listed.marker()).isNull();
    assertThat(listed.users()).extracting(User::userName).containsExactly("rec-life");
    // list-filtered-users-partial-path: a prefix of the path matches too
    assertThat(root.listUsers(r -> r.pathPrefix("/test-lifecycle")).users()).extracting(User::userName)
        .containsExactly("rec-life");
    assertThat(root.deleteUser(r -> r.userName("rec-life")).sdkHttpResponse().statusCode()).isEqualTo(200);
    awsError(() -> root.getUser(r -> r.userName("rec-life")), 404, "NoSuchEntity",
        "The user with name rec-life cannot be found."); // get-deleted-user-error
  }

  @Test
  void userUpdateRenamesAndMoves() {
    String id = root.createUser(r -> r.userName("rec-upd")).user().userId();
    root.updateUser(r -> r.userName("rec-upd").newUserName("rec-upd-2").newPath("/new-path/")); // update-user
    User got = root.getUser(r -> r.userName("rec-upd-2")).user(); // get-updated-user
    assertThat(got.arn()).isEqualTo("arn:aws:iam::" + acct() + ":user/new-path/rec-upd-2");
    assertThat(got.path()).isEqualTo("/new-path/");
    assertThat(got.userId()).isEqualTo(id);
    awsError(() -> root.getUser(r -> r.userName("rec-upd")), 404, "NoSuchEntity",
        "The user with name rec-upd cannot be found."); // get-old-user-error
  }

  @Test
  void userErrors() {
    root.createUser(r -> r.userName("rec-err"));
    awsError(() -> root.createUser(r -> r.userName("rec-err")), 409, "EntityAlreadyExists",
        "User with name rec-err already exists."); // create-duplicate-user-error
    awsError(() -> root.getUser(r -> r.userName("nonexistent-user")), 404, "NoSuchEntity", MISSING);
    awsError(() -> root.updateUser(r -> r.userName("nonexistent-user").newPath("/x/")), 404, "NoSuchEntity",
        MISSING); // update-nonexistent-user-error
    awsError(() -> root.deleteUser(r -> r.userName("nonexistent-user")), 404, "NoSuchEntity", MISSING);
  }

  @Test
  void deleteUserWithAttachedOrInlinePolicy() {
    root.createUser(r -> r.userName("rec-del-att"));
    String arn = root.createPolicy(r -> r.policyName("rec-del-att-p").policyDocument(allow("s3:*", "*")))
        .policy().arn();
    root.attachUserPolicy(r -> r.userName("rec-del-att").policyArn(arn));
    awsError(() -> root.deleteUser(r -> r.userName("rec-del-att")), 409, "DeleteConflict",
        "Cannot delete entity, must detach all policies first."); // delete-user-with-attached-policy-error
    root.detachUserPolicy(r -> r.userName("rec-del-att").policyArn(arn));
    root.deleteUser(r -> r.userName("rec-del-att")); // delete-user-after-detach

    root.createUser(r -> r.userName("rec-del-inl"));
    root.putUserPolicy(r -> r.userName("rec-del-inl").policyName("p").policyDocument(allow("s3:*", "*")));
    awsError(() -> root.deleteUser(r -> r.userName("rec-del-inl")), 409, "DeleteConflict",
        "Cannot delete entity, must delete policies first."); // delete-user-with-inline-policy-error
    root.deleteUserPolicy(r -> r.userName("rec-del-inl").policyName("p"));
    root.deleteUser(r -> r.userName("rec-del-inl"));
    awsError(() -> root.getUser(r -> r.userName("rec-del-inl")), 404, "NoSuchEntity",
        "The user with name rec-del-inl cannot be found."); // get-deleted-user-error
  }

  @Test
  void loginProfileLifecycleAndErrors() {
    root.createUser(r -> r.userName("rec-login"));
    var created = root.createLoginProfile(r -> r.userName("rec-login").password("Sup3r-S3cret-Pa55!")).loginProfile();
    assertThat(created.passwordResetRequired()).isFalse(); // create-login-profile
    assertThat(created.userName()).isEqualTo("rec-login");
    assertThat(created.createDate()).isNotNull();
    var got = root.getLoginProfile(r -> r.userName("rec-login")).loginProfile(); // get-login-profile
    assertThat(got.passwordResetRequired()).isFalse();
    root.updateLoginProfile(r -> r.userName("rec-login").passwordResetRequired(true));
    assertThat(root.getLoginProfile(r -> r.userName("rec-login")).loginProfile().passwordResetRequired()).isTrue();
    awsError(() -> root.createLoginProfile(r -> r.userName("nonexistent-user").password("Sup3r-S3cret-Pa55!")), 404,
        "NoSuchEntity", MISSING); // create-login-profile-unknown-user-error
    awsError(() -> root.createLoginProfile(r -> r.userName("rec-login").password("Sup3r-S3cret-Pa55!")), 409,
        "EntityAlreadyExists", "Login Profile for user rec-login already exists."); // create-duplicate-login-profile
    root.deleteLoginProfile(r -> r.userName("rec-login"));
    String gone = "Login Profile for User rec-login cannot be found.";
    awsError(() -> root.getLoginProfile(r -> r.userName("rec-login")), 404, "NoSuchEntity", gone);
    awsError(() -> root.deleteLoginProfile(r -> r.userName("rec-login")), 404, "NoSuchEntity", gone);
    awsError(() -> root.deleteLoginProfile(r -> r.userName("nonexistent-user")), 404, "NoSuchEntity", MISSING);
  }

  @Test
  void accessKeyLifecycleStatusAndLimit() {
    root.createUser(r -> r.userName("rec-keys"));
    var empty = root.listAccessKeys(r -> r.userName("rec-keys")); // list-access-keys-empty
    assertThat(empty.hasAccessKeyMetadata()).isTrue();
    assertThat(empty.accessKeyMetadata()).isEmpty();
    assertThat(empty.isTruncated()).isFalse();
    var key = root.createAccessKey(r -> r.userName("rec-keys")).accessKey(); // create-access-key
    assertThat(key.status()).isEqualTo(StatusType.ACTIVE);
    assertThat(key.userName()).isEqualTo("rec-keys");
    assertThat(key.secretAccessKey()).isNotBlank();
    assertThat(key.createDate()).isNotNull();
    AccessKeyMetadata listed = root.listAccessKeys(r -> r.userName("rec-keys")).accessKeyMetadata().get(0);
    assertThat(listed.accessKeyId()).isEqualTo(key.accessKeyId());
    assertThat(listed.status()).isEqualTo(StatusType.ACTIVE);
    root.updateAccessKey(r -> r.userName("rec-keys").accessKeyId(key.accessKeyId()).status(StatusType.INACTIVE));
    assertThat(root.listAccessKeys(r -> r.userName("rec-keys")).accessKeyMetadata().get(0).status())
        .isEqualTo(StatusType.INACTIVE); // list-access-keys-inactive
    root.updateAccessKey(r -> r.userName("rec-keys").accessKeyId(key.accessKeyId()).status(StatusType.ACTIVE));
    root.createAccessKey(r -> r.userName("rec-keys"));
    awsError(() -> root.createAccessKey(r -> r.userName("rec-keys")), 409, "LimitExceeded",
        "Cannot exceed quota for AccessKeysPerUser: 2"); // create-third-access-key-error
    root.deleteAccessKey(r -> r.userName("rec-keys").accessKeyId(key.accessKeyId())); // delete-access-key
  }

  @Test
  void accessKeyLastUsed() {
    AwsBasicCredentials creds = userWithPolicy("rec-last-used", allow("iam:*", "*"));
    var unused = root.getAccessKeyLastUsed(r -> r.accessKeyId(creds.accessKeyId())); // get-access-key-last-used-unused
    assertThat(unused.userName()).isEqualTo("rec-last-used");
    assertThat(unused.accessKeyLastUsed().region()).isEqualTo("N/A");
    assertThat(unused.accessKeyLastUsed().serviceName()).isEqualTo("N/A");
    assertThat(unused.accessKeyLastUsed().lastUsedDate()).isNull();
    iam(creds).listUsers();
    var used = root.getAccessKeyLastUsed(r -> r.accessKeyId(creds.accessKeyId())); // get-access-key-last-used-used
    assertThat(used.accessKeyLastUsed().region()).isEqualTo("us-east-1");
    assertThat(used.accessKeyLastUsed().serviceName()).isEqualTo("iam");
    assertThat(used.accessKeyLastUsed().lastUsedDate()).isNotNull();
  }

  @Test
  void accessKeyErrors() {
    root.createUser(r -> r.userName("rec-key-err"));
    awsError(() -> root.createAccessKey(r -> r.userName("nonexistent-user")), 404, "NoSuchEntity", MISSING);
    awsError(() -> root.updateAccessKey(r -> r.userName("rec-key-err").accessKeyId("AKIAIOSFODNN7EXAMPLE")
        .status(StatusType.INACTIVE)), 404, "NoSuchEntity",
        "The Access Key with id AKIAIOSFODNN7EXAMPLE cannot be found."); // update-nonexistent-access-key-error
    // get-last-used-nonexistent-key-error: an unknown key is a deny, naming the caller
    awsError(() -> root.getAccessKeyLastUsed(r -> r.accessKeyId("AKIAIOSFODNN7EXAMPLE")), 403, "AccessDenied",
        "User: arn:aws:iam::" + acct() + ":root is not authorized to perform iam:GetAccessKeyLastUsed on resource:"
            + " access key AKIAIOSFODNN7EXAMPLE");
    // delete-access-key-without-username-error: the recording's caller was a role session
    String keyId = root.createAccessKey(r -> r.userName("rec-key-err")).accessKey().accessKeyId();
    String roleArn = root.createRole(r -> r.roleName("rec-key-err-role").assumeRolePolicyDocument(
        trust("arn:aws:iam::" + acct() + ":root"))).role().arn();
    root.putRolePolicy(r -> r.roleName("rec-key-err-role").policyName("p").policyDocument(allow("iam:*", "*")));
    AwsBasicCredentials assumer = userWithPolicy("rec-key-err-assumer", allow("sts:AssumeRole", "*"));
    IamClient session = iam(session(sts(assumer).assumeRole(a -> a.roleArn(roleArn).roleSessionName("rec-session"))
        .credentials()));
    awsError(() -> session.deleteAccessKey(r -> r.accessKeyId(keyId)), 400, "ValidationError",
        "Must specify userName when calling with non-User credentials");
  }

  @Test
  void accessKeyDeletionWithoutUserNameAsThatUser() {
    AwsBasicCredentials creds = userWithPolicy("rec-key-self", allow("iam:DeleteAccessKey", "*"));
    String other = root.createAccessKey(r -> r.userName("rec-key-self")).accessKey().accessKeyId();
    iam(creds).deleteAccessKey(r -> r.accessKeyId(other)); // delete-access-key
    assertThat(root.listAccessKeys(r -> r.userName("rec-key-self")).accessKeyMetadata())
        .extracting(AccessKeyMetadata::accessKeyId).containsExactly(creds.accessKeyId());
  }

  @Test
  void userInlineAndManagedPolicies() {
    root.createUser(r -> r.userName("rec-pol"));
    var none = root.listUserPolicies(r -> r.userName("rec-pol")); // list-user-policies-empty
    assertThat(none.hasPolicyNames()).isTrue();
    assertThat(none.policyNames()).isEmpty();
    assertThat(none.isTruncated()).isFalse();
    root.putUserPolicy(r -> r.userName("rec-pol").policyName("inline").policyDocument(allow("iam:ListUsers", "*")));
    var got = root.getUserPolicy(r -> r.userName("rec-pol").policyName("inline")); // get-user-policy
    assertThat(got.userName()).isEqualTo("rec-pol");
    assertThat(got.policyName()).isEqualTo("inline");
    assertThat(URLDecoder.decode(got.policyDocument(), StandardCharsets.UTF_8)).isEqualTo(allow("iam:ListUsers", "*"));
    assertThat(root.listUserPolicies(r -> r.userName("rec-pol")).policyNames()).containsExactly("inline");
    root.deleteUserPolicy(r -> r.userName("rec-pol").policyName("inline"));

    var noneAttached = root.listAttachedUserPolicies(r -> r.userName("rec-pol")); // list-attached-user-policies-empty
    assertThat(noneAttached.hasAttachedPolicies()).isTrue();
    assertThat(noneAttached.attachedPolicies()).isEmpty();
    assertThat(noneAttached.isTruncated()).isFalse();
    var policy = root.createPolicy(r -> r.policyName("rec-pol-m").policyDocument(allow("s3:*", "*"))).policy();
    assertThat(policy.attachmentCount()).isZero(); // create-policy
    assertThat(policy.permissionsBoundaryUsageCount()).isZero();
    assertThat(policy.defaultVersionId()).isEqualTo("v1");
    assertThat(policy.isAttachable()).isTrue();
    assertThat(policy.path()).isEqualTo("/");
    assertThat(policy.updateDate()).isNotNull();
    assertThat(policy.description()).isNull();
    assertThat(policy.hasTags()).isFalse();
    String nonexistent = "arn:aws:iam::" + acct() + ":policy/nonexistent";
    awsError(() -> root.attachUserPolicy(r -> r.userName("rec-pol").policyArn(nonexistent)), 404, "NoSuchEntity",
        "Policy " + nonexistent + " does not exist or is not attachable."); // attach-nonexistent-policy-error
    awsError(() -> root.detachUserPolicy(r -> r.userName("rec-pol").policyArn(policy.arn())), 404, "NoSuchEntity",
        "Policy " + policy.arn() + " was not found."); // detach-unattached-policy-error
    root.attachUserPolicy(r -> r.userName("rec-pol").policyArn(policy.arn()));
    var attached = root.listAttachedUserPolicies(r -> r.userName("rec-pol")).attachedPolicies();
    assertThat(attached).hasSize(1); // list-attached-user-policies
    assertThat(attached.get(0).policyArn()).isEqualTo(policy.arn());
    assertThat(attached.get(0).policyName()).isEqualTo("rec-pol-m");
  }

  @Test
  void userTags() {
    Tag env = Tag.builder().key("Environment").value("Test").build();
    Tag team = Tag.builder().key("Team").value("Platform").build();
    User created = root.createUser(r -> r.userName("rec-tags").tags(env, team)).user(); // create-user-with-tags
    assertThat(created.tags()).containsExactly(env, team);
    var listed = root.listUserTags(r -> r.userName("rec-tags")); // list-user-tags
    assertThat(listed.tags()).containsExactly(env, team);
    assertThat(listed.isTruncated()).isFalse();
    assertThat(root.getUser(r -> r.userName("rec-tags")).user().tags()).containsExactly(env, team);

    root.createUser(r -> r.userName("rec-tag-ops"));
    var before = root.listUserTags(r -> r.userName("rec-tag-ops")); // list-user-tags-before-tag
    assertThat(before.hasTags()).isTrue();
    assertThat(before.tags()).isEmpty();
    Tag k1 = Tag.builder().key("key-1").value("value-1").build();
    Tag k2 = Tag.builder().key("key-2").value("value-2").build();
    root.tagUser(r -> r.userName("rec-tag-ops").tags(k1, k2));
    assertThat(root.listUserTags(r -> r.userName("rec-tag-ops")).tags()).containsExactly(k1, k2);
    root.untagUser(r -> r.userName("rec-tag-ops").tagKeys("key-2"));
    assertThat(root.listUserTags(r -> r.userName("rec-tag-ops")).tags()).containsExactly(k1);

    awsError(() -> root.tagUser(r -> r.userName("nonexistent-user").tags(k1)), 404, "NoSuchEntity", MISSING);
    awsError(() -> root.untagUser(r -> r.userName("nonexistent-user").tagKeys("key-1")), 404, "NoSuchEntity", MISSING);
    awsError(() -> root.listUserTags(r -> r.userName("nonexistent-user")), 404, "NoSuchEntity", MISSING);
  }

  @Test
  void userGroupMembership() {
    root.createUser(r -> r.userName("rec-member"));
    Group g1 = root.createGroup(r -> r.groupName("rec-member-g1")).group(); // create-group-1
    assertThat(g1.arn()).isEqualTo("arn:aws:iam::" + acct() + ":group/rec-member-g1");
    assertThat(g1.groupId()).startsWith("AGPA");
    assertThat(g1.path()).isEqualTo("/");
    root.createGroup(r -> r.groupName("rec-member-g2"));
    var none = root.listGroupsForUser(r -> r.userName("rec-member")); // list-groups-for-user-empty
    assertThat(none.hasGroups()).isTrue();
    assertThat(none.groups()).isEmpty();
    assertThat(none.isTruncated()).isFalse();
    root.addUserToGroup(r -> r.userName("rec-member").groupName("rec-member-g1"));
    root.addUserToGroup(r -> r.userName("rec-member").groupName("rec-member-g2"));
    assertThat(root.listGroupsForUser(r -> r.userName("rec-member")).groups()).extracting(Group::groupName)
        .containsExactly("rec-member-g1", "rec-member-g2"); // list-groups-for-user
    var withUser = root.getGroup(r -> r.groupName("rec-member-g1")); // get-group-with-user
    assertThat(withUser.group().groupName()).isEqualTo("rec-member-g1");
    assertThat(withUser.users()).extracting(User::userName).containsExactly("rec-member");
    assertThat(withUser.users().get(0).hasTags()).isFalse();
    assertThat(withUser.isTruncated()).isFalse();
    root.removeUserFromGroup(r -> r.userName("rec-member").groupName("rec-member-g1"));
    // remove-nonmember-user-from-group: removing a user who is no member succeeds
    assertThat(root.removeUserFromGroup(r -> r.userName("rec-member").groupName("rec-member-g1"))
        .sdkHttpResponse().statusCode()).isEqualTo(200);

    awsError(() -> root.addUserToGroup(r -> r.userName("nonexistent-user").groupName("rec-member-g1")), 404,
        "NoSuchEntity", MISSING);
    String noGroup = "The group with name nonexistent-group cannot be found.";
    awsError(() -> root.addUserToGroup(r -> r.userName("rec-member").groupName("nonexistent-group")), 404,
        "NoSuchEntity", noGroup);
    awsError(() -> root.removeUserFromGroup(r -> r.userName("rec-member").groupName("nonexistent-group")), 404,
        "NoSuchEntity", noGroup);
  }

  @Test
  void userRenameCarriesCredentials() {
    AwsBasicCredentials creds = userWithPolicy("rec-rename", allow("sts:GetCallerIdentity", "*"));
    String id = root.getUser(r -> r.userName("rec-rename")).user().userId();
    var stsUser = sts(creds);
    assertThat(stsUser.getCallerIdentity().arn()).isEqualTo("arn:aws:iam::" + acct() + ":user/rec-rename");
    root.createLoginProfile(r -> r.userName("rec-rename").password("Sup3r-S3cret-Pa55!"));
    root.uploadSSHPublicKey(r -> r.userName("rec-rename").sshPublicKeyBody(SshPublicKeysSdkTest.RSA));
    var ssc = root.createServiceSpecificCredential(r -> r.userName("rec-rename").serviceName("codecommit.amazonaws.com"))
        .serviceSpecificCredential();
    assertThat(ssc.serviceUserName()).startsWith("rec-rename-at-");
    root.updateUser(r -> r.userName("rec-rename").newUserName("rec-renamed"));
    // identity-after-rename: the same key now speaks for the new name, the id unchanged
    var after = stsUser.getCallerIdentity();
    assertThat(after.arn()).isEqualTo("arn:aws:iam::" + acct() + ":user/rec-renamed");
    assertThat(after.userId()).isEqualTo(id);
    assertThat(root.listAccessKeys(r -> r.userName("rec-renamed")).accessKeyMetadata().get(0).userName())
        .isEqualTo("rec-renamed"); // list-access-keys-after-rename
    assertThat(root.getLoginProfile(r -> r.userName("rec-renamed")).loginProfile().userName())
        .isEqualTo("rec-renamed"); // get-login-profile-after-rename
    assertThat(root.listSSHPublicKeys(r -> r.userName("rec-renamed")).sshPublicKeys().get(0).userName())
        .isEqualTo("rec-renamed"); // list-ssh-public-keys-after-rename
    // list-service-credentials-after-rename: UserName follows, ServiceUserName keeps the old name
    var cred = root.listServiceSpecificCredentials(r -> r.userName("rec-renamed")).serviceSpecificCredentials().get(0);
    assertThat(cred.userName()).isEqualTo("rec-renamed");
    assertThat(cred.serviceUserName()).isEqualTo(ssc.serviceUserName());
  }
}
