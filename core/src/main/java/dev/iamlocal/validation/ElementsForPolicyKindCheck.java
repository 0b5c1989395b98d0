package dev.iamlocal.validation;

import dev.iamlocal.policy.Statement;
import java.util.List;

/** Which elements each policy kind requires or forbids (spec §1.5): Principal, NotPrincipal, Resource. */
final class ElementsForPolicyKindCheck implements Check {

  @Override
  public List<String> codes() {
    return List.of("UNSUPPORTED_PRINCIPAL", "SCP_SYNTAX_ERROR_PRINCIPAL", "MISSING_PRINCIPAL",
        "ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL", "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE", "MISSING_RESOURCE");
  }

  @Override
  public void check(PolicyContext ctx, FindingSink out) {
    PolicyKind kind = ctx.kind();
    for (Statement s : ctx.statements()) {
      var principal = s.principal() != null ? s.principal() : s.notPrincipal();
      String principalName = s.principal() != null ? "Principal" : "NotPrincipal";
      if (kind.forbidsPrincipal() && principal != null) {
        boolean scp = kind == PolicyKind.SERVICE_CONTROL;
        out.add(Severity.ERROR, scp ? "SCP_SYNTAX_ERROR_PRINCIPAL" : "UNSUPPORTED_PRINCIPAL",
            principalName + " is not allowed in " + (scp ? "a service control policy" : "an identity-based policy")
                + ": the policy applies to the identity it is attached to.",
            "Remove the " + principalName + " element; to grant access to another principal, use a resource-based "
                + "policy or a role trust policy.", principal.path(), principal.span());
      }
      if (kind.requiresPrincipal() && principal == null) {
        out.add(Severity.ERROR, "MISSING_PRINCIPAL", "The statement has no Principal; a " + kind.cliName()
            + " policy must name who it applies to.", "Add \"Principal\": {\"AWS\": \"arn:aws:iam::123456789012:root\"} "
            + "(or {\"Service\": \"...\"}, or \"*\" with conditions).", s);
      }
      if (kind == PolicyKind.TRUST && s.notPrincipal() != null) {
        out.add(Severity.ERROR, "ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL",
            "NotPrincipal is not allowed in a role trust policy.",
            "Name the principals that may assume the role in Principal.", s.notPrincipal().path(), s.notPrincipal().span());
      }
      var resource = s.resource() != null ? s.resource() : s.notResource();
      if (kind == PolicyKind.TRUST && resource != null) {
        out.add(Severity.ERROR, "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE",
            "A role trust policy has no Resource: the resource is the role itself.",
            "Remove the " + (s.resource() != null ? "Resource" : "NotResource") + " element.", resource);
      }
      boolean needsResource = kind == PolicyKind.IDENTITY || kind == PolicyKind.PERMISSIONS_BOUNDARY
          || kind == PolicyKind.RESOURCE || kind == PolicyKind.RESOURCE_CONTROL;
      if (needsResource && resource == null) {
        out.add(Severity.ERROR, "MISSING_RESOURCE", "The statement has neither Resource nor NotResource.",
            "Add \"Resource\": \"*\" or the ARNs the actions apply to, e.g. \"arn:aws:s3:::my-bucket/*\".", s);
      }
    }
  }
}
