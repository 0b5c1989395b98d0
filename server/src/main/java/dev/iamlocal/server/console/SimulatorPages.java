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
    b.append("</select><label for=\"simPolicy\">Additional policy to simulate (optional, JSON)</label>")
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
    List<Map<String, Object>> keys = new ArrayList<>();
    for (String k : PolicySimulator.contextKeys(docs)) {
      Optional<ConditionKeyDefinition> def = catalog.conditionKey(k);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", k);
      m.put("type", def.map(d -> d.type().toString()).orElse(""));
      m.put("multivalued", def.map(ConditionKeyDefinition::multivalued).orElse(false));
      keys.add(m);
    }
    c.jsonResult(ctx, Map.of("keys", keys));
  }

  /**
   * What a simulation runs on: the policies (stored then pasted) with their texts, the boundary, and
   * the principal picked (its ARN, and again when it is a user: the simulated caller), if any.
   */
  private record Input(String sourceArn, String userArn, List<PolicyInput> policies, List<Map<String, String>> texts,
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
    List<Map<String, String>> texts = new ArrayList<>();
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
      for (Subjects.StoredPolicy p : sub.policies()) {
        PolicyParser.Result r = PolicyParser.parseLenient(p.text());
        if (r.ok()) {
          policies.add(new PolicyInput(p.id(), PolicyInput.IAM_POLICY, r.document()));
          texts.add(Map.of("id", p.id(), "type", p.sourceType(), "text", p.text()));
        }
      }
      if (sub.boundary() != null) {
        PolicyParser.Result r = PolicyParser.parseLenient(sub.boundary().text());
        if (r.ok()) {
          boundary = new PolicyInput(sub.boundary().id(), PolicyInput.IAM_POLICY, r.document());
          texts.add(Map.of("id", sub.boundary().id(), "type", "permissions boundary", "text", sub.boundary().text()));
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
      texts.add(Map.of("id", id, "type", "pasted", "text", pasted.get(i)));
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
      boolean multi = catalog.conditionKey(e.getKey()).map(ConditionKeyDefinition::multivalued).orElse(false);
      b.contextEntry(multi ? new ContextEntry(e.getKey(), "stringList", List.of(value.split("\\s*,\\s*")))
          : new ContextEntry(e.getKey(), "string", List.of(value)));
    }
    PolicySimulator.Simulation sim;
    try {
      sim = PolicySimulator.prepare(b.build());
    } catch (SimulationException e) {
      throw new Console.BadInput(e.getMessage() + (e.detail().isEmpty() ? "" : " " + e.detail()));
    }
    List<Map<String, Object>> results = new ArrayList<>();
    for (EvaluationResult r : sim.results()) {
      // the decision is the simulator's; the engine's explanation of the same evaluation is the detail
      Map<String, Object> row = result(r.evalActionName(), r.evalResourceName(),
          sim.explain(r.evalActionName(), r.evalResourceName()));
      row.put("decision", r.evalDecision().json());
      results.add(row);
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
