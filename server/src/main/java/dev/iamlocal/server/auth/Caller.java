package dev.iamlocal.server.auth;

import dev.iamlocal.store.StsSession;

/**
 * The authenticated caller of a request.
 *
 * @param arn the user's ARN, the root ARN, or for temporary credentials the assumed-role session ARN
 * @param userName the IAM user, or null for the account's root user and for role sessions
 * @param userId the AIDA… id, the account id for root (as GetCallerIdentity reports it), or
 *     {@code AROA…:session-name} for a role session
 * @param region the region of the request's credential scope
 * @param session the STS session when the request was signed with temporary credentials, else null
 * @param storeVersion the store's change counter as read when the request arrived: whatever is
 *     derived from the store for this request (the caller's compiled policies…) must be at least
 *     that new, so that a write committed before the request, on any node, is always seen
 */
public record Caller(String accountId, String arn, String userName, String userId, String accessKeyId, String region,
    StsSession session, long storeVersion) {

  /** A caller with long-term credentials (a user's or the root user's access key). */
  public Caller(String accountId, String arn, String userName, String userId, String accessKeyId, String region,
      long storeVersion) {
    this(accountId, arn, userName, userId, accessKeyId, region, null, storeVersion);
  }

  /** Whether the caller is the account's root user (its long-term key or its GetSessionToken credentials). */
  public boolean isRoot() {
    return userName == null && (session == null || session.kind() == StsSession.Kind.ROOT);
  }

  /** Whether the caller signed with a role session's credentials (AssumeRole and friends). */
  public boolean isRoleSession() {
    return session != null && session.isRole();
  }

  /** Whether the caller's credentials were issued with MFA (GetSessionToken or AssumeRole with a code). */
  public boolean mfaAuthenticated() {
    return session != null && session.mfaAuthenticatedAt() != null;
  }

  /** Whether the caller signed with temporary (STS session) credentials. */
  public boolean isSession() {
    return session != null;
  }
}
