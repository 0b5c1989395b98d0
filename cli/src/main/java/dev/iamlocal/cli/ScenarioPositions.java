package dev.iamlocal.cli;

import dev.iamlocal.evaluation.PolicyType;
import dev.iamlocal.policy.Position;
import dev.iamlocal.policy.Span;
import dev.iamlocal.cli.scenario.PolicySource;
import dev.iamlocal.cli.scenario.Scenario;
import dev.iamlocal.cli.scenario.SourceLocation;

/**
 * Positions of a scenario's statements as people look for them: in the scenario file. The engine
 * reports a statement's span within its policy's own text (the IAM simulator's convention, kept
 * in JSON as {@code start}/{@code end}); a policy written as a JSON object in the file is an exact
 * slice of it, so its spans move to the file's lines and columns. A policy written as a JSON
 * string cannot be moved (escapes change the columns, and its lines are {@code \n} inside one
 * file line): its positions are said to be within the string, and where the string is.
 */
final class ScenarioPositions {

  /** For policies that did not come from a scenario file: positions stay the policy's own. */
  static final ScenarioPositions NONE = new ScenarioPositions(null);

  private final Scenario scenario;

  ScenarioPositions(Scenario scenario) {
    this.scenario = scenario;
  }

  /** The file's policy for a statement, or null when it did not come from a file. */
  private PolicySource source(PolicyType type, String policyId, int level) {
    if (scenario == null) {
      return null;
    }
    PolicySource p = scenario.policy(type, policyId, level);
    return p == null || !p.origin().isKnown() ? null : p;
  }

  /** Whether positions of this policy are the file's (written as an object in the file). */
  boolean inFile(PolicyType type, String policyId, int level) {
    PolicySource p = source(type, policyId, level);
    return p != null && !p.fromString();
  }

  /** A position of the policy's text where it stands in the file, or null if it cannot be moved. */
  SourceLocation file(PolicyType type, String policyId, int level, Position at) {
    if (at.line() <= 0 || !inFile(type, policyId, level)) {
      return null;
    }
    return source(type, policyId, level).fileLocation(at.line(), at.column());
  }

  /** {@code line:column} in the file, or within the policy string ("1:40 of the policy string at 12:7"). */
  String point(PolicyType type, String policyId, int level, Position at) {
    SourceLocation f = file(type, policyId, level, at);
    if (f != null) {
      return f.toString();
    }
    return at + stringSuffix(type, policyId, level);
  }

  /**
   * "line 7, columns 5-60" or "lines 10-25 (10:13 to 25:14)", in the file's terms when the policy is
   * written as an object in it.
   */
  String range(PolicyType type, String policyId, int level, Span s) {
    if (!s.isKnown()) {
      return "(no position)";
    }
    SourceLocation a = file(type, policyId, level, s.start());
    SourceLocation b = file(type, policyId, level, s.end());
    String suffix = a == null ? stringSuffix(type, policyId, level) : "";
    int l1 = a == null ? s.start().line() : a.line();
    int c1 = a == null ? s.start().column() : a.column();
    int l2 = b == null ? s.end().line() : b.line();
    int c2 = b == null ? s.end().column() : b.column();
    return l1 == l2
        ? "line " + l1 + ", columns " + c1 + "-" + c2 + suffix
        : "lines " + l1 + "-" + l2 + " (" + l1 + ":" + c1 + " to " + l2 + ":" + c2 + ")" + suffix;
  }

  /** The number of the policy text's line {@code line} as people see it (the file's, when it can be). */
  int lineNumber(PolicyType type, String policyId, int level, int line) {
    SourceLocation f = file(type, policyId, level, new Position(line, 1, -1));
    return f == null ? line : f.line();
  }

  private String stringSuffix(PolicyType type, String policyId, int level) {
    PolicySource p = source(type, policyId, level);
    return p == null ? "" : " of the policy string at " + p.origin();
  }
}
