package dev.iamlocal.server.console;

import static dev.iamlocal.server.console.Html.esc;
import static dev.iamlocal.server.console.Html.url;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Users, groups and roles: their lists (searched by name, paged) and detail pages, and every change
 * the AWS IAM console makes to them (create, delete, attach, detach, inline policies, tags, the
 * permissions boundary, group membership, access keys, a role's trust policy). Each change and each
 * read is the Query API's operation ({@link IamCalls}) for the signed-in principal, so a page shows
 * AWS's own error (AccessDenied, NoSuchEntity, DeleteConflict, LimitExceeded…) with AWS's words.
 *
 * <p>A failed change shows its page again with the error on top and the form filled with what the
 * user sent; a change that worked redirects to the page with a confirmation ({@code ?done=}).
 */
final class EntityPages {

  /** Users, groups or roles: the API's names for them and the console's paths. */
  enum Kind {
    USER("user", "User", "users", "Users"),
    GROUP("group", "Group", "groups", "Groups"),
    ROLE("role", "Role", "roles", "Roles");

    final String key;
    final String title;
    final String plural;
    final String pluralTitle;

    Kind(String key, String title, String plural, String pluralTitle) {
      this.key = key;
      this.title = title;
      this.plural = plural;
      this.pluralTitle = pluralTitle;
    }

    /** The API's member naming one ({@code UserName}). */
    String nameParam() {
      return title + "Name";
    }

    String base() {
      return "/console/" + plural;
    }

    String page(String name) {
      return base() + "/" + url(name);
    }

    /** Users and roles have tags and a permissions boundary; groups have neither. */
    boolean tagged() {
      return this != GROUP;
    }
  }

  static final String DEFAULT_TRUST = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n"
      + "      \"Effect\": \"Allow\",\n      \"Principal\": {\"Service\": \"sagemaker.amazonaws.com\"},\n"
      + "      \"Action\": \"sts:AssumeRole\"\n    }\n  ]\n}\n";
  static final String DEFAULT_INLINE = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n"
      + "      \"Effect\": \"Allow\",\n      \"Action\": \"sagemaker:ListEndpoints\",\n      \"Resource\": \"*\"\n"
      + "    }\n  ]\n}\n";
  /** How many policies the attach picker lists for one search. */
  static final int PICKS = 25;

  private final Console c;

  EntityPages(Console c) {
    this.c = c;
  }

  void install(Javalin app) {
    for (Kind k : Kind.values()) {
      String b = k.base();
      c.page(app, b, (ctx, s) -> list(ctx, s, k, null, Map.of(), 200));
      c.form(app, b, (ctx, s) -> create(ctx, s, k));
      c.page(app, b + "/{name}", (ctx, s) -> detail(ctx, s, k, ctx.pathParam("name"), null, Map.of(), 200));
      c.form(app, b + "/{name}/delete", (ctx, s) -> delete(ctx, s, k));
      c.form(app, b + "/{name}/attach", (ctx, s) -> act(ctx, s, k, "Attach" + k.title + "Policy",
          "Attached " + param(ctx, "policyArn") + ".", "PolicyArn", param(ctx, "policyArn")));
      c.form(app, b + "/{name}/detach", (ctx, s) -> act(ctx, s, k, "Detach" + k.title + "Policy",
          "Detached " + param(ctx, "policyArn") + ".", "PolicyArn", param(ctx, "policyArn")));
      c.page(app, b + "/{name}/inline", (ctx, s) -> inlineEditor(ctx, s, k, null, 200));
      c.form(app, b + "/{name}/inline", (ctx, s) -> putInline(ctx, s, k));
      c.form(app, b + "/{name}/inline/delete", (ctx, s) -> act(ctx, s, k, "Delete" + k.title + "Policy",
          "Inline policy " + param(ctx, "policyName") + " deleted.", "PolicyName", param(ctx, "policyName")));
      if (k.tagged()) {
        c.form(app, b + "/{name}/tags", (ctx, s) -> act(ctx, s, k, "Tag" + k.title,
            "Tag " + param(ctx, "tagKey") + " saved.", "Tags.member.1.Key", param(ctx, "tagKey"),
            "Tags.member.1.Value", ctx.formParam("tagValue") == null ? "" : ctx.formParam("tagValue")));
        c.form(app, b + "/{name}/untag", (ctx, s) -> act(ctx, s, k, "Untag" + k.title,
            "Tag " + param(ctx, "tagKey") + " removed.", "TagKeys.member.1", param(ctx, "tagKey")));
        c.form(app, b + "/{name}/boundary", (ctx, s) -> boundary(ctx, s, k));
      }
    }
    Kind u = Kind.USER;
    c.form(app, u.base() + "/{name}/groups", (ctx, s) -> membership(ctx, s, u, "AddUserToGroup", true));
    c.form(app, u.base() + "/{name}/groups/remove", (ctx, s) -> membership(ctx, s, u, "RemoveUserFromGroup", true));
    c.form(app, Kind.GROUP.base() + "/{name}/members", (ctx, s) -> membership(ctx, s, Kind.GROUP, "AddUserToGroup",
        false));
    c.form(app, Kind.GROUP.base() + "/{name}/members/remove", (ctx, s) -> membership(ctx, s, Kind.GROUP,
        "RemoveUserFromGroup", false));
    c.form(app, u.base() + "/{name}/keys", this::createKey);
    c.form(app, u.base() + "/{name}/keys/status", (ctx, s) -> act(ctx, s, u, "UpdateAccessKey",
        "Access key " + param(ctx, "accessKeyId") + " is now " + param(ctx, "status") + ".",
        "AccessKeyId", param(ctx, "accessKeyId"), "Status", param(ctx, "status")));
    c.form(app, u.base() + "/{name}/keys/delete", (ctx, s) -> act(ctx, s, u, "DeleteAccessKey",
        "Access key " + param(ctx, "accessKeyId") + " deleted.", "AccessKeyId", param(ctx, "accessKeyId")));
    c.form(app, Kind.ROLE.base() + "/{name}/trust", this::updateTrust);
  }

  // ---------------------------------------------------------------- lists

  private void list(Context ctx, Sessions.Session s, Kind k, String alert, Map<String, String> draft, int status) {
    StringBuilder b = new StringBuilder();
    flash(ctx, b);
    if (alert != null) {
      b.append(alert);
    }
    List<JsonNode> all;
    try {
      all = c.iam.all(ctx, s, "List" + k.pluralTitle, k.pluralTitle);
    } catch (IamCalls.Failure f) {
      b.append(panel(f));
      all = null;
    }
    if (all != null) {
      all.sort((x, y) -> x.path(k.nameParam()).asText().compareToIgnoreCase(y.path(k.nameParam()).asText()));
      Listing<JsonNode> page = Listing.of(ctx, all, n -> n.path(k.nameParam()).asText());
      b.append(Listing.searchBox(k.base(), "filter", "Find " + k.plural + " by name", page.filter(), Map.of()));
      b.append("<table id=\"").append(k.plural).append("\"><caption>").append(page.caption(k.key, k.plural))
          .append("</caption><thead><tr><th scope=\"col\">").append(k.title).append(" name</th><th scope=\"col\">Path</th>")
          .append("<th scope=\"col\">ARN</th>");
      switch (k) {
        case GROUP -> b.append("<th scope=\"col\">Users</th>");
        case ROLE -> b.append("<th scope=\"col\">Description</th><th scope=\"col\">Trust policy</th>");
        default -> { }
      }
      b.append("<th scope=\"col\">Created</th></tr></thead><tbody>");
      for (JsonNode n : page.shown()) {
        String name = n.path(k.nameParam()).asText();
        b.append("<tr><td><a href=\"").append(esc(k.page(name))).append("\">").append(esc(name)).append("</a></td><td>")
            .append(esc(n.path("Path").asText())).append("</td><td><code>").append(esc(n.path("Arn").asText()))
            .append("</code></td>");
        if (k == Kind.GROUP) {
          b.append("<td>").append(members(ctx, s, name)).append("</td>");
        } else if (k == Kind.ROLE) {
          b.append("<td>").append(esc(IamCalls.text(n.get("Description")))).append("</td><td><details><summary>Show")
              .append("</summary><pre class=\"policy\">").append(esc(Format.pretty(IamCalls.document(
                  n.get("AssumeRolePolicyDocument"))))).append("</pre></details></td>");
        }
        b.append("<td>").append(esc(IamCalls.text(n.get("CreateDate")))).append("</td></tr>");
      }
      b.append("</tbody></table>").append(page.pager(k.base(), Map.of()));
    }
    b.append(createForm(s, k, draft));
    ctx.status(status);
    c.html(ctx, k.pluralTitle, s, k.plural, b.toString());
  }

  /** A group's members for the list: their names, or the AccessDenied of GetGroup. */
  private String members(Context ctx, Sessions.Session s, String group) {
    try {
      List<String> names = new ArrayList<>();
      c.iam.call(ctx, s, "GetGroup", "GroupName", group, "MaxItems", "1000").path("Users")
          .forEach(u -> names.add(u.path("UserName").asText()));
      return esc(Listing.count(names.size(), "user", "users") + (names.isEmpty() ? "" : ": " + String.join(", ", names)));
    } catch (IamCalls.Failure f) {
      return "(" + esc(f.code()) + ")";
    }
  }

  private String createForm(Sessions.Session s, Kind k, Map<String, String> draft) {
    StringBuilder b = new StringBuilder("<form class=\"card\" method=\"post\" action=\"").append(k.base())
        .append("\"><h2>Create ").append(k.key).append("</h2>").append(Html.csrfField(s))
        .append("<label for=\"").append(k.key).append("Name\">").append(k.title).append(" name</label><input id=\"")
        .append(k.key).append("Name\" name=\"").append(k.key).append("Name\" required maxlength=\"")
        .append(k == Kind.USER ? 64 : 128).append("\" value=\"").append(esc(draft.get(k.key + "Name")))
        .append("\" aria-describedby=\"").append(k.key).append("NameHelp\">")
        .append("<p id=\"").append(k.key).append("NameHelp\" class=\"help\">Letters, digits and + = , . @ _ -</p>")
        .append("<label for=\"").append(k.key).append("Path\">Path (optional)</label><input id=\"").append(k.key)
        .append("Path\" name=\"path\" placeholder=\"/\" value=\"").append(esc(draft.get("path"))).append("\">");
    if (k == Kind.ROLE) {
      b.append("<label for=\"roleDescription\">Description (optional)</label><input id=\"roleDescription\"")
          .append(" name=\"description\" maxlength=\"1000\" value=\"").append(esc(draft.get("description"))).append("\">")
          .append("<label for=\"roleTrust\">Trust policy</label><textarea id=\"roleTrust\" name=\"trustPolicy\"")
          .append(" rows=\"10\" spellcheck=\"false\" data-validate=\"trust\">")
          .append(esc(draft.getOrDefault("trustPolicy", DEFAULT_TRUST))).append("</textarea>")
          .append("<ol class=\"findings live-findings\" data-for=\"roleTrust\"></ol>");
    }
    return b.append("<button type=\"submit\" id=\"create").append(k.title).append("\">Create ").append(k.key)
        .append("</button></form>").toString();
  }

  private void create(Context ctx, Sessions.Session s, Kind k) {
    String name = ctx.formParam(k.key + "Name");
    String path = blankToNull(ctx.formParam("path"));
    Map<String, String> draft = new LinkedHashMap<>();
    draft.put(k.key + "Name", name == null ? "" : name);
    draft.put("path", path == null ? "" : path);
    try {
      if (k == Kind.ROLE) {
        String trust = ctx.formParam("trustPolicy");
        String description = blankToNull(ctx.formParam("description"));
        draft.put("trustPolicy", trust == null ? "" : trust);
        draft.put("description", description == null ? "" : description);
        c.iam.call(ctx, s, "CreateRole", "RoleName", name, "Path", path, "AssumeRolePolicyDocument", trust,
            "Description", description);
      } else {
        c.iam.call(ctx, s, "Create" + k.title, k.nameParam(), name, "Path", path);
      }
    } catch (IamCalls.Failure f) {
      list(ctx, s, k, panel(f), draft, f.status());
      return;
    }
    ctx.redirect(k.page(name) + "?done=" + url(k.title + " " + name + " created."));
  }

  // ---------------------------------------------------------------- the detail page

  /**
   * The detail page of {@code name}; {@code alert} (a failed change's panel) on top, and the forms
   * filled from {@code draft} (what the user sent with it).
   */
  void detail(Context ctx, Sessions.Session s, Kind k, String name, String alert, Map<String, String> draft,
      int status) {
    // the entity itself first: NoSuchEntity (404) or AccessDenied answer the whole page
    ObjectNode got;
    try {
      got = c.iam.call(ctx, s, "Get" + k.title, k.nameParam(), name, "MaxItems", k == Kind.GROUP ? "1000" : null);
    } catch (IamCalls.Failure f) {
      ctx.status(f.status());
      c.html(ctx, k.title + " " + name, s, k.plural, (alert == null ? "" : alert) + panel(f));
      return;
    }
    JsonNode e = got.path(k.title);
    String arn = e.path("Arn").asText();
    StringBuilder b = new StringBuilder();
    flash(ctx, b);
    if (alert != null) {
      b.append(alert);
    }
    Effective effective = new Effective();

    // summary
    b.append("<dl class=\"facts\"><dt>ARN</dt><dd><code id=\"entityArn\">").append(esc(arn)).append("</code></dd>")
        .append("<dt>").append(k == Kind.USER ? "User ID" : k == Kind.GROUP ? "Group ID" : "Role ID")
        .append("</dt><dd><code>").append(esc(e.path(k.title + "Id").asText())).append("</code></dd><dt>Path</dt><dd>")
        .append(esc(e.path("Path").asText())).append("</dd><dt>Created</dt><dd>").append(esc(IamCalls.text(e.get("CreateDate"))))
        .append("</dd>");
    if (k == Kind.ROLE) {
      b.append("<dt>Description</dt><dd>").append(esc(IamCalls.text(e.get("Description")))).append("</dd>")
          .append("<dt>Maximum session duration</dt><dd>").append(e.path("MaxSessionDuration").asInt() / 3600)
          .append(" hour(s)</dd>");
    }
    String boundaryArn = e.path("PermissionsBoundary").path("PermissionsBoundaryArn").asText(null);
    if (k.tagged()) {
      b.append("<dt>Permissions boundary</dt><dd id=\"boundary\">").append(boundaryArn == null ? "not set"
          : policyLink(boundaryArn)).append("</dd>");
    }
    String[] lastActivity = new String[1];
    String keysHtml = k == Kind.USER ? accessKeys(ctx, s, name, draft, lastActivity) : null;
    if (k == Kind.USER) {
      b.append("<dt>Last activity</dt><dd id=\"lastActivity\">").append(esc(lastActivity[0] == null ? "Never"
          : lastActivity[0])).append("</dd>");
    }
    b.append("</dl>");

    // permissions
    b.append("<section aria-labelledby=\"h-perms\"><h2 id=\"h-perms\">Permissions policies</h2>");
    b.append(attached(ctx, s, k, name, effective, "attached", true));
    b.append(inline(ctx, s, k, name, effective));
    if (k == Kind.USER) {
      b.append(viaGroups(ctx, s, name, effective));
    }
    b.append(attachPicker(ctx, s, k, name, draft));
    b.append("</section>");

    if (k.tagged()) {
      b.append("<section aria-labelledby=\"h-boundary\"><h2 id=\"h-boundary\">Permissions boundary</h2>")
          .append("<form class=\"card inline-form\" method=\"post\" action=\"").append(esc(k.page(name)))
          .append("/boundary\">").append(Html.csrfField(s)).append("<label for=\"boundaryArn\">Boundary policy ARN")
          .append(" (empty: remove the boundary)</label><input id=\"boundaryArn\" name=\"policyArn\" size=\"60\"")
          .append(" spellcheck=\"false\" value=\"").append(esc(draft.getOrDefault("boundaryArn",
              boundaryArn == null ? "" : boundaryArn))).append("\"><button type=\"submit\" id=\"setBoundary\">")
          .append("Set boundary</button></form></section>");
      if (boundaryArn != null) {
        effective.boundary = managedDocument(ctx, s, boundaryArn);
      }
    }

    b.append("<section aria-labelledby=\"h-summary\"><h2 id=\"h-summary\">Permissions summary</h2>")
        .append(PermissionsSummary.html(effective.documents, effective.boundary)).append("</section>");

    if (k == Kind.USER) {
      b.append(groupsOfUser(ctx, s, name));
    } else if (k == Kind.GROUP) {
      b.append(groupMembers(ctx, s, name, got.path("Users")));
    } else {
      String trust = IamCalls.document(e.get("AssumeRolePolicyDocument"));
      b.append("<section aria-labelledby=\"h-trust\"><h2 id=\"h-trust\">Trust relationships</h2>")
          .append("<pre class=\"policy\" id=\"trustPolicy\">").append(esc(Format.pretty(trust))).append("</pre>")
          .append("<form class=\"card\" method=\"post\" action=\"").append(esc(k.page(name))).append("/trust\">")
          .append(Html.csrfField(s)).append("<label for=\"trustText\">Edit trust policy</label>")
          .append("<textarea id=\"trustText\" name=\"policyDocument\" rows=\"10\" spellcheck=\"false\"")
          .append(" data-validate=\"trust\">").append(esc(draft.getOrDefault("trustPolicy", Format.pretty(trust))))
          .append("</textarea><ol class=\"findings live-findings\" data-for=\"trustText\"></ol>")
          .append("<button type=\"submit\" id=\"updateTrust\">Update trust policy</button></form></section>");
    }
    if (k.tagged()) {
      b.append(tags(ctx, s, k, name, draft));
    }
    if (keysHtml != null) {
      b.append(keysHtml);
    }
    b.append("<form class=\"card danger\" method=\"post\" action=\"").append(esc(k.page(name))).append("/delete\"")
        .append(" data-confirm=\"Delete ").append(k.key).append(' ').append(esc(name)).append("?\">")
        .append(Html.csrfField(s)).append("<button type=\"submit\" class=\"danger\" id=\"delete").append(k.title)
        .append("\">Delete ").append(k.key).append("</button></form>");
    ctx.status(status);
    c.html(ctx, k.title + " " + name, s, k.plural, b.toString());
  }

  /** The documents that apply to the entity, gathered while its sections are built (the summary's input). */
  static final class Effective {
    final List<PermissionsSummary.Source> documents = new ArrayList<>();
    String boundary;
  }

  private String attached(Context ctx, Sessions.Session s, Kind k, String name, Effective eff, String id,
      boolean detachable) {
    StringBuilder t = new StringBuilder("<h3>Attached managed policies</h3>");
    List<JsonNode> arns;
    try {
      arns = c.iam.all(ctx, s, "ListAttached" + k.title + "Policies", "AttachedPolicies", k.nameParam(), name);
    } catch (IamCalls.Failure f) {
      return t.append(panel(f)).toString();
    }
    if (arns.isEmpty()) {
      return t.append("<p>No managed policies attached.</p>").toString();
    }
    t.append("<table id=\"").append(id).append("\"><caption>")
        .append(esc(Listing.count(arns.size(), "policy", "policies"))).append("</caption><thead><tr>")
        .append("<th scope=\"col\">Policy</th><th scope=\"col\">ARN</th><th scope=\"col\">Type</th>")
        .append(detachable ? "<th scope=\"col\">Action</th>" : "").append("</tr></thead><tbody>");
    for (JsonNode a : arns) {
      String arn = a.path("PolicyArn").asText();
      t.append("<tr><td>").append(policyLink(arn)).append("</td><td><code>").append(esc(arn)).append("</code></td><td>")
          .append(arn.startsWith("arn:aws:iam::aws:") ? "AWS managed" : "Customer managed").append("</td>");
      if (detachable) {
        t.append("<td>").append(button(s, k.page(name) + "/detach", "Detach", "policyArn", arn, "detach")).append("</td>");
      }
      t.append("</tr>");
      String doc = managedDocument(ctx, s, arn);
      if (doc != null) {
        eff.documents.add(new PermissionsSummary.Source(a.path("PolicyName").asText(), doc));
      }
    }
    return t.append("</tbody></table>").toString();
  }

  /** The default version's document of a managed policy, or null when the principal may not read it. */
  private String managedDocument(Context ctx, Sessions.Session s, String arn) {
    try {
      String version = c.iam.call(ctx, s, "GetPolicy", "PolicyArn", arn).path("Policy").path("DefaultVersionId").asText();
      return IamCalls.document(c.iam.call(ctx, s, "GetPolicyVersion", "PolicyArn", arn, "VersionId", version)
          .path("PolicyVersion").get("Document"));
    } catch (IamCalls.Failure f) {
      return null;
    }
  }

  private String inline(Context ctx, Sessions.Session s, Kind k, String name, Effective eff) {
    StringBuilder t = new StringBuilder("<h3>Inline policies</h3>");
    List<JsonNode> names;
    try {
      names = c.iam.all(ctx, s, "List" + k.title + "Policies", "PolicyNames", k.nameParam(), name);
    } catch (IamCalls.Failure f) {
      return t.append(panel(f)).toString();
    }
    if (names.isEmpty()) {
      t.append("<p>No inline policies.</p>");
    } else {
      t.append("<table id=\"inline\"><caption>").append(esc(Listing.count(names.size(), "inline policy",
          "inline policies"))).append("</caption><thead><tr><th scope=\"col\">Policy</th><th scope=\"col\">Document</th>")
          .append("<th scope=\"col\">Actions</th></tr></thead><tbody>");
      for (JsonNode n : names) {
        String p = n.asText();
        t.append("<tr data-policy=\"").append(esc(p)).append("\"><td>").append(esc(p)).append("</td><td>");
        try {
          String doc = IamCalls.document(c.iam.call(ctx, s, "Get" + k.title + "Policy", k.nameParam(), name,
              "PolicyName", p).get("PolicyDocument"));
          eff.documents.add(new PermissionsSummary.Source(p, doc));
          t.append("<details><summary>Show</summary><pre class=\"policy\">").append(esc(Format.pretty(doc)))
              .append("</pre></details>");
        } catch (IamCalls.Failure f) {
          t.append(panel(f));
        }
        t.append("</td><td><a class=\"edit\" href=\"").append(esc(k.page(name) + "/inline?policy=" + url(p)))
            .append("\">Edit</a> ").append(button(s, k.page(name) + "/inline/delete", "Delete", "policyName", p,
                "delete-inline")).append("</td></tr>");
      }
      t.append("</tbody></table>");
    }
    return t.append("<p><a id=\"addInline\" href=\"").append(esc(k.page(name))).append("/inline\">Add inline policy")
        .append("</a></p>").toString();
  }

  /** The policies a user has through its groups, each with the group it comes from. */
  private String viaGroups(Context ctx, Sessions.Session s, String user, Effective eff) {
    StringBuilder t = new StringBuilder("<h3>Policies attached via groups</h3>");
    List<JsonNode> groups;
    try {
      groups = c.iam.all(ctx, s, "ListGroupsForUser", "Groups", "UserName", user);
    } catch (IamCalls.Failure f) {
      return t.append(panel(f)).toString();
    }
    StringBuilder rows = new StringBuilder();
    int n = 0;
    for (JsonNode g : groups) {
      String group = g.path("GroupName").asText();
      String via = "<a href=\"" + esc(Kind.GROUP.page(group)) + "\">" + esc(group) + "</a>";
      try {
        for (JsonNode a : c.iam.all(ctx, s, "ListAttachedGroupPolicies", "AttachedPolicies", "GroupName", group)) {
          String arn = a.path("PolicyArn").asText();
          rows.append("<tr><td>").append(policyLink(arn)).append("</td><td>")
              .append(arn.startsWith("arn:aws:iam::aws:") ? "AWS managed" : "Customer managed").append("</td><td>")
              .append(via).append("</td></tr>");
          n++;
          String doc = managedDocument(ctx, s, arn);
          if (doc != null) {
            eff.documents.add(new PermissionsSummary.Source(a.path("PolicyName").asText() + " (group " + group + ")", doc));
          }
        }
        for (JsonNode p : c.iam.all(ctx, s, "ListGroupPolicies", "PolicyNames", "GroupName", group)) {
          rows.append("<tr><td>").append(esc(p.asText())).append("</td><td>Inline</td><td>").append(via).append("</td></tr>");
          n++;
          try {
            eff.documents.add(new PermissionsSummary.Source(p.asText() + " (group " + group + ")", IamCalls.document(
                c.iam.call(ctx, s, "GetGroupPolicy", "GroupName", group, "PolicyName", p.asText()).get("PolicyDocument"))));
          } catch (IamCalls.Failure f) {
            // not readable by this principal: left out of the summary, as the console cannot see it
          }
        }
      } catch (IamCalls.Failure f) {
        rows.append("<tr><td colspan=\"2\">").append(panel(f)).append("</td><td>").append(via).append("</td></tr>");
      }
    }
    if (n == 0 && rows.isEmpty()) {
      return t.append("<p>No policies through groups.</p>").toString();
    }
    return t.append("<table id=\"viaGroups\"><caption>").append(esc(Listing.count(n, "policy", "policies")))
        .append(" through groups</caption><thead><tr><th scope=\"col\">Policy</th><th scope=\"col\">Type</th>")
        .append("<th scope=\"col\">Attached via</th></tr></thead><tbody>").append(rows).append("</tbody></table>")
        .toString();
  }

  /**
   * Attaching: a search over AWS managed and customer managed policies by a substring of the name
   * ({@code ?pick=}, ListPolicies), each match with its Attach button; or an ARN typed in.
   */
  private String attachPicker(Context ctx, Sessions.Session s, Kind k, String name, Map<String, String> draft) {
    String pick = ctx.queryParam("pick");
    pick = pick == null ? "" : pick.trim();
    if (pick.length() > Listing.FILTER_MAX) {
      pick = pick.substring(0, Listing.FILTER_MAX);
    }
    StringBuilder t = new StringBuilder("<div class=\"card\" id=\"attach\"><h3>Attach policies</h3>")
        .append("<form class=\"search\" method=\"get\" action=\"").append(esc(k.page(name))).append("#attach\">")
        .append("<label for=\"pick\">Search AWS managed and customer managed policies by name</label>")
        .append("<input type=\"search\" id=\"pick\" name=\"pick\" maxlength=\"").append(Listing.FILTER_MAX)
        .append("\" value=\"").append(esc(pick)).append("\"><button type=\"submit\" id=\"pickButton\">Search</button></form>");
    if (!pick.isEmpty()) {
      try {
        String q = pick.toLowerCase(Locale.ROOT);
        List<JsonNode> matches = c.iam.all(ctx, s, "ListPolicies", "Policies", "Scope", "All").stream()
            .filter(p -> p.path("PolicyName").asText().toLowerCase(Locale.ROOT).contains(q)).toList();
        t.append("<table id=\"picks\"><caption>").append(esc(Listing.count(matches.size(), "policy", "policies")
            + " match \u201c" + pick + "\u201d" + (matches.size() > PICKS ? "; the first " + PICKS + " are shown" : "")))
            .append("</caption><thead><tr><th scope=\"col\">Policy</th><th scope=\"col\">Type</th>")
            .append("<th scope=\"col\">Attachments</th><th scope=\"col\">Action</th></tr></thead><tbody>");
        for (JsonNode p : matches.subList(0, Math.min(PICKS, matches.size()))) {
          String arn = p.path("Arn").asText();
          t.append("<tr data-arn=\"").append(esc(arn)).append("\"><td>").append(policyLink(arn)).append("</td><td>")
              .append(arn.startsWith("arn:aws:iam::aws:") ? "AWS managed" : "Customer managed").append("</td><td>")
              .append(p.path("AttachmentCount").asInt()).append("</td><td>")
              .append(button(s, k.page(name) + "/attach", "Attach", "policyArn", arn, "attach")).append("</td></tr>");
        }
        t.append("</tbody></table>");
      } catch (IamCalls.Failure f) {
        t.append(panel(f));
      }
    }
    return t.append("<form class=\"inline-form\" method=\"post\" action=\"").append(esc(k.page(name)))
        .append("/attach\">").append(Html.csrfField(s)).append("<label for=\"policyArn\">Or attach by ARN</label>")
        .append("<input id=\"policyArn\" name=\"policyArn\" required spellcheck=\"false\" size=\"60\" value=\"")
        .append(esc(draft.get("policyArn"))).append("\"><button type=\"submit\" id=\"attachPolicy\">Attach policy")
        .append("</button></form></div>").toString();
  }

  private String groupsOfUser(Context ctx, Sessions.Session s, String user) {
    StringBuilder t = new StringBuilder("<section aria-labelledby=\"h-groups\"><h2 id=\"h-groups\">Groups</h2>");
    List<String> mine = new ArrayList<>();
    try {
      List<JsonNode> gs = c.iam.all(ctx, s, "ListGroupsForUser", "Groups", "UserName", user);
      if (gs.isEmpty()) {
        t.append("<p>Not in any group.</p>");
      } else {
        t.append("<table id=\"userGroups\"><caption>").append(esc(Listing.count(gs.size(), "group", "groups")))
            .append("</caption><thead><tr><th scope=\"col\">Group</th><th scope=\"col\">Action</th></tr></thead><tbody>");
        for (JsonNode g : gs) {
          String group = g.path("GroupName").asText();
          mine.add(group);
          t.append("<tr><td><a href=\"").append(esc(Kind.GROUP.page(group))).append("\">").append(esc(group))
              .append("</a></td><td>").append(button(s, Kind.USER.page(user) + "/groups/remove", "Remove",
                  "groupName", group, "remove-group")).append("</td></tr>");
        }
        t.append("</tbody></table>");
      }
    } catch (IamCalls.Failure f) {
      t.append(panel(f));
    }
    try {
      List<String> others = c.iam.all(ctx, s, "ListGroups", "Groups").stream().map(g -> g.path("GroupName").asText())
          .filter(g -> !mine.contains(g)).sorted(String.CASE_INSENSITIVE_ORDER).toList();
      if (!others.isEmpty()) {
        t.append("<form class=\"inline-form\" method=\"post\" action=\"").append(esc(Kind.USER.page(user)))
            .append("/groups\">").append(Html.csrfField(s)).append("<label for=\"addGroup\">Add to group</label>")
            .append("<select id=\"addGroup\" name=\"groupName\">");
        others.forEach(g -> t.append("<option value=\"").append(esc(g)).append("\">").append(esc(g)).append("</option>"));
        t.append("</select><button type=\"submit\" id=\"addToGroup\">Add</button></form>");
      }
    } catch (IamCalls.Failure f) {
      // without ListGroups there is nothing to pick from; the membership above still shows
    }
    return t.append("</section>").toString();
  }

  private String groupMembers(Context ctx, Sessions.Session s, String group, JsonNode users) {
    StringBuilder t = new StringBuilder("<section aria-labelledby=\"h-members\"><h2 id=\"h-members\">Users</h2>");
    List<String> members = new ArrayList<>();
    users.forEach(u -> members.add(u.path("UserName").asText()));
    if (members.isEmpty()) {
      t.append("<p>No users in this group.</p>");
    } else {
      t.append("<table id=\"members\"><caption>").append(esc(Listing.count(members.size(), "user", "users")))
          .append("</caption><thead><tr><th scope=\"col\">User</th><th scope=\"col\">Action</th></tr></thead><tbody>");
      for (String u : members) {
        t.append("<tr><td><a href=\"").append(esc(Kind.USER.page(u))).append("\">").append(esc(u)).append("</a></td><td>")
            .append(button(s, Kind.GROUP.page(group) + "/members/remove", "Remove", "userName", u, "remove-member"))
            .append("</td></tr>");
      }
      t.append("</tbody></table>");
    }
    try {
      List<String> others = c.iam.all(ctx, s, "ListUsers", "Users").stream().map(u -> u.path("UserName").asText())
          .filter(u -> !members.contains(u)).sorted(String.CASE_INSENSITIVE_ORDER).toList();
      if (!others.isEmpty()) {
        t.append("<form class=\"inline-form\" method=\"post\" action=\"").append(esc(Kind.GROUP.page(group)))
            .append("/members\">").append(Html.csrfField(s)).append("<label for=\"addMember\">Add user</label>")
            .append("<select id=\"addMember\" name=\"userName\">");
        others.forEach(u -> t.append("<option value=\"").append(esc(u)).append("\">").append(esc(u)).append("</option>"));
        t.append("</select><button type=\"submit\" id=\"addMemberButton\">Add</button></form>");
      }
    } catch (IamCalls.Failure f) {
      // without ListUsers there is nothing to pick from
    }
    return t.append("</section>").toString();
  }

  private String tags(Context ctx, Sessions.Session s, Kind k, String name, Map<String, String> draft) {
    StringBuilder t = new StringBuilder("<section aria-labelledby=\"h-tags\"><h2 id=\"h-tags\">Tags</h2>");
    try {
      Map<String, String> tags = IamCalls.tags(c.iam.call(ctx, s, "List" + k.title + "Tags", k.nameParam(), name,
          "MaxItems", "1000").path("Tags"));
      if (tags.isEmpty()) {
        t.append("<p>No tags.</p>");
      } else {
        t.append("<table id=\"tags\"><caption>").append(esc(Listing.count(tags.size(), "tag", "tags")))
            .append("</caption><thead><tr><th scope=\"col\">Key</th><th scope=\"col\">Value</th>")
            .append("<th scope=\"col\">Action</th></tr></thead><tbody>");
        tags.forEach((key, v) -> t.append("<tr><td>").append(esc(key)).append("</td><td>").append(esc(v))
            .append("</td><td>").append(button(s, k.page(name) + "/untag", "Remove", "tagKey", key, "untag"))
            .append("</td></tr>"));
        t.append("</tbody></table>");
      }
    } catch (IamCalls.Failure f) {
      t.append(panel(f));
    }
    return t.append("<form class=\"inline-form\" method=\"post\" action=\"").append(esc(k.page(name)))
        .append("/tags\">").append(Html.csrfField(s)).append("<label for=\"tagKey\">Key</label>")
        .append("<input id=\"tagKey\" name=\"tagKey\" required maxlength=\"128\" value=\"")
        .append(esc(draft.get("tagKey"))).append("\"><label for=\"tagValue\">Value</label>")
        .append("<input id=\"tagValue\" name=\"tagValue\" maxlength=\"256\" value=\"").append(esc(draft.get("tagValue")))
        .append("\"><button type=\"submit\" id=\"addTag\">Add or update tag</button></form></section>").toString();
  }

  /** The keys section of a user; {@code last[0]} becomes the most recent use of any of its keys. */
  private String accessKeys(Context ctx, Sessions.Session s, String user, Map<String, String> draft, String[] last) {
    StringBuilder t = new StringBuilder("<section aria-labelledby=\"h-keys\"><h2 id=\"h-keys\">Access keys</h2>");
    if (draft.containsKey("newSecret")) {
      // the one time the secret is shown: the CreateAccessKey response, never stored by the console
      t.append("<div class=\"panel notice\" role=\"status\" id=\"newKey\"><h3>Access key created</h3><p>This is the")
          .append(" only time the secret access key can be viewed. Save it now.</p><dl class=\"facts\">")
          .append("<dt>Access key ID</dt><dd><code id=\"newKeyId\">").append(esc(draft.get("newKeyId")))
          .append("</code></dd><dt>Secret access key</dt><dd><code id=\"newSecret\">").append(esc(draft.get("newSecret")))
          .append("</code></dd></dl></div>");
    }
    try {
      List<JsonNode> keys = c.iam.all(ctx, s, "ListAccessKeys", "AccessKeyMetadata", "UserName", user);
      if (keys.isEmpty()) {
        t.append("<p>No access keys.</p>");
      } else {
        t.append("<table id=\"keys\"><caption>").append(esc(Listing.count(keys.size(), "access key", "access keys")))
            .append("</caption><thead><tr><th scope=\"col\">Access key ID</th><th scope=\"col\">Status</th>")
            .append("<th scope=\"col\">Created</th><th scope=\"col\">Last used</th><th scope=\"col\">Actions</th>")
            .append("</tr></thead><tbody>");
        for (JsonNode key : keys) {
          String id = key.path("AccessKeyId").asText();
          String status = key.path("Status").asText();
          String used;
          try {
            JsonNode u = c.iam.call(ctx, s, "GetAccessKeyLastUsed", "AccessKeyId", id).path("AccessKeyLastUsed");
            String date = IamCalls.text(u.get("LastUsedDate"));
            used = date.isEmpty() ? "Never" : date + " (" + IamCalls.text(u.get("ServiceName")) + ", "
                + IamCalls.text(u.get("Region")) + ")";
            if (!date.isEmpty() && (last[0] == null || date.compareTo(last[0]) > 0)) {
              last[0] = date;
            }
          } catch (IamCalls.Failure f) {
            used = "(" + f.code() + ")";
          }
          String flip = "Active".equals(status) ? "Inactive" : "Active";
          t.append("<tr data-key=\"").append(esc(id)).append("\"><td><code>").append(esc(id)).append("</code></td><td class=\"status\">")
              .append(esc(status)).append("</td><td>").append(esc(IamCalls.text(key.get("CreateDate")))).append("</td><td>")
              .append(esc(used)).append("</td><td><form class=\"inline\" method=\"post\" action=\"")
              .append(esc(Kind.USER.page(user))).append("/keys/status\">").append(Html.csrfField(s))
              .append("<input type=\"hidden\" name=\"accessKeyId\" value=\"").append(esc(id)).append("\">")
              .append("<input type=\"hidden\" name=\"status\" value=\"").append(flip).append("\">")
              .append("<button type=\"submit\" class=\"key-status\">").append("Active".equals(status) ? "Deactivate"
                  : "Activate").append("</button></form> ")
              .append(button(s, Kind.USER.page(user) + "/keys/delete", "Delete", "accessKeyId", id, "delete-key"))
              .append("</td></tr>");
        }
        t.append("</tbody></table>");
      }
    } catch (IamCalls.Failure f) {
      t.append(panel(f));
    }
    return t.append("<form class=\"inline-form\" method=\"post\" action=\"").append(esc(Kind.USER.page(user)))
        .append("/keys\">").append(Html.csrfField(s)).append("<button type=\"submit\" id=\"createKey\">Create access key")
        .append("</button></form></section>").toString();
  }

  // ---------------------------------------------------------------- changes

  /**
   * One change by an IAM operation on the entity of the path: then back to its page with
   * {@code done}, or its page with the operation's error and the form as sent.
   */
  private void act(Context ctx, Sessions.Session s, Kind k, String action, String done, String... kv) {
    String name = ctx.pathParam("name");
    String[] args = java.util.Arrays.copyOf(kv, kv.length + 2);
    args[kv.length] = k.nameParam();
    args[kv.length + 1] = name;
    try {
      c.iam.call(ctx, s, action, args);
    } catch (IamCalls.Failure f) {
      failed(ctx, s, k, name, f);
      return;
    }
    ctx.redirect(k.page(name) + "?done=" + url(done));
  }

  /** The entity's page with the error of a change, its forms filled from the request's own form fields. */
  private void failed(Context ctx, Sessions.Session s, Kind k, String name, IamCalls.Failure f) {
    Map<String, String> draft = new LinkedHashMap<>();
    for (String field : List.of("tagKey", "tagValue", "policyArn")) {
      String v = ctx.formParam(field);
      if (v != null) {
        draft.put(field, v);
      }
    }
    if (ctx.path().endsWith("/boundary")) {
      draft.put("boundaryArn", draft.getOrDefault("policyArn", ""));
      draft.remove("policyArn");
    }
    detail(ctx, s, k, name, panel(f), draft, f.status());
  }

  private void delete(Context ctx, Sessions.Session s, Kind k) {
    String name = ctx.pathParam("name");
    try {
      c.iam.call(ctx, s, "Delete" + k.title, k.nameParam(), name);
    } catch (IamCalls.Failure f) {
      failed(ctx, s, k, name, f);
      return;
    }
    ctx.redirect(k.base() + "?done=" + url(k.title + " " + name + " deleted."));
  }

  private void boundary(Context ctx, Sessions.Session s, Kind k) {
    String arn = blankToNull(ctx.formParam("policyArn"));
    if (arn == null) {
      act(ctx, s, k, "Delete" + k.title + "PermissionsBoundary", "Permissions boundary removed.");
    } else {
      act(ctx, s, k, "Put" + k.title + "PermissionsBoundary", "Permissions boundary set to " + arn + ".",
          "PermissionsBoundary", arn);
    }
  }

  /** Group membership, from the user's page ({@code fromUser}) or the group's. */
  private void membership(Context ctx, Sessions.Session s, Kind k, String action, boolean fromUser) {
    String name = ctx.pathParam("name");
    String other = param(ctx, fromUser ? "groupName" : "userName");
    String user = fromUser ? name : other;
    String group = fromUser ? other : name;
    try {
      c.iam.call(ctx, s, action, "UserName", user, "GroupName", group);
    } catch (IamCalls.Failure f) {
      failed(ctx, s, k, name, f);
      return;
    }
    String done = action.equals("AddUserToGroup") ? "Added " + user + " to " + group + "."
        : "Removed " + user + " from " + group + ".";
    ctx.redirect(k.page(name) + "?done=" + url(done));
  }

  /** A new access key: its page shows the secret this once (no redirect that could carry it). */
  private void createKey(Context ctx, Sessions.Session s) {
    String name = ctx.pathParam("name");
    JsonNode key;
    try {
      key = c.iam.call(ctx, s, "CreateAccessKey", "UserName", name).path("AccessKey");
    } catch (IamCalls.Failure f) {
      failed(ctx, s, Kind.USER, name, f);
      return;
    }
    detail(ctx, s, Kind.USER, name, null, Map.of("newKeyId", key.path("AccessKeyId").asText(), "newSecret",
        key.path("SecretAccessKey").asText()), 200);
  }

  private void updateTrust(Context ctx, Sessions.Session s) {
    String name = ctx.pathParam("name");
    String doc = ctx.formParam("policyDocument");
    try {
      c.iam.call(ctx, s, "UpdateAssumeRolePolicy", "RoleName", name, "PolicyDocument", doc);
    } catch (IamCalls.Failure f) {
      detail(ctx, s, Kind.ROLE, name, panel(f), Map.of("trustPolicy", doc == null ? "" : doc), f.status());
      return;
    }
    ctx.redirect(Kind.ROLE.page(name) + "?done=" + url("Trust policy updated."));
  }

  // ---------------------------------------------------------------- inline policies

  /** The inline policy editor: a new policy, or {@code ?policy=NAME} to edit; live validation by manage.js. */
  private void inlineEditor(Context ctx, Sessions.Session s, Kind k, Draft draft, int status) {
    String name = ctx.pathParam("name");
    String policy = draft != null ? draft.policyName() : ctx.queryParam("policy");
    String text = DEFAULT_INLINE;
    StringBuilder b = new StringBuilder();
    if (draft != null) {
      b.append(draft.alert());
      text = draft.document();
    } else if (policy != null) {
      // the stored document, through GetXPolicy: NoSuchEntity (404) for one that is not there
      text = Format.pretty(IamCalls.document(c.iam.call(ctx, s, "Get" + k.title + "Policy", k.nameParam(), name,
          "PolicyName", policy).get("PolicyDocument")));
    }
    b.append("<p>For ").append(k.key).append(" <a href=\"").append(esc(k.page(name))).append("\">").append(esc(name))
        .append("</a>.</p><form class=\"card\" method=\"post\" action=\"").append(esc(k.page(name))).append("/inline\">")
        .append(Html.csrfField(s)).append("<label for=\"inlineName\">Policy name</label>")
        .append("<input id=\"inlineName\" name=\"policyName\" required maxlength=\"128\" value=\"")
        .append(esc(policy == null ? "" : policy)).append("\">")
        .append("<label for=\"inlineDocument\">Policy document</label>")
        .append("<textarea id=\"inlineDocument\" name=\"policyDocument\" rows=\"16\" spellcheck=\"false\"")
        .append(" data-validate=\"identity\">").append(esc(text)).append("</textarea>")
        .append("<p class=\"help\" role=\"status\" aria-live=\"polite\" id=\"inlineStatus\" data-status-for=\"inlineDocument\"></p>")
        .append("<ol class=\"findings live-findings\" id=\"inlineFindings\" data-for=\"inlineDocument\"></ol>")
        .append("<button type=\"submit\" id=\"putInline\">Save inline policy</button></form>");
    ctx.status(status);
    c.html(ctx, (policy == null ? "New inline policy" : "Inline policy " + policy), s, k.plural, b.toString());
  }

  /** What the user sent to the inline editor, shown again with the error. */
  record Draft(String policyName, String document, String alert) {}

  private void putInline(Context ctx, Sessions.Session s, Kind k) {
    String name = ctx.pathParam("name");
    String policyName = ctx.formParam("policyName");
    String doc = ctx.formParam("policyDocument");
    try {
      c.iam.call(ctx, s, "Put" + k.title + "Policy", k.nameParam(), name, "PolicyName", policyName,
          "PolicyDocument", doc);
    } catch (IamCalls.Failure f) {
      String alert = panel(f);
      if (f.code().equals("MalformedPolicyDocument")) {
        // where IAM's grammar refuses it, with positions, under AWS's own message
        List<dev.iamlocal.validation.Finding> where = IamPages.refusals(doc);
        if (!where.isEmpty()) {
          alert += IamPages.refusedPanel(where);
        }
      }
      inlineEditor(ctx, s, k, new Draft(policyName == null ? "" : policyName, doc == null ? "" : doc, alert), f.status());
      return;
    }
    ctx.redirect(k.page(name) + "?done=" + url("Inline policy " + policyName + " saved."));
  }

  // ---------------------------------------------------------------- helpers

  /** A panel for an operation's error: AWS's AccessDenied panel, or the code and message. */
  static String panel(IamCalls.Failure f) {
    return f.code().equals("AccessDenied") ? Html.denied(f.getMessage()) : Html.error(f.code(), f.getMessage());
  }

  static String policyLink(String arn) {
    return "<a href=\"/console/policy?arn=" + esc(url(arn)) + "\">" + esc(arn.substring(arn.lastIndexOf('/') + 1))
        + "</a>";
  }

  /** A one-button POST form with one field. */
  static String button(Sessions.Session s, String action, String label, String field, String value, String cls) {
    return "<form class=\"inline\" method=\"post\" action=\"" + esc(action) + "\">" + Html.csrfField(s)
        + "<input type=\"hidden\" name=\"" + esc(field) + "\" value=\"" + esc(value) + "\"><button type=\"submit\" class=\""
        + esc(cls) + "\">" + esc(label) + "</button></form>";
  }

  private static String param(Context ctx, String name) {
    String v = ctx.formParam(name);
    return v == null ? "" : v.trim();
  }

  static void flash(Context ctx, StringBuilder b) {
    String done = ctx.queryParam("done");
    if (done != null && !done.isBlank()) {
      b.append(Html.notice(done));
    }
  }

  static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
