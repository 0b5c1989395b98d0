package dev.iamlocal.server.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iamlocal.server.ServerFixture;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.LoginProfile;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.PasswordPolicy;
import software.amazon.awssdk.services.iam.model.PasswordPolicyViolationException;

/** Login profiles, ChangePassword and the account password policy, through the AWS SDK for Java v2. */
class LoginProfilesSdkTest extends ServerFixture {

  private static String message(Throwable e) {
    return ((IamException) e).awsErrorDetails().errorMessage();
  }

  private static String code(Throwable e) {
    return ((IamException) e).awsErrorDetails().errorCode();
  }

  @AfterEach
  void noPolicy() {
    try {
      root.deleteAccountPasswordPolicy();
    } catch (NoSuchEntityException e) {
      // none set by the test
    }
  }

  @Test
  void loginProfileLifecycle() throws Exception {
    root.createUser(r -> r.userName("lp-user"));
    assertThatThrownBy(() -> root.getLoginProfile(r -> r.userName("lp-user")))
        .isInstanceOfSatisfying(NoSuchEntityException.class, e -> assertThat(message(e))
            .isEqualTo("Login Profile for User lp-user cannot be found."));
    LoginProfile lp = root.createLoginProfile(r -> r.userName("lp-user").password("Secret-Pass-123")
        .passwordResetRequired(true)).loginProfile();
    assertThat(lp.userName()).isEqualTo("lp-user");
    assertThat(lp.passwordResetRequired()).isTrue();
    assertThat(lp.createDate()).isNotNull();
    assertThatThrownBy(() -> root.createLoginProfile(r -> r.userName("lp-user").password("Secret-Pass-123")))
        .isInstanceOfSatisfying(EntityAlreadyExistsException.class, e -> assertThat(message(e))
            .isEqualTo("Login Profile for user lp-user already exists."));
    assertThat(root.getLoginProfile(r -> r.userName("lp-user")).loginProfile().passwordResetRequired()).isTrue();
    root.updateLoginProfile(r -> r.userName("lp-user").passwordResetRequired(false));
    assertThat(root.getLoginProfile(r -> r.userName("lp-user")).loginProfile().passwordResetRequired()).isFalse();

    // only a salted PBKDF2 hash is stored, never the password
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("iamlocal.db"));
        ResultSet rs = c.createStatement().executeQuery("SELECT password_hash FROM login_profiles")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).startsWith("pbkdf2-sha256$").doesNotContain("Secret-Pass-123");
    }

    assertThatThrownBy(() -> root.deleteUser(r -> r.userName("lp-user")))
        .isInstanceOfSatisfying(DeleteConflictException.class, e -> assertThat(message(e))
            .isEqualTo("Cannot delete entity, must delete login profile first."));
    root.deleteLoginProfile(r -> r.userName("lp-user"));
    assertThatThrownBy(() -> root.deleteLoginProfile(r -> r.userName("lp-user")))
        .isInstanceOf(NoSuchEntityException.class);
    root.deleteUser(r -> r.userName("lp-user"));
    assertThatThrownBy(() -> root.createLoginProfile(r -> r.userName("lp-user").password("Secret-Pass-123")))
        .isInstanceOfSatisfying(NoSuchEntityException.class, e -> assertThat(message(e))
            .isEqualTo("The user with name lp-user cannot be found."));
  }

  @Test
  void passwordPolicyAsAwsAnswersIt() {
    assertThatThrownBy(() -> root.getAccountPasswordPolicy()).isInstanceOfSatisfying(NoSuchEntityException.class,
        e -> assertThat(message(e)).isEqualTo("The Password Policy with domain name " + acct() + " cannot be found."));
    assertThatThrownBy(() -> root.deleteAccountPasswordPolicy()).isInstanceOfSatisfying(NoSuchEntityException.class,
        e -> assertThat(message(e)).isEqualTo("The account policy with name PasswordPolicy cannot be found."));
    root.updateAccountPasswordPolicy(r -> { });
    PasswordPolicy defaults = root.getAccountPasswordPolicy().passwordPolicy();
    assertThat(defaults.minimumPasswordLength()).isEqualTo(6);
    assertThat(defaults.expirePasswords()).isFalse();
    assertThat(defaults.allowUsersToChangePassword()).isFalse();
    assertThat(defaults.maxPasswordAge()).isNull();
    assertThat(defaults.hardExpiry()).isNull();
    assertThat(defaults.passwordReusePrevention()).isNull();
    root.updateAccountPasswordPolicy(r -> r.allowUsersToChangePassword(true).hardExpiry(true).maxPasswordAge(60)
        .minimumPasswordLength(10).passwordReusePrevention(3).requireLowercaseCharacters(true).requireNumbers(true)
        .requireSymbols(true).requireUppercaseCharacters(true));
    PasswordPolicy custom = root.getAccountPasswordPolicy().passwordPolicy();
    assertThat(custom.expirePasswords()).isTrue();
    assertThat(custom.maxPasswordAge()).isEqualTo(60);
    assertThat(custom.hardExpiry()).isTrue();
    assertThat(custom.passwordReusePrevention()).isEqualTo(3);
    assertThat(custom.minimumPasswordLength()).isEqualTo(10);
    assertThatThrownBy(() -> root.updateAccountPasswordPolicy(r -> r.maxPasswordAge(1096).minimumPasswordLength(129)
        .passwordReusePrevention(25))).satisfies(e -> assertThat(code(e)).isEqualTo("ValidationError"));
  }

  @Test
  void thePolicyIsEnforcedOnEveryNewPassword() {
    root.createUser(r -> r.userName("pp-user"));
    // without a policy AWS's default one applies: 8 characters, three kinds of characters
    assertThatThrownBy(() -> root.createLoginProfile(r -> r.userName("pp-user").password("short")))
        .isInstanceOfSatisfying(PasswordPolicyViolationException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(message(e)).isEqualTo("Password does not conform to the account password policy.");
          assertThat(e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-iamlocal-detail")).isPresent();
        });
    root.updateAccountPasswordPolicy(r -> r.minimumPasswordLength(12).requireNumbers(true).requireSymbols(true)
        .passwordReusePrevention(2));
    assertThatThrownBy(() -> root.createLoginProfile(r -> r.userName("pp-user").password("longbutnodigits!")))
        .isInstanceOf(PasswordPolicyViolationException.class);
    root.createLoginProfile(r -> r.userName("pp-user").password("first-password-1"));
    assertThatThrownBy(() -> root.updateLoginProfile(r -> r.userName("pp-user").password("tooshort-1")))
        .isInstanceOf(PasswordPolicyViolationException.class);
    // reuse prevention 2: neither the current nor the one before may come back
    root.updateLoginProfile(r -> r.userName("pp-user").password("second-password-2"));
    assertThatThrownBy(() -> root.updateLoginProfile(r -> r.userName("pp-user").password("first-password-1")))
        .isInstanceOf(PasswordPolicyViolationException.class);
    assertThatThrownBy(() -> root.updateLoginProfile(r -> r.userName("pp-user").password("second-password-2")))
        .isInstanceOf(PasswordPolicyViolationException.class);
    root.updateLoginProfile(r -> r.userName("pp-user").password("third-password-3"));
    root.updateLoginProfile(r -> r.userName("pp-user").password("first-password-1"));
    root.deleteLoginProfile(r -> r.userName("pp-user"));
  }

  @Test
  void changePasswordIsTheCallersOwnAndNeedsTheOldOne() {
    IamClient self = iam(userWithPolicy("cp-user", allow("iam:ChangePassword", "arn:aws:iam::*:user/${aws:username}")));
    root.createLoginProfile(r -> r.userName("cp-user").password("Initial-Pass-1").passwordResetRequired(true));
    assertThatThrownBy(() -> self.changePassword(r -> r.oldPassword("wrong-Pass-1").newPassword("Changed-Pass-2")))
        .satisfies(e -> assertThat(code(e)).isEqualTo("AccessDenied"));
    assertThatThrownBy(() -> self.changePassword(r -> r.oldPassword("Initial-Pass-1").newPassword("weak")))
        .isInstanceOf(PasswordPolicyViolationException.class);
    self.changePassword(r -> r.oldPassword("Initial-Pass-1").newPassword("Changed-Pass-2"));
    // a change by the user clears the reset flag
    assertThat(root.getLoginProfile(r -> r.userName("cp-user")).loginProfile().passwordResetRequired()).isFalse();
    self.changePassword(r -> r.oldPassword("Changed-Pass-2").newPassword("Changed-Pass-3"));

    // the root user is no IAM user
    assertThatThrownBy(() -> root.changePassword(r -> r.oldPassword("x").newPassword("y")))
        .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidUserType"));

    // without a permission ChangePassword is AccessDenied, unless the policy lets users change their own
    IamClient plain = iam(userWithPolicy("cp-plain", null));
    root.createLoginProfile(r -> r.userName("cp-plain").password("Plain-Pass-1"));
    assertThatThrownBy(() -> plain.changePassword(r -> r.oldPassword("Plain-Pass-1").newPassword("Plain-Pass-2")))
        .satisfies(e -> assertThat(message(e)).isEqualTo("User: arn:aws:iam::" + acct() + ":user/cp-plain is not"
            + " authorized to perform: iam:ChangePassword on resource: arn:aws:iam::" + acct() + ":user/cp-plain"
            + " because no identity-based policy allows the iam:ChangePassword action"));
    root.updateAccountPasswordPolicy(r -> r.allowUsersToChangePassword(true));
    plain.changePassword(r -> r.oldPassword("Plain-Pass-1").newPassword("Plain-Pass-2"));

    // the other login profile operations are authorized on the user, AWS's AccessDenied otherwise
    assertThatThrownBy(() -> plain.getLoginProfile(r -> r.userName("cp-user")))
        .satisfies(e -> assertThat(code(e)).isEqualTo("AccessDenied"));
    assertThatThrownBy(() -> plain.updateAccountPasswordPolicy(r -> { }))
        .satisfies(e -> assertThat(code(e)).isEqualTo("AccessDenied"));
  }
}
