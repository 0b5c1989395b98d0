package dev.iamlocal.evaluation;

import dev.iamlocal.condition.OperatorSpec;
import dev.iamlocal.policy.ConditionEntry;
import dev.iamlocal.policy.PolicyDocument;
import dev.iamlocal.policy.PolicyString;
import dev.iamlocal.policy.Statement;
import dev.iamlocal.policy.ValueList;
import dev.iamlocal.variables.Template;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The context keys a set of policies refers to, as {@code GetContextKeysForCustomPolicy} and
 * {@code GetContextKeysForPrincipalPolicy} return them (spec §12.3): condition keys and the keys
 * used as policy variables.
 *
 * <p>Decision on Q25, following the one documented example (Resource {@code …:table/${aws:username}}
 * plus a condition on {@code aws:CurrentTime} gives {@code ["aws:username","aws:CurrentTime"]}):
 * <ul>
 *   <li>order: policies in the order given, statements in order, and inside a statement first the
 *       variables of Resource/NotResource, then each condition's key followed by the variables of
 *       its values;
 *   <li>de-duplication ignores case (key names are case-insensitive, spec §2); the first spelling
 *       seen is kept, never re-cased;
 *   <li>keys under {@code Null} count (the policy reads them); the escapes {@code ${*}},
 *       {@code ${?}}, {@code ${$}} are not keys; variables count only where they are substituted
 *       (Version 2012-10-17, and operators that take variables), so under 2008-10-17
 *       {@code ${aws:username}} is plain text and not reported; defaults do not hide a key.
 * </ul>
 */
public final class ContextKeys {

  private ContextKeys() {}

  /** Every key the documents refer to, in first-seen order, de-duplicated ignoring case. */
  public static List<String> referencedBy(List<PolicyDocument> documents) {
    Map<String, String> seen = new LinkedHashMap<>();
    for (PolicyDocument d : documents) {
      boolean vars = d.version().supportsVariables();
      for (Statement s : d.statements()) {
        variablesOf(s.resource(), vars, seen);
        variablesOf(s.notResource(), vars, seen);
        for (ConditionEntry c : s.conditions()) {
          add(c.key().value(), seen);
          OperatorSpec spec = OperatorSpec.parse(c.operator().value());
          boolean condVars = vars && spec != null && spec.operator().allowsVariables();
          for (PolicyString v : c.values()) {
            for (Template.Variable var : Template.parse(v.value(), condVars).variables()) {
              add(var.key(), seen);
            }
          }
        }
      }
    }
    return new ArrayList<>(seen.values());
  }

  private static void variablesOf(ValueList list, boolean vars, Map<String, String> seen) {
    if (list == null || !vars) {
      return;
    }
    for (PolicyString v : list.values()) {
      for (Template.Variable var : Template.parse(v.value(), true).variables()) {
        add(var.key(), seen);
      }
    }
  }

  private static void add(String key, Map<String, String> seen) {
    seen.putIfAbsent(key.toLowerCase(Locale.ROOT), key);
  }
}
