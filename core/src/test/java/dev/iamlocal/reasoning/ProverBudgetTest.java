package dev.iamlocal.reasoning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile policies end with a sound answer within the {@link Budget}: every path into the prover
 * (the three checks, diff, the matrix) stops at the budget of work steps, memory or CPU time and then
 * answers FAIL (undecided), never PASS and never an exception. Each test builds one shape of input
 * that once grew without bound (the probe that kept {@code check-access-not-granted} busy for minutes
 * in 6 GB, NotResource lists, many ForAnyValue keys, IP ranges, long globs, policy variables, action
 * patterns, numeric constants). The {@code @Timeout}s only turn a hang into a failure; what is
 * asserted is the answer and the steps spent.
 */
class ProverBudgetTest {

  static final Prover PROVER = Prover.bundled();
  static final List<Access> GET_OBJECT = List.of(new Access(List.of("s3:GetObject"), List.of()));

  static String doc(List<String> statements) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
  }

  /**
   * The probe: n Allows with a NotAction, a wildcard resource and a principal-tag glob, and n Denies
   * each failing only on another tag, as the security report wrote it.
   */
  static String probe(int n, boolean resourcePolicy) {
    String principal = resourcePolicy ? "\"Principal\":\"*\"," : "";
    List<String> st = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      st.add("{\"Effect\":\"Allow\"," + principal + "\"NotAction\":\"iam:" + (char) ('A' + i % 26)
          + "*\",\"Resource\":\"arn:aws:s3:::b" + i + "*/*x*\",\"Condition\":{\"StringLike\":{\"aws:PrincipalTag/t" + i
          + "\":\"*a*b*c*" + i + "\"}}}");
    }
    for (int i = 0; i < n; i++) {
      st.add("{\"Effect\":\"Deny\"," + principal + "\"Action\":\"*\",\"Resource\":\"arn:aws:s3:::b" + i
          + "*\",\"Condition\":{\"StringNotLike\":{\"aws:PrincipalTag/t" + i + "\":\"*z*" + i + "\"}}}");
    }
    return doc(st);
  }

  /** A FAIL whose every reason is either a counterexample the evaluator confirmed or an undecided statement. */
  static void assertSoundFail(CheckResult r) {
    assertThat(r.pass()).isFalse();
    // a reason per failing statement, or (the policy as a whole undecided) none and the reason why
    assertThat(r.reasons().size() + r.undecided().size()).isPositive();
    assertThat(r.counterexamples().size() + r.undecided().size()).isGreaterThanOrEqualTo(r.reasons().size());
    assertWithinBudget();
  }

  /** The last check spent at most the budget (its last spend may pass it by that spend's own size). */
  static void assertWithinBudget() {
    assertThat(Prover.stepsOfLastCheck()).isLessThanOrEqualTo(Prover.stepBudget() + 100_000);
  }

  @ParameterizedTest
  @ValueSource(ints = {100, 300})
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void theProbeIsDecidedWellWithinTheBudget(int n) {
    CheckResult r = PROVER.checkAccessNotGranted(probe(n, false), GET_OBJECT, AccessCheckPolicyType.IDENTITY_POLICY);
    assertSoundFail(r);
    // each Deny fails on its own tag, which nothing else reads: settled without a case split, so each
    // Allow's search is linear and every Allow gets its counterexample (it was minutes and gigabytes
    // before; n = 300 takes about 3.6 million steps)
    assertThat(r.undecided()).isEmpty();
    assertThat(r.counterexamples()).hasSize(n);
    assertThat(Prover.stepsOfLastCheck()).isLessThan(Prover.stepBudget() / 2);
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void theProbeWithASmallBudgetIsUndecidedNeverPass() {
    // the case split as it was (no private-dimension rule) is what a small budget models: it must stop
    CheckResult r = Budget.within(20_000, Budget.CPU_NANOS,
        () -> PROVER.checkAccessNotGranted(probe(300, false), GET_OBJECT, AccessCheckPolicyType.IDENTITY_POLICY));
    assertThat(r.pass()).isFalse();
    assertThat(r.undecided()).isNotEmpty().allMatch(u -> u.contains("budget"));
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void everyPathStopsWithinTheBudget() {
    String probe = probe(300, false);
    String narrow = doc(List.of("{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b1/x\"}"));
    assertSoundFail(PROVER.checkNoNewAccess(probe, narrow, AccessCheckPolicyType.IDENTITY_POLICY));
    assertSoundFail(PROVER.checkNoPublicAccess(probe(300, true), "AWS::S3::Bucket"));
    assertSoundFail(PROVER.checkAccessNotGranted(probe(300, true), GET_OBJECT, AccessCheckPolicyType.RESOURCE_POLICY));
    Prover.PolicyDiff d = PROVER.diff(narrow, probe, AccessCheckPolicyType.IDENTITY_POLICY);
    assertThat(d.added().isEmpty() && d.undecided().isEmpty()).isFalse();
    assertWithinBudget();
    List<SymbolicMatrix.Cell> row = SymbolicMatrix.bundled().row(new SymbolicMatrix.Subject("p", List.of(probe), null,
        Map.of()), List.of("s3:GetObject", "iam:CreateUser", "ec2:RunInstances"), "*");
    assertThat(row).hasSize(3);
    assertThat(row).noneMatch(c -> c.kind() == SymbolicMatrix.Kind.ALWAYS);
    assertWithinBudget();
  }

  @Test
  void aPolicyLargerThanAwsStoresIsRefused() {
    StringBuilder big = new StringBuilder();
    List<String> st = new ArrayList<>();
    for (int i = 0; big.length() <= Prover.MAX_POLICY_CHARS; i++) {
      String s = "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::bucket-" + i + "/*\"}";
      st.add(s);
      big.append(s);
    }
    String policy = doc(st);
    assertThatThrownBy(() -> PROVER.checkNoNewAccess(policy, policy, AccessCheckPolicyType.IDENTITY_POLICY))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("131072");
    // whitespace does not count, as IAM counts policy sizes
    String spaced = doc(List.of("{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}"))
        + " ".repeat(Prover.MAX_POLICY_CHARS);
    assertThat(PROVER.checkNoNewAccess(spaced, spaced, AccessCheckPolicyType.IDENTITY_POLICY).pass()).isTrue();
  }

  @Test
  void theProductSearchHoldsNoMoreThanTheMemoryBudget() {
    // twenty infix patterns against twenty others: the product automaton has exponentially many states
    List<StringSolver.Lit> lits = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      lits.add(new StringSolver.Lit(List.of(Patterns.glob(dev.iamlocal.glob.MarkedText.pattern("*k" + i + "*"))), true));
      lits.add(new StringSolver.Lit(List.of(Patterns.glob(dev.iamlocal.glob.MarkedText.pattern("*j" + i + "*q"))), false));
    }
    lits.add(new StringSolver.Lit(List.of(Patterns.glob(dev.iamlocal.glob.MarkedText.pattern("*q"))), true));
    assertThatThrownBy(() -> Budget.within(Long.MAX_VALUE / 2, Budget.CPU_NANOS, () -> StringSolver.solve(lits, true)))
        .isInstanceOf(Undecidable.class).hasMessageMatching(".*(MiB of memory|automaton states|CPU time).*");
  }

  // ------------------------------------------------------------------ other shapes that grew

  static CheckResult newAccess(List<String> added, List<String> existing) {
    return PROVER.checkNoNewAccess(doc(added), doc(existing), AccessCheckPolicyType.IDENTITY_POLICY);
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void manyNotResourceLists() {
    List<String> a = new ArrayList<>();
    List<String> e = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      a.add("{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"NotResource\":[\"arn:aws:s3:::a" + i + "*x*\",\"arn:aws:s3:::*" + i
          + "*y\"]}");
      a.add("{\"Effect\":\"Deny\",\"Action\":\"s3:Get*\",\"NotResource\":[\"arn:aws:s3:::*" + i + "*z*\"]}");
      e.add("{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::*" + i + "*q*\"}");
    }
    assertSoundFail(newAccess(a, e));
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void manyForAnyValuePatternsOnOneKey() {
    List<String> a = new ArrayList<>();
    List<String> e = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      a.add(tagged("ForAnyValue:StringLike", "aws:TagKeys", "*k" + i + "*"));
      e.add(tagged("ForAnyValue:StringLike", "aws:TagKeys", "*j" + i + "*"));
    }
    assertSoundFail(newAccess(a, e));
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void oneForAllValuesListAgainstManyForAnyValue() {
    StringBuilder vs = new StringBuilder();
    List<String> e = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      vs.append(i == 0 ? "" : ",").append("\"*k").append(i).append("*\"");
      e.add(tagged("ForAnyValue:StringNotLike", "aws:TagKeys", "*j" + i + "*"));
    }
    String a = "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\",\"Condition\":{\"ForAllValues:StringLike\":"
        + "{\"aws:TagKeys\":[" + vs + "]}}}";
    assertSoundFail(newAccess(List.of(a), e));
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void manyForAnyValueKeys() {
    StringBuilder c = new StringBuilder();
    List<String> e = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      c.append(i == 0 ? "" : ",").append("\"aws:RequestTag/k").append(i).append("\":[\"*a").append(i).append("*\"]");
      e.add(tagged("ForAnyValue:StringLike", "aws:RequestTag/k" + i, "*b" + i + "*"));
    }
    String a = "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\",\"Condition\":{\"ForAnyValue:StringLike\":{"
        + c + "}}}";
    assertSoundFail(newAccess(List.of(a), e));
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void manyIpRanges() {
    StringBuilder v4 = new StringBuilder();
    StringBuilder v6 = new StringBuilder();
    for (int i = 0; i < 60; i++) {
      v4.append(i == 0 ? "" : ",").append("\"10.").append(i).append(".0.0/24\"");
      v6.append(i == 0 ? "" : ",").append("\"2001:db8:").append(Integer.toHexString(i)).append("::/48\"");
    }
    List<String> a = new ArrayList<>();
    List<String> e = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      a.add("{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\",\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":["
          + v4 + "]},\"NotIpAddress\":{\"aws:SourceIp\":[\"10." + i + ".0.1/32\"]}}}");
      e.add("{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\",\"Condition\":{\"NotIpAddress\":{\"aws:SourceIp\":["
          + v6 + ",\"10." + i + ".0.0/16\"]}}}");
    }
    assertSoundFail(newAccess(a, e));
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void longGlobsWithManyStars() {
    List<String> a = new ArrayList<>();
    List<String> e = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      a.add("{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"" + stars(i, 7) + "\"}");
      e.add("{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"" + stars(i, 11) + "\"}");
    }
    assertSoundFail(newAccess(a, e));
  }

  private static String stars(int i, int step) {
    StringBuilder g = new StringBuilder("arn:aws:s3:::");
    for (int k = 0; k < 40; k++) {
      g.append('*').append((char) ('a' + (k * step + i) % 26));
    }
    return g.append('*').toString();
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void deepPolicyVariables() {
    List<String> a = new ArrayList<>();
    List<String> e = new ArrayList<>();
    int n = 200;
    for (int i = 0; i < n; i++) {
      a.add("{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::${aws:PrincipalTag/a" + i
          + "}/${aws:PrincipalTag/b" + i + "}/*${aws:username}*\",\"Condition\":{\"StringLike\":{\"aws:PrincipalTag/a" + i
          + "\":\"${aws:PrincipalTag/b" + i + "}*\",\"aws:ResourceTag/x\":\"${aws:PrincipalTag/a" + ((i + 1) % n) + "}\"}}}");
      e.add("{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::${aws:PrincipalTag/b" + i
          + "}/*\",\"Condition\":{\"StringEquals\":{\"aws:ResourceTag/x\":\"${aws:PrincipalTag/b" + i + "}\"}}}");
    }
    assertSoundFail(newAccess(a, e));
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void manyInfixActionPatterns() {
    StringBuilder x = new StringBuilder();
    StringBuilder y = new StringBuilder();
    for (int i = 0; i < 400; i++) {
      x.append(i == 0 ? "" : ",").append("\"*").append((char) ('a' + i % 26)).append(i).append("*\"");
      y.append(i == 0 ? "" : ",").append("\"s3:*").append((char) ('b' + i % 25)).append(i).append("*\"");
    }
    assertSoundFail(newAccess(List.of("{\"Effect\":\"Allow\",\"Action\":[" + x + "],\"Resource\":\"*\"}"),
        List.of("{\"Effect\":\"Allow\",\"Action\":[" + y + "],\"Resource\":\"*\"}")));
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void manyNumericAndDateConstants() {
    List<String> a = new ArrayList<>();
    List<String> e = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      a.add("{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\",\"Condition\":{\"NumericLessThan\":{\"s3:max-keys\":[\""
          + i * 3 + "\"]},\"DateGreaterThan\":{\"aws:CurrentTime\":\"20" + (10 + i % 80) + "-01-01T00:00:00Z\"}}}");
      e.add("{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\",\"Condition\":{\"NumericGreaterThan\":{\"s3:max-keys\":[\""
          + (i * 3 + 1) + "\"]},\"DateLessThan\":{\"aws:CurrentTime\":\"20" + (11 + i % 80) + "-01-01T00:00:00Z\"}}}");
    }
    assertSoundFail(newAccess(a, e));
  }

  private static String tagged(String op, String key, String value) {
    return "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\",\"Condition\":{\"" + op + "\":{\"" + key
        + "\":[\"" + value + "\"]}}}";
  }
}
