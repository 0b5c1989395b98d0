package dev.iamlocal.policy;

import java.util.List;

/** A policy document could not be parsed; {@link #problems()} says where and why. */
public final class PolicyParseException extends RuntimeException {

  private static final long serialVersionUID = 1L;
  private final transient List<ParseProblem> problems;

  public PolicyParseException(List<ParseProblem> problems) {
    super(summary(problems));
    this.problems = List.copyOf(problems);
  }

  private static String summary(List<ParseProblem> problems) {
    StringBuilder b = new StringBuilder("Malformed policy document");
    for (ParseProblem p : problems) {
      b.append("\n  ").append(p);
    }
    return b.toString();
  }

  public List<ParseProblem> problems() {
    return problems;
  }
}
