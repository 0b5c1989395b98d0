package dev.iamlocal.store;

import java.time.Instant;
import java.util.List;

/**
 * An IAM instance profile.
 *
 * @param profileId AIPA… unique id
 * @param roleIds the roles in it (IAM allows one), by unique id
 */
public record InstanceProfile(String accountId, String profileId, String name, String path, Instant createDate,
    List<String> roleIds) {

  public InstanceProfile {
    roleIds = List.copyOf(roleIds);
  }

  /** {@code arn:aws:iam::<account>:instance-profile<path><name>}. */
  public String arn() {
    return "arn:aws:iam::" + accountId + ":instance-profile" + path + name;
  }
}
