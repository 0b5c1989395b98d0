package dev.iamlocal.server.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.VirtualMFADevice;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * The end-to-end MFA flow with the real SDK: a virtual MFA device, two TOTP codes to enable it,
 * GetSessionToken with a fresh code, and a policy requiring {@code aws:MultiFactorAuthPresent}
 * that allows then and denies without MFA; a reused code is AccessDenied; AssumeRole with MFA
 * satisfies a trust policy that requires it.
 */
class GetSessionTokenMfaSdkTest extends MfaFixture {

  private static final String MFA_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":["
      + "{\"Effect\":\"Allow\",\"Action\":\"iam:ListUsers\",\"Resource\":\"*\","
      + "\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}},"
      + "{\"Effect\":\"Allow\",\"Action\":\"iam:ListGroups\",\"Resource\":\"*\","
      + "\"Condition\":{\"NumericLessThan\":{\"aws:MultiFactorAuthAge\":\"300\"}}},"
      + "{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}]}";

  private AwsBasicCredentials alice;
  private String serial;
  private String seed;

  @BeforeAll
  void aliceWithDevice() {
    alice = userWithPolicy("alice", MFA_POLICY);
    VirtualMFADevice d = root.createVirtualMFADevice(r -> r.virtualMFADeviceName("alice")).virtualMFADevice();
    serial = d.serialNumber();
    seed = seed(d);
    root.enableMFADevice(r -> r.userName("alice").serialNumber(serial).authenticationCode1(code(seed, 0))
        .authenticationCode2(code(seed, 1)));
  }

  @Test
  void mfaSessionSatisfiesThePolicyAndLongTermKeysDoNot() {
    // long-term keys: aws:MultiFactorAuthPresent is absent, so the Bool condition does not match
    assertThatThrownBy(() -> iam(alice).listUsers()).isInstanceOfSatisfying(IamException.class, e -> {
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
      assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:iam::" + acct() + ":user/alice is not"
          + " authorized to perform: iam:ListUsers on resource: arn:aws:iam::" + acct() + ":user/ because no"
          + " identity-based policy allows the iam:ListUsers action");
    });
    StsClient sts = sts(alice);
    // a session without MFA cannot call IAM at all (AWS's InvalidClientTokenId)
    Credentials plain = sts.getSessionToken(r -> r.durationSeconds(900)).credentials();
    assertThat(Duration.between(clock.instant(), plain.expiration()).getSeconds()).isBetween(899L, 900L);
    assertThatThrownBy(() -> iam(session(plain)).listUsers()).isInstanceOfSatisfying(IamException.class,
        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId"));

    clock.advance(Duration.ofSeconds(60)); // past the steps EnableMFADevice used
    Credentials mfa = sts.getSessionToken(r -> r.serialNumber(serial).tokenCode(code(seed, 0))).credentials();
    assertThat(Duration.between(clock.instant(), mfa.expiration()).getSeconds()).isBetween(43_199L, 43_200L);
    IamClient withMfa = iam(session(mfa));
    assertThat(withMfa.listUsers().users()).isNotEmpty();
    assertThat(withMfa.listGroups().groups()).isNotNull();
    assertThat(sts(session(mfa)).getCallerIdentity().arn()).isEqualTo("arn:aws:iam::" + acct() + ":user/alice");

    // aws:MultiFactorAuthAge counts from the code: six minutes on, the 300-second condition no longer matches
    clock.advance(Duration.ofSeconds(360));
    assertThatThrownBy(withMfa::listGroups).isInstanceOfSatisfying(IamException.class,
        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
    assertThat(withMfa.listUsers().users()).isNotEmpty();
  }

  @Test
  void wrongReusedOrForeignCodesAreAccessDenied() {
    clock.advance(Duration.ofSeconds(60)); // past every step used before
    StsClient sts = sts(alice);
    String c = code(seed, 0);
    sts.getSessionToken(r -> r.serialNumber(serial).tokenCode(c));
    assertThatThrownBy(() -> sts.getSessionToken(r -> r.serialNumber(serial).tokenCode(c)))
        .isInstanceOfSatisfying(StsException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(403);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
          assertThat(e.awsErrorDetails().errorMessage())
              .isEqualTo("MultiFactorAuthentication failed with invalid MFA one time pass code. ");
        });
    String wrong = c.equals("123456") ? "654321" : "123456";
    assertThatThrownBy(() -> sts.getSessionToken(r -> r.serialNumber(serial).tokenCode(wrong)))
        .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .startsWith("MultiFactorAuthentication failed with invalid MFA one time pass code."));
    // an older code than one accepted is refused as well
    assertThatThrownBy(() -> sts.getSessionToken(r -> r.serialNumber(serial).tokenCode(code(seed, -1))))
        .isInstanceOf(StsException.class);
    // a device that is not the caller's
    AwsBasicCredentials bob = userWithPolicy("bob-nomfa", null);
    assertThatThrownBy(() -> sts(bob).getSessionToken(r -> r.serialNumber(serial).tokenCode(code(seed, 1))))
        .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial"
                + " number is valid and associated with this user."));
  }

  @Test
  void sessionCredentialsCannotAskForAnotherSessionToken() {
    Credentials plain = sts(alice).getSessionToken().credentials();
    assertThatThrownBy(() -> sts(session(plain)).getSessionToken()).isInstanceOfSatisfying(StsException.class,
        e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("Cannot call GetSessionToken with session credentials"));
    assertThatThrownBy(() -> sts(session(plain)).getFederationToken(r -> r.name("xy")))
        .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("Cannot call GetFederationToken with session credentials"));
  }

  @Test
  void assumeRoleWithMfaSatisfiesAnMfaTrustPolicy() {
    String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
        + "\"arn:aws:iam::" + acct() + ":user/alice\"},\"Action\":\"sts:AssumeRole\","
        + "\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}}]}";
    String roleArn = root.createRole(r -> r.roleName("mfa-admin").assumeRolePolicyDocument(trust)).role().arn();
    root.putRolePolicy(r -> r.roleName("mfa-admin").policyName("p").policyDocument("{\"Version\":\"2012-10-17\","
        + "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:ListRoles\",\"Resource\":\"*\","
        + "\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}}]}"));
    StsClient sts = sts(alice);
    assertThatThrownBy(() -> sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName("sess")))
        .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorCode())
            .isEqualTo("AccessDenied"));
    clock.advance(Duration.ofSeconds(60)); // past every step used before
    Credentials role = sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName("sess").serialNumber(serial)
        .tokenCode(code(seed, 0))).credentials();
    assertThat(iam(session(role)).listRoles().roles()).isNotEmpty();
    assertThat(role.expiration()).isAfter(Instant.now());
  }
}
