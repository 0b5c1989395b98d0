package dev.iamlocal.store;

import java.time.Instant;

/**
 * A virtual MFA device.
 *
 * @param serialNumber its ARN, {@code arn:aws:iam::<account>:mfa<path><name>}
 * @param deviceId the store's own id of the device (its tags are kept under it)
 * @param sealedSeed the TOTP seed as the server sealed it; {@link #toString()} never shows it
 * @param userId the IAM user the device is enabled for, or null while it is unassigned
 * @param enableDate when it was enabled, or null while it is unassigned
 * @param driftSteps the device clock's offset in 30-second steps, learned when enabled or resynced
 * @param lastStep the newest TOTP time step accepted, or null when none was
 */
public record MfaDevice(String accountId, String serialNumber, String deviceId, String name, String path,
    String sealedSeed, String userId, Instant enableDate, long driftSteps, Long lastStep, Instant createDate) {

  /** Whether the device is enabled for a user. */
  public boolean assigned() {
    return userId != null;
  }

  /** Without the sealed seed. */
  @Override
  public String toString() {
    return "MfaDevice[" + serialNumber + (userId == null ? " unassigned" : " of " + userId) + "]";
  }
}
