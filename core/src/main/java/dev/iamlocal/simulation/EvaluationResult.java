package dev.iamlocal.simulation;

import dev.iamlocal.evaluation.Outcome;
import java.util.List;
import java.util.Map;

/**
 * The result of simulating one action: IAM's {@code EvaluationResult}, one per action however many
 * resources are named (API_EvaluationResult: "The simulator now returns a single EvaluationResult
 * per action, regardless of how many resource ARNs are provided"). With named resources the
 * top-level members are the aggregate over them and {@link #resourceSpecificResults()} holds each
 * one's own. A null member is one IAM omits.
 *
 * @param evalActionName the action
 * @param evalResourceName {@code *} when no resource was given (or with a
 *     {@code ResourceHandlingOption}); the resource when one was given; with several, the ARN
 *     pattern of their resource type (AWS recorded {@code arn:aws:s3:::${BucketName}/${KeyName}})
 * @param evalDecision the most restrictive decision over the resources (explicitDeny, then
 *     implicitDeny, then allowed)
 * @param matchedStatements the statements that decided any of the resources, each once
 * @param missingContextValues keys the applicable statements use that the request lacks, over all
 *     resources, each once
 * @param evalDecisionDetails per policy type, for a cross-account simulation (per type the most
 *     restrictive over the resources); empty for named same-account resources; null for resource
 *     {@code *}
 * @param organizationsDecisionDetail whether the organization's SCPs allow (every resource), or null
 *     when the account is in no organization
 * @param permissionsBoundaryDecisionDetail whether the boundary allows (every resource), or null
 *     without one
 * @param resourceSpecificResults per resource, in the order given; null for resource {@code *}
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
   * IAM's {@code ResourceSpecificResult}. AWS leaves out the lists and the map that would be empty
   * (recorded: an implicitly denied resource is only its name and decision), so they are null then.
   *
   * @param evalResourceName the resource
   * @param evalResourceDecision the decision on it
   * @param matchedStatements the statements that decided it, or null when none did
   * @param missingContextValues keys the applicable statements use that the request lacks, or null
   *     when none is missing
   * @param evalDecisionDetails per policy type for a cross-account resource; null for a
   *     same-account one
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
      matchedStatements = matchedStatements == null || matchedStatements.isEmpty() ? null
          : List.copyOf(matchedStatements);
      missingContextValues = missingContextValues == null || missingContextValues.isEmpty() ? null
          : List.copyOf(missingContextValues);
      evalDecisionDetails = evalDecisionDetails == null || evalDecisionDetails.isEmpty() ? null
          : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(evalDecisionDetails));
    }
  }
}
