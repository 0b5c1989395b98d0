package dev.iamlocal.validation;

import dev.iamlocal.policy.Effect;
import dev.iamlocal.policy.Statement;
import java.util.List;

/** An identity policy that allows every action on every resource without a condition: full administrator access. */
final class AllowAllCheck implements Check {

  @Override
  public List<String> codes() {
    return List.of("ALLOW_ALL_ACTIONS_ON_ALL_RESOURCES");
  }

  @Override
  public void check(PolicyContext ctx, FindingSink out) {
    if (ctx.kind() != PolicyKind.IDENTITY) {
      return;
    }
    for (Statement s : ctx.statements()) {
      if (s.effect() == Effect.ALLOW && PolicyContext.hasStar(s.action()) && PolicyContext.hasStar(s.resource())
          && s.conditions().isEmpty()) {
        out.add(Severity.SECURITY_WARNING, "ALLOW_ALL_ACTIONS_ON_ALL_RESOURCES",
            "The statement allows every action on every resource: full administrator access.",
            "Grant only the actions and resources needed (least privilege), or add conditions.", s);
      }
    }
  }
}
