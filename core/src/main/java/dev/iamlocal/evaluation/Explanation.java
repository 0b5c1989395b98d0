package dev.iamlocal.evaluation;

import dev.iamlocal.condition.ConditionTrace;
import dev.iamlocal.request.AuthorizationRequest;
import dev.iamlocal.request.Principal;
import java.util.ArrayList;
import java.util.List;

/**
 * A decision with its reasons: every statement of every policy, whether it applied, and if not,
 * the first thing that failed (action, resource, principal, or which condition key and values),
 * with policy variables as resolved for this request.
 *
 * <p>Produced by {@link Evaluator#explain}; the decision is the same one {@link Evaluator#authorize}
 * returns, the traces are computed after it, so explaining costs the fast path nothing.
 */
public record Explanation(AuthorizationRequest request, Decision decision, List<StatementTrace> statements,
    List<String> notes) {

  public Explanation {
    statements = List.copyOf(statements);
    notes = List.copyOf(notes);
  }

  static Explanation of(PolicySet set, AuthorizationRequest r, Decision d) {
    List<StatementTrace> out = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Principal p = r.principal();
    String action = r.normalizedAction();
    boolean hasIdentity = p.kind() != Principal.Kind.SERVICE && p.kind() != Principal.Kind.ANONYMOUS;
    for (int i = 0; i < set.scpLevels.size(); i++) {
      trace(set.scpLevels.get(i), i, r, action, d, out);
    }
    if (!set.scpLevels.isEmpty() && !hasIdentity) {
      notes.add("SCPs were not applied: they govern principals of member accounts, not " + p.kind().policyType() + " callers.");
    }
    for (int i = 0; i < set.rcpLevels.size(); i++) {
      trace(set.rcpLevels.get(i), i, r, action, d, out);
    }
    for (StatementIndex v : set.vpcEndpoints) {
      trace(v, -1, r, action, d, out);
    }
    if (set.resource != null) {
      trace(set.resource, -1, r, action, d, out);
    }
    if (hasIdentity) {
      trace(set.identity, -1, r, action, d, out);
      if (set.boundary != null) {
        trace(set.boundary, -1, r, action, d, out);
      }
    } else if (!set.identity.isEmpty()) {
      notes.add("Identity policies were not applied: a " + p.kind().policyType() + " caller has none.");
    }
    if (p.kind() == Principal.Kind.ROOT) {
      notes.add("The root user is allowed by default on the identity side; only explicit denies, SCPs and RCPs limit it.");
    }
    if (set.session != null) {
      if (p.isSession()) {
        trace(set.session, -1, r, action, d, out);
      } else {
        notes.add("Session policies were not applied: the principal is not a role or federated-user session.");
      }
    }
    if (Evaluator.needsNoPermission(action, p)) {
      notes.add((action.equals("sts:getsessiontoken") ? Evaluator.NO_PERMISSION_REASON_SESSION_TOKEN
          : Evaluator.NO_PERMISSION_REASON) + ". The decision depends on no policy; the"
          + " statements are traced for information only.");
    }
    Evaluator.OwnPolicy own = Evaluator.OwnPolicy.of(r);
    if (own != Evaluator.OwnPolicy.NONE && !Evaluator.needsNoPermission(action, p)) {
      notes.add(own.note(r, set.resource != null));
    }
    String ra = r.effectiveResourceAccount();
    if (ra != null && p.accountId() != null && !ra.equals(p.accountId())) {
      notes.add("Cross-account request (principal account " + p.accountId() + ", resource account " + ra
          + "): both the identity side and the resource-based policy must allow.");
    }
    return new Explanation(r, d, out, notes);
  }

  private static void trace(StatementIndex idx, int level, AuthorizationRequest r, String action, Decision d,
      List<StatementTrace> out) {
    for (CompiledStatement s : idx.all) {
      Mismatch m = s.check(r, action);
      List<ConditionTrace> conds = m == Mismatch.CONDITION || m == Mismatch.NONE
          ? s.traceConditions(r.context()) : List.of();
      String detail = detail(s, m, r, conds);
      out.add(new StatementTrace(s.policy.id(), s.type, level, s.statement.label(), s.statement.index(), s.effect,
          s.statement.span(), s.applies(m), m, detail, conds, d.matchedStatements().contains(s.matched)));
    }
  }

  private static String detail(CompiledStatement s, Mismatch m, AuthorizationRequest r, List<ConditionTrace> conds) {
    return switch (m) {
      case NONE -> s.effect.json() + " applies" + (s.conditions().length == 0 ? "" : " (all "
          + s.conditions().length + " condition" + (s.conditions().length == 1 ? "" : "s") + " hold)");
      case ACTION -> s.notAction
          ? "action " + r.action() + " is excluded by NotAction " + list(s.statement.notAction().strings())
          : "action " + r.action() + " does not match Action " + list(s.statement.action().strings());
      case RESOURCE -> {
        List<String> pats = new ArrayList<>();
        for (var rp : s.resources()) {
          pats.add(rp.describe(r.context()));
        }
        yield s.notResource ? "resource " + r.resource() + " is excluded by NotResource " + pats
            : "resource " + r.resource() + " does not match Resource " + pats;
      }
      case PRINCIPAL -> "principal " + r.principal().arn() + " is not "
          + (s.statement.notPrincipal() != null ? "covered by NotPrincipal" : "named in Principal");
      case CONDITION -> {
        for (ConditionTrace c : conds) {
          if (!c.matched()) {
            yield "condition failed: " + c.reason();
          }
        }
        yield "condition failed";
      }
      case ERROR -> "cannot be evaluated (" + s.error() + ")"
          + (s.effect == dev.iamlocal.policy.Effect.DENY ? ": a Deny that cannot be evaluated denies (fail closed)"
              : ": an Allow that cannot be evaluated never allows (fail closed)");
    };
  }

  private static String list(List<String> v) {
    return v.toString();
  }
}
