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

  // equals and hashCode by hand, with a record's meaning: the generated ones are linked through an
  // invokedynamic bootstrap (ObjectMethods) that spins method-handle classes no class-data archive of
  // Java 17 keeps, tens of milliseconds of a short CLI run that compares statements (`simulate`).
  @Override
  public boolean equals(Object o) {
    return o instanceof Position p && p.line == line && p.column == column && p.offset == offset;
  }

  @Override
  public int hashCode() {
    return (line * 31 + column) * 31 + Long.hashCode(offset);
  }

  @Override
  public String toString() {
    return line + ":" + column;
  }
}
