package dev.iamlocal.evaluation;

import java.util.List;

/**
 * The answer to one request.
 *
 * @param outcome allowed, explicit deny or implicit deny
 * @param matchedStatements the decisive statements: for an explicit deny only the denying ones;
 *     for an allow the allowing ones; empty for an implicit deny (as the IAM simulator reports)
 * @param blockedBy the policy type that denied, or null when allowed
 * @param reason a sentence in the style of AWS AccessDenied messages, e.g. "no identity-based
 *     policy allows the s3:GetObject action"; empty when a policy allowed; for an action that
 *     needs no permission ({@code sts:GetCallerIdentity}), why it is allowed
 * @param allowedByPermissionsBoundary null when there is no boundary
 * @param allowedByOrganizations null when no SCPs were given
 */
public record Decision(
    Outcome outcome,
    List<MatchedStatement> matchedStatements,
    PolicyType blockedBy,
    String reason,
    Boolean allowedByPermissionsBoundary,
    Boolean allowedByOrganizations) {

  public Decision {
    matchedStatements = List.copyOf(matchedStatements);
  }

  public boolean allowed() {
    return outcome == Outcome.ALLOWED;
  }
}
