-- An identity provider's tag keys are case-sensitive (stackd's recording against IAM: Team and team are
-- two tags of one OIDC provider), as a customer managed policy's are: the lookup key is the key as given.
UPDATE tags SET key_lc = tag_key WHERE entity_type IN ('oidc', 'saml');
