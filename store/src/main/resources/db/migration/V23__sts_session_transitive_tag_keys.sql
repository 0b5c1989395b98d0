-- Session tags that pass on to the sessions this one assumes (AssumeRole TransitiveTagKeys, plus
-- the transitive tags it inherited itself): their keys, one per line, unescaped (tag keys cannot
-- contain a line break), each equal to a key of the tags column once that is decoded. NULL for
-- sessions created before this migration, which had none.
ALTER TABLE sts_sessions ADD COLUMN transitive_tag_keys TEXT;
