package dev.iamlocal.store;

import java.time.Instant;

/**
 * An IAM user.
 *
 * @param userId AIDA… unique id
 * @param permissionsBoundaryArn the managed policy used as permissions boundary, or null
 */
public record User(String accountId, String userId, String name, String path, String permissionsBoundaryArn,
    Instant createDate) {

  /** {@code arn:aws:iam::<account>:user<path><name>}. */
  public String arn() {
    return "arn:aws:iam::" + accountId + ":user" + path + name;
  }
}
