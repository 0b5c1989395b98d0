package dev.iamlocal.store;

import java.time.Instant;

/**
 * A customer managed policy (its metadata; documents are in {@link StoredPolicyVersion}).
 *
 * @param policyId ANPA… unique id
 * @param defaultVersionId e.g. {@code v1}
 * @param attachmentCount how many users, groups and roles it is attached to
 */
public record CustomerPolicy(String accountId, String policyId, String name, String path, String arn,
    String description, String defaultVersionId, int attachmentCount, Instant createDate, Instant updateDate) {}
