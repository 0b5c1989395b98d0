package dev.iamlocal.reasoning;

import dev.iamlocal.condition.Condition;
import dev.iamlocal.evaluation.PrincipalElements;
import dev.iamlocal.policy.ConditionEntry;
import dev.iamlocal.policy.Effect;
import dev.iamlocal.policy.PolicyDocument;
import dev.iamlocal.policy.Statement;
import dev.iamlocal.policy.ValueList;
import dev.iamlocal.request.Principal;
import dev.iamlocal.request.RequestContext;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A policy compiled for reasoning: each statement as a conjunction of atoms (an action set, a
 * principal set, the resource element, the conditions), with the evaluator's fail-closed rules: a
 * statement that cannot be evaluated (an invalid condition, an empty element, no Action) never
 * allows, and as a Deny applies wherever its action, resource and principal match.
 */
final class Model {

  /** One statement. {@code principals} null = any caller (identity policies). */
  record Stmt(int index, String sid, boolean deny, BitSet actions, BitSet principals, Atoms.Res resource,
      List<Atoms.Cond> conds, String label) {

    /** The description AWS uses for the statement in a reason ("sid: X" or "index: N"). */
    String awsName() {
      return sid != null && !sid.isEmpty() ? "sid: " + sid : "index: " + index;
    }
  }

  final PolicyDocument doc;
  final List<Stmt> allows = new ArrayList<>();
  final List<Stmt> denies = new ArrayList<>();

  Model(PolicyDocument doc, boolean resourceKind, ActionUniverse actions, List<Principal> principals) {
    this.doc = doc;
    boolean vars = doc.version().supportsVariables();
    for (Statement s : doc.statements()) {
      boolean deny = s.effect() == Effect.DENY;
      boolean error = false;
      List<Atoms.Cond> conds = new ArrayList<>();
      for (ConditionEntry e : s.conditions()) {
        Condition c = Condition.compile(e, vars);
        if (c.error() != null) {
          error = true;
        } else {
          conds.add(new Atoms.Cond(c, vars));
        }
      }
      ValueList act = s.action() != null ? s.action() : s.notAction();
      boolean notAction = s.action() == null && s.notAction() != null;
      ValueList res = s.resource() != null ? s.resource() : s.notResource();
      boolean notResource = s.resource() == null && s.notResource() != null;
      if (act == null || act.isEmpty() || (res != null && res.isEmpty())) {
        error = true;
      }
      if (error && !deny) {
        continue; // never allows
      }
      if (error) {
        conds = List.of(); // a Deny that cannot be evaluated applies wherever action, resource, principal match
      }
      BitSet a = act == null ? new BitSet() : actions.matching(act.strings());
      if (notAction) {
        BitSet all = actions.all();
        all.andNot(a);
        a = all;
      }
      if (act == null || act.isEmpty()) {
        a = new BitSet(); // matches nothing: the evaluator's empty glob list
        if (notAction || (act == null)) {
          a = act == null ? new BitSet() : actions.all();
        }
      }
      BitSet p = null;
      if (resourceKind) {
        if (s.principal() != null && !s.principal().wildcard()) {
          for (String type : s.principal().byType().keySet()) {
            if (type.equals("Federated") || type.equals("CanonicalUser")) {
              throw new Undecidable("statement " + s.label() + " names a " + type + " principal, which depends on how"
                  + " the caller signed in; the prover does not decide it", s.index(), s.sidValue());
            }
          }
        }
        p = new BitSet(principals.size());
        Budget.spend(1 + 4L * principals.size());
        for (int i = 0; i < principals.size(); i++) {
          if (PrincipalElements.covers(s, principals.get(i), RequestContext.empty())) {
            p.set(i);
          }
        }
      }
      Atoms.Res r = res == null ? null : new Atoms.Res(res.strings(), notResource, deny, vars);
      Stmt st = new Stmt(s.index(), s.sidValue(), deny, a, p, r, conds, s.label());
      (deny ? denies : allows).add(st);
    }
  }
}
