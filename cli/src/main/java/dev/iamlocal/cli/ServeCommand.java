package dev.iamlocal.cli;

import dev.iamlocal.server.Bootstrap;
import dev.iamlocal.server.IamServer;
import dev.iamlocal.store.IamStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code iamlocal serve}: the IAM and STS endpoint over a store in a data directory (SQLite by
 * default, PostgreSQL with {@code --db}). Runs until interrupted.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve IAM and STS (AWS Query protocol, SigV4) on one local endpoint.")
final class ServeCommand implements Callable<Integer> {

  @Option(names = "--data-dir", defaultValue = ".iamlocal",
      description = "Directory for the database and the credentials file (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--port", defaultValue = "4566", description = "TCP port (default: ${DEFAULT-VALUE}; 0 = any free port).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--db", description = "JDBC URL of the store, e.g. jdbc:postgresql://localhost/iamlocal"
      + " (default: SQLite file <data-dir>/iamlocal.db). User and password from IAMLOCAL_DB_USER / IAMLOCAL_DB_PASSWORD.")
  String db;

  @Override
  public Integer call() throws Exception {
    Bootstrap.prepareDirectory(dataDir);
    IamStore store = db == null
        ? IamStore.openSqlite(dataDir.resolve("iamlocal.db"))
        : IamStore.open(db, System.getenv("IAMLOCAL_DB_USER"), System.getenv("IAMLOCAL_DB_PASSWORD"), Clock.systemUTC());
    Bootstrap boot = Bootstrap.ensure(store, dataDir);
    IamServer server = IamServer.start(store, host, port, Clock.systemUTC());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      store.close();
      stopped.countDown();
    }, "iamlocal-shutdown"));
    Path creds = boot.credentialsFile().toAbsolutePath();
    System.out.println("iamlocal serving IAM and STS at " + server.endpoint());
    System.out.println("account " + boot.account().accountId() + ", root access key " + boot.rootKey().accessKeyId()
        + " (secret in " + creds + ", profile " + Bootstrap.PROFILE + ")");
    System.out.println("web console: " + server.endpoint() + "/console/ (sign in with that access key and its secret)");
    System.out.println("try:");
    System.out.println("  AWS_SHARED_CREDENTIALS_FILE=" + creds + " aws --profile " + Bootstrap.PROFILE
        + " --endpoint-url " + server.endpoint() + " iam list-users");
    System.out.flush();
    stopped.await();
    return Main.OK;
  }
}
