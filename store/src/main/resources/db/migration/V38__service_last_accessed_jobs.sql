-- GenerateServiceLastAccessedDetails jobs: what was asked and when; the report is computed from the
-- decision log up to the job's creation when read. Portable between SQLite and PostgreSQL.
CREATE TABLE last_accessed_jobs (
  job_id       VARCHAR(36) PRIMARY KEY,
  account_id   VARCHAR(12) NOT NULL,
  entity_arn   VARCHAR(2048) NOT NULL,
  granularity  VARCHAR(16) NOT NULL,
  create_date  BIGINT NOT NULL
);
