package dev.iamlocal.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.evaluation.Decision;
import dev.iamlocal.evaluation.Outcome;
import dev.iamlocal.evaluation.Policy;
import dev.iamlocal.evaluation.PolicySet;
import dev.iamlocal.evaluation.PolicyType;
import dev.iamlocal.request.AuthorizationRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Spec §11 and the worked examples E1–E7. */
class Spec11CrossAccountTest {

  static final String A = "111122223333";
  static final String B = "222222222222";

  static AuthorizationRequest req(String principal, String action, String resource, String owner) {
    return AuthorizationRequest.builder().principal(principal).action(action).resource(resource).resourceAccount(owner).build();
  }

  static Policy rbp(String statements) {
    return Policy.parse("rbp", "{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}");
  }

  @Test
  void e1_sameAccountDenyOnLogBuckets() {
    String user = "arn:aws:iam::" + A + ":user/carlossalazar";
    Policy id = Fx.policy(Fx.allow("s3:*", "[\"arn:aws:s3:::carlossalazar\",\"arn:aws:s3:::carlossalazar/*\"]"),
        Fx.deny("s3:*", "arn:aws:s3:::*log*"));
    Policy bucket = rbp("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + user + "\"},\"Action\":\"s3:*\",\"Resource\":\"*\"}");
    PolicySet set = PolicySet.builder().identity(id).resourcePolicy(bucket).build();
    assertThat(Fx.decide(set, req(user, "s3:PutObject", "arn:aws:s3:::carlossalazar-logs/x", A))).isEqualTo(Outcome.EXPLICIT_DENY);
    Decision ok = Fx.decision(set, req(user, "s3:PutObject", "arn:aws:s3:::carlossalazar/x", A));
    assertThat(ok.outcome()).isEqualTo(Outcome.ALLOWED);
    assertThat(ok.matchedStatements()).hasSize(2); // both allow; one would suffice
  }

  @Test
  void e2_boundaryLimitsIdentity() {
    PolicySet set = PolicySet.builder().identity(Fx.policy(Fx.allow("s3:*", "*")))
        .permissionsBoundary(Fx.policy(Fx.allow("s3:Get*", "*"))).build();
    Decision put = Fx.decision(set, req(Fx.USER, "s3:PutObject", "arn:aws:s3:::b/k", A));
    assertThat(put.outcome()).isEqualTo(Outcome.IMPLICIT_DENY);
    assertThat(put.allowedByPermissionsBoundary()).isFalse();
    Decision get = Fx.decision(set, req(Fx.USER, "s3:GetObject", "arn:aws:s3:::b/k", A));
    assertThat(get.outcome()).isEqualTo(Outcome.ALLOWED);
    assertThat(get.allowedByPermissionsBoundary()).isTrue();
  }

  @Test
  void e3_userGrantBypassesBoundaryAndMissingIdentity() {
    String u = "arn:aws:iam::" + A + ":user/U";
    PolicySet set = PolicySet.builder().permissionsBoundary(Fx.policy(Fx.allow("none:none", "*")))
        .resourcePolicy(rbp("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + u + "\"},\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}"))
        .build();
    assertThat(Fx.decide(set, req(u, "s3:GetObject", "arn:aws:s3:::b/k", A))).isEqualTo(Outcome.ALLOWED);
  }

  @Test
  void e4_roleGrantLimitedBySessionPolicy_sessionGrantIsNot() {
    Policy session = Fx.policy(Fx.allow("ec2:*", "*"));
    String caller = "arn:aws:sts::" + A + ":assumed-role/R/sess1";
    for (String named : List.of("arn:aws:iam::" + A + ":role/R", caller)) {
      PolicySet set = PolicySet.builder().sessionPolicies(List.of(session))
          .resourcePolicy(rbp("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + named + "\"},\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}"))
          .build();
      assertThat(Fx.decide(set, req(caller, "s3:GetObject", "arn:aws:s3:::b/k", A)))
          .isEqualTo(named.contains(":role/") ? Outcome.IMPLICIT_DENY : Outcome.ALLOWED);
    }
  }

  @Test
  void e5_scpChain() {
    Policy full = Fx.policy(Fx.allow("*", "*"));
    Policy ou = Fx.policy(Fx.allow("*", "*"), Fx.deny("s3:DeleteBucket", "*"));
    PolicySet set = PolicySet.builder().identity(full).addServiceControlPolicyLevel(List.of(full))
        .addServiceControlPolicyLevel(List.of(ou)).addServiceControlPolicyLevel(List.of(full)).build();
    assertThat(Fx.decide(set, req(Fx.USER, "s3:DeleteBucket", "arn:aws:s3:::b", A))).isEqualTo(Outcome.EXPLICIT_DENY);
    assertThat(Fx.decide(set, req(Fx.USER, "s3:GetObject", "arn:aws:s3:::b/k", A))).isEqualTo(Outcome.ALLOWED);
    // account-level node without an Allow: every action denied
    PolicySet noAccountAllow = PolicySet.builder().identity(full).addServiceControlPolicyLevel(List.of(full))
        .addServiceControlPolicyLevel(List.of(ou)).addServiceControlPolicyLevel(List.of()).build();
    assertThat(Fx.decide(noAccountAllow, req(Fx.USER, "s3:GetObject", "arn:aws:s3:::b/k", A))).isEqualTo(Outcome.IMPLICIT_DENY);
    // management account: no SCPs given
    assertThat(Fx.decide(PolicySet.ofIdentity(full), req(Fx.USER, "s3:DeleteBucket", "arn:aws:s3:::b", A))).isEqualTo(Outcome.ALLOWED);
  }

  @Test
  void e6_crossAccountNeedsBothSides() {
    String user = "arn:aws:iam::111111111111:user/u";
    Policy id = Fx.policy(Fx.allow("s3:*Object*", "arn:aws:s3:::Production/*"), Fx.deny("s3:*", "arn:aws:s3:::*log*"));
    Policy bucket = rbp("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + user + "\"},\"Action\":\"s3:PutObject*\","
        + "\"Resource\":[\"arn:aws:s3:::Production/*\",\"arn:aws:s3:::Production-logs/*\"]}");
    PolicySet set = PolicySet.builder().identity(id).resourcePolicy(bucket).build();
    assertThat(Fx.decide(set, req(user, "s3:PutObject", "arn:aws:s3:::Production/f", B))).isEqualTo(Outcome.ALLOWED);
    Decision del = Fx.decision(set, req(user, "s3:DeleteObject", "arn:aws:s3:::Production/f", B));
    assertThat(del.outcome()).isEqualTo(Outcome.IMPLICIT_DENY);
    assertThat(del.blockedBy()).isEqualTo(PolicyType.RESOURCE);
    assertThat(Fx.decide(set, req(user, "s3:PutObject", "arn:aws:s3:::Production-logs/f", B))).isEqualTo(Outcome.EXPLICIT_DENY);
    // the direct-grant shortcut of §10.3 is same-account only: without an identity Allow, denied
    PolicySet noIdentity = PolicySet.builder().resourcePolicy(bucket).build();
    assertThat(Fx.decide(noIdentity, req(user, "s3:PutObject", "arn:aws:s3:::Production/f", B))).isEqualTo(Outcome.IMPLICIT_DENY);
  }

  @Test
  void e7_trustPolicyNamingTheAccountIsDelegation() {
    String u = "arn:aws:iam::" + A + ":user/U";
    String role = "arn:aws:iam::" + A + ":role/T";
    Policy trust = Policy.parse("trust", "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
        + "\"Principal\":{\"AWS\":\"arn:aws:iam::" + A + ":root\"},\"Action\":\"sts:AssumeRole\"}}");
    Policy id = Fx.policy(Fx.allow("sts:AssumeRole", role));
    assertThat(Fx.decide(PolicySet.builder().identity(id).resourcePolicy(trust).build(), req(u, "sts:AssumeRole", role, A)))
        .isEqualTo(Outcome.ALLOWED);
    assertThat(Fx.decide(PolicySet.builder().resourcePolicy(trust).build(), req(u, "sts:AssumeRole", role, A)))
        .isEqualTo(Outcome.IMPLICIT_DENY);
    Policy otherTrust = Policy.parse("trust", "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
        + "\"Principal\":{\"AWS\":\"arn:aws:iam::999999999999:root\"},\"Action\":\"sts:AssumeRole\"}}");
    assertThat(Fx.decide(PolicySet.builder().identity(id).resourcePolicy(otherTrust).build(), req(u, "sts:AssumeRole", role, A)))
        .isEqualTo(Outcome.IMPLICIT_DENY);
  }
}
