package dev.iamlocal.simulation;

import dev.iamlocal.evaluation.Outcome;
import java.util.List;
import java.util.Map;

/**
 * The result of simulating one action (on one resource, or on all of them with a
 * {@code ResourceHandlingOption}): IAM's {@code EvaluationResult}. A null member is one IAM omits.
 *
 * @param evalActionName the action
 * @param evalResourceName the resource ({@code *} when none was given, or for a grouped result)
 * @param evalDecision the decision
 * @param matchedStatements the statements that decided it
 * @param missingContextValues keys the applicable statements use that the request lacks (for
 *     resource {@code *}; else empty here and listed per resource)
 * @param evalDecisionDetails per policy type, for a cross-account simulation; empty for a named
 *     same-account resource; null for resource {@code *}
 * @param organizationsDecisionDetail whether the organization's SCPs allow, or null when the account
 *     is in no organization
 * @param permissionsBoundaryDecisionDetail whether the boundary allows, or null without one
 * @param resourceSpecificResults per resource; null for resource {@code *}
 */
public record EvaluationResult(
    String evalActionName,
    String evalResourceName,
    Outcome evalDecision,
    List<Statement> matchedStatements,
    List<String> missingContextValues,
    Map<String, Outcome> evalDecisionDetails,
    Boolean organizationsDecisionDetail,
    Boolean permissionsBoundaryDecisionDetail,
    List<ResourceSpecificResult> resourceSpecificResults) {

  public EvaluationResult {
    matchedStatements = List.copyOf(matchedStatements);
    missingContextValues = List.copyOf(missingContextValues);
    evalDecisionDetails = evalDecisionDetails == null ? null : java.util.Collections.unmodifiableMap(
        new java.util.LinkedHashMap<>(evalDecisionDetails));
    resourceSpecificResults = resourceSpecificResults == null ? null : List.copyOf(resourceSpecificResults);
  }

  /**
   * IAM's {@code Statement}: where a deciding statement is.
   *
   * @param sourcePolicyId the policy's id ({@code PolicyInputList.1}, a policy name)
   * @param sourcePolicyType the policy's type ({@code IAM Policy}, {@code Resource Policy})
   * @param startPosition where the statement starts
   * @param endPosition one column past its closing brace
   */
  public record Statement(String sourcePolicyId, String sourcePolicyType, Position startPosition,
      Position endPosition) {}

  /** IAM's {@code Position}: a 1-based line and column within the policy text. */
  public record Position(int line, int column) {}

  /**
   * IAM's {@code ResourceSpecificResult}.
   *
   * @param evalResourceName the resource
   * @param evalResourceDecision the decision on it
   * @param matchedStatements the statements that decided it
   * @param missingContextValues keys the applicable statements use that the request lacks
   * @param evalDecisionDetails per policy type for a cross-account resource; else empty
   * @param permissionsBoundaryDecisionDetail whether the boundary allows, or null without one
   */
  public record ResourceSpecificResult(
      String evalResourceName,
      Outcome evalResourceDecision,
      List<Statement> matchedStatements,
      List<String> missingContextValues,
      Map<String, Outcome> evalDecisionDetails,
      Boolean permissionsBoundaryDecisionDetail) {

    public ResourceSpecificResult {
      matchedStatements = List.copyOf(matchedStatements);
      missingContextValues = List.copyOf(missingContextValues);
      evalDecisionDetails = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(evalDecisionDetails));
    }
  }
}
