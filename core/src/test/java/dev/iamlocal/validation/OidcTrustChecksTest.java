package dev.iamlocal.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The OIDC trust checks on the GitHub Actions trust policies teams write, and on other providers. */
class OidcTrustChecksTest {

  static String trust(String provider, String condition) {
    return ("{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Principal':{'Federated':"
        + "'arn:aws:iam::123456789012:oidc-provider/" + provider + "'},'Action':'sts:AssumeRoleWithWebIdentity'"
        + (condition == null ? "" : ",'Condition':" + condition) + "}]}").replace('\'', '"');
  }

  static List<Finding> findings(String policy) {
    return Validator.validate(policy, PolicyKind.TRUST, ValidationOptions.defaults()).stream()
        .filter(f -> f.issueCode().startsWith("OIDC_")).toList();
  }

  static String sub(String operator, String value) {
    return "{'StringEquals':{'token.actions.githubusercontent.com:aud':'sts.amazonaws.com'},'" + operator
        + "':{'token.actions.githubusercontent.com:sub':'" + value + "'}}";
  }

  @ParameterizedTest
  @ValueSource(strings = {"*", "repo:*", "repo:org/*", "repo:org/*:ref:refs/heads/main", "repo:org/repo:*",
      "repo:org/repo:ref:refs/heads/*", "*:ref:refs/heads/main"})
  void patternsAdmittingAnyRepositoryOrBranchAreWarned(String pattern) {
    List<Finding> f = findings(trust("token.actions.githubusercontent.com", sub("StringLike", pattern)));
    assertThat(f).extracting(Finding::issueCode).containsExactly("OIDC_TRUST_SUB_TOO_BROAD");
    assertThat(f.get(0).severity()).isEqualTo(Severity.SECURITY_WARNING);
    assertThat(f.get(0).message()).contains("\"" + pattern + "\"").contains("token.actions.githubusercontent.com:sub");
    assertThat(f.get(0).hint()).contains("repo:ORG/REPO:ref:refs/heads/main");
  }

  @ParameterizedTest
  @ValueSource(strings = {"repo:org/repo:ref:refs/heads/main", "repo:org/repo:environment:prod",
      "repo:org/repo:ref:refs/heads/release-*", "repo:org/repo:ref:refs/tags/v*"})
  void pinnedSubjectsPass(String pattern) {
    assertThat(findings(trust("token.actions.githubusercontent.com", sub("StringLike", pattern)))).isEmpty();
    assertThat(findings(trust("token.actions.githubusercontent.com", sub("StringEquals", pattern)))).isEmpty();
  }

  /**
   * The trust policies GitHub's and Amazon EKS's documentation give pass the whole validator: their
   * keys are the provider's claims (HOST[/PATH]:aud, :sub), not keys of a service (docs11: validate
   * failed docs/federation.md's GitHub policy with two INVALID_SERVICE_CONDITION_KEY errors).
   */
  @Test
  void theDocumentedGitHubAndEksTrustPoliciesHaveNoFindingsAtAll() {
    String github = trust("token.actions.githubusercontent.com", "{'StringEquals':{"
        + "'token.actions.githubusercontent.com:aud':'sts.amazonaws.com',"
        + "'token.actions.githubusercontent.com:sub':'repo:org/repo:ref:refs/heads/main'}}");
    assertThat(Validator.validate(github, PolicyKind.TRUST, ValidationOptions.defaults())).isEmpty();
    String eks = trust("oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
        "{'StringEquals':{'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub':"
            + "'system:serviceaccount:default:my-service-account','oidc.eks.us-east-1.amazonaws.com/id/"
            + "EXAMPLED539D4633E53DE1B71EXAMPLE:aud':'sts.amazonaws.com'}}");
    assertThat(Validator.validate(eks, PolicyKind.TRUST, ValidationOptions.defaults())).isEmpty();
    // every claim STS sets under a provider's URL, in any case
    for (String claim : List.of("aud", "oaud", "amr", "email", "AUD")) {
      String p = trust("idp.example.com/tenant", "{'StringEquals':{'idp.example.com/tenant:Sub':'alice',"
          + "'idp.example.com/tenant:" + claim + "':'x'}}");
      assertThat(Validator.validate(p, PolicyKind.TRUST, ValidationOptions.defaults())).as(claim).isEmpty();
    }
  }

  @Test
  void aClaimSTSDoesNotSetAndAServiceKeyWithoutAHostStayUnknown() {
    String typo = trust("token.actions.githubusercontent.com", "{'StringEquals':{"
        + "'token.actions.githubusercontent.com:aud':'sts.amazonaws.com','token.actions.githubusercontent.com:subb':'x',"
        + "'token.actions.githubusercontent.com:sub':'repo:org/repo:ref:refs/heads/main'}}");
    assertThat(Validator.validate(typo, PolicyKind.TRUST, ValidationOptions.defaults()))
        .extracting(Finding::issueCode).containsExactly("INVALID_SERVICE_CONDITION_KEY");
    String service = trust("token.actions.githubusercontent.com", "{'StringEquals':{"
        + "'token.actions.githubusercontent.com:sub':'repo:org/repo:ref:refs/heads/main','sts:sub':'x'}}");
    assertThat(Validator.validate(service, PolicyKind.TRUST, ValidationOptions.defaults()))
        .extracting(Finding::issueCode).contains("INVALID_SERVICE_CONDITION_KEY");
    // a service principal's name is no provider, and the built-in providers have only the catalog's keys (probe12)
    for (String key : List.of("s3.amazonaws.com:sub", "sts.amazonaws.com:aud", "graph.facebook.com:sub",
        "cognito-identity.amazonaws.com:email", "www.amazon.com:aud")) {
      String p = trust("token.actions.githubusercontent.com", "{'StringEquals':{"
          + "'token.actions.githubusercontent.com:sub':'repo:org/repo:ref:refs/heads/main','" + key + "':'x'}}");
      assertThat(Validator.validate(p, PolicyKind.TRUST, ValidationOptions.defaults())).as(key)
          .extracting(Finding::issueCode).contains("INVALID_SERVICE_CONDITION_KEY");
    }
  }

  @Test
  void aTrustWithoutSubIsWarnedWithTheFix() {
    List<Finding> f = findings(trust("token.actions.githubusercontent.com",
        "{'StringEquals':{'token.actions.githubusercontent.com:aud':'sts.amazonaws.com'}}"));
    assertThat(f).extracting(Finding::issueCode).containsExactly("OIDC_TRUST_WITHOUT_SUB");
    assertThat(f.get(0).message()).startsWith("Any GitHub Actions workflow of any repository on GitHub");
    assertThat(f.get(0).hint()).contains("token.actions.githubusercontent.com:sub");
    assertThat(findings(trust("token.actions.githubusercontent.com", null))).extracting(Finding::issueCode)
        .containsExactly("OIDC_TRUST_WITHOUT_SUB");
    // a negated sub condition pins nothing
    assertThat(findings(trust("token.actions.githubusercontent.com", sub("StringNotEquals", "repo:org/x:pull_request"))))
        .extracting(Finding::issueCode).containsExactly("OIDC_TRUST_WITHOUT_SUB");
  }

  @Test
  void otherProvidersNeedASubjectToo() {
    assertThat(findings(trust("oidc.eks.us-east-1.amazonaws.com/id/ABC", null))).extracting(Finding::issueCode)
        .containsExactly("OIDC_TRUST_WITHOUT_SUB");
    assertThat(findings(trust("oidc.eks.us-east-1.amazonaws.com/id/ABC",
        "{'StringLike':{'oidc.eks.us-east-1.amazonaws.com/id/ABC:sub':'*'}}"))).extracting(Finding::issueCode)
        .containsExactly("OIDC_TRUST_SUB_TOO_BROAD");
    assertThat(findings(trust("oidc.eks.us-east-1.amazonaws.com/id/ABC",
        "{'StringLike':{'oidc.eks.us-east-1.amazonaws.com/id/ABC:sub':'system:serviceaccount:ns:*'}}"))).isEmpty();
  }
}
