package dev.iamlocal.simulation;

/**
 * A simulation request IAM would refuse ({@code InvalidInput}). The message is IAM's text; the
 * detail is iamlocal's explanation (a parser's words, a hint), kept apart so that a front end can
 * put it where AWS's message is not changed (a response header, a hint line).
 */
public final class SimulationException extends RuntimeException {

  private final String detail;

  /**
   * @param message the error message, as IAM words it
   * @param detail iamlocal's explanation, or empty
   */
  public SimulationException(String message, String detail) {
    super(message);
    this.detail = detail == null ? "" : detail;
  }

  /** iamlocal's explanation of the refusal, or empty. */
  public String detail() {
    return detail;
  }
}
