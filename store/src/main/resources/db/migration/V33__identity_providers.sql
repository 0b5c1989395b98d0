-- IAM identity providers (OpenID Connect and SAML) and the keys iamlocal signs tokens and
-- assertions with when it acts as the issuer itself (the offline identity providers).

-- An OIDC provider: url is the provider URL as IAM keeps and shows it, without "https://"
-- (host and path); it is the ARN's resource after "oidc-provider/". Unique per account.
CREATE TABLE oidc_providers (
  provider_id  VARCHAR(32) PRIMARY KEY,
  account_id   VARCHAR(12) NOT NULL REFERENCES accounts(account_id),
  url          VARCHAR(255) NOT NULL,
  create_date  BIGINT NOT NULL,
  UNIQUE (account_id, url)
);

-- The client ids (kind 'client') and thumbprints (kind 'thumb') of an OIDC provider, in the order
-- they were given (seq). A table rather than a delimited column: a client id may hold any character.
CREATE TABLE oidc_provider_values (
  provider_id  VARCHAR(32) NOT NULL REFERENCES oidc_providers(provider_id),
  kind         VARCHAR(8) NOT NULL,
  seq          INTEGER NOT NULL,
  item         VARCHAR(255) NOT NULL,
  PRIMARY KEY (provider_id, kind, seq)
);

-- A SAML provider: the metadata document as given, and what IAM reports about it.
--   uuid             SAMLProviderUUID
--   valid_until      the metadata's validUntil, else IAM's default (creation + 100 years)
--   encryption_mode  AssertionEncryptionMode ('Allowed' or 'Required')
CREATE TABLE saml_providers (
  provider_id      VARCHAR(32) PRIMARY KEY,
  account_id       VARCHAR(12) NOT NULL REFERENCES accounts(account_id),
  name             VARCHAR(128) NOT NULL,
  name_key         VARCHAR(128) NOT NULL,
  metadata         TEXT NOT NULL,
  uuid             VARCHAR(64) NOT NULL,
  valid_until      BIGINT NOT NULL,
  encryption_mode  VARCHAR(16) NOT NULL,
  create_date      BIGINT NOT NULL,
  UNIQUE (account_id, name_key)
);

-- The private keys a SAML provider decrypts encrypted assertions with (at most two, as IAM allows).
CREATE TABLE saml_private_keys (
  provider_id  VARCHAR(32) NOT NULL REFERENCES saml_providers(provider_id),
  key_id       VARCHAR(64) NOT NULL,
  private_key  TEXT NOT NULL,
  create_date  BIGINT NOT NULL,
  PRIMARY KEY (provider_id, key_id)
);

-- The keys iamlocal signs with as an issuer: one per issuer (an OIDC issuer URL, a SAML entity id),
-- for the whole store rather than per account, because an issuer is one party that any number of
-- accounts may trust (one GitHub token is good for every account whose provider names GitHub).
--   kind         'oidc' (key: a private JWK, JSON) or 'saml' (key: PKCS#8 PEM, certificate: X.509 PEM)
CREATE TABLE issuer_keys (
  kind         VARCHAR(8) NOT NULL,
  issuer       VARCHAR(1024) NOT NULL,
  key_id       VARCHAR(64) NOT NULL,
  private_key  TEXT NOT NULL,
  certificate  TEXT,
  create_date  BIGINT NOT NULL,
  PRIMARY KEY (kind, issuer)
);
