package dev.iamlocal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iamlocal.server.DecisionLog;
import java.nio.file.Path;
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
}
