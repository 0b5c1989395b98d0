package dev.iamlocal.server.decisionlog;

import dev.iamlocal.server.auth.Authenticator;
import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.server.auth.Caller;
import dev.iamlocal.server.http.Exchange;
import dev.iamlocal.server.authz.AuthorizationPipeline;
import dev.iamlocal.server.authz.NetworkProfile;
import dev.iamlocal.server.http.RequestIds;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamlocal.store.DecisionRecord;
import dev.iamlocal.store.DecisionStore;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /v1/decisions?principal=&action=&decision=&since=&after=&limit=}: the decision log as
 * JSON, oldest first ({@code {"decisions": [...], "last": id}}). {@code decision} is allowed,
 * explicitDeny, implicitDeny or denied (both denies); {@code since} an ISO-8601 instant;
 * {@code after} the {@code last} id of a previous answer (to follow the log).
 *
 * <p>The log tells what every principal of an account did and may do, with their addresses: the
 * request is SigV4-signed like every API call (so a page in a browser, DNS rebinding or not, cannot
 * read it), the caller needs {@code iam:SimulatePrincipalPolicy} on {@code *} as the console's
 * decision page does, and the answer holds the caller's account's decisions only.
 */
public final class DecisionsEndpoint {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** What reading the log takes: what the console's decision page takes. */
  static final String ACTION = "iam:SimulatePrincipalPolicy";
  /** The credential scope's service: the log is read with an IAM signature (the CLI signs for iam). */
  static final List<String> SERVICES = List.of("iam");
  private static final Set<String> DECISIONS = Set.of("allowed", "explicitDeny", "implicitDeny", "denied");

  private DecisionsEndpoint() {}

  /** Answers one {@code GET /v1/decisions} request. */
  public static void handle(Context ctx, Authenticator authenticator, AuthorizationPipeline pipeline, DecisionLog log,
      NetworkProfile net) {
    String requestId = RequestIds.next();
    ctx.header("x-amzn-RequestId", requestId);
    Caller caller;
    try {
      caller = authenticator.authenticate(Exchange.read(ctx), SERVICES).caller();
      AuthorizationPipeline.Evaluation e = pipeline.call(caller, net, ACTION, "*",
          dev.iamlocal.request.RequestContext.empty(), null);
      if (!e.allowed()) {
        throw AwsError.accessDenied(e.deniedMessage());
      }
    } catch (AwsError e) {
      error(ctx, e.status, e.code, e.getMessage(), requestId);
      return;
    } catch (dev.iamlocal.store.IamException e) {
      error(ctx, AwsError.statusOf(e.code()), e.code(), e.getMessage(), requestId);
      return;
    }
    String decision = ctx.queryParam("decision");
    if (decision != null && !DECISIONS.contains(decision)) {
      bad(ctx, "decision must be one of allowed, explicitDeny, implicitDeny, denied; got '" + decision + "'");
      return;
    }
    Instant since = null;
    if (ctx.queryParam("since") != null) {
      try {
        since = Instant.parse(ctx.queryParam("since"));
      } catch (DateTimeParseException e) {
        bad(ctx, "since must be an ISO-8601 instant such as 2025-01-31T12:00:00Z; got '" + ctx.queryParam("since") + "'");
        return;
      }
    }
    int limit = 1000;
    if (ctx.queryParam("limit") != null) {
      try {
        limit = Exchange.asciiInt(ctx.queryParam("limit"));
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > 10_000) {
        bad(ctx, "limit must be 1-10000");
        return;
      }
    }
    log.flush();
    List<DecisionRecord> rows = log.store().query(new DecisionStore.Query(caller.accountId(), ctx.queryParam("principal"),
        ctx.queryParam("action"), decision, since, ctx.queryParam("after"), limit));
    ctx.contentType("application/json").result(toJson(rows).toString());
  }

  /** {@code {"decisions": [...], "last": "<id>"}}. */
  static ObjectNode toJson(List<DecisionRecord> rows) {
    ObjectNode out = JSON.createObjectNode();
    ArrayNode a = out.putArray("decisions");
    for (DecisionRecord r : rows) {
      ObjectNode o = a.addObject();
      o.put("id", r.id());
      o.put("time", r.time().toString());
      o.put("principal", r.principal());
      o.put("action", r.action());
      o.put("resource", r.resource());
      o.put("decision", r.decision());
      o.put("reason", r.reason());
      o.put("sourceIp", r.sourceIp());
      o.set("statements", tree(r.statements()));
      o.set("context", tree(r.context()));
    }
    out.put("last", rows.isEmpty() ? null : rows.get(rows.size() - 1).id());
    return out;
  }

  private static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException e) {
      return JSON.getNodeFactory().textNode(json);
    }
  }

  private static void error(Context ctx, int status, String code, String message, String requestId) {
    ObjectNode o = JSON.createObjectNode();
    o.putObject("error").put("code", code).put("message", message);
    o.put("requestId", requestId);
    ctx.status(status).contentType("application/json").result(o.toString());
  }

  private static void bad(Context ctx, String message) {
    ctx.status(400).contentType("application/json").result(JSON.createObjectNode().put("error", message).toString());
  }
}
