-- The decision log is read per account (GET /v1/decisions, the console): a store may hold several
-- accounts and no caller may read another account's decisions. Records written before this
-- migration take the account from their principal's ARN (arn:aws:iam::<12 digits>:… or
-- arn:aws:sts::<12 digits>:…); a record without one belongs to no account and is shown to none.
ALTER TABLE decisions ADD COLUMN account_id VARCHAR(12);
UPDATE decisions SET account_id = substr(principal, 14, 12)
  WHERE principal LIKE 'arn:aws:iam::____________:%' OR principal LIKE 'arn:aws:sts::____________:%';
