package dev.iamlocal.store;

import java.time.Instant;

/**
 * When and where an access key was last used; {@code date} is null (and service and region are
 * {@code N/A}, as IAM reports them) when it never was.
 *
 * @param userName the owner, or null for a root key
 */
public record AccessKeyLastUsed(String userName, Instant date, String serviceName, String region) {}
