package dev.iamlocal.store;

import java.time.Instant;

/**
 * An IAM role.
 *
 * @param roleId AROA… unique id
 * @param trustPolicy the assume-role policy document as IAM returns and evaluates it: as given, except
 *     that an IAM user or role it names whose entity has since been deleted appears as the unique id
 *     the policy was bound to when saved (so that it names no one), and a renamed user as its new ARN
 * @param maxSessionDuration seconds, 3600 to 43200
 * @param permissionsBoundaryArn or null
 */
public record Role(String accountId, String roleId, String name, String path, String description,
    String trustPolicy, int maxSessionDuration, String permissionsBoundaryArn, Instant createDate) {

  /** {@code arn:aws:iam::<account>:role<path><name>}. */
  public String arn() {
    return "arn:aws:iam::" + accountId + ":role" + path + name;
  }
}
