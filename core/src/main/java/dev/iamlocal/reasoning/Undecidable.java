package dev.iamlocal.reasoning;

/**
 * Thrown where the prover cannot decide a question exactly. A check that meets one answers FAIL
 * with this reason, never PASS.
 */
public final class Undecidable extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int statementIndex;
  private final String statementId;

  public Undecidable(String reason) {
    this(reason, -1, null);
  }

  /** Undecided because of one statement (its 0-based index and Sid). */
  public Undecidable(String reason, int statementIndex, String statementId) {
    super(reason, null, false, false);
    this.statementIndex = statementIndex;
    this.statementId = statementId;
  }

  /** The statement that cannot be decided, or -1. */
  public int statementIndex() {
    return statementIndex;
  }

  /** Its Sid, or null. */
  public String statementId() {
    return statementId;
  }
}
