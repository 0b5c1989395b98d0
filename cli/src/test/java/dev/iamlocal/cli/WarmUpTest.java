package dev.iamlocal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WarmUpTest {

  @Test
  void theSimulateWarmUpDecidesItsScenariosAndWritesNothing() {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
    try {
      // both sinks; warmUp throws when its scenarios do not decide (a broken sample would warm nothing)
      SimulateCommand.warmUp(new String[] {"simulate", "--input", "f.json", "--output", "json"});
      SimulateCommand.warmUp(new String[] {"simulate", "--input", "f.json", "--explain"});
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void onlyAVerbWithAWarmUpStartsOne() throws InterruptedException {
    assertThat(WarmUp.start(new String[0])).isNull();
    assertThat(WarmUp.start(new String[] {"validate", "p.json"})).isNull();
    assertThat(WarmUp.start(new String[] {"--input", "simulate"})).isNull();
    assumeThat(Runtime.getRuntime().availableProcessors()).as("a second processor").isGreaterThan(1);
    Thread t = WarmUp.start(new String[] {"simulate", "--input", "f.json"});
    assertThat(t).isNotNull();
    assertThat(t.isDaemon()).as("never keeps the process alive").isTrue();
    t.join(60_000);
    assertThat(t.isAlive()).isFalse();
  }
}
