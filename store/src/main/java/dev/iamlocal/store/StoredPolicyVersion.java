package dev.iamlocal.store;

import java.time.Instant;

/** One version of a customer managed policy; {@code document} is the JSON text as given. */
public record StoredPolicyVersion(String versionId, String document, boolean isDefault, Instant createDate) {}
