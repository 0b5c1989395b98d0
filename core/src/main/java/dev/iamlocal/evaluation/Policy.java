package dev.iamlocal.evaluation;

import dev.iamlocal.policy.PolicyDocument;
import dev.iamlocal.policy.PolicyParser;

/**
 * A policy document with the name explanations use for it.
 *
 * @param id the name reported as {@code SourcePolicyId} (a policy name, {@code PolicyInputList.1}, …)
 * @param sourceType the simulator's {@code SourcePolicyType} ({@code user}, {@code group},
 *     {@code role}, {@code aws-managed}, {@code user-managed}, {@code resource}, {@code IAM Policy}),
 *     or null
 */
public record Policy(String id, PolicyDocument document, String sourceType) {

  /** Parses {@code json}; throws {@link dev.iamlocal.policy.PolicyParseException} when it is invalid. */
  public static Policy parse(String id, String json) {
    return new Policy(id, PolicyParser.parse(json), null);
  }

  public Policy withSourceType(String type) {
    return new Policy(id, document, type);
  }
}
