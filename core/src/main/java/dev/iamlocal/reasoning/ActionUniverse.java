package dev.iamlocal.reasoning;

import dev.iamlocal.catalog.ActionDefinition;
import dev.iamlocal.catalog.ServiceCatalog;
import dev.iamlocal.catalog.ServiceDefinition;
import dev.iamlocal.glob.Glob;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The finite set of actions a check reasons about: the catalog's actions, reduced to what the
 * policies can tell apart. Every action of a service that an action pattern names by its literal
 * prefix ({@code s3:Get*}) is in; so is every action of every service a pattern with a wildcard in
 * its prefix could reach ({@code *Get*}); and when the only such pattern is {@code *}, one action
 * of a service no pattern names stands for all of them (no pattern can tell them apart: each
 * matches all of them or none). Actions outside the catalog are not reasoned about.
 */
final class ActionUniverse {

  final List<ActionDefinition> actions = new ArrayList<>();
  /** Lower-case {@code prefix:name}, as the evaluator matches. */
  final List<String> lower = new ArrayList<>();
  /** Each service prefix (lower case) to the range [from, to) of its actions. */
  private final java.util.Map<String, int[]> ranges = new java.util.HashMap<>();
  /** Index of the representative of unnamed services, or -1. */
  final int representative;

  ActionUniverse(ServiceCatalog catalog, Collection<String> patterns) {
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
  }

  private void addService(ServiceDefinition s) {
    int from = actions.size();
    for (ActionDefinition a : s.actions()) {
      add(a);
    }
    ranges.put(s.prefix().toLowerCase(Locale.ROOT), new int[] {from, actions.size()});
  }

  private void add(ActionDefinition a) {
    if (a.fullName().equalsIgnoreCase("sts:GetCallerIdentity")) {
      return; // needs no permission: no policy allows or denies it (Evaluator.NO_PERMISSION_REASON)
    }
    actions.add(a);
    lower.add(a.fullName().toLowerCase(Locale.ROOT));
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
      Glob g = Glob.compileIgnoreCase(p);
      int from = 0;
      int to = size();
      int colon = p.indexOf(':');
      if (colon > 0 && p.lastIndexOf('*', colon) < 0 && p.lastIndexOf('?', colon) < 0) {
        // a literal service prefix: only that service's actions can match (the representative of
        // unnamed services is never of a named service)
        int[] r = ranges.get(p.substring(0, colon).toLowerCase(Locale.ROOT));
        if (r == null) {
          continue;
        }
        from = r[0];
        to = r[1];
      }
      for (int i = from; i < to; i++) {
        if (!b.get(i) && g.matchesLowerCase(lower.get(i))) {
          b.set(i);
        }
      }
    }
    return b;
  }
}
