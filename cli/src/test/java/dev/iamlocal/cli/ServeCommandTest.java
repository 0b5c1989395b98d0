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
    try (ServeProcess serve = ServeProcess.start(tmp.resolve("data"), Map.of(), "--decision-log", "denied")) {
      // printed after the endpoint line, which is what start() waits for
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!serve.output().contains("decision log: denied decisions only") && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(serve.output()).contains("decision log: denied decisions only");
    }
  }
}
