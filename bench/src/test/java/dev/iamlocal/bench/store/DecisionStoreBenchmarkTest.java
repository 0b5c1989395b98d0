package dev.iamlocal.bench.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The benchmark measures what it says: a full window, each batch appended and as many of the oldest deleted. */
class DecisionStoreBenchmarkTest {

  @Test
  void eachInvocationAppendsABatchAndDeletesAsManyOfTheOldest() throws IOException {
    for (String caller : new String[] {"root", "user"}) {
      DecisionStoreBenchmark b = new DecisionStoreBenchmark();
      b.caller = caller;
      b.setup();
      try {
        for (int i = 0; i < 3; i++) {
          assertThat(b.appendAndPrune()).as(caller).isEqualTo(100);
        }
      } finally {
        b.tearDown();
      }
    }
  }
}
