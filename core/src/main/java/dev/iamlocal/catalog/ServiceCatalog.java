package dev.iamlocal.catalog;

import dev.iamlocal.glob.Glob;
import dev.iamlocal.text.EditDistance;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The AWS service catalog: services, actions, resource types and condition keys as the AWS Service
 * Authorization Reference documents them, plus the global condition keys.
 *
 * <p>Only a small index is read up front; each service is parsed the first time it is needed and
 * cached in this instance. Instances are thread-safe. Names of services, actions and condition keys
 * are matched case-insensitively, as IAM does; results carry the canonical spelling.
 */
public final class ServiceCatalog {

  /** What the index says about one service, enough to decide whether to load it. */
  record IndexEntry(
      String prefix,
      String name,
      ServiceStatus status,
      Set<String> arnServices,
      List<String> keyPrefixPatterns,
      int start,
      int end) {}

  private final Map<String, IndexEntry> index;
  private final Set<String> prefixes;
  private final Function<IndexEntry, ServiceDefinition> loader;
  private final Supplier<List<ConditionKeyDefinition>> globalsLoader;
  private final Map<String, LoadedService> loaded = new ConcurrentHashMap<>();
  private final AtomicInteger loadCount = new AtomicInteger();
  private volatile GlobalKeys globalKeys;

  private ServiceCatalog(
      Map<String, IndexEntry> index,
      Function<IndexEntry, ServiceDefinition> loader,
      Supplier<List<ConditionKeyDefinition>> globalsLoader) {
    this.index = index;
    this.loader = loader;
    this.globalsLoader = globalsLoader;
    TreeSet<String> canonical = new TreeSet<>();
    index.values().forEach(e -> canonical.add(e.prefix()));
    this.prefixes = Collections.unmodifiableSet(canonical);
  }

  private static final class Bundled {
    static final ServiceCatalog INSTANCE = load();
  }

  /** The catalog bundled with iamlocal, shared by all callers. */
  public static ServiceCatalog bundled() {
    return Bundled.INSTANCE;
  }

  /**
   * Starts loading the bundled catalog on a daemon thread and returns at once: a short command-line
   * run that will need it (validate, the checks) overlaps the ~30 ms of reading and indexing it with
   * its own start-up (parsing its command line, reading its input) on another core. {@link #bundled}
   * waits for that load if it is still running (the JVM initialises the holder class once); a failure
   * there is left for {@link #bundled}'s caller to meet.
   */
  public static void preload() {
    Thread t = new Thread(() -> {
      try {
        bundled();
      } catch (RuntimeException | Error e) {
        // the caller of bundled() meets the same failure, on its own thread
      }
    }, "iamlocal-catalog-preload");
    t.setDaemon(true);
    t.start();
  }

  /** A fresh, unshared instance over the bundled resources (tests observe its loading). */
  static ServiceCatalog load() {
    return over(CatalogText.bundled());
  }

  /** An instance over catalog text (the bundled one, or a test's). */
  static ServiceCatalog over(CatalogText text) {
    Map<String, IndexEntry> index = new LinkedHashMap<>();
    for (IndexEntry entry : text.index()) {
      index.put(LoadedService.lower(entry.prefix()), entry);
    }
    return new ServiceCatalog(index, text::service, text::globalKeys);
  }

  /** How many services this instance has parsed so far. */
  int loadedServiceCount() {
    return loadCount.get();
  }

  // ---------------------------------------------------------------- services and actions

  /** Every service prefix, sorted. */
  public Set<String> servicePrefixes() {
    return prefixes;
  }

  /** The service with this prefix (case-insensitive). */
  public Optional<ServiceDefinition> service(String prefix) {
    return loaded(prefix).map(s -> s.definition);
  }

  /** The action named {@code prefix:Action} (case-insensitive), with its canonical spelling. */
  public Optional<ActionDefinition> action(String fullName) {
    int colon = fullName.indexOf(':');
    if (colon < 0) {
      return Optional.empty();
    }
    return loaded(fullName.substring(0, colon))
        .flatMap(s -> s.action(fullName.substring(colon + 1)));
  }

  /**
   * Every action an IAM action pattern such as {@code s3:Get*}, {@code sagemaker:*Algorithm} or
   * {@code *} matches, ordered by prefix and name. {@code *} matches any run of characters and
   * {@code ?} one character, case-insensitively, over the whole {@code prefix:Action} string (so a
   * wildcard in the prefix part spans services).
   */
  public List<ActionDefinition> expand(String pattern) {
    int firstWild = firstWildcard(pattern);
    int colon = pattern.indexOf(':');
    if (firstWild < 0 || (colon >= 0 && colon < firstWild)) {
      // The prefix is literal: only one service to look at.
      if (colon < 0) {
        return List.of();
      }
      return loaded(pattern.substring(0, colon))
          .map(s -> matchingLiteralPrefix(s, pattern))
          .orElse(List.of());
    }
    String literalHead = LoadedService.lower(pattern.substring(0, firstWild));
    List<ActionDefinition> out = new ArrayList<>();
    for (String prefix : prefixes) {
      if (prefix.startsWith(literalHead)) {
        loaded(prefix).ifPresent(s -> out.addAll(matching(s, pattern)));
      }
    }
    return out;
  }

  private static List<ActionDefinition> matching(LoadedService s, String pattern) {
    List<ActionDefinition> out = new ArrayList<>();
    Glob glob = Glob.compileIgnoreCase(pattern);
    for (ActionDefinition a : s.definition.actions()) {
      if (glob.matches(a.fullName())) {
        out.add(a);
      }
    }
    return out;
  }

  /** The service's actions the pattern matches; its prefix part is literal and names this service. */
  private static List<ActionDefinition> matchingLiteralPrefix(LoadedService s, String pattern) {
    // The literal "prefix:" equals the service's prefix up to case, so only the name part needs
    // matching; that spares building "prefix:Name" for each of thousands of actions.
    String namePattern = pattern.substring(pattern.indexOf(':') + 1);
    List<ActionDefinition> out = new ArrayList<>();
    Glob glob = Glob.compileIgnoreCase(namePattern);
    for (ActionDefinition a : s.definition.actions()) {
      if (glob.matches(a.name())) {
        out.add(a);
      }
    }
    return out;
  }

  private static int firstWildcard(String s) {
    int star = s.indexOf('*');
    int q = s.indexOf('?');
    return star < 0 ? q : q < 0 ? star : Math.min(star, q);
  }

  // ---------------------------------------------------------------- resource types

  /** The most specific resource type the ARN is an instance of. */
  public Optional<ResourceTypeDefinition> resourceTypeOf(String arn) {
    List<ResourceTypeDefinition> all = resourceTypesMatching(arn);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
  }

  /**
   * Every resource type whose ARN format the ARN matches, most specific (most literal characters
   * in the format) first. Looks only at services whose formats use the ARN's service field.
   */
  public List<ResourceTypeDefinition> resourceTypesMatching(String arn) {
    String[] parts = arn.split(":", 6);
    if (parts.length < 6 || !parts[0].equals("arn")) {
      return List.of();
    }
    String arnService = parts[2];
    record Hit(ResourceTypeDefinition type, int specificity) {}
    List<Hit> hits = new ArrayList<>();
    for (IndexEntry e : index.values()) {
      if (!e.arnServices().contains(arnService) && !hasPlaceholderService(e)) {
        continue;
      }
      LoadedService s = loaded(e.prefix()).orElseThrow();
      for (Map.Entry<ResourceTypeDefinition, ArnFormatMatcher> m : s.arnMatchers()) {
        int specificity = m.getValue().specificity(arn);
        if (specificity >= 0) {
          hits.add(new Hit(m.getKey(), specificity));
        }
      }
    }
    hits.sort(
        Comparator.comparingInt(Hit::specificity)
            .reversed()
            .thenComparing(h -> h.type().servicePrefix())
            .thenComparing(h -> h.type().name()));
    return hits.stream().map(Hit::type).toList();
  }

  private static boolean hasPlaceholderService(IndexEntry e) {
    // AWS Backup documents "arn:${Partition}:${Vendor}:..." for recovery points of any service.
    for (String s : e.arnServices()) {
      if (s.startsWith("${")) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- condition keys

  /**
   * The definition of a condition key (case-insensitive), global or service-specific. Concrete
   * tag keys resolve through their pattern: {@code aws:RequestTag/environment} gives {@code
   * aws:RequestTag/${TagKey}}.
   */
  public Optional<ConditionKeyDefinition> conditionKey(String name) {
    GlobalKeys globals = globals();
    Optional<ConditionKeyDefinition> exactGlobal = globals.exact(name);
    if (exactGlobal.isPresent()) {
      return exactGlobal;
    }
    List<LoadedService> owners = keyOwners(name);
    for (LoadedService s : owners) {
      Optional<ConditionKeyDefinition> k = s.exactKey(name);
      if (k.isPresent()) {
        return k;
      }
    }
    Optional<ConditionKeyDefinition> patternGlobal = globals.pattern(name);
    if (patternGlobal.isPresent()) {
      return patternGlobal;
    }
    for (LoadedService s : owners) {
      Optional<ConditionKeyDefinition> k = s.patternKey(name);
      if (k.isPresent()) {
        return k;
      }
    }
    return Optional.empty();
  }

  /** The global condition keys (the {@code aws:*} keys and the few cross-service ones). */
  public List<ConditionKeyDefinition> globalConditionKeys() {
    return globals().all;
  }

  /**
   * The condition keys AWS documents for an action, as declared (tag keys with their placeholder):
   * the action-level keys, the keys of its resource-type rows, and the keys of those resource
   * types. Global keys are not included; see {@link #supportsConditionKey}.
   */
  public Set<String> conditionKeysFor(ActionDefinition action) {
    TreeSet<String> keys = new TreeSet<>(action.conditionKeys());
    Optional<ServiceDefinition> service = service(action.prefix());
    for (ActionResourceType row : action.resourceTypes()) {
      keys.addAll(row.conditionKeys());
      service
          .flatMap(s -> s.resourceType(row.name()))
          .ifPresent(rt -> keys.addAll(rt.conditionKeys()));
    }
    return Collections.unmodifiableSet(keys);
  }

  /**
   * Whether a condition key (concrete, e.g. {@code sagemaker:ResourceTag/Project}) may be used with
   * the action: true for every global key, else when it is one of {@link #conditionKeysFor}, or a
   * concrete instance of one of those patterns.
   */
  public boolean supportsConditionKey(ActionDefinition action, String key) {
    Optional<ConditionKeyDefinition> def = conditionKey(key);
    if (def.isPresent() && def.get().global()) {
      return true;
    }
    for (String declared : conditionKeysFor(action)) {
      if (declared.equalsIgnoreCase(key)) {
        return true;
      }
      // A concrete tag key such as sagemaker:ResourceTag/Project resolves to the declared pattern.
      if (def.isPresent() && def.get().name().equalsIgnoreCase(declared)) {
        return true;
      }
    }
    return false;
  }

  private List<LoadedService> keyOwners(String keyName) {
    int colon = keyName.indexOf(':');
    if (colon < 0) {
      return List.of();
    }
    String keyPrefix = keyName.substring(0, colon);
    List<LoadedService> owners = new ArrayList<>();
    loaded(keyPrefix).ifPresent(owners::add);
    for (IndexEntry e : index.values()) {
      for (String p : e.keyPrefixPatterns()) {
        if (Glob.compileIgnoreCase(p).matches(keyPrefix)) {
          loaded(e.prefix()).filter(s -> !owners.contains(s)).ifPresent(owners::add);
          break;
        }
      }
    }
    return owners;
  }

  static String placeholdersToWildcards(String s) {
    return s.replaceAll("\\$\\{[^}]*}", "*");
  }

  private GlobalKeys globals() {
    GlobalKeys g = globalKeys;
    if (g == null) {
      synchronized (this) {
        g = globalKeys;
        if (g == null) {
          g = globalKeys = new GlobalKeys(globalsLoader.get());
        }
      }
    }
    return g;
  }

  private static final class GlobalKeys {
    final List<ConditionKeyDefinition> all;
    final Map<String, ConditionKeyDefinition> byName = new ConcurrentHashMap<>();
    final List<LoadedService.KeyPattern> patterns = new ArrayList<>();

    GlobalKeys(List<ConditionKeyDefinition> all) {
      this.all = List.copyOf(all);
      for (ConditionKeyDefinition k : all) {
        byName.put(LoadedService.lower(k.name()), k);
        k.regex()
            .ifPresent(r -> patterns.add(new LoadedService.KeyPattern(LoadedService.compile(r), k)));
      }
    }

    Optional<ConditionKeyDefinition> exact(String name) {
      return Optional.ofNullable(byName.get(LoadedService.lower(name)));
    }

    Optional<ConditionKeyDefinition> pattern(String name) {
      for (LoadedService.KeyPattern p : patterns) {
        if (p.pattern().matcher(name).matches()) {
          return Optional.of(p.key());
        }
      }
      return Optional.empty();
    }
  }

  // ---------------------------------------------------------------- suggestions

  /**
   * Known actions closest to a misspelled {@code prefix:Action}, nearest first (case-insensitive
   * Damerau-Levenshtein distance). With a known prefix, candidates are that service's actions;
   * with an unknown prefix, the actions of the nearest prefixes, scored by both distances.
   */
  public List<String> suggestActions(String misspelled, int max) {
    int colon = misspelled.indexOf(':');
    if (colon < 0 || max <= 0) {
      return List.of();
    }
    String prefixPart = misspelled.substring(0, colon);
    String actionPart = misspelled.substring(colon + 1);
    List<String> prefixCandidates =
        index.containsKey(LoadedService.lower(prefixPart))
            ? List.of(prefixPart)
            : suggestServicePrefixes(prefixPart, 3);
    record Scored(String name, int distance) {}
    List<Scored> scored = new ArrayList<>();
    int limit = EditDistance.threshold(actionPart);
    for (String p : prefixCandidates) {
      LoadedService s = loaded(p).orElseThrow();
      int prefixDistance = EditDistance.between(prefixPart, s.definition.prefix());
      for (ActionDefinition a : s.definition.actions()) {
        int d = EditDistance.between(actionPart, a.name(), limit);
        if (d <= limit) {
          scored.add(new Scored(a.fullName(), prefixDistance + d));
        }
      }
    }
    scored.sort(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name));
    return scored.stream().limit(max).map(Scored::name).toList();
  }

  /** Known service prefixes closest to a misspelled one, nearest first. */
  public List<String> suggestServicePrefixes(String misspelled) {
    return suggestServicePrefixes(misspelled, 5);
  }

  private List<String> suggestServicePrefixes(String misspelled, int max) {
    record Scored(String prefix, int distance) {}
    int limit = EditDistance.threshold(misspelled);
    List<Scored> scored = new ArrayList<>();
    for (String p : prefixes) {
      int d = EditDistance.between(misspelled, p);
      if (d <= limit) {
        scored.add(new Scored(p, d));
      }
    }
    scored.sort(Comparator.comparingInt(Scored::distance).thenComparing(Scored::prefix));
    return scored.stream().limit(max).map(Scored::prefix).toList();
  }

  // ---------------------------------------------------------------- loading

  private Optional<LoadedService> loaded(String prefix) {
    IndexEntry entry = index.get(LoadedService.lower(prefix));
    if (entry == null) {
      return Optional.empty();
    }
    return Optional.of(
        loaded.computeIfAbsent(
            entry.prefix(),
            p -> {
              loadCount.incrementAndGet();
              return new LoadedService(loader.apply(entry));
            }));
  }
}
