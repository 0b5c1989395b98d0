-- The IAM users and roles a role's trust policy names as principals, bound to their unique ids
-- when the policy was saved (CreateRole, UpdateAssumeRolePolicy). IAM stores a principal ARN of a
-- trust policy as the entity's unique id: a user or role deleted and created again under the same
-- name has another id and is no longer trusted, and the policy then shows the old id in place of
-- the ARN (IAM User Guide, "AWS JSON policy elements: Principal").
--   account_id            the role's account (every query names it)
--   principal             the ARN exactly as the policy writes it (decoded JSON string)
--   principal_account_id  the account in that ARN
--   principal_type        'user' or 'role'
--   principal_id          the AIDA…/AROA… id of the entity the ARN named when the policy was saved
-- Roles that existed before this migration are bound by the Java migration 25.1
-- (dev.iamlocal.store.BindTrustPrincipals, registered in IamStore.open): version 25.1 is taken.
CREATE TABLE role_trust_principals (
  account_id            VARCHAR(12) NOT NULL REFERENCES accounts(account_id),
  role_id               VARCHAR(32) NOT NULL REFERENCES roles(role_id),
  principal             VARCHAR(2048) NOT NULL,
  principal_account_id  VARCHAR(12) NOT NULL,
  principal_type        VARCHAR(8) NOT NULL,
  principal_id          VARCHAR(64) NOT NULL,
  PRIMARY KEY (role_id, principal)
);
CREATE INDEX role_trust_principals_account ON role_trust_principals(account_id, role_id);
