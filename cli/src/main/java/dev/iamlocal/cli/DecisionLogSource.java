package dev.iamlocal.cli;

import dev.iamlocal.store.IamStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Option;

/**
 * Where a command reads the decision log from: the database in a server's data directory, a JDBC
 * URL, or a running server's {@code GET /v1/decisions}. Shared by {@code log} and
 * {@code generate-policy} as a picocli mixin.
 */
final class DecisionLogSource {

  @Option(names = "--data-dir", defaultValue = ".iamlocal", description = "Data directory of the server (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--db", description = "JDBC URL of the store instead of <data-dir>/iamlocal.db"
      + " (user and password from IAMLOCAL_DB_USER / IAMLOCAL_DB_PASSWORD).")
  String db;

  @Option(names = "--endpoint", description = "Read from a running server instead, e.g. http://127.0.0.1:4566.")
  String endpoint;

  @Option(names = "--profile", description = "With --endpoint: the profile whose keys sign the requests (default: env"
      + " AWS_PROFILE, else iamlocal) in AWS_SHARED_CREDENTIALS_FILE, else <data-dir>/credentials, else"
      + " ~/.aws/credentials; AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY win when set. The caller needs"
      + " iam:SimulatePrincipalPolicy on * and sees its own account's decisions.")
  String profile;

  /**
   * The signing client for {@code --endpoint}, or null after printing why there is none (no
   * credentials in the environment or the profile).
   */
  SignedGet client(String command) throws java.io.IOException {
    try {
      return SignedGet.resolve(profile, dataDir, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("iamlocal " + command + ": " + e.getMessage());
      return null;
    }
  }

  /** True when the log is read over HTTP ({@code --endpoint}). */
  boolean remote() {
    return endpoint != null;
  }

  /**
   * Opens the store, or prints why it cannot and returns null: a data directory without a
   * database is almost always a command run in the wrong folder, which deserves a hint.
   */
  IamStore open(String command) {
    Path file = dataDir.resolve("iamlocal.db");
    if (db == null && !Files.exists(file)) {
      System.err.println("iamlocal " + command + ": no database at " + file
          + " (start 'iamlocal serve --data-dir " + dataDir + "' first, or give --db or --endpoint)");
      return null;
    }
    return db == null ? IamStore.openSqlite(file)
        : IamStore.open(db, System.getenv("IAMLOCAL_DB_USER"), System.getenv("IAMLOCAL_DB_PASSWORD"), Clock.systemUTC());
  }
}
