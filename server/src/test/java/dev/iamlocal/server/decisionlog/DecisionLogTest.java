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

  /**
   * After a small batch the writer waits to gather the next, so that calls arriving one by one share a commit
   * (each SQLite commit writes whole pages: one commit per call was most of the log's cost). Ten calls 2 ms apart
   * during one wait are one batch; without the wait each is a batch of its own.
   */
  @Test
  void callsArrivingOneByOneShareACommitAfterTheWritersWait() throws Exception {
    Decision allowed = new Decision(Outcome.ALLOWED, List.of(), null, "", null, null);
    long[] batches = new long[2];
    long[] waits = {java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(400), 0};
    for (int k = 0; k < 2; k++) {
      try (IamStore store = IamStore.openSqlite(dir.resolve("gather" + k + ".db"))) {
        DecisionStore table = new DecisionStore(store);
        try (DecisionLog log = new DecisionLog(table, Clock.systemUTC(), 1_000, DecisionLog.Mode.ALL, waits[k])) {
          log.record("arn:aws:iam::123456789012:user/u", "s3:GetObject", "arn:aws:s3:::b/first", allowed,
              RequestContext.empty());
          log.flush(); // written at once: the first call does not wait
          long before = log.batches();
          for (int i = 0; i < 10; i++) {
            Thread.sleep(2);
            log.record("arn:aws:iam::123456789012:user/u", "s3:GetObject", "arn:aws:s3:::b/" + i, allowed,
                RequestContext.empty());
          }
          log.flush();
          batches[k] = log.batches() - before;
        }
        assertThat(table.query(DecisionStore.Query.everyAccount(null, null, null, null, null, 100))).hasSize(11);
      }
    }
    assertThat(batches[0]).as("with the wait").isEqualTo(1);
    assertThat(batches[1]).as("without it").isGreaterThan(3);
  }

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
  /** The JSON columns as a fresh generator per record wrote them (before one generator served every record). */
  private static String[] columns(Decision d, RequestContext ctx) throws Exception {
    com.fasterxml.jackson.core.JsonFactory f = new com.fasterxml.jackson.databind.ObjectMapper().getFactory();
    java.io.StringWriter statements = new java.io.StringWriter();
    try (com.fasterxml.jackson.core.JsonGenerator g = f.createGenerator(statements)) {
      g.writeStartArray();
      for (dev.iamlocal.evaluation.MatchedStatement m : d.matchedStatements()) {
        g.writeStartObject();
        g.writeStringField("policyId", m.policyId());
        g.writeStringField("policyType", m.sourcePolicyType());
        g.writeStringField("sid", m.sid());
        g.writeNumberField("index", m.index());
        g.writeStringField("effect", m.effect().toString());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    java.io.StringWriter context = new java.io.StringWriter();
    try (com.fasterxml.jackson.core.JsonGenerator g = f.createGenerator(context)) {
      g.writeStartObject();
      for (dev.iamlocal.request.ContextValue v : ctx.entries()) {
        g.writeArrayFieldStart(v.key());
        for (String value : v.values()) {
          g.writeString(value);
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    }
    return new String[] {statements.toString(), context.toString()};
  }

  @Test
  void eachRecordsJsonColumnsAreWhatAGeneratorOfItsOwnWrites() throws Exception {
    dev.iamlocal.policy.Span none = null;
    List<Decision> decisions = List.of(new Decision(Outcome.ALLOWED, List.of(), null, "", null, null),
        new Decision(Outcome.ALLOWED, List.of(new dev.iamlocal.evaluation.MatchedStatement("p\"1", null, "user", null, 0,
            dev.iamlocal.policy.Effect.ALLOW, none), new dev.iamlocal.evaluation.MatchedStatement("p2", null,
            "role", "S\u00e9\u2028id", 7, dev.iamlocal.policy.Effect.DENY, none)), null, "", null, null));
    List<RequestContext> contexts = List.of(RequestContext.empty(),
        RequestContext.builder().put("aws:SourceIp", "10.0.0.1").putList("aws:TagKeys", List.of("a", "b\n\"c"))
            .put("aws:PrincipalTag/\u00e9", "\ud83d\ude00<>&'").putList("x:empty", List.of()).build(),
        RequestContext.builder().put("k", "x".repeat(100_000)).build(), // past the kept buffer
        RequestContext.builder().put("aws:sourceip", "10.0.0.2").build());
    try (IamStore store = IamStore.openSqlite(dir.resolve("json.db"))) {
      DecisionStore table = new DecisionStore(store);
      List<String[]> expected = new java.util.ArrayList<>();
      try (DecisionLog log = new DecisionLog(table, Clock.systemUTC(), 1_000)) {
        for (int round = 0; round < 3; round++) {
          for (Decision d : decisions) {
            for (RequestContext c : contexts) {
              log.record("arn:aws:iam::123456789012:user/u", "s3:GetObject", "arn:aws:s3:::b/" + expected.size(), d, c);
              expected.add(columns(d, c));
            }
          }
        }
        log.flush();
      }
      List<DecisionRecord> rows = table.query(DecisionStore.Query.everyAccount(null, null, null, null, null, 1_000));
      assertThat(rows).hasSize(expected.size());
      for (DecisionRecord r : rows) {
        String[] e = expected.get(Integer.parseInt(r.resource().substring("arn:aws:s3:::b/".length())));
        assertThat(r.statements()).as(r.resource()).isEqualTo(e[0]);
        assertThat(r.context()).as(r.resource()).isEqualTo(e[1]);
      }
      assertThat(rows).filteredOn(r -> "10.0.0.2".equals(r.sourceIp())).hasSize(6);
    }
  }
}
