package dev.iamlocal.store;

import java.time.Instant;

/**
 * A customer managed policy (its metadata; documents are in {@link StoredPolicyVersion}).
 *
 * @param policyId ANPA… unique id
 * @param defaultVersionId e.g. {@code v1}
 * @param attachmentCount how many users, groups and roles it is attached to
 * @param permissionsBoundaryUsageCount how many users and roles have it as their permissions boundary
 */
public record CustomerPolicy(String accountId, String policyId, String name, String path, String arn,
    String description, String defaultVersionId, int attachmentCount, Instant createDate, Instant updateDate,
    int permissionsBoundaryUsageCount) {

  /** A policy no user or role has as its permissions boundary. */
  public CustomerPolicy(String accountId, String policyId, String name, String path, String arn, String description,
      String defaultVersionId, int attachmentCount, Instant createDate, Instant updateDate) {
    this(accountId, policyId, name, path, arn, description, defaultVersionId, attachmentCount, createDate, updateDate,
        0);
  }
}
