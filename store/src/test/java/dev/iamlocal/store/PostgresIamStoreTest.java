package dev.iamlocal.store;

import java.time.Clock;
import org.junit.jupiter.api.AfterEach;

/**
 * The whole {@link IamStoreTest} suite again, on a real PostgreSQL (a fresh schema per test).
 * Skipped when {@code IAMLOCAL_TEST_PG_URL} is unset or the server is unreachable.
 */
class PostgresIamStoreTest extends IamStoreTest {

  private PgTestDatabase db;

  @Override
  IamStore openStore() {
    if (db == null) {
      db = PgTestDatabase.createOrSkip();
    }
    return IamStore.open(db.config(), Clock.systemUTC());
  }

  @AfterEach
  @Override
  void close() {
    try {
      if (store != null) {
        super.close();
      }
    } finally {
      if (db != null) {
        db.close();
      }
    }
  }
}
