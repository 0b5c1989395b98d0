package dev.iamlocal.policy;

/**
 * A range of a policy document's text. {@code start} is the first character of the element;
 * {@code end} is one column past its last character (for an object: one past its closing brace),
 * which is how the IAM policy simulator reports statement positions.
 */
public record Span(Position start, Position end) {

  /** A span for values that were not parsed from text. */
  public static final Span UNKNOWN = new Span(Position.UNKNOWN, Position.UNKNOWN);

  public boolean isKnown() {
    return start.line() > 0;
  }

  // by hand, with a record's meaning: see Position#equals for why
  @Override
  public boolean equals(Object o) {
    return o instanceof Span s && s.start.equals(start) && s.end.equals(end);
  }

  @Override
  public int hashCode() {
    return start.hashCode() * 31 + end.hashCode();
  }

  @Override
  public String toString() {
    return start + "-" + end;
  }
}
