package dev.iamlocal.store;

import java.time.Instant;

/**
 * An access key.
 *
 * @param userName the owning user, or null for the account's root key
 * @param secret the secret access key; {@link #toString()} never shows it
 * @param status {@code Active} or {@code Inactive}
 */
public record AccessKey(String accountId, String accessKeyId, String userName, String userId, String secret,
    String status, Instant createDate) {

  public boolean active() {
    return "Active".equals(status);
  }

  /** Without the secret, so that keys can be logged. */
  @Override
  public String toString() {
    return "AccessKey[" + accessKeyId + " " + (userName == null ? "root" : userName) + " " + status + "]";
  }
}
