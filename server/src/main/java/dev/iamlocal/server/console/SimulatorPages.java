package dev.iamlocal.server.console;

import static dev.iamlocal.server.console.Html.esc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iamlocal.catalog.ActionDefinition;
import dev.iamlocal.catalog.ConditionKeyDefinition;
import dev.iamlocal.catalog.ServiceCatalog;
import dev.iamlocal.evaluation.Explanation;
import dev.iamlocal.evaluation.Mismatch;
import dev.iamlocal.evaluation.StatementTrace;
import dev.iamlocal.policy.Effect;
import dev.iamlocal.policy.PolicyDocument;
import dev.iamlocal.policy.PolicyParser;
import dev.iamlocal.simulation.ContextEntry;
import dev.iamlocal.simulation.EvaluationResult;
import dev.iamlocal.simulation.PolicyInput;
import dev.iamlocal.simulation.PolicySimulator;
import dev.iamlocal.simulation.SimulationException;
import dev.iamlocal.simulation.SimulationRequest;
import dev.iamlocal.store.Group;
import dev.iamlocal.store.Role;
import dev.iamlocal.store.User;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The policy simulator: a user, group or role (its stored policies) and/or pasted policies,
 * actions picked by searching the catalog, resources and context values; the result per action
 * and resource with the decisive statement and the engine's explanation. The decisions are the core
 * simulator's ({@link PolicySimulator}), the same code path as the IAM API's SimulatePrincipalPolicy
 * and SimulateCustomPolicy: only the context values typed are used.
 */
final class SimulatorPages {

  /** The most action × resource pairs one run evaluates. */
  static final int MAX_PAIRS = 10_000;

  private final Console c;
  private final Subjects subjects;
  private final ServiceCatalog catalog = ServiceCatalog.bundled();

  SimulatorPages(Console c) {
    this.c = c;
    this.subjects = new Subjects(c.store);
  }

  void install(Javalin app) {
    c.page(app, "/console/simulator", this::page);
    c.api(app, false, "/console/api/actions", this::actions);
    c.api(app, true, "/console/api/context-keys", this::contextKeys);
    c.api(app, true, "/console/api/simulate", this::simulate);
  }

  private void page(Context ctx, Sessions.Session s) {
    StringBuilder b = new StringBuilder();
    b.append("<form id=\"simForm\" class=\"sim\"><div class=\"cols\"><fieldset class=\"card\"><legend>Who</legend>")
        .append("<label for=\"simPrincipal\">User, group or role</label><select id=\"simPrincipal\">")
        .append("<option value=\"\">(none: only the policies pasted below)</option>");
    b.append(principalOptions(ctx, s, null));
    b.append("</select><div id=\"simPolicyList\" class=\"checklist\" role=\"group\" aria-label=\"Policies to include\" hidden>")
        .append("</div><label for=\"simPolicy\">Additional policy to simulate (optional, JSON)</label>")
        .append("<textarea id=\"simPolicy\" rows=\"6\" spellcheck=\"false\"></textarea></fieldset>")
        .append("<fieldset class=\"card\"><legend>Actions</legend><label for=\"actionSearch\">Search the catalog")
        .append(" (a pattern such as <code>sagemaker:*Endpoint*</code>, or a service prefix)</label>")
        .append("<div class=\"row\"><input id=\"actionSearch\" type=\"search\" spellcheck=\"false\" placeholder=\"sagemaker:*Endpoint*\">")
        .append(" <button type=\"button\" id=\"actionSearchButton\">Search</button>")
        .append(" <button type=\"button\" id=\"actionSelectAll\">Select all shown</button></div>")
        .append("<p id=\"actionCount\" role=\"status\" aria-live=\"polite\"></p>")
        .append("<div id=\"actionResults\" class=\"checklist\" role=\"group\" aria-label=\"Matching actions\"></div>")
        .append("<label for=\"simActions\">Selected actions (one per line)</label>")
        .append("<textarea id=\"simActions\" rows=\"4\" spellcheck=\"false\"></textarea></fieldset>")
        .append("<fieldset class=\"card\"><legend>Resources and context</legend>")
        .append("<label for=\"simResources\">Resource ARNs (one per line; * when empty)</label>")
        .append("<textarea id=\"simResources\" rows=\"3\" spellcheck=\"false\">*</textarea>")
        .append("<h3 id=\"ctxHeading\">Context keys the policies reference</h3>")
        .append("<p class=\"help\">Several values of a multivalued key: separate them with commas.</p>")
        .append("<div id=\"contextKeys\" aria-labelledby=\"ctxHeading\"><p>Pick a principal or paste a policy.</p></div>")
        .append("</fieldset></div><button type=\"submit\" id=\"runSimulation\">Run simulation</button>")
        .append(" <span id=\"simStatus\" role=\"status\" aria-live=\"polite\"></span></form>")
        .append("<div id=\"simError\"></div>")
        .append("<table id=\"simResults\" hidden><caption>Results: select a row to see the decisive statement and why</caption>")
        .append("<thead><tr><th scope=\"col\">Action</th><th scope=\"col\">Resource</th><th scope=\"col\">Decision</th>")
        .append("<th scope=\"col\">Decided by</th></tr></thead><tbody></tbody></table>")
        .append("<p id=\"simExport\" hidden><button type=\"button\" id=\"simExportCsv\">Export CSV</button> ")
        .append("<button type=\"button\" id=\"simExportJson\">Export JSON</button></p>")
        .append("<section id=\"simDetail\" hidden aria-live=\"polite\"><h2>Explanation</h2><ul id=\"simExplanation\"></ul>")
        .append("<h2>Policies</h2><div id=\"simPolicies\"></div></section>");
    c.html(ctx, "Policy simulator", s, "simulator", b.toString());
  }

  /** Options for the principals the signed-in principal may list, as {@code kind/name}. */
  String principalOptions(Context ctx, Sessions.Session s, java.util.Set<String> selected) {
    StringBuilder b = new StringBuilder();
    String acct = s.accountId();
    if (c.denial(ctx, s, "iam:ListUsers", "arn:aws:iam::" + acct + ":user/").isEmpty()) {
      b.append("<optgroup label=\"Users\">");
      for (User u : c.store.users().listUsers(acct, null)) {
        option(b, "user/" + u.name(), u.name(), selected);
      }
      b.append("</optgroup>");
    }
    if (c.denial(ctx, s, "iam:ListGroups", "arn:aws:iam::" + acct + ":group/").isEmpty()) {
      b.append("<optgroup label=\"Groups\">");
      for (Group g : c.store.groups().listGroups(acct, null)) {
        option(b, "group/" + g.name(), g.name(), selected);
      }
      b.append("</optgroup>");
    }
    if (c.denial(ctx, s, "iam:ListRoles", "arn:aws:iam::" + acct + ":role/").isEmpty()) {
      b.append("<optgroup label=\"Roles\">");
      for (Role r : c.store.roles().listRoles(acct, null)) {
        option(b, "role/" + r.name(), r.name(), selected);
      }
      b.append("</optgroup>");
    }
    return b.toString();
  }

  private static void option(StringBuilder b, String value, String label, java.util.Set<String> selected) {
    b.append("<option value=\"").append(esc(value)).append("\"")
        .append(selected != null && selected.contains(value) ? " selected" : "").append(">").append(esc(label))
        .append("</option>");
  }

  // ---------------------------------------------------------------- catalog search

  private void actions(Context ctx, Sessions.Session s) throws Exception {
    String q = ctx.queryParam("q") == null ? "" : ctx.queryParam("q").trim();
    c.jsonResult(ctx, searchActions(catalog, q, 2000));
  }

  /** Actions matching {@code q}: an action pattern, or a bare service prefix meaning all its actions. */
  static Map<String, Object> searchActions(ServiceCatalog catalog, String q, int max) {
    if (q.isEmpty()) {
      return Map.of("total", 0, "actions", List.of());
    }
    String pattern = q.indexOf(':') < 0 && q.indexOf('*') < 0 && q.indexOf('?') < 0 ? q + ":*" : q;
    List<ActionDefinition> found = catalog.expand(pattern);
    List<Map<String, String>> out = new ArrayList<>();
    for (ActionDefinition a : found.subList(0, Math.min(max, found.size()))) {
      out.add(Map.of("name", a.fullName(), "level", a.accessLevel().toString()));
    }
    return Map.of("pattern", pattern, "total", found.size(), "actions", out);
  }

  // ---------------------------------------------------------------- context keys

  private void contextKeys(Context ctx, Sessions.Session s) throws Exception {
    JsonNode body = c.body(ctx);
    Optional<Input> in = input(ctx, s, body, "iam:GetContextKeysForPrincipalPolicy", "iam:GetContextKeysForCustomPolicy");
    if (in.isEmpty()) {
      return;
    }
    List<PolicyDocument> docs = new ArrayList<>();
    for (PolicyInput p : in.get().policies()) {
      docs.add(p.document());
    }
    if (in.get().boundary() != null) {
      docs.add(in.get().boundary().document());
    }
    List<Map<String, Object>> keys = new ArrayList<>();
    for (String k : PolicySimulator.contextKeys(docs)) {
      Optional<ConditionKeyDefinition> def = catalog.conditionKey(k);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", k);
      m.put("type", def.map(d -> d.type().toString()).orElse(""));
      m.put("multivalued", def.map(ConditionKeyDefinition::multivalued).orElse(false));
      keys.add(m);
    }
    List<Map<String, Object>> listed = new ArrayList<>();
    for (Map<String, Object> t : in.get().texts()) {
      Map<String, Object> m = new LinkedHashMap<>(t);
      m.remove("text");
      listed.add(m);
    }
    c.jsonResult(ctx, Map.of("keys", keys, "policies", listed));
  }

  /**
   * What a simulation runs on: the policies (stored then pasted) with their texts, the boundary, and
   * the principal picked (its ARN, and again when it is a user: the simulated caller), if any.
   */
  private record Input(String sourceArn, String userArn, List<PolicyInput> policies, List<Map<String, Object>> texts,
      PolicyInput boundary) {}

  /**
   * Reads the principal and pasted policy of a request and checks the signed-in principal may
   * simulate them; on refusal or bad input the error response is written and empty is returned.
   */
  private Optional<Input> input(Context ctx, Sessions.Session s, JsonNode body, String principalAction,
      String customAction) throws Exception {
    String key = body.path("principal").asText("");
    List<String> pasted = new ArrayList<>();
    for (Iterator<JsonNode> it = body.path("policies").elements(); it.hasNext(); ) {
      String t = it.next().asText("");
      if (!t.isBlank()) {
        pasted.add(t);
      }
    }
    List<PolicyInput> policies = new ArrayList<>();
    List<Map<String, Object>> texts = new ArrayList<>();
    // policies the user left out of this run (by id), and whether the boundary applies
    java.util.Set<String> excluded = new java.util.HashSet<>(strings(body.path("exclude")));
    boolean withBoundary = body.path("boundary").asBoolean(true);
    String sourceArn = null;
    String userArn = null;
    PolicyInput boundary = null;
    if (!key.isEmpty()) {
      Subjects.Subject sub = subjects.byKey(s.accountId(), key);
      Optional<String> denied = c.denial(ctx, s, principalAction, sub.arn());
      if (denied.isPresent()) {
        c.jsonError(ctx, 403, "AccessDenied", denied.get());
        return Optional.empty();
      }
      sourceArn = sub.arn();
      userArn = sub.kind().equals("user") ? sub.arn() : null;
      Provenance via = sub.kind().equals("user") ? provenance(s.accountId(), sub.name()) : null;
      for (Subjects.StoredPolicy p : sub.policies()) {
        PolicyParser.Result r = PolicyParser.parseLenient(p.text());
        if (r.ok()) {
          boolean out = excluded.contains(p.id());
          if (!out) {
            policies.add(new PolicyInput(p.id(), PolicyInput.IAM_POLICY, r.document()));
          }
          Map<String, Object> t = new LinkedHashMap<>();
          t.put("id", p.id());
          t.put("type", p.sourceType());
          t.put("via", via == null ? List.of() : via.of(p));
          t.put("included", !out);
          t.put("text", p.text());
          texts.add(t);
        }
      }
      if (sub.boundary() != null) {
        PolicyParser.Result r = PolicyParser.parseLenient(sub.boundary().text());
        if (r.ok()) {
          if (withBoundary) {
            boundary = new PolicyInput(sub.boundary().id(), PolicyInput.IAM_POLICY, r.document());
          }
          Map<String, Object> t = new LinkedHashMap<>();
          t.put("id", sub.boundary().id());
          t.put("type", "permissions boundary");
          t.put("via", List.of());
          t.put("included", withBoundary);
          t.put("text", sub.boundary().text());
          texts.add(t);
        }
      }
    } else {
      if (pasted.isEmpty()) {
        c.jsonError(ctx, 400, "InvalidInput", "Pick a user, group or role, or paste a policy.");
        return Optional.empty();
      }
      Optional<String> denied = c.denial(ctx, s, customAction, "*");
      if (denied.isPresent()) {
        c.jsonError(ctx, 403, "AccessDenied", denied.get());
        return Optional.empty();
      }
    }
    for (int i = 0; i < pasted.size(); i++) {
      PolicyParser.Result r = PolicyParser.parseLenient(pasted.get(i));
      if (!r.ok()) {
        var p = r.problems().get(0);
        c.jsonError(ctx, 400, "MalformedPolicyDocument", "Pasted policy: " + p.code() + " at line "
            + p.span().start().line() + ", column " + p.span().start().column() + ": " + p.message());
        return Optional.empty();
      }
      String id = "PolicyInputList." + (i + 1);
      policies.add(new PolicyInput(id, PolicyInput.IAM_POLICY, r.document()));
      texts.add(Map.of("id", id, "type", "pasted", "via", List.of(), "included", true, "text", pasted.get(i)));
    }
    return Optional.of(new Input(sourceArn, userArn, policies, texts, boundary));
  }

  // ---------------------------------------------------------------- simulation

  private void simulate(Context ctx, Sessions.Session s) throws Exception {
    JsonNode body = c.body(ctx);
    Optional<Input> maybe = input(ctx, s, body, "iam:SimulatePrincipalPolicy", "iam:SimulateCustomPolicy");
    if (maybe.isEmpty()) {
      return;
    }
    Input in = maybe.get();
    List<String> actions = strings(body.path("actions"));
    List<String> resources = strings(body.path("resources"));
    if (actions.isEmpty()) {
      throw new Console.BadInput("Pick at least one action.");
    }
    if (resources.isEmpty()) {
      resources = List.of("*");
    }
    if ((long) actions.size() * resources.size() > MAX_PAIRS) {
      throw new Console.BadInput("At most " + MAX_PAIRS + " action × resource pairs per run (got "
          + actions.size() * resources.size() + "); use the access matrix for whole services.");
    }
    // The core simulator, as SimulatePrincipalPolicy / SimulateCustomPolicy run it: the values typed
    // are the only context (nothing is filled in), multivalued keys as lists.
    SimulationRequest.Builder b = SimulationRequest.builder().policies(in.policies())
        .policySource(in.sourceArn(), in.userArn()).defaultAccount(s.accountId()).actionNames(actions)
        .resourceArns(resources).actionWildcardsAllowed(true);
    if (in.boundary() != null) {
      b.permissionsBoundary(in.boundary());
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = body.path("context").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String value = e.getValue().asText("");
      if (value.isEmpty()) {
        continue;
      }
      // the type the user picked for the key (IAM's ContextKeyTypeEnum), else string or stringList
      String type = body.path("types").path(e.getKey()).asText("");
      if (!ContextEntry.TYPES.contains(type)) {
        boolean multi = catalog.conditionKey(e.getKey()).map(ConditionKeyDefinition::multivalued).orElse(false);
        type = multi ? "stringList" : "string";
      }
      b.contextEntry(new ContextEntry(e.getKey(), type, type.endsWith("List") ? List.of(value.split("\\s*,\\s*"))
          : List.of(value)));
    }
    PolicySimulator.Simulation sim;
    try {
      sim = PolicySimulator.prepare(b.build());
    } catch (SimulationException e) {
      throw new Console.BadInput(e.getMessage() + (e.detail().isEmpty() ? "" : " " + e.detail()));
    }
    List<Map<String, Object>> results = new ArrayList<>();
    for (EvaluationResult r : sim.results()) {
      // the decision is the simulator's; the engine's explanation of the same evaluation is the
      // detail. The console shows one row per action and resource: a result over named resources
      // gives a row for each (its ResourceSpecificResults), a result for * one row.
      if (r.resourceSpecificResults() == null) {
        Map<String, Object> row = result(r.evalActionName(), r.evalResourceName(),
            sim.explain(r.evalActionName(), r.evalResourceName()));
        row.put("decision", r.evalDecision().json());
        results.add(row);
        continue;
      }
      for (EvaluationResult.ResourceSpecificResult rs : r.resourceSpecificResults()) {
        Map<String, Object> row = result(r.evalActionName(), rs.evalResourceName(),
            sim.explain(r.evalActionName(), rs.evalResourceName()));
        row.put("decision", rs.evalResourceDecision().json());
        results.add(row);
      }
    }
    String format = body.path("format").asText("");
    if (format.equals("csv")) {
      ctx.header("Content-Disposition", "attachment; filename=\"simulation.csv\"");
      ctx.contentType("text/csv; charset=utf-8").result(csv(results));
      return;
    }
    if (format.equals("json")) {
      ctx.header("Content-Disposition", "attachment; filename=\"simulation.json\"");
    }
    c.jsonResult(ctx, Map.of("policies", in.texts(), "results", results));
  }

  /**
   * One row: the decision, the statements to highlight (the decisive ones; for an implicit deny,
   * the Allow statements that matched action and resource but whose condition failed, which is what
   * a reader looks for) and the explanation lines.
   */
  static Map<String, Object> result(String action, String resource, Explanation e) {
    List<Map<String, Object>> highlights = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    lines.add(e.decision().outcome().json() + ": " + e.decision().reason());
    boolean anyDecisive = e.statements().stream().anyMatch(StatementTrace::decisive);
    for (StatementTrace t : e.statements()) {
      boolean near = !anyDecisive && t.effect() == Effect.ALLOW && t.mismatch() == Mismatch.CONDITION;
      StringBuilder line = new StringBuilder();
      line.append(t.policyId()).append(" · ").append(t.label()).append(" (").append(t.effect().json()).append("): ")
          .append(t.detail());
      lines.add(line.toString());
      if ((t.decisive() || near) && t.span() != null && t.span().isKnown()) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("policy", t.policyId());
        h.put("label", t.label());
        h.put("kind", t.decisive() ? "decisive" : "condition-failed");
        h.put("start", t.span().start().offset());
        h.put("end", t.span().end().offset());
        h.put("line", t.span().start().line());
        h.put("column", t.span().start().column());
        highlights.add(h);
      }
    }
    lines.addAll(e.notes());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("action", action);
    m.put("resource", resource);
    m.put("decision", e.decision().outcome().json());
    m.put("highlights", highlights);
    m.put("explanation", lines);
    return m;
  }

  /** The results as CSV (RFC 4180): action, resource, decision, the decisive statements. */
  static String csv(List<Map<String, Object>> results) {
    StringBuilder b = new StringBuilder("action,resource,decision,decided by\r\n");
    for (Map<String, Object> r : results) {
      StringBuilder by = new StringBuilder();
      for (Object h : (List<?>) r.get("highlights")) {
        Map<?, ?> m = (Map<?, ?>) h;
        by.append(by.isEmpty() ? "" : "; ").append(m.get("policy")).append(" ").append(m.get("label"))
            .append("condition-failed".equals(m.get("kind")) ? " (condition not met)" : "");
      }
      b.append(cell(r.get("action"))).append(',').append(cell(r.get("resource"))).append(',')
          .append(cell(r.get("decision"))).append(',').append(cell(by)).append("\r\n");
    }
    return b.toString();
  }

  private static String cell(Object o) {
    String v = String.valueOf(o);
    // a cell a spreadsheet would run as a formula is written as text
    if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
      v = "'" + v;
    }
    return v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")
        ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
  }

  /**
   * Where a user's policies come from: for each managed policy ARN and each group inline policy
   * name, the groups that hold it; a policy attached to the user directly comes from no group.
   */
  private record Provenance(java.util.Set<String> direct, Map<String, List<String>> groupsOf) {
    List<String> of(Subjects.StoredPolicy p) {
      String key = p.arn() != null ? "arn " + p.arn() : p.sourceType().equals("group") ? "inline " + baseId(p.id()) : null;
      if (key == null || direct.contains(key)) {
        return List.of();
      }
      return groupsOf.getOrDefault(key, List.of());
    }

    /** {@code name#2} (a repeated name made unique) is {@code name}. */
    private static String baseId(String id) {
      int hash = id.lastIndexOf('#');
      return hash > 0 && id.substring(hash + 1).matches("[0-9]+") ? id.substring(0, hash) : id;
    }
  }

  private Provenance provenance(String account, String user) {
    java.util.Set<String> direct = new java.util.HashSet<>();
    c.store.policies().attachedPolicies(account, dev.iamlocal.store.EntityType.USER, user).forEach(a -> direct.add("arn " + a));
    Map<String, List<String>> groupsOf = new LinkedHashMap<>();
    for (Group g : c.store.groups().groupsForUser(account, user)) {
      for (String a : c.store.policies().attachedPolicies(account, dev.iamlocal.store.EntityType.GROUP, g.name())) {
        groupsOf.computeIfAbsent("arn " + a, k -> new ArrayList<>()).add(g.name());
      }
      for (var ip : c.store.inlinePolicies().inlinePolicies(account, dev.iamlocal.store.EntityType.GROUP, g.name())) {
        groupsOf.computeIfAbsent("inline " + ip.name(), k -> new ArrayList<>()).add(g.name());
      }
    }
    return new Provenance(direct, groupsOf);
  }

  private static List<String> strings(JsonNode n) {
    List<String> out = new ArrayList<>();
    for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
      String v = it.next().asText("").trim();
      if (!v.isEmpty()) {
        out.add(v);
      }
    }
    return out;
  }
}
