-- Virtual MFA devices (CreateVirtualMFADevice). The TOTP seed is stored sealed (AES-GCM under the
-- server key named 'mfa-seed' in server_secrets, the device's account and serial number as associated
-- data): IAM returns the seed once, at creation, and iamlocal only needs it again to check codes.
-- name_key: the name in lower case (a device name is unique in its account whatever its path or case).
-- user_id: the IAM user the device is enabled for, NULL while unassigned (then enable_date is NULL too).
-- drift_steps: the device's clock offset in 30-second steps, learned by EnableMFADevice and ResyncMFADevice.
-- last_step: the newest TOTP time step accepted (RFC 6238 section 5.2: a code is accepted once).
CREATE TABLE mfa_devices (
  account_id     VARCHAR(12) NOT NULL REFERENCES accounts(account_id),
  serial_number  VARCHAR(2048) NOT NULL,
  device_id      VARCHAR(32) NOT NULL UNIQUE,
  name           VARCHAR(256) NOT NULL,
  name_key       VARCHAR(256) NOT NULL,
  path           VARCHAR(512) NOT NULL,
  sealed_seed    TEXT NOT NULL,
  user_id        VARCHAR(32),
  enable_date    BIGINT,
  drift_steps    BIGINT NOT NULL DEFAULT 0,
  last_step      BIGINT,
  create_date    BIGINT NOT NULL,
  PRIMARY KEY (account_id, serial_number)
);
CREATE UNIQUE INDEX mfa_devices_name ON mfa_devices(account_id, name_key);
CREATE INDEX mfa_devices_user ON mfa_devices(account_id, user_id);

-- Keys the server generates once and keeps (one row per purpose), shared by every node of one
-- database: the key that seals MFA seeds, the key that encrypts authorization messages. Base64.
CREATE TABLE server_secrets (
  name    VARCHAR(64) PRIMARY KEY,
  secret  TEXT NOT NULL
);
