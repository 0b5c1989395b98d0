-- The IAM world of one or more accounts. Portable between SQLite and PostgreSQL: only VARCHAR,
-- TEXT, INTEGER and BIGINT columns; dates are epoch milliseconds (BIGINT); names are unique
-- case-insensitively as in IAM, through a lower-cased name_key column.

CREATE TABLE accounts (
  account_id   VARCHAR(12) PRIMARY KEY,
  create_date  BIGINT NOT NULL
);

CREATE TABLE users (
  user_id        VARCHAR(32) PRIMARY KEY,
  account_id     VARCHAR(12) NOT NULL REFERENCES accounts(account_id),
  name           VARCHAR(64) NOT NULL,
  name_key       VARCHAR(64) NOT NULL,
  path           VARCHAR(512) NOT NULL,
  boundary_arn   VARCHAR(2048),
  create_date    BIGINT NOT NULL,
  UNIQUE (account_id, name_key)
);

CREATE TABLE iam_groups (
  group_id     VARCHAR(32) PRIMARY KEY,
  account_id   VARCHAR(12) NOT NULL REFERENCES accounts(account_id),
  name         VARCHAR(128) NOT NULL,
  name_key     VARCHAR(128) NOT NULL,
  path         VARCHAR(512) NOT NULL,
  create_date  BIGINT NOT NULL,
  UNIQUE (account_id, name_key)
);

CREATE TABLE group_members (
  group_id  VARCHAR(32) NOT NULL REFERENCES iam_groups(group_id),
  user_id   VARCHAR(32) NOT NULL REFERENCES users(user_id),
  PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user ON group_members(user_id);

CREATE TABLE roles (
  role_id               VARCHAR(32) PRIMARY KEY,
  account_id            VARCHAR(12) NOT NULL REFERENCES accounts(account_id),
  name                  VARCHAR(64) NOT NULL,
  name_key              VARCHAR(64) NOT NULL,
  path                  VARCHAR(512) NOT NULL,
  description           VARCHAR(1000),
  trust_policy          TEXT NOT NULL,
  max_session_duration  INTEGER NOT NULL,
  boundary_arn          VARCHAR(2048),
  create_date           BIGINT NOT NULL,
  UNIQUE (account_id, name_key)
);

-- Customer managed policies; AWS managed ones come from the bundled catalog and are never stored.
CREATE TABLE policies (
  policy_id        VARCHAR(32) PRIMARY KEY,
  account_id       VARCHAR(12) NOT NULL REFERENCES accounts(account_id),
  name             VARCHAR(128) NOT NULL,
  name_key         VARCHAR(128) NOT NULL,
  path             VARCHAR(512) NOT NULL,
  arn              VARCHAR(2048) NOT NULL,
  description      VARCHAR(1000),
  default_version  VARCHAR(16) NOT NULL,
  next_version     INTEGER NOT NULL,
  create_date      BIGINT NOT NULL,
  update_date      BIGINT NOT NULL,
  UNIQUE (account_id, name_key),
  UNIQUE (arn)
);

CREATE TABLE policy_versions (
  policy_id    VARCHAR(32) NOT NULL REFERENCES policies(policy_id),
  version_id   VARCHAR(16) NOT NULL,
  document     TEXT NOT NULL,
  create_date  BIGINT NOT NULL,
  PRIMARY KEY (policy_id, version_id)
);

-- entity_type: 'user', 'group' or 'role'; entity_id: the user, group or role id.
CREATE TABLE inline_policies (
  entity_type  VARCHAR(8) NOT NULL,
  entity_id    VARCHAR(32) NOT NULL,
  name         VARCHAR(128) NOT NULL,
  name_key     VARCHAR(128) NOT NULL,
  document     TEXT NOT NULL,
  PRIMARY KEY (entity_type, entity_id, name_key)
);

-- Attachments of customer managed (arn:aws:iam::<account>:policy/…) and AWS managed
-- (arn:aws:iam::aws:policy/…) policies.
CREATE TABLE attachments (
  entity_type  VARCHAR(8) NOT NULL,
  entity_id    VARCHAR(32) NOT NULL,
  policy_arn   VARCHAR(2048) NOT NULL,
  attach_seq   BIGINT NOT NULL,
  PRIMARY KEY (entity_type, entity_id, policy_arn)
);
CREATE INDEX attachments_policy ON attachments(policy_arn);

-- entity_type: 'user', 'role' or 'policy'. Tag keys are unique case-insensitively per entity.
CREATE TABLE tags (
  entity_type  VARCHAR(8) NOT NULL,
  entity_id    VARCHAR(32) NOT NULL,
  tag_key      VARCHAR(128) NOT NULL,
  key_lc       VARCHAR(128) NOT NULL,
  tag_value    VARCHAR(256) NOT NULL,
  PRIMARY KEY (entity_type, entity_id, key_lc)
);

-- The secret is stored as issued because SigV4 verification needs it to recompute signatures.
-- user_id is NULL for the account's root access keys.
CREATE TABLE access_keys (
  access_key_id      VARCHAR(32) PRIMARY KEY,
  account_id         VARCHAR(12) NOT NULL REFERENCES accounts(account_id),
  user_id            VARCHAR(32) REFERENCES users(user_id),
  secret             VARCHAR(64) NOT NULL,
  status             VARCHAR(8) NOT NULL,
  create_date        BIGINT NOT NULL,
  last_used_date     BIGINT,
  last_used_service  VARCHAR(64),
  last_used_region   VARCHAR(32)
);
CREATE INDEX access_keys_user ON access_keys(user_id);
