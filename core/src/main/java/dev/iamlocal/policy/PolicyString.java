package dev.iamlocal.policy;

/**
 * A string value from a policy with where it stands: its span and its JSON path
 * (e.g. {@code $.Statement[0].Action[2]}).
 */
public record PolicyString(String value, Span span, JsonPath path) {

  /** A value built in code, without a source position. */
  public static PolicyString of(String value) {
    return new PolicyString(value, Span.UNKNOWN, JsonPath.ROOT);
  }

  @Override
  public String toString() {
    return value;
  }
}
