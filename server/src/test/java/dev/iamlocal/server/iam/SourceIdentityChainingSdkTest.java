package dev.iamlocal.server.iam;

import dev.iamlocal.server.ServerFixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * Source identity (IAM User Guide, "Monitor and control actions taken with assumed roles"): present
 * as aws:SourceIdentity in every request of the session, kept down a role chain, never changed,
 * and in a chain sts:SetSourceIdentity must be allowed by the assuming role's own permissions too.
 */
class SourceIdentityChainingSdkTest extends ServerFixture {

  AwsBasicCredentials origin;

  @BeforeAll
  void world() {
    String roles = "arn:aws:iam::" + acct() + ":role/";
    String account = "arn:aws:iam::" + acct() + ":root";
    origin = userWithPolicy("origin", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
        + "[\"sts:AssumeRole\",\"sts:SetSourceIdentity\"],\"Resource\":\"" + roles + "*\"}]}");
    String listUsersAsAlice = "{\"Effect\":\"Allow\",\"Action\":\"iam:ListUsers\",\"Resource\":\"*\","
        + "\"Condition\":{\"StringEquals\":{\"aws:SourceIdentity\":\"alice-src\"}}}";
    root.createRole(r -> r.roleName("hop1").assumeRolePolicyDocument(trust(account)));
    root.putRolePolicy(r -> r.roleName("hop1").policyName("p").policyDocument("{\"Version\":\"2012-10-17\","
        + "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"sts:AssumeRole\",\"sts:SetSourceIdentity\"],"
        + "\"Resource\":\"" + roles + "*\"}," + listUsersAsAlice + "]}"));
    root.createRole(r -> r.roleName("hop1-no-set").assumeRolePolicyDocument(trust(account)));
    root.putRolePolicy(r -> r.roleName("hop1-no-set").policyName("p").policyDocument(
        allow("sts:AssumeRole", roles + "*")));
    // hop2 trusts the account to assume it and names both first hops for sts:SetSourceIdentity:
    // on its own, that trust would be enough in one account
    root.createRole(r -> r.roleName("hop2").assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":["
        + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + account + "\"},\"Action\":\"sts:AssumeRole\"},"
        + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"" + roles + "hop1\",\"" + roles + "hop1-no-set\"]},"
        + "\"Action\":\"sts:SetSourceIdentity\"}]}"));
    root.putRolePolicy(r -> r.roleName("hop2").policyName("p").policyDocument("{\"Version\":\"2012-10-17\","
        + "\"Statement\":[" + listUsersAsAlice + "]}"));
    // a role whose trust allows assuming it, not setting (or carrying) a source identity
    root.createRole(r -> r.roleName("no-source").assumeRolePolicyDocument("{\"Version\":\"2012-10-17\","
        + "\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + account + "\"},"
        + "\"Action\":\"sts:AssumeRole\"}]}"));
  }

  private AssumeRoleResponse assume(AwsCredentials who, String role, Consumer<AssumeRoleRequest.Builder> more) {
    return sts(who).assumeRole(r -> {
      r.roleArn("arn:aws:iam::" + acct() + ":role/" + role).roleSessionName("chain");
      more.accept(r);
    });
  }

  @Test
  void spec08_theSourceIdentityIsInEveryRequestAndGoesDownTheChainUnchanged() {
    AssumeRoleResponse first = assume(origin, "hop1", r -> r.sourceIdentity("alice-src"));
    assertThat(first.sourceIdentity()).isEqualTo("alice-src");
    AwsCredentials hop1 = session(first.credentials());
    assertThat(iam(hop1).listUsers().users()).as("aws:SourceIdentity of the session").isNotEmpty();

    AssumeRoleResponse second = assume(hop1, "hop2", r -> { });
    assertThat(second.sourceIdentity()).as("inherited").isEqualTo("alice-src");
    assertThat(iam(session(second.credentials())).listUsers().users()).isNotEmpty();
    assertThat(assume(hop1, "hop2", r -> r.sourceIdentity("alice-src")).sourceIdentity()).isEqualTo("alice-src");
    assertThatThrownBy(() -> assume(hop1, "hop2", r -> r.sourceIdentity("mallory")))
        .isInstanceOfSatisfying(StsException.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
          assertThat(e.awsErrorDetails().errorMessage()).contains("sts:SetSourceIdentity")
              .contains("cannot be changed");
        });

    // without a source identity the condition does not hold
    AwsCredentials plain = session(assume(origin, "hop1", r -> { }).credentials());
    assertThatThrownBy(() -> iam(plain).listUsers()).isInstanceOf(IamException.class);
  }

  @Test
  void inAChainTheAssumingRolesOwnPermissionsMustAllowSetSourceIdentity() {
    AwsCredentials noSet = session(assume(origin, "hop1-no-set", r -> r.sourceIdentity("alice-src")).credentials());
    assertThatThrownBy(() -> assume(noSet, "hop2", r -> { })).isInstanceOfSatisfying(StsException.class, e -> {
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
      assertThat(e.awsErrorDetails().errorMessage())
          .contains("assumed-role/hop1-no-set/chain is not authorized to perform: sts:SetSourceIdentity");
    });
    // the same role without a source identity to carry needs only sts:AssumeRole
    AwsCredentials noSource = session(assume(origin, "hop1-no-set", r -> { }).credentials());
    assertThat(assume(noSource, "hop2", r -> { }).sourceIdentity()).isNull();
  }

  @Test
  void aSourceIdentityHasTheModelsShape() {
    for (String bad : new String[] {"a", "aws:alice", "has space", "x".repeat(65)}) {
      assertThatThrownBy(() -> assume(origin, "hop1", r -> r.sourceIdentity(bad))).as(bad)
          .isInstanceOfSatisfying(StsException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
            assertThat(e.awsErrorDetails().errorMessage()).contains("at 'sourceIdentity'");
          });
    }
  }

  @Test
  void theTargetRolesTrustPolicyMustAllowSetSourceIdentity() {
    // origin's own policy allows sts:SetSourceIdentity on every role; no-source's trust does not
    assertThatThrownBy(() -> assume(origin, "no-source", r -> r.sourceIdentity("alice-src")))
        .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .contains("is not authorized to perform: sts:SetSourceIdentity")
            .contains("the role's trust policy does not allow the sts:SetSourceIdentity action"));
    assertThat(assume(origin, "no-source", r -> { }).sourceIdentity()).isNull();
    // nor can a session carry its source identity into that role
    AwsCredentials withSource = session(assume(origin, "hop1", r -> r.sourceIdentity("alice-src")).credentials());
    assertThatThrownBy(() -> assume(withSource, "no-source", r -> { }))
        .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .contains("sts:SetSourceIdentity"));
  }

  /** The guide's own example: a role of one account chains into a role of another, keeping the source identity. */
  @Test
  void aChainAcrossAccountsKeepsTheSourceIdentity() {
    String other = store.accounts().createAccount().accountId();
    String here = "arn:aws:iam::" + acct() + ":role/";
    store.roles().createRole(other, "CriticalRole", "/", null, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
        + "\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + other + ":root\"},\"Action\":[\"sts:AssumeRole\","
        + "\"sts:SetSourceIdentity\"]}]}", null);
    store.inlinePolicies().putInlinePolicy(other, dev.iamlocal.store.EntityType.ROLE, "CriticalRole", "p", "{\"Version\":\"2012-10-17\","
        + "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"sts:AssumeRole\",\"sts:SetSourceIdentity\"],"
        + "\"Resource\":\"" + here + "CriticalRole_2\"}]}");
    store.users().createUser(other, "dev", "/", java.util.Map.of());
    store.inlinePolicies().putInlinePolicy(other, dev.iamlocal.store.EntityType.USER, "dev", "p", "{\"Version\":\"2012-10-17\","
        + "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"sts:AssumeRole\",\"sts:SetSourceIdentity\"],"
        + "\"Resource\":\"*\"}]}");
    var key = store.accessKeys().createAccessKey(other, "dev");
    root.createRole(r -> r.roleName("CriticalRole_2").assumeRolePolicyDocument("{\"Version\":\"2012-10-17\","
        + "\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + other
        + ":role/CriticalRole\"},\"Action\":[\"sts:AssumeRole\",\"sts:SetSourceIdentity\"],\"Condition\":"
        + "{\"StringLike\":{\"aws:SourceIdentity\":[\"Saanvi\",\"Diego\"]}}}]}"));
    AwsCredentials critical = session(sts(AwsBasicCredentials.create(key.accessKeyId(), key.secret())).assumeRole(r -> r
        .roleArn("arn:aws:iam::" + other + ":role/CriticalRole").roleSessionName("Audit").sourceIdentity("Diego"))
        .credentials());
    assertThat(assume(critical, "CriticalRole_2", r -> { }).sourceIdentity()).isEqualTo("Diego");
  }
}
