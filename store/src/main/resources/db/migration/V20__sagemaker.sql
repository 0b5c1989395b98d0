-- Emulated SageMaker resources and the authorization decision log. Portable between SQLite and
-- PostgreSQL like V1: VARCHAR, TEXT and BIGINT only, dates as epoch milliseconds.

-- One row per SageMaker resource. resource_type is the IAM catalog's resource type name
-- (training-job, notebook-instance…); name_key is the lower-cased name, because SageMaker names
-- are unique case-insensitively. body is the Create request as JSON (echoed by Describe).
-- status and status_time are the last explicit lifecycle step; later steps (InProgress ->
-- Completed, Pending -> InService) are computed from status_time when read.
CREATE TABLE sagemaker_resources (
  arn            VARCHAR(2048) PRIMARY KEY,
  account_id     VARCHAR(12) NOT NULL,
  region         VARCHAR(32) NOT NULL,
  resource_type  VARCHAR(64) NOT NULL,
  name           VARCHAR(256) NOT NULL,
  name_key       VARCHAR(256) NOT NULL,
  body           TEXT NOT NULL,
  status         VARCHAR(64) NOT NULL,
  status_time    BIGINT NOT NULL,
  create_time    BIGINT NOT NULL,
  update_time    BIGINT NOT NULL,
  UNIQUE (account_id, region, resource_type, name_key)
);

-- Tag keys are case-sensitive in SageMaker.
CREATE TABLE sagemaker_tags (
  arn        VARCHAR(2048) NOT NULL,
  tag_key    VARCHAR(128) NOT NULL,
  tag_value  VARCHAR(256) NOT NULL,
  PRIMARY KEY (arn, tag_key)
);

-- Every authorization decision of every emulated call. id sorts in time order (epoch millis,
-- node, sequence), so "everything after id X" is how a follower tails the log.
CREATE TABLE decisions (
  id           VARCHAR(64) PRIMARY KEY,
  time         BIGINT NOT NULL,
  principal    VARCHAR(2048) NOT NULL,
  action       VARCHAR(256) NOT NULL,
  resource     VARCHAR(2048) NOT NULL,
  decision     VARCHAR(16) NOT NULL,
  reason       TEXT NOT NULL,
  source_ip    VARCHAR(64),
  statements   TEXT NOT NULL,
  context      TEXT NOT NULL
);
CREATE INDEX decisions_time ON decisions(time);
CREATE INDEX decisions_principal ON decisions(principal);
