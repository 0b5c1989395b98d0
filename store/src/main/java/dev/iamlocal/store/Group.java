package dev.iamlocal.store;

import java.time.Instant;

/** An IAM group; {@code groupId} is its AGPA… unique id. */
public record Group(String accountId, String groupId, String name, String path, Instant createDate) {

  /** {@code arn:aws:iam::<account>:group<path><name>}. */
  public String arn() {
    return "arn:aws:iam::" + accountId + ":group" + path + name;
  }
}
