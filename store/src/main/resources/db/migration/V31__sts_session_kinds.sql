-- Sessions besides AssumeRole's: kind is NULL or 'role' for a role session, 'user' for an IAM user's
-- GetSessionToken, 'root' for the root user's GetSessionToken, 'federated' for GetFederationToken.
-- For the kinds that are not roles, role_id holds the principal's id (the user's AIDA… id, the
-- federating user's id; the account id for root), role_arn the principal's ARN when issued (the
-- federated-user ARN for 'federated') and session_name the user name (the federated user's name).
-- mfa_auth_time: when the MFA code the session was issued with was checked (epoch milliseconds),
-- NULL when it was issued without MFA (aws:MultiFactorAuthPresent false, no aws:MultiFactorAuthAge).
ALTER TABLE sts_sessions ADD COLUMN kind VARCHAR(16);
ALTER TABLE sts_sessions ADD COLUMN mfa_auth_time BIGINT;
