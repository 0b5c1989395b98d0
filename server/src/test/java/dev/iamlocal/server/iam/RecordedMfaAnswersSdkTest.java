package dev.iamlocal.server.iam;

import static dev.iamlocal.server.iam.RecordedRoleAnswersSdkTest.awsError;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.AssignmentStatusType;
import software.amazon.awssdk.services.iam.model.MFADevice;
import software.amazon.awssdk.services.iam.model.VirtualMFADevice;

/**
 * The calls of LocalStack's AWS-recorded {@code tests/aws/services/iam/test_iam_mfa.snapshot.json}
 * (recorded 2026-02), replayed with the SDK against the server: status, code and message of every
 * recorded error, and the members every recorded answer has or lacks. The recordings' keys
 * ("create-duplicate-error", …) are named in the comments.
 */
class RecordedMfaAnswersSdkTest extends MfaFixture {

  private static final String BAD_PATH = "The specified value for path is invalid. It must begin and end with / and"
      + " contain only alphanumeric characters and/or / characters.";

  private VirtualMFADevice device(String name, String path) {
    return root.createVirtualMFADevice(r -> r.virtualMFADeviceName(name).path(path)).virtualMFADevice();
  }

  @Test
  void virtualMfaDeviceLifecycleWithPaths() {
    for (String path : new String[] {"/", "/test-path/", "/test//double/"}) {
      String name = "rec-mfa-" + path.length();
      VirtualMFADevice d = device(name, path); // create-mfa-device
      String inPath = path.equals("/") ? "" : path.substring(1);
      assertThat(d.serialNumber()).isEqualTo("arn:aws:iam::" + acct() + ":mfa/" + inPath + name);
      assertThat(d.base32StringSeed()).isNotNull();
      assertThat(d.qrCodePNG()).isNotNull();
      assertThat(d.user()).isNull();
      assertThat(d.enableDate()).isNull();
      assertThat(d.hasTags()).isFalse();
      // list-mfa-devices: the serial number alone
      VirtualMFADevice listed = root.listVirtualMFADevices().virtualMFADevices().stream()
          .filter(x -> x.serialNumber().equals(d.serialNumber())).findFirst().orElseThrow();
      assertThat(listed.base32StringSeed()).isNull();
      assertThat(listed.qrCodePNG()).isNull();
      assertThat(listed.user()).isNull();
      assertThat(listed.enableDate()).isNull();
      assertThat(listed.hasTags()).isFalse();
      assertThat(root.deleteVirtualMFADevice(r -> r.serialNumber(d.serialNumber())).sdkHttpResponse().statusCode())
          .isEqualTo(200); // delete-mfa-device
    }
  }

  @Test
  void virtualMfaDeviceErrors() {
    device("rec-mfa-dup", "/");
    awsError(() -> device("rec-mfa-dup", "/"), 409, "EntityAlreadyExists", "MFA device already exists.");
    awsError(() -> device("rec-mfa-p1", "no-leading-slash/"), 400, "ValidationError", BAD_PATH);
    awsError(() -> device("rec-mfa-p2", "/no-trailing-slash"), 400, "ValidationError", BAD_PATH);
    awsError(() -> device("rec-mfa-p3", "/" + "a".repeat(511) + "/"), 400, "ValidationError",
        "1 validation error detected: Value at 'path' failed to satisfy constraint: Member must have length less than"
            + " or equal to 512"); // create-path-too-long-error
    String missing = "arn:aws:iam::" + acct() + ":mfa/nonexistent-device";
    awsError(() -> root.deleteVirtualMFADevice(r -> r.serialNumber(missing)), 404, "NoSuchEntity",
        "MFA Device with serial number " + missing + " does not exist."); // delete-nonexistent-error
  }

  @Test
  void listVirtualMfaDevicesByAssignment() {
    device("rec-mfa-list-0", "/rec-list/");
    device("rec-mfa-list-1", "/rec-list/");
    var unassigned = root.listVirtualMFADevices(r -> r.assignmentStatus(AssignmentStatusType.UNASSIGNED));
    assertThat(unassigned.isTruncated()).isFalse(); // list-unassigned
    assertThat(unassigned.virtualMFADevices()).extracting(VirtualMFADevice::serialNumber)
        .contains("arn:aws:iam::" + acct() + ":mfa/rec-list/rec-mfa-list-0");
    var page = root.listVirtualMFADevices(r -> r.maxItems(1));
    assertThat(page.isTruncated()).isTrue();
    assertThat(root.listVirtualMFADevices(r -> r.marker(page.marker()).maxItems(1)).virtualMFADevices()).hasSize(1);
    awsError(() -> root.listVirtualMFADevices(r -> r.marker("invalid-marker-value")), 400, "ValidationError",
        "Invalid Marker."); // list-invalid-marker-error
  }

  @Test
  void enableAndDeactivateVirtualMfaDevice() {
    root.createUser(r -> r.userName("rec-mfa-user"));
    VirtualMFADevice d = device("rec-mfa-enable", "/");
    String seed = seed(d);
    var before = root.listMFADevices(r -> r.userName("rec-mfa-user")); // list-mfa-devices-before
    assertThat(before.hasMfaDevices()).isTrue();
    assertThat(before.mfaDevices()).isEmpty();
    assertThat(before.isTruncated()).isFalse();
    root.enableMFADevice(r -> r.userName("rec-mfa-user").serialNumber(d.serialNumber())
        .authenticationCode1(code(seed, 0)).authenticationCode2(code(seed, 1))); // enable-mfa-device
    MFADevice enabled = root.listMFADevices(r -> r.userName("rec-mfa-user")).mfaDevices().get(0);
    assertThat(enabled.serialNumber()).isEqualTo(d.serialNumber()); // list-mfa-devices-after
    assertThat(enabled.userName()).isEqualTo("rec-mfa-user");
    assertThat(enabled.enableDate()).isNotNull();
    // list-assigned-with-user: EnableDate and the user (five members), no seed nor QR code
    VirtualMFADevice assigned = root.listVirtualMFADevices(r -> r.assignmentStatus(AssignmentStatusType.ASSIGNED))
        .virtualMFADevices().stream().filter(x -> x.serialNumber().equals(d.serialNumber())).findFirst().orElseThrow();
    assertThat(assigned.enableDate()).isNotNull();
    assertThat(assigned.user().userName()).isEqualTo("rec-mfa-user");
    assertThat(assigned.user().arn()).isEqualTo("arn:aws:iam::" + acct() + ":user/rec-mfa-user");
    assertThat(assigned.user().hasTags()).isFalse();
    assertThat(assigned.user().passwordLastUsed()).isNull();
    assertThat(assigned.base32StringSeed()).isNull();

    root.createUser(r -> r.userName("rec-mfa-other"));
    awsError(() -> root.enableMFADevice(r -> r.userName("rec-mfa-other").serialNumber(d.serialNumber())
        .authenticationCode1(code(seed, 2)).authenticationCode2(code(seed, 3))), 409, "EntityAlreadyExists",
        "MFA Device is already in use."); // enable-mfa-already-attached-error

    root.deactivateMFADevice(r -> r.userName("rec-mfa-user").serialNumber(d.serialNumber())); // deactivate-mfa-device
    var after = root.listMFADevices(r -> r.userName("rec-mfa-user")); // list-mfa-devices-after-deactivate
    assertThat(after.mfaDevices()).isEmpty();
    assertThat(root.listVirtualMFADevices(r -> r.assignmentStatus(AssignmentStatusType.ASSIGNED)).virtualMFADevices())
        .extracting(VirtualMFADevice::serialNumber).doesNotContain(d.serialNumber());
  }

  @Test
  void enableMfaDeviceErrors() {
    VirtualMFADevice d = device("rec-mfa-err", "/");
    String missingUser = "The user with name nonexistent-user cannot be found.";
    awsError(() -> root.enableMFADevice(r -> r.userName("nonexistent-user").serialNumber(d.serialNumber())
        .authenticationCode1("123456").authenticationCode2("654321")), 404, "NoSuchEntity", missingUser);
    awsError(() -> root.deactivateMFADevice(r -> r.userName("nonexistent-user").serialNumber(d.serialNumber())), 404,
        "NoSuchEntity", missingUser); // deactivate-mfa-nonexistent-user-error
    root.createUser(r -> r.userName("rec-mfa-err-user"));
    String missing = "arn:aws:iam::" + acct() + ":mfa/nonexistent-mfa";
    awsError(() -> root.deactivateMFADevice(r -> r.userName("rec-mfa-err-user").serialNumber(missing)), 404,
        "NoSuchEntity", "MFA Device with serial number " + missing + " does not exist."); // deactivate-nonexistent-mfa
  }
}
