package dev.iamlocal.server;

import dev.iamlocal.evaluation.Decision;

/**
 * AWS's wording of an authorization failure, shared by every emulated service so that IAM, STS,
 * SageMaker and the console phrase a denial identically: "User: ARN is not authorized to perform:
 * ACTION on resource: RESOURCE because no identity-based policy allows the ACTION action" (implicit)
 * or "… with an explicit deny in an identity-based policy" (explicit).
 */
final class AccessDeniedMessage {

  private AccessDeniedMessage() {}

  static String of(String callerArn, String action, String resource, Decision d) {
    String reason = d.reason();
    // IAM names the policy path rather than an ARN for ListPolicies denials.
    String shown = "iam:ListPolicies".equals(action) ? "policy path /" : resource;
    return "User: " + callerArn + " is not authorized to perform: " + action + " on resource: " + shown
        + (reason.startsWith("with ") ? " " : " because ") + reason;
  }
}
