package dev.iamlocal.validation;

import dev.iamlocal.policy.Effect;
import dev.iamlocal.policy.Statement;
import java.util.List;

/** Allow with NotPrincipal, NotAction or NotResource: grants everything except a list, usually far more than meant. */
final class NotElementChecks implements Check {

  @Override
  public List<String> codes() {
    return List.of("ALLOW_WITH_NOTPRINCIPAL", "ALLOW_WITH_NOTACTION", "ALLOW_WITH_NOTRESOURCE");
  }

  @Override
  public void check(PolicyContext ctx, FindingSink out) {
    for (Statement s : ctx.statements()) {
      if (s.effect() != Effect.ALLOW) {
        continue;
      }
      if (s.notPrincipal() != null) {
        out.add(Severity.SECURITY_WARNING, "ALLOW_WITH_NOTPRINCIPAL",
            "Allow with NotPrincipal grants access to every principal not listed, anonymous users included.",
            "List the principals that should have access in Principal instead.", s.notPrincipal().path(),
            s.notPrincipal().span());
      }
      if (s.notAction() != null) {
        out.add(Severity.SECURITY_WARNING, "ALLOW_WITH_NOTACTION",
            "Allow with NotAction grants every action of every service except " + s.notAction().strings()
                + ", including actions AWS adds later.",
            "List the allowed actions in Action, or pair NotAction with a Deny statement.", s.notAction());
      }
      if (s.notResource() != null) {
        out.add(Severity.SECURITY_WARNING, "ALLOW_WITH_NOTRESOURCE",
            "Allow with NotResource grants the actions on every resource except " + s.notResource().strings() + ".",
            "List the allowed resources in Resource instead.", s.notResource());
      }
    }
  }
}
