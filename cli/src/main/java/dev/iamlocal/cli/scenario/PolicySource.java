package dev.iamlocal.cli.scenario;

import java.util.Objects;

/**
 * One policy of a scenario as written: the id explanations use for it and its own source text.
 *
 * <p>Positions reported for the policy's statements are relative to {@code text} (line 1,
 * column 1 is its first character), the way the IAM policy simulator reports positions relative to
 * each submitted policy string. When the policy was written as a JSON object inside a scenario
 * file, {@code text} is the exact slice of the file from its opening to its closing brace, and
 * {@code origin} says where that slice starts in the file, so a problem in the policy can be
 * reported at its place in the file.
 *
 * <p>Equality and hashing use {@code id} and {@code text} only: the same policy written at two
 * places of a file is the same policy (and compiles once).
 *
 * @param id the policy's name ({@code SourcePolicyId}); see {@link ScenarioReader} for defaults
 * @param text the policy document's JSON text
 * @param origin where the text starts in the scenario file ({@link SourceLocation#UNKNOWN} if not
 *     from a file)
 * @param fromString true when the policy was written as a JSON string (then {@code origin} is the
 *     string's opening quote, and lines inside the string do not map one to one onto the file)
 */
public record PolicySource(String id, String text, SourceLocation origin, boolean fromString) {

  public PolicySource {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(text, "text");
    origin = origin == null ? SourceLocation.UNKNOWN : origin;
  }

  /** A policy built in code, not read from a file. */
  public static PolicySource of(String id, String text) {
    return new PolicySource(id, text, SourceLocation.UNKNOWN, true);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PolicySource p && p.id.equals(id) && p.text.equals(text);
  }

  @Override
  public int hashCode() {
    return id.hashCode() * 31 + text.hashCode();
  }

  /**
   * Where a place in {@link #text} (1-based line and column) stands in the file: exact for a
   * policy written as an object; for a string, the string's own start.
   */
  public SourceLocation fileLocation(int line, int column) {
    if (!origin.isKnown() || fromString || line <= 0) {
      return origin;
    }
    return line == 1
        ? new SourceLocation(origin.line(), origin.column() + column - 1)
        : new SourceLocation(origin.line() + line - 1, column);
  }
}
