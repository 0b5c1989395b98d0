package dev.iamlocal.server.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamlocal.store.DecisionRecord;
import dev.iamlocal.store.DecisionStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The decision log: the recent authorization decisions of emulated calls, newest first, filterable
 * by principal, action and decision, each row expandable to its decisive statements and request
 * context; a script follows the log through {@code /console/api/decisions?after=<id>}.
 *
 * <p>Who may read it: the root user, or a principal allowed {@code iam:SimulatePrincipalPolicy} on
 * {@code *}. AWS has no action for reading an emulator's decision log; the log reveals what any
 * principal of the account may do, which is exactly what the simulator answers, and
 * {@code POST /v1/authorize} already requires {@code iam:SimulatePrincipalPolicy} for the same
 * knowledge. Requiring it on {@code *} (not on one principal) because the log covers all of them.
 * Every request (page and poll) is authorized again, so a revoked permission takes effect at once;
 * for an IAM user that check is itself an emulated decision and appears in the log.
 */
final class DecisionPages {

  static final String ACTION = "iam:SimulatePrincipalPolicy";
  /** Rows on the page and per poll; a poll that returns this many is followed at once by the next. */
  static final int LIMIT = 200;
  private static final Set<String> DECISIONS = Set.of("allowed", "explicitDeny", "implicitDeny", "denied");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Console c;

  DecisionPages(Console c) {
    this.c = c;
  }

  void install(Javalin app) {
    c.page(app, "/console/decisions", this::page);
    c.api(app, false, "/console/api/decisions", this::poll);
  }

  /** How many of the newest decisions the substring filters look through. */
  static final int SCAN = 5_000;

  /**
   * The filters of a request; blank fields select everything. Principal, action and resource match
   * as case-insensitive substrings; {@code hideRoot} leaves out the root user's calls.
   */
  private record Filter(String principal, String action, String resource, String decision, boolean hideRoot) {

    static Filter of(Context ctx) {
      String decision = blankToNull(ctx.queryParam("decision"));
      if (decision != null && !DECISIONS.contains(decision)) {
        throw new Console.BadInput("decision must be one of allowed, explicitDeny, implicitDeny, denied; got '"
            + decision + "'.");
      }
      return new Filter(lower(ctx.queryParam("principal")), lower(ctx.queryParam("action")),
          lower(ctx.queryParam("resource")), decision, ctx.queryParam("hideRoot") != null);
    }

    private static String lower(String v) {
      String t = blankToNull(v);
      return t == null ? null : t.toLowerCase(java.util.Locale.ROOT);
    }

    private boolean substrings() {
      return principal != null || action != null || resource != null || hideRoot;
    }

    /**
     * The signed-in account's decisions only: a store may hold several accounts. With substring
     * filters the store is read over the newest {@link #SCAN} and the filters applied here.
     */
    DecisionStore.Query query(String accountId, String afterId) {
      return new DecisionStore.Query(accountId, null, null, decision, null, afterId, substrings() ? SCAN : LIMIT);
    }

    boolean matches(DecisionRecord r) {
      return contains(r.principal(), principal) && contains(r.action(), action) && contains(r.resource(), resource)
          && !(hideRoot && r.principal() != null && r.principal().endsWith(":root"));
    }

    private static boolean contains(String value, String part) {
      return part == null || value != null && value.toLowerCase(java.util.Locale.ROOT).contains(part);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private Optional<String> denial(Context ctx, Sessions.Session s) {
    return c.denial(ctx, s, ACTION, "*");
  }

  private void page(Context ctx, Sessions.Session s) {
    Optional<String> denied = denial(ctx, s);
    if (denied.isPresent()) {
      c.html(ctx, "Decision log", s, "decisions", Html.denied(denied.get()));
      return;
    }
    Filter f = Filter.of(ctx);
    c.decisions.flush();
    List<DecisionRecord> rows = c.decisions.store().query(f.query(s.accountId(), null)).stream()
        .filter(f::matches).toList();
    if (rows.size() > LIMIT) {
      rows = rows.subList(rows.size() - LIMIT, rows.size());
    }
    StringBuilder b = new StringBuilder();
    b.append("<form class=\"card row\" method=\"get\" action=\"/console/decisions\" id=\"decisionFilter\">")
        .append("<label for=\"fPrincipal\">Principal ARN</label><input id=\"fPrincipal\" name=\"principal\" size=\"40\"")
        .append(" spellcheck=\"false\" value=\"").append(Html.esc(f.principal())).append("\">")
        .append("<label for=\"fAction\">Action</label><input id=\"fAction\" name=\"action\" size=\"24\" spellcheck=\"false\"")
        .append(" value=\"").append(Html.esc(f.action())).append("\">")
        .append("<label for=\"fResource\">Resource</label><input id=\"fResource\" name=\"resource\" size=\"24\"")
        .append(" spellcheck=\"false\" value=\"").append(Html.esc(f.resource())).append("\">")
        .append("<label><input type=\"checkbox\" id=\"fHideRoot\" name=\"hideRoot\" value=\"1\"")
        .append(f.hideRoot() ? " checked" : "").append("> Hide the root user&#39;s calls</label>")
        .append("<label for=\"fDecision\">Decision</label><select id=\"fDecision\" name=\"decision\">");
    for (String[] o : new String[][] {{"", "any"}, {"allowed", "allowed"}, {"denied", "denied (either kind)"},
        {"explicitDeny", "explicitDeny"}, {"implicitDeny", "implicitDeny"}}) {
      b.append("<option value=\"").append(o[0]).append("\"")
          .append(o[0].equals(f.decision() == null ? "" : f.decision()) ? " selected" : "").append(">")
          .append(o[1]).append("</option>");
    }
    b.append("</select><button type=\"submit\" id=\"applyFilter\">Filter</button>")
        .append(" <a href=\"/console/decisions\">Clear</a></form>")
        .append("<div class=\"row\"><label><input type=\"checkbox\" id=\"decisionsPause\"> Pause live updates</label>")
        .append(" <span id=\"decisionsStatus\" role=\"status\" aria-live=\"polite\"></span></div>")
        .append("<p class=\"help\">Principal, action and resource match any part of the text, in any case (among the ")
        .append(SCAN).append(" most recent decisions). The ").append(LIMIT).append(" most recent matching decisions, newest first;")
        .append(" new ones appear every 2 seconds. Expand a reason to see the decisive statements and the request")
        .append(" context the engine saw.</p>");
    switch (c.decisions.mode()) {
      case DENIED -> b.append("<p class=\"help\" id=\"decisionLogMode\">This server records denied decisions only")
          .append(" (<code>iamlocal serve --decision-log denied</code>); its allowed calls are not logged (other servers")
          .append(" sharing this store log as they are started).</p>");
      case OFF -> b.append("<p class=\"help\" id=\"decisionLogMode\">This server records no decisions")
          .append(" (<code>iamlocal serve --decision-log off</code>); what is shown was logged by earlier runs or by other")
          .append(" servers sharing this store.</p>");
      case ALL -> { }
    }
    String last = rows.isEmpty() ? "" : rows.get(rows.size() - 1).id();
    b.append("<table id=\"decisions\" data-last=\"").append(Html.esc(last)).append("\" data-query=\"")
        .append(Html.esc(queryString(f))).append("\"><thead><tr><th scope=\"col\">Time (UTC)</th>")
        .append("<th scope=\"col\">Principal</th><th scope=\"col\">Action</th><th scope=\"col\">Resource</th>")
        .append("<th scope=\"col\">Decision</th><th scope=\"col\">Reason and explanation</th></tr></thead><tbody>");
    for (int i = rows.size() - 1; i >= 0; i--) {
      if (visible(s, rows.get(i))) {
        b.append(row(rows.get(i), whyNot(s, rows.get(i))));
      }
    }
    b.append("</tbody></table>");
    if (rows.isEmpty()) {
      b.append("<p id=\"decisionsEmpty\">No decisions match.</p>");
    }
    c.html(ctx, "Decision log", s, "decisions", b.toString());
  }

  /**
   * {@code {"decisions": [{"id", "decision", "html"}...], "last": id}}: the matching records after
   * {@code after}, oldest first; {@code last} is the newest id examined (also when not shown).
   */
  private void poll(Context ctx, Sessions.Session s) throws IOException {
    Optional<String> denied = denial(ctx, s);
    if (denied.isPresent()) {
      c.jsonError(ctx, 403, "AccessDenied", denied.get());
      return;
    }
    Filter f = Filter.of(ctx);
    c.decisions.flush();
    DecisionStore.Query q = f.query(s.accountId(), blankToNull(ctx.queryParam("after")));
    List<DecisionRecord> rows = c.decisions.store().query(q);
    List<Map<String, String>> out = new ArrayList<>();
    for (DecisionRecord r : rows) {
      if (visible(s, r) && f.matches(r)) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("decision", r.decision());
        m.put("html", row(r, whyNot(s, r)));
        out.add(m);
      }
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("decisions", out);
    result.put("last", rows.isEmpty() ? ctx.queryParam("after") : rows.get(rows.size() - 1).id());
    result.put("more", rows.size() == q.limit());
    c.jsonResult(ctx, result);
  }

  /**
   * Only the signed-in account's principals: the log is shared by every account of the store,
   * and another account's calls are not this account's business.
   */
  static boolean visible(Sessions.Session s, DecisionRecord r) {
    String[] parts = r.principal() == null ? new String[0] : r.principal().split(":", 6);
    return parts.length >= 5 && parts[4].equals(s.accountId());
  }

  private static String queryString(Filter f) {
    StringBuilder b = new StringBuilder();
    if (f.principal() != null) {
      b.append("&principal=").append(Html.url(f.principal()));
    }
    if (f.action() != null) {
      b.append("&action=").append(Html.url(f.action()));
    }
    if (f.resource() != null) {
      b.append("&resource=").append(Html.url(f.resource()));
    }
    if (f.decision() != null) {
      b.append("&decision=").append(Html.url(f.decision()));
    }
    if (f.hideRoot()) {
      b.append("&hideRoot=1");
    }
    return b.toString();
  }

  /**
   * The "why not" of a denied call: the engine's explanation of every statement of the principal's
   * policies, as {@code iamlocal explain} prints it, asked again with the context the log recorded
   * and the policies as they are now. Null for an allowed call or a principal with no stored policies.
   */
  private String whyNot(Sessions.Session s, DecisionRecord r) {
    if ("allowed".equals(r.decision()) || r.principal() == null) {
      return null;
    }
    dev.iamlocal.request.RequestContext.Builder ctx = dev.iamlocal.request.RequestContext.builder();
    for (Iterator<Map.Entry<String, JsonNode>> it = tree(r.context()).fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isArray()) {
        List<String> values = new ArrayList<>();
        e.getValue().forEach(v -> values.add(v.asText()));
        ctx.putList(e.getKey(), values);
      } else {
        ctx.put(e.getKey(), e.getValue().asText());
      }
    }
    var explanation = c.authorizer.explainLogged(s.accountId(), r.principal(), r.action(), r.resource(), ctx.build());
    if (explanation.isEmpty()) {
      return null;
    }
    @SuppressWarnings("unchecked")
    List<String> lines = (List<String>) SimulatorPages.result(r.action(), r.resource(), explanation.get()).get("explanation");
    StringBuilder b = new StringBuilder("<h3>Why not, statement by statement</h3><p class=\"help\">The engine&#39;s")
        .append(" explanation, as <code>iamlocal explain</code> prints it: the principal&#39;s policies as they are now,")
        .append(" the request context as logged.</p><ul class=\"why-not\">");
    // the first line repeats the decision and its reason, shown above
    for (String l : lines.subList(1, lines.size())) {
      b.append("<li>").append(Html.esc(l)).append("</li>");
    }
    return b.append("</ul>").toString();
  }

  /** One table row; the same markup for the page and for the rows the script prepends. */
  static String row(DecisionRecord r) {
    return row(r, null);
  }

  /** One row with the denial's "why not" ({@link #whyNot}, HTML) when there is one. */
  static String row(DecisionRecord r, String whyNot) {
    String time = r.time().toString();
    StringBuilder b = new StringBuilder(512);
    b.append("<tr class=\"decision-row ").append(Html.esc(r.decision())).append("\" data-id=\"").append(Html.esc(r.id()))
        .append("\" data-decision=\"").append(Html.esc(r.decision())).append("\"><td><time datetime=\"")
        .append(Html.esc(time)).append("\">").append(Html.esc(time.replace('T', ' '))).append("</time></td><td class=\"arn\">")
        .append(Html.esc(r.principal())).append("</td><td class=\"action\">").append(Html.esc(r.action()))
        .append("</td><td class=\"arn\">").append(Html.esc(r.resource())).append("</td><td class=\"decision\">")
        .append(Html.esc(r.decision())).append("</td><td><details><summary class=\"reason\">");
    JsonNode statements = tree(r.statements());
    if (r.reason() != null && !r.reason().isEmpty()) {
      b.append(Html.esc(r.reason()));
    } else {
      b.append(statements.size() == 0 ? "allowed without statements (root user)" : "allowed by the statements below");
    }
    b.append("</summary><h3>Decisive statements</h3>");
    if (statements.size() == 0) {
      b.append("<p class=\"help\">None: no statement applied");
      b.append("allowed".equals(r.decision()) ? " (the root user needs none).</p>" : ", so the request is implicitly denied.</p>");
    } else {
      b.append("<ul class=\"statements\">");
      for (JsonNode st : statements) {
        String sid = st.path("sid").asText("");
        b.append("<li><strong class=\"").append("Deny".equalsIgnoreCase(st.path("effect").asText()) ? "deny" : "allow")
            .append("\">").append(Html.esc(st.path("effect").asText())).append("</strong> ")
            .append(Html.esc(st.path("policyId").asText())).append(" <small>(")
            .append(Html.esc(st.path("policyType").asText())).append(")</small> · ")
            // the log's "index" is 0-based; people count statements from 1, as every other page does
            .append(sid.isEmpty() || st.path("sid").isNull() ? "statement #" + (st.path("index").asInt() + 1)
                : "Sid " + Html.esc(sid)).append("</li>");
      }
      b.append("</ul>");
    }
    if (whyNot != null) {
      b.append(whyNot);
    }
    b.append("<h3>Request context</h3><dl class=\"context\">");
    for (Iterator<Map.Entry<String, JsonNode>> it = tree(r.context()).fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      List<String> values = new ArrayList<>();
      e.getValue().forEach(v -> values.add(v.asText()));
      b.append("<dt>").append(Html.esc(e.getKey())).append("</dt><dd>")
          .append(Html.esc(e.getValue().isArray() ? String.join(", ", values) : e.getValue().asText())).append("</dd>");
    }
    b.append("</dl></details></td></tr>");
    return b.toString();
  }

  private static JsonNode tree(String json) {
    try {
      JsonNode n = json == null ? null : JSON.readTree(json);
      return n == null ? JSON.createObjectNode() : n;
    } catch (IOException e) {
      // stored by this server, so never expected; show nothing rather than fail the page
      return JSON.createObjectNode();
    }
  }
}
