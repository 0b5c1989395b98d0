package dev.iamlocal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iamlocal.store.AccessKey;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.PolicyScopeType;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * Hole 5, end to end: two accounts in one store behind one server. Account A's root user names
 * account B's managed policy by its ARN in every policy operation and gets NoSuchEntity, as from
 * AWS; B's policy, and the decisions of B's user who has it attached, stay as they were.
 */
class AccountIsolationSdkTest extends ServerFixture {

  static final String READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";

  String acctB;
  IamClient rootB;
  IamClient userB;
  String arnB;

  @BeforeAll
  void secondAccount() {
    acctB = store.accounts().createAccount().accountId();
    AccessKey k = store.accessKeys().createAccessKey(acctB, null);
    rootB = iam(AwsBasicCredentials.create(k.accessKeyId(), k.secret()));
    arnB = rootB.createPolicy(r -> r.policyName("theirs").policyDocument(allow("iam:ListUsers", "*"))).policy().arn();
    rootB.createUser(r -> r.userName("ub"));
    rootB.attachUserPolicy(r -> r.userName("ub").policyArn(arnB));
    rootB.attachUserPolicy(r -> r.userName("ub").policyArn(READ_ONLY));
    var key = rootB.createAccessKey(r -> r.userName("ub")).accessKey();
    userB = iam(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
    root.createUser(r -> r.userName("ua"));
  }

  @Test
  void hole05_policyArnOfAnotherAccountIsNoSuchEntity() {
    assertThat(arnB).startsWith("arn:aws:iam::" + acctB + ":policy/");
    // B's user may list users (its policy), not create groups
    assertThat(userB.listUsers(r -> { }).users()).extracting(u -> u.userName()).containsExactly("ub");
    assertDenied(() -> userB.createGroup(r -> r.groupName("g")));

    String notFound = "Policy " + arnB + " was not found.";
    List<ThrowingCallable> notFoundCalls = List.of(
        () -> root.createPolicyVersion(r -> r.policyArn(arnB).policyDocument(allow("*", "*")).setAsDefault(true)),
        () -> root.getPolicy(r -> r.policyArn(arnB)),
        () -> root.listPolicyVersions(r -> r.policyArn(arnB)),
        () -> root.tagPolicy(r -> r.policyArn(arnB).tags(Tag.builder().key("owner").value("a").build())),
        () -> root.untagPolicy(r -> r.policyArn(arnB).tagKeys("owner")),
        () -> root.listPolicyTags(r -> r.policyArn(arnB)),
        () -> root.deletePolicy(r -> r.policyArn(arnB)));
    for (ThrowingCallable call : notFoundCalls) {
      assertNoSuchEntity(call, notFound);
    }
    // IAM names the version for a version of a policy it does not have
    String versionNotFound = "Policy " + arnB + " version v1 does not exist or is not attachable.";
    List<ThrowingCallable> versionCalls = List.of(
        () -> root.getPolicyVersion(r -> r.policyArn(arnB).versionId("v1")),
        () -> root.setDefaultPolicyVersion(r -> r.policyArn(arnB).versionId("v1")),
        () -> root.deletePolicyVersion(r -> r.policyArn(arnB).versionId("v1")));
    for (ThrowingCallable call : versionCalls) {
      assertNoSuchEntity(call, versionNotFound);
    }
    assertNoSuchEntity(() -> root.listEntitiesForPolicy(r -> r.policyArn(arnB)),
        "Policy " + arnB + " does not exist or is not attachable.");
    assertNoSuchEntity(() -> root.attachUserPolicy(r -> r.userName("ua").policyArn(arnB)),
        "Policy " + arnB + " does not exist or is not attachable.");
    String scope = "Scope ARN: " + arnB + " does not exist or is not attachable.";
    assertNoSuchEntity(() -> root.putUserPermissionsBoundary(r -> r.userName("ua").permissionsBoundary(arnB)), scope);
    assertNoSuchEntity(() -> root.createUser(r -> r.userName("ua2").permissionsBoundary(arnB)), scope);

    // A sees none of B's policies, nor B's use of AWS managed ones
    assertThat(root.listPolicies(r -> r.scope(PolicyScopeType.LOCAL)).policies()).noneMatch(p -> p.arn().equals(arnB));
    assertThat(root.getPolicy(r -> r.policyArn(READ_ONLY)).policy().attachmentCount()).isZero();
    assertThat(root.listPolicies(r -> r.onlyAttached(true)).policies()).isEmpty();
    assertThat(rootB.getPolicy(r -> r.policyArn(READ_ONLY)).policy().attachmentCount()).isEqualTo(1);

    // B's policy and B's user's decisions are unchanged
    var theirs = rootB.getPolicy(r -> r.policyArn(arnB)).policy();
    assertThat(theirs.defaultVersionId()).isEqualTo("v1");
    assertThat(theirs.attachmentCount()).isEqualTo(1);
    assertThat(rootB.listPolicyVersions(r -> r.policyArn(arnB)).versions()).hasSize(1);
    assertThat(rootB.listPolicyTags(r -> r.policyArn(arnB)).tags()).isEmpty();
    assertDenied(() -> userB.createGroup(r -> r.groupName("g")));
    assertThat(userB.listUsers(r -> { }).users()).extracting(u -> u.userName()).containsExactly("ub");
  }

  private static void assertNoSuchEntity(ThrowingCallable call, String message) {
    assertThatThrownBy(call).isInstanceOfSatisfying(NoSuchEntityException.class, e -> {
      assertThat(e.statusCode()).isEqualTo(404);
      assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
    });
  }

  private static void assertDenied(ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOfSatisfying(IamException.class,
        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
  }
}
