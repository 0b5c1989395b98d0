-- The change counter (IamStore.changeVersion): one row, bumped as the first statement of every
-- write transaction. Nodes compare it with the version their caches were built at; the row lock
-- it takes also serializes writers across nodes sharing one PostgreSQL database.
CREATE TABLE store_version (
  id       INTEGER PRIMARY KEY,
  version  BIGINT NOT NULL
);
INSERT INTO store_version (id, version) VALUES (1, 0);
