package dev.iamlocal.store;

import static dev.iamlocal.store.Jdbc.count;
import static dev.iamlocal.store.Jdbc.instant;
import static dev.iamlocal.store.Jdbc.key;
import static dev.iamlocal.store.Jdbc.list;
import static dev.iamlocal.store.Jdbc.millis;
import static dev.iamlocal.store.Jdbc.one;
import static dev.iamlocal.store.Jdbc.update;

import dev.iamlocal.catalog.ManagedPolicies;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The repository of virtual MFA devices: creation, assignment to IAM users, the time steps their
 * codes were accepted at, and their tags.
 *
 * <p>The store never sees a seed in clear: the server seals it before {@link #create} and unseals
 * what {@link #device} returns to check a code. Every method is one transaction of the store's
 * {@link Jdbc} helper and takes the account. Obtained from {@link IamStore}; thread-safe.
 */
public final class MfaDevices extends Repository {

  /** Quota: MFA devices enabled per IAM user (IAM's quota since November 2022). */
  public static final int DEVICES_PER_USER = 8;
  /** The {@code tags} table's entity type of MFA devices. */
  private static final String TAG_TYPE = "mfa";

  MfaDevices(Jdbc db, Ids ids, Clock clock, ManagedPolicies awsManaged) {
    super(db, ids, clock, awsManaged);
  }

  /**
   * Creates an unassigned virtual MFA device.
   *
   * @param serialNumber the device's ARN (made of the account, path and name by the caller, which
   *     seals the seed with it as associated data)
   * @throws IamException.EntityAlreadyExists when the account has a device of this name
   */
  public MfaDevice create(String accountId, String path, String name, String serialNumber, String sealedSeed,
      Map<String, String> tags) {
    return db.write(c -> {
      if (count(c, "SELECT COUNT(*) FROM mfa_devices WHERE account_id = ? AND (name_key = ? OR serial_number = ?)",
          accountId, key(name), serialNumber) > 0) {
        // AWS's answer to a second CreateVirtualMFADevice of a name (recorded 2026)
        throw new IamException.EntityAlreadyExists("MFA device already exists.");
      }
      Tags.checkTagCount(tags.size(), "MFADevice");
      MfaDevice d = new MfaDevice(accountId, serialNumber, ids.id("MFA"), name, path, sealedSeed, null, null, 0, null,
          now());
      update(c, "INSERT INTO mfa_devices(account_id, serial_number, device_id, name, name_key, path, sealed_seed,"
          + " drift_steps, create_date) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)", accountId, serialNumber, d.deviceId(), name,
          key(name), path, sealedSeed, millis(d.createDate()));
      Tags.putTags(c, TAG_TYPE, d.deviceId(), tags);
      return d;
    });
  }

  /** The device with this serial number in the account, if any. */
  public Optional<MfaDevice> device(String accountId, String serialNumber) {
    return db.read(c -> find(c, accountId, serialNumber));
  }

  /** The account's virtual MFA devices, by name. */
  public List<MfaDevice> devices(String accountId) {
    return db.read(c -> list(c, COLUMNS + " WHERE account_id = ? ORDER BY name_key", MfaDevices::row, accountId));
  }

  /** The devices enabled for the user {@code userId}, oldest enabled first. */
  public List<MfaDevice> devicesOfUser(String accountId, String userId) {
    return db.read(c -> list(c, COLUMNS + " WHERE account_id = ? AND user_id = ? ORDER BY enable_date, name_key",
        MfaDevices::row, accountId, userId));
  }

  /**
   * Enables the device for the user, its codes checked by the caller at time steps up to
   * {@code lastStep} with the clock offset {@code driftSteps}: both codes are used up.
   *
   * @throws IamException.NoSuchEntity for a user or device that does not exist
   * @throws IamException.EntityAlreadyExists when the device is enabled (for anyone) already
   * @throws IamException.LimitExceeded when the user has {@link #DEVICES_PER_USER} devices
   */
  public void enable(String accountId, String userName, String serialNumber, long driftSteps, long lastStep) {
    db.write(c -> {
      User u = Users.requireUser(c, accountId, userName);
      MfaDevice d = require(c, accountId, serialNumber);
      if (d.assigned()) {
        throw new IamException.EntityAlreadyExists("MFA Device is already in use.");
      }
      if (count(c, "SELECT COUNT(*) FROM mfa_devices WHERE account_id = ? AND user_id = ?", accountId, u.userId())
          >= DEVICES_PER_USER) {
        throw new IamException.LimitExceeded("Cannot exceed quota for MFADevicesPerUser: " + DEVICES_PER_USER);
      }
      update(c, "UPDATE mfa_devices SET user_id = ?, enable_date = ?, drift_steps = ?, last_step = ?"
          + " WHERE account_id = ? AND serial_number = ?", u.userId(), millis(now()), driftSteps, lastStep, accountId,
          serialNumber);
      return null;
    });
  }

  /**
   * Records a new clock offset and the last step used (ResyncMFADevice) of the user's device.
   *
   * @throws IamException.NoSuchEntity as {@link #deactivate}
   */
  public void resync(String accountId, String userName, String serialNumber, long driftSteps, long lastStep) {
    db.write(c -> {
      requireOfUser(c, accountId, userName, serialNumber);
      update(c, "UPDATE mfa_devices SET drift_steps = ?, last_step = ? WHERE account_id = ? AND serial_number = ?",
          driftSteps, lastStep, accountId, serialNumber);
      return null;
    });
  }

  /**
   * Takes the device off the user. Its last accepted step stays: a code used before cannot be used
   * again when the device is enabled anew.
   *
   * @throws IamException.NoSuchEntity for a user or device that does not exist, or a device that is
   *     not the user's
   */
  public void deactivate(String accountId, String userName, String serialNumber) {
    db.write(c -> {
      requireOfUser(c, accountId, userName, serialNumber);
      update(c, "UPDATE mfa_devices SET user_id = NULL, enable_date = NULL WHERE account_id = ? AND serial_number = ?",
          accountId, serialNumber);
      return null;
    });
  }

  /**
   * Deletes an unassigned device and its tags.
   *
   * @throws IamException.NoSuchEntity for a device that does not exist
   * @throws IamException.DeleteConflict while the device is enabled for a user
   */
  public void delete(String accountId, String serialNumber) {
    db.write(c -> {
      MfaDevice d = require(c, accountId, serialNumber);
      if (d.assigned()) {
        throw new IamException.DeleteConflict("MFA VirtualDevice in use. Must deactivate first.");
      }
      update(c, "DELETE FROM tags WHERE entity_type = ? AND entity_id = ?", TAG_TYPE, d.deviceId());
      update(c, "DELETE FROM mfa_devices WHERE account_id = ? AND serial_number = ?", accountId, serialNumber);
      return null;
    });
  }

  /**
   * Marks TOTP time step {@code step} of the device used, if it is newer than every step used
   * before (one code is accepted once, RFC 6238 section 5.2). Atomic: of two requests with one code,
   * one wins.
   *
   * @return whether the step was accepted
   */
  public boolean useStep(String accountId, String serialNumber, long step) {
    return db.write(c -> update(c, "UPDATE mfa_devices SET last_step = ? WHERE account_id = ? AND serial_number = ?"
        + " AND user_id IS NOT NULL AND (last_step IS NULL OR last_step < ?)", step, accountId, serialNumber, step) == 1);
  }

  /** Adds or overwrites tags of a device, within the 50-tag quota (keys compared without case). */
  public void tag(String accountId, String serialNumber, Map<String, String> tags) {
    db.write(c -> {
      MfaDevice d = require(c, accountId, serialNumber);
      java.util.Set<String> keys = new java.util.HashSet<>();
      tagsOf(c, d.deviceId()).keySet().forEach(k -> keys.add(key(k)));
      tags.keySet().forEach(k -> keys.add(key(k)));
      Tags.checkTagCount(keys.size(), "MFADevice");
      Tags.putTags(c, TAG_TYPE, d.deviceId(), tags);
      return null;
    });
  }

  /** Removes tags by key, compared without case (absent keys are ignored). */
  public void untag(String accountId, String serialNumber, List<String> keys) {
    db.write(c -> {
      MfaDevice d = require(c, accountId, serialNumber);
      for (String k : keys) {
        update(c, "DELETE FROM tags WHERE entity_type = ? AND entity_id = ? AND key_lc = ?", TAG_TYPE, d.deviceId(),
            key(k));
      }
      return null;
    });
  }

  /** The device's tags, by key without case. */
  public Map<String, String> tags(String accountId, String serialNumber) {
    return db.read(c -> tagsOf(c, require(c, accountId, serialNumber).deviceId()));
  }

  private static Map<String, String> tagsOf(Connection c, String deviceId) throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    for (String[] t : list(c, "SELECT tag_key, tag_value FROM tags WHERE entity_type = ? AND entity_id = ?"
        + " ORDER BY key_lc", rs -> new String[] {rs.getString(1), rs.getString(2)}, TAG_TYPE, deviceId)) {
      out.put(t[0], t[1]);
    }
    return out;
  }

  /** Whether the user has an MFA device (DeleteUser's check). */
  static boolean userHasDevice(Connection c, String accountId, String userId) throws SQLException {
    return count(c, "SELECT COUNT(*) FROM mfa_devices WHERE account_id = ? AND user_id = ?", accountId, userId) > 0;
  }

  private static Optional<MfaDevice> find(Connection c, String accountId, String serialNumber) throws SQLException {
    return one(c, COLUMNS + " WHERE account_id = ? AND serial_number = ?", MfaDevices::row, accountId, serialNumber);
  }

  private static MfaDevice require(Connection c, String accountId, String serialNumber) throws SQLException {
    // AWS's words for DeactivateMFADevice and DeleteVirtualMFADevice (recorded 2026)
    return find(c, accountId, serialNumber).orElseThrow(() -> new IamException.NoSuchEntity(
        "MFA Device with serial number " + serialNumber + " does not exist."));
  }

  private static MfaDevice requireOfUser(Connection c, String accountId, String userName, String serialNumber)
      throws SQLException {
    User u = Users.requireUser(c, accountId, userName);
    MfaDevice d = require(c, accountId, serialNumber);
    if (!u.userId().equals(d.userId())) {
      throw new IamException.NoSuchEntity("MFA Device invalid for user.");
    }
    return d;
  }

  private static final String COLUMNS = "SELECT account_id, serial_number, device_id, name, path, sealed_seed, user_id,"
      + " enable_date, drift_steps, last_step, create_date FROM mfa_devices";

  private static MfaDevice row(ResultSet rs) throws SQLException {
    long enable = rs.getLong(8);
    Instant enabled = rs.wasNull() ? null : instant(enable);
    long last = rs.getLong(10);
    Long lastStep = rs.wasNull() ? null : last;
    return new MfaDevice(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getString(7), enabled, rs.getLong(9), lastStep, instant(rs.getLong(11)));
  }
}
