package dev.iamlocal.cli.scenario;

/**
 * A scenario file (or a policy in it) is invalid: where, what is wrong, what was expected, and
 * how to fix it. Its message is the full one-line report ({@code file:line:column: ...}).
 */
public final class ScenarioException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String source;
  private final SourceLocation location;
  private final String path;
  private final String problem;
  private final String hint;

  /**
   * @param source the file name ({@code <stdin>} for standard input)
   * @param path where in the scenario, e.g. {@code [3].context['aws:TagKeys'][0]}; may be empty
   * @param problem what is wrong and what was expected
   * @param hint how to fix it; may be empty
   */
  public ScenarioException(String source, SourceLocation location, String path, String problem, String hint) {
    super(format(source, location, path, problem, hint));
    this.source = source;
    this.location = location == null ? SourceLocation.UNKNOWN : location;
    this.path = path == null ? "" : path;
    this.problem = problem;
    this.hint = hint == null ? "" : hint;
  }

  private static String format(String source, SourceLocation at, String path, String problem, String hint) {
    StringBuilder b = new StringBuilder(source);
    if (at != null && at.isKnown()) {
      b.append(':').append(at.line()).append(':').append(at.column());
    }
    b.append(": ").append(problem);
    if (path != null && !path.isEmpty()) {
      b.append(" (at ").append(path).append(')');
    }
    if (hint != null && !hint.isEmpty()) {
      b.append("\n  hint: ").append(hint);
    }
    return b.toString();
  }

  public String source() {
    return source;
  }

  public SourceLocation location() {
    return location;
  }

  public String path() {
    return path;
  }

  public String problem() {
    return problem;
  }

  public String hint() {
    return hint;
  }
}
