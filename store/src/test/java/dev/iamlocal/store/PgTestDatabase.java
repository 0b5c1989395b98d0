package dev.iamlocal.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A fresh, empty PostgreSQL schema per test (shared with the server's tests through the store's
 * test jar) in the database named by {@code IAMLOCAL_TEST_PG_URL}
 * (user and password from {@code IAMLOCAL_TEST_PG_USER} / {@code IAMLOCAL_TEST_PG_PASSWORD});
 * {@code .ci/run} sets them. Tests using it are skipped, not failed, when the variable is unset or
 * the server does not answer, so a machine without PostgreSQL still runs the SQLite half.
 */
public final class PgTestDatabase implements AutoCloseable {

  public static final String ENV_URL = "IAMLOCAL_TEST_PG_URL";

  private final String baseUrl;
  private final String user;
  private final String password;
  private final String schema;

  private PgTestDatabase(String baseUrl, String user, String password, String schema) {
    this.baseUrl = baseUrl;
    this.user = user;
    this.password = password;
    this.schema = schema;
  }

  /** Creates a uniquely named schema, or aborts the calling test (assumption) when PostgreSQL is unavailable. */
  public static PgTestDatabase createOrSkip() {
    String url = System.getenv(ENV_URL);
    assumeTrue(url != null && !url.isBlank(), ENV_URL + " is not set: PostgreSQL tests skipped");
    String user = System.getenv("IAMLOCAL_TEST_PG_USER");
    String password = System.getenv("IAMLOCAL_TEST_PG_PASSWORD");
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
    DriverManager.setLoginTimeout(5);
    try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      assumeTrue(false, "PostgreSQL at " + url + " is unreachable (" + e.getMessage() + "): tests skipped");
    }
    return new PgTestDatabase(url, user, password, schema);
  }

  /** The store configuration that puts everything in this test's schema. */
  public StoreConfig config() {
    return new StoreConfig(baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema, user, password);
  }

  /** Drops the schema and everything in it. */
  @Override
  public void close() {
    try (Connection c = DriverManager.getConnection(baseUrl, user, password); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop test schema " + schema, e);
    }
  }
}
