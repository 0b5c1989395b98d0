package dev.iamlocal.store;

import static dev.iamlocal.store.Jdbc.instant;
import static dev.iamlocal.store.Jdbc.millis;
import static dev.iamlocal.store.Jdbc.one;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * GenerateServiceLastAccessedDetails jobs: the entity and granularity asked for and when. The report
 * is computed when it is read, from the decision log up to the job's creation, so a job answers the
 * same however often it is read. A sibling of {@link IamStore}; every query takes the account.
 */
public final class LastAccessedJobs {

  private final Jdbc db;
  private final Clock clock;

  /** The jobs of {@code store}'s accounts, dated by {@code clock}. */
  public LastAccessedJobs(IamStore store, Clock clock) {
    this.db = store.jdbc();
    this.clock = clock;
  }

  /** A job: its id (a UUID, as AWS's), the entity's ARN, SERVICE_LEVEL or ACTION_LEVEL, its creation. */
  public record Job(String jobId, String entityArn, String granularity, Instant createDate) {}

  /** Records a new job. */
  public Job create(String accountId, String entityArn, String granularity) {
    Job j = new Job(UUID.randomUUID().toString(), entityArn, granularity, Instant.ofEpochMilli(clock.millis()));
    db.write(c -> Jdbc.update(c, "INSERT INTO last_accessed_jobs(job_id, account_id, entity_arn, granularity,"
        + " create_date) VALUES (?, ?, ?, ?, ?)", j.jobId(), accountId, entityArn, granularity, millis(j.createDate())));
    return j;
  }

  /** The account's job with this id, if any. */
  public Optional<Job> job(String accountId, String jobId) {
    return db.read(c -> one(c, "SELECT job_id, entity_arn, granularity, create_date FROM last_accessed_jobs"
        + " WHERE account_id = ? AND job_id = ?", rs -> new Job(rs.getString(1), rs.getString(2), rs.getString(3),
        instant(rs.getLong(4))), accountId, jobId));
  }
}
