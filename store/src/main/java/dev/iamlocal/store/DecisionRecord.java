package dev.iamlocal.store;

import java.time.Instant;

/**
 * One authorization decision of an emulated call, as the decision log stores it.
 *
 * @param id sorts in time order; empty for a record not yet stored
 * @param principal the caller's ARN
 * @param action e.g. {@code sagemaker:CreateTrainingJob}
 * @param decision {@code allowed}, {@code explicitDeny} or {@code implicitDeny}
 * @param reason the AccessDenied reason (empty when allowed)
 * @param sourceIp the caller's source address as the request context saw it, or null (through a VPC endpoint)
 * @param statements JSON array of the decisive statements ({@code policyId}, {@code sid}, {@code index}, {@code effect})
 * @param context JSON object of the request context keys used (key to list of values)
 * @param accountId the account whose log holds the record: the principal's, or for a call on another
 *     account's resource, that account's too (the record is stored once for each, as CloudTrail
 *     shows a cross-account call in both accounts); null means the principal's
 */
public record DecisionRecord(String id, Instant time, String principal, String action, String resource,
    String decision, String reason, String sourceIp, String statements, String context, String accountId) {

  /** A record in its principal's account. */
  public DecisionRecord(String id, Instant time, String principal, String action, String resource, String decision,
      String reason, String sourceIp, String statements, String context) {
    this(id, time, principal, action, resource, decision, reason, sourceIp, statements, context, null);
  }

  /** Whether the call was allowed. */
  public boolean allowed() {
    return "allowed".equals(decision);
  }

  /** The same record without its reason and decisive statements (what another account may not learn). */
  public DecisionRecord withoutReason() {
    return new DecisionRecord(id, time, principal, action, resource, decision, "", sourceIp, "[]", context, accountId);
  }

  /** The same record, held in {@code account}'s log. */
  public DecisionRecord inAccount(String account) {
    return new DecisionRecord(id, time, principal, action, resource, decision, reason, sourceIp, statements, context,
        account);
  }
}
