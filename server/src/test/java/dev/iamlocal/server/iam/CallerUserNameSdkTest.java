package dev.iamlocal.server.iam;

import dev.iamlocal.server.ServerFixture;
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
import software.amazon.awssdk.services.iam.model.StatusType;

/**
 * Hole 4: the IAM operations whose UserName defaults to the caller (GetUser, CreateAccessKey,
 * ListAccessKeys, UpdateAccessKey, DeleteAccessKey). A role session is no IAM user: without a
 * UserName AWS answers a ValidationError; it must never fall through to the root user's keys.
 */
class CallerUserNameSdkTest extends ServerFixture {

  static final String NOT_A_USER = "Must specify userName when calling with non-User credentials";

  IamClient session;
  IamClient bob;

  @BeforeAll
  void roleSessionAndUser() {
    AwsBasicCredentials bobKey = userWithPolicy("bob", "{\"Version\":\"2012-10-17\",\"Statement\":["
        + "{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"arn:aws:iam::" + acct() + ":role/*\"},"
        + "{\"Effect\":\"Allow\",\"Action\":[\"iam:GetUser\",\"iam:ListAccessKeys\"],\"Resource\":\"arn:aws:iam::"
        + acct() + ":user/bob\"}]}");
    bob = iam(bobKey);
    String roleArn = root.createRole(r -> r.roleName("admin")
        .assumeRolePolicyDocument(trust("arn:aws:iam::" + acct() + ":root"))).role().arn();
    // the session may do anything in IAM: what stops it is that it is not a user
    root.putRolePolicy(r -> r.roleName("admin").policyName("all").policyDocument(allow("iam:*", "*")));
    session = iam(session(sts(bobKey).assumeRole(r -> r.roleArn(roleArn).roleSessionName("s1")).credentials()));
  }

  @Test
  void hole04_roleSessionWithoutUserNameIsValidationErrorNotTheRootUser() {
    List<AccessKey> rootKeys = store.accessKeys().listAccessKeys(acct(), null);
    String rootKeyId = boot.rootKey().accessKeyId();
    List<ThrowingCallable> calls = List.of(
        () -> session.createAccessKey(r -> { }),
        () -> session.listAccessKeys(r -> { }),
        () -> session.updateAccessKey(r -> r.accessKeyId(rootKeyId).status(StatusType.INACTIVE)),
        () -> session.deleteAccessKey(r -> r.accessKeyId(rootKeyId)),
        () -> session.getUser(r -> { }));
    for (ThrowingCallable call : calls) {
      assertThatThrownBy(call).isInstanceOfSatisfying(IamException.class, e -> {
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(NOT_A_USER);
      });
    }
    // the root user's keys are as they were: none created, none deactivated or deleted
    assertThat(store.accessKeys().listAccessKeys(acct(), null)).isEqualTo(rootKeys);
    assertThat(store.accessKeys().accessKey(rootKeyId).orElseThrow().active()).isTrue();
  }

  @Test
  void hole04_aNamedUserStillWorksForTheSessionAndUsersAndRootStillDefaultToThemselves() {
    assertThat(session.getUser(r -> r.userName("bob")).user().userName()).isEqualTo("bob");
    assertThat(session.listAccessKeys(r -> r.userName("bob")).accessKeyMetadata()).hasSize(1);
    // an IAM user without UserName: itself
    assertThat(bob.getUser(r -> { }).user().userName()).isEqualTo("bob");
    assertThat(bob.listAccessKeys(r -> { }).accessKeyMetadata()).singleElement()
        .satisfies(k -> assertThat(k.userName()).isEqualTo("bob"));
    // the root user without UserName: itself
    assertThat(root.getUser(r -> { }).user().arn()).isEqualTo("arn:aws:iam::" + acct() + ":root");
    assertThat(root.listAccessKeys(r -> { }).accessKeyMetadata())
        .anySatisfy(k -> assertThat(k.accessKeyId()).isEqualTo(boot.rootKey().accessKeyId()));
  }
}
