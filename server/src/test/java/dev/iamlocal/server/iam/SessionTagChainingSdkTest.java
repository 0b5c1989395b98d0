package dev.iamlocal.server.iam;

import dev.iamlocal.server.ServerFixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.StsException;
import software.amazon.awssdk.services.sts.model.Tag;

/**
 * Role chaining with transitive session tags (IAM User Guide, "Chaining roles with session tags"):
 * the Star/Heart walk-through, the inherited tags' precedence and immutability, sts:TagSession for
 * a chained session that carries tags, and sts:TransitiveTagKeys in trust policies.
 */
class SessionTagChainingSdkTest extends ServerFixture {

  AwsBasicCredentials chainer;

  @BeforeAll
  void world() {
    String assumeAny = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
        + "[\"sts:AssumeRole\",\"sts:TagSession\"],\"Resource\":\"arn:aws:iam::" + acct() + ":role/*\"}]}";
    chainer = userWithPolicy("chainer", assumeAny);
    String account = "arn:aws:iam::" + acct() + ":root";
    // sessions of first and second may assume roles, but not tag sessions by their own policies:
    // a chained session's sts:TagSession must come from the next role's trust policy
    String assumeOnly = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
        + "\"sts:AssumeRole\",\"Resource\":\"arn:aws:iam::" + acct() + ":role/*\"}]}";
    root.createRole(r -> r.roleName("first").assumeRolePolicyDocument(trust(account)));
    root.putRolePolicy(r -> r.roleName("first").policyName("chain").policyDocument(assumeOnly));
    // second: trusts the account to assume it, and sessions of first and of itself to tag theirs;
    // its own tag Star=3 loses to an inherited Star=1
    // (a trust policy may name its own role only once the role exists, as in IAM: hence the update)
    String roles = "[\"arn:aws:iam::" + acct() + ":role/first\",\"arn:aws:iam::" + acct() + ":role/second\"]";
    root.createRole(r -> r.roleName("second").assumeRolePolicyDocument(trust(account))
        .tags(software.amazon.awssdk.services.iam.model.Tag.builder().key("Star").value("3").build()));
    root.updateAssumeRolePolicy(r -> r.roleName("second").policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":["
        + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + account + "\"},\"Action\":\"sts:AssumeRole\"},"
        + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":" + roles + "},\"Action\":\"sts:TagSession\"}]}"));
    root.putRolePolicy(r -> r.roleName("second").policyName("chain").policyDocument(assumeOnly));
    root.putRolePolicy(r -> r.roleName("second").policyName("by-tags").policyDocument(
        "{\"Version\":\"2012-10-17\",\"Statement\":["
        + "{\"Effect\":\"Allow\",\"Action\":\"iam:ListUsers\",\"Resource\":\"*\","
        + "\"Condition\":{\"StringEquals\":{\"aws:PrincipalTag/Heart\":\"1\"}}},"
        + "{\"Effect\":\"Allow\",\"Action\":\"iam:ListRoles\",\"Resource\":\"*\","
        + "\"Condition\":{\"StringEquals\":{\"aws:PrincipalTag/Star\":\"1\"}}},"
        + "{\"Effect\":\"Allow\",\"Action\":\"iam:ListGroups\",\"Resource\":\"*\","
        + "\"Condition\":{\"Null\":{\"aws:PrincipalTag/Project\":\"false\"}}}]}"));
    // a role whose trust policy does not allow sts:TagSession
    root.createRole(r -> r.roleName("untagged-only").assumeRolePolicyDocument(
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + account
        + "\"},\"Action\":\"sts:AssumeRole\"}]}"));
    // a role that lets sessions of first set only Project and Department as transitive
    root.createRole(r -> r.roleName("some-transitive").assumeRolePolicyDocument(
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + account
        + "\"},\"Action\":\"sts:AssumeRole\"},{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
        + acct() + ":role/first\"},\"Action\":\"sts:TagSession\",\"Condition\":{\"ForAllValues:StringEquals\":"
        + "{\"sts:TransitiveTagKeys\":[\"Project\",\"Department\"]}}}]}"));
  }

  private AssumeRoleResponse assume(AwsCredentials who, String role, String session,
      Consumer<AssumeRoleRequest.Builder> more) {
    return sts(who).assumeRole(r -> {
      r.roleArn("arn:aws:iam::" + acct() + ":role/" + role).roleSessionName(session);
      more.accept(r);
    });
  }

  private static Tag tag(String k, String v) {
    return Tag.builder().key(k).value(v).build();
  }

  /** The first session of the guide's walk-through: Star, Heart transitive (one key in another case), Project not. */
  private AwsCredentials firstSession() {
    return session(assume(chainer, "first", "Session1", r -> r.tags(tag("Star", "1"), tag("Heart", "1"),
        tag("Project", "p")).transitiveTagKeys("Star", "heart")).credentials());
  }

  @Test
  void transitiveTagsPassDownTheChainOverrideRoleTagsAndStayTransitive() {
    AssumeRoleResponse second = assume(firstSession(), "second", "Session2", r -> { });
    assertThat(second.packedPolicySize()).as("inherited tags are session tags").isBetween(1, 100);
    IamClient asSecond = iam(session(second.credentials()));
    assertThat(asSecond.listUsers().users()).as("Heart inherited").isNotEmpty();
    assertThat(asSecond.listRoles().roles()).as("inherited Star=1 over the role's Star=3").isNotEmpty();
    assertThatThrownBy(asSecond::listGroups).as("Project was not transitive")
        .isInstanceOf(software.amazon.awssdk.services.iam.model.IamException.class);

    // one link further, without passing anything: still there
    IamClient asThird = iam(session(assume(session(second.credentials()), "second", "Session3", r -> { })
        .credentials()));
    assertThat(asThird.listUsers().users()).isNotEmpty();
    assertThat(asThird.listRoles().roles()).isNotEmpty();

    // without transitive keys nothing passes on: the role's own Star=3 applies
    AwsCredentials plain = session(assume(chainer, "first", "Plain", r -> r.tags(tag("Star", "1"), tag("Heart", "1")))
        .credentials());
    IamClient asPlainSecond = iam(session(assume(plain, "second", "Plain2", r -> { }).credentials()));
    assertThatThrownBy(asPlainSecond::listUsers).isInstanceOf(software.amazon.awssdk.services.iam.model.IamException.class);
    assertThatThrownBy(asPlainSecond::listRoles).isInstanceOf(software.amazon.awssdk.services.iam.model.IamException.class);
  }

  @Test
  void anInheritedTagCannotBeOverridden() {
    AwsCredentials first = firstSession();
    for (String key : List.of("Heart", "HEART")) {
      assertThatThrownBy(() -> assume(first, "second", "Session2", r -> r.tags(tag(key, "3"))))
          .as(key).isInstanceOfSatisfying(StsException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("One of the specified transitive tag keys can't"
                + " be set because it conflicts with a transitive tag key from the calling session.");
          });
    }
    // a tag that was not transitive may be passed again
    IamClient withProject = iam(session(assume(first, "second", "Session2", r -> r.tags(tag("Project", "q")))
        .credentials()));
    assertThat(withProject.listGroups().groups()).isNotNull();
  }

  @Test
  void aChainedSessionWithInheritedTagsNeedsTagSession() {
    assertThatThrownBy(() -> assume(firstSession(), "untagged-only", "Sx", r -> { }))
        .isInstanceOfSatisfying(StsException.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
          assertThat(e.awsErrorDetails().errorMessage()).contains("is not authorized to perform: sts:TagSession");
        });
    // the trust policy must allow sts:TagSession itself: the user's own policy allows it on every
    // role, and tagging into this role is still denied
    assertThatThrownBy(() -> assume(chainer, "untagged-only", "Sx", r -> r.tags(tag("Project", "p"))))
        .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .contains("is not authorized to perform: sts:TagSession")
            .contains("the role's trust policy does not allow the sts:TagSession action"));
    // the same chain without transitive tags needs only sts:AssumeRole
    AwsCredentials untagged = session(assume(chainer, "first", "NoTags", r -> { }).credentials());
    assertThat(assume(untagged, "untagged-only", "Sx", r -> { }).assumedRoleUser().arn())
        .endsWith(":assumed-role/untagged-only/Sx");
  }

  @Test
  void transitiveKeysMustBeRequestedTagsAndAreTheTransitiveTagKeysConditionKey() {
    assertThatThrownBy(() -> assume(chainer, "first", "Sx", r -> r.tags(tag("Project", "p"))
        .transitiveTagKeys("CostCenter"))).isInstanceOfSatisfying(StsException.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
          assertThat(e.awsErrorDetails().errorMessage())
              .isEqualTo("The specified transitive tag key must be included in the requested tags.");
        });
    // a session of first (whose own policy does not allow sts:TagSession) tags through the trust
    // policy, which allows Project and Department as transitive keys and nothing else
    AwsCredentials first = session(assume(chainer, "first", "Untagged", r -> { }).credentials());
    Consumer<AssumeRoleRequest.Builder> costCenter = r -> r.tags(tag("Project", "p"), tag("CostCenter", "1"))
        .transitiveTagKeys("CostCenter");
    assertThatThrownBy(() -> assume(first, "some-transitive", "Sx", costCenter))
        .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .contains("sts:TagSession"));
    assertThat(assume(first, "some-transitive", "Sx", r -> r.tags(tag("Project", "p"), tag("CostCenter", "1"))
        .transitiveTagKeys("Project")).credentials().accessKeyId()).startsWith("ASIA");
    // the condition key carries the keys as the request spelled them: "project" is not "Project"
    assertThatThrownBy(() -> assume(first, "some-transitive", "Sx", r -> r.tags(tag("Project", "p"))
        .transitiveTagKeys("project"))).isInstanceOfSatisfying(StsException.class, e ->
            assertThat(e.awsErrorDetails().errorMessage()).contains("sts:TagSession"));
    assertThat(assume(first, "some-transitive", "Sy", r -> r.tags(tag("Project", "p"), tag("CostCenter", "1")))
        .credentials().accessKeyId()).as("no transitive keys: ForAllValues of nothing holds").startsWith("ASIA");

    List<String> many = new ArrayList<>();
    for (int i = 0; i < 51; i++) {
      many.add("k" + i);
    }
    assertThatThrownBy(() -> assume(chainer, "first", "Sx", r -> r.transitiveTagKeys(many)))
        .isInstanceOfSatisfying(StsException.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
          assertThat(e.awsErrorDetails().errorMessage()).contains("'transitiveTagKeys'")
              .contains("less than or equal to 50");
        });
  }
}
