package dev.iamlocal.reasoning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.request.RequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The symbolic treatment of policy variables ({@link Variables}) held against the evaluator: random
 * policy pairs whose resources, NotResources and condition values name one or two variables (twice,
 * with defaults, escapes, in ARN and glob patterns, beside conditions on the variables' own keys, some
 * naming the other variable),
 * and random requests whose variable keys are absent, empty, or take values built from the
 * policies' constants and separators, with resources built from the same values (so that the
 * patterns with variables match them). A request the evaluator shows to be new access refutes a
 * PASS; every FAIL's counterexample is replayed on the evaluator by the prover itself.
 */
class PolicyVariablesPropertiesTest {

  static final String U = "${aws:username}";
  static final String T = "${aws:PrincipalTag/team}";

  static final List<String> RESOURCE_PATTERNS = List.of("*", "arn:aws:s3:::b/*", "arn:aws:s3:::b/" + U + "/*",
      "arn:aws:s3:::b/" + T + "/*", "arn:aws:s3:::b/" + U + "/" + U, "arn:aws:s3:::b/" + T + "/" + U + "/*",
      "arn:aws:s3:::b/" + U, "arn:aws:s3:::b/a/*", "arn:aws:s3:::b/${aws:PrincipalTag/team, 'a'}/*",
      "arn:aws:s3:::b/" + U + "${*}", "arn:aws:s3:::b/" + T + U, "arn:aws:s3:::b/?/*");

  static final List<String> CONDITIONS = List.of(
      "\"StringEquals\": {\"aws:ResourceTag/owner\": \"" + U + "\"}",
      "\"StringNotEquals\": {\"aws:ResourceTag/owner\": \"" + U + "\"}",
      "\"StringLike\": {\"aws:ResourceTag/owner\": \"" + T + "*\"}",
      "\"StringEquals\": {\"aws:ResourceTag/owner\": \"a\"}",
      "\"StringLike\": {\"s3:prefix\": \"" + U + "/*\"}",
      "\"StringNotLike\": {\"s3:prefix\": \"" + T + "/*\"}",
      "\"StringLike\": {\"s3:prefix\": \"a/*\"}",
      "\"StringNotEquals\": {\"aws:PrincipalTag/team\": \"\"}",
      "\"StringLike\": {\"aws:PrincipalTag/team\": \"a*\"}",
      "\"StringEquals\": {\"aws:username\": [\"a\", \"b\"]}",
      "\"StringNotEquals\": {\"aws:username\": \"a\"}",
      "\"Null\": {\"aws:PrincipalTag/team\": \"true\"}",
      "\"Null\": {\"aws:username\": \"false\"}",
      "\"ArnLike\": {\"aws:SourceArn\": \"arn:aws:s3:::b/" + T + "/*\"}",
      "\"ArnEquals\": {\"aws:SourceArn\": \"arn:aws:s3:::b/" + U + "\"}",
      "\"ForAnyValue:StringEquals\": {\"aws:TagKeys\": \"" + U + "\"}",
      "\"ForAllValues:StringLike\": {\"aws:TagKeys\": \"" + T + "*\"}",
      "\"StringEqualsIgnoreCase\": {\"aws:ResourceTag/owner\": \"" + U + "\"}",
      "\"StringLike\": {\"aws:PrincipalTag/team\": \"" + U + "*\"}",
      "\"StringEquals\": {\"aws:PrincipalTag/team\": \"" + U + "\"}",
      "\"StringNotEquals\": {\"aws:PrincipalTag/team\": \"" + U + "/a\"}");

  /** Values of the variable keys: the constants, separators and wildcard characters, empty. */
  static final List<String> VALUES = List.of("a", "b", "", "a/b", "a/", "x", "*", "ab", "A", "b/a");

  @Provide
  Arbitrary<String> policies() {
    Arbitrary<String> statement = Combinators.combine(
        Arbitraries.of("Allow", "Allow", "Deny"),
        Arbitraries.of("s3:GetObject", "s3:*"),
        Arbitraries.of(RESOURCE_PATTERNS).list().ofMinSize(1).ofMaxSize(2), Arbitraries.of(false, false, false, true),
        Arbitraries.of(CONDITIONS).list().ofMinSize(0).ofMaxSize(2).uniqueElements(c -> c.substring(0, c.indexOf(':'))))
        .as((effect, action, resources, notResource, conds) -> "{\"Effect\": \"" + effect + "\", \"Action\": \"" + action
            + "\", \"" + (notResource ? "NotResource" : "Resource") + "\": " + ProverVsEvaluatorPropertiesTest.list(resources)
            + (conds.isEmpty() ? "" : ", \"Condition\": {" + String.join(", ", conds) + "}") + "}");
    return statement.list().ofMinSize(1).ofMaxSize(3)
        .map(ss -> "{\"Version\": \"2012-10-17\", \"Statement\": [" + String.join(", ", ss) + "]}");
  }

  record Pair(String newPolicy, String oldPolicy, long seed) {}

  @Provide
  Arbitrary<Pair> pairs() {
    return Combinators.combine(policies(), policies(), Arbitraries.longs()).as(Pair::new);
  }

  static String pick(Random r, List<String> xs) {
    return xs.get(r.nextInt(xs.size()));
  }

  static RequestContext context(Random r, List<String> resourceParts) {
    RequestContext.Builder b = RequestContext.builder();
    for (String k : List.of("aws:username", "aws:PrincipalTag/team", "aws:ResourceTag/owner", "s3:prefix", "aws:SourceArn")) {
      int n = r.nextInt(VALUES.size() + 2);
      if (n == VALUES.size()) {
        continue; // absent
      }
      if (n == VALUES.size() + 1) {
        b.putList(k, List.of(pick(r, VALUES), pick(r, VALUES))); // a list: no variable value
        continue;
      }
      String v = VALUES.get(n);
      switch (k) {
        case "s3:prefix" -> v = pick(r, resourceParts) + "/" + pick(r, VALUES);
        case "aws:SourceArn" -> v = "arn:aws:s3:::b/" + pick(r, resourceParts) + (r.nextBoolean() ? "" : "/" + pick(r, VALUES));
        case "aws:ResourceTag/owner" -> v = r.nextBoolean() ? pick(r, resourceParts) : pick(r, resourceParts) + pick(r, VALUES);
        default -> { }
      }
      resourceParts.add(v);
      b.put(k, v);
    }
    if (r.nextBoolean()) {
      b.putList("aws:TagKeys", List.of(pick(r, resourceParts), pick(r, VALUES)));
    }
    return b.build();
  }

  @Property(tries = 400)
  void aSampledNewAccessRefutesPass(@ForAll("pairs") Pair p) {
    CheckResult result = ProverVsEvaluatorPropertiesTest.PROVER.checkNoNewAccess(p.newPolicy(), p.oldPolicy(),
        AccessCheckPolicyType.IDENTITY_POLICY);
    Statistics.collect(result.pass() ? "PASS" : result.undecided().isEmpty() ? "FAIL" : "undecided");
    Random r = new Random(p.seed());
    for (int i = 0; i < 300; i++) {
      List<String> parts = new ArrayList<>(VALUES);
      RequestContext ctx = context(r, parts);
      String resource = "arn:aws:s3:::b/" + pick(r, parts) + (r.nextBoolean() ? "" : "/" + pick(r, parts));
      String action = r.nextBoolean() ? "s3:GetObject" : "s3:PutObject";
      if (ProverVsEvaluatorPropertiesTest.allowed(p.newPolicy(), action, resource, ctx)
          && !ProverVsEvaluatorPropertiesTest.allowed(p.oldPolicy(), action, resource, ctx)) {
        assertThat(result.pass()).as("PASS, but the evaluator allows %s on %s with %s under\n new %s\n and not under\n old %s",
            action, resource, ctx, p.newPolicy(), p.oldPolicy()).isFalse();
        return;
      }
    }
  }

  @Property(tries = 150)
  void aPolicyWithVariablesIsDecidedAgainstItselfAndAllowStar(@ForAll("policies") String policy) {
    CheckResult same = ProverVsEvaluatorPropertiesTest.PROVER.checkNoNewAccess(policy, policy,
        AccessCheckPolicyType.IDENTITY_POLICY);
    assertThat(same.pass()).as("%s against itself: %s", policy, same).isTrue();
    String all = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}]}";
    CheckResult wider = ProverVsEvaluatorPropertiesTest.PROVER.checkNoNewAccess(policy, all, AccessCheckPolicyType.IDENTITY_POLICY);
    assertThat(wider.pass()).as("%s against Allow *: %s", policy, wider).isTrue();
  }
}
