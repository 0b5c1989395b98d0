-- SSH public keys, signing certificates and service-specific credentials of IAM users, and the
-- account's server certificates. Portable between SQLite and PostgreSQL like V1: VARCHAR, TEXT and
-- BIGINT only, dates as epoch milliseconds. Every row carries its account.

-- An SSH public key as uploaded (body verbatim), with the fingerprint IAM shows for it.
CREATE TABLE ssh_public_keys (
  key_id       VARCHAR(32) PRIMARY KEY,
  account_id   VARCHAR(12) NOT NULL,
  user_id      VARCHAR(32) NOT NULL,
  body         TEXT NOT NULL,
  fingerprint  VARCHAR(64) NOT NULL,
  status       VARCHAR(16) NOT NULL,
  upload_date  BIGINT NOT NULL
);
CREATE INDEX ssh_public_keys_user ON ssh_public_keys(account_id, user_id);

-- An X.509 signing certificate as uploaded; cert_id is derived from the certificate (SHA-1 of its DER).
CREATE TABLE signing_certificates (
  cert_id      VARCHAR(64) NOT NULL,
  account_id   VARCHAR(12) NOT NULL,
  user_id      VARCHAR(32) NOT NULL,
  body         TEXT NOT NULL,
  status       VARCHAR(16) NOT NULL,
  upload_date  BIGINT NOT NULL,
  PRIMARY KEY (account_id, cert_id)
);
CREATE INDEX signing_certificates_user ON signing_certificates(account_id, user_id);

-- A service-specific credential. The password is shown once (create, reset) and never stored.
CREATE TABLE service_specific_credentials (
  credential_id      VARCHAR(32) PRIMARY KEY,
  account_id         VARCHAR(12) NOT NULL,
  user_id            VARCHAR(32) NOT NULL,
  service_name       VARCHAR(128) NOT NULL,
  service_user_name  VARCHAR(256),
  status             VARCHAR(16) NOT NULL,
  create_date        BIGINT NOT NULL,
  expiration_date    BIGINT
);
CREATE INDEX service_specific_credentials_user ON service_specific_credentials(account_id, user_id);

-- A server certificate: certificate and chain as uploaded; the private key is checked and dropped.
CREATE TABLE server_certificates (
  cert_id      VARCHAR(32) PRIMARY KEY,
  account_id   VARCHAR(12) NOT NULL,
  name         VARCHAR(128) NOT NULL,
  name_key     VARCHAR(128) NOT NULL,
  path         VARCHAR(512) NOT NULL,
  body         TEXT NOT NULL,
  chain        TEXT,
  expiration   BIGINT NOT NULL,
  upload_date  BIGINT NOT NULL,
  UNIQUE (account_id, name_key)
);
