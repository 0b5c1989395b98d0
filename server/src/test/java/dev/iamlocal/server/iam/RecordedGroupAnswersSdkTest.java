package dev.iamlocal.server.iam;

import static dev.iamlocal.server.iam.RecordedRoleAnswersSdkTest.awsError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.server.ServerFixture;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.Group;
import software.amazon.awssdk.services.iam.model.User;

/**
 * The calls of LocalStack's AWS-recorded {@code tests/aws/services/iam/test_iam_groups.snapshot.json}
 * (recorded 2026-02-12), replayed with the SDK against the server: status, code and message of every
 * recorded error, and the members every recorded answer has or lacks. The recordings' keys
 * ("create-group-duplicate", …) are named in the comments.
 */
class RecordedGroupAnswersSdkTest extends ServerFixture {

  @Test
  void createGetAndListGroups() {
    Group created = root.createGroup(r -> r.groupName("rec-grp")).group(); // create-group
    assertThat(created.arn()).isEqualTo("arn:aws:iam::" + acct() + ":group/rec-grp");
    assertThat(created.path()).isEqualTo("/");
    assertThat(created.groupId()).startsWith("AGPA");
    assertThat(created.createDate()).isNotNull();
    awsError(() -> root.createGroup(r -> r.groupName("rec-grp")), 409, "EntityAlreadyExists",
        "Group with name rec-grp already exists."); // create-group-duplicate
    var got = root.getGroup(r -> r.groupName("rec-grp")); // get-group-default-path
    assertThat(got.group()).isEqualTo(created);
    assertThat(got.hasUsers()).isTrue();
    assertThat(got.users()).isEmpty();
    assertThat(got.isTruncated()).isFalse();
    assertThat(got.marker()).isNull();
    awsError(() -> root.getGroup(r -> r.groupName("non-existent-group")), 404, "NoSuchEntity",
        "The group with name non-existent-group cannot be found."); // get-group-not-found
    Group pathed = root.createGroup(r -> r.groupName("rec-grp-path").path("/some/location/")).group();
    assertThat(pathed.arn()).isEqualTo("arn:aws:iam::" + acct() + ":group/some/location/rec-grp-path");
    assertThat(pathed.path()).isEqualTo("/some/location/"); // create-group-with-path
    // list-groups: both, in name order, with the same five members
    assertThat(root.listGroups().groups()).filteredOn(g -> g.groupName().matches("rec-grp(-path)?"))
        .containsExactly(created, pathed);
  }

  @Test
  void deleteAndUpdateGroups() {
    root.createGroup(r -> r.groupName("rec-grp-del"));
    assertThat(root.deleteGroup(r -> r.groupName("rec-grp-del")).sdkHttpResponse().statusCode()).isEqualTo(200);
    awsError(() -> root.deleteGroup(r -> r.groupName("unknown-group")), 404, "NoSuchEntity",
        "The group with name unknown-group cannot be found."); // delete-unknown-group
    Group original = root.createGroup(r -> r.groupName("rec-grp-old")).group();
    root.updateGroup(r -> r.groupName("rec-grp-old").newGroupName("rec-grp-new"));
    awsError(() -> root.getGroup(r -> r.groupName("rec-grp-old")), 404, "NoSuchEntity",
        "The group with name rec-grp-old cannot be found."); // old-group-not-found
    Group updated = root.getGroup(r -> r.groupName("rec-grp-new")).group(); // updated-group
    assertThat(updated.groupId()).isEqualTo(original.groupId());
    assertThat(updated.arn()).isEqualTo("arn:aws:iam::" + acct() + ":group/rec-grp-new");
    root.updateGroup(r -> r.groupName("rec-grp-new").newPath("/new-path/"));
    Group moved = root.getGroup(r -> r.groupName("rec-grp-new")).group(); // updated-group-with-new-path
    assertThat(moved.arn()).isEqualTo("arn:aws:iam::" + acct() + ":group/new-path/rec-grp-new");
    assertThat(moved.path()).isEqualTo("/new-path/");
    awsError(() -> root.updateGroup(r -> r.groupName("nonexisting").newGroupName("x")), 404, "NoSuchEntity",
        "The group with name nonexisting cannot be found."); // update-nonexistent-group
    root.createGroup(r -> r.groupName("rec-grp-taken"));
    awsError(() -> root.updateGroup(r -> r.groupName("rec-grp-new").newGroupName("rec-grp-taken")), 409,
        "EntityAlreadyExists", "Group with name rec-grp-taken already exists."); // update-duplicate-name
  }

  @Test
  void membership() {
    root.createGroup(r -> r.groupName("rec-grp-m"));
    User user = root.createUser(r -> r.userName("rec-grp-m-user")).user();
    root.addUserToGroup(r -> r.groupName("rec-grp-m").userName("rec-grp-m-user"));
    root.addUserToGroup(r -> r.groupName("rec-grp-m").userName("rec-grp-m-user")); // idempotent
    var with = root.getGroup(r -> r.groupName("rec-grp-m")); // group-with-user
    assertThat(with.users()).containsExactly(user);
    assertThat(root.listGroupsForUser(r -> r.userName("rec-grp-m-user")).groups()).hasSize(1); // groups-before-remove
    awsError(() -> root.addUserToGroup(r -> r.groupName("rec-grp-m").userName("non-existent-user")), 404,
        "NoSuchEntity", "The user with name non-existent-user cannot be found."); // add-unknown-user
    awsError(() -> root.addUserToGroup(r -> r.groupName("non-existent-group").userName("rec-grp-m-user")), 404,
        "NoSuchEntity", "The group with name non-existent-group cannot be found."); // add-user-unknown-group
    root.removeUserFromGroup(r -> r.groupName("rec-grp-m").userName("rec-grp-m-user"));
    var after = root.getGroup(r -> r.groupName("rec-grp-m")); // group-after-remove
    assertThat(after.hasUsers()).isTrue();
    assertThat(after.users()).isEmpty();
    assertThat(root.listGroupsForUser(r -> r.userName("rec-grp-m-user")).groups()).isEmpty(); // groups-after-remove
    // remove-from-unknown-group: neither exists, and AWS names the user
    awsError(() -> root.removeUserFromGroup(r -> r.groupName("non-existent-group").userName("any-user")), 404,
        "NoSuchEntity", "The user with name any-user cannot be found.");
  }

  @Test
  void groupPolicies() {
    root.createGroup(r -> r.groupName("rec-grp-p"));
    awsError(() -> root.getGroupPolicy(r -> r.groupName("rec-grp-p").policyName("rec-inline")), 404, "NoSuchEntity",
        "The group policy with name rec-inline cannot be found."); // get-nonexistent-policy
    var empty = root.listGroupPolicies(r -> r.groupName("rec-grp-p")); // list-empty-policies
    assertThat(empty.hasPolicyNames()).isTrue();
    assertThat(empty.policyNames()).isEmpty();
    assertThat(empty.isTruncated()).isFalse();
    String doc = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:ListBucket\","
        + "\"Resource\":[\"arn:aws:s3:::example_bucket\"]}}";
    root.putGroupPolicy(r -> r.groupName("rec-grp-p").policyName("rec-inline").policyDocument(doc)); // put-group-policy
    var got = root.getGroupPolicy(r -> r.groupName("rec-grp-p").policyName("rec-inline")); // get-group-policy
    assertThat(got.groupName()).isEqualTo("rec-grp-p");
    assertThat(got.policyName()).isEqualTo("rec-inline");
    assertThat(URLDecoder.decode(got.policyDocument(), StandardCharsets.UTF_8)).isEqualTo(doc);
    assertThat(root.listGroupPolicies(r -> r.groupName("rec-grp-p")).policyNames()).containsExactly("rec-inline");

    var none = root.listAttachedGroupPolicies(r -> r.groupName("rec-grp-p")); // no-attached-policies
    assertThat(none.hasAttachedPolicies()).isTrue();
    assertThat(none.attachedPolicies()).isEmpty();
    assertThat(none.isTruncated()).isFalse();
    String arn = root.createPolicy(r -> r.policyName("rec-grp-managed").policyDocument(allow("s3:*", "*")))
        .policy().arn();
    awsError(() -> root.detachGroupPolicy(r -> r.groupName("rec-grp-p").policyArn(arn)), 404, "NoSuchEntity",
        "Policy " + arn + " was not found."); // detach-unattached-error
    root.attachGroupPolicy(r -> r.groupName("rec-grp-p").policyArn(arn));
    var one = root.listAttachedGroupPolicies(r -> r.groupName("rec-grp-p")).attachedPolicies(); // one-attached-policy
    assertThat(one).hasSize(1);
    assertThat(one.get(0).policyArn()).isEqualTo(arn);
    assertThat(one.get(0).policyName()).isEqualTo("rec-grp-managed");
    root.detachGroupPolicy(r -> r.groupName("rec-grp-p").policyArn(arn));
    assertThat(root.listAttachedGroupPolicies(r -> r.groupName("rec-grp-p")).attachedPolicies()).isEmpty();
  }
}
