package dev.iamlocal.store;

import java.time.Instant;

/** An AWS account emulated by this store. */
public record Account(String accountId, Instant createDate) {

  /** {@code arn:aws:iam::<account>:root}. */
  public String rootArn() {
    return "arn:aws:iam::" + accountId + ":root";
  }
}
