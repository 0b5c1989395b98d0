package dev.iamlocal.validation;

import dev.iamlocal.catalog.ConditionKeyDefinition;
import dev.iamlocal.condition.Operator;
import dev.iamlocal.condition.SetQualifier;
import dev.iamlocal.policy.Effect;
import dev.iamlocal.policy.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Set operators against the key's multivaluedness (spec §6.6): ForAllValues on a single-valued
 * key (true whenever the key is absent), ForAnyValue on one (pointless), a multivalued key
 * without a qualifier, and ForAllValues in an Allow without a {@code Null: false} guard, which
 * then also allows requests that carry no value at all.
 */
final class SetQualifierChecks implements Check {

  @Override
  public List<String> codes() {
    return List.of("FORALLVALUES_WITH_SINGLE_VALUED_KEY", "FORANYVALUE_WITH_SINGLE_VALUED_KEY", "MISSING_QUALIFIER",
        "FORALLVALUES_WITHOUT_NULL_CHECK");
  }

  @Override
  public void check(PolicyContext ctx, FindingSink out) {
    for (Statement s : ctx.statements()) {
      List<PolicyContext.ParsedCondition> conditions = PolicyContext.conditions(s);
      Set<String> presentGuards = new HashSet<>();
      for (PolicyContext.ParsedCondition c : conditions) {
        if (c.spec() != null && c.spec().operator() == Operator.NULL
            && c.entry().values().stream().anyMatch(v -> v.value().equalsIgnoreCase("false"))) {
          presentGuards.add(c.keyLower());
        }
      }
      for (PolicyContext.ParsedCondition c : conditions) {
        if (c.spec() == null || c.spec().operator() == Operator.NULL) {
          continue;
        }
        String key = c.entry().key().value();
        Optional<ConditionKeyDefinition> def = ctx.lookups().key(key);
        SetQualifier q = c.spec().qualifier();
        boolean single = def.isPresent() && !def.get().multivalued();
        if (q == SetQualifier.FOR_ALL_VALUES && single) {
          out.add(Severity.SECURITY_WARNING, "FORALLVALUES_WITH_SINGLE_VALUED_KEY", "\"" + key + "\" is single-valued; "
              + "ForAllValues with it is also true when the key is absent from the request.",
              "Drop the ForAllValues: prefix (write " + c.spec().operator().jsonName() + (c.spec().ifExists() ? "IfExists" : "")
                  + ").", c.entry().operator());
        } else if (q == SetQualifier.FOR_ANY_VALUE && single) {
          out.add(Severity.SUGGESTION, "FORANYVALUE_WITH_SINGLE_VALUED_KEY", "\"" + key + "\" is single-valued, so "
              + "ForAnyValue adds nothing.", "Drop the ForAnyValue: prefix (write " + c.spec().operator().jsonName()
              + (c.spec().ifExists() ? "IfExists" : "") + ").", c.entry().operator());
        } else if (q == SetQualifier.NONE && def.isPresent() && def.get().multivalued()) {
          out.add(Severity.WARNING, "MISSING_QUALIFIER", "\"" + key + "\" is multivalued; without ForAnyValue: or "
              + "ForAllValues: it is not clear whether any or every request value must match.",
              "Write ForAnyValue:" + c.entry().operator().value() + " (some value matches) or ForAllValues:"
                  + c.entry().operator().value() + " (every value matches).", c.entry().operator());
        }
        if (q == SetQualifier.FOR_ALL_VALUES && !single && s.effect() == Effect.ALLOW
            && !presentGuards.contains(c.keyLower())) {
          out.add(Severity.SECURITY_WARNING, "FORALLVALUES_WITHOUT_NULL_CHECK", "ForAllValues is true when the request "
              + "has no \"" + key + "\" at all, so this Allow also applies to requests without it.",
              "Add \"Null\": {\"" + key + "\": \"false\"} to the same Condition block to require the key.",
              c.entry().key());
        }
      }
    }
  }
}
