package dev.iamlocal.validation;

import dev.iamlocal.policy.JsonPath;
import dev.iamlocal.policy.Span;
import java.util.Comparator;
import java.util.Objects;

/**
 * One problem found in a policy, in the shape of an IAM Access Analyzer ValidatePolicy finding.
 *
 * @param severity how serious it is
 * @param issueCode an UPPER_SNAKE code, Access Analyzer's where one fits (e.g. {@code INVALID_ACTION})
 * @param message what is wrong, naming the offending value
 * @param hint how to fix it, concretely (never null; may be empty)
 * @param path where in the JSON document
 * @param span where in the text (line, column, offset)
 * @param learnMoreLink a documentation page about this kind of finding
 */
public record Finding(
    Severity severity, String issueCode, String message, String hint, JsonPath path, Span span,
    String learnMoreLink) {

  /** Document order, then severity, then code: the order in which findings are reported. */
  public static final Comparator<Finding> ORDER = Comparator
      .comparingLong((Finding f) -> f.span().start().offset())
      .thenComparing(Finding::severity)
      .thenComparing(Finding::issueCode)
      .thenComparing(Finding::message);

  public Finding {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(issueCode, "issueCode");
    Objects.requireNonNull(message, "message");
    hint = hint == null ? "" : hint;
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(span, "span");
    Objects.requireNonNull(learnMoreLink, "learnMoreLink");
  }

  /** {@code line:column: severity CODE: message}. */
  @Override
  public String toString() {
    return span.start() + ": " + severity.cliName() + " " + issueCode + ": " + message;
  }
}
