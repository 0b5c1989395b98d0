package dev.iamlocal.validation;

import dev.iamlocal.policy.IamPolicyGrammar;
import dev.iamlocal.policy.IamPolicyGrammar.Rejection;
import dev.iamlocal.policy.IamPolicyGrammar.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * What IAM itself refuses to store ({@link IamPolicyGrammar}), as errors: the validator and
 * CreatePolicy / CreateRole agree. An identity policy or permissions boundary is checked as a
 * managed policy (CreatePolicy's rules), a trust policy as CreateRole checks it; resource policies
 * and Organizations policies are not stored by IAM. Each finding's message is IAM's own
 * MalformedPolicyDocument text; the hint says what is wrong at that spot. Another check may
 * report the same spot in its own words (an unsupported Sid, a Principal in an identity policy):
 * both stay, since only this one says what IAM will answer.
 */
final class IamGrammarCheck implements Check {

  @Override
  public List<String> codes() {
    List<String> out = new ArrayList<>();
    for (Shape s : Shape.values()) {
      String code = code(s);
      if (code != null && !out.contains(code)) {
        out.add(code);
      }
    }
    return out;
  }

  /** The issue code of a shape; null for the engine's own parse problems (the parser reports those). */
  static String code(Shape s) {
    return switch (s) {
      case ENGINE_PARSE -> null;
      case RESOURCE_LEGACY_LATE -> "IAM_LEGACY_PARSING";
      default -> "IAM_" + s.name();
    };
  }

  @Override
  public void check(PolicyContext ctx, FindingSink out) {
    IamPolicyGrammar.Use use = switch (ctx.kind()) {
      case IDENTITY, PERMISSIONS_BOUNDARY -> IamPolicyGrammar.Use.MANAGED;
      case TRUST -> IamPolicyGrammar.Use.TRUST;
      default -> null;
    };
    if (use == null) {
      return;
    }
    for (Rejection r : IamPolicyGrammar.problems(ctx.tree(), use)) {
      String code = code(r.shape());
      if (code != null) {
        out.add(Severity.ERROR, code, r.message(), r.detail(), r.path(), r.span());
      }
    }
  }
}
