package dev.iamlocal.validation;

import dev.iamlocal.policy.ConditionEntry;
import dev.iamlocal.policy.PolicyString;
import dev.iamlocal.policy.Statement;
import dev.iamlocal.policy.ValueList;
import dev.iamlocal.variables.Template;
import java.util.List;
import java.util.Map;

/**
 * Policy variables (spec §1.4, §7): only under Version 2012-10-17, only in Resource, NotResource
 * and the values of String, ARN and Bool conditions, and only in the form {@code ${key}} or
 * {@code ${key, 'default'}}. Malformed ones are plain text to IAM, which is never what was meant.
 */
final class VariableChecks implements Check {

  @Override
  public List<String> codes() {
    return List.of("VARIABLE_UNSUPPORTED_IN_VERSION", "VARIABLE_UNSUPPORTED_IN_ELEMENT", "INVALID_VARIABLE_FOR_OPERATOR",
        "EMPTY_VARIABLE", "MISSING_BRACE_IN_VARIABLE", "UNSUPPORTED_SPACE_IN_VARIABLE", "MISSING_QUOTE_IN_VARIABLE");
  }

  @Override
  public void check(PolicyContext ctx, FindingSink out) {
    boolean enabled = ctx.variablesEnabled();
    for (Statement s : ctx.statements()) {
      notAllowed(ctx, s.action(), "Action", out);
      notAllowed(ctx, s.notAction(), "NotAction", out);
      if (s.sid() != null) {
        notAllowed(ctx, s.sid(), "Sid", out);
      }
      for (var p : new dev.iamlocal.policy.PrincipalElement[] {s.principal(), s.notPrincipal()}) {
        if (p != null) {
          for (Map.Entry<String, ValueList> e : p.byType().entrySet()) {
            notAllowed(ctx, e.getValue(), "Principal", out);
          }
        }
      }
      allowed(ctx, s.resource(), out);
      allowed(ctx, s.notResource(), out);
      for (PolicyContext.ParsedCondition c : PolicyContext.conditions(s)) {
        ConditionEntry e = c.entry();
        notAllowed(ctx, e.key(), "a condition key", out);
        boolean operatorTakesVariables = c.spec() == null || c.spec().operator().allowsVariables();
        for (PolicyString v : e.values()) {
          if (!operatorTakesVariables && enabled && Template.parse(v.value(), true).hasVariables()) {
            out.add(Severity.ERROR, "INVALID_VARIABLE_FOR_OPERATOR", e.operator().value() + " does not substitute "
                + "policy variables; \"" + v.value() + "\" is compared as written and is not a valid value.",
                "Use a String, ARN or Bool operator with the variable, or write a fixed value.", v);
          } else if (operatorTakesVariables) {
            value(ctx, v, out);
          }
        }
      }
    }
  }

  private void notAllowed(PolicyContext ctx, ValueList list, String element, FindingSink out) {
    if (list != null) {
      list.values().forEach(v -> notAllowed(ctx, v, element, out));
    }
  }

  private void notAllowed(PolicyContext ctx, PolicyString v, String element, FindingSink out) {
    if (Template.parse(v.value(), true).hasVariables()) {
      out.add(Severity.ERROR, "VARIABLE_UNSUPPORTED_IN_ELEMENT", "Policy variables are not substituted in " + element
          + "; \"" + v.value() + "\" is taken literally.", "Use variables only in Resource, NotResource and condition "
          + "values; write a fixed " + element + " here.", v);
    }
  }

  private void allowed(PolicyContext ctx, ValueList list, FindingSink out) {
    if (list != null) {
      list.values().forEach(v -> value(ctx, v, out));
    }
  }

  /** A value where variables are allowed: the version, then the syntax of each ${...}. */
  private void value(PolicyContext ctx, PolicyString v, FindingSink out) {
    String raw = v.value();
    int open = raw.indexOf("${");
    if (open < 0) {
      return;
    }
    if (!ctx.variablesEnabled()) {
      if (Template.parse(raw, true).hasVariables()) {
        out.add(Severity.ERROR, "VARIABLE_UNSUPPORTED_IN_VERSION", "\"" + raw + "\" uses a policy variable, but the "
            + "policy's Version is " + (ctx.document().versionString() == null ? "missing (2008-10-17)" : "2008-10-17")
            + ", so it is matched as literal text.", "Set \"Version\": \"2012-10-17\".", v);
      }
      return;
    }
    while (open >= 0) {
      int close = raw.indexOf('}', open + 2);
      if (close < 0) {
        out.add(Severity.ERROR, "MISSING_BRACE_IN_VARIABLE", "The variable starting at \"" + raw.substring(open)
            + "\" has no closing brace, so it is plain text.", "Close it: \"" + raw + "}\".", v);
        return;
      }
      String inner = raw.substring(open + 2, close);
      int comma = inner.indexOf(',');
      String key = comma < 0 ? inner : inner.substring(0, comma);
      if (inner.isEmpty()) {
        out.add(Severity.ERROR, "EMPTY_VARIABLE", "\"${}\" names no variable.", "Write e.g. ${aws:username}.", v);
      } else if (!key.equals(key.strip()) || key.strip().indexOf(' ') >= 0) {
        out.add(Severity.ERROR, "UNSUPPORTED_SPACE_IN_VARIABLE", "\"${" + inner + "}\" has spaces around the key, so it "
            + "is plain text.", "Write ${" + key.strip() + (comma < 0 ? "" : inner.substring(comma)) + "}.", v);
      } else if (comma >= 0) {
        String def = inner.substring(comma + 1).strip();
        if (def.length() < 2 || def.charAt(0) != '\'' || def.charAt(def.length() - 1) != '\'') {
          out.add(Severity.ERROR, "MISSING_QUOTE_IN_VARIABLE", "The default value in \"${" + inner + "}\" is not in "
              + "single quotes, so the variable is plain text.", "Write ${" + key + ", '" + def.replace("'", "") + "'}.", v);
        }
      }
      open = raw.indexOf("${", close + 1);
    }
  }
}
