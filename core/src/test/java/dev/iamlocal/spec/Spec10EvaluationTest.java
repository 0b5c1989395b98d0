package dev.iamlocal.spec;

import static dev.iamlocal.spec.Fx.ACCT;
import static dev.iamlocal.spec.Fx.ctx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.evaluation.Decision;
import dev.iamlocal.evaluation.Evaluator;
import dev.iamlocal.evaluation.Outcome;
import dev.iamlocal.evaluation.Policy;
import dev.iamlocal.evaluation.PolicySet;
import dev.iamlocal.evaluation.PolicyType;
import dev.iamlocal.request.AuthorizationRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Spec §10: the single-account algorithm (10.2 steps), the same-account RBP table (10.3), intersections (10.4). */
class Spec10EvaluationTest {

  static final String OBJ = "arn:aws:s3:::bkt/k";
  static final Policy ALLOW_ALL = Fx.policy(Fx.allow("*", "*"));
  static final Policy ALLOW_NOTHING = Fx.policy(Fx.allow("none:none", "*"));

  static AuthorizationRequest get(String principal) {
    return AuthorizationRequest.builder().principal(principal).action("s3:GetObject").resource(OBJ).resourceAccount(ACCT).build();
  }

  static Policy bucketAllowing(String principalArn) {
    return Policy.parse("bucket", "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
        + principalArn + "\"},\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::bkt/*\"}}");
  }

  // ---- 10.2 ----

  @Test
  void step2_explicitDenyInAnyPolicyTypeWins() {
    Policy deny = Fx.policy(Fx.deny("s3:GetObject", "*"));
    Policy denyRbp = Policy.parse("b", "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Deny\",\"Principal\":\"*\","
        + "\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}}");
    List<PolicySet> sets = List.of(
        PolicySet.builder().identity(ALLOW_ALL, deny).build(),
        PolicySet.builder().identity(ALLOW_ALL).permissionsBoundary(Fx.policy(Fx.allow("*", "*"), Fx.deny("s3:GetObject", "*"))).build(),
        PolicySet.builder().identity(ALLOW_ALL).sessionPolicies(List.of(deny)).build(),
        PolicySet.builder().identity(ALLOW_ALL).resourcePolicy(denyRbp).build(),
        PolicySet.builder().identity(ALLOW_ALL).addServiceControlPolicyLevel(List.of(ALLOW_ALL, deny)).build(),
        PolicySet.builder().identity(ALLOW_ALL).addResourceControlPolicyLevel(List.of(Policy.parse("rcp",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"},"
            + "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}"))).build());
    List<PolicyType> expected = List.of(PolicyType.IDENTITY, PolicyType.PERMISSIONS_BOUNDARY, PolicyType.SESSION,
        PolicyType.RESOURCE, PolicyType.SERVICE_CONTROL, PolicyType.RESOURCE_CONTROL);
    for (int i = 0; i < sets.size(); i++) {
      Decision d = Fx.decision(sets.get(i), get(Fx.SESSION));
      assertThat(d.outcome()).as("set %d", i).isEqualTo(Outcome.EXPLICIT_DENY);
      assertThat(d.blockedBy()).as("set %d", i).isEqualTo(expected.get(i));
    }
  }

  @Test
  void step3_rcpWithoutAllowDenies() {
    Policy rcp = Policy.parse("rcp", "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\","
        + "\"Action\":\"ec2:*\",\"Resource\":\"*\"}}");
    Decision d = Fx.decision(PolicySet.builder().identity(ALLOW_ALL).addResourceControlPolicyLevel(List.of(rcp)).build(), get(Fx.USER));
    assertThat(d.outcome()).isEqualTo(Outcome.IMPLICIT_DENY);
    assertThat(d.blockedBy()).isEqualTo(PolicyType.RESOURCE_CONTROL);
  }

  @Test
  void step4_scpNeedsAnAllowAtEveryLevel_q22_implicitDeny() {
    Policy s3Only = Fx.policy(Fx.allow("s3:*", "*"));
    PolicySet set = PolicySet.builder().identity(ALLOW_ALL).addServiceControlPolicyLevel(List.of(ALLOW_ALL))
        .addServiceControlPolicyLevel(List.of(s3Only)).addServiceControlPolicyLevel(List.of(ALLOW_ALL)).build();
    assertThat(Fx.decide(set, get(Fx.USER))).isEqualTo(Outcome.ALLOWED);
    Decision d = Fx.decision(set, Fx.req(Fx.USER, "ec2:RunInstances", "*", ctx()));
    assertThat(d.outcome()).isEqualTo(Outcome.IMPLICIT_DENY);
    assertThat(d.blockedBy()).isEqualTo(PolicyType.SERVICE_CONTROL);
    assertThat(d.allowedByOrganizations()).isFalse();
  }

  @Test
  void step6to8_identityThenBoundaryThenSession() {
    Policy ec2 = Fx.policy(Fx.allow("ec2:*", "*"));
    assertThat(Fx.decision(PolicySet.builder().identity(ec2).build(), get(Fx.USER)).blockedBy()).isEqualTo(PolicyType.IDENTITY);
    assertThat(Fx.decision(PolicySet.builder().identity(ALLOW_ALL).permissionsBoundary(ec2).build(), get(Fx.USER)).blockedBy())
        .isEqualTo(PolicyType.PERMISSIONS_BOUNDARY);
    assertThat(Fx.decision(PolicySet.builder().identity(ALLOW_ALL).sessionPolicies(List.of(ec2)).build(), get(Fx.SESSION)).blockedBy())
        .isEqualTo(PolicyType.SESSION);
    // Session policies do not apply to an IAM user; a role session without one is not restricted.
    assertThat(Fx.decide(PolicySet.builder().identity(ALLOW_ALL).sessionPolicies(List.of(ec2)).build(), get(Fx.USER)))
        .isEqualTo(Outcome.ALLOWED);
    assertThat(Fx.decide(PolicySet.builder().identity(ALLOW_ALL).build(), get(Fx.SESSION))).isEqualTo(Outcome.ALLOWED);
    // A federated-user session always carries a session policy; without one it has nothing.
    assertThat(Fx.decide(PolicySet.builder().identity(ALLOW_ALL).build(), get("arn:aws:sts::" + ACCT + ":federated-user/f")))
        .isEqualTo(Outcome.IMPLICIT_DENY);
  }

  @Test
  void step9_roleTrustPolicyMustAllow() {
    Policy identity = Fx.policy(Fx.allow("sts:AssumeRole", "*"));
    var r = AuthorizationRequest.builder().principal(Fx.USER).action("sts:AssumeRole").resource("arn:aws:iam::" + ACCT + ":role/T").build();
    assertThat(Fx.decide(PolicySet.builder().identity(identity).build(), r)).isEqualTo(Outcome.IMPLICIT_DENY);
    Policy otherTrust = Policy.parse("trust", "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
        + "\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}}");
    assertThat(Fx.decide(PolicySet.builder().identity(identity).resourcePolicy(otherTrust).build(), r)).isEqualTo(Outcome.IMPLICIT_DENY);
  }

  /**
   * The permissions-only actions asked for with AssumeRole (session tags, source identity) are on
   * the role too: its trust policy must allow them, whatever the identity policies say (AWS: "for
   * roles that don't have this permission in the trust policy, the AssumeRole operation will fail").
   */
  @ParameterizedTest
  @ValueSource(strings = {"sts:TagSession", "sts:SetSourceIdentity"})
  void step9_theTrustPolicyMustAlsoAllowSessionTagsAndSourceIdentity(String action) {
    String role = "arn:aws:iam::" + ACCT + ":role/T";
    Policy identity = Fx.policy(Fx.allow("sts:*", "*"));
    var r = AuthorizationRequest.builder().principal(Fx.USER).action(action).resource(role).build();
    Decision none = Evaluator.authorize(PolicySet.builder().identity(identity).build(), r);
    assertThat(none.outcome()).isEqualTo(Outcome.IMPLICIT_DENY);
    assertThat(none.reason()).isEqualTo("the role's trust policy does not allow the " + action + " action");
    Policy assumeOnly = Policy.parse("trust", "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
        + "\"Principal\":{\"AWS\":\"arn:aws:iam::" + ACCT + ":root\"},\"Action\":\"sts:AssumeRole\"}}");
    assertThat(Fx.decide(PolicySet.builder().identity(identity).resourcePolicy(assumeOnly).build(), r))
        .isEqualTo(Outcome.IMPLICIT_DENY);
    Policy both = Policy.parse("trust", "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
        + "\"Principal\":{\"AWS\":\"arn:aws:iam::" + ACCT + ":root\"},\"Action\":[\"sts:AssumeRole\",\"" + action
        + "\"]}}");
    assertThat(Fx.decide(PolicySet.builder().identity(identity).resourcePolicy(both).build(), r))
        .isEqualTo(Outcome.ALLOWED);
    // the account as principal: the identity side must allow too
    assertThat(Fx.decide(PolicySet.builder().identity(Fx.policy(Fx.allow("s3:*", "*"))).resourcePolicy(both).build(), r))
        .isEqualTo(Outcome.IMPLICIT_DENY);
  }

  static final String KEY = "arn:aws:kms:us-east-1:" + ACCT + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";

  static Policy keyPolicyAllowing(String principal, String action) {
    return Policy.parse("key-policy", "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
        + "\"Principal\":{\"AWS\":\"" + principal + "\"},\"Action\":\"" + action + "\",\"Resource\":\"*\"}}");
  }

  static AuthorizationRequest onKey(String principal, String action, String resource) {
    return AuthorizationRequest.builder().principal(principal).action(action).resource(resource).build();
  }

  /**
   * Hole 17: "Unless the key policy explicitly allows it, you cannot use IAM policies to allow
   * access to a KMS key." (KMS Developer Guide; spec §10.2 step 9). An identity policy alone never
   * allows a request on a key ARN; a key policy naming the caller does; a key policy naming the
   * account enables IAM policies, which must then allow too. Aliases are not keys.
   */
  @Test
  void hole17_kmsKeyPolicyMustAllowAsARoleTrustPolicyMust() {
    Policy iamKms = Fx.policy(Fx.allow("kms:*", "*"));
    // no key policy: nothing on the key, whatever IAM says (root included)
    Decision none = Fx.decision(PolicySet.builder().identity(iamKms).build(), onKey(Fx.USER, "kms:Decrypt", KEY));
    assertThat(none.outcome()).isEqualTo(Outcome.IMPLICIT_DENY);
    assertThat(none.blockedBy()).isEqualTo(PolicyType.RESOURCE);
    assertThat(none.reason()).isEqualTo("no resource-based policy allows the kms:Decrypt action");
    assertThat(Fx.decide(PolicySet.builder().identity(iamKms).build(), onKey(Fx.SESSION, "KMS:Encrypt", KEY)))
        .isEqualTo(Outcome.IMPLICIT_DENY);
    assertThat(Fx.decide(PolicySet.builder().build(), onKey("arn:aws:iam::" + ACCT + ":root", "kms:Decrypt", KEY)))
        .isEqualTo(Outcome.IMPLICIT_DENY);
    // a key policy for someone else, or for another action: still denied
    assertThat(Fx.decide(PolicySet.builder().identity(iamKms).resourcePolicy(keyPolicyAllowing(Fx.ROLE, "kms:*")).build(),
        onKey(Fx.USER, "kms:Decrypt", KEY))).isEqualTo(Outcome.IMPLICIT_DENY);
    assertThat(Fx.decide(PolicySet.builder().identity(iamKms).resourcePolicy(keyPolicyAllowing(Fx.USER, "kms:Encrypt"))
        .build(), onKey(Fx.USER, "kms:Decrypt", KEY))).isEqualTo(Outcome.IMPLICIT_DENY);
    // the key policy names the caller: allowed, without any IAM policy
    assertThat(Fx.decide(PolicySet.builder().resourcePolicy(keyPolicyAllowing(Fx.USER, "kms:Decrypt")).build(),
        onKey(Fx.USER, "kms:Decrypt", KEY))).isEqualTo(Outcome.ALLOWED);
    // the key policy names the role: its sessions, within their session policy (table 10.3)
    assertThat(Fx.decide(PolicySet.builder().resourcePolicy(keyPolicyAllowing(Fx.ROLE, "kms:*")).build(),
        onKey(Fx.SESSION, "kms:Decrypt", KEY))).isEqualTo(Outcome.ALLOWED);
    assertThat(Fx.decide(PolicySet.builder().resourcePolicy(keyPolicyAllowing(Fx.ROLE, "kms:*"))
        .sessionPolicies(List.of(ALLOW_NOTHING)).build(), onKey(Fx.SESSION, "kms:Decrypt", KEY)))
        .isEqualTo(Outcome.IMPLICIT_DENY);
    // the key policy allows the account: IAM policies are enabled, and must allow
    for (String account : List.of("arn:aws:iam::" + ACCT + ":root", ACCT)) {
      Policy enablesIam = keyPolicyAllowing(account, "kms:*");
      assertThat(Fx.decide(PolicySet.builder().identity(iamKms).resourcePolicy(enablesIam).build(),
          onKey(Fx.USER, "kms:Decrypt", KEY))).isEqualTo(Outcome.ALLOWED);
      Decision noIam = Fx.decision(PolicySet.builder().identity(Fx.policy(Fx.allow("s3:*", "*")))
          .resourcePolicy(enablesIam).build(), onKey(Fx.USER, "kms:Decrypt", KEY));
      assertThat(noIam.outcome()).isEqualTo(Outcome.IMPLICIT_DENY);
      assertThat(noIam.blockedBy()).isEqualTo(PolicyType.IDENTITY);
      assertThat(Fx.decide(PolicySet.builder().identity(iamKms).permissionsBoundary(ALLOW_NOTHING)
          .resourcePolicy(enablesIam).build(), onKey(Fx.USER, "kms:Decrypt", KEY))).isEqualTo(Outcome.IMPLICIT_DENY);
      assertThat(Fx.decide(PolicySet.builder().resourcePolicy(enablesIam).build(),
          onKey("arn:aws:iam::" + ACCT + ":root", "kms:Decrypt", KEY))).isEqualTo(Outcome.ALLOWED);
    }
    // an explicit deny in the key policy or in IAM still wins
    Policy keyDeny = Policy.parse("key-policy", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
        + "\"Principal\":{\"AWS\":\"" + Fx.USER + "\"},\"Action\":\"kms:*\",\"Resource\":\"*\"},{\"Effect\":\"Deny\","
        + "\"Principal\":\"*\",\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}]}");
    assertThat(Fx.decide(PolicySet.builder().resourcePolicy(keyDeny).build(), onKey(Fx.USER, "kms:Decrypt", KEY)))
        .isEqualTo(Outcome.EXPLICIT_DENY);
    // aliases, and key-less KMS actions, are not keys: an identity policy is enough
    assertThat(Fx.decide(PolicySet.builder().identity(iamKms).build(),
        onKey(Fx.USER, "kms:Decrypt", "arn:aws:kms:us-east-1:" + ACCT + ":alias/app"))).isEqualTo(Outcome.ALLOWED);
    assertThat(Fx.decide(PolicySet.builder().identity(iamKms).build(), onKey(Fx.USER, "kms:CreateKey", "*")))
        .isEqualTo(Outcome.ALLOWED);
    // explain says why
    var e = Evaluator.explain(PolicySet.builder().identity(iamKms).build(), onKey(Fx.USER, "kms:Decrypt", KEY));
    assertThat(e.decision().outcome()).isEqualTo(Outcome.IMPLICIT_DENY);
    assertThat(e.notes()).anySatisfy(n -> assertThat(n).startsWith("The resource is a KMS key: its key policy must itself"
        + " allow the caller to kms:Decrypt").endsWith("No key policy was given, so nothing is allowed on the key."));
  }

  /**
   * Hole 16: "No permissions are required to perform this operation. If an administrator attaches a
   * policy to your identity that explicitly denies access to the sts:GetCallerIdentity action, you
   * can still perform this operation." (STS API reference). No policy type denies it, and the
   * explanation says why.
   */
  @Test
  void hole16_getCallerIdentityNeedsNoPermissionAndCannotBeDenied() {
    Policy denySts = Fx.policy(Fx.deny("sts:*", "*"), Fx.allow("s3:*", "*"));
    List<PolicySet> sets = List.of(
        PolicySet.builder().build(),
        PolicySet.builder().identity(denySts).build(),
        PolicySet.builder().identity(ALLOW_ALL).permissionsBoundary(denySts).build(),
        PolicySet.builder().identity(ALLOW_ALL).sessionPolicies(List.of(denySts)).build(),
        PolicySet.builder().identity(ALLOW_ALL).addServiceControlPolicyLevel(List.of(ALLOW_ALL, denySts)).build(),
        PolicySet.builder().identity(ALLOW_ALL).addServiceControlPolicyLevel(List.of(ALLOW_NOTHING)).build());
    for (String caller : List.of(Fx.USER, Fx.SESSION, "arn:aws:iam::" + ACCT + ":root",
        "arn:aws:sts::" + ACCT + ":federated-user/f")) {
      for (int i = 0; i < sets.size(); i++) {
        for (String action : List.of("sts:GetCallerIdentity", "STS:getcalleridentity")) {
          Decision d = Fx.decision(sets.get(i), Fx.req(caller, action, "*", ctx()));
          assertThat(d.outcome()).as("%s set %d %s", caller, i, action).isEqualTo(Outcome.ALLOWED);
          assertThat(d.matchedStatements()).isEmpty();
          assertThat(d.blockedBy()).isNull();
          assertThat(d.reason()).startsWith("sts:GetCallerIdentity requires no permissions: AWS answers it for any valid"
              + " credentials, even when a policy explicitly denies it");
        }
      }
    }
    var e = Evaluator.explain(sets.get(1), Fx.req(Fx.USER, "sts:GetCallerIdentity", "*", ctx()));
    assertThat(e.decision().outcome()).isEqualTo(Outcome.ALLOWED);
    assertThat(e.notes()).anySatisfy(n -> assertThat(n).startsWith("sts:GetCallerIdentity requires no permissions"));
    assertThat(e.statements()).anySatisfy(t -> {
      assertThat(t.applies()).isTrue(); // the Deny matches, and is not decisive
      assertThat(t.decisive()).isFalse();
    });
    // GetSessionToken neither: "you cannot use policies to control authentication operations" (STS API
    // reference, GetSessionToken); other STS actions are still evaluated
    Decision session = Fx.decision(sets.get(1), Fx.req(Fx.USER, "sts:GetSessionToken", "*", ctx()));
    assertThat(session.outcome()).isEqualTo(Outcome.ALLOWED);
    assertThat(session.reason()).startsWith("sts:GetSessionToken requires no permissions");
    assertThat(Fx.decide(sets.get(1), Fx.req(Fx.USER, "sts:GetFederationToken", "*", ctx()))).isEqualTo(Outcome.EXPLICIT_DENY);
    // no credentials, no identity to report: an anonymous caller is evaluated like any request
    assertThat(Fx.decide(sets.get(0), Fx.req("*", "sts:GetCallerIdentity", "*", ctx()))).isEqualTo(Outcome.IMPLICIT_DENY);
  }

  // ---- 10.3: principal named in a same-account RBP Allow vs implicit denies ----

  @ParameterizedTest(name = "RBP names {0}, caller {1}: identity={2} boundary={3} session={4} -> {5}")
  @CsvSource({
      // IAM user ARN: identity and boundary implicit denies ignored
      "arn:aws:iam::111122223333:user/alice, arn:aws:iam::111122223333:user/alice, none, none, absent, allowed",
      "arn:aws:iam::111122223333:user/alice, arn:aws:iam::111122223333:user/alice, none, nothing, absent, allowed",
      // IAM role ARN: identity ignored; boundary and session policy limit
      "arn:aws:iam::111122223333:role/R, arn:aws:sts::111122223333:assumed-role/R/sess1, none, none, absent, allowed",
      "arn:aws:iam::111122223333:role/R, arn:aws:sts::111122223333:assumed-role/R/sess1, none, nothing, absent, implicitDeny",
      "arn:aws:iam::111122223333:role/R, arn:aws:sts::111122223333:assumed-role/R/sess1, none, none, nothing, implicitDeny",
      // role session ARN: everything ignored
      "arn:aws:sts::111122223333:assumed-role/R/sess1, arn:aws:sts::111122223333:assumed-role/R/sess1, none, nothing, nothing, allowed",
      // federated-user session ARN: everything ignored
      "arn:aws:sts::111122223333:federated-user/f, arn:aws:sts::111122223333:federated-user/f, none, nothing, nothing, allowed",
      // account: delegation, identity must allow; boundary and session limit
      "111122223333, arn:aws:iam::111122223333:user/alice, none, none, absent, implicitDeny",
      "111122223333, arn:aws:iam::111122223333:user/alice, all, none, absent, allowed",
      "111122223333, arn:aws:iam::111122223333:user/alice, all, nothing, absent, implicitDeny",
      "111122223333, arn:aws:sts::111122223333:assumed-role/R/sess1, all, none, nothing, implicitDeny",
      // '*': ignored for same-account callers, not limited by boundary or session policy
      "*, arn:aws:iam::111122223333:user/alice, none, nothing, absent, allowed",
      "*, arn:aws:sts::111122223333:assumed-role/R/sess1, none, nothing, nothing, allowed"})
  void table10_3(String named, String caller, String identity, String boundary, String session, String expected) {
    PolicySet.Builder b = PolicySet.builder().resourcePolicy(bucketAllowing(named));
    if (identity.equals("all")) {
      b.identity(ALLOW_ALL);
    }
    if (boundary.equals("nothing")) {
      b.permissionsBoundary(ALLOW_NOTHING);
    }
    if (session.equals("nothing")) {
      b.sessionPolicies(List.of(ALLOW_NOTHING));
    }
    assertThat(Fx.decide(b.build(), get(caller)).json()).isEqualTo(expected);
  }

  @Test
  void table10_3_explicitDenyAlwaysWins() {
    PolicySet set = PolicySet.builder().resourcePolicy(bucketAllowing(Fx.USER)).identity(Fx.policy(Fx.deny("s3:*", "*"))).build();
    assertThat(Fx.decide(set, get(Fx.USER))).isEqualTo(Outcome.EXPLICIT_DENY);
  }

  // ---- 10.4 ----

  @ParameterizedTest(name = "10.4 {0} -> {1}")
  @CsvSource({
      "identity∩boundary, implicitDeny", "identity∩scp, implicitDeny", "identity∩session, implicitDeny",
      "identity∪resource, allowed", "boundary only, implicitDeny", "scp only, implicitDeny"})
  void intersectionsAndUnion(String shape, String expected) {
    Policy s3 = Fx.policy(Fx.allow("s3:*", "*"));
    Policy ec2 = Fx.policy(Fx.allow("ec2:*", "*"));
    PolicySet set = switch (shape) {
      case "identity∩boundary" -> PolicySet.builder().identity(s3).permissionsBoundary(ec2).build();
      case "identity∩scp" -> PolicySet.builder().identity(s3).addServiceControlPolicyLevel(List.of(ec2)).build();
      case "identity∩session" -> PolicySet.builder().identity(s3).sessionPolicies(List.of(ec2)).build();
      case "identity∪resource" -> PolicySet.builder().identity(ec2).resourcePolicy(bucketAllowing(Fx.SESSION)).build();
      case "boundary only" -> PolicySet.builder().permissionsBoundary(ALLOW_ALL).build();
      case "scp only" -> PolicySet.builder().addServiceControlPolicyLevel(List.of(ALLOW_ALL)).build();
      default -> throw new IllegalArgumentException(shape);
    };
    assertThat(Fx.decide(set, get(Fx.SESSION)).json()).isEqualTo(expected);
  }

  @Test
  void permissionsBoundaryDecisionDetail() {
    PolicySet set = PolicySet.builder().identity(ALLOW_ALL).permissionsBoundary(Fx.policy(Fx.allow("s3:Get*", "*"))).build();
    assertThat(Fx.decision(set, get(Fx.USER)).allowedByPermissionsBoundary()).isTrue();
    assertThat(Fx.decision(set, Fx.req(Fx.USER, "s3:PutObject", OBJ, ctx())).allowedByPermissionsBoundary()).isFalse();
    assertThat(Fx.decision(PolicySet.ofIdentity(ALLOW_ALL), get(Fx.USER)).allowedByPermissionsBoundary()).isNull();
  }

  @Test
  void vpcEndpointPolicyMustAllow() {
    Policy vpce = Policy.parse("vpce", "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\","
        + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::bkt/*\"}}");
    PolicySet set = PolicySet.builder().identity(ALLOW_ALL).vpcEndpointPolicy(vpce).build();
    assertThat(Fx.decide(set, get(Fx.USER))).isEqualTo(Outcome.ALLOWED);
    Decision d = Fx.decision(set, Fx.req(Fx.USER, "s3:PutObject", OBJ, ctx()));
    assertThat(d.blockedBy()).isEqualTo(PolicyType.VPC_ENDPOINT);
  }
}
