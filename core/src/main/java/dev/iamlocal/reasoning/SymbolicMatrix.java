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
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.function.ObjIntConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

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
      // in the caller's order, not Map.copyOf's: that order changes from one JVM to the next, and
      // the principal's keys are put into every example in it (JSON output must not differ by run)
      Map<String, String> copy = new LinkedHashMap<>();
      keys.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, k)));
      keys = Collections.unmodifiableMap(copy);
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

  /** How many threads {@link #rows} computes on. */
  private final int parallelism;

  /** Over {@code catalog}, {@link #rows} on as many threads as the JVM has processors. */
  public SymbolicMatrix(ServiceCatalog catalog) {
    this(catalog, Runtime.getRuntime().availableProcessors());
  }

  private SymbolicMatrix(ServiceCatalog catalog, int parallelism) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism " + parallelism + " < 1");
    }
    this.catalog = catalog;
    this.parallelism = parallelism;
  }

  /**
   * The same matrix computing {@link #rows} on {@code threads} threads (1: on the calling thread
   * alone); the rows are the same whatever the number.
   */
  public SymbolicMatrix withParallelism(int threads) {
    return new SymbolicMatrix(catalog, threads);
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

  /**
   * The rows of several principals (each as {@link #row}), in order. Principals that hold the same
   * policies and boundary and agree on every key those policies read share one computation: the
   * other's row is the same answers with its own keys in the examples. The rows are computed on
   * {@link #parallelism} threads; the result is the same whatever the scheduling (each row is what
   * {@link #row} gives for its principal alone).
   */
  public List<List<Cell>> rows(List<Subject> subjects, List<String> actions, String resource) {
    List<List<Cell>> out = new ArrayList<>(subjects.size());
    rows(subjects, actions, resource, (row, i) -> out.add(row), () -> false);
    return out;
  }

  /**
   * As {@link #rows(List, List, String)}, handing each row to {@code onRow} (with the principal's
   * index) in the principals' order, on the calling thread, as soon as it and the rows before it
   * are computed, and taking no further principal once {@code stop} says so: for callers that show
   * progress (the console). A failure (a {@link ProverDisagreement}, a policy that does not parse)
   * is thrown after the rows before its principal were handed over, as computing them one after
   * the other would.
   */
  public void rows(List<Subject> subjects, List<String> actions, String resource,
      ObjIntConsumer<List<Cell>> onRow, BooleanSupplier stop) {
    Map<String, PolicyDocument> parsed = new HashMap<>();
    Map<List<String>, Compiled> compiled = new HashMap<>();
    Replays replays = new Replays();
    List<Compiled> setOf = new ArrayList<>(subjects.size());
    for (Subject s : subjects) {
      List<String> setKey = new ArrayList<>(s.identityPolicies());
      setKey.add(s.boundary() == null ? "\u0000" : s.boundary());
      Compiled c = compiled.get(setKey);
      if (c == null) {
        c = new Compiled(s, parsed, replays);
        compiled.put(setKey, c);
      }
      setOf.add(c);
    }
    Common common = Common.of(catalog, actions);
    if (common != null) {
      compiled.values().forEach(c -> c.common = common);
    }
    // one computed row per policy set and values of the principal keys its policies read
    Map<List<Object>, SharedRow> computed = new ConcurrentHashMap<>();
    IntFunction<List<Cell>> rowAt = i -> sharedRow(subjects.get(i), setOf.get(i), actions,
        resource, computed);
    int threads = Math.min(parallelism, subjects.size());
    if (threads <= 1) {
      for (int i = 0; i < subjects.size() && !stop.getAsBoolean(); i++) {
        onRow.accept(rowAt.apply(i), i);
      }
      return;
    }
    // each set's principals, in order; the sets in the order of their first principal
    Map<Compiled, List<Integer>> bySet = new LinkedHashMap<>();
    for (int i = 0; i < subjects.size(); i++) {
      bySet.computeIfAbsent(setOf.get(i), k -> new ArrayList<>()).add(i);
    }
    List<int[]> sets = new ArrayList<>(bySet.size());
    bySet.values().forEach(l -> sets.add(l.stream().mapToInt(Integer::intValue).toArray()));
    inParallel(subjects.size(), sets, Math.min(threads, sets.size()), rowAt, onRow, stop);
  }

  /** A row computed by {@link #row0} for {@code subject}, and whether every example of it was confirmed in its set's {@link Replays}. */
  private record SharedRow(Subject subject, List<Cell> cells, boolean replayed) {}

  /**
   * The row of {@code s} within a {@link #rows} call: taken over from a principal of the same
   * policy set that agrees on the principal keys the policies read (and lacks the same ones), or
   * computed.
   */
  private List<Cell> sharedRow(Subject s, Compiled c, List<String> actions, String resource,
      Map<List<Object>, SharedRow> computed) {
    Pins pins = c.pins(s.keys());
    Map<String, String> read = new TreeMap<>();
    for (Map.Entry<String, String> e : pins.fixed().entrySet()) {
      if (c.referenced.contains(e.getKey())) {
        read.put(e.getKey(), e.getValue());
      }
    }
    // the set by identity: one Compiled per policy set in a rows call
    List<Object> groupKey = List.of(c, read, new TreeSet<>(pins.absent()));
    SharedRow first = computed.get(groupKey);
    if (first != null) {
      List<Cell> row = c.base() == null ? null : renamed(first, s, c);
      if (row != null) {
        return row;
      }
    }
    boolean[] replayed = new boolean[1];
    List<Cell> row = Budget.within(() -> row0(s, actions, resource, c, replayed));
    computed.putIfAbsent(groupKey, new SharedRow(s, row, replayed[0]));
    return row;
  }

  /**
   * Computes rows {@code 0..n-1} on {@code threads} threads (the caller's and {@code threads - 1}
   * started here and ended before returning) and hands them to {@code onRow} in order on the
   * calling thread. The unit of work is a policy set ({@code sets}: each set's principals, in
   * order; the sets in the order of their first principal): one thread computes all the rows of a
   * set, in the principals' order, so the set's caches (the rows and cells one principal takes
   * over from another, {@link Compiled}) fill exactly as when the rows are computed one after the
   * other, and every row is the same, down to the order of its examples' keys, whatever the
   * scheduling. What the sets share (the models, the {@link Replays}) only saves work. Nothing
   * outlives the call: the threads, the queue and the rows not yet handed over are its own.
   */
  private static void inParallel(int n, List<int[]> sets, int threads, IntFunction<List<Cell>> rowAt,
      ObjIntConsumer<List<Cell>> onRow, BooleanSupplier stop) {
    AtomicInteger next = new AtomicInteger();
    AtomicReferenceArray<List<Cell>> done =
        new AtomicReferenceArray<>(n);
    // the failures by principal: the first in the principals' order is thrown, after the rows
    // before it (still computed: a sequential run would have handed them over)
    ConcurrentSkipListMap<Integer, Throwable> failures =
        new ConcurrentSkipListMap<>();
    AtomicInteger firstFailure = new AtomicInteger(n);
    AtomicBoolean quit = new AtomicBoolean();
    // each finished principal's index, and -1 when a thread takes no more work
    LinkedBlockingQueue<Integer> finished = new LinkedBlockingQueue<>();
    // takes the next set and computes its rows; false when there is none to take
    BooleanSupplier step = () -> {
      if (quit.get() || stop.getAsBoolean()) {
        return false;
      }
      int t = next.getAndIncrement();
      if (t >= sets.size()) {
        return false;
      }
      for (int i : sets.get(t)) {
        if (quit.get() || stop.getAsBoolean() || i > firstFailure.get()) {
          break; // the set's later principals come after the stop or a failure: not handed over
        }
        try {
          done.set(i, rowAt.apply(i));
        } catch (RuntimeException | Error e) {
          failures.put(i, e);
          firstFailure.accumulateAndGet(i, Math::min);
          finished.add(i);
          break;
        }
        finished.add(i);
      }
      return true;
    };
    List<Thread> started = new ArrayList<>();
    for (int t = 1; t < threads; t++) {
      Thread worker = new Thread(() -> {
        try {
          while (step.getAsBoolean()) {
            // the next set
          }
        } finally {
          finished.add(-1);
        }
      }, "iamlocal-access-matrix-" + t);
      worker.setDaemon(true);
      started.add(worker);
      worker.start();
    }
    int running = started.size();
    int handed = 0;
    boolean interrupted = false;
    try {
      while (handed < n) {
        while (handed < n && done.get(handed) != null) {
          List<Cell> row = done.get(handed);
          done.set(handed, null); // handed over: the caller keeps it if it wants it
          onRow.accept(row, handed++);
        }
        if (handed >= n || failures.containsKey(handed)) {
          break;
        }
        // compute a set here too, else wait for the others' rows
        if (!step.getAsBoolean()) {
          if (running == 0) {
            break; // stopped: no thread computes the next row
          }
          try {
            if (finished.take() < 0) {
              running--;
            }
          } catch (InterruptedException e) {
            interrupted = true;
            break;
          }
        }
      }
    } finally {
      quit.set(true);
      for (Thread worker : started) {
        boolean joined = false;
        while (!joined) {
          try {
            worker.join();
            joined = true;
          } catch (InterruptedException e) {
            interrupted = true; // a worker ends after its current row: waited for, then the flag restored
          }
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    if (interrupted) {
      throw new CancellationException("the access matrix was interrupted");
    }
    Map.Entry<Integer, Throwable> failure = failures.firstEntry();
    if (failure != null && failure.getKey() == handed) {
      if (failure.getValue() instanceof RuntimeException r) {
        throw r;
      }
      throw (Error) failure.getValue();
    }
  }

  /**
   * What the policy sets of one {@link #rows} call share: one action universe, exactly the asked
   * actions ({@link ActionUniverse#exactly}), and each document compiled once over it, instead of a
   * universe (whole services, the actions outside the catalog cut into regions by every pattern)
   * and models per policy set: a quarter of the time of 1,000 principals holding 93 sets of mostly
   * the same policies. A cell asks about one action, and a statement's action set says the same of
   * it in either universe; so the asked actions must be names, not patterns (a pattern is "not one
   * action" by how many actions of the universe it matches).
   */
  private static final class Common {
    final ActionUniverse universe;
    /** The pin that names no key, the last document of every problem. */
    final PolicyDocument emptyPin;
    private final List<String> actions;
    // by identity (each text is parsed once per call); synchronized: the rows are computed on several threads
    private final Map<PolicyDocument, PolicyDocument> scoped =
        Collections.synchronizedMap(new IdentityHashMap<>());
    private final Map<PolicyDocument, Model> models = Collections.synchronizedMap(new IdentityHashMap<>());
    /** The accounts each document names ({@code Problem}'s made-up accounts avoid them), its text scanned once. */
    private final Map<PolicyDocument, Set<String>> accounts =
        Collections.synchronizedMap(new IdentityHashMap<>());

    private Common(ActionUniverse universe, List<String> actions) {
      this.universe = universe;
      this.emptyPin = PolicyParser.parse(pinPolicy(new Pins(Map.of(), Set.of())));
      this.actions = actions;
    }

    /** The shared universe, or null when an asked action is a pattern (then each set builds its own, as {@link #row}). */
    static Common of(ServiceCatalog catalog, List<String> actions) {
      for (String a : actions) {
        if (a.indexOf('*') >= 0 || a.indexOf('?') >= 0) {
          return null;
        }
      }
      return new Common(ActionUniverse.exactly(catalog, actions), actions);
    }

    /** Each asked action's index in {@link #universe} (-1: not one action), the same for every set. */
    private final Map<String, Integer> index = new ConcurrentHashMap<>();

    /** The asked action's index in the shared universe, or -1 when it is not one action ({@link SymbolicMatrix#one}). */
    int index(String action) {
      return index.computeIfAbsent(action, a -> one(universe, a));
    }

    /** The document as the matrix reasons about it ({@link SymbolicMatrix#scoped}), once. */
    PolicyDocument scoped(PolicyDocument original) {
      return scoped.computeIfAbsent(original, d -> SymbolicMatrix.scoped(List.of(d), actions).get(0));
    }

    /** The problem of one policy set and the empty pin over the shared universe. */
    Problem problem(Compiled set) {
      List<PolicyDocument> docs = new ArrayList<>();
      set.all.forEach(d -> docs.add(scoped(d)));
      docs.add(emptyPin);
      return new Problem(universe, docs, d -> models.computeIfAbsent(d, x -> new Model(x, false, universe, List.of())),
          d -> accounts.computeIfAbsent(d, Problem::accounts));
    }
  }

  /**
   * An asked action's index in the universe and its class signature (null: not one action). Kept per
   * policy set and asked action for the whole call, so small: the index rather than a set of one,
   * the signature one String per class of the set ({@link Compiled#signatures}).
   */
  private record ActionClass(int action, String signature) {}

  /** A computed cell and the (lower-case) keys of the principal it was computed for. */
  private record ComputedCell(Cell cell, Map<String, String> keys) {}

  /** One principal's policies, parsed and compiled once for every principal that holds them. */
  private static final class Compiled {
    /** The universe and models shared with the other sets of the same {@link #rows} call, or null. */
    Common common;
    final List<PolicyDocument> identity = new ArrayList<>();
    final PolicyDocument boundary;
    final List<PolicyDocument> all = new ArrayList<>();
    /** The keys the policies read (lower case): only these can make two principals' rows differ. */
    final Set<String> referenced = new LinkedHashSet<>();
    /** The problem with a pin that names no key; built on first use, each principal's pin put in its place. */
    private Problem base;
    /** Per asked action (by its position in the call's list): its index and class signature ({@link #classes(int)}). */
    private ActionClass[] classes;
    /** Per action of the shared universe (by index): what of the set the evaluator sees for it ({@link #view(int, String, int)}). */
    private Compiled.ActionView[] viewOf;
    /** The class signatures of the set, each one String for all the set's actions of that class. */
    final Map<String, String> signatures = new ConcurrentHashMap<>();
    /** The evaluator's policies for every principal of the set (they do not depend on its keys); built on first use. */
    private PolicySet replay;
    /** Per statement of the shared models: the keys it reads (lower case). */
    final Map<Stmt, Set<String>> reads = Collections.synchronizedMap(new IdentityHashMap<>());
    /**
     * Computed cells by action class and the values of the keys that class's statements read, with
     * the keys of the principal they were computed for: a principal that agrees on those keys gets
     * the same answer.
     */
    final Map<List<Object>, ComputedCell> cells = new ConcurrentHashMap<>();
    /**
     * Whether a statement can apply to the principal (for a CONDITIONAL cell's words), by statement,
     * resource and the values of the principal keys it reads: the action does not matter once the
     * statement names it (the pin allows every action).
     */
    final Map<List<Object>, Boolean> applies = new ConcurrentHashMap<>();

    /** The evaluator's principals by ARN: the examples' caller, parsed once. */
    final Map<String, Principal> callers = new ConcurrentHashMap<>();
    /** The replays of every policy set of the {@link #rows} call, and its documents' views. */
    private final Replays replays;
    /** Per document of {@link #all}, its view. */
    private final List<DocumentView> views = new ArrayList<>();
    /** Per action (as the example spells it): what of this set the evaluator sees for it, and the keys that reads. */
    private final Map<String, ActionView> seen = new ConcurrentHashMap<>();
    /** The principal keys (lower case) the policies read, in the order {@link #pins} names them absent. */
    private final List<String> principalKeysRead = new ArrayList<>();

    /**
     * For one action: the statements of the set that may match it, numbered ({@code id}) so that
     * equal views of any policy set of the call have the same number ({@link Replays#parts}), and
     * the keys they read.
     */
    private record ActionView(int id, List<String> keys) {}

    /**
     * What of the example decides the evaluator's answer on this set's policies (see {@link
     * Replays}): the request's action, resource, caller and resource account, the expected answer,
     * the statements of the set that may match the action (by document and index, the identity
     * policies' together and the boundary's apart), and the values of the keys those read.
     */
    ReplayKey replayKey(Counterexample e, String resourceAccount, boolean expectAllowed) {
      ActionView view = view(e.action());
      List<Object> values = values(view, e.context());
      return ReplayKey.of(e, resourceAccount, expectAllowed, view, values, values.hashCode());
    }

    /** What of this set the evaluator sees for {@code action} (once per action). */
    ActionView view(String action) {
      return seen.computeIfAbsent(action, this::computeView);
    }

    /**
     * {@link #view(String)} of the universe's action {@code a} (named {@code action}), kept in an
     * array rather than a map: 1,000 principals hold hundreds of sets, each asked about every action.
     * A set's rows are computed by one thread ({@link SymbolicMatrix#inParallel}); were they not,
     * the views are canonical and immutable, so a race would at most compute one twice.
     */
    ActionView view(int a, String action, int universeSize) {
      ActionView[] known = viewsBy(universeSize);
      ActionView v = known[a];
      if (v == null) {
        v = computeView(action);
        known[a] = v;
      }
      return v;
    }

    private synchronized ActionView[] viewsBy(int universeSize) {
      if (viewOf == null) {
        viewOf = new ActionView[universeSize];
      }
      return viewOf;
    }

    /**
     * Per asked action (by position), its index and class, once per set: an array, not a map (see
     * {@link #view(int, String, int)}); the records are immutable, so a race would write an equal one.
     */
    synchronized ActionClass[] classes(int asked) {
      if (classes == null) {
        classes = new ActionClass[asked];
      }
      return classes;
    }

    /** The values in {@code context} of the keys {@code view}'s statements read (null: absent). */
    static List<Object> values(ActionView view, RequestContext context) {
      List<String> keys = view.keys();
      List<Object> values = new ArrayList<>(keys.size());
      for (String k : keys) {
        ContextValue v = context.getNormalized(k);
        values.add(v == null ? null : List.of(v.values(), v.multivalued()));
      }
      return values;
    }

    /** {@link SymbolicMatrix#pins} of a principal holding these policies, without reading the policies again. */
    Pins pins(Map<String, String> keys) {
      Map<String, String> fixed = new LinkedHashMap<>();
      keys.forEach((k, v) -> fixed.put(k.toLowerCase(Locale.ROOT), v));
      Set<String> absent = new LinkedHashSet<>();
      for (String k : principalKeysRead) {
        if (!fixed.containsKey(k)) {
          absent.add(k);
        }
      }
      return new Pins(fixed, absent);
    }

    /** The shared problem with the pin that names no key, built by the first row that needs it; null while none is. */
    synchronized Problem base() {
      return base;
    }

    /** The shared problem, built now if no row built it yet (over {@link #common}'s universe when there is one). */
    synchronized Problem base(Supplier<Problem> build) {
      if (base == null) {
        base = build.get();
      }
      return base;
    }

    /** The evaluator's policies of the set, built on first use in {@code p}'s account (that of {@link #base}). */
    synchronized PolicySet replay(Problem p) {
      if (replay == null) {
        replay = replaySet(identity, boundary, p);
      }
      return replay;
    }

    boolean replayedBefore(ReplayKey key) {
      return replays.confirmed.contains(key);
    }

    void confirmedNow(ReplayKey key) {
      replays.confirmed.add(key);
    }

    /** The statements that may match {@code action} (as identity policies, then the boundary's) and the keys they read. */
    private ActionView computeView(String action) {
      String lower = replays.lowerNames.computeIfAbsent(action, a -> a.toLowerCase(Locale.ROOT));
      Set<String> keys = new TreeSet<>();
      // most sets have no statement that may match most actions: then the empty map, allocated never
      Map<Integer, List<Integer>> identityParts = Map.of();
      for (int i = 0; i < identity.size(); i++) {
        DocumentView d = views.get(i);
        List<Integer> match = d.matching(lower);
        if (!match.isEmpty()) {
          // a document none of whose statements can match adds nothing the evaluator considers;
          // the identity policies' statements are pooled, so their order does not matter
          if (identityParts.isEmpty()) {
            identityParts = new TreeMap<>();
          }
          identityParts.merge(d.id, match, (x, y) -> x); // the same document twice: its statements once
          d.keys(match, keys);
        }
      }
      Object boundaryPart = "no boundary";
      if (boundary != null) {
        DocumentView d = views.get(identity.size());
        List<Integer> match = d.matching(lower);
        boundaryPart = List.of(d.id, match);
        d.keys(match, keys);
      }
      if (identityParts.isEmpty() && boundary == null) {
        return replays.nothingMatches(); // the most common view, looked up without a key
      }
      // one view (and number) per distinct part of the call: the set keeps a reference per action,
      // not a copy (1,000 principals hold hundreds of sets × 449 actions)
      return replays.parts.computeIfAbsent(List.of(identityParts, boundaryPart, List.copyOf(keys)),
          part -> new ActionView(replays.partCount.getAndIncrement(), List.copyOf(keys)));
    }

    Compiled(Subject subject, Map<String, PolicyDocument> parsed, Replays replays) {
      this.replays = replays;
      for (String p : subject.identityPolicies()) {
        Prover.checkSize(p, "an identity policy");
        PolicyDocument d = parsed.get(p);
        if (d == null) {
          d = PolicyParser.parse(p);
          parsed.put(p, d);
        }
        identity.add(d);
      }
      if (subject.boundary() != null) {
        Prover.checkSize(subject.boundary(), "the permissions boundary");
        PolicyDocument d = parsed.get(subject.boundary());
        if (d == null) {
          d = PolicyParser.parse(subject.boundary());
          parsed.put(subject.boundary(), d);
        }
        boundary = d;
      } else {
        boundary = null;
      }
      all.addAll(identity);
      if (boundary != null) {
        all.add(boundary);
      }
      // ContextKeys.referencedBy(all): the union, in order, of each document's keys (read once per document)
      for (PolicyDocument d : all) {
        referenced.addAll(replays.keysOf.computeIfAbsent(d, x -> {
          List<String> lower = new ArrayList<>();
          ContextKeys.referencedBy(List.of(x)).forEach(k -> lower.add(k.toLowerCase(Locale.ROOT)));
          return List.copyOf(lower);
        }));
      }
      for (String k : referenced) {
        if (isPrincipalKey(k)) {
          principalKeysRead.add(k);
        }
      }
      for (PolicyDocument d : all) {
        views.add(replays.views.computeIfAbsent(d, x -> new DocumentView(x, replays.views.size())));
      }
    }
  }

  /**
   * The replays the evaluator confirmed in one {@link #rows} call (or one {@link #row}), each as
   * the part of the request and of the policies that the evaluator's answer depends on; an example
   * that agrees on all of it with one confirmed before is the same request on the same policies as
   * far as the evaluator can tell, and is not replayed again. Why that part decides the answer: the
   * evaluator considers a statement only when the statement's Action matches the request's action
   * ({@code Evaluator.consider}), and then reads only the statement's resource, its condition keys
   * and its policy variables; the caller and the resource account are the same for every example of
   * a problem. So two requests with the same action, resource, caller and account, on policy sets
   * whose statements that can match that action are the same, agreeing on the keys those statements
   * read, get the same decision. "Can match" is decided here with the evaluator's own matching (a
   * case-insensitive glob of each Action pattern), never with the prover's model, so a prover that
   * got an action wrong still meets the evaluator; NotAction statements, and statements without an
   * Action, count as matching every action (a larger part only means fewer replays skipped).
   */
  static final class Replays {
    final Map<PolicyDocument, DocumentView> views = new IdentityHashMap<>();
    /** Per document, the keys it reads (lower case, {@link ContextKeys#referencedBy} order). */
    final Map<PolicyDocument, List<String>> keysOf = new IdentityHashMap<>();
    /** Each asked action's lower-case name (the actions are a few hundred Strings, asked about for every set). */
    private final Map<String, String> lowerNames = new ConcurrentHashMap<>();
    final Set<ReplayKey> confirmed = ConcurrentHashMap.newKeySet();
    /** Each distinct view of the call's policy sets on an action: the statements that may match and the keys they read. */
    private final Map<List<Object>, Compiled.ActionView> parts = new ConcurrentHashMap<>();
    private final AtomicInteger partCount = new AtomicInteger();
    /** The view of a set without a boundary none of whose statements may match the action, once known. */
    private volatile Compiled.ActionView nothingMatches;

    Compiled.ActionView nothingMatches() {
      Compiled.ActionView v = nothingMatches;
      if (v == null) {
        // the view computeView's general path gives for it: no identity parts, no boundary, no keys
        v = parts.computeIfAbsent(List.of(Map.of(), "no boundary", List.of()),
            part -> new Compiled.ActionView(partCount.getAndIncrement(), List.of()));
        nothingMatches = v;
      }
      return v;
    }
  }

  /**
   * A replay as the evaluator tells requests apart ({@link Replays}): the request's action, resource,
   * caller and resource account, the expected answer, the statements of the set that may match the
   * action ({@code view}: equal views of any set of the call have one number), and the values of
   * the keys those read. Hashed once: it is looked up for every example of the matrix.
   */
  record ReplayKey(String action, String resource, String principal, String account, boolean expectAllowed, int view,
      List<Object> values, int hash) {

    /** The key of {@code e}; {@code valuesHash} is {@code values.hashCode()}, which a class's examples share. */
    static ReplayKey of(Counterexample e, String account, boolean expectAllowed, Compiled.ActionView view,
        List<Object> values, int valuesHash) {
      int h = Objects.hash(e.action(), e.resource(), e.principal(), account, expectAllowed, view.id()) * 31 + valuesHash;
      return new ReplayKey(e.action(), e.resource(), e.principal(), account, expectAllowed, view.id(), values, h);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /** A document's statements as the evaluator tells actions apart, and the keys each reads. */
  static final class DocumentView {
    /** Distinct per document of the call (the documents are parsed once per text). */
    final int id;
    /** Per statement: its Action patterns, or null when it may match any action (NotAction, no Action). */
    private final List<dev.iamlocal.glob.Glob[]> actions = new ArrayList<>();
    /** Per statement: the literal service prefixes of its patterns (lower case); null when one has a wildcard there. */
    private final List<Set<String>> prefixes = new ArrayList<>();
    /** Per statement: the keys (lower case) it reads. */
    private final List<Set<String>> keys = new ArrayList<>();
    /** By lower-case action: the indices (in the document) of the statements that may match it. */
    private final Map<String, List<Integer>> byAction = new ConcurrentHashMap<>();

    DocumentView(PolicyDocument d, int id) {
      this.id = id;
      for (Statement st : d.statements()) {
        Set<String> read = new TreeSet<>();
        PolicyDocument one = new PolicyDocument(d.version(), d.versionString(), d.id(), List.of(st),
            d.statementArray(), d.text());
        ContextKeys.referencedBy(List.of(one)).forEach(k -> read.add(k.toLowerCase(Locale.ROOT)));
        keys.add(read);
        dev.iamlocal.glob.Glob[] globs = null;
        Set<String> literal = null;
        if (st.action() != null && st.notAction() == null) {
          List<String> patterns = st.action().strings();
          globs = patterns.stream().map(dev.iamlocal.glob.Glob::compileIgnoreCase).toArray(dev.iamlocal.glob.Glob[]::new);
          literal = new HashSet<>();
          for (String p : patterns) {
            String prefix = prefix(p.toLowerCase(Locale.ROOT));
            if (prefix.indexOf('*') >= 0 || prefix.indexOf('?') >= 0) {
              literal = null; // a wildcard before the colon: any service
              break;
            }
            literal.add(prefix);
          }
        }
        actions.add(globs);
        prefixes.add(literal);
      }
    }

    /** The part before the first colon, or all of it. */
    private static String prefix(String lower) {
      int colon = lower.indexOf(':');
      return colon < 0 ? lower : lower.substring(0, colon);
    }

    List<Integer> matching(String lowerAction) {
      List<Integer> known = byAction.get(lowerAction);
      if (known != null) {
        return known;
      }
      String service = prefix(lowerAction);
      List<Integer> out = new ArrayList<>();
      for (int i = 0; i < actions.size(); i++) {
        dev.iamlocal.glob.Glob[] globs = actions.get(i);
        boolean may = globs == null;
        // a pattern whose service part is literal matches only actions of that service: the
        // glob, anchored at the start, must match that text and then the colon
        if (!may && (prefixes.get(i) == null || prefixes.get(i).contains(service))) {
          for (int j = 0; !may && j < globs.length; j++) {
            may = globs[j].matchesLowerCase(lowerAction);
          }
        }
        if (may) {
          out.add(i);
        }
      }
      out = List.copyOf(out);
      byAction.put(lowerAction, out);
      return out;
    }

    void keys(List<Integer> statements, Set<String> into) {
      statements.forEach(i -> into.addAll(keys.get(i)));
    }
  }

  /**
   * {@code first}'s row as the row of {@code to}, a principal with the same policies and the same
   * values of every key they read: the same answers, each example with {@code to}'s keys, replayed
   * on the evaluator; null if the evaluator does not confirm one.
   *
   * <p>When every example of {@code first}'s row was confirmed in the set's {@link Replays} (its
   * row was computed on the shared problem), the examples here are not replayed again: each is the
   * same request to the evaluator as the one it was made from. It differs only in the principal
   * keys that no statement of the policy set reads (the others are kept as they were); the
   * statements that may match its action read a subset of the set's keys ({@link
   * Compiled#referenced}); so its replay key ({@link Compiled#replayKey}: action, resource,
   * caller, account, expected answer, the statements that may match, the values of the keys they
   * read) is that of the original, which the evaluator confirmed.
   */
  private static List<Cell> renamed(SharedRow first, Subject to, Compiled c) {
    List<Cell> shared = first.cells();
    Map<String, String> fromKeys = new HashMap<>();
    first.subject().keys().forEach((k, v) -> fromKeys.put(k.toLowerCase(Locale.ROOT), v));
    // lower case, as a row computed for the principal spells its own keys in its examples (Pins)
    Map<String, String> toKeys = new LinkedHashMap<>();
    to.keys().forEach((k, v) -> toKeys.put(k.toLowerCase(Locale.ROOT), v));
    boolean replay = !first.replayed();
    List<Cell> out = new ArrayList<>(shared.size());
    // the cells of one action class share their examples' context: each rewritten once
    Map<RequestContext, RequestContext> rewritten = new IdentityHashMap<>();
    for (Cell cell : shared) {
      Counterexample allow = withKeys(cell.allowExample(), fromKeys, toKeys, c, rewritten);
      Counterexample deny = withKeys(cell.denyExample(), fromKeys, toKeys, c, rewritten);
      if (replay && (!confirmed(allow, true, c) || !confirmed(deny, false, c))) {
        return null;
      }
      out.add(new Cell(cell.action(), cell.kind(), cell.condition(), allow, deny, cell.undecided()));
    }
    return out;
  }

  /** The example with the principal keys the policies do not read set to the other principal's values. */
  private static Counterexample withKeys(Counterexample e, Map<String, String> from, Map<String, String> to, Compiled c,
      Map<RequestContext, RequestContext> rewritten) {
    if (e == null) {
      return null;
    }
    RequestContext context = rewritten.get(e.context());
    if (context != null) {
      return new Counterexample(e.statementIndex(), e.action(), e.resource(), e.principal(), context);
    }
    RequestContext.Builder b = RequestContext.builder();
    for (ContextValue v : e.context().entries()) {
      String k = v.key().toLowerCase(Locale.ROOT);
      if (from.containsKey(k) && !c.referenced.contains(k)) {
        continue; // the first principal's own key: replaced below
      }
      if (v.multivalued()) {
        b.putList(v.key(), v.values());
      } else {
        b.put(v.key(), v.values().get(0));
      }
    }
    to.forEach((k, v) -> {
      if (!c.referenced.contains(k.toLowerCase(Locale.ROOT))) {
        b.put(k, v);
      }
    });
    context = b.build();
    rewritten.put(e.context(), context);
    return new Counterexample(e.statementIndex(), e.action(), e.resource(), e.principal(), context);
  }

  /**
   * The values of the principal keys that the statements of an action class read: the pinned value,
   * "absent", or nothing for a key the principal does not describe (free in every request).
   */
  private static Map<String, String> readValues(Compiled c, List<Stmt> relevant, String sig, Pins pinned) {
    Map<String, String> out = new TreeMap<>();
    for (int i = 0; i < relevant.size(); i++) {
      if (sig.charAt(i) != '1') {
        continue;
      }
      Stmt st = relevant.get(i);
      Set<String> keys = c.reads.get(st);
      if (keys == null) {
        keys = new LinkedHashSet<>();
        if (st.resource() != null) {
          keys.addAll(st.resource().varKeys);
        }
        for (Atoms.Cond cond : st.conds()) {
          keys.add(cond.key);
          keys.addAll(cond.varKeys);
        }
        c.reads.put(st, keys);
      }
      for (String k : keys) {
        String v = pinned.fixed().get(k);
        if (v != null) {
          out.put(k, "=" + v);
        } else if (pinned.absent().contains(k)) {
          out.put(k, "absent");
        }
      }
    }
    return out;
  }

  /**
   * The documents as the matrix needs them: each statement's Action list without the patterns whose
   * service part matches none of the services of {@code actions} (they never match an action the
   * matrix asks about, and would load their services into the action universe and every statement's
   * action set); a statement left without a pattern names an action of no service. NotAction lists,
   * resources, conditions and the text (its accounts) are kept. Every example is still replayed on
   * the original documents.
   */
  static List<PolicyDocument> scoped(List<PolicyDocument> docs, List<String> actions) {
    Set<String> services = new LinkedHashSet<>();
    for (String a : actions) {
      int colon = a.indexOf(':');
      String svc = colon < 0 ? a : a.substring(0, colon);
      if (svc.indexOf('*') >= 0 || svc.indexOf('?') >= 0 || colon < 0) {
        return docs; // a pattern over services: keep everything
      }
      services.add(svc.toLowerCase(Locale.ROOT));
    }
    List<PolicyDocument> out = new ArrayList<>(docs.size());
    for (PolicyDocument d : docs) {
      List<Statement> statements = new ArrayList<>(d.statements().size());
      for (Statement st : d.statements()) {
        if (st.action() == null) {
          statements.add(st);
          continue;
        }
        List<PolicyString> kept = new ArrayList<>();
        for (PolicyString v : st.action().values()) {
          String x = v.value();
          int colon = x.indexOf(':');
          String svc = (colon < 0 ? x : x.substring(0, colon)).toLowerCase(Locale.ROOT);
          dev.iamlocal.glob.Glob g = dev.iamlocal.glob.Glob.builder(true).pattern(svc).build();
          boolean any = colon < 0;
          for (String s : services) {
            any |= g.matches(s);
          }
          if (any) {
            kept.add(v);
          }
        }
        if (kept.size() == st.action().values().size()) {
          statements.add(st);
          continue;
        }
        if (kept.isEmpty()) {
          kept.add(PolicyString.of("iamlocal-none:none"));
        }
        statements.add(new Statement(st.index(), st.sid(), st.effect(), new dev.iamlocal.policy.ValueList(kept,
            st.action().array(), st.action().span(), st.action().path()), st.notAction(), st.resource(), st.notResource(),
            st.principal(), st.notPrincipal(), st.conditions(), st.span(), st.path()));
      }
      out.add(new PolicyDocument(d.version(), d.versionString(), d.id(), statements, d.statementArray(), d.text()));
    }
    return out;
  }

  private static Map<String, String> lowerKeys(Subject s) {
    Map<String, String> out = new HashMap<>();
    s.keys().forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v));
    return out;
  }

  /**
   * A cell computed for another principal that agrees on every key the class's statements read, as
   * this principal's cell for action {@code a}: its examples with this principal's own keys and this
   * action, replayed on the evaluator; null when the evaluator does not confirm them.
   */
  private static Cell adapt(Cell c, Map<String, String> from, Subject to, Problem p, int a, Replayer replayer) {
    Map<String, String> toKeys = lowerKeys(to);
    Counterexample allow = swapKeys(c.allowExample(), from, toKeys);
    Counterexample deny = swapKeys(c.denyExample(), from, toKeys);
    String action = p.universe.fullName(a);
    try {
      allow = allow == null ? null : replayer.withAction(allow, a, true);
      deny = deny == null ? null : replayer.withAction(deny, a, false);
    } catch (ProverDisagreement e) {
      return null; // the other principal's keys mattered after all: computed anew
    }
    return new Cell(action, c.kind(), c.condition(), allow, deny, c.undecided());
  }

  /** The example's principal keys (those of {@code from}) replaced by those of {@code to}; the others kept. */
  private static Counterexample swapKeys(Counterexample e, Map<String, String> from, Map<String, String> to) {
    if (e == null) {
      return null;
    }
    RequestContext.Builder b = RequestContext.builder();
    Set<String> done = new HashSet<>();
    for (ContextValue v : e.context().entries()) {
      String k = v.key().toLowerCase(Locale.ROOT);
      if (from.containsKey(k)) {
        // the other principal's key: this principal's value under the same spelling, or none
        if (to.containsKey(k)) {
          b.put(v.key(), to.get(k));
          done.add(k);
        }
        continue;
      }
      if (v.multivalued()) {
        b.putList(v.key(), v.values());
      } else {
        b.put(v.key(), v.values().get(0));
      }
    }
    to.forEach((k, v) -> {
      if (!done.contains(k)) {
        b.put(k, v);
      }
    });
    return new Counterexample(e.statementIndex(), e.action(), e.resource(), e.principal(), b.build());
  }

  /**
   * Whether the evaluator, on the policy set's own policies ({@code c.replay}, in {@code c.base}'s
   * account), decides {@code e} as expected; a request it decided so before (as {@link
   * Compiled#replayKey} tells them apart) is not replayed again.
   */
  private static boolean confirmed(Counterexample e, boolean expectAllowed, Compiled c) {
    if (e == null) {
      return true;
    }
    Problem base = c.base();
    ReplayKey key = c.replayKey(e, base.resourceAccount, expectAllowed);
    if (c.replayedBefore(key)) {
      return true;
    }
    Principal caller = c.callers.computeIfAbsent(e.principal(), Principal::parse);
    AuthorizationRequest r = AuthorizationRequest.builder().principal(caller).action(e.action())
        .resource(e.resource()).resourceAccount(base.resourceAccount).context(e.context()).build();
    boolean agrees = Evaluator.authorize(c.replay(base), r).allowed() == expectAllowed;
    if (agrees) {
      c.confirmedNow(key);
    }
    return agrees;
  }

  private List<Cell> row0(Subject subject, List<String> actions, String resource) {
    return row0(subject, actions, resource, new Compiled(subject, new HashMap<>(), new Replays()),
        new boolean[1]);
  }

  /**
   * The row of {@code subject}, computed on its policy set's shared problem when the principal's
   * pin fits it; {@code replayed[0]} tells whether it did (then every example of the row is
   * confirmed in the set's {@link Replays}).
   */
  private List<Cell> row0(Subject subject, List<String> actions, String resource, Compiled compiled,
      boolean[] replayed) {
    List<PolicyDocument> identity = compiled.identity;
    PolicyDocument boundary = compiled.boundary;
    List<PolicyDocument> all = compiled.all;
    Pins pinned = compiled.pins(subject.keys());
    // the search pins only the keys the policies read; the principal's other keys, which no
    // statement can tell apart, are put into every example afterwards (each is a dimension of its
    // own, held by the pin alone, so this loses and adds no request)
    Map<String, String> read = new LinkedHashMap<>();
    Map<String, String> unread = new LinkedHashMap<>();
    pinned.fixed().forEach((k, v) -> (compiled.referenced.contains(k) ? read : unread).put(k, v));
    Pins searched = new Pins(read, pinned.absent());
    PolicyDocument pin = PolicyParser.parse(pinPolicy(searched));
    Problem problem;
    boolean shared;
    try {
      Problem base = compiled.base(() -> {
        if (compiled.common != null) {
          return compiled.common.problem(compiled);
        }
        List<PolicyDocument> docs = new ArrayList<>(scoped(all, actions));
        docs.add(PolicyParser.parse(pinPolicy(new Pins(Map.of(), Set.of()))));
        return new Problem(catalog, AccessCheckPolicyType.IDENTITY_POLICY, docs, actions, null);
      });
      problem = base.withLast(pin);
      shared = problem != null;
      if (problem == null) {
        List<PolicyDocument> docs = new ArrayList<>(scoped(all, actions));
        docs.add(pin);
        problem = new Problem(catalog, AccessCheckPolicyType.IDENTITY_POLICY, docs, actions, null);
      }
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
    replayed[0] = shared;
    // the evaluator's policies are compiled when an example is first replayed: a set whose every
    // example is a request the evaluator decided for another set (most are, as Replays tells them
    // apart) never compiles its own
    Problem forReplay = problem;
    Supplier<PolicySet> replaySet = shared ? () -> compiled.replay(forReplay)
        : () -> replaySet(compiled.identity, compiled.boundary, forReplay);
    Replayer replayer = new Replayer(problem, replaySet, unread, shared ? compiled : null);

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
    ActionClass[] classes = shared ? compiled.classes(actions.size()) : null;
    for (int i = 0; i < actions.size(); i++) {
      String action = actions.get(i);
      try {
        // the action's index and class are the policies' alone: computed once per policy set
        ActionClass known = shared ? classes[i] : null;
        if (known == null) {
          int a = compiled.common != null && problem.universe == compiled.common.universe ? compiled.common.index(action)
              : one(problem.universe, action);
          String sig = null;
          if (a >= 0) {
            Budget.spend(1 + relevant.size());
            StringBuilder b = new StringBuilder();
            for (Stmt s : relevant) {
              b.append(s.actions().get(a) ? '1' : '0');
            }
            sig = b.toString();
            if (shared) {
              String before = compiled.signatures.putIfAbsent(sig, sig);
              sig = before == null ? sig : before;
            }
          }
          known = new ActionClass(sig == null ? -1 : a, sig);
          if (shared) {
            classes[i] = known; // a race writes an equal record: either is right
          }
        }
        String sig = known.signature();
        if (sig == null) {
          // a pattern, not one action: the matrix is per action
          out.add(new Cell(action, Kind.UNDECIDED, null, null, null, action + " is not one action"));
          continue;
        }
        int a = known.action();
        BitSet scope = new BitSet(problem.universe.size());
        scope.set(a);
        Cell same = byClass.get(sig);
        if (same != null) {
          out.add(rename(same, problem, a, replayer));
          continue;
        }
        List<Object> cellKey = null;
        if (shared) {
          cellKey = List.of(sig, resource, readValues(compiled, relevant, sig, pinned));
          ComputedCell hit = compiled.cells.get(cellKey);
          if (hit != null) {
            Cell adapted = adapt(hit.cell(), hit.keys(), subject, problem, a, replayer);
            if (adapted != null) {
              byClass.put(sig, adapted);
              out.add(adapted);
              continue;
            }
          }
        }
        Cell c = cell(problem, scope, a, extra, idModels, bModel, pinStmt, resource, replayer, searched,
            shared ? compiled : null);
        if (cellKey != null && c.kind() != Kind.UNDECIDED) {
          compiled.cells.put(cellKey, new ComputedCell(c, lowerKeys(subject)));
        }
        byClass.put(sig, c);
        out.add(c);
      } catch (Undecidable u) {
        // the budget ran out between two cells (or inside the cheap work around them)
        out.add(new Cell(action, Kind.UNDECIDED, null, null, null, u.getMessage()));
      }
    }
    return out;
  }

  private Cell cell(Problem p, BitSet scope, int a, List<Atoms.Lit> extra, List<Model> id, Model boundary, Stmt pin,
      String resource, Replayer replayer, Pins pinned, Compiled applyCache) {
    String action = p.universe.fullName(a);
    // one Search for every question of the cell (allowed, not allowed, which statements can
    // apply): the same action, resource and pins, and its caches (answers about a dimension's
    // literals, each a function of them) carry over from one question to the next
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
      no = allowSearch.run(denied);
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
    Predicate<Stmt> applies = st -> {
      if (!st.actions().intersects(scope)) {
        return false;
      }
      List<Object> key = applyCache == null ? null : List.of(st, resource, readValues(applyCache, List.of(st), "1", pinned));
      Boolean known = key == null ? null : applyCache.applies.get(key);
      if (known == null) {
        known = canApply(allowSearch, pin, st);
        if (key != null) {
          applyCache.applies.put(key, known);
        }
      }
      return known;
    };
    return new Cell(action, Kind.CONDITIONAL, condition(p, scope, extra, id, boundary, pin, resource, pinned, applies),
        allowEx, denyEx, null);
  }

  /** A search of the row's problem: the principal's own keys (lower case) hold one value, never a list. */
  private static Search search(Problem p, BitSet scope, List<Atoms.Lit> extra, Pins pinned) {
    return p.search(scope, extra, Map.of()).principalKeys(pinned.fixed().keySet(), pinned.absent());
  }

  /** The index of the one action of {@code universe} that {@code action} names, or -1 (none, or a pattern of several). */
  private static int one(ActionUniverse universe, String action) {
    BitSet scope = universe.matching(List.of(action));
    return scope.cardinality() == 1 ? scope.nextSetBit(0) : -1;
  }

  /** A shared class's cell for another action of it: the same answer, its examples with this action (replayed). */
  private static Cell rename(Cell c, Problem p, int a, Replayer replayer) {
    String action = p.universe.fullName(a);
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
      Stmt pin, String resource, Pins pinned, Predicate<Stmt> applies) {
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
          if (!applies.test(s)) {
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
          if (applies.test(s)) {
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

  /** Whether {@code s} applies to some request of the cell's search (its action, resource and principal). */
  private static boolean canApply(Search search, Stmt pin, Stmt s) {
    try {
      Search.Outcome o = search.run(List.of(new Search.Hold(pin), new Search.Hold(s)));
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
      if (!fixed.containsKey(lower) && isPrincipalKey(lower)) {
        absent.add(lower);
      }
    }
    return new Pins(fixed, absent);
  }

  /** Whether the lower-case key is one a pin speaks about ({@link #PRINCIPAL_KEY_PREFIXES}). */
  private static boolean isPrincipalKey(String lower) {
    for (String prefix : PRINCIPAL_KEY_PREFIXES) {
      if (prefix.endsWith("/") ? lower.startsWith(prefix) : lower.equals(prefix)) {
        return true;
      }
    }
    return false;
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

  /**
   * The evaluator's policies for a principal: its identity policies and boundary as parsed from
   * their texts (not {@link #scoped}), in its own account.
   */
  private static PolicySet replaySet(List<PolicyDocument> identity, PolicyDocument boundary, Problem p) {
    PolicySet.Builder b = PolicySet.builder();
    int i = 0;
    for (PolicyDocument d : identity) {
      b.identity(new Policy("identity-" + i++, d, null));
    }
    if (boundary != null) {
      b.permissionsBoundary(new Policy("boundary", boundary, null));
    }
    b.resourcePolicy(Policy.parse("delegate", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
        + "\"Principal\":{\"AWS\":\"arn:aws:iam::" + p.resourceAccount + ":root\"},\"Action\":\"*\",\"Resource\":\"*\"}]}"));
    return b.build();
  }

  /** Replays examples on the evaluator: the prover and the engine check each other. */
  private static final class Replayer {
    final Problem p;
    /** The evaluator's policies of the principal, compiled on the first replay ({@link #set()}). */
    private final Supplier<PolicySet> compile;
    private PolicySet set;

    /** The principal's keys no policy reads: in every example, as in every request of the principal. */
    final Map<String, String> unread;

    /** The policy set's replays (when the policies are its shared {@code Compiled.replay}), or null: replay every example. */
    final Compiled memo;

    Replayer(Problem p, Supplier<PolicySet> set, Map<String, String> unread, Compiled memo) {
      this.p = p;
      this.compile = set;
      this.unread = unread;
      this.memo = memo;
    }

    private PolicySet set() {
      if (set == null) {
        set = compile.get();
      }
      return set;
    }

    /** The last context known to hold every {@link #unread} key: the class's other actions reuse it. */
    private RequestContext complete;
    /** The last view and context whose read values were taken, and those values: the class's other actions reuse them. */
    private Compiled.ActionView lastView;
    private RequestContext lastContext;
    private List<Object> lastValues;
    private int lastValuesHash;

    Counterexample confirm(Search.Witness w, boolean expectAllowed) {
      RequestContext found = w.context();
      boolean missing = false;
      if (found != complete) {
        for (String k : unread.keySet()) {
          missing |= found.getNormalized(k) == null; // unread's keys are lower case (Pins)
        }
      }
      if (missing) {
        // an example of another action of the class already holds them: its context is kept, shared
        RequestContext.Builder b = found.toBuilder();
        unread.forEach((k, v) -> {
          if (found.get(k) == null) {
            b.put(k, v);
          }
        });
        w = new Search.Witness(w.action(), w.principal(), w.resource(), b.build());
      }
      complete = w.context();
      Counterexample ce = p.counterexample(-1, w);
      ReplayKey key = null;
      if (memo != null) {
        Compiled.ActionView view = memo.view(w.action(), ce.action(), p.universe.size());
        if (view != lastView || ce.context() != lastContext) {
          lastValues = Compiled.values(view, ce.context());
          lastValuesHash = lastValues.hashCode();
          lastView = view;
          lastContext = ce.context();
        }
        key = ReplayKey.of(ce, p.resourceAccount, expectAllowed, view, lastValues, lastValuesHash);
      }
      if (key != null && memo.replayedBefore(key)) {
        return ce; // the evaluator decided this request (all it reads of it) so already
      }
      Principal principal = p.caller(w);
      AuthorizationRequest r = AuthorizationRequest.builder().principal(principal).action(ce.action())
          .resource(w.resource()).resourceAccount(p.resourceAccount).context(w.context()).build();
      Decision d = Evaluator.authorize(set(), r);
      if (d.allowed() != expectAllowed) {
        throw new ProverDisagreement("the evaluator does not confirm the access matrix's example " + ce.toMap()
            + ": it should be " + (expectAllowed ? "allowed" : "denied"));
      }
      if (key != null) {
        memo.confirmedNow(key);
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
