package dev.iamlocal.server.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iamlocal.server.ServerFixture;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.EntityType;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.LimitExceededException;
import software.amazon.awssdk.services.iam.model.ListInstanceProfilesResponse;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.RoleDetail;
import software.amazon.awssdk.services.iam.model.Tag;

/** Instance profiles, the role in them and their tags, through the AWS SDK for Java v2. */
class InstanceProfilesSdkTest extends ServerFixture {

  static final String EC2_TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
      + "\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

  private static String message(Throwable e) {
    return ((IamException) e).awsErrorDetails().errorMessage();
  }

  @Test
  void lifecycleAsAwsAnswersIt() {
    InstanceProfile created = root.createInstanceProfile(r -> r.instanceProfileName("web").path("/app/"))
        .instanceProfile();
    assertThat(created.arn()).isEqualTo("arn:aws:iam::" + acct() + ":instance-profile/app/web");
    assertThat(created.instanceProfileId()).matches("AIPA[A-Z0-9]{16}");
    assertThat(created.roles()).isEmpty();
    assertThat(created.hasTags()).isFalse();
    InstanceProfile got = root.getInstanceProfile(r -> r.instanceProfileName("WEB")).instanceProfile();
    assertThat(got.instanceProfileName()).isEqualTo("web");
    // GetInstanceProfile always has the Tags member, empty here (AWS's recorded answer)
    assertThat(got.hasTags()).isTrue();
    assertThat(got.tags()).isEmpty();

    assertThatThrownBy(() -> root.createInstanceProfile(r -> r.instanceProfileName("Web")))
        .isInstanceOf(EntityAlreadyExistsException.class)
        .satisfies(e -> assertThat(message(e)).isEqualTo("Instance Profile Web already exists."));
    assertThatThrownBy(() -> root.getInstanceProfile(r -> r.instanceProfileName("nonexistent-profile")))
        .isInstanceOfSatisfying(NoSuchEntityException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(404);
          assertThat(message(e)).isEqualTo("Instance Profile nonexistent-profile cannot be found.");
        });
    root.deleteInstanceProfile(r -> r.instanceProfileName("web"));
    assertThatThrownBy(() -> root.deleteInstanceProfile(r -> r.instanceProfileName("web")))
        .isInstanceOf(NoSuchEntityException.class);
  }

  @Test
  void oneRolePerProfileAndDeleteConflicts() {
    root.createRole(r -> r.roleName("ec2-app").assumeRolePolicyDocument(EC2_TRUST));
    root.createRole(r -> r.roleName("ec2-other").assumeRolePolicyDocument(EC2_TRUST));
    root.createInstanceProfile(r -> r.instanceProfileName("p1"));
    root.createInstanceProfile(r -> r.instanceProfileName("p2").path("/x/"));

    assertThatThrownBy(() -> root.addRoleToInstanceProfile(r -> r.instanceProfileName("nonexistent-profile")
        .roleName("ec2-app"))).satisfies(e -> assertThat(message(e))
            .isEqualTo("Instance Profile nonexistent-profile cannot be found."));
    assertThatThrownBy(() -> root.addRoleToInstanceProfile(r -> r.instanceProfileName("p1")
        .roleName("nonexistent-role"))).satisfies(e -> assertThat(message(e))
            .isEqualTo("The role with name nonexistent-role cannot be found."));
    assertThatThrownBy(() -> root.removeRoleFromInstanceProfile(r -> r.instanceProfileName("p1")
        .roleName("ec2-app"))).isInstanceOfSatisfying(NoSuchEntityException.class, e -> assertThat(message(e))
            .isEqualTo("Role ec2-app in Instance Profile p1 cannot be found."));

    root.addRoleToInstanceProfile(r -> r.instanceProfileName("p1").roleName("ec2-app"));
    root.addRoleToInstanceProfile(r -> r.instanceProfileName("p2").roleName("ec2-app"));
    assertThatThrownBy(() -> root.addRoleToInstanceProfile(r -> r.instanceProfileName("p1").roleName("ec2-other")))
        .isInstanceOfSatisfying(LimitExceededException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(409);
          assertThat(message(e)).isEqualTo("Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1");
        });

    InstanceProfile p1 = root.getInstanceProfile(r -> r.instanceProfileName("p1")).instanceProfile();
    assertThat(p1.roles()).singleElement().satisfies(role -> {
      assertThat(role.roleName()).isEqualTo("ec2-app");
      assertThat(URLDecoder.decode(role.assumeRolePolicyDocument(), StandardCharsets.UTF_8)).isEqualTo(EC2_TRUST);
      // as AWS lists a role inside a profile: no description, no session duration
      assertThat(role.maxSessionDuration()).isNull();
    });
    assertThat(root.listInstanceProfilesForRole(r -> r.roleName("ec2-app")).instanceProfiles())
        .extracting(InstanceProfile::instanceProfileName).containsExactly("p1", "p2");
    assertThat(root.listInstanceProfilesForRole(r -> r.roleName("ec2-other")).instanceProfiles()).isEmpty();
    assertThatThrownBy(() -> root.listInstanceProfilesForRole(r -> r.roleName("ghost")))
        .isInstanceOf(NoSuchEntityException.class);

    assertThatThrownBy(() -> root.deleteInstanceProfile(r -> r.instanceProfileName("p1")))
        .isInstanceOfSatisfying(DeleteConflictException.class, e -> assertThat(message(e))
            .isEqualTo("Cannot delete entity, must remove roles from instance profile first."));
    assertThatThrownBy(() -> root.deleteRole(r -> r.roleName("ec2-app")))
        .isInstanceOfSatisfying(DeleteConflictException.class, e -> assertThat(message(e))
            .isEqualTo("Cannot delete entity, must remove roles from instance profile first."));

    // the role's instance profiles in the account's authorization details
    RoleDetail detail = root.getAccountAuthorizationDetails(r -> r.filter(EntityType.ROLE)).roleDetailList().stream()
        .filter(d -> d.roleName().equals("ec2-app")).findFirst().orElseThrow();
    assertThat(detail.instanceProfileList()).extracting(InstanceProfile::instanceProfileName)
        .containsExactly("p1", "p2");
    assertThat(detail.instanceProfileList().get(0).roles()).extracting(r -> r.roleName()).containsExactly("ec2-app");

    root.removeRoleFromInstanceProfile(r -> r.instanceProfileName("p1").roleName("ec2-app"));
    root.removeRoleFromInstanceProfile(r -> r.instanceProfileName("p2").roleName("ec2-app"));
    assertThat(root.getInstanceProfile(r -> r.instanceProfileName("p1")).instanceProfile().roles()).isEmpty();
    root.deleteRole(r -> r.roleName("ec2-app"));
    root.deleteInstanceProfile(r -> r.instanceProfileName("p1"));
    root.deleteInstanceProfile(r -> r.instanceProfileName("p2"));
    root.deleteRole(r -> r.roleName("ec2-other"));
  }

  @Test
  void listsByPathPrefixWithPaging() {
    for (String n : List.of("l-c", "l-a", "l-b")) {
      root.createInstanceProfile(r -> r.instanceProfileName(n).path("/paged/"));
    }
    root.createInstanceProfile(r -> r.instanceProfileName("l-other").path("/elsewhere/"));
    ListInstanceProfilesResponse first = root.listInstanceProfiles(r -> r.pathPrefix("/paged/").maxItems(2));
    assertThat(first.instanceProfiles()).extracting(InstanceProfile::instanceProfileName).containsExactly("l-a", "l-b");
    assertThat(first.isTruncated()).isTrue();
    ListInstanceProfilesResponse second = root.listInstanceProfiles(r -> r.pathPrefix("/paged/").marker(first.marker()));
    assertThat(second.instanceProfiles()).extracting(InstanceProfile::instanceProfileName).containsExactly("l-c");
    assertThat(second.isTruncated()).isFalse();
    assertThat(root.listInstanceProfiles(r -> r.pathPrefix("/nothing/")).instanceProfiles()).isEmpty();
    // lists never carry the profiles' tags
    assertThat(first.instanceProfiles().get(0).hasTags()).isFalse();
  }

  @Test
  void tags() {
    InstanceProfile created = root.createInstanceProfile(r -> r.instanceProfileName("tagged")
        .tags(Tag.builder().key("InitialKey").value("InitialValue").build())).instanceProfile();
    assertThat(created.tags()).extracting(Tag::key).containsExactly("InitialKey");
    root.tagInstanceProfile(r -> r.instanceProfileName("tagged").tags(Tag.builder().key("MyKey2").value("v2").build()));
    // keys are case-insensitive: this one replaces MyKey2
    root.tagInstanceProfile(r -> r.instanceProfileName("tagged").tags(Tag.builder().key("mykey2").value("v3").build()));
    root.tagInstanceProfile(r -> r.instanceProfileName("tagged").tags(Tag.builder().key("MyKey").value("v").build()));
    assertThat(root.listInstanceProfileTags(r -> r.instanceProfileName("tagged")).tags())
        .extracting(Tag::key).containsExactly("InitialKey", "MyKey", "mykey2");
    root.untagInstanceProfile(r -> r.instanceProfileName("tagged").tagKeys("INITIALKEY", "absent"));
    assertThat(root.getInstanceProfile(r -> r.instanceProfileName("tagged")).instanceProfile().tags())
        .extracting(Tag::key).containsExactly("MyKey", "mykey2");
    assertThatThrownBy(() -> root.tagInstanceProfile(r -> r.instanceProfileName("nonexistent-profile")
        .tags(Tag.builder().key("k").value("v").build()))).satisfies(e -> assertThat(message(e))
            .isEqualTo("Instance Profile nonexistent-profile cannot be found."));
    assertThatThrownBy(() -> root.listInstanceProfileTags(r -> r.instanceProfileName("nonexistent-profile")))
        .isInstanceOf(NoSuchEntityException.class);
    root.deleteInstanceProfile(r -> r.instanceProfileName("tagged"));
  }

  @Test
  void callersNeedThePermissionsAwsNames() {
    root.createRole(r -> r.roleName("passed").assumeRolePolicyDocument(EC2_TRUST));
    root.createInstanceProfile(r -> r.instanceProfileName("guarded").tags(Tag.builder().key("team").value("ml").build()));
    IamClient reader = iam(userWithPolicy("ip-reader", allow("iam:GetInstanceProfile", "*")));
    assertThat(reader.getInstanceProfile(r -> r.instanceProfileName("guarded")).instanceProfile().instanceProfileName())
        .isEqualTo("guarded");
    assertThatThrownBy(() -> reader.deleteInstanceProfile(r -> r.instanceProfileName("guarded")))
        .isInstanceOfSatisfying(IamException.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
          assertThat(message(e)).isEqualTo("User: arn:aws:iam::" + acct() + ":user/ip-reader is not authorized to"
              + " perform: iam:DeleteInstanceProfile on resource: arn:aws:iam::" + acct()
              + ":instance-profile/guarded because no identity-based policy allows the iam:DeleteInstanceProfile action");
        });
    // adding a role needs iam:PassRole on the role as well
    IamClient adder = iam(userWithPolicy("ip-adder", allow("iam:AddRoleToInstanceProfile", "*")));
    assertThatThrownBy(() -> adder.addRoleToInstanceProfile(r -> r.instanceProfileName("guarded").roleName("passed")))
        .isInstanceOfSatisfying(IamException.class, e -> assertThat(message(e)).contains("iam:PassRole"));
    // the profile's tags are its aws:ResourceTag keys
    IamClient tagged = iam(userWithPolicy("ip-tagged", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
        + "\"Allow\",\"Action\":\"iam:ListInstanceProfileTags\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":"
        + "{\"aws:ResourceTag/team\":\"ml\"}}}]}"));
    assertThat(tagged.listInstanceProfileTags(r -> r.instanceProfileName("guarded")).tags()).hasSize(1);
    root.createInstanceProfile(r -> r.instanceProfileName("untagged"));
    assertThatThrownBy(() -> tagged.listInstanceProfileTags(r -> r.instanceProfileName("untagged")))
        .isInstanceOfSatisfying(IamException.class, e -> assertThat(e.statusCode()).isEqualTo(403));
  }
}
