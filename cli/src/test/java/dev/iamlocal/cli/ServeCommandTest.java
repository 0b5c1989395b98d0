package dev.iamlocal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iamlocal.server.decisionlog.DecisionLog;
import dev.iamlocal.server.ServerOptions;
import dev.iamlocal.server.authz.Listener;
import dev.iamlocal.store.IamStore;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The options of {@code iamlocal serve} that the server tests do not reach through the command line. */
class ServeCommandTest {

  @TempDir
  Path tmp;

  @Test
  void decisionLogTakesAllDeniedOrOffAndDefaultsToAll() {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs();
    assertThat(serve.decisionLog).isEqualTo(DecisionLog.Mode.ALL);
    for (DecisionLog.Mode m : DecisionLog.Mode.values()) {
      ServeCommand s = new ServeCommand();
      new CommandLine(s).parseArgs("--decision-log", m.label());
      assertThat(s.decisionLog).isEqualTo(m);
    }
  }

  @Test
  void anUnknownDecisionLogModeIsRefusedWithTheChoices() {
    // parsed only: were the value accepted, running the command would start a server
    assertThatThrownBy(() -> new CommandLine(new ServeCommand()).parseArgs("--decision-log", "DENIED"))
        .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--decision-log")
        .hasMessageContaining("expected all, denied or off, not 'DENIED'");
  }

  @Test
  void theServerSaysWhenItsLogKeepsLessThanEveryDecision() throws Exception {
    // from the environment (as a container would set it) ...
    try (ServeProcess serve = ServeProcess.start(tmp.resolve("a"), Map.of("IAMLOCAL_DECISION_LOG", "denied"))) {
      assertThat(printed(serve, "decision log: denied decisions only")).isTrue();
    }
    // ... and the option wins over it
    try (ServeProcess serve = ServeProcess.start(tmp.resolve("b"), Map.of("IAMLOCAL_DECISION_LOG", "denied"),
        "--decision-log", "off")) {
      assertThat(printed(serve, "decision log: off (no decisions recorded)")).isTrue();
    }
  }

  /** Whether {@code line} appears: it is printed after the endpoint line, which is what start() waits for. */
  private static boolean printed(ServeProcess serve, String line) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!serve.output().contains(line) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return serve.output().contains(line);
  }

  @Test
  void aBusyPortIsOneLineAndExitTwoAndNothingIsWritten() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Path data = tmp.resolve("never-created");
      Cli.Result r = Cli.run("serve", "--data-dir", data.toString(), "--port", Integer.toString(taken.getLocalPort()));
      assertThat(r.code()).isEqualTo(Main.INVALID_INPUT);
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).isEqualTo("iamlocal serve: port " + taken.getLocalPort()
          + " is already in use; choose another with --port" + System.lineSeparator());
      // no data directory, so no database and no root key
      assertThat(data).doesNotExist();
    }
  }

  @Test
  void aBusyListenerPortIsNamedWithItsListener() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Path data = tmp.resolve("never-created");
      String listener = "127.0.0.1:" + taken.getLocalPort() + ",source-ip=192.0.2.10";
      Cli.Result r = Cli.run("serve", "--data-dir", data.toString(), "--port", "0", "--listener", listener);
      assertThat(r.code()).isEqualTo(Main.INVALID_INPUT);
      assertThat(r.err()).isEqualTo("iamlocal serve: port " + taken.getLocalPort() + " is already in use; choose another"
          + " for the --listener 127.0.0.1:" + taken.getLocalPort() + System.lineSeparator());
      assertThat(data).doesNotExist();
    }
  }

  @Test
  void anAddressOfAnotherMachineIsRefusedBeforeAnythingIsWritten() {
    Path data = tmp.resolve("never-created");
    // TEST-NET-1 (RFC 5737): never an address of this machine
    Cli.Result r = Cli.run("serve", "--data-dir", data.toString(), "--host", "192.0.2.1", "--port", "4599");
    assertThat(r.code()).isEqualTo(Main.INVALID_INPUT);
    assertThat(r.err()).startsWith("iamlocal serve: cannot listen on 192.0.2.1: it is not an address of this machine;"
        + " choose another --host").doesNotContain("\n\tat ");
    assertThat(data).doesNotExist();
  }

  @Test
  void aPortTakenAfterTheReservationIsReportedInTheSameOneLine() throws Exception {
    // The race: the port is free when checked and taken before the server binds it. What the
    // server throws then is mapped to the same line as the up-front check prints.
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        IamStore store = IamStore.openSqlite(tmp.resolve("race.db"))) {
      int port = taken.getLocalPort();
      RuntimeException thrown = null;
      java.io.PrintStream err = System.err;
      java.io.ByteArrayOutputStream logged = new java.io.ByteArrayOutputStream();
      System.setErr(new java.io.PrintStream(logged, true, java.nio.charset.StandardCharsets.UTF_8));
      try {
        ServeCommand.start(store, "127.0.0.1", port, ServerOptions.DEFAULT).close();
      } catch (RuntimeException e) {
        thrown = e;
      } finally {
        System.setErr(err);
      }
      assertThat(thrown).as("the server binds a taken port").isNotNull();
      // nothing but the command's own line: Javalin's "Failed to start Javalin" is not logged
      assertThat(logged.toString(java.nio.charset.StandardCharsets.UTF_8)).isEmpty();
      assertThat(PortReservation.bindProblem(thrown, "127.0.0.1", port, List.of()))
          .isEqualTo("port " + port + " is already in use; choose another with --port");
      // and a listener's port is named as the listener's
      Listener l = Listener.parse("127.0.0.1:" + port + ",vpc=vpc-1,vpce=vpce-1");
      assertThat(PortReservation.bindProblem(thrown, "127.0.0.1", 4566, List.of(l)))
          .isEqualTo("port " + port + " is already in use; choose another for the --listener 127.0.0.1:" + port);
    }
    // anything else is not a bind failure and is not disguised as one
    assertThat(PortReservation.bindProblem(new IllegalStateException("disk full"), "127.0.0.1", 4566, List.of())).isNull();
  }

  @Test
  void theBannerNamesEveryServiceServed() throws Exception {
    try (ServeProcess serve = ServeProcess.start(tmp.resolve("banner"), Map.of())) {
      assertThat(serve.output()).contains("iamlocal serving IAM, STS and SageMaker at " + serve.endpoint());
    }
  }
}
