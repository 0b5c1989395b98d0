-- IAM outbound web identity federation (EnableOutboundWebIdentityFederation … STS GetWebIdentityToken):
-- one row per account that ever enabled it. The issuer id and the two signing keys stay when the
-- feature is disabled, as AWS keeps the account's issuer URL and keys across a disable and a
-- re-enable (tokens issued before a disable stay verifiable). Portable between SQLite and
-- PostgreSQL: times are epoch milliseconds, booleans 0/1.
--   issuer_id  the host's first label of the issuer URL (https://<issuer_id>.tokens.sts.global.api.aws)
--   rsa_key    the RS256 signing key, a private JWK (JSON); ec_key the ES384 (P-384) one
CREATE TABLE outbound_federation (
  account_id   VARCHAR(12) PRIMARY KEY,
  issuer_id    VARCHAR(64) NOT NULL UNIQUE,
  enabled      INTEGER NOT NULL,
  rsa_key      TEXT NOT NULL,
  ec_key       TEXT NOT NULL,
  create_date  BIGINT NOT NULL,
  update_date  BIGINT NOT NULL
);
