package dev.iamlocal.evaluation;

import dev.iamlocal.glob.Glob;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The statements of one policy type, indexed so that a request only looks at statements that can
 * match its action.
 *
 * <p>Each statement lands in exactly one place per action, so no request sees it twice:
 * <ul>
 *   <li>{@code global}: NotAction statements and those with a wildcard in the service prefix
 *       ({@code *}, {@code *:Get*}); checked for every request.
 *   <li>{@code byPrefix}: statements with a wildcard in an action name of that service
 *       ({@code s3:Get*}); checked for requests to that service. Their literal actions for the
 *       same service are covered here too, so they are not also put in {@code exact}.
 *   <li>{@code exact}: literal actions, keyed lower-cased; a hit needs no further action check.
 * </ul>
 * With 10,000 statements about other actions, a request costs two hash look-ups.
 *
 * <p>A set of at most {@link #SMALL} statements is never indexed, and a larger one only from its
 * second request on: until then all statements are {@code global} and scanned. Checking the
 * statements' actions once costs less than building the maps, which matters when every request
 * brings its own policies (the CLI over a scenario file, the simulator APIs); a set that serves
 * many requests (a server's principal, a cached policy set) is indexed after the first.
 */
final class StatementIndex {

  static final CompiledStatement[] NONE = new CompiledStatement[0];

  /** Up to this many statements are scanned rather than indexed. */
  static final int SMALL = 8;
  /** A larger set is indexed when it serves its this-many-th request. */
  static final int INDEX_ON_USE = 2;

  final CompiledStatement[] all;
  private final Lookup scan;
  /** The index once built; immutable, so a racing second build makes an equal one. */
  private volatile Lookup indexed;
  /** Requests served while not indexed; racy on purpose: an off count only moves the build. */
  private int uses;

  /**
   * Where a request finds the statements that can match its action. Each evaluation takes one
   * Lookup and uses only it: mixing the scanning and the indexed one could skip statements.
   */
  record Lookup(CompiledStatement[] global, Map<String, CompiledStatement[]> byPrefix,
      Map<String, CompiledStatement[]> exact) {

    CompiledStatement[] forPrefix(String lowerPrefix) {
      return byPrefix.getOrDefault(lowerPrefix, NONE);
    }

    /** Statements naming exactly {@code lowerAction}; their action needs no further check. */
    CompiledStatement[] forExact(String lowerAction) {
      return exact.getOrDefault(lowerAction, NONE);
    }
  }

  StatementIndex(List<CompiledStatement> statements) {
    this.all = statements.toArray(CompiledStatement[]::new);
    this.scan = new Lookup(all, Map.of(), Map.of());
  }

  /** The lookup for one request. */
  Lookup lookup() {
    Lookup l = indexed;
    if (l != null) {
      return l;
    }
    if (all.length <= SMALL || ++uses < INDEX_ON_USE) {
      return scan;
    }
    l = index(all);
    indexed = l;
    return l;
  }

  /** Whether the next {@link #lookup()} is the index (for tests). */
  boolean isIndexed() {
    return indexed != null;
  }

  private static Lookup index(CompiledStatement[] statements) {
    List<CompiledStatement> glob = new ArrayList<>();
    Map<String, Set<CompiledStatement>> prefix = new LinkedHashMap<>();
    Map<String, Set<CompiledStatement>> ex = new LinkedHashMap<>();
    for (CompiledStatement s : statements) {
      if (s.notAction || s.actions.length == 0 || anyWildPrefix(s.actions)) {
        glob.add(s);
        continue;
      }
      Set<String> wildPrefixes = new java.util.HashSet<>();
      for (Glob g : s.actions) {
        if (!g.isLiteral()) {
          String p = servicePrefix(g.literalPrefix()); // already lower-cased: no new string
          wildPrefixes.add(p);
          prefix.computeIfAbsent(p, k -> new LinkedHashSet<>()).add(s);
        }
      }
      for (Glob g : s.actions) {
        if (g.isLiteral()) {
          String lower = g.literalPrefix();
          if (!wildPrefixes.contains(servicePrefix(lower))) {
            ex.computeIfAbsent(lower, k -> new LinkedHashSet<>()).add(s);
          }
        }
      }
    }
    return new Lookup(glob.toArray(CompiledStatement[]::new), freeze(prefix), freeze(ex));
  }

  private static Map<String, CompiledStatement[]> freeze(Map<String, Set<CompiledStatement>> m) {
    Map<String, CompiledStatement[]> out = new HashMap<>(m.size() * 2);
    m.forEach((k, v) -> out.put(k, v.toArray(CompiledStatement[]::new)));
    return out;
  }

  private static boolean anyWildPrefix(Glob[] actions) {
    for (Glob g : actions) {
      String src = g.source();
      int colon = src.indexOf(':');
      String prefix = colon < 0 ? src : src.substring(0, colon);
      if (prefix.indexOf('*') >= 0 || prefix.indexOf('?') >= 0 || colon < 0) {
        return true;
      }
    }
    return false;
  }

  /** The lower-cased service prefix of an action or pattern ({@code s3} of {@code S3:Get*}). */
  static String servicePrefix(String action) {
    int colon = action.indexOf(':');
    return (colon < 0 ? action : action.substring(0, colon)).toLowerCase(java.util.Locale.ROOT);
  }

  /** Statements whose action needs an explicit check for this request. */
  boolean isEmpty() {
    return all.length == 0;
  }
}
