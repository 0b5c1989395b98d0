package dev.iamlocal.cli;

import dev.iamlocal.store.IamStore;
import dev.iamlocal.store.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Option;

/**
 * The store options of {@code serve} ({@code --data-dir}, {@code --db}, {@code --db-user},
 * {@code --db-password}) for the verbs that work on a server's store beside it (the offline
 * identity providers): the same defaults, so that one data directory means one store.
 */
final class StoreOptions {

  @Option(names = "--data-dir", defaultValue = ".iamlocal",
      description = "Directory of the server's database (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--db", description = "JDBC URL of the store, e.g. jdbc:postgresql://localhost/iamlocal"
      + " (default: env IAMLOCAL_DB_URL, else SQLite file <data-dir>/iamlocal.db).")
  String db;

  @Option(names = "--db-user", description = "Database user (default: env IAMLOCAL_DB_USER).")
  String dbUser;

  @Option(names = "--db-password", description = "Database password (default: env IAMLOCAL_DB_PASSWORD).")
  String dbPassword;

  /** Opens the store (a running server's SQLite file too: reads, and the issuer keys it may add). */
  IamStore open() throws java.io.IOException {
    StoreConfig config = StoreConfig.resolve(db, dbUser, dbPassword, dataDir, System.getenv());
    if (config.sqlite()) {
      Files.createDirectories(dataDir);
    }
    return IamStore.open(config, Clock.systemUTC());
  }
}
