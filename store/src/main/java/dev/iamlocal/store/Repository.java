package dev.iamlocal.store;

import dev.iamlocal.catalog.ManagedPolicies;
import java.time.Clock;
import java.time.Instant;

/**
 * What every repository of one {@link IamStore} shares: the store's transaction helper, its id
 * generator, its clock and the bundled catalog of AWS managed policies.
 */
abstract class Repository {

  final Jdbc db;
  final Ids ids;
  final ManagedPolicies awsManaged;
  private final Clock clock;

  Repository(Jdbc db, Ids ids, Clock clock, ManagedPolicies awsManaged) {
    this.db = db;
    this.ids = ids;
    this.clock = clock;
    this.awsManaged = awsManaged;
  }

  /** The store clock's time, at the millisecond precision the columns keep. */
  Instant now() {
    return Instant.ofEpochMilli(clock.millis());
  }
}
