-- DeleteServiceLinkedRole's deletion tasks, read by GetServiceLinkedRoleDeletionStatus. Portable
-- between SQLite and PostgreSQL; dates as epoch milliseconds.
CREATE TABLE slr_deletion_tasks (
  task_id      VARCHAR(1000) PRIMARY KEY,
  account_id   VARCHAR(12) NOT NULL,
  role_name    VARCHAR(64) NOT NULL,
  status       VARCHAR(16) NOT NULL,
  reason       TEXT,
  create_date  BIGINT NOT NULL
);
