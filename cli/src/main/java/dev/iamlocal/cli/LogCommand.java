package dev.iamlocal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamlocal.store.DecisionRecord;
import dev.iamlocal.store.DecisionStore;
import dev.iamlocal.store.IamStore;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code iamlocal log}: the authorization decisions of emulated calls, from the data directory's
 * database (or {@code --db}) or from a running server's {@code GET /v1/decisions} ({@code --endpoint}).
 */
@Command(name = "log", mixinStandardHelpOptions = true,
    description = "Show the decision log: the authorization decisions of emulated calls (all of them unless the"
        + " server runs with --decision-log denied or off).")
final class LogCommand implements Callable<Integer> {

  @Mixin
  DecisionLogSource source;

  @Option(names = "--principal", description = "Only this caller ARN.")
  String principal;

  @Option(names = "--action", description = "Only this action, e.g. sagemaker:CreateTrainingJob.")
  String action;

  @Option(names = "--decision", description = "allowed, explicitDeny, implicitDeny or denied (both denies).")
  String decision;

  @Option(names = "--since", description = "Only decisions at or after this ISO-8601 instant.")
  Instant since;

  @Option(names = "--limit", defaultValue = "100", description = "At most this many (the newest) (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--follow", description = "Keep printing new decisions as they are made.")
  boolean follow;

  enum Format { text, json }

  @Option(names = "--output", paramLabel = "text|json", defaultValue = "text",
      description = "text (two or three lines per decision; the default) or json (one JSON object per line).")
  Format output;

  /** The older spelling of {@code --output json}. */
  @Option(names = "--json", description = "The same as --output json (the older spelling).")
  boolean json;

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public Integer call() throws Exception {
    if (decision != null && !List.of("allowed", "explicitDeny", "implicitDeny", "denied").contains(decision)) {
      System.err.println("iamlocal log: --decision must be allowed, explicitDeny, implicitDeny or denied");
      return Main.INVALID_INPUT;
    }
    if (source.remote()) {
      return fromEndpoint();
    }
    IamStore opened = source.open("log");
    if (opened == null) {
      return Main.INVALID_INPUT;
    }
    try (IamStore store = opened) {
      DecisionStore decisions = new DecisionStore(store);
      String after = null;
      do {
        List<DecisionRecord> rows = decisions.query(DecisionStore.Query.everyAccount(principal, action, decision, since, after,
            after == null ? limit : 10_000));
        for (DecisionRecord r : rows) {
          print(r.id(), r.time().toString(), r.principal(), r.action(), r.resource(), r.decision(), r.reason(),
              JSON.readTree(r.statements()), JSON.readTree(r.context()));
          after = r.id();
        }
        if (after == null) {
          after = "";
        }
        if (follow) {
          Thread.sleep(500);
        }
      } while (follow);
    }
    return Main.OK;
  }

  private int fromEndpoint() throws Exception {
    SignedGet http = source.client("log");
    if (http == null) {
      return Main.INVALID_INPUT;
    }
    String after = null;
    do {
      List<String> q = new ArrayList<>();
      add(q, "principal", principal);
      add(q, "action", action);
      add(q, "decision", decision);
      add(q, "since", since == null ? null : since.toString());
      add(q, "after", after);
      add(q, "limit", Integer.toString(after == null ? limit : 10_000));
      HttpResponse<String> resp = http.get(source.endpoint, "/v1/decisions?" + String.join("&", q));
      if (resp.statusCode() != 200) {
        System.err.println("iamlocal log: " + source.endpoint + " answered " + resp.statusCode() + ": " + resp.body());
        return Main.INVALID_INPUT;
      }
      JsonNode body = JSON.readTree(resp.body());
      for (JsonNode d : body.get("decisions")) {
        print(d.get("id").asText(), d.get("time").asText(), d.get("principal").asText(), d.get("action").asText(),
            d.get("resource").asText(), d.get("decision").asText(), d.get("reason").asText(), d.get("statements"),
            d.get("context"));
      }
      if (!body.get("last").isNull()) {
        after = body.get("last").asText();
      } else if (after == null) {
        after = "";
      }
      if (follow) {
        Thread.sleep(500);
      }
    } while (follow);
    return Main.OK;
  }

  private static void add(List<String> q, String k, String v) {
    if (v != null && !v.isEmpty()) {
      q.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
    }
  }

  private void print(String id, String time, String who, String act, String resource, String outcome, String reason,
      JsonNode statements, JsonNode context) {
    if (json || output == Format.json) {
      var o = JSON.createObjectNode().put("id", id).put("time", time).put("principal", who).put("action", act)
          .put("resource", resource).put("decision", outcome).put("reason", reason);
      o.set("statements", statements);
      o.set("context", context);
      System.out.println(o);
    } else {
      StringBuilder s = new StringBuilder();
      s.append(time).append("  ").append(String.format("%-12s", outcome)).append("  ").append(who).append("  ")
          .append(act).append("  ").append(resource);
      for (JsonNode st : statements) {
        // "index" is 0-based in the JSON; people count statements from 1, as simulate and explain do
        s.append("\n    by ").append(st.path("policyId").asText()).append(" statement #").append(st.path("index").asInt() + 1)
            .append(st.path("sid").isNull() || st.path("sid").isMissingNode() ? "" : " (" + st.path("sid").asText() + ")");
      }
      if (!reason.isEmpty()) {
        s.append("\n    because ").append(reason);
      }
      System.out.println(s);
    }
    System.out.flush();
  }
}
