package dev.iamlocal.server.iam;

import dev.iamlocal.server.ServerFixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.EntityType;
import software.amazon.awssdk.services.iam.model.Group;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.LimitExceededException;
import software.amazon.awssdk.services.iam.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.PolicyVersion;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.User;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** Users, groups, roles, policies, tags, boundaries and access keys through the AWS SDK for Java v2. */
public class IamEntitiesSdkTest extends ServerFixture {

  static final String S3_READ = allow("s3:GetObject", "*");

  @Test
  void updateAndDeleteUserWithConflicts() {
    root.createUser(r -> r.userName("u1").path("/a/"));
    root.updateUser(r -> r.userName("u1").newUserName("u1-renamed").newPath("/b/"));
    User u = root.getUser(r -> r.userName("u1-renamed")).user();
    assertThat(u.arn()).isEqualTo("arn:aws:iam::" + acct() + ":user/b/u1-renamed");
    assertThatThrownBy(() -> root.getUser(r -> r.userName("u1"))).isInstanceOf(NoSuchEntityException.class);
    root.createUser(r -> r.userName("u2"));
    assertThatThrownBy(() -> root.updateUser(r -> r.userName("u2").newUserName("U1-RENAMED")))
        .isInstanceOf(EntityAlreadyExistsException.class);
    assertThatThrownBy(() -> root.updateUser(r -> r.userName("ghost").newPath("/x/")))
        .isInstanceOf(NoSuchEntityException.class);

    root.createGroup(r -> r.groupName("g-del"));
    root.addUserToGroup(r -> r.groupName("g-del").userName("u2"));
    assertThatThrownBy(() -> root.deleteUser(r -> r.userName("u2"))).isInstanceOfSatisfying(
        DeleteConflictException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("Cannot delete entity, must remove user from all groups first."));
    root.removeUserFromGroup(r -> r.groupName("g-del").userName("u2"));
    // removing a user who is no longer a member succeeds, as in IAM
    root.removeUserFromGroup(r -> r.groupName("g-del").userName("u2"));
    root.attachUserPolicy(r -> r.userName("u2").policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess"));
    assertThatThrownBy(() -> root.deleteUser(r -> r.userName("u2"))).isInstanceOfSatisfying(
        DeleteConflictException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("Cannot delete entity, must detach all policies first."));
    root.detachUserPolicy(r -> r.userName("u2").policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess"));
    assertThatThrownBy(() -> root.detachUserPolicy(r -> r.userName("u2")
        .policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess"))).isInstanceOf(NoSuchEntityException.class);
    var key = root.createAccessKey(r -> r.userName("u2")).accessKey();
    assertThatThrownBy(() -> root.deleteUser(r -> r.userName("u2"))).isInstanceOf(DeleteConflictException.class);
    root.deleteAccessKey(r -> r.userName("u2").accessKeyId(key.accessKeyId()));
    root.deleteUser(r -> r.userName("u2"));
    assertThatThrownBy(() -> root.getUser(r -> r.userName("u2"))).isInstanceOf(NoSuchEntityException.class);
  }

  @Test
  void groupLifecycle() {
    root.createGroup(r -> r.groupName("grp").path("/g/"));
    root.createUser(r -> r.userName("gm"));
    root.addUserToGroup(r -> r.groupName("grp").userName("gm"));
    assertThat(root.listGroups(r -> r.pathPrefix("/g/")).groups()).extracting(Group::groupName).containsExactly("grp");
    root.putGroupPolicy(r -> r.groupName("grp").policyName("gp").policyDocument(S3_READ));
    assertThat(root.listGroupPolicies(r -> r.groupName("grp")).policyNames()).containsExactly("gp");
    assertThat(URLDecoder.decode(root.getGroupPolicy(r -> r.groupName("grp").policyName("gp")).policyDocument(),
        StandardCharsets.UTF_8)).isEqualTo(S3_READ);
    root.attachGroupPolicy(r -> r.groupName("grp").policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess"));
    assertThat(root.listAttachedGroupPolicies(r -> r.groupName("grp")).attachedPolicies())
        .extracting(AttachedPolicy::policyName).containsExactly("ReadOnlyAccess");

    assertThatThrownBy(() -> root.deleteGroup(r -> r.groupName("grp"))).isInstanceOfSatisfying(
        DeleteConflictException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("Cannot delete entity, must remove users from group first."));
    root.removeUserFromGroup(r -> r.groupName("grp").userName("gm"));
    assertThatThrownBy(() -> root.deleteGroup(r -> r.groupName("grp"))).hasMessageContaining("must delete policies first");
    root.deleteGroupPolicy(r -> r.groupName("grp").policyName("gp"));
    assertThatThrownBy(() -> root.deleteGroupPolicy(r -> r.groupName("grp").policyName("gp")))
        .isInstanceOfSatisfying(NoSuchEntityException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("The group policy with name gp cannot be found."));
    assertThatThrownBy(() -> root.deleteGroup(r -> r.groupName("grp"))).hasMessageContaining("must detach all policies");
    root.detachGroupPolicy(r -> r.groupName("grp").policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess"));
    root.updateGroup(r -> r.groupName("grp").newGroupName("grp2").newPath("/h/"));
    assertThat(root.getGroup(r -> r.groupName("grp2")).group().arn()).isEqualTo("arn:aws:iam::" + acct() + ":group/h/grp2");
    root.deleteGroup(r -> r.groupName("grp2"));
    assertThatThrownBy(() -> root.getGroup(r -> r.groupName("grp2"))).isInstanceOf(NoSuchEntityException.class);
  }

  @Test
  void roleLifecycleAndTrustPolicyValidation() {
    String trust = trust("arn:aws:iam::" + acct() + ":root");
    Role role = root.createRole(r -> r.roleName("app").path("/svc/").assumeRolePolicyDocument(trust)
        .description("the app").maxSessionDuration(7200).tags(Tag.builder().key("team").value("ml").build())).role();
    assertThat(role.roleId()).matches("AROA[A-Z0-9]{16}");
    assertThat(role.arn()).isEqualTo("arn:aws:iam::" + acct() + ":role/svc/app");
    Role got = root.getRole(r -> r.roleName("app")).role();
    assertThat(URLDecoder.decode(got.assumeRolePolicyDocument(), StandardCharsets.UTF_8)).isEqualTo(trust);
    assertThat(got.maxSessionDuration()).isEqualTo(7200);
    assertThat(got.description()).isEqualTo("the app");
    assertThat(got.tags()).extracting(Tag::key).containsExactly("team");
    assertThat(root.listRoles(r -> r.pathPrefix("/svc/")).roles()).extracting(Role::roleName).containsExactly("app");

    assertThatThrownBy(() -> root.createRole(r -> r.roleName("APP").assumeRolePolicyDocument(trust)))
        .isInstanceOf(EntityAlreadyExistsException.class);
    assertThatThrownBy(() -> root.createRole(r -> r.roleName("long").assumeRolePolicyDocument(trust)
        .maxSessionDuration(50000))).isInstanceOfSatisfying(IamException.class,
        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError"));
    assertThatThrownBy(() -> root.updateRole(r -> r.roleName("app").maxSessionDuration(1200)))
        .isInstanceOfSatisfying(IamException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .contains("greater than or equal to 3600"));
    String broken = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\", \"Action\": "
        + "\"sts:AssumeRole\"}\n  ]\n}";
    assertThatThrownBy(() -> root.createRole(r -> r.roleName("noprincipal").assumeRolePolicyDocument(broken)))
        .isInstanceOfSatisfying(MalformedPolicyDocumentException.class, e -> {
          // AWS's message alone; where and why in iamlocal's own header
          assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Missing required field Principal");
          assertThat(detail(e)).contains("line 4, column 5");
        });
    String syntax = "{\"Version\": \"2012-10-17\",\n \"Statement\": [{\"Effect\": \"Allow\" \"Principal\": \"*\"}]}";
    assertThatThrownBy(() -> root.updateAssumeRolePolicy(r -> r.roleName("app").policyDocument(syntax)))
        .isInstanceOfSatisfying(MalformedPolicyDocumentException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Syntax errors in policy.");
              assertThat(detail(e)).contains("line 2, column");
            });
    String withResource = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
        + "\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}]}";
    assertThatThrownBy(() -> root.updateAssumeRolePolicy(r -> r.roleName("app").policyDocument(withResource)))
        .hasMessageContaining("Has prohibited field Resource");

    root.updateRole(r -> r.roleName("app").description("new").maxSessionDuration(43200));
    assertThat(root.getRole(r -> r.roleName("app")).role().maxSessionDuration()).isEqualTo(43200);
    // a principal must exist when the policy is saved (IAM: "Invalid principal in policy")
    root.createUser(r -> r.userName("someone"));
    String trust2 = trust("arn:aws:iam::" + acct() + ":user/someone");
    root.updateAssumeRolePolicy(r -> r.roleName("app").policyDocument(trust2));
    assertThat(URLDecoder.decode(root.getRole(r -> r.roleName("app")).role().assumeRolePolicyDocument(),
        StandardCharsets.UTF_8)).isEqualTo(trust2);

    root.putRolePolicy(r -> r.roleName("app").policyName("inline").policyDocument(S3_READ));
    assertThat(root.listRolePolicies(r -> r.roleName("app")).policyNames()).containsExactly("inline");
    assertThat(root.getRolePolicy(r -> r.roleName("app").policyName("inline")).roleName()).isEqualTo("app");
    root.attachRolePolicy(r -> r.roleName("app").policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess"));
    assertThat(root.listAttachedRolePolicies(r -> r.roleName("app")).attachedPolicies()).hasSize(1);
    assertThatThrownBy(() -> root.deleteRole(r -> r.roleName("app"))).isInstanceOf(DeleteConflictException.class);
    root.deleteRolePolicy(r -> r.roleName("app").policyName("inline"));
    root.detachRolePolicy(r -> r.roleName("app").policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess"));
    root.deleteRole(r -> r.roleName("app"));
    assertThatThrownBy(() -> root.getRole(r -> r.roleName("app"))).isInstanceOfSatisfying(NoSuchEntityException.class,
        e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The role with name app cannot be found."));
  }

  @Test
  void policyVersionsAndDeletion() {
    String arn = root.createPolicy(r -> r.policyName("versioned").policyDocument(S3_READ)).policy().arn();
    PolicyVersion v2 = root.createPolicyVersion(r -> r.policyArn(arn).policyDocument(allow("s3:PutObject", "*"))
        .setAsDefault(true)).policyVersion();
    assertThat(v2.versionId()).isEqualTo("v2");
    assertThat(v2.isDefaultVersion()).isTrue();
    assertThat(root.getPolicy(r -> r.policyArn(arn)).policy().defaultVersionId()).isEqualTo("v2");
    for (int i = 0; i < 3; i++) {
      root.createPolicyVersion(r -> r.policyArn(arn).policyDocument(S3_READ));
    }
    assertThatThrownBy(() -> root.createPolicyVersion(r -> r.policyArn(arn).policyDocument(S3_READ)))
        .isInstanceOfSatisfying(LimitExceededException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .startsWith("A managed policy can have up to 5 versions."));
    assertThat(root.listPolicyVersions(r -> r.policyArn(arn)).versions()).extracting(PolicyVersion::versionId)
        .containsExactly("v5", "v4", "v3", "v2", "v1");
    assertThatThrownBy(() -> root.deletePolicyVersion(r -> r.policyArn(arn).versionId("v2")))
        .isInstanceOfSatisfying(DeleteConflictException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("Cannot delete the default version of a policy."));
    root.setDefaultPolicyVersion(r -> r.policyArn(arn).versionId("v1"));
    assertThatThrownBy(() -> root.setDefaultPolicyVersion(r -> r.policyArn(arn).versionId("v9")))
        .isInstanceOf(NoSuchEntityException.class);
    assertThatThrownBy(() -> root.createPolicyVersion(r -> r.policyArn(arn).policyDocument("{\"Version\":")))
        .isInstanceOf(MalformedPolicyDocumentException.class);

    root.createUser(r -> r.userName("pv-user"));
    root.attachUserPolicy(r -> r.userName("pv-user").policyArn(arn));
    var entities = root.listEntitiesForPolicy(r -> r.policyArn(arn));
    assertThat(entities.policyUsers()).extracting(x -> x.userName()).containsExactly("pv-user");
    assertThat(root.listEntitiesForPolicy(r -> r.policyArn(arn).entityFilter(EntityType.ROLE)).policyUsers()).isEmpty();
    assertThatThrownBy(() -> root.deletePolicy(r -> r.policyArn(arn))).isInstanceOfSatisfying(
        DeleteConflictException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("Cannot delete a policy attached to entities."));
    root.detachUserPolicy(r -> r.userName("pv-user").policyArn(arn));
    assertThatThrownBy(() -> root.deletePolicy(r -> r.policyArn(arn))).hasMessageContaining("more than one version");
    for (String v : List.of("v2", "v3", "v4", "v5")) {
      root.deletePolicyVersion(r -> r.policyArn(arn).versionId(v));
    }
    root.deletePolicy(r -> r.policyArn(arn));
    assertThatThrownBy(() -> root.getPolicy(r -> r.policyArn(arn))).isInstanceOf(NoSuchEntityException.class);
  }

  @Test
  void tagsOnUsersRolesAndPolicies() {
    root.createUser(r -> r.userName("tagged"));
    root.tagUser(r -> r.userName("tagged").tags(Tag.builder().key("a").value("1").build(),
        Tag.builder().key("b").value("2").build()));
    root.untagUser(r -> r.userName("tagged").tagKeys("a"));
    assertThat(root.listUserTags(r -> r.userName("tagged")).tags()).extracting(Tag::key).containsExactly("b");
    root.createRole(r -> r.roleName("tagged-role").assumeRolePolicyDocument(trust("arn:aws:iam::" + acct() + ":root")));
    root.tagRole(r -> r.roleName("tagged-role").tags(Tag.builder().key("env").value("dev").build()));
    assertThat(root.listRoleTags(r -> r.roleName("tagged-role")).tags()).extracting(Tag::value).containsExactly("dev");
    String arn = root.createPolicy(r -> r.policyName("tagged-policy").policyDocument(S3_READ)).policy().arn();
    root.tagPolicy(r -> r.policyArn(arn).tags(Tag.builder().key("k").value("v").build()));
    assertThat(root.listPolicyTags(r -> r.policyArn(arn)).tags()).extracting(Tag::key).containsExactly("k");
    // a policy's tag keys are case-sensitive: "K" is another key
    root.untagPolicy(r -> r.policyArn(arn).tagKeys("K"));
    assertThat(root.listPolicyTags(r -> r.policyArn(arn)).tags()).extracting(Tag::key).containsExactly("k");
    root.untagPolicy(r -> r.policyArn(arn).tagKeys("k"));
    assertThat(root.listPolicyTags(r -> r.policyArn(arn)).tags()).isEmpty();

    Tag[] more = new Tag[49];
    for (int i = 0; i < 49; i++) {
      more[i] = Tag.builder().key("t" + i).value("v").build();
    }
    root.tagRole(r -> r.roleName("tagged-role").tags(more));
    assertThat(root.listRoleTags(r -> r.roleName("tagged-role").maxItems(100)).tags()).hasSize(50);
    assertThatThrownBy(() -> root.tagRole(r -> r.roleName("tagged-role").tags(Tag.builder().key("one-more").value("x")
        .build()))).isInstanceOfSatisfying(LimitExceededException.class,
        e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Cannot exceed quota for TagsPerRole: 50"));
    assertThatThrownBy(() -> root.tagUser(r -> r.userName("nobody").tags(Tag.builder().key("a").value("b").build())))
        .isInstanceOf(NoSuchEntityException.class);
    Tag[] fiftyOne = new Tag[51];
    for (int i = 0; i < 51; i++) {
      fiftyOne[i] = Tag.builder().key("t" + i).value("v").build();
    }
    // more than 50 in one request breaks the model's tagListType (max 50) before any quota
    assertThatThrownBy(() -> root.createUser(r -> r.userName("too-many-tags").tags(fiftyOne)))
        .isInstanceOfSatisfying(IamException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have"
                + " length less than or equal to 50"));
    assertThatThrownBy(() -> root.createPolicy(r -> r.policyName("too-many-tags").policyDocument(S3_READ).tags(fiftyOne)))
        .isInstanceOfSatisfying(IamException.class,
            e -> assertThat(e.awsErrorDetails().errorMessage()).contains("less than or equal to 50"));
    assertThatThrownBy(() -> root.getUser(r -> r.userName("too-many-tags"))).isInstanceOf(NoSuchEntityException.class);

    // aws:RequestTag and aws:TagKeys reach the engine: only tags with key "team" may be set
    AwsBasicCredentials creds = userWithPolicy("tagger", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
        + "\"Allow\",\"Action\":\"iam:TagUser\",\"Resource\":\"*\",\"Condition\":{\"ForAllValues:StringEquals\":"
        + "{\"aws:TagKeys\":[\"team\"]},\"StringEquals\":{\"aws:RequestTag/team\":\"ml\"}}}]}");
    IamClient tagger = iam(creds);
    tagger.tagUser(r -> r.userName("tagged").tags(Tag.builder().key("team").value("ml").build()));
    assertThatThrownBy(() -> tagger.tagUser(r -> r.userName("tagged").tags(Tag.builder().key("team").value("web")
        .build()))).isInstanceOfSatisfying(IamException.class, e -> assertThat(e.awsErrorDetails().errorCode())
        .isEqualTo("AccessDenied"));
    assertThatThrownBy(() -> tagger.tagUser(r -> r.userName("tagged").tags(Tag.builder().key("team").value("ml")
        .build(), Tag.builder().key("cost").value("1").build()))).isInstanceOf(IamException.class);
  }

  /** IAM's Tag shape (botocore model, API reference) and its case-insensitive keys, on every call that takes tags. */
  @Test
  void tagsAreCheckedAsIamChecksThem() {
    java.util.function.Function<Tag[], List<Runnable>> calls = tags -> List.of(
        () -> root.createUser(r -> r.userName("bad-tags-user").tags(tags)),
        () -> root.createRole(r -> r.roleName("bad-tags-role").assumeRolePolicyDocument(trust("arn:aws:iam::" + acct()
            + ":root")).tags(tags)),
        () -> root.createPolicy(r -> r.policyName("bad-tags-policy").policyDocument(S3_READ).tags(tags)));
    Tag bang = Tag.builder().key("cost!center").value("1").build();
    for (Runnable call : calls.apply(new Tag[] {bang})) {
      assertThatThrownBy(call::run).isInstanceOfSatisfying(IamException.class, e -> {
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        // AWS prints no value for a tag (LocalStack's 2026 recording of create-role-tag-invalid-char)
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: Value at"
            + " 'tags.1.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern:"
            + " [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+");
      });
    }
    Tag[] sameKeyTwice = {Tag.builder().key("CostCenter").value("1").build(),
        Tag.builder().key("costcenter").value("2").build()};
    // users' and roles' keys only: a policy's are case-sensitive (PolicySemanticsSdkTest)
    for (Runnable call : calls.apply(sameKeyTwice).subList(0, 2)) {
      assertThatThrownBy(call::run).isInstanceOfSatisfying(IamException.class, e -> {
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidInput");
        assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
      });
    }
    Tag badValue = Tag.builder().key("team").value("ml;drop").build();
    for (Runnable call : calls.apply(new Tag[] {badValue})) {
      assertThatThrownBy(call::run).isInstanceOfSatisfying(IamException.class, e -> assertThat(
          e.awsErrorDetails().errorMessage()).contains("at 'tags.1.member.value'").contains("regular expression"));
    }
    // letters, separators and numbers of any script are IAM tag characters
    root.createUser(r -> r.userName("unicode-tags").tags(Tag.builder().key("équipe données").value("ML 東京 +1").build()));
    assertThat(root.listUserTags(r -> r.userName("unicode-tags")).tags()).extracting(Tag::value)
        .containsExactly("ML 東京 +1");
    assertThatThrownBy(() -> root.tagUser(r -> r.userName("unicode-tags").tags(sameKeyTwice)))
        .isInstanceOfSatisfying(IamException.class, e -> assertThat(e.awsErrorDetails().errorCode())
            .isEqualTo("InvalidInput"));
    assertThatThrownBy(() -> root.tagUser(r -> r.userName("unicode-tags").tags(Tag.builder().key("novalue").build())))
        .isInstanceOfSatisfying(IamException.class, e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
            "1 validation error detected: Value null at 'tags.1.member.value' failed to satisfy constraint: Member"
                + " must not be null"));
    // lengths count characters: 128 letters outside the BMP (256 UTF-16 units) make a valid key
    String longKey = "\uD835\uDC00".repeat(128);
    root.tagUser(r -> r.userName("unicode-tags").tags(Tag.builder().key(longKey).value("v").build()));
    assertThatThrownBy(() -> root.tagUser(r -> r.userName("unicode-tags").tags(Tag.builder().key(longKey + "x")
        .value("v").build()))).isInstanceOfSatisfying(IamException.class, e -> assertThat(
            e.awsErrorDetails().errorMessage()).contains("Member must have length less than or equal to 128"));
    root.untagUser(r -> r.userName("unicode-tags").tagKeys(longKey));
    assertThatThrownBy(() -> root.untagUser(r -> r.userName("unicode-tags").tagKeys("a*b")))
        .isInstanceOfSatisfying(IamException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .contains("Value at 'tagKeys' failed to satisfy constraint: Member must satisfy constraint:")); // AWS: no value
    root.untagUser(r -> r.userName("unicode-tags").tagKeys("ÉQUIPE DONNÉES")); // keys match without case
    assertThat(root.listUserTags(r -> r.userName("unicode-tags")).tags()).isEmpty();
    // the tags are checked before the user is looked up, as IAM does
    assertThatThrownBy(() -> root.tagUser(r -> r.userName("nobody-here").tags(bang)))
        .isInstanceOfSatisfying(IamException.class, e -> assertThat(e.awsErrorDetails().errorCode())
            .isEqualTo("ValidationError"));
    for (String name : List.of("bad-tags-user")) {
      assertThatThrownBy(() -> root.getUser(r -> r.userName(name))).isInstanceOf(NoSuchEntityException.class);
    }
  }

  @Test
  void spec08_resourceTagsOfTheUserRoleOrPolicyActedOnAreFilled() {
    root.createUser(r -> r.userName("ml-user").tags(Tag.builder().key("team").value("ml").build()));
    root.createUser(r -> r.userName("web-user").tags(Tag.builder().key("team").value("web").build()));
    root.createRole(r -> r.roleName("ml-role").assumeRolePolicyDocument(trust("arn:aws:iam::" + acct() + ":root"))
        .tags(Tag.builder().key("team").value("ml").build()));
    root.createRole(r -> r.roleName("plain-role").assumeRolePolicyDocument(trust("arn:aws:iam::" + acct() + ":root")));
    String mlPolicy = root.createPolicy(r -> r.policyName("ml-policy").policyDocument(S3_READ)
        .tags(Tag.builder().key("team").value("ml").build())).policy().arn();
    String webPolicy = root.createPolicy(r -> r.policyName("web-policy").policyDocument(S3_READ)
        .tags(Tag.builder().key("team").value("web").build())).policy().arn();
    assertThat(root.listPolicyTags(r -> r.policyArn(mlPolicy)).tags()).extracting(Tag::value).containsExactly("ml");
    // users and roles: aws:ResourceTag and iam:ResourceTag; policies: aws:ResourceTag only
    IamClient reader = iam(userWithPolicy("tag-reader", "{\"Version\":\"2012-10-17\",\"Statement\":["
        + "{\"Effect\":\"Allow\",\"Action\":\"iam:GetUser\",\"Resource\":\"*\","
        + "\"Condition\":{\"StringEquals\":{\"aws:ResourceTag/team\":\"ml\"}}},"
        + "{\"Effect\":\"Allow\",\"Action\":\"iam:GetRole\",\"Resource\":\"*\","
        + "\"Condition\":{\"StringEquals\":{\"iam:ResourceTag/team\":\"ml\"}}},"
        + "{\"Effect\":\"Allow\",\"Action\":\"iam:GetPolicy\",\"Resource\":\"*\","
        + "\"Condition\":{\"StringEquals\":{\"aws:ResourceTag/team\":\"ml\"}}}]}"));
    assertThat(reader.getUser(r -> r.userName("ml-user")).user().userName()).isEqualTo("ml-user");
    assertThat(reader.getRole(r -> r.roleName("ml-role")).role().roleName()).isEqualTo("ml-role");
    assertThat(reader.getPolicy(r -> r.policyArn(mlPolicy)).policy().policyName()).isEqualTo("ml-policy");
    for (Runnable denied : List.<Runnable>of(() -> reader.getUser(r -> r.userName("web-user")),
        () -> reader.getRole(r -> r.roleName("plain-role")), () -> reader.getPolicy(r -> r.policyArn(webPolicy)))) {
      assertThatThrownBy(denied::run).isInstanceOfSatisfying(IamException.class,
          e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
    }
    // a retag is seen by the next call (the tags are cached by the store's change counter)
    root.tagUser(r -> r.userName("web-user").tags(Tag.builder().key("team").value("ml").build()));
    assertThat(reader.getUser(r -> r.userName("web-user")).user().userName()).isEqualTo("web-user");
  }

  @Test
  void permissionsBoundaryLimitsRequestAuthorization() {
    AwsBasicCredentials creds = userWithPolicy("bounded", allow("iam:*", "*"));
    IamClient bounded = iam(creds);
    assertThat(bounded.listRoles().roles()).isNotNull();
    String boundary = root.createPolicy(r -> r.policyName("only-users").policyDocument(allow("iam:ListUsers", "*")))
        .policy().arn();
    root.putUserPermissionsBoundary(r -> r.userName("bounded").permissionsBoundary(boundary));
    assertThat(root.getUser(r -> r.userName("bounded")).user().permissionsBoundary().permissionsBoundaryArn())
        .isEqualTo(boundary);
    assertThat(bounded.listUsers().users()).isNotEmpty();
    assertThatThrownBy(bounded::listRoles).isInstanceOfSatisfying(IamException.class, e -> assertThat(
        e.awsErrorDetails().errorMessage()).endsWith("because no permissions boundary allows the iam:ListRoles action"));
    assertThatThrownBy(() -> root.putUserPermissionsBoundary(r -> r.userName("bounded")
        .permissionsBoundary("arn:aws:iam::" + acct() + ":policy/none"))).isInstanceOf(NoSuchEntityException.class);
    root.deleteUserPermissionsBoundary(r -> r.userName("bounded"));
    assertThat(bounded.listRoles().roles()).isNotNull();

    root.createRole(r -> r.roleName("bounded-role").assumeRolePolicyDocument(trust("arn:aws:iam::" + acct() + ":root")));
    root.putRolePermissionsBoundary(r -> r.roleName("bounded-role").permissionsBoundary(boundary));
    assertThat(root.getRole(r -> r.roleName("bounded-role")).role().permissionsBoundary().permissionsBoundaryArn())
        .isEqualTo(boundary);
    root.deleteRolePermissionsBoundary(r -> r.roleName("bounded-role"));
    assertThat(root.getRole(r -> r.roleName("bounded-role")).role().permissionsBoundary()).isNull();
  }

  @Test
  void accessKeyStatusDeletionAndLastUse() {
    AwsBasicCredentials creds = userWithPolicy("keyed", allow("iam:GetUser", "*"));
    var lastUsedBefore = root.getAccessKeyLastUsed(r -> r.accessKeyId(creds.accessKeyId()));
    assertThat(lastUsedBefore.userName()).isEqualTo("keyed");
    assertThat(lastUsedBefore.accessKeyLastUsed().lastUsedDate()).isNull();
    assertThat(lastUsedBefore.accessKeyLastUsed().serviceName()).isEqualTo("N/A");
    IamClient keyed = iam(creds);
    keyed.getUser();
    var lastUsed = root.getAccessKeyLastUsed(r -> r.accessKeyId(creds.accessKeyId())).accessKeyLastUsed();
    assertThat(lastUsed.lastUsedDate()).isNotNull();
    assertThat(lastUsed.serviceName()).isEqualTo("iam");
    // the region of the request's credential scope (IAM is signed for us-east-1)
    assertThat(lastUsed.region()).isEqualTo("us-east-1");

    root.updateAccessKey(r -> r.userName("keyed").accessKeyId(creds.accessKeyId()).status(StatusType.INACTIVE));
    assertThat(root.listAccessKeys(r -> r.userName("keyed")).accessKeyMetadata().get(0).status())
        .isEqualTo(StatusType.INACTIVE);
    assertThatThrownBy(keyed::getUser).isInstanceOfSatisfying(IamException.class,
        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId"));
    GetCallerIdentityResponse[] none = new GetCallerIdentityResponse[1];
    assertThatThrownBy(() -> none[0] = sts(creds).getCallerIdentity())
        .hasMessageContaining("The security token included in the request is invalid");
    root.updateAccessKey(r -> r.userName("keyed").accessKeyId(creds.accessKeyId()).status(StatusType.ACTIVE));
    assertThat(keyed.getUser().user().userName()).isEqualTo("keyed");
    assertThatThrownBy(() -> root.updateAccessKey(r -> r.userName("keyed").accessKeyId("AKIAXXXXXXXXXXXXXXXX")
        .status(StatusType.INACTIVE))).isInstanceOfSatisfying(NoSuchEntityException.class,
        e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("The Access Key with id AKIAXXXXXXXXXXXXXXXX cannot be found."));
    root.deleteAccessKey(r -> r.userName("keyed").accessKeyId(creds.accessKeyId()));
    assertThatThrownBy(keyed::getUser).isInstanceOf(IamException.class);
    // a deleted key is unknown: IAM answers AccessDenied, never NoSuchEntity
    assertThatThrownBy(() -> root.getAccessKeyLastUsed(r -> r.accessKeyId(creds.accessKeyId())))
        .isInstanceOfSatisfying(IamException.class, e -> assertThat(e.awsErrorDetails().errorCode())
            .isEqualTo("AccessDenied"));
  }

  @Test
  void accountAuthorizationDetailsWithFilter() {
    root.createUser(r -> r.userName("aad-user"));
    root.putUserPolicy(r -> r.userName("aad-user").policyName("aad-inline").policyDocument(S3_READ));
    root.createGroup(r -> r.groupName("aad-group"));
    root.addUserToGroup(r -> r.groupName("aad-group").userName("aad-user"));
    root.attachGroupPolicy(r -> r.groupName("aad-group").policyArn("arn:aws:iam::aws:policy/IAMReadOnlyAccess"));
    root.createRole(r -> r.roleName("aad-role").assumeRolePolicyDocument(trust("arn:aws:iam::" + acct() + ":root")));
    root.createPolicy(r -> r.policyName("aad-policy").policyDocument(S3_READ));

    var all = root.getAccountAuthorizationDetails();
    var user = all.userDetailList().stream().filter(u -> u.userName().equals("aad-user")).findFirst().orElseThrow();
    assertThat(user.groupList()).containsExactly("aad-group");
    assertThat(user.userPolicyList()).extracting(p -> p.policyName()).containsExactly("aad-inline");
    assertThat(all.groupDetailList().stream().filter(g -> g.groupName().equals("aad-group")).findFirst().orElseThrow()
        .attachedManagedPolicies()).extracting(AttachedPolicy::policyName).containsExactly("IAMReadOnlyAccess");
    assertThat(all.roleDetailList()).extracting(r -> r.roleName()).contains("aad-role");
    assertThat(all.policies()).extracting(p -> p.policyName()).contains("aad-policy", "IAMReadOnlyAccess");

    var rolesOnly = root.getAccountAuthorizationDetails(r -> r.filterWithStrings("Role"));
    assertThat(rolesOnly.userDetailList()).isEmpty();
    assertThat(rolesOnly.policies()).isEmpty();
    assertThat(rolesOnly.roleDetailList()).extracting(r -> r.roleName()).contains("aad-role");
    var paged = root.getAccountAuthorizationDetails(r -> r.maxItems(1));
    assertThat(paged.isTruncated()).isTrue();
    assertThat(paged.userDetailList().size() + paged.groupDetailList().size()).isEqualTo(1);
    assertThatThrownBy(() -> root.getAccountAuthorizationDetails(r -> r.filterWithStrings("Bogus")))
        .isInstanceOfSatisfying(IamException.class, e -> assertThat(e.awsErrorDetails().errorCode())
            .isEqualTo("ValidationError"));
  }

  /** iamlocal's explanation of an error, beside AWS's message. */
  public static String detail(software.amazon.awssdk.awscore.exception.AwsServiceException e) {
    return e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-iamlocal-detail").orElse("");
  }
}
