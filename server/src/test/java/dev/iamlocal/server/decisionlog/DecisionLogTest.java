package dev.iamlocal.server.decisionlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.evaluation.Decision;
import dev.iamlocal.evaluation.Outcome;
import dev.iamlocal.request.RequestContext;
import dev.iamlocal.store.DecisionRecord;
import dev.iamlocal.store.DecisionStore;
import dev.iamlocal.store.IamStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionLogTest {

  @TempDir
  Path dir;

  @Test
  void theLogKeepsAWindowOfTheNewestRecords() {
    try (IamStore store = IamStore.openSqlite(dir.resolve("iam.db"))) {
      DecisionStore table = new DecisionStore(store);
      try (DecisionLog log = new DecisionLog(table, Clock.systemUTC(), 50)) {
        Decision allowed = new Decision(Outcome.ALLOWED, List.of(), null, "", null, null);
        for (int i = 0; i < 500; i++) {
          log.record("arn:aws:iam::123456789012:user/u", "s3:GetObject", "arn:aws:s3:::b/" + i, allowed,
              RequestContext.builder().put("aws:SourceIp", "10.0.0.1").build());
          if (i % 50 == 0) {
            log.flush(); // several batches, as under a steady load
          }
        }
        log.flush();
      }
      List<DecisionRecord> kept = table.query(DecisionStore.Query.everyAccount(null, null, null, null, null, 10_000));
      // pruned every 5 records written: at most the window plus what arrived since the last pruning
      assertThat(kept.size()).isBetween(50, 54);
      assertThat(kept.get(kept.size() - 1).resource()).isEqualTo("arn:aws:s3:::b/499");
      assertThat(kept.get(0).sourceIp()).isEqualTo("10.0.0.1");
    }
  }

  @Test
  void eachModeRecordsTheDecisionsItNames() {
    Decision allowed = new Decision(Outcome.ALLOWED, List.of(), null, "", null, null);
    Decision explicit = new Decision(Outcome.EXPLICIT_DENY, List.of(), null, "denied by Sid Deny", null, null);
    Decision implicit = new Decision(Outcome.IMPLICIT_DENY, List.of(), null, "no identity-based policy allows", null,
        null);
    for (DecisionLog.Mode mode : DecisionLog.Mode.values()) {
      try (IamStore store = IamStore.openSqlite(dir.resolve(mode.label() + ".db"))) {
        DecisionStore table = new DecisionStore(store);
        try (DecisionLog log = new DecisionLog(table, Clock.systemUTC(), 1_000, mode)) {
          assertThat(log.mode()).isEqualTo(mode);
          for (Decision d : List.of(allowed, explicit, implicit)) {
            log.record("arn:aws:iam::123456789012:user/u", "s3:GetObject", "arn:aws:s3:::b/k", d,
                RequestContext.builder().build());
          }
          log.flush();
        }
        List<String> kept = table.query(DecisionStore.Query.everyAccount(null, null, null, null, null, 100)).stream()
            .map(DecisionRecord::decision).sorted().toList();
        switch (mode) {
          case ALL -> assertThat(kept).as(mode.label()).containsExactly("allowed", "explicitDeny", "implicitDeny");
          case DENIED -> assertThat(kept).as(mode.label()).containsExactly("explicitDeny", "implicitDeny");
          case OFF -> assertThat(kept).as(mode.label()).isEmpty();
        }
      }
    }
  }
}
