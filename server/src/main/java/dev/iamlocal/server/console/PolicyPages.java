package dev.iamlocal.server.console;

import static dev.iamlocal.server.console.EntityPages.panel;
import static dev.iamlocal.server.console.Html.esc;
import static dev.iamlocal.server.console.Html.url;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Managed policies: the list (AWS managed and customer managed, searched by name, paged), a
 * policy's page (document, permissions summary, versions, the entities it is attached to, tags),
 * and the changes the AWS console makes to them: create (from the editor), delete, a new version
 * ("save as new version", CreatePolicyVersion), set the default version, delete a version, tags.
 * Every read and change is the Query API's operation for the signed-in principal ({@link IamCalls}).
 */
final class PolicyPages {

  private final Console c;
  private final EditorPages editor;

  PolicyPages(Console c) {
    this.c = c;
    this.editor = new EditorPages(c);
  }

  void install(Javalin app) {
    c.page(app, "/console/policies", (ctx, s) -> list(ctx, s));
    c.form(app, "/console/policies", this::create);
    c.page(app, "/console/policy", (ctx, s) -> policy(ctx, s, param(ctx, "arn"), null, Map.of(), 200));
    c.page(app, "/console/policy/version", this::version);
    c.form(app, "/console/policy/versions", this::createVersion);
    c.form(app, "/console/policy/default", (ctx, s) -> act(ctx, s, "SetDefaultPolicyVersion",
        "Version " + param(ctx, "versionId") + " is now the default.", "VersionId", param(ctx, "versionId")));
    c.form(app, "/console/policy/version/delete", (ctx, s) -> act(ctx, s, "DeletePolicyVersion",
        "Version " + param(ctx, "versionId") + " deleted.", "VersionId", param(ctx, "versionId")));
    c.form(app, "/console/policy/tags", (ctx, s) -> act(ctx, s, "TagPolicy", "Tag " + param(ctx, "tagKey") + " saved.",
        "Tags.member.1.Key", param(ctx, "tagKey"), "Tags.member.1.Value", value(ctx, "tagValue")));
    c.form(app, "/console/policy/untag", (ctx, s) -> act(ctx, s, "UntagPolicy", "Tag " + param(ctx, "tagKey")
        + " removed.", "TagKeys.member.1", param(ctx, "tagKey")));
    c.form(app, "/console/policy/delete", this::delete);
  }

  // ---------------------------------------------------------------- the list

  private void list(Context ctx, Sessions.Session s) {
    StringBuilder b = new StringBuilder();
    EntityPages.flash(ctx, b);
    String scope = switch (param(ctx, "scope")) {
      case "AWS" -> "AWS";
      case "Local" -> "Local";
      default -> "All";
    };
    List<JsonNode> all;
    try {
      all = new ArrayList<>(c.iam.all(ctx, s, "ListPolicies", "Policies", "Scope", scope));
    } catch (IamCalls.Failure f) {
      b.append(panel(f));
      c.html(ctx, "Policies", s, "policies", b.toString());
      return;
    }
    // customer managed first (what the account wrote), then AWS managed; each by name
    all.sort(Comparator.comparing((JsonNode p) -> aws(p.path("Arn").asText()))
        .thenComparing(p -> p.path("PolicyName").asText(), String.CASE_INSENSITIVE_ORDER));
    Listing<JsonNode> page = Listing.of(ctx, all, p -> p.path("PolicyName").asText());
    Map<String, String> keep = scope.equals("All") ? Map.of() : Map.of("scope", scope);
    b.append("<div class=\"row\">").append(Listing.searchBox("/console/policies", "filter", "Find policies by name",
        page.filter(), keep)).append("<nav aria-label=\"Policy type\" class=\"scopes\">");
    for (String[] sc : new String[][] {{"All", "All types"}, {"Local", "Customer managed"}, {"AWS", "AWS managed"}}) {
      String href = "/console/policies" + (sc[0].equals("All") ? "" : "?scope=" + sc[0])
          + (page.filter().isEmpty() ? "" : (sc[0].equals("All") ? "?" : "&") + "filter=" + url(page.filter()));
      b.append("<a href=\"").append(esc(href)).append("\"").append(sc[0].equals(scope) ? " aria-current=\"true\"" : "")
          .append(">").append(sc[1]).append("</a> ");
    }
    b.append("</nav></div><table id=\"policies\"><caption>").append(page.caption("policy", "policies"))
        .append("</caption><thead><tr><th scope=\"col\">Policy name</th><th scope=\"col\">Path</th>")
        .append("<th scope=\"col\">Default version</th><th scope=\"col\">Attachments</th><th scope=\"col\">Type</th>")
        .append("</tr></thead><tbody>");
    for (JsonNode p : page.shown()) {
      String arn = p.path("Arn").asText();
      b.append("<tr><td>").append(EntityPages.policyLink(arn)).append("</td><td>").append(esc(p.path("Path").asText()))
          .append("</td><td>").append(esc(p.path("DefaultVersionId").asText())).append("</td><td>")
          .append(p.path("AttachmentCount").asInt()).append("</td><td>")
          .append(aws(arn) ? "AWS managed" : "Customer managed").append("</td></tr>");
    }
    b.append("</tbody></table>").append(page.pager("/console/policies", keep))
        .append("<p><a href=\"/console/editor\" id=\"newPolicy\">Create policy</a> in the policy editor.</p>");
    c.html(ctx, "Policies", s, "policies", b.toString());
  }

  private void create(Context ctx, Sessions.Session s) {
    String name = ctx.formParam("policyName");
    String doc = ctx.formParam("policyDocument");
    String description = EntityPages.blankToNull(ctx.formParam("description"));
    JsonNode p;
    try {
      p = c.iam.call(ctx, s, "CreatePolicy", "PolicyName", name, "PolicyDocument", doc, "Description", description)
          .path("Policy");
    } catch (IamCalls.Failure f) {
      editor.editor(ctx, s, new EditorPages.Draft(null, name, description, doc, alert(f, doc)), f.status());
      return;
    }
    ctx.redirect("/console/policy?arn=" + url(p.path("Arn").asText()) + "&done=" + url("Policy " + name + " created."));
  }

  /** AWS's panel for a failed save, with where IAM's grammar refuses the document when it is malformed. */
  private static String alert(IamCalls.Failure f, String doc) {
    String alert = panel(f);
    if (f.code().equals("MalformedPolicyDocument")) {
      List<dev.iamlocal.validation.Finding> where = IamPages.refusals(doc, dev.iamlocal.policy.IamPolicyGrammar.Use.MANAGED);
      if (!where.isEmpty()) {
        alert += IamPages.refusedPanel(where);
      }
    }
    return alert;
  }

  // ---------------------------------------------------------------- a policy

  /** A policy's page; {@code alert} (a failed change's panel) on top, tag fields from {@code draft}. */
  private void policy(Context ctx, Sessions.Session s, String arn, String alert, Map<String, String> draft, int status) {
    if (arn.isEmpty()) {
      throw new Console.BadInput("Name the policy: /console/policy?arn=ARN");
    }
    String name = arn.substring(arn.lastIndexOf('/') + 1);
    JsonNode p;
    String doc;
    try {
      p = c.iam.call(ctx, s, "GetPolicy", "PolicyArn", arn).path("Policy");
      doc = IamCalls.document(c.iam.call(ctx, s, "GetPolicyVersion", "PolicyArn", arn, "VersionId",
          p.path("DefaultVersionId").asText()).path("PolicyVersion").get("Document"));
    } catch (IamCalls.Failure f) {
      ctx.status(f.status());
      c.html(ctx, name, s, "policies", (alert == null ? "" : alert) + panel(f));
      return;
    }
    boolean aws = aws(arn);
    StringBuilder b = new StringBuilder();
    EntityPages.flash(ctx, b);
    if (alert != null) {
      b.append(alert);
    }
    b.append("<dl class=\"facts\"><dt>ARN</dt><dd><code>").append(esc(arn)).append("</code></dd>")
        .append("<dt>Type</dt><dd>").append(aws ? "AWS managed" : "Customer managed").append("</dd>")
        .append("<dt>Description</dt><dd>").append(esc(IamCalls.text(p.get("Description")))).append("</dd>")
        .append("<dt>Default version</dt><dd id=\"defaultVersion\">").append(esc(p.path("DefaultVersionId").asText()))
        .append("</dd><dt>Created</dt><dd>").append(esc(IamCalls.text(p.get("CreateDate")))).append("</dd>")
        .append("<dt>Updated</dt><dd>").append(esc(IamCalls.text(p.get("UpdateDate")))).append("</dd>")
        .append("<dt>Attachments</dt><dd>").append(p.path("AttachmentCount").asInt()).append("</dd>")
        .append("<dt>Used as a permissions boundary</dt><dd>").append(p.path("PermissionsBoundaryUsageCount").asInt())
        .append("</dd></dl>");
    b.append("<h2>Permissions summary</h2>").append(PermissionsSummary.html(
        List.of(new PermissionsSummary.Source(name, doc)), null));
    b.append("<h2>Document</h2><pre class=\"policy\" id=\"policyDocument\">").append(esc(Format.pretty(doc)))
        .append("</pre><p><a id=\"openEditor\" href=\"/console/editor?arn=").append(esc(url(arn))).append("\">")
        .append(aws ? "Open in the policy editor" : "Edit in the policy editor (saves a new version)").append("</a></p>");
    b.append(versions(ctx, s, arn, aws));
    b.append(entities(ctx, s, arn));
    if (!aws) {
      b.append(tags(ctx, s, arn, draft));
      b.append("<form class=\"card danger\" method=\"post\" action=\"/console/policy/delete\" data-confirm=\"Delete policy ")
          .append(esc(name)).append("?\">").append(Html.csrfField(s)).append(hidden("arn", arn))
          .append("<button type=\"submit\" class=\"danger\" id=\"deletePolicy\">Delete policy</button></form>");
    }
    ctx.status(status);
    c.html(ctx, name, s, "policies", b.toString());
  }

  private String versions(Context ctx, Sessions.Session s, String arn, boolean aws) {
    StringBuilder t = new StringBuilder("<section aria-labelledby=\"h-versions\"><h2 id=\"h-versions\">Policy versions</h2>");
    try {
      List<JsonNode> vs = c.iam.all(ctx, s, "ListPolicyVersions", "Versions", "PolicyArn", arn);
      t.append("<table id=\"versions\"><caption>").append(esc(Listing.count(vs.size(), "version", "versions")))
          .append(aws ? "" : " (IAM keeps at most 5)").append("</caption><thead><tr><th scope=\"col\">Version</th>")
          .append("<th scope=\"col\">Default</th><th scope=\"col\">Created</th><th scope=\"col\">Actions</th></tr></thead><tbody>");
      for (JsonNode v : vs) {
        String id = v.path("VersionId").asText();
        boolean isDefault = v.path("IsDefaultVersion").asBoolean();
        t.append("<tr data-version=\"").append(esc(id)).append("\"><td><a href=\"/console/policy/version?arn=")
            .append(esc(url(arn))).append("&amp;version=").append(esc(url(id))).append("\">").append(esc(id))
            .append("</a></td><td>").append(isDefault ? "Default" : "").append("</td><td>")
            .append(esc(IamCalls.text(v.get("CreateDate")))).append("</td><td>");
        if (!aws && !isDefault) {
          t.append(form(s, "/console/policy/default", "Set as default", "set-default", arn, "versionId", id)).append(' ')
              .append(form(s, "/console/policy/version/delete", "Delete", "delete-version", arn, "versionId", id));
        }
        t.append("</td></tr>");
      }
      t.append("</tbody></table>");
    } catch (IamCalls.Failure f) {
      t.append(panel(f));
    }
    return t.append("</section>").toString();
  }

  private String entities(Context ctx, Sessions.Session s, String arn) {
    StringBuilder t = new StringBuilder("<section aria-labelledby=\"h-entities\"><h2 id=\"h-entities\">Entities attached</h2>");
    try {
      // ListEntitiesForPolicy pages its three lists together: one large page holds them
      JsonNode out = c.iam.call(ctx, s, "ListEntitiesForPolicy", "PolicyArn", arn, "MaxItems", "1000");
      List<String[]> rows = new ArrayList<>();
      out.path("PolicyUsers").forEach(u -> rows.add(new String[] {"User", u.path("UserName").asText(),
          EntityPages.Kind.USER.page(u.path("UserName").asText())}));
      out.path("PolicyGroups").forEach(g -> rows.add(new String[] {"Group", g.path("GroupName").asText(),
          EntityPages.Kind.GROUP.page(g.path("GroupName").asText())}));
      out.path("PolicyRoles").forEach(r -> rows.add(new String[] {"Role", r.path("RoleName").asText(),
          EntityPages.Kind.ROLE.page(r.path("RoleName").asText())}));
      if (rows.isEmpty()) {
        t.append("<p>Not attached to any user, group or role.</p>");
      } else {
        t.append("<table id=\"entities\"><caption>").append(esc(Listing.count(rows.size(), "entity", "entities")))
            .append("</caption><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Type</th></tr></thead><tbody>");
        rows.forEach(r -> t.append("<tr><td><a href=\"").append(esc(r[2])).append("\">").append(esc(r[1]))
            .append("</a></td><td>").append(r[0]).append("</td></tr>"));
        t.append("</tbody></table>");
      }
    } catch (IamCalls.Failure f) {
      t.append(panel(f));
    }
    return t.append("</section>").toString();
  }

  private String tags(Context ctx, Sessions.Session s, String arn, Map<String, String> draft) {
    StringBuilder t = new StringBuilder("<section aria-labelledby=\"h-tags\"><h2 id=\"h-tags\">Tags</h2>");
    try {
      Map<String, String> tags = IamCalls.tags(c.iam.call(ctx, s, "ListPolicyTags", "PolicyArn", arn, "MaxItems", "1000")
          .path("Tags"));
      if (tags.isEmpty()) {
        t.append("<p>No tags.</p>");
      } else {
        t.append("<table id=\"tags\"><caption>").append(esc(Listing.count(tags.size(), "tag", "tags")))
            .append("</caption><thead><tr><th scope=\"col\">Key</th><th scope=\"col\">Value</th>")
            .append("<th scope=\"col\">Action</th></tr></thead><tbody>");
        tags.forEach((k, v) -> t.append("<tr><td>").append(esc(k)).append("</td><td>").append(esc(v)).append("</td><td>")
            .append(form(s, "/console/policy/untag", "Remove", "untag", arn, "tagKey", k)).append("</td></tr>"));
        t.append("</tbody></table>");
      }
    } catch (IamCalls.Failure f) {
      t.append(panel(f));
    }
    return t.append("<form class=\"inline-form\" method=\"post\" action=\"/console/policy/tags\">")
        .append(Html.csrfField(s)).append(hidden("arn", arn)).append("<label for=\"tagKey\">Key</label>")
        .append("<input id=\"tagKey\" name=\"tagKey\" required maxlength=\"128\" value=\"").append(esc(draft.get("tagKey")))
        .append("\"><label for=\"tagValue\">Value</label><input id=\"tagValue\" name=\"tagValue\" maxlength=\"256\"")
        .append(" value=\"").append(esc(draft.get("tagValue"))).append("\"><button type=\"submit\" id=\"addTag\">")
        .append("Add or update tag</button></form></section>").toString();
  }

  private void version(Context ctx, Sessions.Session s) {
    String arn = param(ctx, "arn");
    String id = param(ctx, "version");
    JsonNode v = c.iam.call(ctx, s, "GetPolicyVersion", "PolicyArn", arn, "VersionId", id).path("PolicyVersion");
    String doc = IamCalls.document(v.get("Document"));
    String body = "<p>Of <a href=\"/console/policy?arn=" + esc(url(arn)) + "\">" + esc(arn) + "</a>"
        + (v.path("IsDefaultVersion").asBoolean() ? ", the default version" : "") + "; created "
        + esc(IamCalls.text(v.get("CreateDate"))) + ".</p><pre class=\"policy\" id=\"versionDocument\">"
        + esc(Format.pretty(doc)) + "</pre><h2>Permissions summary</h2>"
        + PermissionsSummary.html(List.of(new PermissionsSummary.Source(id, doc)), null);
    c.html(ctx, "Version " + id, s, "policies", body);
  }

  // ---------------------------------------------------------------- changes

  /** "Save as new version" from the editor: CreatePolicyVersion, the default unless unticked. */
  private void createVersion(Context ctx, Sessions.Session s) {
    String arn = param(ctx, "arn");
    String doc = ctx.formParam("policyDocument");
    boolean setDefault = ctx.formParam("setAsDefault") != null;
    JsonNode v;
    try {
      v = c.iam.call(ctx, s, "CreatePolicyVersion", "PolicyArn", arn, "PolicyDocument", doc, "SetAsDefault",
          Boolean.toString(setDefault)).path("PolicyVersion");
    } catch (IamCalls.Failure f) {
      editor.editor(ctx, s, new EditorPages.Draft(arn, ctx.formParam("policyName"), ctx.formParam("description"), doc,
          alert(f, doc)), f.status());
      return;
    }
    ctx.redirect("/console/policy?arn=" + url(arn) + "&done=" + url("Version " + v.path("VersionId").asText()
        + " created" + (setDefault ? " as the default." : ".")));
  }

  private void act(Context ctx, Sessions.Session s, String action, String done, String... kv) {
    String arn = param(ctx, "arn");
    String[] args = java.util.Arrays.copyOf(kv, kv.length + 2);
    args[kv.length] = "PolicyArn";
    args[kv.length + 1] = arn;
    try {
      c.iam.call(ctx, s, action, args);
    } catch (IamCalls.Failure f) {
      Map<String, String> draft = new java.util.HashMap<>();
      draft.put("tagKey", value(ctx, "tagKey"));
      draft.put("tagValue", value(ctx, "tagValue"));
      policy(ctx, s, arn, panel(f), draft, f.status());
      return;
    }
    ctx.redirect("/console/policy?arn=" + url(arn) + "&done=" + url(done));
  }

  private void delete(Context ctx, Sessions.Session s) {
    String arn = param(ctx, "arn");
    try {
      c.iam.call(ctx, s, "DeletePolicy", "PolicyArn", arn);
    } catch (IamCalls.Failure f) {
      policy(ctx, s, arn, panel(f), Map.of(), f.status());
      return;
    }
    ctx.redirect("/console/policies?done=" + url("Policy " + arn.substring(arn.lastIndexOf('/') + 1) + " deleted."));
  }

  // ---------------------------------------------------------------- helpers

  private static boolean aws(String arn) {
    return arn.startsWith("arn:aws:iam::aws:policy/");
  }

  private static String hidden(String name, String value) {
    return "<input type=\"hidden\" name=\"" + esc(name) + "\" value=\"" + esc(value) + "\">";
  }

  /** A one-button POST form naming the policy and one more field. */
  private static String form(Sessions.Session s, String action, String label, String cls, String arn, String field,
      String value) {
    return "<form class=\"inline\" method=\"post\" action=\"" + esc(action) + "\">" + Html.csrfField(s) + hidden("arn", arn)
        + hidden(field, value) + "<button type=\"submit\" class=\"" + esc(cls) + "\">" + esc(label) + "</button></form>";
  }

  /** A query or (for a POST) form parameter, trimmed; empty when absent. A GET page reads no body. */
  private static String param(Context ctx, String name) {
    String v = "POST".equals(ctx.method().name()) ? ctx.formParam(name) : null;
    if (v == null) {
      v = ctx.queryParam(name);
    }
    return v == null ? "" : v.trim();
  }

  private static String value(Context ctx, String name) {
    String v = ctx.formParam(name);
    return v == null ? "" : v;
  }
}
