package dev.iamlocal.reasoning;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.iamlocal.catalog.ServiceCatalog;
import dev.iamlocal.evaluation.ContextKeys;
import dev.iamlocal.evaluation.Decision;
import dev.iamlocal.evaluation.Evaluator;
import dev.iamlocal.evaluation.Policy;
import dev.iamlocal.evaluation.PolicySet;
import dev.iamlocal.policy.ConditionEntry;
import dev.iamlocal.policy.PolicyDocument;
import dev.iamlocal.policy.PolicyParser;
import dev.iamlocal.policy.PolicyString;
import dev.iamlocal.policy.Statement;
import dev.iamlocal.reasoning.Model.Stmt;
import dev.iamlocal.reasoning.Prover.Problem;
import dev.iamlocal.reasoning.Search.Ob;
import dev.iamlocal.request.AuthorizationRequest;
import dev.iamlocal.request.ContextValue;
import dev.iamlocal.request.GlobalKeys;
import dev.iamlocal.request.Principal;
import dev.iamlocal.request.RequestContext;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The symbolic access matrix: for a principal (its identity policies, its permissions boundary and
 * the values of the keys that describe it) and each action on a resource, whether the action is
 * allowed for <em>every</em> request ({@link Kind#ALWAYS}), for <em>none</em> ({@link Kind#NEVER}),
 * or depending on the request ({@link Kind#CONDITIONAL}, with the statements' conditions that decide
 * it and an example request of each side).
 *
 * <p>Each cell is two searches of the prover ({@link Search}) over the same compiled problem: "a
 * request the principal's policies allow" and "a request they do not allow". The principal is
 * pinned: the keys it fixes ({@code aws:username}, {@code aws:PrincipalTag/team}, …) hold its values
 * in both searches, and the principal keys the policies read but the principal lacks are absent
 * (a role has no {@code aws:username}); every other key, and the resource when the matrix asks
 * about {@code *}, is free. Actions that no statement of the row tells apart share one pair of
 * searches. Every example request is replayed on the evaluator; a disagreement is a
 * {@link ProverDisagreement}. What the procedure cannot decide is {@link Kind#UNDECIDED}, never
 * ALWAYS or NEVER.
 */
public final class SymbolicMatrix {

  /** How a cell is decided. */
  public enum Kind {
    /** Allowed whatever the request's context (and resource, for {@code *}). */
    ALWAYS,
    /** Never allowed (implicitly or explicitly denied for every request). */
    NEVER,
    /** Allowed for some requests and not for others. */
    CONDITIONAL,
    /** The prover could not decide (a budget or a construct it does not decide): see the reason. */
    UNDECIDED
  }

  /**
   * A principal of the matrix.
   *
   * @param name how the output names it ({@code user/alice})
   * @param identityPolicies the JSON of its identity policies (attached, inline, its groups')
   * @param boundary the JSON of its permissions boundary, or null
   * @param keys the values of the keys that describe it ({@code aws:username}, {@code aws:PrincipalArn},
   *     {@code aws:PrincipalTag/team}, …): pinned in every request
   */
  public record Subject(String name, List<String> identityPolicies, String boundary, Map<String, String> keys) {
    public Subject {
      identityPolicies = List.copyOf(identityPolicies);
      keys = Map.copyOf(keys);
    }
  }

  /**
   * One cell.
   *
   * @param condition for CONDITIONAL, the statements' conditions that decide it ("only if … unless …"); else null
   * @param allowExample a request that is allowed (replayed on the evaluator), or null for NEVER
   * @param denyExample a request that is not allowed, or null for ALWAYS
   * @param undecided for UNDECIDED, why
   */
  public record Cell(String action, Kind kind, String condition, Counterexample allowExample,
      Counterexample denyExample, String undecided) {}

  /** The principal keys a pin speaks about: fixed when the principal has them, absent otherwise. */
  private static final List<String> PRINCIPAL_KEY_PREFIXES = List.of("aws:username", "aws:userid",
      "aws:principalarn", "aws:principalaccount", "aws:principaltype", "aws:principaltag/", "aws:principalisawsservice");

  private static final JsonFactory JSON = new JsonFactory();

  private final ServiceCatalog catalog;

  public SymbolicMatrix(ServiceCatalog catalog) {
    this.catalog = catalog;
  }

  /** Over the bundled catalog. */
  public static SymbolicMatrix bundled() {
    return new SymbolicMatrix(ServiceCatalog.bundled());
  }

  /**
   * The cells of {@code subject} for {@code actions} on {@code resource} ({@code *}: any resource;
   * an ARN: that resource; an ARN pattern with {@code *} or {@code ?}: any resource it matches), in
   * the order of {@code actions}.
   *
   * @throws dev.iamlocal.policy.PolicyParseException when a policy does not parse
   */
  public List<Cell> row(Subject subject, List<String> actions, String resource) {
    return Budget.within(() -> row0(subject, actions, resource));
  }

  private List<Cell> row0(Subject subject, List<String> actions, String resource) {
    List<PolicyDocument> identity = new ArrayList<>();
    for (String p : subject.identityPolicies()) {
      Prover.checkSize(p, "an identity policy");
      identity.add(PolicyParser.parse(p));
    }
    if (subject.boundary() != null) {
      Prover.checkSize(subject.boundary(), "the permissions boundary");
    }
    PolicyDocument boundary = subject.boundary() == null ? null : PolicyParser.parse(subject.boundary());
    List<PolicyDocument> all = new ArrayList<>(identity);
    if (boundary != null) {
      all.add(boundary);
    }
    Pins pinned = pins(subject.keys(), all);
    PolicyDocument pin = PolicyParser.parse(pinPolicy(pinned));
    List<PolicyDocument> docs = new ArrayList<>(all);
    docs.add(pin);
    Problem problem;
    try {
      problem = new Problem(catalog, AccessCheckPolicyType.IDENTITY_POLICY, docs, actions, null);
    } catch (Undecidable u) {
      List<Cell> out = new ArrayList<>();
      actions.forEach(a -> out.add(new Cell(a, Kind.UNDECIDED, null, null, null, u.getMessage())));
      return out;
    }
    List<Model> idModels = problem.models.subList(0, identity.size());
    Model bModel = boundary == null ? null : problem.models.get(identity.size());
    Model pinModel = problem.models.get(problem.models.size() - 1);
    Stmt pinStmt = pinModel.allows.get(0);
    List<Atoms.Lit> extra = resource.equals("*") ? List.of()
        : List.of(new Atoms.Lit(new Atoms.Res(List.of(resource), false, false, false), true));
    PolicySet replaySet = replaySet(subject, problem);
    Replayer replayer = new Replayer(problem, replaySet);

    List<Stmt> relevant = new ArrayList<>();
    idModels.forEach(m -> {
      relevant.addAll(m.allows);
      relevant.addAll(m.denies);
    });
    if (bModel != null) {
      relevant.addAll(bModel.allows);
      relevant.addAll(bModel.denies);
    }
    Map<String, Cell> byClass = new LinkedHashMap<>();
    List<Cell> out = new ArrayList<>();
    for (String action : actions) {
      try {
        BitSet scope = problem.universe.matching(List.of(action));
        int a = scope.nextSetBit(0);
        if (a < 0 || scope.cardinality() != 1) {
          // a pattern, not one action: the matrix is per action
          out.add(new Cell(action, Kind.UNDECIDED, null, null, null, action + " is not one action"));
          continue;
        }
        Budget.spend(1 + relevant.size());
        StringBuilder sig = new StringBuilder();
        for (Stmt s : relevant) {
          sig.append(s.actions().get(a) ? '1' : '0');
        }
        Cell shared = byClass.get(sig.toString());
        if (shared != null) {
          out.add(rename(shared, problem, a, replayer));
          continue;
        }
        Cell c = cell(problem, scope, a, extra, idModels, bModel, pinStmt, resource, replayer, pinned);
        byClass.put(sig.toString(), c);
        out.add(c);
      } catch (Undecidable u) {
        // the budget ran out between two cells (or inside the cheap work around them)
        out.add(new Cell(action, Kind.UNDECIDED, null, null, null, u.getMessage()));
      }
    }
    return out;
  }

  private Cell cell(Problem p, BitSet scope, int a, List<Atoms.Lit> extra, List<Model> id, Model boundary, Stmt pin,
      String resource, Replayer replayer, Pins pinned) {
    String action = p.universe.actions.get(a).fullName();
    Search allowSearch = search(p, scope, extra, pinned);
    List<Ob> allowed = new ArrayList<>();
    allowed.add(new Search.Hold(pin));
    allowed.addAll(allowedBy(id));
    if (boundary != null) {
      allowed.addAll(allowedBy(List.of(boundary)));
    }
    Search.Outcome yes;
    Search.Outcome no;
    try {
      yes = allowSearch.run(allowed);
      if (yes.undecided() != null) {
        return new Cell(action, Kind.UNDECIDED, null, null, null, yes.undecided());
      }
      List<Ob> denied = new ArrayList<>();
      denied.add(new Search.Hold(pin));
      List<List<Ob>> alts = new ArrayList<>();
      alts.add(List.of(notAllowed(id)));
      if (boundary != null) {
        alts.add(List.of(notAllowed(List.of(boundary))));
      }
      denied.add(new Search.Either(alts));
      no = search(p, scope, extra, pinned).run(denied);
      if (no.undecided() != null) {
        return new Cell(action, Kind.UNDECIDED, null, null, null, no.undecided());
      }
    } catch (Undecidable u) {
      return new Cell(action, Kind.UNDECIDED, null, null, null, u.getMessage());
    }
    Counterexample allowEx = yes.sat() ? replayer.confirm(yes.witness(), true) : null;
    Counterexample denyEx = no.sat() ? replayer.confirm(no.witness(), false) : null;
    if (allowEx == null && denyEx == null) {
      // neither side has a request: the pin itself cannot hold (contradictory principal keys)
      return new Cell(action, Kind.UNDECIDED, null, null, null, "no request fits the principal's keys");
    }
    if (allowEx == null) {
      return new Cell(action, Kind.NEVER, null, null, denyEx, null);
    }
    if (denyEx == null) {
      return new Cell(action, Kind.ALWAYS, null, allowEx, null, null);
    }
    return new Cell(action, Kind.CONDITIONAL, condition(p, scope, extra, id, boundary, pin, resource, pinned), allowEx, denyEx,
        null);
  }

  /** A search of the row's problem: the principal's own keys (lower case) hold one value, never a list. */
  private static Search search(Problem p, BitSet scope, List<Atoms.Lit> extra, Pins pinned) {
    return p.search(scope, extra, Map.of()).principalKeys(pinned.fixed().keySet(), pinned.absent());
  }

  /** A shared class's cell for another action of it: the same answer, its examples with this action (replayed). */
  private static Cell rename(Cell c, Problem p, int a, Replayer replayer) {
    String action = p.universe.actions.get(a).fullName();
    return new Cell(action, c.kind(), c.condition(), replayer.withAction(c.allowExample(), a, true),
        replayer.withAction(c.denyExample(), a, false), c.undecided());
  }

  /** "Some Allow of these policies applies and none of their Denies does." */
  private static List<Ob> allowedBy(List<Model> models) {
    List<Ob> obs = new ArrayList<>();
    List<List<Ob>> alts = new ArrayList<>();
    for (Model m : models) {
      for (Stmt s : m.allows) {
        alts.add(List.of(new Search.Hold(s)));
      }
    }
    obs.add(new Search.Either(alts));
    for (Model m : models) {
      m.denies.forEach(d -> obs.add(new Search.Fail(d)));
    }
    return obs;
  }

  /** "These policies do not allow it": one of their Denies applies, or none of their Allows does. */
  private static Ob notAllowed(List<Model> models) {
    List<List<Ob>> alts = new ArrayList<>();
    List<Ob> noAllow = new ArrayList<>();
    for (Model m : models) {
      m.allows.forEach(t -> noAllow.add(new Search.Fail(t)));
    }
    alts.add(noAllow);
    for (Model m : models) {
      for (Stmt d : m.denies) {
        alts.add(List.of(new Search.Hold(d)));
      }
    }
    return new Search.Either(alts);
  }

  /**
   * The conditions that decide a CONDITIONAL cell, read off the statements that take part: "only if"
   * the conditions of the Allows that can apply (joined by "or"; an Allow that applies without
   * conditions adds none), "unless" those of the Denies that can apply. A statement takes part when
   * the prover finds a request of the principal on which it applies.
   */
  private static String condition(Problem p, BitSet scope, List<Atoms.Lit> extra, List<Model> id, Model boundary,
      Stmt pin, String resource, Pins pinned) {
    List<String> parts = new ArrayList<>();
    List<String> unless = new ArrayList<>();
    List<Model> layers = new ArrayList<>();
    layers.add(null); // the identity policies together
    if (boundary != null) {
      layers.add(boundary);
    }
    for (Model layer : layers) {
      List<Model> models = layer == null ? id : List.of(layer);
      String where = layer == null ? "" : "boundary: ";
      List<String> onlyIf = new ArrayList<>();
      boolean unconditional = false;
      for (Model m : models) {
        for (Stmt s : m.allows) {
          if (!canApply(p, scope, extra, pin, s, pinned)) {
            continue;
          }
          String text = describe(m.doc.statements().get(s.index()), resource);
          if (text.isEmpty()) {
            unconditional = true;
          } else {
            onlyIf.add(text);
          }
        }
        for (Stmt s : m.denies) {
          if (canApply(p, scope, extra, pin, s, pinned)) {
            String text = describe(m.doc.statements().get(s.index()), resource);
            unless.add(where + (text.isEmpty() ? "denied by " + s.label() : text));
          }
        }
      }
      // an Allow that applies whatever the request makes the others' conditions moot
      if (!unconditional && !onlyIf.isEmpty()) {
        parts.add("only if " + where + (onlyIf.size() == 1 ? onlyIf.get(0) : "(" + String.join(") or (", onlyIf) + ")"));
      }
    }
    if (!unless.isEmpty()) {
      parts.add("unless " + (unless.size() == 1 ? unless.get(0) : "(" + String.join(") or (", unless) + ")"));
    }
    String b = String.join(", ", parts);
    return b.isEmpty() ? "depends on the request" : b;
  }

  private static boolean canApply(Problem p, BitSet scope, List<Atoms.Lit> extra, Stmt pin, Stmt s,
      Pins pinned) {
    try {
      Search.Outcome o = search(p, scope, extra, pinned).run(List.of(new Search.Hold(pin), new Search.Hold(s)));
      return o.sat() || o.undecided() != null;
    } catch (Undecidable u) {
      return true;
    }
  }

  /** A statement's conditions (and, for a matrix on {@code *}, its resource) in words. */
  static String describe(Statement s, String resource) {
    List<String> parts = new ArrayList<>();
    if (resource.equals("*")) {
      if (s.resource() != null && !s.resource().strings().contains("*")) {
        parts.add("resource " + oneOf("like", s.resource().strings()));
      } else if (s.notResource() != null) {
        parts.add("resource not " + oneOf("like", s.notResource().strings()));
      }
    }
    for (ConditionEntry e : s.conditions()) {
      parts.add(describe(e));
    }
    return String.join(" and ", parts);
  }

  private static String describe(ConditionEntry e) {
    String op = e.operator().value();
    String key = e.key().value();
    List<String> values = new ArrayList<>();
    for (PolicyString v : e.values()) {
      values.add(v.value());
    }
    String qualifier = "";
    int colon = op.indexOf(':');
    if (colon > 0) {
      qualifier = op.substring(0, colon);
      op = op.substring(colon + 1);
    }
    boolean ifExists = op.endsWith("IfExists");
    if (ifExists) {
      op = op.substring(0, op.length() - "IfExists".length());
    }
    String text;
    if (op.equals("Null")) {
      text = key + (values.contains("true") ? " is absent" : " is present");
    } else {
      String rel = switch (op) {
        case "StringEquals", "ArnEquals", "NumericEquals", "DateEquals", "Bool", "BinaryEquals" -> "=";
        case "StringEqualsIgnoreCase" -> "= (any case)";
        case "StringNotEquals", "ArnNotEquals", "NumericNotEquals", "DateNotEquals" -> "≠";
        case "StringNotEqualsIgnoreCase" -> "≠ (any case)";
        case "StringLike", "ArnLike" -> "like";
        case "StringNotLike", "ArnNotLike" -> "not like";
        case "NumericLessThan", "DateLessThan" -> "<";
        case "NumericLessThanEquals", "DateLessThanEquals" -> "≤";
        case "NumericGreaterThan", "DateGreaterThan" -> ">";
        case "NumericGreaterThanEquals", "DateGreaterThanEquals" -> "≥";
        case "IpAddress" -> "in";
        case "NotIpAddress" -> "not in";
        default -> op;
      };
      if (qualifier.equals("ForAllValues")) {
        text = key + " ⊆ " + (rel.equals("=") ? "" : rel + " ") + set(values);
      } else if (qualifier.equals("ForAnyValue")) {
        text = "some " + key + " " + oneOf(rel, values);
      } else {
        text = key + " " + oneOf(rel, values);
      }
    }
    return ifExists ? text + " (if present)" : text;
  }

  private static String oneOf(String rel, List<String> values) {
    return values.size() == 1 ? rel + " " + values.get(0) : rel + " one of " + set(values);
  }

  private static String set(List<String> values) {
    return values.size() == 1 ? values.get(0) : "{" + String.join(", ", values) + "}";
  }

  /**
   * The keys AWS derives from {@code principal} ({@code aws:PrincipalArn}, {@code aws:PrincipalAccount},
   * {@code aws:PrincipalType}, {@code aws:userid}, {@code aws:username}, {@code aws:PrincipalTag/*},
   * {@code aws:PrincipalIsAWSService}), as {@link GlobalKeys#fill} fills them: what a matrix row pins.
   *
   * @param uniqueId the principal's unique id (AIDA…, AROA…), or null
   */
  public static Map<String, String> principalKeys(Principal principal, String uniqueId, Map<String, String> tags) {
    RequestContext filled = GlobalKeys.fill(RequestContext.empty(), principal, uniqueId, tags, null,
        java.time.Clock.fixed(java.time.Instant.EPOCH, java.time.ZoneOffset.UTC));
    Map<String, String> out = new LinkedHashMap<>();
    for (ContextValue v : filled.entries()) {
      String lower = v.key().toLowerCase(Locale.ROOT);
      for (String prefix : PRINCIPAL_KEY_PREFIXES) {
        if ((prefix.endsWith("/") ? lower.startsWith(prefix) : lower.equals(prefix)) && !v.multivalued()) {
          out.put(v.key(), v.values().get(0));
        }
      }
    }
    return out;
  }

  /** What the matrix knows of its principal: the keys it fixes (lower case, with values), the principal keys it lacks. */
  record Pins(Map<String, String> fixed, Set<String> absent) {}

  /** The principal's keys, and the principal keys the policies read that it does not have. */
  static Pins pins(Map<String, String> keys, List<PolicyDocument> docs) {
    Map<String, String> fixed = new LinkedHashMap<>();
    keys.forEach((k, v) -> fixed.put(k.toLowerCase(Locale.ROOT), v));
    Set<String> absent = new LinkedHashSet<>();
    for (String k : ContextKeys.referencedBy(docs)) {
      String lower = k.toLowerCase(Locale.ROOT);
      if (fixed.containsKey(lower)) {
        continue;
      }
      for (String prefix : PRINCIPAL_KEY_PREFIXES) {
        if (prefix.endsWith("/") ? lower.startsWith(prefix) : lower.equals(prefix)) {
          absent.add(lower);
        }
      }
    }
    return new Pins(fixed, absent);
  }

  /**
   * An Allow of every action on every resource whose conditions pin the principal: each key it
   * fixes equals its value, each principal key it lacks is null (the search keeps those absent).
   */
  static String pinPolicy(Pins pins) {
    Map<String, String> fixed = pins.fixed();
    Set<String> absent = pins.absent();
    StringWriter w = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(w)) {
      g.writeStartObject();
      g.writeStringField("Version", "2012-10-17");
      g.writeArrayFieldStart("Statement");
      g.writeStartObject();
      g.writeStringField("Effect", "Allow");
      g.writeStringField("Action", "*");
      g.writeStringField("Resource", "*");
      if (!fixed.isEmpty() || !absent.isEmpty()) {
        g.writeObjectFieldStart("Condition");
        if (!fixed.isEmpty()) {
          g.writeObjectFieldStart("StringEquals");
          for (Map.Entry<String, String> e : fixed.entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
          }
          g.writeEndObject();
        }
        if (!absent.isEmpty()) {
          g.writeObjectFieldStart("Null");
          for (String k : absent) {
            g.writeStringField(k, "true");
          }
          g.writeEndObject();
        }
        g.writeEndObject();
      }
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  /** The evaluator's policies for the principal: its identity policies and boundary, in its own account. */
  private static PolicySet replaySet(Subject subject, Problem p) {
    PolicySet.Builder b = PolicySet.builder();
    int i = 0;
    for (String text : subject.identityPolicies()) {
      b.identity(new Policy("identity-" + i++, PolicyParser.parse(text), null));
    }
    if (subject.boundary() != null) {
      b.permissionsBoundary(new Policy("boundary", PolicyParser.parse(subject.boundary()), null));
    }
    b.resourcePolicy(Policy.parse("delegate", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
        + "\"Principal\":{\"AWS\":\"arn:aws:iam::" + p.resourceAccount + ":root\"},\"Action\":\"*\",\"Resource\":\"*\"}]}"));
    return b.build();
  }

  /** Replays examples on the evaluator: the prover and the engine check each other. */
  private static final class Replayer {
    final Problem p;
    final PolicySet set;

    Replayer(Problem p, PolicySet set) {
      this.p = p;
      this.set = set;
    }

    Counterexample confirm(Search.Witness w, boolean expectAllowed) {
      Counterexample ce = p.counterexample(-1, w);
      Principal principal = p.caller(w);
      AuthorizationRequest r = AuthorizationRequest.builder().principal(principal).action(ce.action())
          .resource(w.resource()).resourceAccount(p.resourceAccount).context(w.context()).build();
      Decision d = Evaluator.authorize(set, r);
      if (d.allowed() != expectAllowed) {
        throw new ProverDisagreement("the evaluator does not confirm the access matrix's example " + ce.toMap()
            + ": it should be " + (expectAllowed ? "allowed" : "denied"));
      }
      return ce;
    }

    Counterexample withAction(Counterexample c, int a, boolean expectAllowed) {
      if (c == null) {
        return null;
      }
      Search.Witness w = new Search.Witness(a, -1, c.resource(), c.context());
      Counterexample out = confirm(w, expectAllowed);
      return Objects.requireNonNull(out);
    }
  }
}
