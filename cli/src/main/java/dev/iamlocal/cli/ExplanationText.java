package dev.iamlocal.cli;

import dev.iamlocal.condition.ConditionTrace;
import dev.iamlocal.evaluation.Decision;
import dev.iamlocal.evaluation.Explanation;
import dev.iamlocal.evaluation.MatchedStatement;
import dev.iamlocal.evaluation.Outcome;
import dev.iamlocal.evaluation.Policy;
import dev.iamlocal.evaluation.PolicySet;
import dev.iamlocal.evaluation.PolicyType;
import dev.iamlocal.evaluation.StatementTrace;
import dev.iamlocal.policy.Span;
import dev.iamlocal.request.AuthorizationRequest;
import dev.iamlocal.request.ContextValue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The full reasoning behind one decision, for a person: the decision and why, the decisive
 * statements with their line ranges and text, then every statement with its verdict and reason
 * (action, resource, principal, or which condition key and values, variables as resolved), and
 * the notes. Positions are the scenario file's line:column where the policy is written in it as an
 * object, else line:column within the policy's own text ({@link ScenarioPositions}).
 */
final class ExplanationText {

  private static final int EXCERPT_LINES = 12;
  private static final int EXCERPT_WIDTH = 160;

  private ExplanationText() {}

  static String render(String title, PolicySet set, Explanation e, ScenarioPositions at) {
    Map<String, Policy> policies = index(set);
    AuthorizationRequest r = e.request();
    Decision d = e.decision();
    StringBuilder b = new StringBuilder();
    b.append("Scenario ").append(title).append('\n');
    b.append("  principal  ").append(r.principal().arn()).append(" (").append(r.principal().kind().policyType()).append(")\n");
    b.append("  action     ").append(r.action()).append('\n');
    b.append("  resource   ").append(r.resource());
    String ra = r.effectiveResourceAccount();
    if (ra != null) {
      b.append("  (account ").append(ra).append(')');
    }
    b.append('\n');
    if (!r.context().entries().isEmpty()) {
      b.append("  context\n");
      for (ContextValue v : r.context().entries()) {
        b.append("    ").append(v.key()).append(" = ")
            .append(v.multivalued() ? v.values().toString() : v.values().isEmpty() ? "" : v.values().get(0)).append('\n');
      }
    }
    b.append('\n');
    b.append("Decision: ").append(d.outcome().json()).append('\n');
    if (d.outcome() != Outcome.ALLOWED) {
      b.append("  why: ").append(d.reason()).append(" (decided by the ").append(d.blockedBy().phrase()).append(")\n");
    } else if (!d.reason().isEmpty()) {
      b.append("  why: ").append(d.reason()).append('\n');
    }
    if (d.allowedByPermissionsBoundary() != null) {
      b.append("  permissions boundary ").append(d.allowedByPermissionsBoundary() ? "allows" : "does not allow").append('\n');
    }
    if (d.allowedByOrganizations() != null) {
      b.append("  service control policies ").append(d.allowedByOrganizations() ? "allow" : "do not allow").append('\n');
    }
    if (!d.matchedStatements().isEmpty()) {
      b.append("\nDecisive statements:\n");
      for (MatchedStatement m : d.matchedStatements()) {
        b.append("  ").append(m.policyId()).append(" (").append(m.policyType().phrase()).append(") statement ")
            .append(m.sid() != null ? "\"" + m.sid() + "\"" : "#" + (m.index() + 1))
            .append(", ").append(m.effect().json()).append(", ")
            .append(at.range(m.policyType(), m.policyId(), -1, m.span())).append('\n');
        Policy p = policies.get(key(m.policyType(), m.policyId()));
        if (p != null) {
          excerpt(b, p.document().text(), m.span(), at.lineNumber(m.policyType(), m.policyId(), -1, m.span().start().line()));
        }
      }
    }
    b.append("\nStatements:\n");
    if (e.statements().isEmpty()) {
      b.append("  (no statements)\n");
    }
    for (StatementTrace t : e.statements()) {
      String verdict = t.applies() ? (t.decisive() ? "DECISIVE" : "applies") : "no";
      b.append("  ").append(Columns.left(verdict, 8)).append(' ').append(Columns.left(t.policyType().phrase(), 20))
          .append(' ').append(t.policyId()).append(t.level() >= 0 ? " (level " + (t.level() + 1) + ")" : "").append(' ')
          .append(t.label()).append(' ').append(Columns.left(t.effect() == null ? "?" : t.effect().json(), 5)).append(' ')
          .append(at.range(t.policyType(), t.policyId(), t.level(), t.span())).append(System.lineSeparator());
      b.append("           ").append(t.detail()).append('\n');
      for (ConditionTrace c : t.conditions()) {
        b.append("           ").append(c.matched() ? "[true]  " : "[false] ").append(c.reason()).append('\n');
      }
    }
    if (!e.notes().isEmpty()) {
      b.append("\nNotes:\n");
      for (String n : e.notes()) {
        b.append("  - ").append(n).append('\n');
      }
    }
    return b.toString();
  }

  /** The statement's source lines, numbered from {@code first}, shortened to a readable size. */
  private static void excerpt(StringBuilder b, String text, Span span, int first) {
    if (!span.isKnown() || span.start().offset() < 0 || span.end().offset() > text.length()) {
      return;
    }
    String src = text.substring((int) span.start().offset(), (int) span.end().offset());
    String[] lines = src.split("\r?\n", -1);
    for (int i = 0; i < lines.length && i < EXCERPT_LINES; i++) {
      String l = lines[i];
      if (l.length() > EXCERPT_WIDTH) {
        l = l.substring(0, EXCERPT_WIDTH - 1) + "…";
      }
      b.append("    ").append(Columns.right(first + i, 4)).append(" | ").append(l).append(System.lineSeparator());
    }
    if (lines.length > EXCERPT_LINES) {
      b.append("         | … (").append(lines.length - EXCERPT_LINES).append(" more lines)\n");
    }
  }

  private static Map<String, Policy> index(PolicySet set) {
    Map<String, Policy> m = new HashMap<>();
    set.identityPolicies().forEach(p -> m.put(key(PolicyType.IDENTITY, p.id()), p));
    if (set.permissionsBoundary() != null) {
      m.put(key(PolicyType.PERMISSIONS_BOUNDARY, set.permissionsBoundary().id()), set.permissionsBoundary());
    }
    if (set.sessionPolicies() != null) {
      set.sessionPolicies().forEach(p -> m.put(key(PolicyType.SESSION, p.id()), p));
    }
    if (set.resourcePolicy() != null) {
      m.put(key(PolicyType.RESOURCE, set.resourcePolicy().id()), set.resourcePolicy());
    }
    for (List<Policy> l : set.serviceControlPolicies()) {
      l.forEach(p -> m.put(key(PolicyType.SERVICE_CONTROL, p.id()), p));
    }
    for (List<Policy> l : set.resourceControlPolicies()) {
      l.forEach(p -> m.put(key(PolicyType.RESOURCE_CONTROL, p.id()), p));
    }
    set.vpcEndpointPolicies().forEach(p -> m.put(key(PolicyType.VPC_ENDPOINT, p.id()), p));
    return m;
  }

  private static String key(PolicyType t, String id) {
    return t.name() + "|" + id;
  }
}
