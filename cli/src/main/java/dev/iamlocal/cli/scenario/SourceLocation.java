package dev.iamlocal.cli.scenario;

/**
 * A place in a scenario file: 1-based line and column (columns count characters).
 */
public record SourceLocation(int line, int column) {

  /** For values that were not read from a file. */
  public static final SourceLocation UNKNOWN = new SourceLocation(0, 0);

  public boolean isKnown() {
    return line > 0;
  }

  @Override
  public String toString() {
    return line + ":" + column;
  }
}
