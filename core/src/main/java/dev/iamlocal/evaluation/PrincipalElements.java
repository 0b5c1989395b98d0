package dev.iamlocal.evaluation;

import dev.iamlocal.policy.Statement;
import dev.iamlocal.request.Principal;
import dev.iamlocal.request.RequestContext;

/**
 * Whether a resource-type statement's Principal or NotPrincipal element covers a caller, by the
 * evaluator's own rules ({@link PrincipalMatcher}); for tools that reason about policies (the prover)
 * and must agree with the evaluator.
 */
public final class PrincipalElements {

  private PrincipalElements() {}

  /**
   * True when the statement names the caller (any grant), as the evaluator decides for a principal
   * without a permissions boundary. A statement with neither element covers nobody (fail closed).
   */
  public static boolean covers(Statement s, Principal p, RequestContext ctx) {
    if (s.principal() != null) {
      return PrincipalMatcher.grant(s.principal(), p, ctx) != PrincipalGrant.NONE;
    }
    if (s.notPrincipal() != null) {
      return PrincipalMatcher.notPrincipalApplies(s.notPrincipal(), p, ctx);
    }
    return false;
  }

}
