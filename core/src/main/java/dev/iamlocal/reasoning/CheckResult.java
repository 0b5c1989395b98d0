package dev.iamlocal.reasoning;

import java.util.List;

/**
 * The answer to a check, shaped as Access Analyzer's: PASS or FAIL, AWS's message, and the
 * reasons (statement by statement). What iamlocal adds is kept apart: the counterexamples (one per
 * failing statement, replayed on the evaluator) and, for a FAIL the prover could not decide, why.
 */
public record CheckResult(boolean pass, String message, List<Reason> reasons, List<Counterexample> counterexamples,
    List<String> undecided) {

  public CheckResult {
    reasons = List.copyOf(reasons);
    counterexamples = List.copyOf(counterexamples);
    undecided = List.copyOf(undecided);
  }

  /** {@code PASS} or {@code FAIL}. */
  public String result() {
    return pass ? "PASS" : "FAIL";
  }

  /** One of Access Analyzer's {@code ReasonSummary}: {@code statementId} is null without a Sid. */
  public record Reason(String description, int statementIndex, String statementId) {}
}
