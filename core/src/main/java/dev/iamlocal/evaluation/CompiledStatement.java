package dev.iamlocal.evaluation;

import dev.iamlocal.arn.ArnPattern;
import dev.iamlocal.condition.Condition;
import dev.iamlocal.condition.ConditionTrace;
import dev.iamlocal.glob.Glob;
import dev.iamlocal.glob.MarkedText;
import dev.iamlocal.policy.ConditionEntry;
import dev.iamlocal.policy.Effect;
import dev.iamlocal.policy.PolicyString;
import dev.iamlocal.policy.Statement;
import dev.iamlocal.request.AuthorizationRequest;
import dev.iamlocal.request.RequestContext;
import dev.iamlocal.variables.Template;
import java.util.ArrayList;
import java.util.List;

/**
 * A statement compiled for evaluation: action globs lower-cased, resource patterns compiled (or
 * kept as templates when they hold policy variables), conditions compiled. Immutable.
 */
final class CompiledStatement {

  final Policy policy;
  final PolicyType type;
  final Statement statement;
  final Effect effect;
  final boolean notAction;
  final Glob[] actions;
  /** Null when the statement has neither Resource nor NotResource (trust policies): any resource. */
  final boolean notResource;
  final MatchedStatement matched;
  private final boolean vars;
  /**
   * Resources, conditions and the statement's error, compiled on first use: only statements whose
   * action matches a request ever need them, and a set compiled for one request (the CLI, a
   * scenario carrying its own policies) mostly holds statements about other actions. Immutable
   * once made; two threads racing to make it make equal values.
   */
  private volatile Tail tail;

  private record Tail(ResourcePattern[] resources, Condition[] conditions, String error) {}

  /**
   * Whether the principal whose requests this set decides has a permissions boundary: AWS then
   * lets a Deny with NotPrincipal deny it whatever the NotPrincipal element lists.
   */
  final boolean principalHasBoundary;

  /**
   * Place in its policy type's statements (policy order, then statement order): matched statements
   * are reported in this order however the request found them (scan or index).
   */
  final int ordinal;

  CompiledStatement(Policy policy, PolicyType type, Statement s, boolean principalHasBoundary, int ordinal) {
    this.ordinal = ordinal;
    this.principalHasBoundary = principalHasBoundary;
    this.policy = policy;
    this.type = type;
    this.statement = s;
    this.effect = s.effect();
    boolean vars = policy.document().version().supportsVariables();
    this.notAction = s.action() == null && s.notAction() != null;
    List<PolicyString> acts = s.action() != null ? s.action().values()
        : s.notAction() != null ? s.notAction().values() : List.of();
    this.actions = new Glob[acts.size()];
    for (int i = 0; i < actions.length; i++) {
      actions[i] = Glob.compileIgnoreCase(acts.get(i).value());
    }
    this.notResource = s.resource() == null && s.notResource() != null;
    this.vars = vars;
    this.matched = new MatchedStatement(policy.id(), type, policy.sourceType(), s.sidValue(), s.index(), effect, s.span());
  }

  private Tail tail() {
    Tail t = tail;
    if (t == null) {
      t = compileTail();
      tail = t;
    }
    return t;
  }

  private Tail compileTail() {
    Statement s = statement;
    var res = s.resource() != null ? s.resource() : s.notResource();
    ResourcePattern[] resources = null;
    if (res != null) {
      resources = new ResourcePattern[res.values().size()];
      for (int i = 0; i < resources.length; i++) {
        resources[i] = ResourcePattern.of(res.values().get(i).value(), vars);
      }
    }
    List<Condition> conds = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (ConditionEntry c : s.conditions()) {
      Condition compiled = Condition.compile(c, vars);
      conds.add(compiled);
      if (compiled.error() != null) {
        errors.add(c.operator().value() + " " + c.key().value() + ": " + compiled.error());
      }
    }
    if (s.action() == null && s.notAction() == null) {
      errors.add("the statement has neither Action nor NotAction");
    }
    // Decision on Q29: an empty Action, NotAction, Resource or NotResource array makes the
    // statement unevaluable. IAM refuses to store such statements ("Policy statement must contain
    // actions" / "... resources"), and the literal reading would let an Allow with NotAction []
    // or NotResource [] grant everything. With the fail-closed rule below, such an Allow never
    // applies; a Deny applies wherever its other elements match.
    if (actions.length == 0 && (s.action() != null || s.notAction() != null)) {
      errors.add("the " + (notAction ? "NotAction" : "Action") + " list is empty");
    }
    if (res != null && res.values().isEmpty()) {
      errors.add("the " + (notResource ? "NotResource" : "Resource") + " list is empty");
    }
    return new Tail(resources, conds.toArray(Condition[]::new), errors.isEmpty() ? null : String.join("; ", errors));
  }

  /** The Resource or NotResource patterns; null when the statement has neither. */
  ResourcePattern[] resources() {
    return tail().resources();
  }

  Condition[] conditions() {
    return tail().conditions();
  }

  /** Why the statement cannot be evaluated, or null. */
  String error() {
    return tail().error();
  }

  /** The first reason this statement does not apply, or NONE. */
  Mismatch check(AuthorizationRequest r, String lowerAction) {
    if (!actionMatches(lowerAction)) {
      return Mismatch.ACTION;
    }
    if (!resourceMatches(r.resource(), r.context())) {
      return Mismatch.RESOURCE;
    }
    if (!principalMatches(r)) {
      return Mismatch.PRINCIPAL;
    }
    Tail t = tail();
    if (t.error() != null) {
      return Mismatch.ERROR;
    }
    for (Condition c : t.conditions()) {
      if (!c.evaluate(r.context())) {
        return Mismatch.CONDITION;
      }
    }
    return Mismatch.NONE;
  }

  /**
   * Fail closed: a statement that cannot be evaluated never allows, and a Deny that cannot be
   * evaluated denies (when its action, resource and principal match).
   */
  boolean applies(Mismatch m) {
    return m == Mismatch.NONE || (m == Mismatch.ERROR && effect == Effect.DENY);
  }

  boolean actionMatches(String lowerAction) {
    boolean any = false;
    for (Glob g : actions) {
      if (g.matchesLowerCase(lowerAction)) {
        any = true;
        break;
      }
    }
    return any != notAction;
  }

  /**
   * Decision on Q28: the request resource {@code *} (the simulator's default) is matched as the
   * literal string "*": only a pattern without a colon that globs the text "*" (in practice
   * {@code "*"} itself) covers it. A statement scoped to specific ARNs, even {@code arn:aws:s3:::*},
   * does not apply to a simulation on {@code *} (and a NotResource listing ARNs does). The
   * simulator answers a simulation on {@code *} for what holds on every resource, and the
   * Resource element matches text, not the set of resources a pattern denotes.
   *
   * <p>Decision on Q30: a NotResource entry whose policy variable has no value matches nothing
   * (spec §7.4), so read literally it excludes nothing and the statement covers every resource.
   * AWS also says an unresolvable variable "might cause the entire statement to be invalid". We
   * take the reading that fails closed in each direction: an Allow with such a NotResource does
   * not apply (otherwise a role session, which has no {@code aws:username}, would be allowed
   * everything by {@code NotResource ".../${aws:username}"}), while a Deny does apply.
   */
  boolean resourceMatches(String resource, RequestContext ctx) {
    ResourcePattern[] resources = resources();
    if (resources == null) {
      return true;
    }
    boolean unresolved = false;
    for (ResourcePattern p : resources) {
      Boolean m = p.test(resource, ctx);
      if (m == null) {
        unresolved = true;
      } else if (m) {
        return !notResource;
      }
    }
    if (notResource && unresolved) {
      return effect == Effect.DENY;
    }
    return notResource;
  }

  boolean principalMatches(AuthorizationRequest r) {
    if (!type.hasPrincipal()) {
      // Identity-type policies name no principal; the validator reports one that does.
      return true;
    }
    return grant(r) != PrincipalGrant.NONE;
  }

  PrincipalGrant grant(AuthorizationRequest r) {
    if (statement.principal() != null) {
      return PrincipalMatcher.grant(statement.principal(), r.principal(), r.context());
    }
    if (statement.notPrincipal() != null) {
      // "The NotPrincipal element with a Deny effect will always deny any IAM principal that has a
      // permissions boundary policy attached, regardless of the values specified in the
      // NotPrincipal element." — https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
      if (effect == Effect.DENY && principalHasBoundary && r.principal().accountId() != null
          && r.principal().kind() != dev.iamlocal.request.Principal.Kind.ROOT) {
        return PrincipalGrant.ACCOUNT;
      }
      // NotPrincipal covers the caller without naming it: the weakest grant that still applies.
      return PrincipalMatcher.notPrincipalApplies(statement.notPrincipal(), r.principal(), r.context())
          ? PrincipalGrant.ACCOUNT : PrincipalGrant.NONE;
    }
    return PrincipalGrant.NONE; // no Principal in a resource-type policy: fail closed
  }

  List<ConditionTrace> traceConditions(RequestContext ctx) {
    Condition[] conditions = conditions();
    List<ConditionTrace> out = new ArrayList<>(conditions.length);
    for (Condition c : conditions) {
      out.add(c.trace(ctx));
    }
    return out;
  }

  /** A Resource/NotResource entry: a compiled ARN pattern, or a template resolved per request. */
  static final class ResourcePattern {
    private final Template template;
    private final ArnPattern fixed;

    private ResourcePattern(Template template, ArnPattern fixed) {
      this.template = template;
      this.fixed = fixed;
    }

    static ResourcePattern of(String raw, boolean variables) {
      Template t = Template.parse(raw, variables);
      if (t.isPlain()) {
        return new ResourcePattern(t, ArnPattern.compile(raw));
      }
      if (!t.hasVariables()) {
        return new ResourcePattern(t, ArnPattern.compile(t.resolveMarked(RequestContext.empty())));
      }
      return new ResourcePattern(t, null);
    }

    /** A variable without a value makes the pattern match nothing (spec §7.4). */
    boolean matches(String resource, RequestContext ctx) {
      return Boolean.TRUE.equals(test(resource, ctx));
    }

    /** True or false, or null when a variable has no value (and no default). */
    Boolean test(String resource, RequestContext ctx) {
      if (fixed != null) {
        return fixed.matches(resource);
      }
      MarkedText m = template.resolveMarked(ctx);
      return m == null ? null : ArnPattern.compile(m).matches(resource);
    }

    String describe(RequestContext ctx) {
      if (fixed != null) {
        return template.raw();
      }
      String s = template.resolve(ctx);
      return s == null ? template.raw() + " (a variable has no value)" : s;
    }
  }
}
