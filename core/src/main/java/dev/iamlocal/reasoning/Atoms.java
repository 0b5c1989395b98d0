package dev.iamlocal.reasoning;

import dev.iamlocal.arn.ArnPattern;
import dev.iamlocal.condition.Condition;
import dev.iamlocal.condition.Operator;
import dev.iamlocal.condition.OperatorFamily;
import dev.iamlocal.glob.MarkedText;
import dev.iamlocal.policy.ConditionEntry;
import dev.iamlocal.policy.PolicyString;
import dev.iamlocal.request.RequestContext;
import dev.iamlocal.variables.Template;
import dev.iamlocal.variables.VariableSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The atoms of a statement that are not finite sets: its Resource/NotResource element (over the
 * request's resource string) and each condition (over one context key). An atom's {@link #id} is
 * its meaning written out, so that the same element in two policies is one atom, and a request
 * cannot be asked to both match and not match it.
 */
final class Atoms {

  private Atoms() {}

  /** A literal: an atom asserted true or false. */
  record Lit(Object atom, boolean positive) {
    String atomId() {
      return atom instanceof Res r ? r.id : ((Cond) atom).id;
    }
  }

  /** The Resource or NotResource element of a statement. */
  static final class Res {
    final List<Template> patterns;
    final boolean not;
    /** NotResource with an unresolved variable applies to a Deny and not to an Allow (evaluator's Q30). */
    final boolean deny;
    final String id;
    final Set<String> varKeys = new LinkedHashSet<>();
    /** The patterns' total length plus one each: what compiling or matching them costs ({@link Budget}). */
    final int size;

    Res(List<String> raw, boolean not, boolean deny, boolean variables) {
      this.patterns = new ArrayList<>();
      int n = 0;
      for (String r : raw) {
        n += r.length() + 1;
        Template t = Template.parse(r, variables);
        patterns.add(t);
        for (var v : t.variables()) {
          varKeys.add(v.normalizedKey());
        }
      }
      this.size = n;
      this.not = not;
      this.deny = deny;
      this.id = (not ? "NotResource" + (varKeys.isEmpty() ? "" : deny ? "/deny" : "/allow") : "Resource")
          + (variables ? "" : "/novars") + raw;
    }

    boolean hasVars() {
      return !varKeys.isEmpty();
    }

    /** As {@code CompiledStatement.resourceMatches}: the element's truth on a concrete request. */
    boolean eval(String resource, VariableSource ctx) {
      Budget.spend(size + resource.length());
      boolean unresolved = false;
      for (Template t : patterns) {
        MarkedText m = t.resolveMarked(ctx);
        if (m == null) {
          unresolved = true;
        } else if (ArnPattern.compile(m).matches(resource)) {
          return !not;
        }
      }
      if (not && unresolved) {
        return deny;
      }
      return not;
    }

    /** The patterns under {@code ctx} as automata; unresolved ones are left out (they match nothing). */
    List<Patterns.Nfa> nfas(VariableSource ctx) {
      Budget.spend(size);
      List<Patterns.Nfa> out = new ArrayList<>();
      for (Template t : patterns) {
        MarkedText m = t.resolveMarked(ctx);
        if (m != null) {
          out.add(Patterns.arn(m));
        }
      }
      return out;
    }

    boolean anyUnresolved(VariableSource ctx) {
      for (Template t : patterns) {
        if (t.hasVariables() && t.resolveMarked(ctx) == null) {
          return true;
        }
      }
      return false;
    }

    @Override
    public String toString() {
      return (not ? "NotResource " : "Resource ") + patterns;
    }
  }

  /** One condition of a statement. */
  static final class Cond {
    final Condition condition;
    /** The base operator without qualifier and IfExists: {@code twin.evaluate} on one value is {@code neg XOR B}. */
    final Condition twin;
    final String key;
    final String id;
    final boolean variables;
    final Set<String> varKeys = new LinkedHashSet<>();
    /** The values' total length plus one each: what evaluating or compiling them costs ({@link Budget}). */
    final int size;

    Cond(Condition c, boolean variables) {
      this.condition = c;
      this.variables = variables;
      this.key = c.normalizedKey();
      ConditionEntry e = c.source();
      Operator op = c.spec().operator();
      this.twin = op == Operator.NULL ? null : Condition.compile(new ConditionEntry(PolicyString.of(op.jsonName()),
          e.key(), e.values(), true, e.path()), variables);
      if (variables && op.allowsVariables()) {
        for (PolicyString v : e.values()) {
          for (var var : Template.parse(v.value(), true).variables()) {
            varKeys.add(var.normalizedKey());
          }
        }
      }
      List<String> vals = new ArrayList<>();
      int n = 1;
      for (PolicyString v : e.values()) {
        vals.add(v.value());
        n += v.value().length() + 1;
      }
      // evaluating a value parses it: a number or a date costs a few string steps, an address more
      int weight = switch (op.family()) {
        case NUMERIC, DATE, BINARY -> 4;
        case IP -> 16;
        default -> 1;
      };
      this.size = n * weight;
      this.id = c.spec().jsonName() + "\u0000" + key + "\u0000" + vals + (variables ? "" : "/novars");
    }

    Operator op() {
      return condition.spec().operator();
    }

    OperatorFamily family() {
      return op().family();
    }

    boolean hasVars() {
      return !varKeys.isEmpty();
    }

    /** {@code B(r)}: does one request value satisfy the positive test against some policy value? */
    boolean base(String value, RequestContext with) {
      Budget.spend(size + value.length());
      RequestContext ctx = with.toBuilder().put(key, value).build();
      return twin.evaluate(ctx) != op().negated();
    }

    List<String> rawValues() {
      List<String> out = new ArrayList<>();
      for (PolicyString v : condition.source().values()) {
        out.add(v.value());
      }
      return out;
    }

    /**
     * The automata of {@code B} for the string-like families under {@code ctx}; values whose
     * variables have no value match nothing and are left out.
     */
    List<Patterns.Nfa> nfas(VariableSource ctx) {
      Budget.spend(size);
      List<Patterns.Nfa> out = new ArrayList<>();
      Operator op = op();
      for (String raw : rawValues()) {
        Template t = Template.parse(raw, variables && op.allowsVariables());
        Patterns.Nfa n;
        switch (op.family()) {
          case ARN -> {
            MarkedText m = t.resolveMarked(ctx);
            n = m == null ? null : Patterns.arn(m);
          }
          case BOOL -> {
            String s = t.resolve(ctx);
            Boolean b = s == null ? null : dev.iamlocal.condition.Values.parseBool(s);
            n = b == null ? null : Patterns.equalsIgnoreCase(b ? "true" : "false");
          }
          case STRING -> {
            if (op.wildcards()) {
              MarkedText m = t.resolveMarked(ctx);
              n = m == null ? null : Patterns.glob(m);
            } else {
              String s = t.resolve(ctx);
              if (s == null) {
                n = null;
              } else if (op.ignoreCase()) {
                n = Patterns.lowerCaseEquals(s);
                if (n == null) {
                  throw new Undecidable(op.jsonName() + " on " + condition.source().key().value() + " with the value \""
                      + s + "\": case-insensitive comparison of non-ASCII text is not decided");
                }
              } else {
                n = Patterns.exact(s);
              }
            }
          }
          default -> throw new IllegalStateException(op.family().name());
        }
        if (n != null) {
          out.add(n);
        }
      }
      return out;
    }

    @Override
    public String toString() {
      return condition.spec().jsonName() + " " + condition.source().key().value() + " " + rawValues();
    }
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
