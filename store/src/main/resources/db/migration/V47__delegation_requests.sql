-- IAM temporary delegation requests (CreateDelegationRequest … SendDelegationToken) and the
-- notifications IAM publishes to a request's notification channel (the partner's inbox: iamlocal has
-- no SNS, so a published message stays here for the partner to read). Portable between SQLite and
-- PostgreSQL: times are epoch milliseconds, booleans 0/1.
CREATE TABLE delegation_requests (
  request_id           VARCHAR(64) PRIMARY KEY,
  requestor_account    VARCHAR(12) NOT NULL,
  owner_account        VARCHAR(12),
  owner_id             VARCHAR(2048),
  approver_id          VARCHAR(2048),
  description          VARCHAR(1000) NOT NULL,
  request_message      VARCHAR(200),
  template_arn         VARCHAR(2048),
  parameters           TEXT NOT NULL,
  permission_policy    TEXT NOT NULL,
  workflow_id          VARCHAR(400) NOT NULL,
  redirect_url         VARCHAR(255),
  notification_channel VARCHAR(400) NOT NULL,
  session_duration     INTEGER NOT NULL,
  only_send_by_owner   INTEGER NOT NULL,
  state                VARCHAR(20) NOT NULL,
  notes                VARCHAR(500),
  rejection_reason     VARCHAR(500),
  create_date          BIGINT NOT NULL,
  updated_time         BIGINT NOT NULL,
  expiration_time      BIGINT NOT NULL,
  trade_in_token       VARCHAR(128),
  UNIQUE (requestor_account, workflow_id)
);
CREATE INDEX delegation_requests_owner ON delegation_requests(owner_account, owner_id);
CREATE UNIQUE INDEX delegation_requests_token ON delegation_requests(trade_in_token);

CREATE TABLE delegation_notifications (
  notification_id      VARCHAR(36) PRIMARY KEY,
  requestor_account    VARCHAR(12) NOT NULL,
  channel              VARCHAR(400) NOT NULL,
  request_id           VARCHAR(64) NOT NULL,
  message              TEXT NOT NULL,
  sent_at              BIGINT NOT NULL
);
CREATE INDEX delegation_notifications_channel ON delegation_notifications(requestor_account, channel, sent_at);
