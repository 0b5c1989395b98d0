package dev.iamlocal.reasoning;

/**
 * The prover found a counterexample that the evaluator, replaying it, does not confirm: one of the
 * two is wrong. Never dropped: a check that meets one fails with this error.
 */
public final class ProverDisagreement extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  public ProverDisagreement(String message) {
    super(message);
  }
}
