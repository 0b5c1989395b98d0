package dev.iamlocal.simulation;

import dev.iamlocal.condition.Values;
import dev.iamlocal.evaluation.ContextKeys;
import dev.iamlocal.evaluation.Decision;
import dev.iamlocal.evaluation.Evaluator;
import dev.iamlocal.evaluation.Explanation;
import dev.iamlocal.evaluation.MatchedStatement;
import dev.iamlocal.evaluation.Mismatch;
import dev.iamlocal.evaluation.Outcome;
import dev.iamlocal.evaluation.Policy;
import dev.iamlocal.evaluation.PolicySet;
import dev.iamlocal.evaluation.PolicyType;
import dev.iamlocal.evaluation.StatementTrace;
import dev.iamlocal.policy.ConditionEntry;
import dev.iamlocal.policy.Effect;
import dev.iamlocal.policy.PolicyDocument;
import dev.iamlocal.policy.PolicyString;
import dev.iamlocal.policy.Span;
import dev.iamlocal.policy.Statement;
import dev.iamlocal.policy.ValueList;
import dev.iamlocal.request.AuthorizationRequest;
import dev.iamlocal.request.GlobalKeys;
import dev.iamlocal.request.Principal;
import dev.iamlocal.request.RequestContext;
import dev.iamlocal.variables.Template;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * iamlocal's one policy simulator: what IAM's {@code SimulateCustomPolicy} and
 * {@code SimulatePrincipalPolicy} answer, for the IAM API, the {@code simulate-custom-policy} verb
 * and the console alike. Front ends only map their input to a {@link SimulationRequest} and the
 * {@link EvaluationResult}s to their output.
 *
 * <p>The rules, each from IAM's documentation of the two operations:
 * <ul>
 *   <li>No context key is filled that the request does not give, except what a simulated IAM user
 *       caller implies ({@code aws:username}, …). Keys the applicable statements use (conditions,
 *       policy variables in Resource, NotResource and condition values) and the request lacks are
 *       {@code MissingContextValues}, except those of conditions that held without them: at the
 *       top (over all resources) and per resource.
 *   <li>The caller is {@code CallerArn} (an IAM user), else the user named by
 *       {@code PolicySourceArn}. With such a caller, a resource's account is the one in its ARN, else
 *       {@code ResourceOwner}'s, else the caller's ("the owner of the resources … defaults to the
 *       account of the identity provided in CallerArn"). Without one (custom policies, a role's or
 *       group's), the simulation is decided by the given policies alone: every resource is the
 *       simulated account's.
 *   <li>One {@code EvaluationResult} per action, however many resources are named; with named
 *       resources its top-level members are the aggregate over them (the most restrictive
 *       decision, every resource's deciding statements and missing keys) and
 *       {@code ResourceSpecificResults} holds each resource's own (API_EvaluationResult; stackd's
 *       recording of 2026-09-11). Its {@code EvalResourceName} is the resource when one is named,
 *       the resource type's ARN pattern when several are (see {@link ResourcePatterns}), {@code *}
 *       when none is or with a {@code ResourceHandlingOption} (the EC2 scenarios).
 *   <li>{@code EvalDecisionDetails} per policy type for cross-account resources only; present and
 *       empty at the top for named same-account resources, absent per resource then; absent for
 *       {@code *}. Per resource, empty statement and key lists are absent too (recorded).
 *   <li>{@code OrganizationsDecisionDetail} only when the account is in an organization (SCPs
 *       given); {@code PermissionsBoundaryDecisionDetail} only with a boundary.
 *   <li>A statement's {@code StartPosition} is just past the token before it (see
 *       {@link #startPosition}) and its {@code EndPosition} one past its closing brace, as IAM's
 *       recorded answers show.
 * </ul>
 */
public final class PolicySimulator {

  /**
   * The most resources x input policy statements one simulation weighs: a result (one per action)
   * holds every resource's answer with the statements that decided it. 100,000: 1,000 resources
   * beside 100 statements, or 15,000 beside a few.
   */
  public static final int MAX_RESOURCE_STATEMENTS = 100_000;

  /** The {@code ResourceHandlingOption} values IAM documents (the EC2 scenarios). */
  public static final List<String> HANDLING_OPTIONS = List.of(
      "EC2-VPC-InstanceStore", "EC2-VPC-InstanceStore-Subnet", "EC2-VPC-EBS", "EC2-VPC-EBS-Subnet");

  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern ACCOUNT_ARN = Pattern.compile("arn:[a-z-]+:iam::(\\d{12}):root");

  private PolicySimulator() {}

  /**
   * Checks a request and prepares its evaluation.
   *
   * @throws SimulationException when IAM would refuse the request (InvalidInput)
   */
  public static Simulation prepare(SimulationRequest r) {
    for (String a : r.actionNames()) {
      if (!r.actionWildcardsAllowed() && (a.indexOf('*') >= 0 || a.indexOf('?') >= 0)) {
        throw new SimulationException("Actions or resources cannot contain wildcards: " + a,
            "SimulateCustomPolicy takes no wildcards in action names; name each action, e.g. s3:GetObject.");
      }
      if (a.length() < 3 || a.length() > 128 || a.indexOf(':') <= 0) {
        throw new SimulationException("Invalid action name: " + a + ". Action names are of the form service:Action.",
            "Write the service prefix, a colon and the action, e.g. iam:CreateUser.");
      }
    }
    if (r.permissionsBoundaries().size() > 1) {
      throw new SimulationException("Only one permissions boundary policy can be specified in"
          + " PermissionsBoundaryPolicyInputList.", r.permissionsBoundaries().size() + " were given.");
    }
    String ownerAccount = null;
    if (r.resourceOwner() != null) {
      ownerAccount = ownerAccount(r.resourceOwner());
    }
    Principal caller;
    boolean callerKnown;
    String callerArn = r.callerArn() != null ? r.callerArn() : r.policySourceUserArn();
    if (callerArn != null) {
      try {
        caller = Principal.parse(callerArn);
      } catch (IllegalArgumentException e) {
        caller = null;
      }
      if (caller == null || caller.kind() != Principal.Kind.USER) {
        throw new SimulationException("Invalid CallerArn: " + callerArn + ". You can specify only the ARN of an IAM"
            + " user.", "Roles, sessions and service principals cannot be simulated callers.");
      }
      callerKnown = true;
    } else {
      if (r.resourcePolicy() != null) {
        throw new SimulationException("CallerArn is required if you include a ResourcePolicy and the"
            + " PolicySourceArn is not the ARN for an IAM user.",
            "Give CallerArn arn:aws:iam::ACCOUNT:user/NAME: the resource policy's Principal is matched against it.");
      }
      String account = ownerAccount != null ? ownerAccount : r.defaultAccount();
      caller = Principal.parse("arn:aws:iam::" + account + ":user/simulated-caller");
      callerKnown = false;
    }
    if (r.resourceHandlingOption() != null && !HANDLING_OPTIONS.contains(r.resourceHandlingOption())) {
      throw new SimulationException("Invalid ResourceHandlingOption: " + r.resourceHandlingOption() + ".",
          "Use one of " + String.join(", ", HANDLING_OPTIONS) + ", or omit it.");
    }
    RequestContext context = context(r.contextEntries());
    if (callerKnown) {
      // what the simulated user implies (aws:username for ${aws:username}, …); nothing else is filled
      context = GlobalKeys.fillCallerIdentity(context, caller, null);
    }

    PolicySet.Builder b = PolicySet.builder();
    Map<String, PolicyInput> byKey = new HashMap<>();
    List<Policy> identity = new ArrayList<>();
    for (PolicyInput p : r.policies()) {
      identity.add(policy(p));
      byKey.putIfAbsent(PolicyType.IDENTITY.json() + "/" + p.id(), p);
    }
    b.identity(identity);
    for (PolicyInput p : r.permissionsBoundaries()) {
      b.permissionsBoundary(policy(p));
      byKey.put(PolicyType.PERMISSIONS_BOUNDARY.json() + "/" + p.id(), p);
    }
    if (r.resourcePolicy() != null) {
      b.resourcePolicy(policy(r.resourcePolicy()));
      byKey.put(PolicyType.RESOURCE.json() + "/" + r.resourcePolicy().id(), r.resourcePolicy());
    }
    for (List<PolicyInput> level : r.serviceControlPolicyLevels()) {
      b.addServiceControlPolicyLevel(level.stream().map(PolicySimulator::policy).toList());
      level.forEach(p -> byKey.putIfAbsent(PolicyType.SERVICE_CONTROL.json() + "/" + p.id(), p));
    }
    boolean star = r.resourceArns().isEmpty();
    List<String> resources = star ? List.of("*") : r.resourceArns();
    boolean grouped = r.resourceHandlingOption() != null;
    // One result per action, whatever the number of resources: a result cannot be split over pages,
    // and each resource's answer lists the statements that decided it, so one result costs (and
    // answers with) up to resources x statements. Bounded, or a request of 1 MB (19,000 ARNs beside
    // 2,800 statements) would fill the memory with one answer.
    PolicySet set = b.build();
    long statements = 0;
    for (Policy p : set.allPolicies()) {
      statements += p.document().statements().size();
    }
    if ((long) resources.size() * Math.max(1, statements) > MAX_RESOURCE_STATEMENTS) {
      throw new SimulationException("Too many resources and policy statements in one simulation: "
          + resources.size() + " resources x " + statements + " statements.",
          "iamlocal answers one result per action over all the resources (as AWS does now) and bounds the"
              + " resources times the statements of the input policies at " + MAX_RESOURCE_STATEMENTS
              + "; simulate fewer resources per request");
    }
    return new Simulation(set, byKey, caller, callerKnown, ownerAccount, context, r.actionNames(), resources,
        grouped, star && !grouped, !r.permissionsBoundaries().isEmpty(), !r.serviceControlPolicyLevels().isEmpty(),
        r.actionNames().size());
  }

  /** The context keys the documents use, in order, each once: {@code GetContextKeysFor*Policy}. */
  public static List<String> contextKeys(List<PolicyDocument> documents) {
    return ContextKeys.referencedBy(documents);
  }

  private static Policy policy(PolicyInput p) {
    return new Policy(p.id(), p.document(), p.type());
  }

  private static String ownerAccount(String owner) {
    if (ACCOUNT.matcher(owner).matches()) {
      return owner;
    }
    Matcher m = ACCOUNT_ARN.matcher(owner);
    if (m.matches()) {
      return m.group(1);
    }
    throw new SimulationException("Invalid ResourceOwner: " + owner + ". Specify an account ARN or an account id.",
        "Write arn:aws:iam::ACCOUNT:root.");
  }

  /**
   * IAM's checks of one {@code ContextEntries} member, the same for every front end (the IAM API,
   * the CLI's {@code simulate-custom-policy}, the console): a name of 5 to 256 characters, a type of
   * {@link ContextEntry#TYPES}, at least one value and one only for a single-valued type, each value
   * of its type.
   *
   * @throws SimulationException with IAM's InvalidInput text and iamlocal's hint
   */
  public static void check(ContextEntry e) {
    if (e.name() == null || e.name().length() < 5 || e.name().length() > 256) {
      throw new SimulationException("Invalid context key name: " + e.name() + ".",
          "Give the full key name (5 to 256 characters), e.g. aws:SourceIp.");
    }
    if (e.type() == null || !ContextEntry.TYPES.contains(e.type())) {
      throw new SimulationException("Invalid context key type " + e.type() + " for context key " + e.name() + ".",
          "Valid types: " + String.join(", ", ContextEntry.TYPES) + ".");
    }
    if (e.values().isEmpty()) {
      throw new SimulationException("No value given for context key " + e.name() + ".", "Give at least one value.");
    }
    if (!e.multivalued() && e.values().size() > 1) {
      throw new SimulationException("Context key " + e.name() + " of type " + e.type() + " takes one value.",
          "Use " + e.type() + "List for a multivalued key.");
    }
    String base = e.multivalued() ? e.type().substring(0, e.type().length() - 4) : e.type();
    for (String v : e.values()) {
      boolean ok = switch (base) {
        case "numeric" -> Values.parseNumber(v) != null;
        case "boolean" -> Values.parseBool(v) != null;
        case "ip" -> Values.parseIp(v) != null;
        case "binary" -> Values.parseBase64(v) != null;
        case "date" -> Values.parseDate(v) != null;
        default -> true;
      };
      if (!ok) {
        throw new SimulationException("Invalid value " + v + " for context key " + e.name() + " of type "
            + e.type() + ".", valueHint(base));
      }
    }
  }

  /** The request context holding exactly the entries, each checked against its type. */
  static RequestContext context(List<ContextEntry> entries) {
    RequestContext.Builder b = RequestContext.builder();
    for (ContextEntry e : entries) {
      check(e);
      if (b.contains(e.name())) {
        throw new SimulationException("Context key " + e.name() + " is given more than once.",
            "Key names are case-insensitive; use a *List type for several values.");
      }
      if (e.multivalued()) {
        b.putList(e.name(), e.values());
      } else {
        b.put(e.name(), e.values().get(0));
      }
    }
    return b.build();
  }

  /** One prepared simulation: its results, each evaluated when read. */
  public static final class Simulation {
    private final PolicySet set;
    private final Map<String, PolicyInput> byKey;
    private final Principal caller;
    private final boolean callerKnown;
    private final String ownerAccount;
    private final RequestContext context;
    private final List<String> actions;
    private final List<String> resources;
    private final boolean grouped;
    private final boolean star;
    private final boolean hasBoundary;
    private final boolean inOrganization;
    private final int size;
    private final ResourcePatterns patterns;

    private Simulation(PolicySet set, Map<String, PolicyInput> byKey, Principal caller, boolean callerKnown,
        String ownerAccount, RequestContext context, List<String> actions, List<String> resources, boolean grouped,
        boolean star, boolean hasBoundary, boolean inOrganization, int size) {
      this.set = set;
      this.byKey = byKey;
      this.caller = caller;
      this.callerKnown = callerKnown;
      this.ownerAccount = ownerAccount;
      this.context = context;
      this.actions = List.copyOf(actions);
      this.resources = List.copyOf(resources);
      this.patterns = new ResourcePatterns(this.resources);
      this.grouped = grouped;
      this.star = star;
      this.hasBoundary = hasBoundary;
      this.inOrganization = inOrganization;
      this.size = size;
    }

    /**
     * The results, one per action in the order given (API_EvaluationResult: one
     * {@code EvaluationResult} per action, regardless of how many resource ARNs are provided); each
     * is evaluated when read, so a front end paging through them costs only the page it writes
     * (each result evaluates every resource once).
     */
    public List<EvaluationResult> results() {
      return new AbstractList<>() {
        @Override
        public EvaluationResult get(int i) {
          if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i);
          }
          return star ? star(actions.get(i)) : aggregate(actions.get(i));
        }

        @Override
        public int size() {
          return size;
        }
      };
    }

    /** How many resources each result evaluates: what one result costs, for front ends that page by cost. */
    public int resourcesPerResult() {
      return resources.size();
    }

    /** The engine's full explanation of one action on one resource, as this simulation evaluates it. */
    public Explanation explain(String action, String resource) {
      return Evaluator.explain(set, request(action, resource));
    }

    /** The context the simulation evaluates with: the entries and what the caller implies. */
    public RequestContext context() {
      return context;
    }

    /** No resource named: resource {@code *}, missing keys at the top, no per-resource results. */
    private EvaluationResult star(String action) {
      Explanation e = explain(action, "*");
      Decision d = e.decision();
      return new EvaluationResult(action, "*", d.outcome(), statements(d.matchedStatements()), missingContextValues(e),
          null, organizations(d), boundary(d), null);
    }

    /**
     * Named resources: each one's own result, and at the top their aggregate (API_EvaluationResult:
     * "The top-level EvalDecision reflects the most restrictive decision across all resources"). The
     * top-level statements are every resource's deciding statements, each once, in the order the
     * resources give them (recorded: an implicitDeny over an allowed and an implicitly denied object
     * lists the Allow that decided the first); missing keys likewise; a policy type's cross-account
     * detail is its most restrictive one; the boundary and the organization allow only when they
     * allow every resource.
     */
    private EvaluationResult aggregate(String action) {
      List<EvaluationResult.ResourceSpecificResult> specific = new ArrayList<>(resources.size());
      java.util.LinkedHashSet<EvaluationResult.Statement> matched = new java.util.LinkedHashSet<>();
      java.util.LinkedHashSet<String> missing = new java.util.LinkedHashSet<>();
      Map<String, Outcome> details = new LinkedHashMap<>();
      Outcome overall = Outcome.ALLOWED;
      Boolean boundaryAllows = null;
      Boolean orgsAllow = null;
      for (String resource : resources) {
        Explanation e = explain(action, resource);
        Decision d = e.decision();
        List<EvaluationResult.Statement> own = statements(d.matchedStatements());
        List<String> ownMissing = missingContextValues(e);
        Map<String, Outcome> ownDetails = details(e);
        Boolean ownBoundary = boundary(d);
        specific.add(new EvaluationResult.ResourceSpecificResult(resource, d.outcome(), own, ownMissing, ownDetails,
            ownBoundary));
        overall = moreRestrictive(overall, d.outcome());
        matched.addAll(own);
        missing.addAll(ownMissing);
        ownDetails.forEach((type, o) -> details.merge(type, o, Simulation::moreRestrictive));
        if (ownBoundary != null) {
          boundaryAllows = (boundaryAllows == null || boundaryAllows) && ownBoundary;
        }
        Boolean orgs = organizations(d);
        if (orgs != null) {
          orgsAllow = (orgsAllow == null || orgsAllow) && orgs;
        }
      }
      String name = grouped ? "*" : resources.size() == 1 ? resources.get(0) : resourcePattern(action);
      return new EvaluationResult(action, name, overall, List.copyOf(matched), List.copyOf(missing), details,
          orgsAllow, boundaryAllows, specific);
    }

    private static Outcome moreRestrictive(Outcome a, Outcome b) {
      return a == Outcome.EXPLICIT_DENY || b == Outcome.EXPLICIT_DENY ? Outcome.EXPLICIT_DENY
          : a == Outcome.IMPLICIT_DENY || b == Outcome.IMPLICIT_DENY ? Outcome.IMPLICIT_DENY : Outcome.ALLOWED;
    }

    /**
     * The name of a result over several resources: the ARN pattern of the action's resource type
     * that every resource is an instance of, with the resources' partition, as AWS answers
     * ({@code arn:aws:s3:::${BucketName}/${KeyName}} for s3:GetObject, stackd's recording of
     * 2026-09-11); {@code *} when the action is not in the catalog or no one type holds them all
     * (AWS's answer for that case has not been seen).
     */
    private String resourcePattern(String action) {
      return patterns.of(action);
    }

    /**
     * Whether the organization's SCPs allow: every level allows and none denies (the engine's
     * {@code allowedByOrganizations} looks at the allows only); null outside an organization.
     */
    private Boolean organizations(Decision d) {
      if (!inOrganization || d.allowedByOrganizations() == null) {
        return null;
      }
      return d.allowedByOrganizations() && d.matchedStatements().stream()
          .noneMatch(m -> m.policyType() == PolicyType.SERVICE_CONTROL && m.effect() == Effect.DENY);
    }

    private Boolean boundary(Decision d) {
      return hasBoundary ? d.allowedByPermissionsBoundary() : null;
    }

    private AuthorizationRequest request(String action, String resource) {
      String account;
      if (!callerKnown) {
        account = caller.accountId();
      } else {
        String inArn = arnAccount(resource);
        account = inArn != null ? inArn : ownerAccount != null ? ownerAccount : caller.accountId();
      }
      return new AuthorizationRequest(caller, action, resource, account, context);
    }

    /** Per policy type, for a cross-account resource only: the decision each side reached. */
    private Map<String, Outcome> details(Explanation e) {
      Map<String, Outcome> m = new LinkedHashMap<>();
      String ra = e.request().effectiveResourceAccount();
      if (ra == null || ra.equals(caller.accountId())) {
        return m;
      }
      m.put(PolicyInput.IAM_POLICY, typeDecision(e, PolicyType.IDENTITY));
      m.put(PolicyInput.RESOURCE_POLICY, typeDecision(e, PolicyType.RESOURCE));
      return m;
    }

    private static Outcome typeDecision(Explanation e, PolicyType type) {
      boolean allow = false;
      for (StatementTrace t : e.statements()) {
        if (t.policyType() == type && t.applies()) {
          if (t.effect() == Effect.DENY) {
            return Outcome.EXPLICIT_DENY;
          }
          allow = true;
        }
      }
      return allow ? Outcome.ALLOWED : Outcome.IMPLICIT_DENY;
    }

    /**
     * Keys that the statements matching the action use (condition keys, and policy variables in
     * Resource, NotResource and condition values) and that the request does not carry, leaving out
     * the keys of conditions that held without them; in the order written, each once (keys compare
     * case-insensitively).
     */
    private List<String> missingContextValues(Explanation e) {
      Map<String, String> keys = new LinkedHashMap<>();
      for (StatementTrace t : e.statements()) {
        if (t.mismatch() == Mismatch.ACTION) {
          continue;
        }
        // A condition that held without its key (StringNotEquals, ForAllValues:…, …IfExists on an
        // absent key) needed no value: IAM does not list its key (stackd's recording of real IAM,
        // 2026-09-11: aws:PrincipalTag/team and aws:TagKeys absent, MissingContextValues empty).
        java.util.Set<ConditionEntry> heldWithoutKey = java.util.Collections.newSetFromMap(
            new java.util.IdentityHashMap<>());
        for (dev.iamlocal.condition.ConditionTrace c : t.conditions()) {
          if (c.matched() && c.requestValues() == null) {
            heldWithoutKey.add(c.condition());
          }
        }
        PolicyInput p = byKey.get(t.policyType().json() + "/" + t.policyId());
        if (p == null || t.index() >= p.document().statements().size()) {
          continue;
        }
        Statement s = p.document().statements().get(t.index());
        boolean vars = p.document().version().supportsVariables();
        variables(s.resource(), vars, keys);
        variables(s.notResource(), vars, keys);
        for (ConditionEntry c : s.conditions()) {
          if (heldWithoutKey.contains(c)) {
            continue;
          }
          keys.putIfAbsent(c.key().value().toLowerCase(Locale.ROOT), c.key().value());
          for (PolicyString v : c.values()) {
            variables(v.value(), vars, keys);
          }
        }
      }
      List<String> out = new ArrayList<>();
      for (Map.Entry<String, String> k : keys.entrySet()) {
        if (context.get(k.getKey()) == null) {
          out.add(k.getValue());
        }
      }
      return out;
    }

    private static void variables(ValueList list, boolean vars, Map<String, String> keys) {
      if (list != null) {
        for (PolicyString v : list.values()) {
          variables(v.value(), vars, keys);
        }
      }
    }

    private static void variables(String raw, boolean vars, Map<String, String> keys) {
      if (vars && raw.contains("${")) {
        for (Template.Variable v : Template.parse(raw, true).variables()) {
          keys.putIfAbsent(v.normalizedKey(), v.key());
        }
      }
    }

    private static String arnAccount(String resource) {
      if (resource.startsWith("arn:")) {
        String[] p = resource.split(":", 6);
        if (p.length == 6 && ACCOUNT.matcher(p[4]).matches()) {
          return p[4];
        }
      }
      return null;
    }

    private List<EvaluationResult.Statement> statements(List<MatchedStatement> ms) {
      List<EvaluationResult.Statement> out = new ArrayList<>(ms.size());
      for (MatchedStatement m : ms) {
        Span span = m.span();
        boolean known = span != null && span.isKnown();
        PolicyInput p = byKey.get(m.policyType().json() + "/" + m.policyId());
        out.add(new EvaluationResult.Statement(m.policyId(), m.sourcePolicyType(),
            known ? startPosition(p, span.start()) : null,
            known ? new EvaluationResult.Position(span.end().line(), span.end().column()) : null));
      }
      return out;
    }
  }

  /**
   * Where IAM says a statement starts: just past the token read before it. That is the statement
   * array's {@code [} for the first statement, the previous statement's closing brace for the
   * others, and the statement's own opening brace when {@code Statement} is a single object.
   * Recorded answers: {@code "Statement":[{} with the brace at column 38 is reported 38 (just past
   * the {@code [}), {@code "Statement":{} with the brace at column 37 is reported 38 (the AWS CLI's
   * documented example), a second statement starts where the first ends, and AdministratorAccess's
   * statement starts on the line of its {@code [}.
   */
  static EvaluationResult.Position startPosition(PolicyInput p, dev.iamlocal.policy.Position brace) {
    String text = p == null ? null : p.document().text();
    long offset = brace.offset();
    if (text == null || offset < 0 || offset >= text.length() || text.charAt((int) offset) != '{'
        || !p.document().statementArray()) {
      return new EvaluationResult.Position(brace.line(), brace.column() + 1);
    }
    int i = previousNonSpace(text, (int) offset - 1);
    if (i >= 0 && text.charAt(i) == ',') {
      i = previousNonSpace(text, i - 1);
    }
    if (i < 0 || (text.charAt(i) != '[' && text.charAt(i) != '}')) {
      return new EvaluationResult.Position(brace.line(), brace.column() + 1);
    }
    // the position just past text[i], counted back from the brace's known line and column
    int after = i + 1;
    int newlines = 0;
    for (int k = after; k < offset; k++) {
      if (text.charAt(k) == '\n') {
        newlines++;
      }
    }
    if (newlines == 0) {
      return new EvaluationResult.Position(brace.line(), brace.column() - (int) (offset - after));
    }
    int lineStart = text.lastIndexOf('\n', after - 1) + 1;
    return new EvaluationResult.Position(brace.line() - newlines, after - lineStart + 1);
  }

  private static int previousNonSpace(String text, int from) {
    int i = from;
    while (i >= 0 && Character.isWhitespace(text.charAt(i))) {
      i--;
    }
    return i;
  }

  /**
   * How to write a value of a context key type ({@code numeric}, {@code boolean}, {@code ip},
   * {@code binary}, {@code date}): the hint of an invalid value, for every front end that reads
   * context entries (the IAM API's detail header, the CLI).
   */
  public static String valueHint(String baseType) {
    return switch (baseType) {
      case "numeric" -> "Write a number such as 10 or 2.5.";
      case "boolean" -> "Write true or false.";
      case "ip" -> "Write an IPv4 or IPv6 address or CIDR block, e.g. 192.0.2.1 or 203.0.113.0/24.";
      case "binary" -> "Write the bytes base64-encoded.";
      case "date" -> "Write an ISO 8601 date-time such as 2019-04-25T11:00:00Z, or epoch seconds.";
      default -> "";
    };
  }
}
