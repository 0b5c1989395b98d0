package dev.iamlocal.policy;

/**
 * A place in a policy document's text: 1-based line and column, and the 0-based character offset.
 *
 * <p>Columns count characters (a tab is one column), the convention of the IAM policy simulator's
 * {@code StartPosition}/{@code EndPosition}.
 */
public record Position(int line, int column, long offset) implements Comparable<Position> {

  /** The position used when a value has no source text (built in code, not parsed). */
  public static final Position UNKNOWN = new Position(0, 0, -1);

  @Override
  public int compareTo(Position o) {
    return line != o.line ? Integer.compare(line, o.line) : Integer.compare(column, o.column);
  }

  @Override
  public String toString() {
    return line + ":" + column;
  }
}
