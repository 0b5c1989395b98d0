-- A customer managed policy's tag keys are case-sensitive in IAM ("a" and "A" are two tags), unlike
-- a user's or role's: for entity_type 'policy' the key_lc column holds the key itself, so that the
-- primary key (entity_type, entity_id, key_lc) keeps one row per exact key. Rows written before
-- were unique without case, so copying the key cannot collide.
UPDATE tags SET key_lc = tag_key WHERE entity_type = 'policy';
