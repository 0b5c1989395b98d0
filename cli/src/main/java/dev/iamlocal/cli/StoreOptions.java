package dev.iamlocal.cli;

import dev.iamlocal.store.IamStore;
import dev.iamlocal.store.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Option;

/**
 * The store options ({@code --data-dir}, {@code --db}, {@code --db-user}, {@code --db-password}),
 * one picocli mixin for {@code serve} and the verbs that work on a server's store beside it (the
 * offline identity providers): the same names, defaults and help, so that one data directory means
 * one store.
 */
final class StoreOptions {

  @Option(names = "--data-dir", defaultValue = ".iamlocal",
      description = "Directory of the server's database and credentials file (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--db", description = "JDBC URL of the store, e.g. jdbc:postgresql://localhost/iamlocal"
      + " (default: env IAMLOCAL_DB_URL, else SQLite file <data-dir>/iamlocal.db).")
  String db;

  @Option(names = "--db-user", description = "Database user (default: env IAMLOCAL_DB_USER).")
  String dbUser;

  @Option(names = "--db-password", description = "Database password (default: env IAMLOCAL_DB_PASSWORD, which keeps it"
      + " out of process listings).")
  String dbPassword;

  /** The store these options name, the environment filling what they leave out. */
  StoreConfig config() {
    return StoreConfig.resolve(db, dbUser, dbPassword, dataDir, System.getenv());
  }

  /** Opens the store (a running server's SQLite file too: reads, and the issuer keys it may add). */
  IamStore open() throws java.io.IOException {
    StoreConfig config = config();
    if (config.sqlite()) {
      Files.createDirectories(dataDir);
    }
    return IamStore.open(config, Clock.systemUTC());
  }
}
