package dev.iamlocal.validation;

import dev.iamlocal.catalog.ConditionKeyDefinition;
import dev.iamlocal.catalog.ConditionKeyType;
import dev.iamlocal.condition.OperatorFamily;
import dev.iamlocal.policy.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The operator's family against the key's type: a Bool, Numeric, Date, IP, ARN or Binary operator
 * on a key of another type (and String operators on non-string keys) compares values the request
 * does not carry in that form. String operators on ARN keys are fine (AWS documents them), and
 * Numeric operators on {@code aws:EpochTime} too (its type is Date, but AWS documents numeric use).
 */
final class ConditionTypeChecks implements Check {

  private static final Map<OperatorFamily, Set<ConditionKeyType>> ALLOWED = Map.of(
      OperatorFamily.STRING, Set.of(ConditionKeyType.STRING, ConditionKeyType.ARN),
      OperatorFamily.ARN, Set.of(ConditionKeyType.ARN, ConditionKeyType.STRING),
      OperatorFamily.NUMERIC, Set.of(ConditionKeyType.NUMERIC),
      OperatorFamily.DATE, Set.of(ConditionKeyType.DATE),
      OperatorFamily.BOOL, Set.of(ConditionKeyType.BOOL),
      OperatorFamily.IP, Set.of(ConditionKeyType.IP_ADDRESS),
      OperatorFamily.BINARY, Set.of(ConditionKeyType.BINARY));

  private static final Map<ConditionKeyType, String> OPERATORS_FOR = Map.of(
      ConditionKeyType.STRING, "String operators (StringEquals, StringLike, …)",
      ConditionKeyType.ARN, "ARN operators (ArnEquals, ArnLike, …) or String operators",
      ConditionKeyType.NUMERIC, "Numeric operators (NumericEquals, NumericLessThan, …)",
      ConditionKeyType.DATE, "Date operators (DateGreaterThan, DateLessThan, …)",
      ConditionKeyType.BOOL, "Bool",
      ConditionKeyType.IP_ADDRESS, "IpAddress or NotIpAddress",
      ConditionKeyType.BINARY, "BinaryEquals");

  @Override
  public List<String> codes() {
    return List.of("TYPE_MISMATCH");
  }

  @Override
  public void check(PolicyContext ctx, FindingSink out) {
    for (Statement s : ctx.statements()) {
      for (PolicyContext.ParsedCondition c : PolicyContext.conditions(s)) {
        if (c.spec() == null || c.spec().operator().family() == OperatorFamily.NULL) {
          continue;
        }
        Optional<ConditionKeyDefinition> def = ctx.lookups().key(c.entry().key().value());
        if (def.isEmpty()) {
          continue;
        }
        OperatorFamily family = c.spec().operator().family();
        ConditionKeyType type = def.get().type();
        if (ALLOWED.get(family).contains(type)) {
          continue;
        }
        if (family == OperatorFamily.NUMERIC && def.get().name().equalsIgnoreCase("aws:EpochTime")) {
          continue;
        }
        out.add(Severity.WARNING, "TYPE_MISMATCH", c.entry().operator().value() + " is a " + family.name().toLowerCase(Locale.ROOT)
            + " operator, but \"" + c.entry().key().value() + "\" is of type " + typeName(def.get()) + ".",
            "Use " + OPERATORS_FOR.get(type) + " with this key.", c.entry().key());
      }
    }
  }

  private static String typeName(ConditionKeyDefinition d) {
    String base = switch (d.type()) {
      case STRING -> "String";
      case ARN -> "ARN";
      case BOOL -> "Bool";
      case NUMERIC -> "Numeric";
      case DATE -> "Date";
      case IP_ADDRESS -> "IPAddress";
      case BINARY -> "Binary";
    };
    return d.multivalued() ? "ArrayOf" + base : base;
  }
}
