-- Decision ids begin with the record's epoch millis (13 digits), so the primary key already orders
-- and ranges the log by time: "since T" is "id >= T". A second index on time cost every append
-- one more B-tree insert (and every pruning one more delete) for nothing.
DROP INDEX decisions_time;
