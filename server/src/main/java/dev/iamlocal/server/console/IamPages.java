package dev.iamlocal.server.console;

import dev.iamlocal.policy.IamPolicyGrammar;
import static dev.iamlocal.server.console.Html.esc;

import dev.iamlocal.validation.Finding;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.List;

/** The console's home page, and IAM's refusals of a policy document shown with their positions. */
final class IamPages {

  /** IAM's policyDocumentType maximum length (API model), as the Query API checks it. */
  static final int POLICY_DOCUMENT_MAX = 131_072;

  private final Console c;

  IamPages(Console c) {
    this.c = c;
  }

  void install(Javalin app) {
    c.page(app, "/console/", this::home);
    // the lists and pages of users, groups, roles and policies: EntityPages and PolicyPages
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

}
