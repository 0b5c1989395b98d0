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
 * <p>A set of at most {@link #SMALL} statements is not indexed: all of them are {@code global}.
 * Checking a handful of statements' actions costs less than building the maps, which matters when
 * every request brings its own policies (the CLI over a scenario file, the simulator APIs).
 */
final class StatementIndex {

  static final CompiledStatement[] NONE = new CompiledStatement[0];

  final CompiledStatement[] all;
  private final CompiledStatement[] global;
  private final Map<String, CompiledStatement[]> byPrefix;
  private final Map<String, CompiledStatement[]> exact;

  /** Up to this many statements are scanned rather than indexed. */
  static final int SMALL = 8;

  StatementIndex(List<CompiledStatement> statements) {
    this.all = statements.toArray(CompiledStatement[]::new);
    if (all.length <= SMALL) {
      this.global = all;
      this.byPrefix = Map.of();
      this.exact = Map.of();
      return;
    }
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
    this.global = glob.toArray(CompiledStatement[]::new);
    this.byPrefix = freeze(prefix);
    this.exact = freeze(ex);
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
  CompiledStatement[] global() {
    return global;
  }

  CompiledStatement[] forPrefix(String lowerPrefix) {
    return byPrefix.getOrDefault(lowerPrefix, NONE);
  }

  /** Statements that name this exact action (lower-cased); their action test is known to pass. */
  CompiledStatement[] forExact(String lowerAction) {
    return exact.getOrDefault(lowerAction, NONE);
  }

  boolean isEmpty() {
    return all.length == 0;
  }
}
