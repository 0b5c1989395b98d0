package dev.iamlocal.server.console;

import dev.iamlocal.policy.IamPolicyGrammar;
import static dev.iamlocal.server.console.Html.esc;
import static dev.iamlocal.server.console.Html.url;

import dev.iamlocal.catalog.ManagedPolicies;
import dev.iamlocal.catalog.ManagedPolicy;
import dev.iamlocal.store.AccessKey;
import dev.iamlocal.store.CustomerPolicy;
import dev.iamlocal.store.EntityType;
import dev.iamlocal.store.Group;
import dev.iamlocal.store.InlinePolicy;
import dev.iamlocal.store.Role;
import dev.iamlocal.store.User;
import dev.iamlocal.validation.Finding;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The IAM browser: users, groups, roles and policies, with create, attach and put-inline actions. */
final class IamPages {

  private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
  private static final Pattern POLICY_NAME = Pattern.compile("[\\w+=,.@-]{1,128}");
  private static final Pattern PATH = Pattern.compile("(/)|(/[\\u0021-\\u007E]{1,510}/)");
  /** Findings that make IAM refuse an identity policy (beyond grammar errors). */
  /** IAM's policyDocumentType maximum length (API model), as the Query API checks it. */
  static final int POLICY_DOCUMENT_MAX = 131_072;

  private final Console c;
  private final ManagedPolicies awsManaged = ManagedPolicies.bundled();

  IamPages(Console c) {
    this.c = c;
  }

  void install(Javalin app) {
    c.page(app, "/console/", this::home);
    c.page(app, "/console/users", this::users);
    c.form(app, "/console/users", this::createUser);
    c.page(app, "/console/users/{name}", this::user);
    c.form(app, "/console/users/{name}/attach", this::attach);
    c.form(app, "/console/users/{name}/inline", this::putInline);
    c.page(app, "/console/groups", this::groups);
    c.page(app, "/console/roles", this::roles);
    c.page(app, "/console/policies", this::policies);
    c.form(app, "/console/policies", this::createPolicy);
    c.page(app, "/console/policy", this::policy);
  }

  private String acct(Sessions.Session s) {
    return s.accountId();
  }

  private void home(Context ctx, Sessions.Session s) {
    String body = "<p>Account <strong>" + esc(s.accountId()) + "</strong>, signed in as <code>" + esc(s.arn())
        + "</code>.</p><ul class=\"tiles\">"
        + "<li><a href=\"/console/users\">Users</a>: users with their groups, policies, tags and keys</li>"
        + "<li><a href=\"/console/groups\">Groups</a> and <a href=\"/console/roles\">roles</a></li>"
        + "<li><a href=\"/console/policies\">Policies</a>: customer managed and AWS managed</li>"
        + "<li><a href=\"/console/editor\">Policy editor</a> with live validation</li>"
        + "<li><a href=\"/console/simulator\">Simulator</a>: allowed, explicit deny or implicit deny, and why</li>"
        + "<li><a href=\"/console/matrix\">Access matrix</a>: principals × actions of a service, as CSV too</li></ul>";
    c.html(ctx, "Console home", s, "home", body);
  }

  // ---------------------------------------------------------------- users

  private void users(Context ctx, Sessions.Session s) {
    StringBuilder b = new StringBuilder();
    flash(ctx, b);
    Optional<String> denied = c.denial(ctx, s, "iam:ListUsers", "arn:aws:iam::" + acct(s) + ":user/");
    if (denied.isPresent()) {
      b.append(Html.denied(denied.get()));
    } else {
      List<User> users = c.store.users().listUsers(acct(s), null);
      b.append("<table id=\"users\"><caption>").append(users.size()).append(users.size() == 1 ? " user" : " users")
          .append("</caption><thead><tr><th scope=\"col\">User name</th><th scope=\"col\">Path</th>")
          .append("<th scope=\"col\">ARN</th><th scope=\"col\">Created</th></tr></thead><tbody>");
      for (User u : users) {
        b.append("<tr><td><a href=\"/console/users/").append(url(u.name())).append("\">").append(esc(u.name()))
            .append("</a></td><td>").append(esc(u.path())).append("</td><td><code>").append(esc(u.arn()))
            .append("</code></td><td>").append(esc(u.createDate().toString())).append("</td></tr>");
      }
      b.append("</tbody></table>");
    }
    b.append("<form class=\"card\" method=\"post\" action=\"/console/users\"><h2>Create user</h2>")
        .append(Html.csrfField(s))
        .append("<label for=\"userName\">User name</label><input id=\"userName\" name=\"userName\" required")
        .append(" pattern=\"[\\w+=,.@-]{1,64}\" aria-describedby=\"userNameHelp\">")
        .append("<p id=\"userNameHelp\" class=\"help\">Up to 64 letters, digits and + = , . @ _ -</p>")
        .append("<label for=\"userPath\">Path (optional)</label><input id=\"userPath\" name=\"path\" placeholder=\"/\">")
        .append("<button type=\"submit\" id=\"createUser\">Create user</button></form>");
    c.html(ctx, "Users", s, "users", b.toString());
  }

  private void createUser(Context ctx, Sessions.Session s) {
    String name = ctx.formParam("userName");
    String path = blankToNull(ctx.formParam("path"));
    if (name == null || !NAME.matcher(name).matches()) {
      throw new Console.BadInput("User name \"" + name + "\" must be 1 to 64 characters of letters, digits and + = , . @ _ -.");
    }
    if (path != null && !PATH.matcher(path).matches()) {
      throw new Console.BadInput("Path \"" + path + "\" must be / or start and end with / (printable ASCII in between).");
    }
    String p = path == null ? "/" : path;
    Optional<String> denied = c.denial(ctx, s, "iam:CreateUser", "arn:aws:iam::" + acct(s) + ":user" + p + name);
    if (denied.isPresent()) {
      ctx.status(403);
      c.html(ctx, "Create user", s, "users", Html.denied(denied.get()));
      return;
    }
    c.store.users().createUser(acct(s), name, p, Map.of());
    ctx.redirect("/console/users/" + url(name) + "?done=" + url("User " + name + " created."));
  }

  private void user(Context ctx, Sessions.Session s) {
    String name = ctx.pathParam("name");
    String arn = userArn(s, name);
    StringBuilder b = new StringBuilder();
    flash(ctx, b);
    Optional<String> denied = c.denial(ctx, s, "iam:GetUser", arn);
    if (denied.isPresent()) {
      b.append(Html.denied(denied.get()));
      c.html(ctx, "User " + name, s, "users", b.toString());
      return;
    }
    User u = c.store.users().getUser(acct(s), name);
    b.append("<dl class=\"facts\"><dt>ARN</dt><dd><code id=\"userArn\">").append(esc(u.arn())).append("</code></dd>")
        .append("<dt>User ID</dt><dd><code>").append(esc(u.userId())).append("</code></dd><dt>Path</dt><dd>")
        .append(esc(u.path())).append("</dd><dt>Created</dt><dd>").append(esc(u.createDate().toString()))
        .append("</dd><dt>Permissions boundary</dt><dd>")
        .append(u.permissionsBoundaryArn() == null ? "none" : "<code>" + esc(u.permissionsBoundaryArn()) + "</code>")
        .append("</dd></dl>");

    b.append("<section aria-labelledby=\"h-groups\"><h2 id=\"h-groups\">Groups</h2>");
    section(ctx, s, "iam:ListGroupsForUser", u.arn(), b, () -> {
      List<Group> gs = c.store.groups().groupsForUser(acct(s), u.name());
      StringBuilder t = new StringBuilder();
      if (gs.isEmpty()) {
        t.append("<p>Not in any group.</p>");
      } else {
        t.append("<ul id=\"userGroups\">");
        gs.forEach(g -> t.append("<li>").append(esc(g.name())).append("</li>"));
        t.append("</ul>");
      }
      return t.toString();
    });
    b.append("</section>");

    b.append("<section aria-labelledby=\"h-attached\"><h2 id=\"h-attached\">Attached managed policies</h2>");
    section(ctx, s, "iam:ListAttachedUserPolicies", u.arn(), b, () -> {
      List<String> arns = c.store.policies().attachedPolicies(acct(s), EntityType.USER, u.name());
      StringBuilder t = new StringBuilder();
      if (arns.isEmpty()) {
        t.append("<p>No managed policies attached.</p>");
      } else {
        t.append("<table id=\"attached\"><thead><tr><th scope=\"col\">Policy</th><th scope=\"col\">ARN</th>")
            .append("<th scope=\"col\">Type</th></tr></thead><tbody>");
        for (String a : arns) {
          t.append("<tr><td><a href=\"/console/policy?arn=").append(url(a)).append("\">")
              .append(esc(a.substring(a.lastIndexOf('/') + 1))).append("</a></td><td><code>").append(esc(a))
              .append("</code></td><td>").append(a.startsWith("arn:aws:iam::aws:") ? "AWS managed" : "Customer managed")
              .append("</td></tr>");
        }
        t.append("</tbody></table>");
      }
      return t.toString();
    });
    b.append("<form class=\"card inline-form\" method=\"post\" action=\"/console/users/").append(url(u.name()))
        .append("/attach\">").append(Html.csrfField(s))
        .append("<label for=\"policyArn\">Attach a managed policy (ARN)</label>")
        .append("<input id=\"policyArn\" name=\"policyArn\" list=\"policyArns\" required spellcheck=\"false\" size=\"60\">")
        .append("<datalist id=\"policyArns\">");
    if (c.denial(ctx, s, "iam:ListPolicies", "*").isEmpty()) {
      c.store.policies().listPolicies(acct(s)).forEach(p -> b.append("<option value=\"").append(esc(p.arn())).append("\">"));
      awsManaged.list().forEach(p -> b.append("<option value=\"").append(esc(p.arn())).append("\">"));
    }
    b.append("</datalist><button type=\"submit\" id=\"attachPolicy\">Attach policy</button></form></section>");

    b.append("<section aria-labelledby=\"h-inline\"><h2 id=\"h-inline\">Inline policies</h2>");
    section(ctx, s, "iam:ListUserPolicies", u.arn(), b, () -> {
      List<InlinePolicy> ips = c.store.inlinePolicies().inlinePolicies(acct(s), EntityType.USER, u.name());
      StringBuilder t = new StringBuilder();
      if (ips.isEmpty()) {
        t.append("<p>No inline policies.</p>");
      }
      boolean canRead = c.denial(ctx, s, "iam:GetUserPolicy", u.arn()).isEmpty();
      for (InlinePolicy ip : ips) {
        t.append("<h3>").append(esc(ip.name())).append("</h3>");
        t.append(canRead ? "<pre class=\"policy\">" + esc(Format.pretty(ip.document())) + "</pre>"
            : Html.denied(c.denial(ctx, s, "iam:GetUserPolicy", u.arn()).orElse("")));
      }
      return t.toString();
    });
    b.append("<form class=\"card\" method=\"post\" action=\"/console/users/").append(url(u.name()))
        .append("/inline\">").append(Html.csrfField(s)).append("<h3>Put inline policy</h3>")
        .append("<label for=\"inlineName\">Policy name</label><input id=\"inlineName\" name=\"policyName\" required>")
        .append("<label for=\"inlineDocument\">Policy document</label>")
        .append("<textarea id=\"inlineDocument\" name=\"policyDocument\" rows=\"8\" required spellcheck=\"false\"></textarea>")
        .append("<button type=\"submit\" id=\"putInline\">Put inline policy</button></form></section>");

    b.append("<section aria-labelledby=\"h-tags\"><h2 id=\"h-tags\">Tags</h2>");
    section(ctx, s, "iam:ListUserTags", u.arn(), b, () -> {
      Map<String, String> tags = c.store.tags().userTags(acct(s), u.name());
      if (tags.isEmpty()) {
        return "<p>No tags.</p>";
      }
      StringBuilder t = new StringBuilder("<table id=\"tags\"><thead><tr><th scope=\"col\">Key</th>"
          + "<th scope=\"col\">Value</th></tr></thead><tbody>");
      tags.forEach((k, v) -> t.append("<tr><td>").append(esc(k)).append("</td><td>").append(esc(v)).append("</td></tr>"));
      return t.append("</tbody></table>").toString();
    });
    b.append("</section>");

    b.append("<section aria-labelledby=\"h-keys\"><h2 id=\"h-keys\">Access keys</h2>");
    section(ctx, s, "iam:ListAccessKeys", u.arn(), b, () -> {
      List<AccessKey> keys = c.store.accessKeys().listAccessKeys(acct(s), u.name());
      if (keys.isEmpty()) {
        return "<p>No access keys.</p>";
      }
      // key ids and status only: a secret is never shown again after it was created
      StringBuilder t = new StringBuilder("<table><thead><tr><th scope=\"col\">Access key ID</th>"
          + "<th scope=\"col\">Status</th><th scope=\"col\">Created</th></tr></thead><tbody>");
      keys.forEach(k -> t.append("<tr><td><code>").append(esc(k.accessKeyId())).append("</code></td><td>")
          .append(esc(k.status())).append("</td><td>").append(esc(k.createDate().toString())).append("</td></tr>"));
      return t.append("</tbody></table>").toString();
    });
    b.append("</section>");
    c.html(ctx, "User " + u.name(), s, "users", b.toString());
  }

  private void section(Context ctx, Sessions.Session s, String action, String resource, StringBuilder b,
      java.util.function.Supplier<String> content) {
    Optional<String> denied = c.denial(ctx, s, action, resource);
    b.append(denied.isPresent() ? Html.denied(denied.get()) : content.get());
  }

  private void attach(Context ctx, Sessions.Session s) {
    String name = ctx.pathParam("name");
    String arn = ctx.formParam("policyArn") == null ? "" : ctx.formParam("policyArn").trim();
    Optional<String> denied = c.denial(ctx, s, "iam:AttachUserPolicy", userArn(s, name), Map.of("iam:PolicyARN", arn));
    if (denied.isPresent()) {
      ctx.status(403);
      c.html(ctx, "Attach policy", s, "users", Html.denied(denied.get()));
      return;
    }
    c.store.policies().attachPolicy(acct(s), EntityType.USER, name, arn);
    ctx.redirect("/console/users/" + url(name) + "?done=" + url("Attached " + arn + "."));
  }

  private void putInline(Context ctx, Sessions.Session s) {
    String name = ctx.pathParam("name");
    String policyName = ctx.formParam("policyName");
    String doc = ctx.formParam("policyDocument");
    if (policyName == null || !POLICY_NAME.matcher(policyName).matches()) {
      throw new Console.BadInput("Policy name \"" + policyName + "\" must be 1 to 128 characters of letters, digits and + = , . @ _ -.");
    }
    Optional<String> denied = c.denial(ctx, s, "iam:PutUserPolicy", userArn(s, name));
    if (denied.isPresent()) {
      ctx.status(403);
      c.html(ctx, "Put inline policy", s, "users", Html.denied(denied.get()));
      return;
    }
    List<Finding> findings = refusals(doc);
    if (!findings.isEmpty()) {
      ctx.status(400);
      c.html(ctx, "Put inline policy", s, "users", refusedPanel(findings));
      return;
    }
    c.store.inlinePolicies().putInlinePolicy(acct(s), EntityType.USER, name, policyName, doc);
    ctx.redirect("/console/users/" + url(name) + "?done=" + url("Inline policy " + policyName + " saved."));
  }

  /** The findings that make IAM refuse the document as an inline identity policy (PutUserPolicy). */
  static List<Finding> refusals(String doc) {
    return refusals(doc, IamPolicyGrammar.Use.INLINE);
  }

  /**
   * The findings that make IAM refuse the document for {@code use}: the API model's length, then
   * IAM's own grammar ({@link IamPolicyGrammar}), the very checks CreatePolicy and Put*Policy make
   * through the API, so the console refuses exactly what the API refuses, with IAM's message.
   */
  static List<Finding> refusals(String doc, IamPolicyGrammar.Use use) {
    if (doc == null) {
      doc = "";
    }
    if (doc.length() > POLICY_DOCUMENT_MAX) {
      // the API model's policyDocumentType limit, white space included (the Query API's ValidationError)
      return List.of(new Finding(dev.iamlocal.validation.Severity.ERROR, "POLICY_DOCUMENT_TOO_LONG", "The document has "
          + doc.length() + " characters; IAM accepts at most " + POLICY_DOCUMENT_MAX + ", white space included.",
          "Remove white space (minify the JSON) or split the policy.", dev.iamlocal.policy.JsonPath.ROOT,
          dev.iamlocal.policy.Span.UNKNOWN, ""));
    }
    return IamPolicyGrammar.problems(doc, use).stream()
        .map(r -> new Finding(dev.iamlocal.validation.Severity.ERROR, "IAM_" + r.shape().name(), r.message(),
            r.detail(), r.path(), r.span(), ""))
        .toList();
  }

  static String refusedPanel(List<Finding> findings) {
    StringBuilder b = new StringBuilder("<div class=\"panel error\" role=\"alert\"><h2>MalformedPolicyDocument</h2><ul>");
    for (Finding f : findings) {
      b.append("<li><code>").append(f.span().start()).append("</code> <strong>").append(esc(f.issueCode()))
          .append("</strong>: ").append(esc(f.message())).append(f.hint().isEmpty() ? "" : " " + esc(f.hint()))
          .append("</li>");
    }
    return b.append("</ul><p>Open the <a href=\"/console/editor\">policy editor</a> to fix it with live validation.</p></div>")
        .toString();
  }

  // ---------------------------------------------------------------- groups and roles

  private void groups(Context ctx, Sessions.Session s) {
    StringBuilder b = new StringBuilder();
    Optional<String> denied = c.denial(ctx, s, "iam:ListGroups", "arn:aws:iam::" + acct(s) + ":group/");
    if (denied.isPresent()) {
      b.append(Html.denied(denied.get()));
    } else {
      List<Group> gs = c.store.groups().listGroups(acct(s), null);
      b.append("<table id=\"groups\"><caption>").append(gs.size()).append(" groups</caption><thead><tr>")
          .append("<th scope=\"col\">Group</th><th scope=\"col\">ARN</th><th scope=\"col\">Members</th>")
          .append("<th scope=\"col\">Attached policies</th><th scope=\"col\">Inline policies</th></tr></thead><tbody>");
      for (Group g : gs) {
        b.append("<tr><td>").append(esc(g.name())).append("</td><td><code>").append(esc(g.arn())).append("</code></td><td>");
        b.append(c.denial(ctx, s, "iam:GetGroup", g.arn()).isPresent() ? "(not authorized)"
            : esc(String.join(", ", c.store.groups().groupMembers(acct(s), g.name()).stream().map(User::name).toList())));
        b.append("</td><td>").append(policyLinks(c.store.policies().attachedPolicies(acct(s), EntityType.GROUP, g.name())))
            .append("</td><td>").append(esc(String.join(", ", c.store.inlinePolicies().inlinePolicies(acct(s), EntityType.GROUP, g.name())
                .stream().map(InlinePolicy::name).toList()))).append("</td></tr>");
      }
      b.append("</tbody></table>");
    }
    c.html(ctx, "Groups", s, "groups", b.toString());
  }

  private void roles(Context ctx, Sessions.Session s) {
    StringBuilder b = new StringBuilder();
    Optional<String> denied = c.denial(ctx, s, "iam:ListRoles", "arn:aws:iam::" + acct(s) + ":role/");
    if (denied.isPresent()) {
      b.append(Html.denied(denied.get()));
    } else {
      List<Role> rs = c.store.roles().listRoles(acct(s), null);
      b.append("<table id=\"roles\"><caption>").append(rs.size()).append(" roles</caption><thead><tr>")
          .append("<th scope=\"col\">Role</th><th scope=\"col\">ARN</th><th scope=\"col\">Attached policies</th>")
          .append("<th scope=\"col\">Trust policy</th></tr></thead><tbody>");
      for (Role r : rs) {
        b.append("<tr><td>").append(esc(r.name())).append("</td><td><code>").append(esc(r.arn())).append("</code></td><td>")
            .append(policyLinks(c.store.policies().attachedPolicies(acct(s), EntityType.ROLE, r.name()))).append("</td><td>")
            .append("<details><summary>Show</summary><pre class=\"policy\">").append(esc(Format.pretty(r.trustPolicy())))
            .append("</pre></details></td></tr>");
      }
      b.append("</tbody></table>");
    }
    c.html(ctx, "Roles", s, "roles", b.toString());
  }

  private static String policyLinks(List<String> arns) {
    StringBuilder b = new StringBuilder();
    for (String a : arns) {
      b.append(b.isEmpty() ? "" : ", ").append("<a href=\"/console/policy?arn=").append(url(a)).append("\">")
          .append(esc(a.substring(a.lastIndexOf('/') + 1))).append("</a>");
    }
    return b.toString();
  }

  // ---------------------------------------------------------------- policies

  private void policies(Context ctx, Sessions.Session s) {
    StringBuilder b = new StringBuilder();
    flash(ctx, b);
    Optional<String> denied = c.denial(ctx, s, "iam:ListPolicies", "*");
    if (denied.isPresent()) {
      b.append(Html.denied(denied.get()));
      c.html(ctx, "Policies", s, "policies", b.toString());
      return;
    }
    Map<String, Integer> counts = c.store.policies().attachmentCounts(acct(s));
    List<CustomerPolicy> mine = c.store.policies().listPolicies(acct(s));
    b.append("<h2>Customer managed</h2>");
    if (mine.isEmpty()) {
      b.append("<p>None yet: write one in the <a href=\"/console/editor\">policy editor</a>.</p>");
    } else {
      b.append("<table id=\"customerPolicies\"><thead><tr><th scope=\"col\">Policy</th><th scope=\"col\">ARN</th>")
          .append("<th scope=\"col\">Default version</th><th scope=\"col\">Attachments</th></tr></thead><tbody>");
      for (CustomerPolicy p : mine) {
        b.append("<tr><td><a href=\"/console/policy?arn=").append(url(p.arn())).append("\">").append(esc(p.name()))
            .append("</a></td><td><code>").append(esc(p.arn())).append("</code></td><td>").append(esc(p.defaultVersionId()))
            .append("</td><td>").append(p.attachmentCount()).append("</td></tr>");
      }
      b.append("</tbody></table>");
    }
    List<ManagedPolicies.Info> aws = awsManaged.list(); // the index: no document laid out to list them
    b.append("<h2>AWS managed</h2><label for=\"policyFilter\">Filter AWS managed policies</label>")
        .append("<input id=\"policyFilter\" type=\"search\" data-filter=\"awsPolicies\" placeholder=\"e.g. SageMaker\">")
        .append("<table id=\"awsPolicies\" class=\"filterable\"><caption>").append(aws.size())
        .append(" AWS managed policies</caption><thead><tr><th scope=\"col\">Policy</th><th scope=\"col\">Path</th>")
        .append("<th scope=\"col\">Version</th><th scope=\"col\">Attachments</th></tr></thead><tbody>");
    for (ManagedPolicies.Info p : aws) {
      b.append("<tr><td><a href=\"/console/policy?arn=").append(url(p.arn())).append("\">").append(esc(p.name()))
          .append("</a></td><td>").append(esc(p.path())).append("</td><td>").append(esc(p.versionId())).append("</td><td>")
          .append(counts.getOrDefault(p.arn(), 0)).append("</td></tr>");
    }
    b.append("</tbody></table>");
    c.html(ctx, "Policies", s, "policies", b.toString());
  }

  private void createPolicy(Context ctx, Sessions.Session s) {
    String name = ctx.formParam("policyName");
    String doc = ctx.formParam("policyDocument");
    if (name == null || !POLICY_NAME.matcher(name).matches()) {
      throw new Console.BadInput("Policy name \"" + name + "\" must be 1 to 128 characters of letters, digits and + = , . @ _ -.");
    }
    Optional<String> denied = c.denial(ctx, s, "iam:CreatePolicy", "arn:aws:iam::" + acct(s) + ":policy/" + name);
    if (denied.isPresent()) {
      ctx.status(403);
      c.html(ctx, "Create policy", s, "policies", Html.denied(denied.get()));
      return;
    }
    List<Finding> findings = refusals(doc, IamPolicyGrammar.Use.MANAGED);
    if (!findings.isEmpty()) {
      ctx.status(400);
      c.html(ctx, "Create policy", s, "editor", refusedPanel(findings));
      return;
    }
    String description = blankToNull(ctx.formParam("description"));
    // IAM's policyDescriptionType, as CreatePolicy holds it through the API
    if (description != null && (description.length() > 1000
        || !description.matches("[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*"))) {
      throw new Console.BadInput("The description must be at most 1,000 characters of printable Latin-1 text.");
    }
    CustomerPolicy p = c.store.policies().createPolicy(acct(s), name, "/", description, doc);
    ctx.redirect("/console/policy?arn=" + url(p.arn()) + "&done=" + url("Policy " + name + " created."));
  }

  private void policy(Context ctx, Sessions.Session s) {
    String arn = ctx.queryParam("arn");
    if (arn == null) {
      throw new Console.BadInput("Name the policy: /console/policy?arn=ARN");
    }
    StringBuilder b = new StringBuilder();
    flash(ctx, b);
    Optional<String> denied = c.denial(ctx, s, "iam:GetPolicy", arn);
    if (denied.isEmpty()) {
      denied = c.denial(ctx, s, "iam:GetPolicyVersion", arn);
    }
    if (denied.isPresent()) {
      b.append(Html.denied(denied.get()));
      c.html(ctx, "Policy", s, "policies", b.toString());
      return;
    }
    String name = arn.substring(arn.lastIndexOf('/') + 1);
    Map<String, String> facts = new LinkedHashMap<>();
    String doc;
    if (arn.startsWith("arn:aws:iam::aws:policy/")) {
      ManagedPolicy mp = awsManaged.byArn(arn).filter(p -> p.arn().equals(arn))
          .orElseThrow(() -> new Console.BadInput("Policy " + arn + " was not found."));
      facts.put("Type", "AWS managed");
      facts.put("Default version", mp.versionId());
      facts.put("Updated", mp.updateDate());
      doc = mp.document();
    } else {
      CustomerPolicy cp = c.store.policies().getPolicy(acct(s), arn);
      facts.put("Type", "Customer managed");
      facts.put("Default version", cp.defaultVersionId());
      facts.put("Description", cp.description() == null ? "" : cp.description());
      facts.put("Updated", cp.updateDate().toString());
      doc = c.store.policies().getPolicyVersion(acct(s), arn, cp.defaultVersionId()).document();
    }
    facts.put("Attachments", Integer.toString(c.store.policies().attachmentCounts(acct(s)).getOrDefault(arn, 0)));
    b.append("<dl class=\"facts\"><dt>ARN</dt><dd><code>").append(esc(arn)).append("</code></dd>");
    facts.forEach((k, v) -> b.append("<dt>").append(esc(k)).append("</dt><dd>").append(esc(v)).append("</dd>"));
    b.append("</dl><h2>Document</h2><pre class=\"policy\" id=\"policyDocument\">").append(esc(Format.pretty(doc)))
        .append("</pre><p><a href=\"/console/editor?arn=").append(url(arn))
        .append("\">Open in the policy editor</a></p>");
    c.html(ctx, name, s, "policies", b.toString());
  }

  // ---------------------------------------------------------------- helpers

  /** The ARN of an existing user (with its path), or the path-less ARN when there is none, as the API authorizes. */
  private String userArn(Sessions.Session s, String name) {
    try {
      return c.store.users().getUser(s.accountId(), name).arn();
    } catch (dev.iamlocal.store.IamException.NoSuchEntity e) {
      return "arn:aws:iam::" + s.accountId() + ":user/" + name;
    }
  }

  /** The confirmation passed on by a redirect after an action. */
  private static void flash(Context ctx, StringBuilder b) {
    String done = ctx.queryParam("done");
    if (done != null && !done.isBlank()) {
      b.append(Html.notice(done));
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
