package dev.iamlocal.spec;

import static dev.iamlocal.spec.Fx.ACCT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.evaluation.Outcome;
import dev.iamlocal.evaluation.Policy;
import dev.iamlocal.evaluation.PolicySet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Spec §5: Principal forms in a resource-based policy. The caller has no identity policy, so a
 * same-account request is allowed only by a "direct" grant, and an account grant (delegation) is
 * not enough on its own (§10.3); with an identity Allow the account grant suffices.
 */
class Spec05PrincipalTest {

  static final String BUCKET = "arn:aws:s3:::bkt/k";

  private static Outcome bucket(String principalJson, String caller, boolean identityAllows) {
    Policy rbp = Policy.parse("bucket", "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":"
        + principalJson + ",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::bkt/*\"}}");
    PolicySet.Builder b = PolicySet.builder().resourcePolicy(rbp);
    if (identityAllows) {
      b.identity(Fx.policy(Fx.allow("s3:GetObject", "*")));
    }
    return Fx.decide(b.build(), dev.iamlocal.request.AuthorizationRequest.builder().principal(caller).action("s3:GetObject")
        .resource(BUCKET).resourceAccount(ACCT).build());
  }

  @ParameterizedTest(name = "{0} / caller {1} / identity allows {2} -> {3}")
  @CsvSource(delimiter = '|', value = {
      "\"*\"                                                         | arn:aws:iam::111122223333:user/alice | false | allowed",
      "{\"AWS\":\"*\"}                                               | arn:aws:iam::111122223333:user/alice | false | allowed",
      "\"*\"                                                         | *                                    | false | allowed",
      "{\"AWS\":\"111122223333\"}                                    | arn:aws:iam::111122223333:user/alice | false | implicitDeny",
      "{\"AWS\":\"111122223333\"}                                    | arn:aws:iam::111122223333:user/alice | true  | allowed",
      "{\"AWS\":\"arn:aws:iam::111122223333:root\"}                  | arn:aws:iam::111122223333:user/alice | true  | allowed",
      "{\"AWS\":\"arn:aws:iam::111122223333:root\"}                  | arn:aws:iam::111122223333:user/alice | false | implicitDeny",
      "{\"AWS\":\"arn:aws:iam::111122223333:user/alice\"}            | arn:aws:iam::111122223333:user/alice | false | allowed",
      "{\"AWS\":\"arn:aws:iam::111122223333:user/Alice\"}            | arn:aws:iam::111122223333:user/alice | false | implicitDeny",
      "{\"AWS\":\"arn:aws:iam::111122223333:user/*\"}                | arn:aws:iam::111122223333:user/alice | false | implicitDeny",
      "{\"AWS\":\"arn:aws:iam::111122223333:role/R\"}                | arn:aws:sts::111122223333:assumed-role/R/s1 | false | allowed",
      "{\"AWS\":\"arn:aws:iam::111122223333:role/path/R\"}           | arn:aws:sts::111122223333:assumed-role/R/s1 | false | allowed",
      "{\"AWS\":\"arn:aws:sts::111122223333:assumed-role/R/s1\"}     | arn:aws:sts::111122223333:assumed-role/R/s1 | false | allowed",
      "{\"AWS\":\"arn:aws:sts::111122223333:assumed-role/R/s1\"}     | arn:aws:sts::111122223333:assumed-role/R/s2 | false | implicitDeny",
      "{\"AWS\":\"arn:aws:sts::111122223333:assumed-role/R/*\"}      | arn:aws:sts::111122223333:assumed-role/R/s2 | false | implicitDeny",
      "{\"AWS\":\"arn:aws:sts::111122223333:federated-user/fed\"}    | arn:aws:sts::111122223333:federated-user/fed | false | allowed",
      "{\"Service\":\"sagemaker.amazonaws.com\"}                      | sagemaker.amazonaws.com              | false | allowed",
      "{\"Service\":[\"glue.amazonaws.com\",\"sagemaker.amazonaws.com\"]} | sagemaker.amazonaws.com         | false | allowed",
      "{\"Service\":\"glue.amazonaws.com\"}                           | sagemaker.amazonaws.com              | false | implicitDeny",
      "{\"AWS\":\"arn:aws:iam::111122223333:root\",\"Service\":\"glue.amazonaws.com\"} | glue.amazonaws.com | false | allowed",
      "{\"AWS\":\"arn:aws:iam::444455556666:root\"}                  | arn:aws:iam::111122223333:user/alice | false | implicitDeny",
      "{\"AWS\":\"arn:aws:iam::111122223333:user/alice\"}            | *                                    | false | implicitDeny"})
  void principalForms(String principalJson, String caller, boolean identityAllows, String expected) {
    assertThat(bucket(principalJson.trim(), caller.trim(), identityAllows).json()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "Federated {0} with provider {1} -> {2}")
  @CsvSource({
      "cognito-identity.amazonaws.com, cognito-identity.amazonaws.com, allowed",
      "arn:aws:iam::111122223333:saml-provider/P, arn:aws:iam::111122223333:saml-provider/P, allowed",
      "accounts.google.com, graph.facebook.com, implicitDeny"})
  void federatedPrincipalInATrustPolicy(String provider, String given, String expected) {
    Policy trust = Policy.parse("trust", "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":"
        + "{\"Federated\":\"" + provider + "\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\"}}");
    var r = dev.iamlocal.request.AuthorizationRequest.builder().principal("*").action("sts:AssumeRoleWithWebIdentity")
        .resource(Fx.ROLE).context("aws:FederatedProvider", given).build();
    assertThat(Fx.decide(PolicySet.builder().resourcePolicy(trust).build(), r).json()).isEqualTo(expected);
  }

  /** Q8: NotPrincipal with Deny excludes the caller only when every identity it answers to is listed. */
  @ParameterizedTest(name = "NotPrincipal {0} / caller {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "[\"arn:aws:iam::111122223333:user/alice\"]                                       | arn:aws:iam::111122223333:user/alice | explicitDeny",
      "[\"arn:aws:iam::111122223333:user/alice\",\"arn:aws:iam::111122223333:root\"]    | arn:aws:iam::111122223333:user/alice | allowed",
      "[\"arn:aws:iam::111122223333:user/alice\",\"arn:aws:iam::111122223333:root\"]    | arn:aws:iam::111122223333:user/bob   | explicitDeny",
      "[\"arn:aws:sts::111122223333:assumed-role/R/s1\",\"arn:aws:iam::111122223333:root\"] | arn:aws:sts::111122223333:assumed-role/R/s1 | explicitDeny",
      "[\"arn:aws:sts::111122223333:assumed-role/R/s1\",\"arn:aws:iam::111122223333:role/R\",\"arn:aws:iam::111122223333:root\"] | arn:aws:sts::111122223333:assumed-role/R/s1 | allowed"})
  void q8_notPrincipalWithDeny_everyIdentityMustBeListed(String listed, String caller, String expected) {
    Policy rbp = Policy.parse("bucket", "{\"Version\":\"2012-10-17\",\"Statement\":["
        + "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"},"
        + "{\"Effect\":\"Deny\",\"NotPrincipal\":{\"AWS\":" + listed.trim() + "},\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}");
    var r = dev.iamlocal.request.AuthorizationRequest.builder().principal(caller.trim()).action("s3:GetObject")
        .resource(BUCKET).resourceAccount(ACCT).build();
    assertThat(Fx.decide(PolicySet.builder().resourcePolicy(rbp).build(), r).json()).isEqualTo(expected);
  }

  /**
   * Boundaries page, "Important": a Deny with NotPrincipal always denies an IAM principal that has
   * a permissions boundary, whatever NotPrincipal lists (found by differential testing).
   */
  @ParameterizedTest(name = "boundary {0} -> {1}")
  @CsvSource({"false, allowed", "true, explicitDeny"})
  void notPrincipalDeny_alwaysDeniesAPrincipalWithABoundary(boolean withBoundary, String expected) {
    Policy rbp = Policy.parse("bucket", "{\"Version\":\"2012-10-17\",\"Statement\":["
        + "{\"Effect\":\"Deny\",\"NotPrincipal\":{\"AWS\":[\"arn:aws:iam::111122223333:user/alice\","
        + "\"arn:aws:iam::111122223333:root\"]},\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}");
    PolicySet.Builder b = PolicySet.builder().resourcePolicy(rbp).identity(Fx.policy(Fx.allow("s3:GetObject", "*")));
    if (withBoundary) {
      b.permissionsBoundary(Fx.policy(Fx.allow("s3:*", "*")));
    }
    var r = dev.iamlocal.request.AuthorizationRequest.builder().principal("arn:aws:iam::111122223333:user/alice")
        .action("s3:GetObject").resource(BUCKET).resourceAccount(ACCT).build();
    assertThat(Fx.decide(b.build(), r).json()).isEqualTo(expected);
  }
}
