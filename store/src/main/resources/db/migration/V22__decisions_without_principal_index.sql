-- The decision log is a bounded window (100,000 records by default) written at the rate of every
-- call. An index on principal cost each append and each pruned row one more B-tree change, while a
-- query by principal walks the primary key newest first and stops at its limit: over the window
-- that is a few milliseconds, for a console or an audit query.
DROP INDEX decisions_principal;
