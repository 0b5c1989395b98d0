package dev.iamlocal.reasoning;

import dev.iamlocal.catalog.AccessLevel;
import dev.iamlocal.catalog.ActionDefinition;
import dev.iamlocal.catalog.ServiceCatalog;
import dev.iamlocal.catalog.ServiceDefinition;
import dev.iamlocal.glob.Glob;
import dev.iamlocal.glob.MarkedText;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The finite set of actions a check reasons about: the catalog's actions, reduced to what the
 * policies can tell apart. Every action of a service that an action pattern names by its literal
 * prefix ({@code s3:Get*}) is in; so is every action of every service a pattern with a wildcard in
 * its prefix could reach ({@code *Get*}); and when the only such pattern is {@code *}, one action
 * of a service no pattern names stands for all of them (no pattern can tell them apart: each
 * matches all of them or none).
 *
 * <p>Actions outside the catalog (a service's new action, a new service) are real to the
 * evaluator, which matches any action string, so they are in the universe too: each action name
 * a policy or the access list spells literally, and one action no catalog entry has for every
 * region the wildcard patterns cut out of the action strings (matched by this pattern and not
 * that one, …) that holds such an action, found by {@link StringSolver}. No pattern tells two
 * uncatalogued actions of one region apart, so one stands for all. Past a budget of regions the
 * universe is not built and the check is not decided ({@link Undecidable}): never a PASS that an
 * unknown action could break.
 */
final class ActionUniverse {

  final List<ActionDefinition> actions = new ArrayList<>();
  /** Lower-case {@code prefix:name}, as the evaluator matches. */
  final List<String> lower = new ArrayList<>();
  /**
   * {@code prefix:Name} of each action, built once: the access matrix names an action in every cell
   * and example (449,000 cells for 1,000 principals), and a fresh string per use was a third of
   * what its result holds and a hash computed anew at every lookup.
   */
  private final List<String> fullNames = new ArrayList<>();
  /** Each service prefix (lower case) to the range [from, to) of its actions. */
  private final java.util.Map<String, int[]> ranges = new java.util.HashMap<>();
  /** Index of the representative of unnamed services, or -1. */
  final int representative;
  /** Index of the first action outside the catalog (they are last). */
  private int firstUncatalogued;
  /**
   * Each lower-case name to the indices that hold it: a pattern without a wildcard matches exactly
   * the actions of its lower-case spelling, so {@link #matching} looks it up instead of matching a
   * glob against every action of its service (the access matrix asks this of every action for every
   * policy set: 449 × 93 scans of 449 names were a fifth of its time).
   */
  private final Map<String, int[]> byName;

  /** Regions of uncatalogued actions past which the universe is not built (each costs a few solves). */
  static final int MAX_REGIONS = 512;

  /** A universe for a flat list of patterns, each its own unit (tests and callers that need no more). */
  ActionUniverse(ServiceCatalog catalog, Collection<String> patterns) {
    this(catalog, patterns, patterns.stream().map(List::of).toList());
  }

  /**
   * @param patterns every action pattern the question uses (which services to load)
   * @param units the pattern lists the question matches actions against as a whole: a statement's
   *     Action or NotAction list, an access entry's action. Only these must be told apart, so the
   *     kinds of actions outside the catalog are cut by units, not by single patterns
   */
  ActionUniverse(ServiceCatalog catalog, Collection<String> patterns, Collection<? extends Collection<String>> units) {
    Set<String> services = new LinkedHashSet<>();
    boolean star = false;
    for (String p : patterns) {
      String lp = p.toLowerCase(Locale.ROOT);
      int colon = lp.indexOf(':');
      String prefix = colon < 0 ? lp : lp.substring(0, colon);
      boolean wildPrefix = prefix.indexOf('*') >= 0 || prefix.indexOf('?') >= 0 || colon < 0;
      if (colon < 0 && lp.indexOf('*') < 0 && lp.indexOf('?') < 0) {
        continue; // no colon, no wildcard: matches no action
      }
      if (!wildPrefix) {
        services.add(prefix);
      } else if (lp.chars().allMatch(c -> c == '*')) {
        star = true;
      } else {
        Glob g = Glob.compileIgnoreCase(colon < 0 ? "*" : prefix);
        Budget.spend(catalog.servicePrefixes().size());
        for (String s : catalog.servicePrefixes()) {
          if (g.matches(s)) {
            services.add(s.toLowerCase(Locale.ROOT));
          }
        }
      }
    }
    for (String s : services) {
      catalog.service(s).ifPresent(this::addService);
    }
    int rep = -1;
    if (star || patterns.isEmpty()) {
      for (String s : catalog.servicePrefixes()) {
        if (!services.contains(s.toLowerCase(Locale.ROOT))) {
          var def = catalog.service(s);
          if (def.isPresent() && !def.get().actions().isEmpty()) {
            int before = actions.size();
            add(def.get().actions().get(0));
            if (actions.size() > before) {
              rep = before;
              break;
            }
          }
        }
      }
    }
    this.representative = rep;
    addUncatalogued(catalog, patterns, units);
    this.byName = index(lower);
  }

  /**
   * Exactly the actions {@code names} name, and nothing else: each catalog action by its
   * definition (grouped by service, so a literal service prefix still narrows a match), each other
   * name with a colon as an action outside the catalog, as the full universe spells it. For
   * questions that ask about these actions one at a time (the access matrix: one action per cell):
   * a statement's action set then says, for each of them, exactly what it says in the universe of
   * {@link #ActionUniverse(ServiceCatalog, Collection, Collection)}, without loading whole services
   * or cutting the actions outside the catalog into regions for every policy's patterns.
   */
  static ActionUniverse exactly(ServiceCatalog catalog, List<String> names) {
    return new ActionUniverse(catalog, names);
  }

  private ActionUniverse(ServiceCatalog catalog, List<String> names) {
    Map<String, List<ActionDefinition>> byService = new LinkedHashMap<>();
    Map<String, String> outside = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    for (String n : names) {
      String lower = n.toLowerCase(Locale.ROOT);
      int colon = lower.indexOf(':');
      if (colon < 0 || !seen.add(lower)) {
        continue; // no colon: names no action
      }
      var def = catalog.action(n);
      if (def.isPresent()) {
        byService.computeIfAbsent(def.get().prefix().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(def.get());
      } else {
        outside.put(lower, n);
      }
    }
    byService.forEach((prefix, defs) -> {
      int from = actions.size();
      defs.forEach(this::add);
      ranges.put(prefix, new int[] {from, actions.size()});
    });
    this.representative = -1;
    firstUncatalogued = actions.size();
    outside.values().forEach(n -> addSynthetic(n.substring(0, n.indexOf(':')), n.substring(n.indexOf(':') + 1)));
    this.byName = index(lower);
  }

  private static Map<String, int[]> index(List<String> lower) {
    Map<String, int[]> names = new HashMap<>(lower.size() * 2);
    for (int i = 0; i < lower.size(); i++) {
      int[] at = names.get(lower.get(i));
      int[] grown = at == null ? new int[1] : java.util.Arrays.copyOf(at, at.length + 1);
      grown[grown.length - 1] = i;
      names.put(lower.get(i), grown);
    }
    return names;
  }

  /**
   * The actions outside the catalog that the units (a statement's Action list, an access entry's
   * action) can tell apart.
   *
   * <p>Why units and not single patterns: a statement matches an action when any pattern of its
   * list does, so two actions that every unit matches alike are alike to every statement, whatever
   * single patterns say. Cutting by single patterns made the kinds the power set of a service's
   * infix patterns: {@code SageMakerStudioAdminIAMDefaultExecutionPolicy} lists ten
   * ({@code sagemaker:*Endpoint*}, {@code *Model*}, {@code *Job*}, …), 2<sup>10</sup> kinds, past
   * {@link #MAX_REGIONS}, and every check with it was undecided; most of them share a statement, so
   * by units the kinds are a few dozen.
   */
  private void addUncatalogued(ServiceCatalog catalog, Collection<String> patterns,
      Collection<? extends Collection<String>> units) {
    firstUncatalogued = actions.size();
    Set<String> known = new HashSet<>(lower);
    for (String p : patterns) {
      String lp = p.toLowerCase(Locale.ROOT);
      if (lp.indexOf('*') >= 0 || lp.indexOf('?') >= 0) {
        continue;
      }
      int colon = lp.indexOf(':');
      if (colon < 0 || known.contains(lp) || catalog.action(p).isPresent()) {
        continue; // no colon: names no action; catalogued: loaded above when a policy can tell it apart
      }
      known.add(lp);
      addSynthetic(p.substring(0, colon), p.substring(colon + 1));
    }
    // Only the wildcard patterns of a unit cut: a literal name is its own action above, and every
    // action of a region is neither a catalog action nor a known name, so no literal matches it.
    // Patterns with a literal service prefix only meet actions of that service, so each service's
    // unknown actions are cut by its units' own patterns and wildcard-prefix ones ("*", "*Get*"),
    // and the unknown actions of every other service by the wildcard-prefix patterns alone.
    Set<String> prefixes = new LinkedHashSet<>();
    List<List<String>> wildUnits = new ArrayList<>();
    for (Collection<String> u : units) {
      Set<String> w = new java.util.TreeSet<>();
      for (String p : u) {
        String lp = p.toLowerCase(Locale.ROOT);
        if (lp.indexOf('*') >= 0 || lp.indexOf('?') >= 0) {
          w.add(lp);
          String prefix = servicePrefix(lp);
          if (prefix != null) {
            prefixes.add(prefix);
          }
        }
      }
      if (!w.isEmpty()) {
        wildUnits.add(new ArrayList<>(w));
      }
    }
    int budget = MAX_REGIONS;
    for (String service : prefixes) {
      // each unit as it meets this service's actions (a unit matching all of them still cuts: a
      // region must lie inside some unit for its action to be added)
      Set<List<String>> cuts = new LinkedHashSet<>();
      for (List<String> u : wildUnits) {
        List<String> here = new ArrayList<>();
        for (String p : u) {
          String prefix = servicePrefix(p);
          if (prefix == null || prefix.equals(service)) {
            here.add(p);
          }
        }
        if (!here.isEmpty()) {
          cuts.add(here);
        }
      }
      // the literal prefix is glob-safe: it has no wildcard
      budget -= addRegions(List.of(new StringSolver.Lit(List.of(glob(service + ":?*")), true)), new ArrayList<>(cuts),
          catalog, known, budget);
    }
    Set<List<String>> cuts = new LinkedHashSet<>();
    for (List<String> u : wildUnits) {
      List<String> here = u.stream().filter(p -> servicePrefix(p) == null).toList();
      if (!here.isEmpty()) {
        cuts.add(here);
      }
    }
    if (!cuts.isEmpty()) {
      List<StringSolver.Lit> base = new ArrayList<>();
      base.add(new StringSolver.Lit(List.of(glob("?*:?*")), true)); // "prefix:name", both non-empty
      if (!prefixes.isEmpty()) {
        base.add(new StringSolver.Lit(prefixes.stream().map(k -> glob(k + ":*")).toList(), false));
      }
      addRegions(base, new ArrayList<>(cuts), catalog, known, budget);
    }
  }

  /** The literal service prefix of a lower-case pattern, or null when a wildcard stands in it (or it has no colon). */
  private static String servicePrefix(String lp) {
    int colon = lp.indexOf(':');
    if (colon < 0) {
      return null;
    }
    String prefix = lp.substring(0, colon);
    return prefix.indexOf('*') >= 0 || prefix.indexOf('?') >= 0 ? null : prefix;
  }

  /**
   * One region: the base constraints, the units it lies in and those it lies outside of, and an
   * uncatalogued action in it. Only the constraints that are not implied are kept: a region inside
   * unit {@code i} is outside every unit disjoint from {@code i} without saying so, which keeps
   * the products the string solver explores small (a policy naming forty {@code glue:Get*}-like
   * patterns made each solve a product of forty automata).
   */
  private record Region(List<Integer> inside, List<Integer> outside, String witness) {

    List<StringSolver.Lit> lits(List<StringSolver.Lit> base, List<List<Patterns.Nfa>> nfas) {
      List<StringSolver.Lit> out = new ArrayList<>(base);
      inside.forEach(i -> out.add(new StringSolver.Lit(nfas.get(i), true)));
      outside.forEach(i -> out.add(new StringSolver.Lit(nfas.get(i), false)));
      return out;
    }
  }

  /**
   * Cuts the action strings {@code base} allows by each unit (a list of patterns, matched when one
   * of them matches) in turn, keeps the regions that hold an uncatalogued action, and adds one of
   * each region some unit matches. Returns the number of regions.
   */
  private int addRegions(List<StringSolver.Lit> base, List<List<String>> units, ServiceCatalog catalog, Set<String> known,
      int budget) {
    String first = uncatalogued(base, catalog, known);
    if (first == null) {
      return 0;
    }
    List<List<Patterns.Nfa>> nfas = units.stream().map(u -> u.stream().map(ActionUniverse::glob).toList()).toList();
    // unit pairs that share no string, or one within the other: most cuts are settled by these
    // small questions instead of a solve over the whole region
    Map<Long, Boolean> disjoint = new HashMap<>();
    Map<Long, Boolean> within = new HashMap<>();
    Map<String, Boolean> pairs = new HashMap<>();
    List<Region> regions = new ArrayList<>();
    regions.add(new Region(List.of(), List.of(), first));
    for (int j = 0; j < units.size(); j++) {
      List<Glob> globs = units.get(j).stream().map(Glob::compileIgnoreCase).toList();
      List<Region> next = new ArrayList<>();
      for (Region r : regions) {
        Budget.spend(1 + globs.size());
        boolean in = false;
        for (Glob g : globs) {
          in |= g.matchesLowerCase(r.witness());
        }
        // inside j: the outside constraints of units disjoint from j go without saying
        List<Integer> inInside = new ArrayList<>(r.inside());
        inInside.add(j);
        List<Integer> inOutside = new ArrayList<>();
        for (int o : r.outside()) {
          if (!unitPair(o, j, disjoint, units, pairs, true)) {
            inOutside.add(o);
          }
        }
        Region inRegion = new Region(inInside, inOutside, null);
        // outside j: implied when the region lies in a unit disjoint from j
        boolean impliedOutside = anyPair(r.inside(), j, disjoint, units, pairs, true);
        List<Integer> outOutside = r.outside();
        if (!impliedOutside) {
          outOutside = new ArrayList<>(r.outside());
          outOutside.add(j);
        }
        Region outRegion = new Region(r.inside(), outOutside, null);
        for (boolean sign : new boolean[] {true, false}) {
          Region candidate = sign ? inRegion : outRegion;
          String found;
          if (in == sign) {
            found = r.witness(); // the region's own witness settles the side it falls on
          } else if (sign ? impliedOutside : anyPair(r.inside(), j, within, units, pairs, false)) {
            found = null;
          } else {
            found = uncatalogued(candidate.lits(base, nfas), catalog, known);
          }
          if (found != null) {
            next.add(new Region(candidate.inside(), candidate.outside(), found));
          }
        }
      }
      if (next.size() > budget) {
        throw new Undecidable("the action patterns cut the actions outside the service catalog into more than "
            + MAX_REGIONS + " kinds; not decided");
      }
      regions = next;
    }
    for (Region r : regions) {
      if (!r.inside().isEmpty() && known.add(r.witness())) { // a region no unit matches: no statement can allow it
        int colon = r.witness().indexOf(':');
        addSynthetic(r.witness().substring(0, colon), r.witness().substring(colon + 1));
      }
    }
    return regions.size();
  }

  /**
   * Whether units {@code i} and {@code j} share no string ({@code disjoint}: every pair of their
   * patterns shares none), or {@code i} lies within {@code j} (else; sufficient, not necessary:
   * each pattern of {@code i} within one pattern of {@code j}).
   */
  private static boolean unitPair(int i, int j, Map<Long, Boolean> memo, List<List<String>> units,
      Map<String, Boolean> pairs, boolean disjoint) {
    return memo.computeIfAbsent(((long) i << 32) | j, k -> {
      for (String pi : units.get(i)) {
        boolean any = false;
        for (String pj : units.get(j)) {
          boolean p = pair(pi, pj, pairs, disjoint);
          if (disjoint && !p) {
            return false;
          }
          any |= p;
        }
        if (!disjoint && !any) {
          return false;
        }
      }
      return true;
    });
  }

  /** Whether patterns {@code pi} and {@code pj} share no string ({@code disjoint}), or {@code pi} lies within {@code pj} (else). */
  private static boolean pair(String pi, String pj, Map<String, Boolean> memo, boolean disjoint) {
    String key = (disjoint ? "d\u0000" : "w\u0000") + pi + "\u0000" + pj;
    Boolean known = memo.get(key);
    if (known != null) {
      return known;
    }
    boolean answer;
    if (prefixGlob(pi) && prefixGlob(pj)) {
      // "abc*" and "ab*": decided by their literal prefixes alone, without the solver (a policy
      // with hundreds of such patterns asked this of every pair)
      String a = pi.substring(0, pi.length() - 1);
      String b = pj.substring(0, pj.length() - 1);
      answer = disjoint ? !a.startsWith(b) && !b.startsWith(a) : a.startsWith(b);
    } else {
      answer = StringSolver.solve(List.of(new StringSolver.Lit(List.of(glob(pi)), true),
          new StringSolver.Lit(List.of(glob(pj)), disjoint)), false) == null;
    }
    memo.put(key, answer);
    return answer;
  }

  /** A glob that is a literal followed by one {@code *} and nothing else ({@code glue:get*}). */
  private static boolean prefixGlob(String p) {
    return p != null && p.indexOf('?') < 0 && p.indexOf('*') == p.length() - 1 && p.indexOf('$') < 0;
  }

  /**
   * Whether some unit {@code i} of {@code inside} shares no string with unit {@code j}
   * ({@code disjoint}), or lies within it (else).
   */
  private static boolean anyPair(List<Integer> inside, int j, Map<Long, Boolean> memo, List<List<String>> units,
      Map<String, Boolean> pairs, boolean disjoint) {
    for (int i : inside) {
      if (unitPair(i, j, memo, units, pairs, disjoint)) {
        return true;
      }
    }
    return false;
  }


  /**
   * An action string in the region that is neither a catalog action nor a name already in the
   * universe, or null when there is none. Catalog names are excluded lazily: a witness that is
   * one is ruled out and the region solved again.
   */
  private static String uncatalogued(List<StringSolver.Lit> region, ServiceCatalog catalog, Set<String> known) {
    List<StringSolver.Lit> lits = new ArrayList<>(region);
    List<Patterns.Nfa> excluded = new ArrayList<>();
    for (int tries = 0; tries < 64; tries++) {
      String s = StringSolver.solve(lits, true);
      if (s == null) {
        return null;
      }
      if (!known.contains(s) && catalog.action(s).isEmpty()) {
        return s;
      }
      excluded.add(Patterns.exact(s));
      lits = new ArrayList<>(region);
      lits.add(new StringSolver.Lit(List.copyOf(excluded), false));
    }
    throw new Undecidable("could not find an action outside the service catalog for " + StringSolver.describe(region)
        + "; not decided");
  }

  private static Patterns.Nfa glob(String lowerCasePattern) {
    return Patterns.glob(new MarkedText(lowerCasePattern, new BitSet()));
  }

  private void addSynthetic(String prefix, String name) {
    actions.add(new ActionDefinition(prefix, name, AccessLevel.READ, List.of(), List.of(), List.of(), false, List.of()));
    fullNames.add(prefix + ":" + name);
    lower.add((prefix + ":" + name).toLowerCase(Locale.ROOT));
  }

  /** Is the action at this index outside the service catalog? */
  boolean uncatalogued(int index) {
    return index >= firstUncatalogued;
  }

  private void addService(ServiceDefinition s) {
    int from = actions.size();
    for (ActionDefinition a : s.actions()) {
      add(a);
    }
    ranges.put(s.prefix().toLowerCase(Locale.ROOT), new int[] {from, actions.size()});
  }

  private void add(ActionDefinition a) {
    if (a.fullName().equalsIgnoreCase("sts:GetCallerIdentity") || a.fullName().equalsIgnoreCase("sts:GetSessionToken")) {
      return; // needs no permission: no policy allows or denies it (Evaluator.needsNoPermission)
    }
    actions.add(a);
    fullNames.add(a.fullName());
    lower.add(a.fullName().toLowerCase(Locale.ROOT));
  }

  /** The action's {@code prefix:Name} ({@link ActionDefinition#fullName}), the same String every time. */
  String fullName(int action) {
    return fullNames.get(action);
  }

  int size() {
    return actions.size();
  }

  BitSet all() {
    BitSet b = new BitSet(size());
    b.set(0, size());
    return b;
  }

  /** The actions matched by any of the patterns (case-insensitive globs, as the evaluator). */
  BitSet matching(List<String> patterns) {
    BitSet b = new BitSet(size());
    for (String p : patterns) {
      int from = 0;
      int to = size();
      int colon = p.indexOf(':');
      if (colon > 0 && p.lastIndexOf('*', colon) < 0 && p.lastIndexOf('?', colon) < 0) {
        // a literal service prefix: only that service's actions can match (the representative of
        // unnamed services is never of a named service)
        int[] r = ranges.get(p.substring(0, colon).toLowerCase(Locale.ROOT));
        from = r == null ? 0 : r[0];
        to = r == null ? 0 : r[1];
      }
      if (p.indexOf('*') < 0 && p.indexOf('?') < 0) {
        // no wildcard: the glob matches its lower-case spelling alone (Glob compares the
        // Locale.ROOT lower case of both), so the same indices as the scan below, found directly
        Budget.spend(1 + p.length());
        int[] at = byName.get(p.toLowerCase(Locale.ROOT));
        if (at != null) {
          for (int i : at) {
            if ((i >= from && i < to) || i >= firstUncatalogued) {
              b.set(i);
            }
          }
        }
        continue;
      }
      Budget.spend(1 + p.length() + (long) (to - from) + (size() - firstUncatalogued));
      Glob g = Glob.compileIgnoreCase(p);
      for (int i = from; i < to; i++) {
        if (!b.get(i) && g.matchesLowerCase(lower.get(i))) {
          b.set(i);
        }
      }
      for (int i = firstUncatalogued; i < size(); i++) { // outside the catalog: no range to narrow to
        if (!b.get(i) && g.matchesLowerCase(lower.get(i))) {
          b.set(i);
        }
      }
    }
    return b;
  }
}
