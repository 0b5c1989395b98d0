package dev.iamlocal.cli;

import dev.iamlocal.server.Bootstrap;
import dev.iamlocal.server.decisionlog.DecisionLog;
import dev.iamlocal.server.IamServer;
import dev.iamlocal.server.ServerOptions;
import dev.iamlocal.store.IamStore;
import dev.iamlocal.store.StoreConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code iamlocal serve}: the IAM, STS and SageMaker endpoint over a store in a data directory
 * (SQLite by default, PostgreSQL with {@code --db}). Runs until interrupted.
 *
 * <p>Its ports are bound before anything is written: a server that cannot listen must not leave a
 * new data directory and root key behind (see {@link PortReservation}).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Serve IAM, STS (AWS Query protocol) and SageMaker (AWS JSON 1.1), SigV4-signed, and the web console"
        + " on one local endpoint.",
        "The default port, 4566, is also LocalStack's: to run both, give one of them another --port."})
final class ServeCommand implements Callable<Integer> {

  @Mixin
  StoreOptions storeOptions;

  @Option(names = "--port", defaultValue = "4566", description = "TCP port (default: ${DEFAULT-VALUE}; 0 = any free port).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--listener", paramLabel = "HOST:PORT[,vpc=ID[,vpce=ID]|,source-ip=IP][,secure-transport=false]",
      description = "An extra address whose requests arrive as if through a VPC endpoint (aws:SourceVpc, aws:SourceVpce;"
      + " no aws:SourceIp) or from a source IP (aws:SourceIp), and with secure-transport=false as if over plain HTTP"
      + " (aws:SecureTransport false; the main address reports true, as every real endpoint is HTTPS-only). Repeatable.")
  java.util.List<String> listeners = new java.util.ArrayList<>();

  @Option(names = "--decision-log-max", defaultValue = "" + ServerOptions.DEFAULT_DECISION_LOG_MAX, paramLabel = "N",
      description = "Keep the newest N records of the decision log; older ones are deleted (default: ${DEFAULT-VALUE}).")
  long decisionLogMax;

  @Option(names = "--decision-log", defaultValue = "${env:IAMLOCAL_DECISION_LOG:-all}", paramLabel = "all|denied|off",
      converter = DecisionLogModeConverter.class,
      description = "Which authorization decisions the decision log records: all (default; env IAMLOCAL_DECISION_LOG),"
      + " denied (explicit and"
      + " implicit denies only) or off. For a policy decision point answering thousands of calls a second:"
      + " writing every decision took a third of a 2-core server's CPU; denied keeps what an operator looks for.")
  DecisionLog.Mode decisionLog;

  @Option(names = "--hostname", paramLabel = "NAME",
      description = "A DNS name under which browsers reach this server's web console (besides IP addresses and"
      + " localhost, which always work). Requests to the console naming any other Host are refused, so that a web"
      + " page cannot reach it through DNS rebinding. Repeatable.")
  java.util.List<String> hostnames = new java.util.ArrayList<>();

  @Option(names = "--show-credentials",
      description = "Print the root user's secret access key at start. By default it is printed only by the start"
      + " that creates it (it would otherwise land in every CI and container log); it stays in the credentials file.")
  boolean showCredentials;


  @Override
  public Integer call() throws Exception {
    if (decisionLogMax < 1) {
      System.err.println("iamlocal serve: --decision-log-max must be at least 1");
      return Main.INVALID_INPUT;
    }
    java.util.List<dev.iamlocal.server.authz.Listener> extra = new java.util.ArrayList<>();
    for (String l : listeners) {
      try {
        extra.add(dev.iamlocal.server.authz.Listener.parse(l));
      } catch (IllegalArgumentException e) {
        System.err.println("iamlocal serve: " + e.getMessage());
        return Main.INVALID_INPUT;
      }
    }
    ServerOptions options;
    try {
      options = new ServerOptions(extra, ServerOptions.DEFAULT.sageMakerSettle(), decisionLogMax, decisionLog)
          .withHostnames(hostnames);
    } catch (IllegalArgumentException e) {
      System.err.println("iamlocal serve: --hostname: " + e.getMessage());
      return Main.INVALID_INPUT;
    }
    IamStore store;
    Bootstrap boot;
    // Held while the data directory and the store are prepared, released just before the server
    // binds the same addresses: the window in which another process could take a port is the
    // moment between the two (handled below all the same).
    Path dataDir = storeOptions.dataDir;
    try (PortReservation ports = PortReservation.reserve(host, port, extra)) {
      if (ports.problem() != null) {
        System.err.println("iamlocal serve: " + ports.problem());
        return Main.INVALID_INPUT;
      }
      Bootstrap.prepareDirectory(dataDir).ifPresent(w -> System.err.println("iamlocal serve: warning: " + w));
      StoreConfig config = storeOptions.config();
      if (config.sqlite()) {
        Bootstrap.prepareDatabaseFile(dataDir.resolve(StoreConfig.SQLITE_FILE));
      }
      store = IamStore.open(config, Clock.systemUTC());
      if (!store.writable()) {
        store.close();
        System.err.println("iamlocal serve: the database in " + dataDir + " is in use by another iamlocal process;"
            + " stop it, use another --data-dir, or share one PostgreSQL database between servers (--db)");
        return Main.INVALID_INPUT;
      }
      boot = Bootstrap.ensure(store, dataDir);
      Bootstrap.credentialsWarning(boot.credentialsFile()).ifPresent(w -> System.err.println(
          "iamlocal serve: warning: " + w));
    }
    IamServer server;
    try {
      server = start(store, host, port, options);
    } catch (RuntimeException e) {
      String problem = PortReservation.bindProblem(e, host, port, extra);
      if (problem == null) {
        store.close();
        throw e;
      }
      store.close();
      System.err.println("iamlocal serve: " + problem);
      return Main.INVALID_INPUT;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      store.close();
      stopped.countDown();
    }, "iamlocal-shutdown"));
    Path creds = boot.credentialsFile().toAbsolutePath();
    System.out.println("iamlocal serving IAM, STS and SageMaker at " + server.endpoint());
    // The root secret is printed by the start that creates it, so a person can sign in to the
    // console or configure a tool; later starts point to the credentials file instead: a secret
    // printed at every start ends up in every CI and container log.
    System.out.println("account " + boot.account().accountId());
    System.out.println("root access key id      " + boot.rootKey().accessKeyId());
    boolean printSecret = boot.rootKeyCreated() || showCredentials;
    if (printSecret) {
      System.out.println("root secret access key  " + boot.rootKey().secret());
    }
    System.out.println("credentials file        " + creds + " (profile " + Bootstrap.PROFILE + ")");
    if (decisionLog != DecisionLog.Mode.ALL) {
      System.out.println("decision log: " + (decisionLog == DecisionLog.Mode.OFF ? "off (no decisions recorded)"
          : "denied decisions only"));
    }
    System.out.println("web console: " + server.endpoint() + "/console/ (sign in with the root access key id and "
        + (printSecret ? "secret above)" : "the secret in the credentials file; --show-credentials prints it)"));
    System.out.println("try:");
    System.out.println("  AWS_SHARED_CREDENTIALS_FILE=" + creds + " aws --profile " + Bootstrap.PROFILE
        + " --endpoint-url " + server.endpoint() + " iam list-users");
    System.out.flush();
    stopped.await();
    return Main.OK;
  }

  /**
   * Starts the server with Javalin's own logging off while it binds: a failure to bind is reported
   * by this command in one line, and Javalin would first log "Failed to start Javalin" (the flag is
   * global; one server runs in this process).
   */
  static IamServer start(IamStore store, String host, int port, ServerOptions options) {
    boolean logging = io.javalin.util.JavalinLogger.enabled;
    io.javalin.util.JavalinLogger.enabled = false;
    try {
      return IamServer.start(store, host, port, Clock.systemUTC(), options);
    } finally {
      io.javalin.util.JavalinLogger.enabled = logging;
    }
  }

  /** {@code all}, {@code denied}, {@code off}, as {@link DecisionLog.Mode#label()} spells them. */
  static final class DecisionLogModeConverter implements picocli.CommandLine.ITypeConverter<DecisionLog.Mode> {
    @Override
    public DecisionLog.Mode convert(String value) {
      for (DecisionLog.Mode m : DecisionLog.Mode.values()) {
        if (m.label().equals(value)) {
          return m;
        }
      }
      throw new picocli.CommandLine.TypeConversionException("expected all, denied or off, not '" + value + "'");
    }
  }
}
