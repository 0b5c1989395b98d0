package dev.iamlocal.store;

import java.time.Instant;

/**
 * A user's console password, without the password (only its hash is stored, and never leaves the store).
 *
 * @param passwordChanged when the password was last set
 * @param passwordLastUsed the last console sign-in with it, or null
 */
public record LoginProfile(String accountId, String userId, String userName, boolean passwordResetRequired,
    Instant createDate, Instant passwordChanged, Instant passwordLastUsed) {}
