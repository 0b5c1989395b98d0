package dev.iamlocal.validation;

import dev.iamlocal.glob.Glob;
import dev.iamlocal.policy.ConditionEntry;
import dev.iamlocal.policy.Effect;
import dev.iamlocal.policy.PolicyString;
import dev.iamlocal.policy.Statement;
import dev.iamlocal.policy.ValueList;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Role trust policies for OIDC federation that let too many identities in: the federation policy
 * teams write most and get wrong most (GitHub Actions above all). An Allow of
 * {@code sts:AssumeRoleWithWebIdentity} to a {@code Federated} IAM OIDC provider
 * ({@code arn:…:oidc-provider/HOST[/PATH]}) must pin {@code HOST[/PATH]:sub}:
 *
 * <ul>
 *   <li>{@code OIDC_TRUST_WITHOUT_SUB}: no positive condition on the provider's {@code :sub} (none at
 *       all, or only negated operators): every identity the provider issues tokens for may assume the
 *       role. For GitHub that is every workflow of every repository on GitHub (the audience
 *       {@code sts.amazonaws.com} is the same for all of them).
 *   <li>{@code OIDC_TRUST_SUB_TOO_BROAD}: a {@code StringLike} pattern of {@code :sub} that admits any
 *       subject ({@code *}); for GitHub ({@code token.actions.githubusercontent.com}), one that admits
 *       any repository (a wildcard in the owner or repository name: {@code repo:org/*},
 *       {@code repo:*}) or any branch of a repository ({@code repo:org/repo:*}, which also admits
 *       every pull request, tag and environment, or {@code repo:org/repo:ref:refs/heads/*}). GitHub's
 *       documentation of the subject claim lists the forms a pattern is weighed against
 *       ({@code repo:OWNER/REPO:ref:refs/heads/BRANCH}, {@code :environment:NAME},
 *       {@code :pull_request}, {@code :ref:refs/tags/TAG}); a wildcard inside a branch name
 *       ({@code ref:refs/heads/release-*}) is a deliberate family of branches and is not reported.
 * </ul>
 */
final class OidcTrustChecks implements Check {

  static final String GITHUB = "token.actions.githubusercontent.com";

  @Override
  public List<String> codes() {
    return List.of("OIDC_TRUST_WITHOUT_SUB", "OIDC_TRUST_SUB_TOO_BROAD");
  }

  @Override
  public void check(PolicyContext ctx, FindingSink out) {
    if (ctx.kind() != PolicyKind.TRUST) {
      return;
    }
    for (Statement s : ctx.statements()) {
      if (s.effect() != Effect.ALLOW || s.principal() == null || s.action() == null
          || !PolicyContext.covers(s.action(), "sts:AssumeRoleWithWebIdentity")) {
        continue;
      }
      ValueList federated = s.principal().byType().get("Federated");
      if (federated == null) {
        continue;
      }
      for (PolicyString f : federated.values()) {
        int at = f.value().indexOf(":oidc-provider/");
        if (!f.value().startsWith("arn:") || at < 0) {
          continue;
        }
        String url = f.value().substring(at + ":oidc-provider/".length());
        check(s, f, url, out);
      }
    }
  }

  private static void check(Statement s, PolicyString provider, String url, FindingSink out) {
    String subKey = url.toLowerCase(Locale.ROOT) + ":sub";
    boolean github = url.toLowerCase(Locale.ROOT).equals(GITHUB);
    List<ConditionEntry> positive = new ArrayList<>();
    for (ConditionEntry e : s.conditions()) {
      String op = e.operator().value().toLowerCase(Locale.ROOT);
      if (e.key().value().toLowerCase(Locale.ROOT).equals(subKey) && op.contains("string") && !op.contains("not")) {
        positive.add(e);
      }
    }
    if (positive.isEmpty()) {
      out.add(Severity.SECURITY_WARNING, "OIDC_TRUST_WITHOUT_SUB", github
          ? "Any GitHub Actions workflow of any repository on GitHub can assume this role: the statement trusts "
              + GITHUB + " without a condition on " + url + ":sub."
          : "Any identity that " + url + " issues tokens for can assume this role: the statement trusts the"
              + " provider without a condition on " + url + ":sub.",
          github ? "Pin the repository and branch: \"StringEquals\": {\"" + url
              + ":sub\": \"repo:ORG/REPO:ref:refs/heads/main\"} (or :environment:NAME), with \"" + url
              + ":aud\": \"sts.amazonaws.com\"."
              : "Add \"StringEquals\": {\"" + url + ":sub\": \"SUBJECT\"} naming the identities that may assume"
                  + " the role.", provider);
      return;
    }
    for (ConditionEntry e : positive) {
      boolean like = e.operator().value().toLowerCase(Locale.ROOT).contains("like");
      if (!like) {
        continue;
      }
      for (PolicyString v : e.values()) {
        String why = tooBroad(v.value(), github);
        if (why != null) {
          out.add(Severity.SECURITY_WARNING, "OIDC_TRUST_SUB_TOO_BROAD", "The pattern \"" + v.value() + "\" of "
              + url + ":sub admits " + why + ".", github
                  ? "Name one repository and branch or environment: \"repo:ORG/REPO:ref:refs/heads/main\" or"
                      + " \"repo:ORG/REPO:environment:NAME\", with StringEquals."
                  : "Name the subjects that may assume the role, with StringEquals.", v);
        }
      }
    }
  }

  /** What a {@code StringLike} pattern of the subject admits that it should not, or null. */
  static String tooBroad(String pattern, boolean github) {
    if (pattern.chars().allMatch(ch -> ch == '*' || ch == '?')) {
      return github ? "every workflow of every repository on GitHub" : "any subject";
    }
    if (!github) {
      return null;
    }
    // repo:OWNER/REPO:CONTEXT
    if (!pattern.startsWith("repo:")) {
      return Glob.compile(pattern).matches("repo:attacker/repo:ref:refs/heads/main")
          ? "any repository, including another owner's" : null;
    }
    String rest = pattern.substring("repo:".length());
    int colon = rest.indexOf(':');
    String repo = colon < 0 ? rest : rest.substring(0, colon);
    if (repo.contains("*") || repo.contains("?")) {
      return "any repository matching \"" + repo + "\", not one repository";
    }
    String context = colon < 0 ? "" : rest.substring(colon + 1);
    if (context.isEmpty() || context.equals("*")) {
      return "every branch, tag, environment and pull request of " + repo;
    }
    if (context.equals("ref:*") || context.equals("ref:refs/*") || context.equals("ref:refs/heads/*")) {
      return "every branch of " + repo;
    }
    return null;
  }
}
