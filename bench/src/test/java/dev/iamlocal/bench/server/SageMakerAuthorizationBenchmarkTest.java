package dev.iamlocal.bench.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.evaluation.Outcome;
import org.junit.jupiter.api.Test;

/** Runs the benchmark's call once per caller kind (no measurement): it must be the allowed call it claims. */
class SageMakerAuthorizationBenchmarkTest {

  @Test
  void theMeasuredCallIsAnAllowedAuthorization() throws Exception {
    for (String caller : new String[] {"user", "root"}) {
      SageMakerAuthorizationBenchmark b = new SageMakerAuthorizationBenchmark();
      b.caller = caller;
      b.setup();
      try {
        assertThat(b.describe().outcome()).isEqualTo(Outcome.ALLOWED);
        if (caller.equals("user")) {
          assertThat(b.describe().matchedStatements()).extracting(m -> m.policyId()).isNotEmpty();
        }
      } finally {
        b.tearDown();
      }
    }
  }
}
