package dev.iamlocal.simulation;

import dev.iamlocal.policy.ParseProblem;
import dev.iamlocal.policy.PolicyDocument;
import dev.iamlocal.policy.PolicyParser;
import java.util.Objects;

/**
 * One policy given to the simulator, with the names the results report for it.
 *
 * @param id the {@code SourcePolicyId} of its matched statements ({@code PolicyInputList.1}, a
 *     stored policy's name, …)
 * @param type the {@code SourcePolicyType} of its matched statements ({@code IAM Policy},
 *     {@code Resource Policy}, …)
 * @param document the parsed document
 */
public record PolicyInput(String id, String type, PolicyDocument document) {

  /** The type IAM reports for identity policies and permissions boundaries. */
  public static final String IAM_POLICY = "IAM Policy";
  /** The type IAM reports for the {@code ResourcePolicy} parameter. */
  public static final String RESOURCE_POLICY = "Resource Policy";

  public PolicyInput {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(document, "document");
  }

  /**
   * Parses a policy given as a request parameter ({@code PolicyInputList.N},
   * {@code PermissionsBoundaryPolicyInputList.1}, {@code ResourcePolicy}).
   *
   * @throws SimulationException IAM's "Syntax errors in policy." when the text is not a policy;
   *     the parser's own words are the exception's detail
   */
  public static PolicyInput parse(String id, String type, String text) {
    PolicyParser.Result r = PolicyParser.parseLenient(text == null ? "" : text);
    if (!r.ok()) {
      ParseProblem p = r.problems().get(0);
      String where = p.span().isKnown() ? "line " + p.span().start().line() + ", column " + p.span().start().column()
          : "path " + p.path();
      throw new SimulationException(id + ": Syntax errors in policy.", p.message() + " (" + p.code() + " at " + where
          + (p.hint().isEmpty() ? "" : "; " + p.hint()) + ")"
          + (r.problems().size() > 1 ? " and " + (r.problems().size() - 1) + " more problem(s)" : ""));
    }
    return new PolicyInput(id, type, r.document());
  }
}
