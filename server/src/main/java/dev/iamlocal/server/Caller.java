package dev.iamlocal.server;

/**
 * The authenticated caller of a request.
 *
 * @param userName the IAM user, or null for the account's root user
 * @param userId the AIDA… id, or the account id for root (as GetCallerIdentity reports it)
 * @param region the region of the request's credential scope
 */
record Caller(String accountId, String arn, String userName, String userId, String accessKeyId, String region) {

  boolean isRoot() {
    return userName == null;
  }
}
