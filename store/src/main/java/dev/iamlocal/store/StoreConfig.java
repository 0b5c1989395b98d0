package dev.iamlocal.store;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the store lives: a JDBC URL with optional credentials.
 *
 * <p>Resolved from command-line options first, then the environment ({@code IAMLOCAL_DB_URL},
 * {@code IAMLOCAL_DB_USER}, {@code IAMLOCAL_DB_PASSWORD}), then the embedded default, a SQLite
 * file in the data directory. Options win so that one command line is enough to know what a node
 * uses; the environment exists so that passwords need not appear in process listings.
 *
 * @param url {@code jdbc:sqlite:FILE} or {@code jdbc:postgresql://HOST[:PORT]/DB}
 * @param user database user, or null
 * @param password database password, or null; never shown by {@link #toString()}
 */
public record StoreConfig(String url, String user, String password) {

  /** Environment variable naming the JDBC URL. */
  public static final String ENV_URL = "IAMLOCAL_DB_URL";
  /** Environment variable naming the database user. */
  public static final String ENV_USER = "IAMLOCAL_DB_USER";
  /** Environment variable naming the database password. */
  public static final String ENV_PASSWORD = "IAMLOCAL_DB_PASSWORD";
  /** File name of the embedded database inside the data directory. */
  public static final String SQLITE_FILE = "iamlocal.db";

  /** Validates the URL's scheme, so that a typo fails at start rather than at the first request. */
  public StoreConfig {
    if (url == null || !(isSqlite(url) || isPostgres(url))) {
      throw new IllegalArgumentException("unsupported database URL " + url
          + ": expected jdbc:sqlite:FILE or jdbc:postgresql://HOST[:PORT]/DATABASE");
    }
  }

  /**
   * The configuration a node runs with.
   *
   * @param urlOption {@code --db}, or null
   * @param userOption {@code --db-user}, or null
   * @param passwordOption {@code --db-password}, or null
   * @param dataDir the data directory (holds the SQLite file when no URL is given)
   * @param env the process environment
   */
  public static StoreConfig resolve(String urlOption, String userOption, String passwordOption, Path dataDir,
      Map<String, String> env) {
    String url = firstNonBlank(urlOption, env.get(ENV_URL));
    if (url == null) {
      url = "jdbc:sqlite:" + dataDir.resolve(SQLITE_FILE).toAbsolutePath();
    }
    return new StoreConfig(url, firstNonBlank(userOption, env.get(ENV_USER)),
        firstNonBlank(passwordOption, env.get(ENV_PASSWORD)));
  }

  /** True for the embedded SQLite store. */
  public boolean sqlite() {
    return isSqlite(url);
  }

  /** True for a PostgreSQL store. */
  public boolean postgres() {
    return isPostgres(url);
  }

  /** The URL without credentials that a JDBC URL may carry in its query, for messages and logs. */
  public String describe() {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q);
  }

  @Override
  public String toString() {
    return "StoreConfig[url=" + describe() + ", user=" + user + ", password=" + (password == null ? "none" : "***") + "]";
  }

  static boolean isSqlite(String url) {
    return url.startsWith("jdbc:sqlite:");
  }

  static boolean isPostgres(String url) {
    return url.startsWith("jdbc:postgresql:");
  }

  private static String firstNonBlank(String a, String b) {
    if (a != null && !a.isBlank()) {
      return a;
    }
    return b != null && !b.isBlank() ? b : null;
  }
}
