package dev.iamlocal.reasoning;

import dev.iamlocal.reasoning.Atoms.Cond;
import dev.iamlocal.reasoning.Atoms.Lit;
import dev.iamlocal.reasoning.Atoms.Res;
import dev.iamlocal.reasoning.Model.Stmt;
import dev.iamlocal.request.RequestContext;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The search for a request that satisfies a set of obligations on statements ("this statement
 * applies", "this one does not", "one of these alternatives"): a DPLL-style case split over the
 * atoms a failing statement can fail on, with unit propagation (the pending statement with the
 * fewest ways left to fail is split first; one with none closes the branch), and per-dimension
 * theory checks (action and principal sets; the resource string; each context key).
 *
 * <p>Before that choice, a statement that can fail on a <em>private</em> dimension (a key or the
 * resource that no other pending statement and no literal of the state mentions, and no policy
 * variable links) is settled at once with that failure ({@link #commitPrivate}): it cannot
 * conflict with anything, so no solution is lost, and the most-constrained choice no longer
 * re-examines such statements at every level. Every step of the search, of the theory checks and
 * of the caches is paid for in the check's {@link Budget}; the split is at most {@link #MAX_DEPTH}
 * deep, and the states it holds count against the memory budget.
 */
final class Search {

  /** What must hold of the request. */
  sealed interface Ob permits Hold, Fail, Either {}

  /** The statement applies. */
  record Hold(Stmt s) implements Ob {}

  /** The statement does not apply. */
  record Fail(Stmt s) implements Ob {}

  /** One of the alternatives holds (each a list of obligations). */
  record Either(List<List<Ob>> alternatives) implements Ob {}

  /** A satisfying request, dimension by dimension. */
  record Witness(int action, int principal, String resource, RequestContext context) {}

  /** Result of a search: a witness, none (proved), or undecided with the reason. */
  record Outcome(Witness witness, String undecided) {
    static final Outcome NONE = new Outcome(null, null);

    boolean sat() {
      return witness != null;
    }
  }

  private final int principalCount;
  private BitSet principalScope;
  private final BitSet actionScope;
  private final List<Lit> extraResource;
  private final Map<String, List<KeySolver.Member>> restrictedKeys;
  private final Map<String, Boolean> dimCache = new HashMap<>();
  private int steps;
  static final int MAX_STEPS = 200_000;
  /** Keys (lower case) that hold one value when present, never a list (a principal's own keys in the access matrix). */
  private Set<String> singleValued = Set.of();
  /** Keys (lower case) known to be absent: as policy variables they take no value, not even "". */
  private Set<String> absent = Set.of();

  /**
   * Declares what the access matrix knows of its principal: {@code single} keys (lower case) hold
   * one value, never a list; {@code absent} keys are not in the request (a Null condition alone
   * cannot say it: an empty value is null to conditions but resolves a policy variable).
   */
  Search principalKeys(Set<String> single, Set<String> absent) {
    this.singleValued = Set.copyOf(single);
    this.absent = Set.copyOf(absent);
    return this;
  }

  /**
   * @param actionScope the actions the question is about
   * @param principalCount the number of principal candidates (0 for identity policies: one caller)
   * @param extraResource resource constraints of the question (the access list's resources)
   * @param restrictedKeys keys whose values, when present, must match none of the given patterns
   */
  Search(BitSet actionScope, int principalCount, List<Lit> extraResource, Map<String, List<KeySolver.Member>> restrictedKeys) {
    this.actionScope = actionScope;
    this.principalCount = principalCount;
    this.extraResource = extraResource;
    this.restrictedKeys = restrictedKeys;
  }

  private static final class State {
    BitSet actions;
    BitSet principals;
    final LinkedHashMap<String, Lit> lits;

    State(BitSet actions, BitSet principals, LinkedHashMap<String, Lit> lits) {
      this.actions = actions;
      this.principals = principals;
      this.lits = lits;
    }

    /** What the state holds, in bytes (an estimate for the memory {@link Budget}). */
    long bytes() {
      return 96 + 64L * lits.size() + actions.size() / 8 + (principals == null ? 0 : principals.size() / 8);
    }

    State copy() {
      Budget.spend(1 + lits.size() + actions.size() / 64);
      return new State((BitSet) actions.clone(), principals == null ? null : (BitSet) principals.clone(),
          new LinkedHashMap<>(lits));
    }
  }

  /** Only these callers (by candidate index) are asked about. */
  void restrictPrincipals(BitSet scope) {
    this.principalScope = scope;
  }

  Outcome run(List<Ob> obligations) {
    steps = 0;
    BitSet p = null;
    if (principalCount > 0) {
      p = new BitSet(principalCount);
      p.set(0, principalCount);
      if (principalScope != null) {
        p.and(principalScope);
      }
    }
    State st = new State((BitSet) actionScope.clone(), p, new LinkedHashMap<>());
    if (st.actions.isEmpty()) {
      return Outcome.NONE;
    }
    return search(st, new ArrayList<>(obligations));
  }

  /**
   * Depth of the case split past which it is not decided: each level is one obligation settled, so
   * only a policy of thousands of statements goes this deep, and the recursion must not overflow
   * the thread's stack (a server thread answering a hostile policy).
   */
  static final int MAX_DEPTH = 1_500;
  private int depth;

  private Outcome search(State st, List<Ob> obs) {
    if (depth >= MAX_DEPTH) {
      throw new Undecidable("the case split is deeper than " + MAX_DEPTH + " obligations");
    }
    depth++;
    // this level holds its obligations and the states it branches to until it returns
    long held = 16L + 8L * obs.size();
    Budget.hold(held);
    try {
      return search0(st, obs);
    } finally {
      depth--;
      Budget.release(held);
    }
  }

  private Outcome search0(State st, List<Ob> obs) {
    Budget.spend(1 + obs.size());
    if (++steps > MAX_STEPS) {
      throw new Undecidable("the case split needs more than " + MAX_STEPS + " steps");
    }
    // Holds first: they only narrow.
    for (int i = 0; i < obs.size(); i++) {
      if (obs.get(i) instanceof Hold h) {
        List<Ob> rest = new ArrayList<>(obs);
        rest.remove(i);
        State next = st.copy();
        if (!assertHold(next, h.s())) {
          return Outcome.NONE;
        }
        return search(next, rest);
      }
    }
    for (int i = 0; i < obs.size(); i++) {
      if (obs.get(i) instanceof Either e) {
        List<Ob> rest = new ArrayList<>(obs);
        rest.remove(i);
        String undecided = null;
        for (List<Ob> alt : e.alternatives()) {
          if (holdsNowhere(st, alt)) {
            // the alternative asks a statement to apply to an action (or caller) the state has
            // ruled out: its search would copy the state to find no request (Outcome.NONE, which
            // changes neither the answer nor the reason); an access matrix cell asks about one
            // action, and most Allows of a large policy name others
            continue;
          }
          List<Ob> with = new ArrayList<>(alt);
          with.addAll(rest);
          Outcome o = search(st.copy(), with);
          if (o.sat()) {
            return o;
          }
          undecided = undecided == null ? o.undecided() : undecided;
        }
        return new Outcome(null, undecided);
      }
    }
    // Fails whose failure nothing else can interfere with: settled at once, without a branch.
    obs = commitPrivate(st, obs);
    // Fails: pick the most constrained.
    int best = -1;
    List<State> bestOptions = null;
    List<Ob> pending = new ArrayList<>();
    for (Ob o : obs) {
      Stmt s = ((Fail) o).s();
      List<State> options = failOptions(st, s);
      if (options == null) {
        continue; // already false
      }
      if (options.isEmpty()) {
        return Outcome.NONE;
      }
      pending.add(o);
      if (bestOptions == null || options.size() < bestOptions.size()) {
        best = pending.size() - 1;
        bestOptions = options;
      }
    }
    if (bestOptions == null) {
      return solve(st);
    }
    pending.remove(best);
    long held = 0;
    for (State option : bestOptions) {
      held += option.bytes();
    }
    Budget.hold(held);
    try {
      String undecided = null;
      for (State option : bestOptions) {
        Outcome o = search(option, pending);
        if (o.sat()) {
          return o;
        }
        undecided = undecided == null ? o.undecided() : undecided;
      }
      return new Outcome(null, undecided);
    } finally {
      Budget.release(held);
    }
  }

  /**
   * Settles, without branching, every pending Fail obligation that can fail on an atom of a
   * <em>private</em> dimension: a context key (or the resource) that no literal of the state and no
   * other pending obligation mentions, that no policy variable links to another, and on which the
   * atom's negation alone has a value. Committing that negation loses no solution: any request that
   * meets the remaining obligations can have its value of that dimension replaced by one meeting the
   * negation (nothing else reads the dimension), and then meets this obligation too. Without it a
   * policy of n statements like {@code Deny … StringNotLike aws:PrincipalTag/t<i>} makes the
   * most-constrained choice below re-examine every pending statement at every one of n levels, each
   * time copying the state: cubic work for what is a linear problem.
   *
   * @return the obligations left (the state {@code st}, owned by the caller's frame, takes the committed literals)
   */
  private List<Ob> commitPrivate(State st, List<Ob> obs) {
    if (obs.size() < 2) {
      return obs;
    }
    Budget.spend(1 + st.lits.size() + obs.size());
    Map<String, Integer> owners = new HashMap<>();
    Set<String> linked = new java.util.HashSet<>();
    for (Lit l : st.lits.values()) {
      owners.put(dim(l), -1);
      linked.addAll(varKeys(l));
    }
    if (!extraResource.isEmpty()) {
      owners.put(RESOURCE, -1);
    }
    for (int i = 0; i < obs.size(); i++) {
      Stmt s = ((Fail) obs.get(i)).s();
      for (Lit l : atoms(s)) {
        Budget.spend(1);
        String d = dim(l);
        Integer o = owners.get(d);
        owners.put(d, o == null || o == i ? i : -1);
        linked.addAll(varKeys(l));
      }
    }
    List<Ob> left = null;
    for (int i = 0; i < obs.size(); i++) {
      Stmt s = ((Fail) obs.get(i)).s();
      Lit commit = null;
      if (alreadyFails(st, s)) {
        if (left != null) {
          left.add(obs.get(i)); // dropped by the loop below
        }
        continue;
      }
      for (Lit l : atoms(s)) {
        String d = dim(l);
        Integer o = owners.get(d);
        if (o != null && o == i && !linked.contains(d) && varKeys(l).isEmpty() && aloneSatisfiable(l)) {
          commit = l;
          break;
        }
      }
      if (commit == null) {
        if (left != null) {
          left.add(obs.get(i));
        }
        continue;
      }
      if (left == null) {
        left = new ArrayList<>(obs.subList(0, i));
      }
      st.lits.put(commit.atomId(), commit);
    }
    return left == null ? obs : left;
  }

  /** Whether the statement cannot apply in this state (as {@link #failOptions} answers null). */
  private static boolean alreadyFails(State st, Stmt s) {
    if (!st.actions.intersects(s.actions())
        || (st.principals != null && s.principals() != null && !st.principals.intersects(s.principals()))) {
      return true;
    }
    for (Lit l : atoms(s)) {
      Lit old = st.lits.get(l.atomId());
      if (old != null && !old.positive()) {
        return true;
      }
    }
    return false;
  }

  /** The negated atoms a statement can fail on (its resource element, its conditions). */
  private static List<Lit> atoms(Stmt s) {
    List<Lit> out = new ArrayList<>(s.conds().size() + 1);
    if (s.resource() != null) {
      out.add(new Lit(s.resource(), false));
    }
    for (Cond c : s.conds()) {
      out.add(new Lit(c, false));
    }
    return out;
  }

  private final Map<String, Boolean> aloneCache = new HashMap<>();

  /** Whether the literal alone has a value of its dimension (decided, not deferred: an undecided one is not committed). */
  private boolean aloneSatisfiable(Lit l) {
    Boolean cached = aloneCache.get(l.atomId() + l.positive());
    if (cached != null) {
      return cached;
    }
    String d = dim(l);
    boolean ok;
    try {
      ok = d.equals(RESOURCE) ? resource(List.of(l), RequestContext.empty(), false) != null
          : KeySolver.solve(d, List.of(l), RequestContext.empty(), restrictedKeys.get(d), singleValued.contains(d)) != null;
    } catch (Undecidable u) {
      ok = false; // not committed: the search below decides it, or says it cannot
    }
    if (aloneCache.size() < 100_000) {
      aloneCache.put(l.atomId() + l.positive(), ok);
    }
    return ok;
  }

  /**
   * Whether some Hold of {@code alt} names a statement whose actions (or callers) the state has
   * none of: {@link #assertHold} narrows the state, so that Hold fails whenever it is taken.
   */
  private static boolean holdsNowhere(State st, List<Ob> alt) {
    for (Ob o : alt) {
      if (o instanceof Hold h) {
        Stmt s = h.s();
        if (!st.actions.intersects(s.actions())
            || (st.principals != null && s.principals() != null && !st.principals.intersects(s.principals()))) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean assertHold(State st, Stmt s) {
    st.actions.and(s.actions());
    if (st.actions.isEmpty()) {
      return false;
    }
    if (st.principals != null && s.principals() != null) {
      st.principals.and(s.principals());
      if (st.principals.isEmpty()) {
        return false;
      }
    }
    if (s.resource() != null && !add(st, new Lit(s.resource(), true))) {
      return false;
    }
    for (Cond c : s.conds()) {
      if (!add(st, new Lit(c, true))) {
        return false;
      }
    }
    return true;
  }

  /** Adds a literal; false if it contradicts the state (syntactically, or in its dimension). */
  private boolean add(State st, Lit l) {
    Lit old = st.lits.get(l.atomId());
    if (old != null) {
      return old.positive() == l.positive();
    }
    st.lits.put(l.atomId(), l);
    return dimensionConsistent(st, l);
  }

  /**
   * The ways a statement can fail in this state (each a new state), or null when it already does.
   */
  private List<State> failOptions(State st, Stmt s) {
    if (!st.actions.intersects(s.actions())) {
      return null;
    }
    if (st.principals != null && s.principals() != null && !st.principals.intersects(s.principals())) {
      return null;
    }
    List<Lit> atoms = new ArrayList<>();
    if (s.resource() != null) {
      atoms.add(new Lit(s.resource(), false));
    }
    for (Cond c : s.conds()) {
      atoms.add(new Lit(c, false));
    }
    for (Lit l : atoms) {
      Lit old = st.lits.get(l.atomId());
      if (old != null && !old.positive()) {
        return null;
      }
    }
    List<State> out = new ArrayList<>();
    BitSet notActions = (BitSet) st.actions.clone();
    notActions.andNot(s.actions());
    if (!notActions.isEmpty()) {
      State n = st.copy();
      n.actions = notActions;
      out.add(n);
    }
    if (st.principals != null && s.principals() != null) {
      BitSet notP = (BitSet) st.principals.clone();
      notP.andNot(s.principals());
      if (!notP.isEmpty()) {
        State n = st.copy();
        n.principals = notP;
        out.add(n);
      }
    }
    for (Lit l : atoms) {
      if (st.lits.containsKey(l.atomId())) {
        continue; // asserted true
      }
      State n = st.copy();
      if (add(n, l)) {
        out.add(n);
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ theory

  private static final String RESOURCE = "\u0000resource";

  private static String dim(Lit l) {
    return l.atom() instanceof Res ? RESOURCE : ((Cond) l.atom()).key;
  }

  private static Set<String> varKeys(Lit l) {
    return l.atom() instanceof Res r ? r.varKeys : ((Cond) l.atom()).varKeys;
  }

  /** A cheap exact check of the literal's dimension, when no policy variable is involved (else deferred). */
  private boolean dimensionConsistent(State st, Lit added) {
    Budget.spend(1 + st.lits.size());
    String d = dim(added);
    List<Lit> lits = new ArrayList<>();
    for (Lit l : st.lits.values()) {
      if (dim(l).equals(d)) {
        if (!varKeys(l).isEmpty()) {
          return true;
        }
        lits.add(l);
      }
    }
    for (Lit l : st.lits.values()) {
      if (varKeys(l).contains(d)) {
        return true;
      }
    }
    TreeMap<String, Boolean> key = new TreeMap<>();
    for (Lit l : lits) {
      key.put(l.atomId(), l.positive());
    }
    String cacheKey = d + "\u0001" + key;
    Budget.spend(1 + cacheKey.length() / 16);
    Boolean cached = dimCache.get(cacheKey);
    if (cached != null) {
      return cached;
    }
    boolean ok;
    try {
      ok = d.equals(RESOURCE) ? resource(lits, RequestContext.empty(), false) != null
          : KeySolver.solve(d, lits, RequestContext.empty(), restrictedKeys.get(d), singleValued.contains(d)) != null;
    } catch (Undecidable u) {
      ok = true; // decided at the leaf, where it is reported
    }
    cachePut(dimCache, cacheKey, ok);
    return ok;
  }

  /** A resource string for the literals, under the variable values {@code sigma}; null if none. */
  private String resource(List<Lit> lits, RequestContext sigma, boolean widen) {
    return resource(lits, sigma, widen, Map.of());
  }

  /**
   * The glob every single value of {@code key} must match when it resolves a variable: from a
   * positive one-value StringEquals/StringLike on the key (plain or with a set qualifier), else null.
   */
  private static List<Patterns.Token> knownValues(String key, Map<String, List<Lit>> byDim) {
    for (Lit l : byDim.getOrDefault(key, List.of())) {
      Cond c = (Cond) l.atom();
      var op = c.op();
      // not ForAllValues: it holds on "" (a null value), which still resolves the variable
      if (!l.positive() || c.hasVars() || c.condition.spec().ifExists() || c.rawValues().size() != 1
          || c.condition.spec().qualifier() == dev.iamlocal.condition.SetQualifier.FOR_ALL_VALUES
          || (op != dev.iamlocal.condition.Operator.STRING_EQUALS && op != dev.iamlocal.condition.Operator.STRING_LIKE)) {
        continue;
      }
      var t = dev.iamlocal.variables.Template.parse(c.rawValues().get(0), c.variables);
      var m = t.resolveMarked(RequestContext.empty());
      if (m == null) {
        continue;
      }
      Patterns.Nfa n = op == dev.iamlocal.condition.Operator.STRING_LIKE ? Patterns.glob(m)
          : Patterns.exact(t.resolve(RequestContext.empty()));
      return List.of(n.tokens);
    }
    return null;
  }

  private String resource(List<Lit> lits, RequestContext sigma, boolean widen, Map<String, List<Lit>> byDim) {
    List<StringSolver.Lit> sl = new ArrayList<>();
    for (Lit l : extraResource) {
      Res r = (Res) l.atom();
      sl.add(new StringSolver.Lit(r.nfas(sigma), l.positive()));
    }
    for (Lit l : lits) {
      Res r = (Res) l.atom();
      if (widen && r.hasVars()) {
        if ((!r.not && l.positive()) || (r.not && r.deny && !l.positive())) {
          // "some pattern matches" (a Deny's NotResource that does not apply: some pattern resolved and matched)
          List<Patterns.Nfa> alts = new ArrayList<>();
          for (var t : r.patterns) {
            alts.add(t.hasVariables() ? Patterns.widenedArn(t, k -> knownValues(k, byDim)) : Patterns.arn(t.resolveMarked(RequestContext.empty())));
          }
          sl.add(new StringSolver.Lit(alts, true));
        } else if (r.not == l.positive()) {
          // "matches none of the patterns" (whatever the variables): in particular none of the fixed ones
          List<Patterns.Nfa> fixed = new ArrayList<>();
          for (var t : r.patterns) {
            if (!t.hasVariables()) {
              fixed.add(Patterns.arn(t.resolveMarked(RequestContext.empty())));
            }
          }
          sl.add(new StringSolver.Lit(fixed, false));
        }
        continue;
      }
      List<Patterns.Nfa> alts = r.nfas(sigma);
      if (!r.not) {
        sl.add(new StringSolver.Lit(alts, l.positive()));
      } else if (r.anyUnresolved(sigma) && !r.deny) {
        if (l.positive()) {
          return null; // an Allow's NotResource with an unresolved variable never applies
        }
      } else {
        sl.add(new StringSolver.Lit(alts, !l.positive()));
      }
    }
    String s = StringSolver.solve(sl, true);
    if (s == null) {
      s = StringSolver.solve(sl, false);
    }
    if (s != null && !widen) {
      for (Lit l : lits) {
        if (((Res) l.atom()).eval(s, sigma) != l.positive()) {
          throw new IllegalStateException("prover bug: resource \"" + s + "\" does not give " + l.atom() + " the value "
              + l.positive());
        }
      }
    }
    return s;
  }

  /** Solves every dimension of a full state: the leaf of the search. */
  private Outcome solve(State st) {
    Budget.spend(1 + 2L * st.lits.size());
    // each condition key as the policy spells it (the first literal on it): one pass, not one per key
    Map<String, String> spelled = new HashMap<>();
    for (Lit l : st.lits.values()) {
      if (l.atom() instanceof Cond c) {
        spelled.putIfAbsent(c.key, c.condition.source().key().value());
      }
    }
    Map<String, List<Lit>> byDim = new LinkedHashMap<>();
    byDim.put(RESOURCE, new ArrayList<>());
    for (Lit l : st.lits.values()) {
      byDim.computeIfAbsent(dim(l), k -> new ArrayList<>()).add(l);
    }
    // components linked by policy variables
    Map<String, String> parent = new HashMap<>();
    for (String d : byDim.keySet()) {
      parent.put(d, d);
    }
    for (Lit l : st.lits.values()) {
      for (String v : varKeys(l)) {
        parent.putIfAbsent(v, v);
        byDim.computeIfAbsent(v, k -> new ArrayList<>());
        union(parent, dim(l), v);
      }
    }
    Map<String, List<String>> components = new LinkedHashMap<>();
    for (String d : byDim.keySet()) {
      components.computeIfAbsent(find(parent, d), k -> new ArrayList<>()).add(d);
    }
    RequestContext.Builder ctx = RequestContext.builder();
    String resource = null;
    String undecided = null;
    for (List<String> comp : components.values()) {
      boolean vars = false;
      for (String d : comp) {
        for (Lit l : byDim.get(d)) {
          vars |= !varKeys(l).isEmpty();
        }
      }
      try {
        Map<String, Object> values = vars ? solveWithVariables(comp, byDim) : solvePlain(comp, byDim, RequestContext.empty());
        if (values == null) {
          return Outcome.NONE;
        }
        for (Map.Entry<String, Object> e : values.entrySet()) {
          if (e.getKey().equals(RESOURCE)) {
            resource = (String) e.getValue();
          } else {
            String name = spelled.get(e.getKey());
            ((KeySolver.KeyValue) e.getValue()).putInto(ctx, name != null ? name : display(st, e.getKey()));
          }
        }
      } catch (Undecidable u) {
        undecided = undecided == null ? u.getMessage() : undecided;
      }
    }
    if (undecided != null) {
      return new Outcome(null, undecided);
    }
    int action = st.actions.nextSetBit(0);
    int principal = st.principals == null ? -1 : st.principals.nextSetBit(0);
    return new Outcome(new Witness(action, principal, resource, ctx.build()), null);
  }

  /** The key as the policy spells it (context keys are case-insensitive; examples read better so). */
  private static String display(State st, String key) {
    for (Lit l : st.lits.values()) {
      if (l.atom() instanceof Cond c && c.key.equals(key)) {
        return c.condition.source().key().value();
      }
      for (String v : varKeys(l)) {
        if (v.equals(key)) {
          Set<String> names = new LinkedHashSet<>();
          var patterns = l.atom() instanceof Res r ? r.patterns : List.<dev.iamlocal.variables.Template>of();
          for (var t : patterns) {
            for (var var : t.variables()) {
              if (var.normalizedKey().equals(key)) {
                return var.key();
              }
            }
          }
          for (String raw : l.atom() instanceof Cond c2 ? c2.rawValues() : List.<String>of()) {
            for (var var : dev.iamlocal.variables.Template.parse(raw, true).variables()) {
              if (var.normalizedKey().equals(key)) {
                return var.key();
              }
            }
          }
          names.clear();
        }
      }
    }
    return key;
  }

  /** Characters of the keys the two caches hold; they start over past {@link Budget#CACHE_BYTES}. */
  private long cacheChars;

  /**
   * Caches an answer unless the caches are full, in which case both start over: a cache key spells
   * out every literal of a dimension, so a policy with hundreds of statements fills memory with them.
   */
  private <V> void cachePut(Map<String, V> cache, String key, V value) {
    long chars = key.length() + 32L;
    if (2 * (cacheChars + chars) > Budget.CACHE_BYTES) {
      // not held in the live budget: a Search lives for one question, and one is alive at a time
      dimCache.clear();
      leafCache.clear();
      cacheChars = 0;
    }
    cacheChars += chars;
    cache.put(key, value);
  }

  private static final Object NO_SOLUTION = new Object();
  private final Map<String, Object> leafCache = new HashMap<>();

  private Map<String, Object> solvePlain(List<String> comp, Map<String, List<Lit>> byDim, RequestContext sigma) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String d : comp) {
      List<Lit> lits = byDim.getOrDefault(d, List.of());
      // the answer depends on the literals and on the values of the variables they name only
      TreeMap<String, Object> k = new TreeMap<>();
      for (Lit l : lits) {
        k.put(l.atomId(), l.positive());
        for (String v : varKeys(l)) {
          var cv = sigma.get(v);
          k.put("\u0002" + v, cv == null ? "-" : cv.multivalued() + "" + cv.values());
        }
      }
      if (!d.equals(RESOURCE)) {
        var cv = sigma.get(d);
        k.put("\u0003", cv == null ? "-" : cv.multivalued() + "" + cv.values());
      }
      String cacheKey = d + "\u0001" + k;
      Budget.spend(1 + cacheKey.length() / 16);
      Object cached = leafCache.get(cacheKey);
      if (cached == NO_SOLUTION) {
        return null;
      }
      if (cached != null) {
        out.put(d, cached);
        continue;
      }
      Object v = d.equals(RESOURCE) ? resource(lits, sigma, false)
          : KeySolver.solve(d, lits, sigma, restrictedKeys.get(d), singleValued.contains(d));
      cachePut(leafCache, cacheKey, v == null ? NO_SOLUTION : v);
      if (v == null) {
        return null;
      }
      out.put(d, v);
    }
    return out;
  }

  /**
   * A component linked by policy variables. First an over-approximation (each variable may be any
   * string; literals whose meaning depends on a variable in a way that cannot be widened are
   * dropped): no solution there proves none exists. Then the symbolic procedure of
   * {@link Variables} ({@link #symbolic}): a solution, or a proof that there is none. Where its
   * conditions do not hold, the variables' keys are given sample values (absent; the values their
   * own conditions name; a solution of their own conditions; a fresh name) and the rest solved
   * exactly under each; a solution is a real one. Neither: undecided.
   */
  private Map<String, Object> solveWithVariables(List<String> comp, Map<String, List<Lit>> byDim) {
    // over-approximation
    boolean possible = true;
    for (String d : comp) {
      List<Lit> kept = new ArrayList<>();
      for (Lit l : byDim.get(d)) {
        if (varKeys(l).isEmpty() || d.equals(RESOURCE)) {
          kept.add(l);
        }
      }
      if (d.equals(RESOURCE)) {
        if (resource(kept, RequestContext.empty(), true, byDim) == null) {
          possible = false;
        }
      } else if (KeySolver.solve(d, kept, RequestContext.empty(), restrictedKeys.get(d), singleValued.contains(d)) == null) {
        possible = false;
      }
    }
    if (!possible) {
      return null;
    }
    Set<String> varKeys = new LinkedHashSet<>();
    for (String d : comp) {
      for (Lit l : byDim.get(d)) {
        varKeys.addAll(varKeys(l));
      }
    }
    List<String> keys = new ArrayList<>(varKeys);
    Symbolic exact = symbolic(comp, byDim, keys);
    if (exact.solution() != null) {
      return exact.solution();
    }
    if (exact.proved()) {
      return null;
    }
    // not decided symbolically: sample values may still find a counterexample
    List<List<KeySolver.KeyValue>> candidates = new ArrayList<>();
    boolean exhaustive = true;
    Map<String, Set<String>> fromResource = valuesFromResource(byDim.getOrDefault(RESOURCE, List.of()));
    for (String k : keys) {
      if (absent.contains(k)) {
        // known to be absent (a role's aws:username): the variable never resolves
        candidates.add(List.of(KeySolver.KeyValue.ABSENT));
        continue;
      }
      Set<KeySolver.KeyValue> c = new LinkedHashSet<>();
      c.add(KeySolver.KeyValue.ABSENT);
      fromResource.getOrDefault(k, Set.of()).forEach(v -> c.add(single(v)));
      List<Lit> own = new ArrayList<>();
      Set<String> finite = null;
      for (Lit l : byDim.getOrDefault(k, List.of())) {
        if (!varKeys(l).isEmpty()) {
          // a condition on k naming another variable tells "absent" from "present, not one value":
          // the samples below no longer cover every case
          exhaustive = false;
          continue;
        }
        own.add(l);
        Cond cond = (Cond) l.atom();
        for (String v : cond.rawValues()) {
          if (v.indexOf('$') < 0) {
            c.add(single(v.replace("*", "").replace("?", "")));
          }
        }
        Set<String> f = finiteValues(l);
        if (f != null) {
          finite = finite == null ? f : intersect(finite, f);
        }
      }
      try {
        KeySolver.KeyValue v = KeySolver.solve(k, own, RequestContext.empty(), restrictedKeys.get(k), singleValued.contains(k));
        if (v != null && v.values() != null) {
          if (v.values().size() == 1) {
            c.add(single(v.values().get(0)));
          }
          if (!singleValued.contains(k)) {
            // present but not a single value: the variable has no value, the key's conditions still see it
            c.add(new KeySolver.KeyValue(v.values(), true));
          }
        }
      } catch (Undecidable ignored) {
        exhaustive = false;
      }
      c.add(single("iamlocal-" + k.replaceAll("[^a-z0-9]", "")));
      c.add(single(""));
      if (finite == null) {
        exhaustive = false;
      } else {
        finite.forEach(f -> c.add(single(f)));
      }
      candidates.add(new ArrayList<>(c));
    }
    int[] idx = new int[keys.size()];
    int rounds = exhaustive ? 4096 : 256;
    for (int round = 0; round < rounds; round++) {
      Budget.spend(1 + keys.size());
      RequestContext.Builder sb = RequestContext.builder();
      for (int i = 0; i < keys.size(); i++) {
        candidates.get(i).get(idx[i]).putInto(sb, keys.get(i));
      }
      RequestContext sigma = repair(sb.build(), keys, byDim);
      try {
        Map<String, Object> sol = trySigma(comp, byDim, keys, sigma);
        if (sol != null) {
          return sol;
        }
      } catch (Undecidable u) {
        exhaustive = false; // this sample could not be settled: the others may still give an answer
      }
      int i = 0;
      while (i < idx.length && ++idx[i] == candidates.get(i).size()) {
        idx[i] = 0;
        i++;
      }
      if (i == idx.length) {
        if (exhaustive) {
          // every value a variable key can take (absent, present without a single value, or one of
          // finitely many values its conditions allow) was tried: there is none
          return null;
        }
        break;
      }
    }
    throw new Undecidable("the policy variables " + keys.stream().map(k -> "${" + k + "}").toList()
        + " take part in a question the prover could neither prove impossible nor satisfy with a sample value");
  }

  /** The symbolic procedure's answer: a solution, a proof that there is none, or neither. */
  private record Symbolic(Map<String, Object> solution, boolean proved) {}

  /**
   * Decides a component linked by policy variables over the finitely many candidate values of
   * {@link Variables} (absent or a list, the empty value, the skeletons of each key's own pattern):
   * a solution is returned as found; none, when every combination met the conditions under which
   * the candidates stand for every value, proves there is none.
   */
  private Symbolic symbolic(List<String> comp, Map<String, List<Lit>> byDim, List<String> keys) {
    Budget.spend(1 + keys.size());
    List<List<Lit>> all = new ArrayList<>();
    for (String d : comp) {
      all.add(byDim.getOrDefault(d, List.of()));
    }
    List<List<KeySolver.Member>> restricted = new ArrayList<>();
    for (String d : comp) {
      if (restrictedKeys.get(d) != null) {
        restricted.add(restrictedKeys.get(d));
      }
    }
    Variables.Letters letters = new Variables.Letters(Variables.named(all, extraResource, restricted));
    // independent keys (own conditions name no variable) first; derived keys (own conditions name
    // only independent ones) get their candidates under each combination of those
    List<String> independent = new ArrayList<>();
    List<String> derived = new ArrayList<>();
    for (String k : keys) {
      Set<String> names = new LinkedHashSet<>();
      for (Lit l : byDim.getOrDefault(k, List.of())) {
        names.addAll(varKeys(l));
      }
      (names.isEmpty() || absent.contains(k) ? independent : derived).add(k);
    }
    for (String k : derived) {
      for (Lit l : byDim.getOrDefault(k, List.of())) {
        for (String v : varKeys(l)) {
          if (!independent.contains(v)) {
            return new Symbolic(null, false); // a chain or a cycle of variables: sampled
          }
        }
      }
    }
    List<List<KeySolver.KeyValue>> candidates = new ArrayList<>();
    boolean exact = true;
    long combinations = 1;
    for (String k : independent) {
      Variables.Candidates c;
      try {
        c = Variables.candidates(k, byDim.getOrDefault(k, List.of()), restrictedKeys.get(k), singleValued.contains(k),
            absent.contains(k), letters);
      } catch (Undecidable u) {
        return new Symbolic(null, false);
      }
      exact &= c.exact();
      if (c.values().isEmpty()) {
        return new Symbolic(null, c.exact());
      }
      candidates.add(c.values());
      combinations *= c.values().size();
      if (combinations > Variables.MAX_COMBINATIONS) {
        return new Symbolic(null, false);
      }
    }
    List<String> rest = new ArrayList<>();
    for (String d : comp) {
      if (!keys.contains(d)) {
        rest.add(d);
      }
    }
    int[] idx = new int[independent.size()];
    long tried = 0;
    while (true) {
      Budget.spend(1 + keys.size());
      RequestContext.Builder sb = RequestContext.builder();
      for (int i = 0; i < independent.size(); i++) {
        candidates.get(i).get(idx[i]).putInto(sb, independent.get(i));
      }
      RequestContext base = sb.build();
      long mark = letters.mark();
      try {
        // the derived keys' candidates under these values
        List<List<KeySolver.KeyValue>> more = new ArrayList<>();
        long n = 1;
        for (String k : derived) {
          Variables.Candidates c = Variables.candidates(k, byDim.getOrDefault(k, List.of()), restrictedKeys.get(k),
              singleValued.contains(k), absent.contains(k), letters, base);
          exact &= c.exact();
          more.add(c.values());
          n *= c.values().size();
        }
        tried += n;
        if (tried > Variables.MAX_COMBINATIONS) {
          return new Symbolic(null, false);
        }
        int[] jdx = new int[derived.size()];
        while (n > 0) {
          RequestContext.Builder db = base.toBuilder();
          for (int i = 0; i < derived.size(); i++) {
            more.get(i).get(jdx[i]).putInto(db, derived.get(i));
          }
          RequestContext sigma = db.build();
          Map<String, Object> sol = solvePlain(rest, byDim, sigma);
          if (sol != null) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (String k : keys) {
              out.put(k, valueOf(sigma, k));
            }
            out.putAll(sol);
            return new Symbolic(out, false);
          }
          if (exact) {
            for (String d : rest) {
              if (!Variables.exact(d, d.equals(RESOURCE), byDim.getOrDefault(d, List.of()), extraResource,
                  restrictedKeys.get(d), singleValued.contains(d), sigma, letters)) {
                exact = false;
                break;
              }
            }
          }
          int i = 0;
          while (i < jdx.length && ++jdx[i] == more.get(i).size()) {
            jdx[i] = 0;
            i++;
          }
          if (i == jdx.length) {
            break;
          }
        }
      } catch (Undecidable u) {
        exact = false;
      } finally {
        letters.reset(mark);
      }
      int i = 0;
      while (i < idx.length && ++idx[i] == candidates.get(i).size()) {
        idx[i] = 0;
        i++;
      }
      if (i == idx.length) {
        return new Symbolic(null, exact);
      }
    }
  }

  /**
   * Sample values for variables in resource patterns: a resource that meets the fixed constraints
   * (the question's resources and the patterns without variables), read back through each pattern
   * with a variable (the text where the variable stands).
   */
  private Map<String, Set<String>> valuesFromResource(List<Lit> lits) {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    List<Lit> fixed = new ArrayList<>();
    for (Lit l : lits) {
      if (!varKeys(l).isEmpty()) {
        continue;
      }
      fixed.add(l);
    }
    String r;
    try {
      r = resource(fixed, RequestContext.empty(), false);
    } catch (Undecidable u) {
      return out;
    }
    if (r == null) {
      return out;
    }
    for (Lit l : lits) {
      if (!(l.atom() instanceof Res res)) {
        continue;
      }
      for (var t : res.patterns) {
        List<dev.iamlocal.variables.Template.Variable> vars = t.variables();
        if (vars.size() != 1) {
          continue;
        }
        StringBuilder regex = new StringBuilder();
        for (var part : t.parts()) {
          if (part instanceof dev.iamlocal.variables.Template.Text x) {
            for (char ch : x.text().toCharArray()) {
              regex.append(ch == '*' ? ".*" : ch == '?' ? "." : java.util.regex.Pattern.quote(String.valueOf(ch)));
            }
          } else if (part instanceof dev.iamlocal.variables.Template.Escape e) {
            regex.append(java.util.regex.Pattern.quote(String.valueOf(e.character())));
          } else {
            regex.append("(.*)");
          }
        }
        var m = java.util.regex.Pattern.compile(regex.toString(), java.util.regex.Pattern.DOTALL).matcher(r);
        if (m.matches()) {
          out.computeIfAbsent(vars.get(0).normalizedKey(), k -> new LinkedHashSet<>()).add(m.group(1));
        }
      }
    }
    return out;
  }

  private static KeySolver.KeyValue single(String v) {
    return new KeySolver.KeyValue(List.of(v), false);
  }

  /**
   * The values a single-valued key can have when the literal holds, if finitely many: a positive
   * {@code StringEquals} (plain or {@code ForAnyValue}) or an {@code ArnEquals} without wildcards.
   */
  private static Set<String> finiteValues(Lit l) {
    Cond c = (Cond) l.atom();
    if (!l.positive() || c.condition.spec().ifExists()
        || c.condition.spec().qualifier() == dev.iamlocal.condition.SetQualifier.FOR_ALL_VALUES) {
      return null;
    }
    var op = c.op();
    boolean exact = op == dev.iamlocal.condition.Operator.STRING_EQUALS;
    if (op == dev.iamlocal.condition.Operator.ARN_EQUALS || op == dev.iamlocal.condition.Operator.STRING_LIKE
        || op == dev.iamlocal.condition.Operator.ARN_LIKE) {
      exact = c.rawValues().stream().noneMatch(v -> v.indexOf('*') >= 0 || v.indexOf('?') >= 0);
    }
    if (!exact) {
      return null;
    }
    Set<String> out = new LinkedHashSet<>();
    for (String v : c.rawValues()) {
      String r = dev.iamlocal.variables.Template.parse(v, c.variables).resolve(dev.iamlocal.variables.VariableSource.EMPTY);
      if (r == null) {
        return null;
      }
      out.add(r);
    }
    return out;
  }

  private static Set<String> intersect(Set<String> a, Set<String> b) {
    Set<String> out = new LinkedHashSet<>(a);
    out.retainAll(b);
    return out;
  }

  /**
   * Gives each variable key whose own conditions the sample values break a value solved from those
   * conditions under the other keys' values (a key's condition may itself name another key's
   * variable, as {@code StringLike aws:PrincipalTag/team ${aws:username}*}).
   */
  private RequestContext repair(RequestContext sigma, List<String> keys, Map<String, List<Lit>> byDim) {
    for (String k : keys) {
      List<Lit> lits = byDim.getOrDefault(k, List.of());
      if (KeySolver.holdsWith(lits, sigma, valueOf(sigma, k), k)) {
        continue;
      }
      try {
        KeySolver.KeyValue v = KeySolver.solve(k, lits, sigma.toBuilder().remove(k).build(), restrictedKeys.get(k), singleValued.contains(k));
        if (v != null) {
          RequestContext.Builder b = sigma.toBuilder().remove(k);
          v.putInto(b, k);
          sigma = b.build();
        }
      } catch (Undecidable ignored) {
        // keep the sample value: trySigma rejects it
      }
    }
    return sigma;
  }

  private static KeySolver.KeyValue valueOf(RequestContext sigma, String k) {
    var cv = sigma.get(k);
    return cv == null ? KeySolver.KeyValue.ABSENT : new KeySolver.KeyValue(cv.values(), cv.multivalued());
  }

  private Map<String, Object> trySigma(List<String> comp, Map<String, List<Lit>> byDim, List<String> keys,
      RequestContext sigma) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String k : keys) {
      KeySolver.KeyValue v = valueOf(sigma, k);
      List<KeySolver.Member> restricted = restrictedKeys.get(k);
      if (restricted != null && v.values() != null) {
        for (String x : v.values()) {
          if (!KeySolver.satisfies(k, restricted, sigma, x, false)) {
            return null;
          }
        }
      }
      if (!KeySolver.holdsWith(byDim.getOrDefault(k, List.of()), sigma, v, k)) {
        return null;
      }
      out.put(k, v);
    }
    List<String> rest = new ArrayList<>();
    for (String d : comp) {
      if (!keys.contains(d)) {
        rest.add(d);
      }
    }
    Map<String, Object> sol = solvePlain(rest, byDim, sigma);
    if (sol == null) {
      return null;
    }
    out.putAll(sol);
    return out;
  }

  private static String find(Map<String, String> parent, String x) {
    while (!parent.get(x).equals(x)) {
      x = parent.get(x);
    }
    return x;
  }

  private static void union(Map<String, String> parent, String a, String b) {
    parent.put(find(parent, a), find(parent, b));
  }
}
