package dev.iamlocal.spec;

import static dev.iamlocal.spec.Fx.ctx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.evaluation.Decision;
import dev.iamlocal.evaluation.Evaluator;
import dev.iamlocal.evaluation.Mismatch;
import dev.iamlocal.evaluation.Outcome;
import dev.iamlocal.evaluation.Policy;
import dev.iamlocal.evaluation.PolicySet;
import dev.iamlocal.evaluation.StatementTrace;
import org.junit.jupiter.api.Test;

/** Spec §9: a statement applies iff principal, action, resource and every condition match; order never matters. */
class Spec09ApplicabilityTest {

  @Test
  void explanationNamesTheFirstFailingTest() {
    Policy p = Fx.policy(Fx.allow("s3:PutObject", "*"), Fx.allow("s3:GetObject", "arn:aws:s3:::other/*"),
        Fx.stmt("Allow", "s3:GetObject", "*", "{\"StringEquals\":{\"aws:ResourceTag/team\":\"red\"}}"));
    var e = Evaluator.explain(PolicySet.ofIdentity(p), Fx.req(Fx.USER, "s3:GetObject", "arn:aws:s3:::b/k",
        ctx("aws:ResourceTag/team", "blue")));
    assertThat(e.decision().outcome()).isEqualTo(Outcome.IMPLICIT_DENY);
    assertThat(e.statements()).extracting(StatementTrace::mismatch)
        .containsExactly(Mismatch.ACTION, Mismatch.RESOURCE, Mismatch.CONDITION);
    assertThat(e.statements().get(2).detail()).contains("aws:ResourceTag/team").contains("blue").contains("red");
  }

  @Test
  void explanationShowsResolvedVariables() {
    Policy p = Fx.policy(Fx.allow("s3:GetObject", "arn:aws:s3:::home/${aws:username}/*"));
    var e = Evaluator.explain(PolicySet.ofIdentity(p), Fx.req(Fx.USER, "s3:GetObject", "arn:aws:s3:::home/bob/k",
        ctx("aws:username", "alice")));
    assertThat(e.statements().get(0).detail()).contains("arn:aws:s3:::home/alice/*");
  }

  @Test
  void anyMemberOfTheSetAllowsAndAnyDenies_orderIrrelevant() {
    Policy a = Fx.policy(Fx.allow("s3:*", "*"));
    Policy d = Fx.policy(Fx.deny("s3:DeleteObject", "*"));
    for (PolicySet set : new PolicySet[] {PolicySet.ofIdentity(a, d), PolicySet.ofIdentity(d, a)}) {
      assertThat(Fx.decide(set, Fx.req(Fx.USER, "s3:GetObject", "arn:aws:s3:::b/k", ctx()))).isEqualTo(Outcome.ALLOWED);
      Decision x = Fx.decision(set, Fx.req(Fx.USER, "s3:DeleteObject", "arn:aws:s3:::b/k", ctx()));
      assertThat(x.outcome()).isEqualTo(Outcome.EXPLICIT_DENY);
      assertThat(x.matchedStatements()).hasSize(1);
      assertThat(x.matchedStatements().get(0).effect().json()).isEqualTo("Deny");
    }
  }

  @Test
  void defaultIsImplicitDenyWithNoMatchedStatements() {
    Decision d = Fx.decision(PolicySet.ofIdentity(), Fx.req(Fx.USER, "s3:GetObject", "*", ctx()));
    assertThat(d.outcome()).isEqualTo(Outcome.IMPLICIT_DENY);
    assertThat(d.matchedStatements()).isEmpty();
  }

  @Test
  void rootUserIsAllowedByDefaultButNotAgainstAnExplicitDeny() {
    String root = "arn:aws:iam::" + Fx.ACCT + ":root";
    assertThat(Fx.decide(PolicySet.ofIdentity(), Fx.req(root, "s3:GetObject", "arn:aws:s3:::b/k", ctx()))).isEqualTo(Outcome.ALLOWED);
    Policy bucket = Policy.parse("bucket", "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Deny\",\"Principal\":\"*\","
        + "\"Action\":\"s3:*\",\"Resource\":\"*\"}}");
    assertThat(Fx.decide(PolicySet.builder().resourcePolicy(bucket).build(), Fx.req(root, "s3:GetObject", "arn:aws:s3:::b/k", ctx())))
        .isEqualTo(Outcome.EXPLICIT_DENY);
  }
}
