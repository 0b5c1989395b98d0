package dev.iamlocal.validation;

import dev.iamlocal.text.EditDistance;
import dev.iamlocal.condition.Operator;
import dev.iamlocal.condition.OperatorFamily;
import dev.iamlocal.condition.OperatorSpec;
import dev.iamlocal.condition.SetQualifier;
import dev.iamlocal.condition.Values;
import dev.iamlocal.policy.ConditionEntry;
import dev.iamlocal.policy.PolicyString;
import dev.iamlocal.policy.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Operator names and the shape of their values: unknown or mis-cased operators, Null with
 * IfExists or a set qualifier, both Boolean values, several bounds, repeated values, and
 * {@code *} in a value of an operator that does not treat it as a wildcard.
 */
final class ConditionOperatorChecks implements Check {

  @Override
  public List<String> codes() {
    return List.of("INVALID_CONDITION_OPERATOR", "NULL_WITH_IF_EXISTS", "NULL_WITH_QUALIFIER",
        "INVALID_CONDITION_MULTIPLE_BOOLEAN", "REDUNDANT_CONDITION_VALUE_NUM", "DUPLICATE_CONDITION_VALUE",
        "WILDCARD_WITHOUT_LIKE_OPERATOR");
  }

  @Override
  public void check(PolicyContext ctx, FindingSink out) {
    Set<Object> reported = new HashSet<>();
    for (Statement s : ctx.statements()) {
      for (PolicyContext.ParsedCondition c : PolicyContext.conditions(s)) {
        ConditionEntry e = c.entry();
        OperatorSpec spec = c.spec();
        if (spec == null) {
          // One finding per operator, not per key under it.
          if (reported.add(e.operator().path())) {
            unknown(e.operator(), out);
          }
          continue;
        }
        Operator op = spec.operator();
        if (op == Operator.NULL && spec.qualifier() != SetQualifier.NONE && reported.add(e.operator().path())) {
          out.add(Severity.SUGGESTION, "NULL_WITH_QUALIFIER", spec.qualifier().prefix() + " has no effect on Null, which "
              + "tests only whether the key is present.", "Write \"Null\".", e.operator());
        }
        if ((op.family() == OperatorFamily.BOOL || op == Operator.NULL) && e.values().size() > 1) {
          Set<Boolean> seen = new HashSet<>();
          e.values().forEach(v -> {
            Boolean b = Values.parseBool(v.value());
            if (b != null) {
              seen.add(b);
            }
          });
          if (seen.size() == 2) {
            out.add(Severity.ERROR, "INVALID_CONDITION_MULTIPLE_BOOLEAN", op.jsonName() + " on \"" + e.key().value()
                + "\" lists both true and false, so the condition is always true" + (op == Operator.NULL ? "." : " when the key is present."),
                "Keep one value, \"true\" or \"false\".", e.key());
          }
        }
        boolean bound = (op.family() == OperatorFamily.NUMERIC || op.family() == OperatorFamily.DATE)
            && op != Operator.NUMERIC_EQUALS && op != Operator.NUMERIC_NOT_EQUALS
            && op != Operator.DATE_EQUALS && op != Operator.DATE_NOT_EQUALS;
        if (bound && e.values().size() > 1) {
          out.add(Severity.SUGGESTION, "REDUNDANT_CONDITION_VALUE_NUM", op.jsonName() + " on \"" + e.key().value()
              + "\" has " + e.values().size() + " values; only the widest bound matters.",
              "Keep the one bound that is meant.", e.key());
        }
        Set<String> values = new HashSet<>();
        for (PolicyString v : e.values()) {
          String k = op.ignoreCase() ? v.value().toLowerCase(Locale.ROOT) : v.value();
          if (!values.add(k)) {
            out.add(Severity.SUGGESTION, "DUPLICATE_CONDITION_VALUE", "The value \"" + v.value() + "\" is listed twice "
                + "for \"" + e.key().value() + "\".", "Remove the second one.", v);
          }
          if (op.family() == OperatorFamily.STRING && !op.wildcards() && v.value().replace("${*}", "").indexOf('*') >= 0) {
            String like = op.negated() ? "StringNotLike" : "StringLike";
            out.add(Severity.WARNING, "WILDCARD_WITHOUT_LIKE_OPERATOR", op.jsonName() + " compares \"" + v.value()
                + "\" literally: the * is not a wildcard with this operator.",
                "Use " + spec.qualifier().prefix() + like + (spec.ifExists() ? "IfExists" : "")
                    + " if * should match any text.", v);
          }
        }
      }
    }
  }

  private static void unknown(PolicyString operator, FindingSink out) {
    String name = operator.value();
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.equals("nullifexists") || lower.endsWith(":nullifexists")) {
      out.add(Severity.ERROR, "NULL_WITH_IF_EXISTS", name + " is not an operator: IfExists cannot be combined with Null.",
          "Write \"Null\"; it already tests whether the key exists.", operator);
      return;
    }
    String right = rightCase(name);
    if (right != null) {
      out.add(Severity.ERROR, "INVALID_CONDITION_OPERATOR", "\"" + name + "\" is not a condition operator: operator "
          + "names are case-sensitive.", "Write \"" + right + "\".", operator);
      return;
    }
    String near = nearest(name);
    out.add(Severity.ERROR, "INVALID_CONDITION_OPERATOR", "\"" + name + "\" is not a condition operator"
        + (near == null ? "." : "; did you mean `" + near + "`?"),
        near == null ? "Use an operator such as StringEquals, StringLike, ArnLike, NumericLessThan, DateGreaterThan, "
            + "Bool, IpAddress or Null, optionally with ForAnyValue:/ForAllValues: and IfExists."
            : "Write \"" + near + "\".", operator);
  }

  /** The correctly cased operator name for a name that differs only in case, or null. */
  static String rightCase(String name) {
    String rest = name;
    String prefix = "";
    for (SetQualifier q : List.of(SetQualifier.FOR_ALL_VALUES, SetQualifier.FOR_ANY_VALUE)) {
      if (rest.regionMatches(true, 0, q.prefix(), 0, q.prefix().length())) {
        prefix = q.prefix();
        rest = rest.substring(q.prefix().length());
      }
    }
    String suffix = "";
    if (rest.regionMatches(true, Math.max(0, rest.length() - 8), "IfExists", 0, 8) && rest.length() > 8) {
      suffix = "IfExists";
      rest = rest.substring(0, rest.length() - 8);
    }
    for (Operator o : Operator.values()) {
      if (o.jsonName().equalsIgnoreCase(rest)) {
        String candidate = prefix + o.jsonName() + suffix;
        return OperatorSpec.parse(candidate) != null ? candidate : null;
      }
    }
    return null;
  }

  private static String nearest(String name) {
    String best = null;
    int bestD = Integer.MAX_VALUE;
    for (Operator o : Operator.values()) {
      for (String cand : List.of(o.jsonName(), o.jsonName() + "IfExists")) {
        int d = EditDistance.between(name, cand);
        if (d < bestD) {
          bestD = d;
          best = cand;
        }
      }
    }
    return bestD <= Math.max(2, name.length() / 4) ? best : null;
  }
}
