package dev.iamlocal.reasoning;

/**
 * Thrown where the prover cannot decide a question exactly. A check that meets one answers FAIL
 * with this reason, never PASS.
 */
public final class Undecidable extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public Undecidable(String reason) {
    super(reason, null, false, false);
  }
}
