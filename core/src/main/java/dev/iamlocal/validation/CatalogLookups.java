package dev.iamlocal.validation;

import dev.iamlocal.arn.ArnPattern;
import dev.iamlocal.catalog.ActionDefinition;
import dev.iamlocal.catalog.ActionResourceType;
import dev.iamlocal.catalog.ResourceTypeDefinition;
import dev.iamlocal.catalog.ConditionKeyDefinition;
import dev.iamlocal.catalog.ServiceCatalog;
import dev.iamlocal.catalog.ServiceDefinition;
import dev.iamlocal.catalog.ServiceStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The catalog questions checks ask, memoised: many policies repeat the same action patterns
 * ({@code sagemaker:*}), keys and resource patterns, and a key look-up scans the service index.
 * The memos hold only derived, immutable answers, so sharing them across validations (and
 * threads) cannot change a result.
 */
final class CatalogLookups {

  /** What an entry of {@code Action}/{@code NotAction} names. */
  enum ActionKind {
    /** {@code *}: every action of every service. */
    ALL,
    /** No {@code prefix:name} shape. */
    BAD_FORMAT,
    /** A wildcard in the service prefix ({@code s3*:Get*}); not expanded (it could span all services). */
    SERVICE_WILDCARD,
    /** The prefix is no known service. */
    UNKNOWN_SERVICE,
    /** A literal name the service does not have. */
    UNKNOWN_ACTION,
    /** A pattern that matches no action of the service. */
    NO_MATCH,
    /** One known action. */
    LITERAL,
    /** A pattern matching at least one action of one service. */
    WILDCARD
  }

  /**
   * The resolution of one action entry.
   *
   * @param prefix the service prefix as written (null for ALL and BAD_FORMAT)
   * @param actions the actions it names (empty unless LITERAL or WILDCARD)
   * @param service the service, when known
   */
  record ActionLookup(ActionKind kind, String prefix, List<ActionDefinition> actions,
      Optional<ServiceDefinition> service) {
    boolean known() {
      return kind == ActionKind.LITERAL || kind == ActionKind.WILDCARD;
    }

    boolean retired() {
      return service.map(s -> s.status() == ServiceStatus.RETIRED).orElse(false);
    }
  }

  private final ServiceCatalog catalog;
  private final Map<String, ActionLookup> actions = new ConcurrentHashMap<>();
  private final Map<String, Optional<ConditionKeyDefinition>> keys = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Boolean>> overlaps = new ConcurrentHashMap<>();
  private final Map<String, Optional<List<String>>> formats = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> keysFor = new ConcurrentHashMap<>();
  private final Map<String, Optional<ArnShape>> arnShapes = new ConcurrentHashMap<>();

  /**
   * What all documented ARN formats of a service field agree on: whether the region and account
   * fields are always empty ({@code arn:aws:iam::123456789012:...} has no region) or never empty.
   */
  record ArnShape(String service, boolean regionAlwaysEmpty, boolean regionNeverEmpty, boolean accountAlwaysEmpty,
      boolean accountNeverEmpty) {}

  CatalogLookups(ServiceCatalog catalog) {
    this.catalog = catalog;
  }

  ServiceCatalog catalog() {
    return catalog;
  }

  ActionLookup action(String raw) {
    return actions.computeIfAbsent(raw.toLowerCase(Locale.ROOT), k -> resolve(raw));
  }

  private ActionLookup resolve(String raw) {
    if (raw.equals("*")) {
      return new ActionLookup(ActionKind.ALL, null, List.of(), Optional.empty());
    }
    int colon = raw.indexOf(':');
    if (colon <= 0 || colon == raw.length() - 1 || raw.indexOf(':', colon + 1) >= 0) {
      return new ActionLookup(ActionKind.BAD_FORMAT, null, List.of(), Optional.empty());
    }
    String prefix = raw.substring(0, colon);
    if (prefix.indexOf('*') >= 0 || prefix.indexOf('?') >= 0) {
      return new ActionLookup(ActionKind.SERVICE_WILDCARD, prefix, List.of(), Optional.empty());
    }
    Optional<ServiceDefinition> service = catalog.service(prefix);
    if (service.isEmpty()) {
      return new ActionLookup(ActionKind.UNKNOWN_SERVICE, prefix, List.of(), service);
    }
    String name = raw.substring(colon + 1);
    if (name.indexOf('*') < 0 && name.indexOf('?') < 0) {
      return catalog.action(raw)
          .map(a -> new ActionLookup(ActionKind.LITERAL, prefix, List.of(a), service))
          .orElseGet(() -> new ActionLookup(ActionKind.UNKNOWN_ACTION, prefix, List.of(), service));
    }
    List<ActionDefinition> matched = catalog.expand(raw);
    return new ActionLookup(matched.isEmpty() ? ActionKind.NO_MATCH : ActionKind.WILDCARD, prefix, matched, service);
  }

  Optional<ConditionKeyDefinition> key(String name) {
    return keys.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> catalog.conditionKey(name).or(() -> byTagPrefix(name)));
  }

  /**
   * A few services document a tag key with a placeholder the catalog does not recognise as one
   * ({@code s3:ExistingObjectTag/<key>}, {@code secretsmanager:ResourceTag/tag-key}): a concrete
   * key with the same text up to its slash is taken to be that key.
   */
  private Optional<ConditionKeyDefinition> byTagPrefix(String name) {
    int colon = name.indexOf(':');
    int slash = name.indexOf('/');
    if (colon <= 0 || slash < colon || slash == name.length() - 1) {
      return Optional.empty();
    }
    String head = name.substring(0, slash + 1);
    return catalog.service(name.substring(0, colon)).flatMap(s -> s.conditionKeys().stream()
        .filter(d -> d.name().length() > head.length() && d.name().regionMatches(true, 0, head, 0, head.length()))
        .findFirst());
  }

  /**
   * The ARN formats of the resource types an action applies to (its rows and scenario rows), or
   * empty when a row names a resource type the service does not define (then any ARN may do).
   */
  Optional<List<String>> arnFormats(ActionDefinition action) {
    return formats.computeIfAbsent(action.fullName(), n -> {
      ActionDefinition a = action;
      Optional<ServiceDefinition> service = catalog.service(a.prefix());
      List<String> out = new ArrayList<>();
      List<ActionResourceType> rows = new ArrayList<>(a.resourceTypes());
      a.scenarios().forEach(sc -> rows.addAll(sc.resourceTypes()));
      for (ActionResourceType row : rows) {
        Optional<ResourceTypeDefinition> rt = service.flatMap(s -> s.resourceType(row.name()));
        if (rt.isEmpty()) {
          return Optional.empty();
        }
        if (!out.contains(rt.get().arnFormat())) {
          out.add(rt.get().arnFormat());
        }
      }
      return Optional.of(List.copyOf(out));
    });
  }

  /** Whether a key (concrete, any case) may be used with the action: global keys always, else as documented. */
  boolean supportsKey(ActionDefinition action, String key, ConditionKeyDefinition def) {
    if (def.global()) {
      return true;
    }
    Set<String> declared = keysFor.computeIfAbsent(action.fullName(), n -> {
      ActionDefinition a = action;
      Set<String> out = new HashSet<>();
      for (String k : catalog.conditionKeysFor(a)) {
        String lower = k.toLowerCase(Locale.ROOT);
        out.add(lower);
        // Tag keys are declared with assorted placeholders (${TagKey}, tag-key, <key>): any
        // concrete key with the same text up to the slash is that key.
        int slash = lower.indexOf('/');
        if (slash > 0) {
          out.add(lower.substring(0, slash + 1));
        }
      }
      return out;
    });
    String lower = key.toLowerCase(Locale.ROOT);
    int slash = lower.indexOf('/');
    return declared.contains(lower) || declared.contains(def.name().toLowerCase(Locale.ROOT))
        || (slash > 0 && slash < lower.length() - 1 && declared.contains(lower.substring(0, slash + 1)));
  }

  /** The shape shared by the service's ARN formats whose service field is {@code arnService}, if the service is known. */
  Optional<ArnShape> arnShape(String arnService) {
    return arnShapes.computeIfAbsent(arnService, k -> catalog.service(arnService).flatMap(s -> {
      boolean regionAlwaysEmpty = true;
      boolean regionNeverEmpty = true;
      boolean accountAlwaysEmpty = true;
      boolean accountNeverEmpty = true;
      int n = 0;
      for (ResourceTypeDefinition rt : s.resourceTypes()) {
        for (String alt : rt.arnFormat().split(", (?=arn:)")) {
          List<String> f = ArnPattern.split(alt);
          if (f.size() < 6 || !f.get(2).equals(arnService)) {
            continue;
          }
          n++;
          regionAlwaysEmpty &= f.get(3).isEmpty();
          regionNeverEmpty &= !f.get(3).isEmpty();
          accountAlwaysEmpty &= f.get(4).isEmpty();
          accountNeverEmpty &= !f.get(4).isEmpty();
        }
      }
      return n == 0 ? Optional.empty()
          : Optional.of(new ArnShape(arnService, regionAlwaysEmpty, regionNeverEmpty, accountAlwaysEmpty, accountNeverEmpty));
    }));
  }

  /** Whether a resource pattern (wildcards only, variables already turned into {@code *}) can name an ARN of this format. */
  boolean overlaps(String resourcePattern, String arnFormat) {
    // Keyed by format, then pattern: both strings keep their hash, where a concatenated key was
    // built and hashed anew on each of the tens of thousands of calls a broad policy makes.
    Map<String, Boolean> byPattern = overlaps.get(arnFormat);
    if (byPattern == null) {
      byPattern = overlaps.computeIfAbsent(arnFormat, k -> new ConcurrentHashMap<>());
    }
    Boolean known = byPattern.get(resourcePattern);
    if (known != null) {
      return known;
    }
    return byPattern.computeIfAbsent(resourcePattern, k -> ArnOverlap.mayOverlap(resourcePattern, arnFormat));
  }
}
