package dev.iamlocal.server.console;

import static dev.iamlocal.server.console.Html.esc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iamlocal.policy.PolicyParseException;
import dev.iamlocal.policy.Span;
import dev.iamlocal.reasoning.AccessCheckPolicyType;
import dev.iamlocal.reasoning.Counterexample;
import dev.iamlocal.reasoning.Prover;
import dev.iamlocal.validation.Finding;
import dev.iamlocal.validation.PolicyKind;
import dev.iamlocal.validation.ValidationOptions;
import dev.iamlocal.validation.Validator;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The policy editor: a text area validated as you type ({@code POST /console/api/validate}),
 * findings shown at their line and column, and a one-click fix where a finding names a concrete
 * replacement (the did-you-mean of an unknown action, service, condition key or operator), and a
 * "what changes" panel: the access the edit adds and removes ({@code POST /console/api/diff}).
 */
final class EditorPages {

  private static final Pattern DID_YOU_MEAN = Pattern.compile("did you mean `([^`]+)`\\?");
  private static final Pattern WRITE = Pattern.compile("^Write \"([^\"]+)\"\\.$");
  private static final Pattern USE_INSTEAD = Pattern.compile("^Use \"([^\"]+)\" instead\\.$");

  private final Console c;

  EditorPages(Console c) {
    this.c = c;
  }

  void install(Javalin app) {
    c.page(app, "/console/editor", this::editor);
    c.api(app, true, "/console/api/validate", this::validate);
    c.api(app, true, "/console/api/diff", this::diff);
  }

  /**
   * What a failed save sent (shown again with its error, nothing the user typed lost).
   *
   * @param arn the policy a new version was for, or null for a new policy
   * @param alert the error panels, already HTML
   */
  record Draft(String arn, String policyName, String description, String document, String alert) {}

  private void editor(Context ctx, Sessions.Session s) {
    editor(ctx, s, null, 200);
  }

  /** The editor, with {@code draft} (a failed save) in place of the stored or example text when given. */
  void editor(Context ctx, Sessions.Session s, Draft draft, int status) {
    String initial = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        + "      \"Action\": \"sagemaker:ListEndpoints\",\n      \"Resource\": \"*\"\n    }\n  ]\n}\n";
    String arn = draft != null ? draft.arn() : ctx.queryParam("arn");
    boolean versionable = false;
    StringBuilder b = new StringBuilder();
    if (draft != null) {
      b.append(draft.alert());
      initial = draft.document() == null ? "" : draft.document();
      versionable = arn != null && !arn.startsWith("arn:aws:iam::aws:");
    } else if (arn != null) {
      Optional<String> denied = c.denial(ctx, s, "iam:GetPolicy", arn);
      if (denied.isEmpty()) {
        denied = c.denial(ctx, s, "iam:GetPolicyVersion", arn);
      }
      if (denied.isPresent()) {
        b.append(Html.denied(denied.get()));
      } else {
        Optional<String> doc = c.store.policies().managedPolicyDocument(s.accountId(), arn);
        if (doc.isPresent()) {
          initial = Format.pretty(doc.get());
          versionable = !arn.startsWith("arn:aws:iam::aws:");
        } else {
          b.append(Html.error("NoSuchEntity", "Policy " + arn + " was not found."));
        }
      }
    }
    b.append("<form id=\"editorForm\" class=\"editor\" method=\"post\" action=\"/console/policies\">")
        .append(Html.csrfField(s))
        .append("<div class=\"row\"><label for=\"policyKind\">Validate as</label><select id=\"policyKind\" name=\"kind\">");
    for (PolicyKind k : PolicyKind.values()) {
      b.append("<option value=\"").append(k.cliName()).append("\"").append(k == PolicyKind.IDENTITY ? " selected" : "")
          .append(">").append(esc(k.cliName())).append("</option>");
    }
    b.append("</select> <button type=\"button\" id=\"formatPolicy\">Format</button>")
        .append(" <span id=\"validationStatus\" role=\"status\" aria-live=\"polite\"></span></div>")
        .append("<label for=\"policyText\">Policy document</label>")
        .append("<textarea id=\"policyText\" name=\"policyDocument\" rows=\"18\" spellcheck=\"false\" ")
        .append("aria-describedby=\"findingsHeading\">").append(esc(initial)).append("</textarea>")
        .append("<h2 id=\"findingsHeading\">Findings</h2><ol id=\"findings\" class=\"findings\"></ol>")
        .append("<h2>Annotated</h2><pre id=\"annotated\" class=\"policy annotated\" aria-label=\"Policy with findings marked\"></pre>")
        .append("<section class=\"card\" aria-labelledby=\"changesHeading\"><h2 id=\"changesHeading\">What changes</h2>")
        .append("<p class=\"help\">The access the edited policy adds and removes compared with the one below (the")
        .append(" stored version when you opened a policy), proved over every action, resource and context value, by")
        .append(" service and access level, each with an example request.</p>")
        .append("<label for=\"baselineText\">Compare with</label>")
        .append("<textarea id=\"baselineText\" rows=\"6\" spellcheck=\"false\">").append(esc(initial)).append("</textarea>")
        .append("<button type=\"button\" id=\"whatChanges\">What changes</button> ")
        .append("<span id=\"changesStatus\" role=\"status\" aria-live=\"polite\"></span>")
        .append("<div id=\"changes\"></div></section>")
        .append("<fieldset class=\"card\"><legend>Save as a customer managed policy</legend>")
        .append("<label for=\"newPolicyName\">Policy name</label><input id=\"newPolicyName\" name=\"policyName\" required")
        .append(" value=\"").append(esc(draft == null ? "" : draft.policyName())).append("\">")
        .append("<label for=\"newPolicyDescription\">Description (optional)</label>")
        .append("<input id=\"newPolicyDescription\" name=\"description\" value=\"")
        .append(esc(draft == null ? "" : draft.description())).append("\">")
        .append("<button type=\"submit\" id=\"createPolicy\">Create policy</button></fieldset>");
    if (versionable) {
      // CreatePolicyVersion of the policy opened: the same form, sent elsewhere
      b.append("<fieldset class=\"card\"><legend>Save as a new version of <code>").append(esc(arn))
          .append("</code></legend><input type=\"hidden\" name=\"arn\" value=\"").append(esc(arn)).append("\">")
          .append("<label><input type=\"checkbox\" id=\"setAsDefault\" name=\"setAsDefault\" value=\"true\" checked>")
          .append(" Set as the default version</label> <button type=\"submit\" id=\"saveVersion\"")
          .append(" formaction=\"/console/policy/versions\" formnovalidate>Save as new version</button></fieldset>");
    }
    b.append("</form>");
    ctx.status(status);
    c.html(ctx, "Policy editor", s, "editor", b.toString());
  }

  private void validate(Context ctx, Sessions.Session s) throws Exception {
    Optional<String> denied = c.denial(ctx, s, "access-analyzer:ValidatePolicy", "*");
    if (denied.isPresent()) {
      c.jsonError(ctx, 403, "AccessDenied", denied.get());
      return;
    }
    JsonNode body = c.body(ctx);
    String text = body.path("text").asText("");
    PolicyKind kind = PolicyKind.IDENTITY;
    String k = body.path("kind").asText("identity");
    for (PolicyKind pk : PolicyKind.values()) {
      if (pk.cliName().equals(k)) {
        kind = pk;
      }
    }
    List<Finding> findings = Validator.validate(text, kind, ValidationOptions.defaults());
    List<Map<String, Object>> out = new ArrayList<>();
    for (Finding f : findings) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("severity", f.severity().json());
      m.put("code", f.issueCode());
      m.put("message", f.message());
      m.put("hint", f.hint());
      m.put("path", f.path().toString());
      Span sp = f.span();
      if (sp.isKnown()) {
        m.put("line", sp.start().line());
        m.put("column", sp.start().column());
        m.put("start", sp.start().offset());
        m.put("end", sp.end().offset());
      }
      m.put("learnMore", f.learnMoreLink());
      Fix fix = fix(text, f);
      if (fix != null) {
        m.put("fix", Map.of("start", fix.start(), "end", fix.end(), "replacement", fix.replacement(),
            "label", fix.label()));
      }
      out.add(m);
    }
    c.jsonResult(ctx, Map.of("findings", out));
  }

  /**
   * What changes from {@code old} to {@code new} ({@link Prover#diff}): per direction, the actions
   * grouped by service and access level, those with the same example request together. Authorized
   * as {@code access-analyzer:CheckNoNewAccess}, the check it is made of.
   */
  private void diff(Context ctx, Sessions.Session s) throws Exception {
    Optional<String> denied = c.denial(ctx, s, "access-analyzer:CheckNoNewAccess", "*");
    if (denied.isPresent()) {
      c.jsonError(ctx, 403, "AccessDenied", denied.get());
      return;
    }
    JsonNode body = c.body(ctx);
    String kind = body.path("kind").asText("identity");
    AccessCheckPolicyType type = kind.equals("resource") || kind.equals("trust") ? AccessCheckPolicyType.RESOURCE_POLICY
        : AccessCheckPolicyType.IDENTITY_POLICY;
    Prover.PolicyDiff d;
    try {
      d = prover.diff(body.path("old").asText(""), body.path("new").asText(""), type);
    } catch (PolicyParseException e) {
      throw new Console.BadInput("Not a valid policy: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new Console.BadInput(e.getMessage());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("added", groups(d.added(), d.otherServices()));
    out.put("removed", groups(d.removed(), d.otherServices()));
    out.put("addedCount", d.added().size());
    out.put("removedCount", d.removed().size());
    out.put("undecided", d.undecided());
    c.jsonResult(ctx, out);
  }

  private final Prover prover = Prover.bundled();

  /** [{service, level, items: [{actions, resource, context}]}], services and levels in order. */
  private List<Map<String, Object>> groups(List<Counterexample> ces, String otherServices) {
    Map<String, Map<String, Map<String, Map<String, Object>>>> by = new java.util.TreeMap<>();
    for (Counterexample ce : ces) {
      boolean others = ce.action().equals(otherServices);
      String service = others ? "(every service neither policy names)" : ce.action().substring(0, ce.action().indexOf(':'));
      String level = others ? "all" : prover.action(ce.action()).map(a -> a.accessLevel().label())
          .orElse("not in the catalog");
      Map<String, Object> m = ce.toMap();
      String key = m.get("resource") + "\u0000" + m.get("context");
      Map<String, Object> item = by.computeIfAbsent(service, k -> new java.util.TreeMap<>())
          .computeIfAbsent(level, k -> new LinkedHashMap<>()).computeIfAbsent(key, k -> {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("actions", new ArrayList<String>());
            n.put("resource", m.get("resource"));
            n.put("context", m.get("context"));
            return n;
          });
      @SuppressWarnings("unchecked")
      List<String> actions = (List<String>) item.get("actions");
      actions.add(ce.action());
    }
    List<Map<String, Object>> out = new ArrayList<>();
    by.forEach((service, levels) -> levels.forEach((level, items) -> {
      Map<String, Object> g = new LinkedHashMap<>();
      g.put("service", service);
      g.put("level", level);
      g.put("items", new ArrayList<>(items.values()));
      out.add(g);
    }));
    return out;
  }

  /** A replacement of {@code text[start, end)}. */
  record Fix(long start, long end, String replacement, String label) {}

  /**
   * The concrete fix a finding names, if any: the did-you-mean of its message, or the canonical
   * spelling, applied to the JSON string the finding points at. Null when the finding does not name
   * a single replacement or does not point at a string literal.
   */
  static Fix fix(String text, Finding f) {
    Span sp = f.span();
    if (!sp.isKnown()) {
      return null;
    }
    int start = (int) sp.start().offset();
    int end = (int) sp.end().offset();
    if (start < 0 || end > text.length() || end - start < 2 || text.charAt(start) != '"' || text.charAt(end - 1) != '"') {
      return null;
    }
    String suggestion = null;
    Matcher m = DID_YOU_MEAN.matcher(f.message());
    if (m.find()) {
      suggestion = m.group(1);
    } else if (f.issueCode().equals("NONCANONICAL_ACTION_CASE")) {
      Matcher w = WRITE.matcher(f.hint());
      if (w.find()) {
        suggestion = w.group(1);
      }
    } else if (f.issueCode().equals("DEPRECATED_CONDITION_KEY")) {
      Matcher u = USE_INSTEAD.matcher(f.hint());
      if (u.find()) {
        suggestion = u.group(1);
      }
    }
    if (suggestion == null) {
      return null;
    }
    String literal;
    try {
      literal = new com.fasterxml.jackson.databind.ObjectMapper().readValue(text.substring(start, end), String.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return null;
    }
    String value = suggestion;
    if (f.issueCode().equals("INVALID_SERVICE")) {
      // the suggestion is a service prefix: keep the action part
      int colon = literal.indexOf(':');
      if (colon < 0) {
        return null;
      }
      value = suggestion + literal.substring(colon);
    }
    return new Fix(start, end, quote(value), "Replace with " + value);
  }

  private static String quote(String s) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
