-- Temporary credentials issued by STS AssumeRole. The secret and the session token are stored as
-- issued: SigV4 verification recomputes signatures with the secret and compares the token.
-- session_policy: the inline session policy (JSON) or NULL; policy_arns: managed session policy
-- ARNs separated by newlines; tags: session tags as key=value lines (keys cannot contain '=' or '\n').
CREATE TABLE sts_sessions (
  access_key_id     VARCHAR(32) PRIMARY KEY,
  account_id        VARCHAR(12) NOT NULL REFERENCES accounts(account_id),
  secret            VARCHAR(64) NOT NULL,
  session_token     TEXT NOT NULL,
  role_id           VARCHAR(32) NOT NULL,
  role_arn          VARCHAR(2048) NOT NULL,
  session_name      VARCHAR(64) NOT NULL,
  session_policy    TEXT,
  policy_arns       TEXT,
  tags              TEXT,
  source_identity   VARCHAR(64),
  create_date       BIGINT NOT NULL,
  expiration        BIGINT NOT NULL
);
CREATE INDEX sts_sessions_role ON sts_sessions(role_id, session_name);
