package dev.iamlocal.validation;

import dev.iamlocal.glob.Glob;
import dev.iamlocal.catalog.ActionDefinition;
import dev.iamlocal.condition.OperatorSpec;
import dev.iamlocal.policy.ConditionEntry;
import dev.iamlocal.policy.JsonTree;
import dev.iamlocal.policy.PolicyDocument;
import dev.iamlocal.policy.PolicyString;
import dev.iamlocal.policy.Statement;
import dev.iamlocal.policy.ValueList;
import dev.iamlocal.variables.Template;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Everything a check may look at: the parsed document (built leniently, so it may be partial),
 * the located JSON tree, the policy kind, the options and the memoised catalog.
 */
record PolicyContext(
    PolicyDocument document, JsonTree.Node tree, PolicyKind kind, ValidationOptions options,
    CatalogLookups lookups) {

  boolean variablesEnabled() {
    return document.version().supportsVariables();
  }

  List<Statement> statements() {
    return document.statements();
  }

  /**
   * The actions a statement's {@code Action} names, or null when that set is open (no Action,
   * {@code *}, a wildcard service prefix) or only partly known (an unknown service or action):
   * checks that reason about "every action of the statement" must then stay silent.
   */
  Set<ActionDefinition> knownActions(Statement s) {
    if (s.action() == null) {
      return null;
    }
    Set<ActionDefinition> out = new LinkedHashSet<>();
    for (PolicyString a : s.action().values()) {
      CatalogLookups.ActionLookup l = lookups.action(a.value());
      if (!l.known()) {
        return null;
      }
      out.addAll(l.actions());
    }
    return out;
  }

  /** True if a statement's Action entries (or {@code *}) cover the named action, e.g. {@code iam:PassRole}. */
  static boolean covers(ValueList actions, String actionName) {
    for (PolicyString a : actions.values()) {
      if (Glob.compileIgnoreCase(a.value()).matches(actionName)) {
        return true;
      }
    }
    return false;
  }

  /** True if any of the values is exactly {@code *}. */
  static boolean hasStar(ValueList list) {
    return list != null && list.strings().contains("*");
  }

  /**
   * A resource pattern as wildcards only: policy variables (which take any value at request time)
   * become {@code *}, escapes their character.
   */
  String resourcePattern(String raw) {
    Template t = Template.parse(raw, variablesEnabled());
    if (!t.hasVariables()) {
      return raw;
    }
    StringBuilder b = new StringBuilder();
    for (Template.Part p : t.parts()) {
      if (p instanceof Template.Text x) {
        b.append(x.text());
      } else if (p instanceof Template.Escape e) {
        b.append(e.character());
      } else {
        b.append('*');
      }
    }
    return b.toString();
  }

  /** The condition entries of a statement with their parsed operator (null when unknown). */
  static List<ParsedCondition> conditions(Statement s) {
    List<ParsedCondition> out = new ArrayList<>(s.conditions().size());
    for (ConditionEntry e : s.conditions()) {
      out.add(new ParsedCondition(e, OperatorSpec.parse(e.operator().value())));
    }
    return out;
  }

  /** A condition entry and its operator. */
  record ParsedCondition(ConditionEntry entry, OperatorSpec spec) {
    String keyLower() {
      return entry.key().value().toLowerCase(Locale.ROOT);
    }
  }
}
