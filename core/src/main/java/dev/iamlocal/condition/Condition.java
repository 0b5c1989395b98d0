package dev.iamlocal.condition;

import dev.iamlocal.policy.ConditionEntry;
import dev.iamlocal.request.ContextValue;
import dev.iamlocal.request.RequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One compiled condition: an operator (with qualifier and IfExists), a key, and its values.
 * Immutable and thread-safe; compile once with {@link #compile}, evaluate many times.
 *
 * <p>The shared rules live here, above the operator families (spec §6.1, §6.3, §6.4, §6.6):
 * <ul>
 *   <li>several values: OR for positive operators, NOR for negated ones;
 *   <li>key missing: positive → false, negated → true, {@code IfExists} → true;
 *   <li>{@code ForAllValues}: every request value must satisfy the base operator; true when the key
 *       is missing or null; {@code ForAnyValue}: some request value must; false when missing/null;
 *   <li>{@code Null}: "true" iff the key is missing or null (empty strings count as null, Q10).
 * </ul>
 *
 * <p>Decisions on open questions:
 * <ul>
 *   <li>Q12 an unqualified operator on a key with several values (a multivalued key used without
 *       a set operator) is true for a positive operator if any request value matches any policy
 *       value, and for a negated operator if none does — the plain reading of OR/NOR over values.
 *   <li>Q13 {@code IfExists} with a set qualifier changes nothing: {@code ForAnyValue:…IfExists}
 *       on a missing key is still false, as field reports say AWS behaves.
 *   <li>Q31 set qualifiers combine with every family (the rule above needs nothing family-specific).
 *   <li>Q29 an empty value list is an error (see {@link #compile}); an empty {@code Condition: {}}
 *       holds no condition and so is true, like an absent Condition element.
 *   <li>A value its operator cannot use (an invalid CIDR or date, {@code Null} with "maybe") makes
 *       the condition an error; the evaluator then fails closed (see the evaluator).
 * </ul>
 */
public final class Condition {

  private final ConditionEntry source;
  private final OperatorSpec spec;
  private final String normalizedKey;
  private final List<PolicyValue> values;
  private final String error;

  private Condition(ConditionEntry source, OperatorSpec spec, List<PolicyValue> values, String error) {
    this.source = source;
    this.spec = spec;
    this.normalizedKey = source.key().value().toLowerCase(Locale.ROOT);
    this.values = values;
    this.error = error;
  }

  /**
   * Compiles a condition entry. Never throws: a condition that cannot be compiled is kept with
   * its error, so that evaluation can fail closed and explain why.
   *
   * @param variablesEnabled whether the policy's Version allows policy variables
   */
  public static Condition compile(ConditionEntry entry, boolean variablesEnabled) {
    OperatorSpec spec = OperatorSpec.parse(entry.operator().value());
    if (spec == null) {
      return new Condition(entry, null, List.of(), "unknown condition operator \"" + entry.operator().value() + "\"");
    }
    List<PolicyValue> values = new ArrayList<>(entry.values().size());
    List<String> errors = new ArrayList<>();
    for (var v : entry.values()) {
      try {
        values.add(Values.compile(spec.operator(), v.value(), variablesEnabled));
      } catch (ConditionValueException e) {
        errors.add(e.getMessage());
      }
    }
    if (spec.operator() == Operator.NULL && entry.values().isEmpty()) {
      errors.add("Null needs a value, \"true\" or \"false\"");
    } else if (entry.values().isEmpty()) {
      // Decision on Q29: a key with an empty value list ({"k": []}) is an error, not "no value
      // matches". Read literally, OR over nothing is false and NOR over nothing is true, so
      // {"StringNotEquals": {"k": []}} would hold for every request: an Allow that grants more
      // than the author could have meant. The evaluator fails closed on errors.
      errors.add(spec.jsonName() + " needs at least one value for " + entry.key().value());
    }
    return new Condition(entry, spec, List.copyOf(values), errors.isEmpty() ? null : String.join("; ", errors));
  }

  public ConditionEntry source() {
    return source;
  }

  /** The parsed operator, or null if the name is unknown (then {@link #error()} says so). */
  public OperatorSpec spec() {
    return spec;
  }

  /** Why this condition cannot be evaluated, or null. */
  public String error() {
    return error;
  }

  /** The context key, lower-cased. */
  public String normalizedKey() {
    return normalizedKey;
  }

  /** Evaluates against a request. Must not be called when {@link #error()} is non-null. */
  public boolean evaluate(RequestContext ctx) {
    ContextValue cv = ctx.getNormalized(normalizedKey);
    Operator op = spec.operator();
    if (op == Operator.NULL) {
      boolean isNull = cv == null || cv.isNull();
      for (PolicyValue p : values) {
        // A Null value tests "is null" (true) or "is present" (false); OR over the values.
        if (p.test("", ctx) == isNull) {
          return true;
        }
      }
      return false;
    }
    switch (spec.qualifier()) {
      case FOR_ALL_VALUES: {
        if (cv == null || cv.isNull()) {
          return true;
        }
        for (String r : cv.values()) {
          if (!memberMatches(r, ctx)) {
            return false;
          }
        }
        return true;
      }
      case FOR_ANY_VALUE: {
        if (cv == null || cv.isNull()) {
          return false;
        }
        for (String r : cv.values()) {
          if (memberMatches(r, ctx)) {
            return true;
          }
        }
        return false;
      }
      default: {
        if (cv == null) {
          return spec.ifExists() || op.negated();
        }
        boolean any = false;
        for (String r : cv.values()) {
          if (anyValueMatches(r, ctx)) {
            any = true;
            break;
          }
        }
        return op.negated() != any;
      }
    }
  }

  /** Under a set qualifier: does one request value satisfy the (possibly negated) base operator? */
  private boolean memberMatches(String r, RequestContext ctx) {
    return spec.operator().negated() != anyValueMatches(r, ctx);
  }

  private boolean anyValueMatches(String r, RequestContext ctx) {
    for (PolicyValue p : values) {
      if (p.test(r, ctx)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Evaluates and says why, for explanations: the request's values and the policy values as
   * resolved against this request.
   */
  public ConditionTrace trace(RequestContext ctx) {
    ContextValue cv = ctx.getNormalized(normalizedKey);
    List<String> resolved = new ArrayList<>(values.size());
    for (PolicyValue p : values) {
      resolved.add(p.describe(ctx));
    }
    if (error != null) {
      return new ConditionTrace(source, false, cv == null ? null : cv.values(), resolved, "error: " + error);
    }
    boolean result = evaluate(ctx);
    String name = spec.jsonName();
    String key = source.key().value();
    String reason;
    if (spec.operator() == Operator.NULL) {
      reason = name + " " + key + ": key is " + (cv == null ? "absent" : cv.isNull() ? "null (empty)" : "present")
          + ", policy expects " + resolved;
    } else if (cv == null) {
      reason = name + " " + key + ": key is absent from the request"
          + (result ? (spec.qualifier() == SetQualifier.FOR_ALL_VALUES ? " (ForAllValues on a missing key is true)"
              : spec.ifExists() ? " (IfExists)" : " (a negated operator matches a missing key)")
              : (spec.qualifier() == SetQualifier.FOR_ANY_VALUE ? " (ForAnyValue on a missing key is false)" : ""));
    } else {
      boolean plural = cv.values().size() != 1;
      reason = name + " " + key + ": request " + (plural ? "values " : "value ") + quote(cv.values())
          + (result ? (plural ? " satisfy " : " satisfies ") : (plural ? " do not satisfy " : " does not satisfy "))
          + quote(resolved);
    }
    return new ConditionTrace(source, result, cv == null ? null : cv.values(), resolved, reason);
  }

  private static String quote(List<String> vs) {
    if (vs.size() == 1) {
      return "\"" + vs.get(0) + "\"";
    }
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < vs.size(); i++) {
      b.append(i == 0 ? "" : ", ").append('"').append(vs.get(i)).append('"');
    }
    return b.append(']').toString();
  }

  @Override
  public String toString() {
    return source.operator().value() + " " + source.key().value() + " " + source.values();
  }
}
