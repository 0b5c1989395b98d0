package dev.iamlocal.server.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AssignmentStatusType;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.MFADevice;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.VirtualMFADevice;

/** Virtual MFA devices through the AWS SDK: create, enable with two codes, list, tag, resync, deactivate, delete. */
class MfaDevicesSdkTest extends MfaFixture {

  @Test
  void theTestAppComputesRfcCodes() {
    assertThat(rfcVectorHolds()).isTrue();
  }

  @Test
  void lifecycle() {
    root.createUser(r -> r.userName("mfa-alice"));
    VirtualMFADevice d = root.createVirtualMFADevice(r -> r.virtualMFADeviceName("alice-phone").path("/team/")
        .tags(Tag.builder().key("k").value("v").build())).virtualMFADevice();
    assertThat(d.serialNumber()).isEqualTo("arn:aws:iam::" + acct() + ":mfa/team/alice-phone");
    String seed = seed(d);
    assertThat(seed).matches("[A-Z2-7]{64}");
    byte[] png = d.qrCodePNG().asByteArray();
    assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    assertThatThrownBy(() -> root.createVirtualMFADevice(r -> r.virtualMFADeviceName("alice-phone")))
        .isInstanceOfSatisfying(EntityAlreadyExistsException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("MFA device already exists."));

    // the seed is returned once: listing shows no seed, and the device is unassigned
    VirtualMFADevice listed = root.listVirtualMFADevices(r -> r.assignmentStatus(AssignmentStatusType.UNASSIGNED))
        .virtualMFADevices().stream().filter(x -> x.serialNumber().equals(d.serialNumber())).findFirst().orElseThrow();
    assertThat(listed.base32StringSeed()).isNull();
    assertThat(listed.user()).isNull();

    // wrong codes, then two non-consecutive ones, are AWS's InvalidAuthenticationCode (403)
    assertThatThrownBy(() -> root.enableMFADevice(r -> r.userName("mfa-alice").serialNumber(d.serialNumber())
        .authenticationCode1("000000").authenticationCode2("000000"))).isInstanceOfSatisfying(IamException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(403);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAuthenticationCode");
          assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Authentication code for device is not valid.");
        });
    assertThatThrownBy(() -> root.enableMFADevice(r -> r.userName("mfa-alice").serialNumber(d.serialNumber())
        .authenticationCode1(code(seed, 0)).authenticationCode2(code(seed, 2))))
        .isInstanceOfSatisfying(IamException.class, e -> assertThat(e.awsErrorDetails().errorCode())
            .isEqualTo("InvalidAuthenticationCode"));
    assertThatThrownBy(() -> root.enableMFADevice(r -> r.userName("nobody").serialNumber(d.serialNumber())
        .authenticationCode1(code(seed, 0)).authenticationCode2(code(seed, 1))))
        .isInstanceOfSatisfying(NoSuchEntityException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("The user with name nobody cannot be found."));
    String ghost = "arn:aws:iam::" + acct() + ":mfa/ghost";
    assertThatThrownBy(() -> root.enableMFADevice(r -> r.userName("mfa-alice").serialNumber(ghost)
        .authenticationCode1(code(seed, 0)).authenticationCode2(code(seed, 1))))
        .isInstanceOfSatisfying(NoSuchEntityException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("VirtualMFADevice with serial number " + ghost + " does not exist."));

    root.enableMFADevice(r -> r.userName("mfa-alice").serialNumber(d.serialNumber())
        .authenticationCode1(code(seed, 0)).authenticationCode2(code(seed, 1)));
    root.createUser(r -> r.userName("mfa-bob"));
    assertThatThrownBy(() -> root.enableMFADevice(r -> r.userName("mfa-bob").serialNumber(d.serialNumber())
        .authenticationCode1(code(seed, 2)).authenticationCode2(code(seed, 3))))
        .isInstanceOfSatisfying(EntityAlreadyExistsException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("MFA Device is already in use."));

    MFADevice m = root.listMFADevices(r -> r.userName("mfa-alice")).mfaDevices().get(0);
    assertThat(m.serialNumber()).isEqualTo(d.serialNumber());
    assertThat(m.userName()).isEqualTo("mfa-alice");
    assertThat(m.enableDate()).isNotNull();
    assertThat(root.listMFADevices(r -> r.userName("mfa-bob")).mfaDevices()).isEmpty();
    VirtualMFADevice assigned = root.listVirtualMFADevices(r -> r.assignmentStatus(AssignmentStatusType.ASSIGNED))
        .virtualMFADevices().get(0);
    assertThat(assigned.user().userName()).isEqualTo("mfa-alice");
    assertThat(assigned.user().arn()).isEqualTo("arn:aws:iam::" + acct() + ":user/mfa-alice");
    assertThat(root.getMFADevice(r -> r.userName("mfa-alice").serialNumber(d.serialNumber())).serialNumber())
        .isEqualTo(d.serialNumber());

    // the user deletes its own devices first, as AWS demands
    assertThatThrownBy(() -> root.deleteUser(r -> r.userName("mfa-alice")))
        .isInstanceOfSatisfying(DeleteConflictException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("Cannot delete entity, must delete MFA device first."));
    assertThatThrownBy(() -> root.deleteVirtualMFADevice(r -> r.serialNumber(d.serialNumber())))
        .isInstanceOfSatisfying(DeleteConflictException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("MFA VirtualDevice in use. Must deactivate first."));

    // tags
    root.tagMFADevice(r -> r.serialNumber(d.serialNumber()).tags(Tag.builder().key("team").value("ml").build()));
    assertThat(root.listMFADeviceTags(r -> r.serialNumber(d.serialNumber())).tags()).extracting(Tag::key)
        .containsExactly("k", "team");
    root.untagMFADevice(r -> r.serialNumber(d.serialNumber()).tagKeys("K"));
    assertThat(root.listMFADeviceTags(r -> r.serialNumber(d.serialNumber())).tags()).extracting(Tag::key)
        .containsExactly("team");

    // resync: two later consecutive codes; reused ones are refused
    clock.advance(Duration.ofSeconds(90));
    root.resyncMFADevice(r -> r.userName("mfa-alice").serialNumber(d.serialNumber())
        .authenticationCode1(code(seed, 0)).authenticationCode2(code(seed, 1)));

    assertThatThrownBy(() -> root.deactivateMFADevice(r -> r.userName("mfa-bob").serialNumber(d.serialNumber())))
        .isInstanceOfSatisfying(NoSuchEntityException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("MFA Device invalid for user."));
    root.deactivateMFADevice(r -> r.userName("mfa-alice").serialNumber(d.serialNumber()));
    assertThat(root.listMFADevices(r -> r.userName("mfa-alice")).mfaDevices()).isEmpty();
    root.deleteVirtualMFADevice(r -> r.serialNumber(d.serialNumber()));
    assertThatThrownBy(() -> root.deleteVirtualMFADevice(r -> r.serialNumber(d.serialNumber())))
        .isInstanceOf(NoSuchEntityException.class);
    assertThatThrownBy(() -> root.listMFADeviceTags(r -> r.serialNumber(d.serialNumber())))
        .isInstanceOf(NoSuchEntityException.class);
    root.deleteUser(r -> r.userName("mfa-alice"));
  }

  @Test
  void everyOperationIsAuthorized() {
    AwsBasicCredentials creds = userWithPolicy("mfa-nobody", null);
    IamClient iam = iam(creds);
    assertThatThrownBy(() -> iam.createVirtualMFADevice(r -> r.virtualMFADeviceName("x")))
        .isInstanceOfSatisfying(IamException.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
          assertThat(e.awsErrorDetails().errorMessage()).contains("iam:CreateVirtualMFADevice")
              .contains("arn:aws:iam::" + acct() + ":mfa/x");
        });
    assertThatThrownBy(() -> iam.listVirtualMFADevices(r -> { })).isInstanceOfSatisfying(IamException.class,
        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
    assertThatThrownBy(() -> iam.listMFADevices(r -> { })).isInstanceOfSatisfying(IamException.class,
        e -> assertThat(e.awsErrorDetails().errorMessage()).contains("iam:ListMFADevices on resource: arn:aws:iam::"
            + acct() + ":user/mfa-nobody"));
    // the usual self-service policy: a user manages the device named after itself
    root.putUserPolicy(r -> r.userName("mfa-nobody").policyName("self").policyDocument("{\"Version\":\"2012-10-17\","
        + "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"iam:CreateVirtualMFADevice\",\"iam:EnableMFADevice\","
        + "\"iam:ListMFADevices\"],\"Resource\":[\"arn:aws:iam::*:mfa/${aws:username}\","
        + "\"arn:aws:iam::*:user/${aws:username}\"]}]}"));
    VirtualMFADevice d = iam.createVirtualMFADevice(r -> r.virtualMFADeviceName("mfa-nobody")).virtualMFADevice();
    assertThatThrownBy(() -> iam.createVirtualMFADevice(r -> r.virtualMFADeviceName("someone-else")))
        .isInstanceOfSatisfying(IamException.class, e -> assertThat(e.awsErrorDetails().errorCode())
            .isEqualTo("AccessDenied"));
    String seed = seed(d);
    iam.enableMFADevice(r -> r.userName("mfa-nobody").serialNumber(d.serialNumber())
        .authenticationCode1(code(seed, 0)).authenticationCode2(code(seed, 1)));
    assertThat(iam.listMFADevices(r -> { }).mfaDevices()).extracting(MFADevice::serialNumber)
        .containsExactly(d.serialNumber());
  }
}
