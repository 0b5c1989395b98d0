package dev.iamlocal.reasoning;

import dev.iamlocal.catalog.ActionDefinition;
import dev.iamlocal.catalog.ServiceCatalog;
import dev.iamlocal.condition.Condition;
import dev.iamlocal.condition.Operator;
import dev.iamlocal.evaluation.Decision;
import dev.iamlocal.evaluation.Evaluator;
import dev.iamlocal.evaluation.Policy;
import dev.iamlocal.evaluation.PolicySet;
import dev.iamlocal.policy.ConditionEntry;
import dev.iamlocal.policy.PolicyDocument;
import dev.iamlocal.policy.PolicyParser;
import dev.iamlocal.policy.PolicyString;
import dev.iamlocal.policy.PrincipalElement;
import dev.iamlocal.policy.Statement;
import dev.iamlocal.policy.ValueList;
import dev.iamlocal.reasoning.Model.Stmt;
import dev.iamlocal.reasoning.Search.Ob;
import dev.iamlocal.request.AuthorizationRequest;
import dev.iamlocal.request.Principal;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Proves what policies allow: IAM Access Analyzer's three custom policy checks
 * ({@code CheckNoNewAccess}, {@code CheckAccessNotGranted}, {@code CheckNoPublicAccess}), offline.
 *
 * <h2>How, and why this way</h2>
 *
 * Every check asks whether some request exists that a formula over the policies' statements
 * accepts: "the new policy allows it and the existing one does not"; "the policy allows it and it
 * is one of these accesses"; "the policy allows it for a caller from nowhere". A PASS is a proof
 * that no such request exists; a FAIL carries one, concretely.
 *
 * <p>A request has independent dimensions: the action, the caller (resource policies only), the
 * resource string, and each context key. A statement applies when each of its elements holds, and
 * each element speaks about one dimension: Action/NotAction about the action, Principal about the
 * caller, Resource/NotResource about the resource, each condition about its key. So the formula is
 * a Boolean combination of <em>atoms</em>, each over one dimension, and deciding it is a search
 * over the Boolean structure (DPLL-style: a statement that must not apply is split over the atom
 * it fails on, the most constrained statement first, unit propagation closing branches early; see
 * {@link Search}) with a decision procedure per dimension for conjunctions of atoms and their
 * negations:
 * <ul>
 *   <li><b>Actions</b>: a finite universe from the service catalog, as bit sets; only the
 *       services the policies can tell apart are loaded ({@link ActionUniverse}). Actions outside
 *       the catalog are in too: each one a policy or the access list names literally, and one
 *       stand-in per kind of unknown action the wildcard patterns tell apart (an unknown
 *       {@code s3:Get*} action, an unknown action of an unknown service, …).
 *       {@code sts:GetCallerIdentity}, which no policy can allow or deny, is left out.
 *   <li><b>Callers</b> (resource policies): a finite set of candidates that covers every class the
 *       Principal elements distinguish: each named principal (a role's session too), each named
 *       account's root and another user of it, a caller of an account no policy names, a named or
 *       unnamed service principal, and the anonymous caller. Each Principal element is evaluated on
 *       each candidate by the evaluator's own matcher. {@code Federated} and {@code CanonicalUser}
 *       principals depend on how the caller signed in: not decided (FAIL with a reason).
 *   <li><b>The resource and string, ARN and Bool conditions</b>: automata. Globs, ARN patterns
 *       (segment by segment, wildcards not crossing the first five colons), exact and case-folded
 *       strings are token automata; a conjunction is decided by a breadth-first search over their
 *       product on an alphabet of the named characters plus one fresh one, which yields a shortest
 *       witness ({@link StringSolver}, {@link Patterns}).
 *   <li><b>Numbers, dates, IP addresses, binary</b>: interval and CIDR sets, decided by testing one
 *       point per equivalence class (each constant, the points next to it, between constants, each
 *       CIDR block's bounds and the addresses just outside) with the evaluator's own comparison
 *       ({@link KeySolver}). Two of these families on one key (rare) are decided when a point is
 *       found, else not decided.
 *   <li><b>Keys with several values</b>: a key is absent, null (no values, or empty strings), or a
 *       list. {@code ForAllValues}, {@code ForAnyValue}, plain and negated operators, {@code IfExists}
 *       and {@code Null} all reduce to "every value satisfies P" or "some value satisfies P", so a
 *       list needs one value per "some" constraint (each meeting every "every" constraint) and one
 *       non-empty value: exact, without bounding the list.
 *   <li><b>Policy variables</b> are symbols, never guessed: a resource or value that holds
 *       {@code ${k}} links its dimension to key {@code k}. Such a group is first over-approximated
 *       (each variable any string): no solution there proves none exists. Otherwise each variable
 *       key takes finitely many candidate values that stand for all of them ({@link Variables}:
 *       absent or a list, the empty value, the words of its own pattern with a fresh letter per
 *       wildcard), and the rest is solved exactly under each: a solution is a real counterexample,
 *       none a proof wherever the conditions of that argument hold. Outside them, sample values
 *       may still find a counterexample; if nothing settles it, the answer is FAIL with the reason.
 *   <li>The evaluator's fail-closed rules are the prover's: a statement with an invalid condition
 *       or an empty element never allows, and as a Deny applies wherever its action, resource and
 *       caller match; an Allow's NotResource with an unresolved variable never applies, a Deny's does.
 * </ul>
 * Anything the procedure cannot decide (a bound exceeded, a construct above) throws
 * {@link Undecidable} inside, and the check answers FAIL with the reason: never PASS. Each check
 * (and each diff, each matrix row) has one {@link Budget}: work steps counted where the work is
 * done, an estimate of the memory held, and the thread's CPU time as a backstop. The worst case is
 * exponential and hostile policies make even the polynomial parts large, so past the budget what is
 * left is undecided; documents over {@link #MAX_POLICY_CHARS} are refused as invalid input.
 *
 * <p><b>Speed.</b> Two reductions keep real policies far inside the budget. The kinds of actions
 * outside the catalog are cut by statement action lists, not by single patterns
 * ({@link ActionUniverse}): a list matches when any of its patterns does, so ten infix patterns in
 * a few statements make a few dozen kinds instead of 2<sup>10</sup>. And the case split settles a
 * statement that can fail on a dimension nothing else mentions without branching
 * ({@link Search}), which turns the hostile policies of n statements that each deny on their own
 * tag from cubic work into linear.
 *
 * <p><b>Every counterexample is replayed</b> on {@link Evaluator}: an identity policy as the only
 * identity policy of a user in the resource's account (with a key/trust policy that delegates to the
 * account, so KMS keys and roles follow the same rule); a resource policy for a caller of another
 * account whose own identity policy allows everything. A disagreement is a
 * {@link ProverDisagreement}, never dropped.
 *
 * <p>Why not an SMT solver (Z3, as AWS's Zelkova): it would add a native dependency and a
 * translation whose string theory (glob inclusion with segment rules, case folding) is the hard
 * part anyway; the dimension split keeps each theory small and exact, and a seed policy pair is
 * decided in a few milliseconds.
 */
public final class Prover {

  private final ServiceCatalog catalog;

  public Prover(ServiceCatalog catalog) {
    this.catalog = catalog;
  }

  /** A prover over the bundled service catalog. */
  public static Prover bundled() {
    return new Prover(ServiceCatalog.bundled());
  }

  // ------------------------------------------------------------------ the three checks

  /** AWS's messages (Access Analyzer API reference and its examples). */
  static final String NEW_ACCESS_FAIL = "The modified permissions grant new access compared to your existing policy.";
  static final String NEW_ACCESS_PASS = "The modified permissions do not grant new access compared to your existing policy.";
  static final String PUBLIC_FAIL = "The resource policy grants public access for the given resource type.";
  static final String PUBLIC_PASS = "The resource policy does not grant public access for the given resource type.";

  /**
   * {@code CheckNoNewAccess}: PASS when every request the new policy allows, the existing policy
   * allows too.
   *
   * @throws dev.iamlocal.policy.PolicyParseException when a document is not a valid policy
   */
  public CheckResult checkNoNewAccess(String newPolicy, String existingPolicy, AccessCheckPolicyType type) {
    return Budget.within(() -> checkNoNewAccess0(newPolicy, existingPolicy, type));
  }

  private CheckResult checkNoNewAccess0(String newPolicy, String existingPolicy, AccessCheckPolicyType type) {
    PolicyDocument nw = parse(newPolicy, type, "the new policy");
    PolicyDocument old = parse(existingPolicy, type, "the existing policy");
    Problem p;
    try {
      p = new Problem(catalog, type, List.of(nw, old), List.of(), null);
    } catch (Undecidable u) {
      return undecided(u, NEW_ACCESS_FAIL, "New access in the statement with ");
    }
    Model mn = p.models.get(0);
    Model mo = p.models.get(1);
    Search search = p.search(p.universe.all(), List.of(), Map.of());
    Collector c = new Collector();
    for (Stmt s : mn.allows) {
      List<Ob> obs = new ArrayList<>();
      obs.add(new Search.Hold(s));
      mn.denies.forEach(d -> obs.add(new Search.Fail(d)));
      obs.add(notAllowed(mo));
      c.run(p, search, obs, s, "New access in the statement with " + s.awsName() + ".",
          w -> p.replay(nw, w, true) && !p.replay(old, w, false) ? null
              : "the new policy must allow it and the existing one must not");
    }
    return c.result(NEW_ACCESS_PASS, NEW_ACCESS_FAIL);
  }

  /**
   * {@code CheckAccessNotGranted}: PASS when the policy allows none of the access (no listed action
   * on any listed resource).
   */
  public CheckResult checkAccessNotGranted(String policy, List<Access> access, AccessCheckPolicyType type) {
    return Budget.within(() -> checkAccessNotGranted0(policy, access, type));
  }

  private CheckResult checkAccessNotGranted0(String policy, List<Access> access, AccessCheckPolicyType type) {
    if (access.isEmpty()) {
      throw new IllegalArgumentException("access needs one entry");
    }
    PolicyDocument doc = parse(policy, type, "the policy");
    List<String> extraActions = new ArrayList<>();
    access.forEach(a -> extraActions.addAll(a.actions()));
    boolean anyActions = false;
    boolean anyResources = false;
    for (Access a : access) {
      anyActions |= !a.actions().isEmpty();
      anyResources |= !a.resources().isEmpty();
    }
    String what = anyActions && anyResources ? "actions or resources" : anyActions ? "actions" : "resources";
    Problem p;
    try {
      p = new Problem(catalog, type, List.of(doc), extraActions, null);
    } catch (Undecidable u) {
      return undecided(u, "The policy document grants access to perform one or more of the listed " + what + ".",
          "One or more of the listed " + what + " in the statement with ");
    }
    Model m = p.models.get(0);
    Collector c = new Collector();
    for (Access a : access) {
      BitSet scope;
      try {
        scope = a.actions().isEmpty() ? p.universe.all() : p.universe.matching(a.actions());
      } catch (Undecidable u) {
        c.undecidedAll(m.allows, "One or more of the listed " + what + " in the statement with ", u);
        continue;
      }
      List<Atoms.Lit> extra = a.resources().isEmpty() ? List.of()
          : List.of(new Atoms.Lit(new Atoms.Res(a.resources(), false, false, false), true));
      Search search = p.search(scope, extra, Map.of());
      for (Stmt s : m.allows) {
        List<Ob> obs = new ArrayList<>();
        obs.add(new Search.Hold(s));
        m.denies.forEach(d -> obs.add(new Search.Fail(d)));
        c.run(p, search, obs, s, "One or more of the listed " + what + " in the statement with " + s.awsName() + ".",
            w -> p.replay(doc, w, true) ? null : "the policy must allow it");
      }
    }
    return c.result("The policy document does not grant access to perform one or more of the listed " + what + ".",
        "The policy document grants access to perform one or more of the listed " + what + ".");
  }

  /**
   * {@code CheckNoPublicAccess}: PASS when the resource policy allows nothing to a caller of an
   * account it does not name (or an anonymous one) whose identifying context (its account,
   * organization, network: {@link PublicAccess#restrictingKeys}) matches none of the values the
   * policy names.
   *
   * @throws IllegalArgumentException for a resource type Access Analyzer does not support
   */
  public CheckResult checkNoPublicAccess(String policy, String resourceType) {
    return Budget.within(() -> checkNoPublicAccess0(policy, resourceType));
  }

  private CheckResult checkNoPublicAccess0(String policy, String resourceType) {
    List<String> services = PublicAccess.services(resourceType);
    PolicyDocument doc = parse(policy, AccessCheckPolicyType.RESOURCE_POLICY, "the resource policy");
    List<String> scopePatterns = services.stream().map(s -> s + ":*").toList();
    Problem p;
    try {
      p = new Problem(catalog, AccessCheckPolicyType.RESOURCE_POLICY, List.of(doc), scopePatterns, resourceType);
    } catch (Undecidable u) {
      return undecided(u, PUBLIC_FAIL, "Public access granted in the following statement with ");
    }
    Model m = p.models.get(0);
    Collector c = new Collector();
    BitSet scope;
    try {
      scope = p.universe.matching(scopePatterns);
    } catch (Undecidable u) {
      c.undecidedAll(m.allows, "Public access granted in the following statement with ", u);
      return c.result(PUBLIC_PASS, PUBLIC_FAIL);
    }
    Map<String, List<KeySolver.Member>> restricted = PublicAccess.restrictions(doc, resourceType);
    Search search = p.search(scope, List.of(), restricted);
    search.restrictPrincipals(p.outsiders());
    for (Stmt s : m.allows) {
      List<Ob> obs = new ArrayList<>();
      obs.add(new Search.Hold(s));
      m.denies.forEach(d -> obs.add(new Search.Fail(d)));
      c.run(p, search, obs, s, "Public access granted in the following statement with " + s.awsName() + ".",
          w -> p.replay(doc, w, true) ? null : "the policy must allow it");
    }
    return c.result(PUBLIC_PASS, PUBLIC_FAIL);
  }

  /**
   * What changes from {@code oldPolicy} to {@code newPolicy}: one example request for every catalog
   * action whose access the change adds, and for every one it removes (for {@code iamlocal diff}).
   * Actions that no statement of either policy tells apart share one search; each example is
   * replayed on the evaluator.
   */
  public PolicyDiff diff(String oldPolicy, String newPolicy, AccessCheckPolicyType type) {
    return Budget.within(() -> diff0(oldPolicy, newPolicy, type));
  }

  private PolicyDiff diff0(String oldPolicy, String newPolicy, AccessCheckPolicyType type) {
    PolicyDocument o = parse(oldPolicy, type, "the old policy");
    PolicyDocument n = parse(newPolicy, type, "the new policy");
    List<String> undecided = new ArrayList<>();
    List<Counterexample> added = List.of();
    List<Counterexample> removed = List.of();
    String others = null;
    try {
      Problem p = new Problem(catalog, type, List.of(n, o), List.of(), null);
      added = onlyFirst(p, n, o, p.models.get(0), p.models.get(1), undecided);
      removed = onlyFirst(p, o, n, p.models.get(1), p.models.get(0), undecided);
      others = p.universe.representative < 0 ? null : p.universe.actions.get(p.universe.representative).fullName();
    } catch (Undecidable u) {
      undecided.add(u.getMessage());
    }
    return new PolicyDiff(added, removed, undecided, others);
  }

  /**
   * The result of {@link #diff}: examples of access added and removed, and what could not be
   * decided. {@code otherServices} names the action that stands for every action of the services
   * neither policy names (they are all alike to both policies), or is null.
   */
  public record PolicyDiff(List<Counterexample> added, List<Counterexample> removed, List<String> undecided,
      String otherServices) {}

  private List<Counterexample> onlyFirst(Problem p, PolicyDocument da, PolicyDocument db, Model ma, Model mb,
      List<String> undecided) {
    // actions no statement tells apart: one class, one search
    Map<String, BitSet> classes = new LinkedHashMap<>();
    List<Stmt> all = new ArrayList<>();
    all.addAll(ma.allows);
    all.addAll(ma.denies);
    all.addAll(mb.allows);
    all.addAll(mb.denies);
    for (int a = 0; a < p.universe.size(); a++) {
      Budget.spend(1 + all.size());
      StringBuilder sig = new StringBuilder();
      for (Stmt s : all) {
        sig.append(s.actions().get(a) ? '1' : '0');
      }
      classes.computeIfAbsent(sig.toString(), k -> new BitSet()).set(a);
    }
    List<Counterexample> out = new ArrayList<>();
    for (BitSet cls : classes.values()) {
      if (!cls.intersects(anyAllow(ma))) {
        continue;
      }
      Search search = p.search(cls, List.of(), Map.of());
      List<Ob> obs = new ArrayList<>();
      List<List<Ob>> alts = new ArrayList<>();
      for (Stmt s : ma.allows) {
        alts.add(List.of(new Search.Hold(s)));
      }
      obs.add(new Search.Either(alts));
      ma.denies.forEach(d -> obs.add(new Search.Fail(d)));
      obs.add(notAllowed(mb));
      Search.Outcome o;
      try {
        o = search.run(obs);
      } catch (Undecidable u) {
        o = new Search.Outcome(null, u.getMessage());
      }
      if (o.undecided() != null) {
        undecided.add(p.universe.actions.get(cls.nextSetBit(0)).fullName() + " and the actions like it: " + o.undecided());
        continue;
      }
      if (!o.sat()) {
        continue;
      }
      for (int a = cls.nextSetBit(0); a >= 0; a = cls.nextSetBit(a + 1)) {
        Search.Witness w = new Search.Witness(a, o.witness().principal(), o.witness().resource(), o.witness().context());
        Counterexample ce = p.counterexample(-1, w);
        if (!p.replay(da, w, true) || p.replay(db, w, false)) {
          throw new ProverDisagreement("the evaluator does not confirm " + ce.toMap()
              + ": the first policy must allow it and the second must not");
        }
        out.add(ce);
      }
    }
    return out;
  }

  private static BitSet anyAllow(Model m) {
    BitSet b = new BitSet();
    for (Stmt s : m.allows) {
      b.or(s.actions());
    }
    return b;
  }

  /**
   * Parses a policy and refuses what its type cannot hold, as IAM and Access Analyzer do: an
   * identity policy that names a principal (IAM: "Policy document should not specify a
   * principal."), a resource policy statement that names none (it could grant nobody: the
   * prover would have to guess who). Anything else is checked as the evaluator reads it.
   *
   * @throws dev.iamlocal.policy.PolicyParseException when it is not a policy
   * @throws IllegalArgumentException when it is not a policy of this type
   */
  static PolicyDocument parse(String text, AccessCheckPolicyType type, String which) {
    checkSize(text, which);
    PolicyDocument doc = PolicyParser.parse(text);
    List<Statement> statements = doc.statements();
    for (int i = 0; i < statements.size(); i++) {
      Statement s = statements.get(i);
      String sid = s.sidValue();
      // numbered from 1, as every text for people numbers statements (simulate's "#2")
      String label = "statement #" + (i + 1) + (sid == null || sid.isEmpty() ? "" : " (Sid " + sid + ")");
      boolean principal = s.principal() != null || s.notPrincipal() != null;
      if (type == AccessCheckPolicyType.IDENTITY_POLICY && principal) {
        throw new IllegalArgumentException(which + " is an identity policy, but " + label + " has "
            + (s.principal() != null ? "Principal" : "NotPrincipal") + "; IAM refuses it (Policy document should not"
            + " specify a principal.). Remove it, or check the policy as --policy-type RESOURCE_POLICY.");
      }
      if (type == AccessCheckPolicyType.RESOURCE_POLICY && !principal) {
        throw new IllegalArgumentException("In " + which + ", " + label + " has no Principal or NotPrincipal; a resource"
            + " policy statement must say whom it applies to.");
      }
    }
    return doc;
  }

  /**
   * The largest policy document a check reads, in characters other than whitespace: AWS's largest
   * policy (IAM counts policy sizes without whitespace). The work budget bounds what a document can
   * cost; this bounds what parsing and compiling it can cost before the budget starts counting.
   */
  public static final int MAX_POLICY_CHARS = 131_072;

  /** Refuses a document past {@link #MAX_POLICY_CHARS} (an {@link IllegalArgumentException}: invalid input). */
  static void checkSize(String text, String which) {
    if (text.length() <= MAX_POLICY_CHARS) {
      return;
    }
    long chars = text.chars().filter(c -> !Character.isWhitespace(c)).count();
    if (chars > MAX_POLICY_CHARS) {
      throw new IllegalArgumentException(which + " has " + chars + " characters (whitespace aside); the largest policy"
          + " AWS stores has " + MAX_POLICY_CHARS);
    }
  }

  /**
   * The work steps ({@link Budget}) the last check, diff or matrix row of the calling thread spent:
   * for benchmarks that report how close real policies come to the budget.
   */
  public static long stepsOfLastCheck() {
    return Budget.lastSpent();
  }

  /** The steps one check may spend before what is left is undecided. */
  public static long stepBudget() {
    return Budget.STEPS;
  }

  /** The catalog definition of a counterexample's action. */
  public java.util.Optional<ActionDefinition> action(String name) {
    return catalog.action(name);
  }

  /** A FAIL for a policy the prover cannot compile, with AWS's reason shape for the statement at fault. */
  private static CheckResult undecided(Undecidable u, String failMessage, String describe) {
    List<CheckResult.Reason> reasons = new ArrayList<>();
    if (u.statementIndex() >= 0) {
      String name = u.statementId() != null && !u.statementId().isEmpty() ? "sid: " + u.statementId()
          : "index: " + u.statementIndex();
      reasons.add(new CheckResult.Reason(describe + name + ".", u.statementIndex(), u.statementId()));
    }
    return new CheckResult(false, failMessage, reasons, List.of(), List.of(u.getMessage()));
  }

  /** "The existing policy does not allow the request": one of its Denies applies, or none of its Allows does. */
  private static Ob notAllowed(Model m) {
    List<List<Ob>> alts = new ArrayList<>();
    List<Ob> noAllow = new ArrayList<>();
    m.allows.forEach(t -> noAllow.add(new Search.Fail(t)));
    alts.add(noAllow);
    for (Stmt d : m.denies) {
      alts.add(List.of(new Search.Hold(d)));
    }
    return new Search.Either(alts);
  }

  /** Gathers reasons, counterexamples and undecided statements into a result. */
  private static final class Collector {
    final List<CheckResult.Reason> reasons = new ArrayList<>();
    final List<Counterexample> examples = new ArrayList<>();
    final List<String> undecided = new ArrayList<>();
    final Set<Integer> seen = new LinkedHashSet<>();

    interface Replay {
      /** Null when the evaluator agrees, else what it should have said. */
      String check(Search.Witness w);
    }

    void run(Problem p, Search search, List<Ob> obs, Stmt s, String description, Replay replay) {
      Search.Outcome o;
      try {
        o = search.run(obs);
      } catch (Undecidable u) {
        o = new Search.Outcome(null, u.getMessage());
      }
      if (!o.sat() && o.undecided() == null) {
        return;
      }
      if (seen.add(s.index())) {
        reasons.add(new CheckResult.Reason(description, s.index(), s.sid()));
      }
      if (o.sat()) {
        Counterexample ce = p.counterexample(s.index(), o.witness());
        String wrong;
        try {
          wrong = replay.check(o.witness());
        } catch (Undecidable u) {
          // the budget ran out before the evaluator could confirm it: no counterexample to show
          undecided.add("statement " + s.label() + ": " + u.getMessage());
          return;
        }
        if (wrong != null) {
          throw new ProverDisagreement("the evaluator does not confirm the counterexample " + ce.toMap() + ": " + wrong);
        }
        examples.add(ce);
      } else {
        undecided.add("statement " + s.label() + ": " + o.undecided());
      }
    }

    /** Every statement undecided for the same reason (the budget ran out before their searches). */
    void undecidedAll(List<Stmt> statements, String describe, Undecidable u) {
      for (Stmt s : statements) {
        if (seen.add(s.index())) {
          reasons.add(new CheckResult.Reason(describe + s.awsName() + ".", s.index(), s.sid()));
        }
        undecided.add("statement " + s.label() + ": " + u.getMessage());
      }
    }

    CheckResult result(String pass, String fail) {
      boolean ok = reasons.isEmpty();
      return new CheckResult(ok, ok ? pass : fail, reasons, examples, undecided);
    }
  }

  // ------------------------------------------------------------------ one problem

  /** The policies of one check compiled over one action universe and one set of caller candidates. */
  static final class Problem {
    final AccessCheckPolicyType type;
    final ActionUniverse universe;
    final List<Principal> principals = new ArrayList<>();
    final List<Model> models = new ArrayList<>();
    final String resourceAccount;
    final String outsideAccount;
    private final int firstOutsider;

    Problem(ServiceCatalog catalog, AccessCheckPolicyType type, List<PolicyDocument> docs, List<String> extraActions,
        String resourceType) {
      this.type = type;
      Set<String> accounts = accounts(docs);
      this.universe = universe(catalog, docs, extraActions);
      this.resourceAccount = fresh(accounts, "999999999999");
      accounts.add(resourceAccount);
      this.outsideAccount = fresh(accounts, "999999999998");
      if (type == AccessCheckPolicyType.RESOURCE_POLICY) {
        Set<String> named = new LinkedHashSet<>();
        Set<String> services = new LinkedHashSet<>();
        for (PolicyDocument d : docs) {
          for (Statement s : d.statements()) {
            for (PrincipalElement e : new PrincipalElement[] {s.principal(), s.notPrincipal()}) {
              if (e == null) {
                continue;
              }
              ValueList aws = e.byType().get("AWS");
              if (aws != null) {
                named.addAll(aws.strings());
              }
              ValueList svc = e.byType().get("Service");
              if (svc != null) {
                services.addAll(svc.strings());
              }
            }
          }
        }
        Set<String> arns = new LinkedHashSet<>();
        for (String v : named) {
          if (v.equals("*")) {
            continue;
          }
          if (v.matches("\\d{12}")) {
            accountCandidates(v, "aws", arns);
            continue;
          }
          Matcher m = ARN.matcher(v);
          if (!m.matches()) {
            continue;
          }
          String partition = m.group(1);
          String account = m.group(3);
          String rest = m.group(4);
          arns.add(v);
          if (m.group(2).equals("iam") && rest.startsWith("role/")) {
            arns.add("arn:" + partition + ":sts::" + account + ":assumed-role/" + rest.substring(rest.lastIndexOf('/') + 1)
                + "/iamlocal-session");
          }
          accountCandidates(account, partition, arns);
        }
        for (String a : arns) {
          try {
            principals.add(Principal.parse(a));
          } catch (IllegalArgumentException ignored) {
            // not a principal ARN: it names nobody, and the outsiders below cover everybody else
          }
        }
        for (String s : services) {
          principals.add(service(s));
        }
        principals.add(service("iamlocal-prover.amazonaws.com"));
        firstOutsider = principals.size();
        principals.add(Principal.ANONYMOUS);
        principals.add(Principal.parse("arn:aws:iam::" + outsideAccount + ":root"));
        principals.add(Principal.parse("arn:aws:iam::" + outsideAccount + ":user/iamlocal-outsider"));
      } else {
        firstOutsider = 0;
      }
      for (PolicyDocument d : docs) {
        models.add(new Model(d, type == AccessCheckPolicyType.RESOURCE_POLICY, universe, principals));
      }
    }

    /**
     * An identity-policy problem over a universe built before ({@link #universe}, for these
     * documents or more: the access matrix builds one for every policy set of an account), each
     * document's model from {@code modelOf} (shared between problems over that universe: a model
     * depends on its document and the universe alone when no statement has a principal).
     */
    Problem(ActionUniverse universe, List<PolicyDocument> docs, java.util.function.Function<PolicyDocument, Model> modelOf,
        java.util.function.Function<PolicyDocument, Set<String>> accountsOf) {
      this.type = AccessCheckPolicyType.IDENTITY_POLICY;
      this.universe = universe;
      // the same accounts as accounts(docs), each document's looked up (its text scanned once per matrix)
      Set<String> accounts = new LinkedHashSet<>();
      docs.forEach(d -> accounts.addAll(accountsOf.apply(d)));
      this.resourceAccount = fresh(accounts, "999999999999");
      accounts.add(resourceAccount);
      this.outsideAccount = fresh(accounts, "999999999998");
      this.firstOutsider = 0;
      for (PolicyDocument d : docs) {
        models.add(modelOf.apply(d));
      }
    }

    /** The actions a check over {@code docs} and {@code extraActions} reasons about. */
    static ActionUniverse universe(ServiceCatalog catalog, List<PolicyDocument> docs, List<String> extraActions) {
      List<String> patterns = new ArrayList<>(extraActions);
      // what actions are matched against as a whole: each statement's list, each extra pattern alone
      List<List<String>> units = new ArrayList<>();
      extraActions.forEach(x -> units.add(List.of(x)));
      for (PolicyDocument d : docs) {
        for (Statement s : d.statements()) {
          ValueList a = s.action() != null ? s.action() : s.notAction();
          if (a != null) {
            patterns.addAll(a.strings());
            units.add(a.strings());
          }
          if (s.notAction() != null) {
            patterns.add("*");
          }
        }
      }
      return new ActionUniverse(catalog, patterns, units);
    }

    /** The accounts a document names (as {@link #accounts(List)} for it alone). */
    static Set<String> accounts(PolicyDocument doc) {
      return accounts(List.of(doc));
    }

    /** The accounts the documents name (made-up accounts must be others). */
    private static Set<String> accounts(List<PolicyDocument> docs) {
      Set<String> accounts = new LinkedHashSet<>();
      for (PolicyDocument d : docs) {
        collectAccounts(d.text(), accounts);
        for (Statement s : d.statements()) {
          for (PrincipalElement e : new PrincipalElement[] {s.principal(), s.notPrincipal()}) {
            if (e != null) {
              e.byType().values().forEach(v -> v.strings().forEach(x -> collectAccounts(x, accounts)));
            }
          }
        }
      }
      return accounts;
    }

    /**
     * This problem with {@code extra} (an identity policy of the same type) in place of its last
     * document, sharing the action universe and the other models; null when {@code extra} could
     * change them (its actions are not {@code *}, or it names an account the problem uses as made up).
     */
    Problem withLast(PolicyDocument extra) {
      if (type != AccessCheckPolicyType.IDENTITY_POLICY) {
        return null;
      }
      for (Statement s : extra.statements()) {
        if (s.action() == null || !s.action().strings().equals(List.of("*"))) {
          return null;
        }
      }
      Set<String> accounts = new LinkedHashSet<>();
      collectAccounts(extra.text(), accounts);
      if (accounts.contains(resourceAccount) || accounts.contains(outsideAccount)) {
        return null;
      }
      return new Problem(this, extra);
    }

    private Problem(Problem base, PolicyDocument extra) {
      this.type = base.type;
      this.universe = base.universe;
      this.resourceAccount = base.resourceAccount;
      this.outsideAccount = base.outsideAccount;
      this.firstOutsider = base.firstOutsider;
      this.principals.addAll(base.principals);
      this.models.addAll(base.models.subList(0, base.models.size() - 1));
      this.models.add(new Model(extra, false, universe, principals));
    }

    private static final Pattern ARN = Pattern.compile("arn:([^:]+):([^:]+):[^:]*:(\\d{12}):(.+)");
    private static final Pattern ACCOUNT = Pattern.compile("(?<!\\d)\\d{12}(?!\\d)");

    private static void collectAccounts(String text, Set<String> out) {
      Matcher m = ACCOUNT.matcher(text);
      while (m.find()) {
        out.add(m.group());
      }
    }

    private static void accountCandidates(String account, String partition, Set<String> arns) {
      arns.add("arn:" + partition + ":iam::" + account + ":root");
      arns.add("arn:" + partition + ":iam::" + account + ":user/iamlocal-other-user");
    }

    private static Principal service(String name) {
      return new Principal(Principal.Kind.SERVICE, name, null, null, name, null);
    }

    private static String fresh(Set<String> used, String start) {
      long n = Long.parseLong(start);
      while (used.contains(String.format(Locale.ROOT, "%012d", n))) {
        n -= 2;
      }
      return String.format(Locale.ROOT, "%012d", n);
    }

    /** The callers from outside: anonymous, and an account no policy names. */
    BitSet outsiders() {
      BitSet b = new BitSet();
      b.set(firstOutsider, principals.size());
      return b;
    }

    Search search(BitSet actions, List<Atoms.Lit> extraResource, Map<String, List<KeySolver.Member>> restricted) {
      return new Search(actions, type == AccessCheckPolicyType.RESOURCE_POLICY ? principals.size() : 0, extraResource,
          restricted);
    }

    Principal caller(Search.Witness w) {
      if (w.principal() >= 0) {
        return principals.get(w.principal());
      }
      Principal p = prover;
      if (p == null) {
        p = Principal.parse("arn:aws:iam::" + resourceAccount + ":user/iamlocal-prover");
        prover = p; // immutable: a race parses it twice, no harm
      }
      return p;
    }

    /** The identity-policy caller, parsed once (the access matrix replays hundreds of thousands of examples). */
    private Principal prover;

    Counterexample counterexample(int statementIndex, Search.Witness w) {
      Principal p = caller(w);
      return new Counterexample(statementIndex, universe.fullName(w.action()), w.resource(),
          p.arn(), w.context());
    }

    /** Does the evaluator allow the witness under this policy (as the check's policy type places it)? */
    private final Map<PolicyDocument, PolicySet> sets = new java.util.IdentityHashMap<>();

    boolean replay(PolicyDocument doc, Search.Witness w, boolean expected) {
      Budget.spend(1 + 8L * doc.statements().size());
      Principal p = caller(w);
      PolicySet set = sets.computeIfAbsent(doc, d -> {
        Policy policy = new Policy("policy", d, null);
        return type == AccessCheckPolicyType.IDENTITY_POLICY
            ? PolicySet.builder().identity(policy).resourcePolicy(delegateToAccount(resourceAccount)).build()
            : PolicySet.builder().identity(ALLOW_ALL).resourcePolicy(policy).build();
      });
      AuthorizationRequest r = AuthorizationRequest.builder().principal(p).action(universe.fullName(w.action()))
          .resource(w.resource()).resourceAccount(resourceAccount).context(w.context()).build();
      Decision d = Evaluator.authorize(set, r);
      return d.allowed();
    }

    private static Policy delegateToAccount(String account) {
      return Policy.parse("delegate", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
          + "{\"AWS\":\"arn:aws:iam::" + account + ":root\"},\"Action\":\"*\",\"Resource\":\"*\"}]}");
    }

    private static final Policy ALLOW_ALL = Policy.parse("caller", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
        + "\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}");
  }

  // ------------------------------------------------------------------ public access

  /** What "public" means per resource type, after Access Analyzer's documentation. */
  static final class PublicAccess {

    private PublicAccess() {}

    private static final Map<String, List<String>> SERVICES = new LinkedHashMap<>();

    static {
      SERVICES.put("AWS::DynamoDB::Table", List.of("dynamodb"));
      SERVICES.put("AWS::DynamoDB::Stream", List.of("dynamodb"));
      SERVICES.put("AWS::EFS::FileSystem", List.of("elasticfilesystem"));
      SERVICES.put("AWS::OpenSearchService::Domain", List.of("es"));
      SERVICES.put("AWS::Kinesis::Stream", List.of("kinesis"));
      SERVICES.put("AWS::Kinesis::StreamConsumer", List.of("kinesis"));
      SERVICES.put("AWS::KMS::Key", List.of("kms"));
      SERVICES.put("AWS::Lambda::Function", List.of("lambda"));
      SERVICES.put("AWS::S3::Bucket", List.of("s3"));
      SERVICES.put("AWS::S3::AccessPoint", List.of("s3"));
      SERVICES.put("AWS::S3Express::DirectoryBucket", List.of("s3express"));
      SERVICES.put("AWS::S3::Glacier", List.of("glacier"));
      SERVICES.put("AWS::S3Outposts::Bucket", List.of("s3-outposts"));
      SERVICES.put("AWS::S3Outposts::AccessPoint", List.of("s3-outposts"));
      SERVICES.put("AWS::SecretsManager::Secret", List.of("secretsmanager"));
      SERVICES.put("AWS::SNS::Topic", List.of("sns"));
      SERVICES.put("AWS::SQS::Queue", List.of("sqs"));
      SERVICES.put("AWS::IAM::AssumeRolePolicyDocument", List.of("sts"));
      SERVICES.put("AWS::S3Tables::TableBucket", List.of("s3tables"));
      SERVICES.put("AWS::ApiGateway::RestApi", List.of("execute-api"));
      SERVICES.put("AWS::CodeArtifact::Domain", List.of("codeartifact"));
      SERVICES.put("AWS::Backup::BackupVault", List.of("backup"));
      SERVICES.put("AWS::CloudTrail::Dashboard", List.of("cloudtrail"));
      SERVICES.put("AWS::CloudTrail::EventDataStore", List.of("cloudtrail"));
      SERVICES.put("AWS::S3Tables::Table", List.of("s3tables"));
      SERVICES.put("AWS::S3Express::AccessPoint", List.of("s3express"));
    }

    /** The resource types Access Analyzer's {@code AccessCheckResourceType} names. */
    static Set<String> resourceTypes() {
      return SERVICES.keySet();
    }

    static List<String> services(String resourceType) {
      List<String> s = SERVICES.get(resourceType);
      if (s == null) {
        throw new IllegalArgumentException("unsupported resource type " + resourceType + "; valid values: "
            + String.join(", ", SERVICES.keySet()));
      }
      return s;
    }

    /**
     * The keys that say who or where the caller is, and so keep a {@code "Principal": "*"}
     * statement from being public when the policy pins them (the IAM User Guide's list for Access
     * Analyzer and S3's "The meaning of public": the principal's account, ARN, user id,
     * organization; the source account, ARN, owner, organization; the network: VPC, VPC endpoint,
     * source IP; and per service KMS's caller account and S3's access point).
     */
    static List<String> restrictingKeys(String resourceType) {
      List<String> keys = new ArrayList<>(List.of("aws:principalaccount", "aws:principalarn", "aws:principalorgid",
          "aws:principalorgpaths", "aws:userid", "aws:sourceaccount", "aws:sourcearn", "aws:sourceowner",
          "aws:sourceorgid", "aws:sourceorgpaths", "aws:sourcevpc", "aws:sourcevpce", "aws:sourceip"));
      if (resourceType.equals("AWS::KMS::Key")) {
        keys.add("kms:calleraccount");
      }
      if (resourceType.startsWith("AWS::S3::")) {
        keys.add("s3:dataaccesspointaccount");
        keys.add("s3:dataaccesspointarn");
      }
      return keys;
    }

    /**
     * For each restricting key the policy uses: a caller from outside has a value the policy does
     * not name (it fails the positive test of every condition on the key), or none. Only
     * {@linkplain #fixed fixed} values count; any other value may be the outsider's.
     */
    static Map<String, List<KeySolver.Member>> restrictions(PolicyDocument doc, String resourceType) {
      Set<String> keys = new LinkedHashSet<>(restrictingKeys(resourceType));
      boolean vars = doc.version().supportsVariables();
      Map<String, List<KeySolver.Member>> out = new LinkedHashMap<>();
      for (Statement s : doc.statements()) {
        for (ConditionEntry e : s.conditions()) {
          String key = e.key().value().toLowerCase(Locale.ROOT);
          if (!keys.contains(key)) {
            continue;
          }
          Condition c = Condition.compile(e, vars);
          if (c.error() != null || c.spec().operator() == Operator.NULL) {
            continue;
          }
          Operator op = c.spec().operator();
          List<PolicyString> named = new ArrayList<>();
          for (PolicyString v : e.values()) {
            if (fixed(key, op, v.value(), vars, resourceType)) {
              named.add(v);
            }
          }
          if (named.isEmpty()) {
            continue;
          }
          Operator positive = positive(op);
          Condition pc = Condition.compile(new ConditionEntry(PolicyString.of(positive.jsonName()), e.key(), named, true,
              e.path()), vars);
          if (pc.error() != null) {
            continue;
          }
          out.computeIfAbsent(key, k -> new ArrayList<>()).add(new KeySolver.Member(new Atoms.Cond(pc, vars), false, null));
        }
      }
      return out;
    }

    /**
     * Whether a condition value pins who or where the caller is. Per S3's "The meaning of public"
     * and Access Analyzer, only a fixed value does: one with a wildcard or a policy variable
     * names callers from anywhere ({@code "o-*"}, {@code "arn:aws:iam::*:role/x"}), and so does an
     * {@code aws:SourceIp} range wider than /8 (IPv4) or /32 (IPv6) (S3 calls those public). Two
     * wildcard forms still pin the caller: an ARN whose account field is a literal account id
     * ({@code arn:aws:iam::111122223333:role/*}, that account's principals) and S3's
     * {@code aws:userid} form {@code AROLEID:*} (the sessions of one role).
     */
    static boolean fixed(String key, Operator op, String value, boolean vars, String resourceType) {
      if (vars && value.contains("${")) {
        return false;
      }
      if (key.equals("aws:sourceip")) {
        int slash = value.indexOf('/');
        if (slash < 0) {
          return true; // one address
        }
        int bits;
        try {
          bits = Integer.parseInt(value.substring(slash + 1).trim());
        } catch (NumberFormatException e) {
          return false;
        }
        return bits >= (value.indexOf(':') >= 0 ? 32 : 8);
      }
      if (!op.wildcards() || (value.indexOf('*') < 0 && value.indexOf('?') < 0)) {
        return true;
      }
      if (key.equals("s3:dataaccesspointarn") && resourceType.equals("AWS::S3::AccessPoint")) {
        // S3: "An access point policy that grants access to a set of access points using
        // s3:DataAccessPointArn is considered public", unlike the same statement in a bucket policy
        return false;
      }
      if (key.equals("aws:principalarn") || key.equals("aws:sourcearn") || key.equals("s3:dataaccesspointarn")) {
        String[] parts = value.split(":", 6);
        return parts.length == 6 && parts[4].matches("\\d{12}");
      }
      return key.equals("aws:userid") && value.matches("[A-Za-z0-9]+:\\*");
    }

    private static Operator positive(Operator op) {
      return switch (op) {
        case STRING_NOT_EQUALS -> Operator.STRING_EQUALS;
        case STRING_NOT_EQUALS_IGNORE_CASE -> Operator.STRING_EQUALS_IGNORE_CASE;
        case STRING_NOT_LIKE -> Operator.STRING_LIKE;
        case NUMERIC_NOT_EQUALS -> Operator.NUMERIC_EQUALS;
        case DATE_NOT_EQUALS -> Operator.DATE_EQUALS;
        case NOT_IP_ADDRESS -> Operator.IP_ADDRESS;
        case ARN_NOT_EQUALS -> Operator.ARN_EQUALS;
        case ARN_NOT_LIKE -> Operator.ARN_LIKE;
        default -> op;
      };
    }
  }
}
