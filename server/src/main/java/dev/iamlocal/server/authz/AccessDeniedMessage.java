package dev.iamlocal.server.authz;

import dev.iamlocal.evaluation.Decision;

/**
 * AWS's wording of an authorization failure, shared by every emulated service so that IAM, STS,
 * SageMaker and the console phrase a denial identically: "User: ARN is not authorized to perform:
 * ACTION on resource: RESOURCE because no identity-based policy allows the ACTION action" (implicit)
 * or "… with an explicit deny in an identity-based policy" (explicit).
 *
 * <p>The reason (the policy type that denied) is given only when the caller and the resource are in
 * one account. AWS details a denial within an account or an organization only: "The ARN of the
 * denying policy is only provided in same-account and same-organization scenarios" (AWS Security
 * Blog, "Enhanced access denied error messages with policy ARNs", which "builds on our 2021
 * enhancement that added the type of the policy denying the access"), and AWS's answer to a
 * cross-account AssumeRole refused by the trust policy carries no reason at all: "User:
 * arn:aws:sts::<main_account_id>:assumed-role/<role_name>/<session_name> is not authorized to
 * perform: sts:AssumeRole on resource: arn:aws:iam::<prod_account_id>:role/<role_name>" (aws/aws-cli
 * issue 7216, 2022). This emulator has no organizations, so another account is always outside.
 * Without the reason a caller of another account cannot tell a role whose trust policy refuses it
 * from a role that does not exist (denied without a reason in every case).
 */
final class AccessDeniedMessage {

  private AccessDeniedMessage() {}

  static String of(String callerArn, String action, String resource, Decision d) {
    String reason = d.reason();
    // IAM names the policy path rather than an ARN for ListPolicies denials.
    String shown = "iam:ListPolicies".equals(action) ? "policy path /" : resource;
    String denied = "User: " + callerArn + " is not authorized to perform: " + action + " on resource: " + shown;
    if (crossAccount(callerArn, resource)) {
      return denied;
    }
    return denied + (reason.startsWith("with ") ? " " : " because ") + reason;
  }

  /**
   * Whether the resource's ARN names an account other than the caller's. A resource without an
   * account ({@code *}, an S3 bucket) is the caller's own; a caller whose ARN carries no account
   * is treated as outside (no reason given: saying less is never a leak).
   */
  static boolean crossAccount(String callerArn, String resource) {
    String caller = accountOf(callerArn, null);
    if (caller == null) {
      return true;
    }
    return !caller.equals(accountOf(resource, caller));
  }

  /**
   * The account field of an ARN, or {@code fallback} when the resource is not an ARN with an
   * account id (see {@link AuthorizationPipeline#resourceAccount}; this one never throws: it reads
   * the ARNs of messages, not a call's resource).
   */
  static String accountOf(String resource, String fallback) {
    try {
      return AuthorizationPipeline.resourceAccount(resource, fallback);
    } catch (dev.iamlocal.arn.Arn.InvalidArnException e) {
      return fallback;
    }
  }
}
