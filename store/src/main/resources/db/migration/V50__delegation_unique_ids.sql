-- The unique ids (AIDA… for a user, the account id for the root user) of a delegation request's
-- owner and approver, kept beside their ARNs. An ARN names whoever holds the name now: a user
-- deleted and re-created with the same name has the same ARN but a new id, and must not inherit the
-- old user's ownership or approval (IAM binds identities by unique id, as it does for the
-- principals of a trust policy). Requests stored before this version have NULL ids: their approval
-- cannot be verified and GetDelegatedAccessToken refuses it (fail closed).
ALTER TABLE delegation_requests ADD COLUMN owner_unique_id VARCHAR(128);
ALTER TABLE delegation_requests ADD COLUMN approver_unique_id VARCHAR(128);
