-- Instance profiles, console passwords (login profiles) and the account-level settings of IAM:
-- password policy, alias, STS token version, credential report, Organizations access report jobs.
-- Portable between SQLite and PostgreSQL, as V1: dates are epoch milliseconds, booleans INTEGER 0/1.

CREATE TABLE instance_profiles (
  profile_id   VARCHAR(32) PRIMARY KEY,
  account_id   VARCHAR(12) NOT NULL REFERENCES accounts(account_id),
  name         VARCHAR(128) NOT NULL,
  name_key     VARCHAR(128) NOT NULL,
  path         VARCHAR(512) NOT NULL,
  create_date  BIGINT NOT NULL,
  UNIQUE (account_id, name_key)
);

-- IAM allows one role per instance profile (InstanceSessionsPerInstanceProfile: 1); the table keeps
-- the relation general, the repository enforces the quota. A role may be in several profiles.
CREATE TABLE instance_profile_roles (
  profile_id  VARCHAR(32) NOT NULL REFERENCES instance_profiles(profile_id),
  role_id     VARCHAR(32) NOT NULL REFERENCES roles(role_id),
  PRIMARY KEY (profile_id, role_id)
);
CREATE INDEX instance_profile_roles_role ON instance_profile_roles(role_id);

-- A user's console password. Only a PBKDF2 hash is stored ("pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>",
-- a salt per password), never the password.
CREATE TABLE login_profiles (
  user_id             VARCHAR(32) PRIMARY KEY REFERENCES users(user_id),
  account_id          VARCHAR(12) NOT NULL REFERENCES accounts(account_id),
  password_hash       VARCHAR(256) NOT NULL,
  reset_required      INTEGER NOT NULL,
  create_date         BIGINT NOT NULL,
  password_changed    BIGINT NOT NULL,
  password_last_used  BIGINT
);

-- Hashes of a user's earlier passwords, for the policy's PasswordReusePrevention (at most 24 kept).
CREATE TABLE password_history (
  user_id        VARCHAR(32) NOT NULL,
  account_id     VARCHAR(12) NOT NULL,
  seq            BIGINT NOT NULL,
  password_hash  VARCHAR(256) NOT NULL,
  PRIMARY KEY (user_id, seq)
);

-- The account password policy; max_age, reuse_prevention and hard_expiry are NULL when not set.
CREATE TABLE password_policies (
  account_id        VARCHAR(12) PRIMARY KEY REFERENCES accounts(account_id),
  min_length        INTEGER NOT NULL,
  require_symbols   INTEGER NOT NULL,
  require_numbers   INTEGER NOT NULL,
  require_upper     INTEGER NOT NULL,
  require_lower     INTEGER NOT NULL,
  allow_change      INTEGER NOT NULL,
  max_age           INTEGER,
  reuse_prevention  INTEGER,
  hard_expiry       INTEGER
);

-- One alias per account, unique on the server (AWS: unique across all of AWS).
CREATE TABLE account_aliases (
  account_id  VARCHAR(12) PRIMARY KEY REFERENCES accounts(account_id),
  alias       VARCHAR(63) NOT NULL UNIQUE
);

-- SetSecurityTokenServicePreferences: 1 (v1Token) or 2 (v2Token); no row means 1.
CREATE TABLE account_settings (
  account_id                     VARCHAR(12) PRIMARY KEY REFERENCES accounts(account_id),
  global_endpoint_token_version  INTEGER NOT NULL
);

-- The account's latest credential report (CSV as generated).
CREATE TABLE credential_reports (
  account_id  VARCHAR(12) PRIMARY KEY REFERENCES accounts(account_id),
  generated   BIGINT NOT NULL,
  content     TEXT NOT NULL
);

-- GenerateOrganizationsAccessReport jobs (they fail: an iamlocal account is in no organization).
CREATE TABLE organizations_access_reports (
  job_id       VARCHAR(36) PRIMARY KEY,
  account_id   VARCHAR(12) NOT NULL REFERENCES accounts(account_id),
  entity_path  VARCHAR(427) NOT NULL,
  create_date  BIGINT NOT NULL
);
