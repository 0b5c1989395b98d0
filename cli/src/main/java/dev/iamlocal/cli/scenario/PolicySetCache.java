package dev.iamlocal.cli.scenario;

import dev.iamlocal.evaluation.Policy;
import dev.iamlocal.evaluation.PolicySet;
import dev.iamlocal.policy.ParseProblem;
import dev.iamlocal.policy.PolicyParseException;
import dev.iamlocal.policy.PolicyParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compiles the policies of scenarios into {@link PolicySet}s, remembering the most recently used
 * ones by content, so that a file of many scenarios over a few policy combinations parses and
 * compiles each policy and each combination once.
 *
 * <p>Two bounded least-recently-used maps: parsed policies keyed by (id, exact text), and compiled
 * sets keyed by the ids and texts of all the policies of a scenario, per policy type. The key is
 * the exact text, not a normalized form, because statement positions are positions in that text.
 * Thread-safe (one lock; a lookup is a hash of the policy texts, and compiling runs under the lock
 * only on a miss).
 */
public final class PolicySetCache {

  private final LruMap<PolicySource, Policy> policies;
  private final LruMap<SetKey, PolicySet> sets;
  private long parsedPolicies;
  private long compiledSets;

  /** A cache holding at most {@code maxSets} compiled sets and four times as many parsed policies. */
  public PolicySetCache(int maxSets) {
    if (maxSets < 1) {
      throw new IllegalArgumentException("maxSets must be at least 1");
    }
    this.sets = new LruMap<>(maxSets);
    this.policies = new LruMap<>(maxSets * 4);
  }

  /** The policy types of a scenario, each by content; two scenarios with equal keys share a set. */
  private record SetKey(List<PolicySource> identity, PolicySource boundary, List<PolicySource> session,
      PolicySource resource, List<List<PolicySource>> scps, List<List<PolicySource>> rcps, List<PolicySource> vpce) {

    // By hand, with a record's meaning: the generated equals and hashCode are linked through an
    // invokedynamic bootstrap (ObjectMethods) that spins ~40 method-handle classes on first use, which
    // no class-data archive of Java 17 keeps: a fifth of a 10-scenario `simulate` run's CPU.
    @Override
    public boolean equals(Object o) {
      return o instanceof SetKey k && k.identity.equals(identity) && Objects.equals(k.boundary, boundary)
          && Objects.equals(k.session, session) && Objects.equals(k.resource, resource)
          && k.scps.equals(scps) && k.rcps.equals(rcps) && k.vpce.equals(vpce);
    }

    @Override
    public int hashCode() {
      return Objects.hash(identity, boundary, session, resource, scps, rcps, vpce);
    }
  }

  /**
   * The compiled policy set of a scenario.
   *
   * @param sourceName the scenario file's name, for errors
   * @throws ScenarioException when a policy is not a valid policy document (located in the file)
   */
  public synchronized PolicySet policySet(Scenario s, String sourceName) {
    SetKey key = new SetKey(s.identityPolicies(), s.permissionsBoundary(), s.sessionPolicies(), s.resourcePolicy(),
        s.serviceControlPolicies(), s.resourceControlPolicies(), s.vpcEndpointPolicies());
    PolicySet set = sets.get(key);
    if (set != null) {
      return set;
    }
    String path = "$[" + s.index() + "]";
    PolicySet.Builder b = PolicySet.builder().identity(parseAll(s.identityPolicies(), sourceName, path));
    if (s.permissionsBoundary() != null) {
      b.permissionsBoundary(parse(s.permissionsBoundary(), sourceName, path));
    }
    if (s.sessionPolicies() != null) {
      b.sessionPolicies(parseAll(s.sessionPolicies(), sourceName, path));
    }
    if (s.resourcePolicy() != null) {
      b.resourcePolicy(parse(s.resourcePolicy(), sourceName, path));
    }
    for (List<PolicySource> level : s.serviceControlPolicies()) {
      b.addServiceControlPolicyLevel(parseAll(level, sourceName, path));
    }
    for (List<PolicySource> level : s.resourceControlPolicies()) {
      b.addResourceControlPolicyLevel(parseAll(level, sourceName, path));
    }
    for (PolicySource v : s.vpcEndpointPolicies()) {
      b.vpcEndpointPolicy(parse(v, sourceName, path));
    }
    set = b.build();
    compiledSets++;
    sets.put(key, set);
    return set;
  }

  /** How many policy sets were compiled (cache misses) since this cache was created. */
  public synchronized long compiledSets() {
    return compiledSets;
  }

  /** How many policy documents were parsed (cache misses) since this cache was created. */
  public synchronized long parsedPolicies() {
    return parsedPolicies;
  }

  private List<Policy> parseAll(List<PolicySource> sources, String sourceName, String path) {
    List<Policy> out = new ArrayList<>(sources.size());
    for (PolicySource p : sources) {
      out.add(parse(p, sourceName, path));
    }
    return out;
  }

  private Policy parse(PolicySource src, String sourceName, String path) {
    Policy cached = policies.get(src);
    if (cached != null) {
      return cached;
    }
    Policy p;
    try {
      p = new Policy(src.id(), PolicyParser.parse(src.text()), null);
    } catch (PolicyParseException e) {
      throw invalid(src, e.problems(), sourceName, path);
    }
    parsedPolicies++;
    policies.put(src, p);
    return p;
  }

  /** The first problem, placed in the file; the others counted. */
  static ScenarioException invalid(PolicySource src, List<ParseProblem> problems, String sourceName, String path) {
    ParseProblem first = problems.get(0);
    int line = first.span().start().line();
    int col = first.span().start().column();
    SourceLocation at = src.fileLocation(line, col);
    String where = src.fromString() && line > 0 ? " (line " + line + ", column " + col + " of the policy string)" : "";
    String more = problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problem"
        + (problems.size() > 2 ? "s" : "") + ")" : "";
    return new ScenarioException(sourceName, at, path + " policy " + src.id() + " " + first.path(),
        "policy " + src.id() + " is not a valid policy: " + first.code() + ": " + first.message() + where + more,
        first.hint());
  }

  /** An access-ordered map that drops its least recently used entry beyond a bound. */
  private static final class LruMap<K, V> extends LinkedHashMap<K, V> {
    private static final long serialVersionUID = 1L;
    private final int max;

    LruMap(int max) {
      super(16, 0.75f, true);
      this.max = max;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
      return size() > max;
    }
  }
}
