-- A customer managed policy's tag keys are case-sensitive in IAM ("a" and "A" are two tags), unlike
-- a user's or role's: for entity_type 'policy' the key_lc column holds the key itself, so that the
-- primary key (entity_type, entity_id, key_lc) keeps one row per exact key. Rows written before
-- were unique without case, so copying the key cannot collide.
UPDATE tags SET key_lc = tag_key WHERE entity_type = 'policy';

-- A customer managed policy's PermissionsBoundaryUsageCount counts the users and roles that have it
-- as their boundary whenever the policy is read or listed: index the column it is looked up by.
CREATE INDEX users_boundary ON users(boundary_arn);
CREATE INDEX roles_boundary ON roles(boundary_arn);
