package dev.iamlocal.server.iam;

import static dev.iamlocal.server.iam.RecordedRoleAnswersSdkTest.awsError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.server.ServerFixture;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.EntityType;
import software.amazon.awssdk.services.iam.model.Policy;
import software.amazon.awssdk.services.iam.model.PolicyScopeType;
import software.amazon.awssdk.services.iam.model.PolicyVersion;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * The calls of LocalStack's AWS-recorded {@code tests/aws/services/iam/test_iam_policies.snapshot.json}
 * and {@code test_iam_managed_policies.snapshot.json} (recorded 2026-02), replayed with the SDK against
 * the server: status, code and message of every recorded error, and the members every recorded answer
 * has or lacks. The recordings' keys ("policy-already-exists", …) are named in the comments. The
 * recordings' invalid and valid documents are moto's lists, replayed by {@link PolicyGrammarSdkTest}.
 */
class RecordedPolicyAnswersSdkTest extends ServerFixture {

  private static final String DOC = allow("iam:ListUsers", "*");
  private static final String BAD_VERSION = "1 validation error detected: Value at 'versionId' failed to satisfy"
      + " constraint: Member must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?";

  private Policy create(String name) {
    return root.createPolicy(r -> r.policyName(name).policyDocument(DOC)).policy();
  }

  private static Tag tag(String k, String v) {
    return Tag.builder().key(k).value(v).build();
  }

  @Test
  void policyLifecycleWithPath() {
    Policy created = root.createPolicy(r -> r.policyName("rec-pol-life").path("/test/path/").policyDocument(DOC))
        .policy(); // create-policy-response: no Tags, no Description
    assertThat(created.arn()).isEqualTo("arn:aws:iam::" + acct() + ":policy/test/path/rec-pol-life");
    assertThat(created.path()).isEqualTo("/test/path/");
    assertThat(created.policyId()).startsWith("ANPA");
    assertThat(created.defaultVersionId()).isEqualTo("v1");
    assertThat(created.attachmentCount()).isZero();
    assertThat(created.permissionsBoundaryUsageCount()).isZero();
    assertThat(created.isAttachable()).isTrue();
    assertThat(created.hasTags()).isFalse();
    assertThat(created.description()).isNull();
    assertThat(created.createDate()).isNotNull();
    assertThat(created.updateDate()).isNotNull();
    Policy got = root.getPolicy(r -> r.policyArn(created.arn())).policy(); // get-policy-response: Tags []
    assertThat(got.hasTags()).isTrue();
    assertThat(got.tags()).isEmpty();
    assertThat(got.description()).isNull();
    assertThat(got.policyId()).isEqualTo(created.policyId());
    // filtered-policy-list: ListPolicies carries the same members, never Tags nor Description
    List<Policy> listed = root.listPolicies(r -> r.scope(PolicyScopeType.LOCAL).pathPrefix("/test/path/")).policies();
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).hasTags()).isFalse();
    assertThat(listed.get(0).arn()).isEqualTo(created.arn());
    assertThat(listed.get(0).defaultVersionId()).isEqualTo("v1");
    assertThat(root.deletePolicy(r -> r.policyArn(created.arn())).sdkHttpResponse().statusCode()).isEqualTo(200);
  }

  @Test
  void policyAlreadyExists() {
    create("rec-pol-dup");
    awsError(() -> create("rec-pol-dup"), 409, "EntityAlreadyExists",
        "A policy called rec-pol-dup already exists. Duplicate names are not allowed."); // policy-already-exists
  }

  @Test
  void policyVersionLifecycle() {
    String arn = create("rec-pol-ver").arn();
    PolicyVersion v2 = root.createPolicyVersion(r -> r.policyArn(arn).policyDocument(allow("s3:ListBucket", "*"))
        .setAsDefault(true)).policyVersion(); // create-version-v2: no Document
    assertThat(v2.versionId()).isEqualTo("v2");
    assertThat(v2.isDefaultVersion()).isTrue();
    assertThat(v2.document()).isNull();
    assertThat(v2.createDate()).isNotNull();
    PolicyVersion got2 = root.getPolicyVersion(r -> r.policyArn(arn).versionId("v2")).policyVersion();
    assertThat(URLDecoder.decode(got2.document(), StandardCharsets.UTF_8)).isEqualTo(allow("s3:ListBucket", "*"));
    assertThat(got2.isDefaultVersion()).isTrue(); // get-version-v2
    PolicyVersion v3 = root.createPolicyVersion(r -> r.policyArn(arn)
        .policyDocument(allow("ec2:DescribeInstances", "*"))).policyVersion(); // create-version-v3
    assertThat(v3.versionId()).isEqualTo("v3");
    assertThat(v3.isDefaultVersion()).isFalse();
    assertThat(root.getPolicyVersion(r -> r.policyArn(arn).versionId("v3")).policyVersion().isDefaultVersion())
        .isFalse(); // get-version-v3
    root.deletePolicyVersion(r -> r.policyArn(arn).versionId("v1"));
    var list = root.listPolicyVersions(r -> r.policyArn(arn)); // list-versions: newest first, no Document
    assertThat(list.versions()).extracting(PolicyVersion::versionId).containsExactly("v3", "v2");
    assertThat(list.versions()).extracting(PolicyVersion::isDefaultVersion).containsExactly(false, true);
    assertThat(list.versions().get(0).document()).isNull();
    assertThat(list.isTruncated()).isFalse();
  }

  @Test
  void policyVersionSetDefaultAndLimit() {
    String arn = create("rec-pol-default").arn();
    root.createPolicyVersion(r -> r.policyArn(arn).policyDocument(DOC));
    root.createPolicyVersion(r -> r.policyArn(arn).policyDocument(DOC).setAsDefault(true));
    assertThat(root.listPolicyVersions(r -> r.policyArn(arn)).versions()) // list-after-create
        .extracting(PolicyVersion::versionId, PolicyVersion::isDefaultVersion)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("v3", true), org.assertj.core.groups.Tuple.tuple("v2", false),
            org.assertj.core.groups.Tuple.tuple("v1", false));
    root.setDefaultPolicyVersion(r -> r.policyArn(arn).versionId("v1")); // set-default-v1
    assertThat(root.listPolicyVersions(r -> r.policyArn(arn)).versions()) // list-after-set-default
        .extracting(PolicyVersion::isDefaultVersion).containsExactly(false, false, true);

    String limited = create("rec-pol-limit").arn();
    for (int i = 0; i < 4; i++) {
      root.createPolicyVersion(r -> r.policyArn(limited).policyDocument(DOC));
    }
    awsError(() -> root.createPolicyVersion(r -> r.policyArn(limited).policyDocument(DOC)), 409, "LimitExceeded",
        "A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing"
            + " version."); // err-version-limit-exceeded
    assertThat(root.listPolicyVersions(r -> r.policyArn(limited)).versions()).extracting(PolicyVersion::versionId)
        .containsExactly("v5", "v4", "v3", "v2", "v1"); // list-versions-at-limit
    root.deletePolicyVersion(r -> r.policyArn(limited).versionId("v2"));
    PolicyVersion v6 = root.createPolicyVersion(r -> r.policyArn(limited).policyDocument(DOC)).policyVersion();
    assertThat(v6.versionId()).isEqualTo("v6"); // create-version-after-delete: numbers are never reused
    assertThat(v6.isDefaultVersion()).isFalse();
  }

  @Test
  void policyVersionErrors() {
    String arn = create("rec-pol-ver-err").arn();
    String missing = "arn:aws:iam::" + acct() + ":policy/TestNonExistingPolicy";
    awsError(() -> root.getPolicyVersion(r -> r.policyArn(missing).versionId("v1")), 404, "NoSuchEntity",
        "Policy " + missing + " version v1 does not exist or is not attachable."); // err-get-version-nonexistent-policy
    awsError(() -> root.getPolicyVersion(r -> r.policyArn(arn).versionId("v9")), 404, "NoSuchEntity",
        "Policy " + arn + " version v9 does not exist or is not attachable."); // err-get-nonexistent-version
    awsError(() -> root.deletePolicyVersion(r -> r.policyArn(arn).versionId("v1")), 409, "DeleteConflict",
        "Cannot delete the default version of a policy."); // err-delete-default-version
    awsError(() -> root.deletePolicyVersion(r -> r.policyArn(arn).versionId("v9")), 404, "NoSuchEntity",
        "Policy " + arn + " version v9 does not exist or is not attachable."); // err-delete-nonexistent-version
    awsError(() -> root.setDefaultPolicyVersion(r -> r.policyArn(missing).versionId("v1")), 404, "NoSuchEntity",
        "Policy " + missing + " version v1 does not exist or is not attachable."); // err-set-default-nonexistent-policy
    awsError(() -> root.setDefaultPolicyVersion(r -> r.policyArn(arn).versionId("wrong_version_id")), 400,
        "ValidationError", BAD_VERSION); // err-set-default-invalid-version-format
    awsError(() -> root.setDefaultPolicyVersion(r -> r.policyArn(arn).versionId("v4")), 404, "NoSuchEntity",
        "Policy " + arn + " version v4 does not exist or is not attachable."); // err-set-default-nonexistent-version
    var list = root.listPolicyVersions(r -> r.policyArn(arn)); // list-after-delete
    assertThat(list.versions()).extracting(PolicyVersion::versionId).containsExactly("v1");
  }

  @Test
  void policyTagLifecycle() {
    Tag some = tag("somekey", "somevalue");
    Tag other = tag("someotherkey", "someothervalue");
    Policy created = root.createPolicy(r -> r.policyName("rec-pol-tags").policyDocument(DOC).description("testing")
        .tags(some, other)).policy(); // create-with-tags: Tags, but no Description
    assertThat(created.tags()).containsExactly(some, other);
    assertThat(created.description()).isNull();
    Policy got = root.getPolicy(r -> r.policyArn(created.arn())).policy(); // get-with-tags
    assertThat(got.description()).isEqualTo("testing");
    assertThat(got.tags()).containsExactly(some, other);
    var listed = root.listPolicyTags(r -> r.policyArn(created.arn())); // list-created-tags
    assertThat(listed.tags()).containsExactly(some, other);
    assertThat(listed.isTruncated()).isFalse();
    Tag empty = tag("somekey", "");
    Policy withEmpty = root.createPolicy(r -> r.policyName("rec-pol-empty-tag").policyDocument(DOC).tags(empty))
        .policy(); // create-with-empty-tag-value
    assertThat(withEmpty.tags()).containsExactly(empty);
    assertThat(root.listPolicyTags(r -> r.policyArn(withEmpty.arn())).tags()).containsExactly(empty);
    // create-with-case-sensitive-tags: "a" and "A" are two keys; the answer keeps the request's order
    Tag lower = tag("a", "lowercase");
    Tag upper = tag("A", "uppercase");
    Policy cased = root.createPolicy(r -> r.policyName("rec-pol-case").policyDocument(DOC).tags(lower, upper)).policy();
    assertThat(cased.tags()).containsExactly(lower, upper);
    assertThat(root.listPolicyTags(r -> r.policyArn(cased.arn())).tags()).containsExactly(upper, lower);
  }

  @Test
  void listPolicyTagsOrdersShorterKeysFirst() {
    // test_policy_tag_order: CreatePolicy echoes the request's order, ListPolicyTags sorts by length, then code point
    List<Tag> given = List.of(tag("abc", "first"), tag("b", "second"), tag("z", "third"), tag("a", "fourth"));
    Policy p = root.createPolicy(r -> r.policyName("rec-pol-order").policyDocument(DOC).tags(given)).policy();
    assertThat(p.tags()).containsExactlyElementsOf(given);
    assertThat(root.listPolicyTags(r -> r.policyArn(p.arn())).tags()).extracting(Tag::key)
        .containsExactly("a", "b", "z", "abc");
  }

  @Test
  void policyTagOperations() {
    String arn = create("rec-pol-tag-ops").arn();
    Tag some = tag("somekey", "somevalue");
    Tag other = tag("someotherkey", "someothervalue");
    root.tagPolicy(r -> r.policyArn(arn).tags(some, other));
    assertThat(root.getPolicy(r -> r.policyArn(arn)).policy().tags()).containsExactly(some, other); // get-after-tag
    var page1 = root.listPolicyTags(r -> r.policyArn(arn).maxItems(1)); // list-tags-page1
    assertThat(page1.tags()).containsExactly(some);
    assertThat(page1.isTruncated()).isTrue();
    assertThat(page1.marker()).isNotBlank();
    var page2 = root.listPolicyTags(r -> r.policyArn(arn).marker(page1.marker())); // list-tags-page2
    assertThat(page2.tags()).containsExactly(other);
    assertThat(page2.isTruncated()).isFalse();
    assertThat(page2.marker()).isNull();
    root.tagPolicy(r -> r.policyArn(arn).tags(tag("somekey", "somenewvalue")));
    assertThat(root.listPolicyTags(r -> r.policyArn(arn)).tags())
        .containsExactly(tag("somekey", "somenewvalue"), other); // list-after-update
    root.tagPolicy(r -> r.policyArn(arn).tags(tag("somekey", "")));
    assertThat(root.listPolicyTags(r -> r.policyArn(arn)).tags())
        .containsExactly(tag("somekey", ""), other); // list-after-update-empty
    root.untagPolicy(r -> r.policyArn(arn).tagKeys("somekey"));
    assertThat(root.listPolicyTags(r -> r.policyArn(arn)).tags()).containsExactly(other); // list-after-untag-one
    root.untagPolicy(r -> r.policyArn(arn).tagKeys("someotherkey"));
    var none = root.listPolicyTags(r -> r.policyArn(arn)); // list-after-untag-all
    assertThat(none.hasTags()).isTrue();
    assertThat(none.tags()).isEmpty();
    root.tagPolicy(r -> r.policyArn(arn).tags(tag("a", "lowercase"), tag("A", "uppercase")));
    assertThat(root.listPolicyTags(r -> r.policyArn(arn)).tags())
        .containsExactly(tag("A", "uppercase"), tag("a", "lowercase")); // list-case-sensitive-tags
    root.untagPolicy(r -> r.policyArn(arn).tagKeys("a"));
    assertThat(root.listPolicyTags(r -> r.policyArn(arn)).tags())
        .containsExactly(tag("A", "uppercase")); // list-after-untag-lowercase
  }

  @Test
  void policyTagErrors() {
    List<Tag> fiftyOne = new ArrayList<>();
    for (int i = 0; i < 51; i++) {
      fiftyOne.add(tag("k" + i, "v"));
    }
    String tooMany = "1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have"
        + " length less than or equal to 50";
    // policies say "Duplicate tag keys found." without the roles' sentence about case
    String duplicate = "Duplicate tag keys found.";
    String keyTooLong = "1 validation error detected: Value at 'tags.1.member.key' failed to satisfy constraint: Member"
        + " must have length less than or equal to 128";
    String valueTooLong = "1 validation error detected: Value at 'tags.1.member.value' failed to satisfy constraint:"
        + " Member must have length less than or equal to 256";
    String keyPattern = "1 validation error detected: Value at 'tags.1.member.key' failed to satisfy constraint: Member"
        + " must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+";
    Tag dupA = tag("dup", "1");
    Tag dupB = tag("dup", "2");
    Tag longKey = tag("k".repeat(129), "v");
    Tag longValue = tag("k", "v".repeat(257));
    Tag badChar = tag("bad*key", "v");
    awsError(() -> root.createPolicy(r -> r.policyName("rec-pol-te").policyDocument(DOC).tags(fiftyOne)), 400,
        "ValidationError", tooMany); // err-too-many-tags
    awsError(() -> root.createPolicy(r -> r.policyName("rec-pol-te").policyDocument(DOC).tags(dupA, dupB)), 400,
        "InvalidInput", duplicate); // err-duplicate-keys
    awsError(() -> root.createPolicy(r -> r.policyName("rec-pol-te").policyDocument(DOC).tags(longKey)), 400,
        "ValidationError", keyTooLong); // err-large-key
    awsError(() -> root.createPolicy(r -> r.policyName("rec-pol-te").policyDocument(DOC).tags(longValue)), 400,
        "ValidationError", valueTooLong); // err-large-value
    awsError(() -> root.createPolicy(r -> r.policyName("rec-pol-te").policyDocument(DOC).tags(badChar)), 400,
        "ValidationError", keyPattern); // err-invalid-character

    String arn = create("rec-pol-te").arn();
    awsError(() -> root.tagPolicy(r -> r.policyArn(arn).tags(fiftyOne)), 400, "ValidationError", tooMany);
    awsError(() -> root.tagPolicy(r -> r.policyArn(arn).tags(dupA, dupB)), 400, "InvalidInput", duplicate);
    awsError(() -> root.tagPolicy(r -> r.policyArn(arn).tags(longKey)), 400, "ValidationError", keyTooLong);
    awsError(() -> root.tagPolicy(r -> r.policyArn(arn).tags(longValue)), 400, "ValidationError", valueTooLong);
    awsError(() -> root.tagPolicy(r -> r.policyArn(arn).tags(badChar)), 400, "ValidationError", keyPattern);
    String notAPolicy = "arn:aws:iam::" + acct() + ":policy/NotAPolicy";
    awsError(() -> root.tagPolicy(r -> r.policyArn(notAPolicy).tags(tag("k", "v"))), 404, "NoSuchEntity",
        "Policy " + notAPolicy + " was not found."); // err-tag-nonexistent-policy
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 51; i++) {
      keys.add("k" + i);
    }
    awsError(() -> root.untagPolicy(r -> r.policyArn(arn).tagKeys(keys)), 400, "ValidationError",
        "1 validation error detected: Value at 'tagKeys' failed to satisfy constraint: Member must have length less"
            + " than or equal to 50"); // err-untag-too-many-keys
    String memberConstraint = "1 validation error detected: Value at 'tagKeys' failed to satisfy constraint: Member"
        + " must satisfy constraint: [Member must have length less than or equal to 128, Member must have length"
        + " greater than or equal to 1, Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+,"
        + " Member must not be null]";
    awsError(() -> root.untagPolicy(r -> r.policyArn(arn).tagKeys("k".repeat(129))), 400, "ValidationError",
        memberConstraint); // err-untag-large-key
    awsError(() -> root.untagPolicy(r -> r.policyArn(arn).tagKeys("bad*key")), 400, "ValidationError",
        memberConstraint); // err-untag-invalid-character
    awsError(() -> root.untagPolicy(r -> r.policyArn(notAPolicy).tagKeys("k")), 404, "NoSuchEntity",
        "Policy " + notAPolicy + " was not found."); // err-untag-nonexistent-policy
  }

  @Test
  void statementWithoutResourcesIsRefusedBeforeItsActionFormat() {
    // invalid-29 (AWS 2026-02): an action without a vendor, and no Resource at all
    awsError(() -> root.createPolicy(r -> r.policyName("rec-pol-29").policyDocument(
        "{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"invalid\"}}")), 400,
        "MalformedPolicyDocument", "Policy statement must contain resources.");
  }

  @Test
  void listEntitiesForPolicy() {
    String arn = create("rec-pol-entities").arn();
    var empty = root.listEntitiesForPolicy(r -> r.policyArn(arn)); // empty-entities: three empty lists
    assertThat(empty.hasPolicyGroups()).isTrue();
    assertThat(empty.hasPolicyRoles()).isTrue();
    assertThat(empty.hasPolicyUsers()).isTrue();
    assertThat(empty.policyGroups()).isEmpty();
    assertThat(empty.isTruncated()).isFalse();
    String userId = root.createUser(r -> r.userName("rec-ent-user")).user().userId();
    String groupId = root.createGroup(r -> r.groupName("rec-ent-group")).group().groupId();
    String roleId = root.createRole(r -> r.roleName("rec-ent-role")
        .assumeRolePolicyDocument(RecordedRoleAnswersSdkTest.EC2_TRUST)).role().roleId();
    root.attachUserPolicy(r -> r.userName("rec-ent-user").policyArn(arn));
    root.attachGroupPolicy(r -> r.groupName("rec-ent-group").policyArn(arn));
    root.attachRolePolicy(r -> r.roleName("rec-ent-role").policyArn(arn));
    var role = root.listEntitiesForPolicy(r -> r.policyArn(arn).entityFilter(EntityType.ROLE)); // filter-role
    assertThat(role.policyRoles()).singleElement().satisfies(x -> {
      assertThat(x.roleId()).isEqualTo(roleId);
      assertThat(x.roleName()).isEqualTo("rec-ent-role");
    });
    assertThat(role.hasPolicyUsers()).isTrue();
    assertThat(role.policyUsers()).isEmpty();
    assertThat(role.policyGroups()).isEmpty();
    var user = root.listEntitiesForPolicy(r -> r.policyArn(arn).entityFilter(EntityType.USER)); // filter-user
    assertThat(user.policyUsers()).singleElement().satisfies(x -> assertThat(x.userId()).isEqualTo(userId));
    assertThat(user.policyRoles()).isEmpty();
    var group = root.listEntitiesForPolicy(r -> r.policyArn(arn).entityFilter(EntityType.GROUP)); // filter-group
    assertThat(group.policyGroups()).singleElement().satisfies(x -> assertThat(x.groupId()).isEqualTo(groupId));
    var local = root.listEntitiesForPolicy(r -> r.policyArn(arn).entityFilter(EntityType.LOCAL_MANAGED_POLICY));
    assertThat(local.policyGroups()).isEmpty(); // filter-local-managed-policy: nothing
    assertThat(local.policyRoles()).isEmpty();
    assertThat(local.policyUsers()).isEmpty();
    var all = root.listEntitiesForPolicy(r -> r.policyArn(arn)); // no-filter
    assertThat(all.policyGroups()).hasSize(1);
    assertThat(all.policyRoles()).hasSize(1);
    assertThat(all.policyUsers()).hasSize(1);
    String missing = "arn:aws:iam::" + acct() + ":policy/NonExistentPolicy";
    awsError(() -> root.listEntitiesForPolicy(r -> r.policyArn(missing)), 404, "NoSuchEntity",
        "Policy " + missing + " does not exist or is not attachable."); // err-nonexistent-policy
  }

  @Test
  void awsManagedPolicies() {
    // test_get_aws_managed_policy: Tags [] and the counts of this account
    Policy p = root.getPolicy(r -> r.policyArn("arn:aws:iam::aws:policy/IAMUserChangePassword")).policy();
    assertThat(p.defaultVersionId()).isEqualTo("v5");
    assertThat(p.path()).isEqualTo("/");
    assertThat(p.isAttachable()).isTrue();
    assertThat(p.attachmentCount()).isZero();
    assertThat(p.permissionsBoundaryUsageCount()).isZero();
    assertThat(p.hasTags()).isTrue();
    assertThat(p.tags()).isEmpty();
    String lambda = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";
    awsError(() -> root.getPolicyVersion(r -> r.policyArn(lambda).versionId("v2-does-not-exist")), 400,
        "ValidationError", BAD_VERSION); // get-version-error
    PolicyVersion v1 = root.getPolicyVersion(r -> r.policyArn(lambda).versionId("v1")).policyVersion();
    assertThat(v1.isDefaultVersion()).isTrue(); // get-version-v1
    assertThat(URLDecoder.decode(v1.document(), StandardCharsets.UTF_8)).contains("logs:CreateLogGroup");
    Policy sysadmin = root.getPolicy(r -> r.policyArn("arn:aws:iam::aws:policy/job-function/SystemAdministrator"))
        .policy(); // test_get_aws_managed_policy_higher_version
    assertThat(sysadmin.path()).isEqualTo("/job-function/");
    assertThat(root.getPolicyVersion(r -> r.policyArn(sysadmin.arn()).versionId(sysadmin.defaultVersionId()))
        .policyVersion().isDefaultVersion()).isTrue();
    // list-policies-aws-page: no Tags, no Description
    var page = root.listPolicies(r -> r.scope(PolicyScopeType.AWS).maxItems(5));
    assertThat(page.isTruncated()).isTrue();
    assertThat(page.marker()).isNotBlank();
    assertThat(page.policies()).hasSize(5).allSatisfy(x -> {
      assertThat(x.hasTags()).isFalse();
      assertThat(x.description()).isNull();
      assertThat(x.arn()).startsWith("arn:aws:iam::aws:policy/");
    });
  }

  @Test
  void attachAwsManagedPolicies() {
    root.createRole(r -> r.roleName("rec-aws-mp-role").assumeRolePolicyDocument(RecordedRoleAnswersSdkTest.EC2_TRUST));
    String first = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";
    String second = "arn:aws:iam::aws:policy/service-role/AWSLambdaRole";
    root.attachRolePolicy(r -> r.roleName("rec-aws-mp-role").policyArn(first));
    root.attachRolePolicy(r -> r.roleName("rec-aws-mp-role").policyArn(second));
    assertThat(root.listAttachedRolePolicies(r -> r.roleName("rec-aws-mp-role")).attachedPolicies()) // list-attached-role-policies
        .extracting(AttachedPolicy::policyArn).containsExactly(first, second);
    root.detachRolePolicy(r -> r.roleName("rec-aws-mp-role").policyArn(first));
    assertThat(root.listAttachedRolePolicies(r -> r.roleName("rec-aws-mp-role")).attachedPolicies())
        .extracting(AttachedPolicy::policyName).containsExactly("AWSLambdaRole");
    root.createGroup(r -> r.groupName("rec-aws-mp-group"));
    assertThat(root.listAttachedGroupPolicies(r -> r.groupName("rec-aws-mp-group")).attachedPolicies()).isEmpty();
    root.attachGroupPolicy(r -> r.groupName("rec-aws-mp-group").policyArn(first)); // list-attached-after-attach
    assertThat(root.listAttachedGroupPolicies(r -> r.groupName("rec-aws-mp-group")).attachedPolicies())
        .extracting(AttachedPolicy::policyName).containsExactly("AWSLambdaBasicExecutionRole");
    root.detachGroupPolicy(r -> r.groupName("rec-aws-mp-group").policyArn(first));
    assertThat(root.listAttachedGroupPolicies(r -> r.groupName("rec-aws-mp-group")).attachedPolicies()).isEmpty();
  }
}
