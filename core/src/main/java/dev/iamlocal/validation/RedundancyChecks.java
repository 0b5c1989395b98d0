package dev.iamlocal.validation;

import dev.iamlocal.glob.Glob;
import dev.iamlocal.arn.ArnPattern;
import dev.iamlocal.policy.ConditionEntry;
import dev.iamlocal.policy.PolicyString;
import dev.iamlocal.policy.PrincipalElement;
import dev.iamlocal.policy.Statement;
import dev.iamlocal.policy.ValueList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/** Entries already covered by another entry of the same element, and statements that repeat another one. */
final class RedundancyChecks implements Check {

  @Override
  public List<String> codes() {
    return List.of("REDUNDANT_ACTION", "REDUNDANT_RESOURCE", "REDUNDANT_STATEMENT");
  }

  @Override
  public void check(PolicyContext ctx, FindingSink out) {
    // each shape's first statement, by hash: a document of thousands of statements is not compared pair by pair
    Map<Object, Integer> firstOfShape = new HashMap<>();
    int index = 0;
    for (Statement s : ctx.statements()) {
      entries(s.action(), true, out);
      entries(s.notAction(), true, out);
      entries(s.resource(), false, out);
      entries(s.notResource(), false, out);
      Integer same = firstOfShape.putIfAbsent(shape(s), index);
      if (same != null) {
        out.add(Severity.SUGGESTION, "REDUNDANT_STATEMENT", "The statement repeats statement " + (same + 1)
            + " (same effect, actions, resources, principals and conditions).", "Remove one of the two.", s);
      }
      index++;
    }
  }

  private static void entries(ValueList list, boolean actions, FindingSink out) {
    if (list == null || list.values().size() < 2) {
      return;
    }
    List<PolicyString> v = list.values();
    // A literal entry covers only its exact duplicate, so coverage is tried only against entries
    // with a wildcard, and only within the same group (service prefix for actions, service field
    // for ARNs) unless the group part itself holds a wildcard. That keeps ReadOnlyAccess
    // (thousands of actions) near-linear instead of quadratic.
    Map<String, Integer> firstByValue = new HashMap<>();
    // A wide ARN pattern is tried against many narrow ones: compile it once.
    Map<String, ArnPattern> compiled = new HashMap<>();
    Map<String, List<Integer>> wildByGroup = new HashMap<>();
    List<Integer> spanning = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      String value = v.get(i).value();
      firstByValue.putIfAbsent(actions ? value.toLowerCase(Locale.ROOT) : value, i);
      if (value.indexOf('*') < 0 || (!actions && value.contains("${"))) {
        continue;
      }
      String g = group(value, actions);
      if (g == null) {
        spanning.add(i);
      } else {
        wildByGroup.computeIfAbsent(g, k -> new ArrayList<>()).add(i);
      }
    }
    for (int j = 0; j < v.size(); j++) {
      String narrow = v.get(j).value();
      if (!actions && narrow.contains("${")) {
        continue;
      }
      int first = firstByValue.get(actions ? narrow.toLowerCase(Locale.ROOT) : narrow);
      String wide = null;
      boolean equal = false;
      if (first < j) {
        wide = v.get(first).value();
        equal = true;
      } else {
        String g = group(narrow, actions);
        List<Integer> candidates = new ArrayList<>(spanning);
        if (g != null) {
          candidates.addAll(wildByGroup.getOrDefault(g, List.of()));
        } else {
          wildByGroup.values().forEach(candidates::addAll);
        }
        for (int i : candidates) {
          String w = v.get(i).value();
          boolean same = actions ? w.equalsIgnoreCase(narrow) : w.equals(narrow);
          if (i != j && !same && covers(w, narrow, actions, compiled)) {
            wide = w;
            break;
          }
        }
      }
      if (wide != null) {
        String what = actions ? "action" : "resource";
        out.add(Severity.SUGGESTION, actions ? "REDUNDANT_ACTION" : "REDUNDANT_RESOURCE",
            equal ? "The " + what + " \"" + narrow + "\" is listed twice."
                : "The " + what + " \"" + narrow + "\" is already covered by \"" + wide + "\".",
            "Remove \"" + narrow + "\".", v.get(j));
      }
    }
  }

  /** The part two entries must share to cover one another, or null when it holds a wildcard. */
  private static String group(String value, boolean actions) {
    String part;
    if (actions) {
      int colon = value.indexOf(':');
      part = colon < 0 ? value : value.substring(0, colon);
    } else {
      List<String> f = ArnPattern.split(value);
      if (f.size() < 6) {
        return null;
      }
      part = f.get(2);
    }
    return part.indexOf('*') >= 0 || part.indexOf('?') >= 0 ? null : part.toLowerCase(Locale.ROOT);
  }

  private static boolean covers(String wide, String narrow, boolean actions, Map<String, ArnPattern> compiled) {
    if (actions) {
      return covers(wide, narrow, true);
    }
    if (wide.indexOf('?') >= 0) {
      return false;
    }
    // Resource wildcards stop at the first five colons: compare segment by segment.
    return wide.startsWith("arn:") ? compiled.computeIfAbsent(wide, ArnPattern::compile).matches(narrow)
        : covers(wide, narrow, false);
  }

  /**
   * True if every string {@code narrow} matches is matched by {@code wide}. Sound, not complete:
   * decided only when {@code wide} has no {@code ?} (its stars must then absorb all of
   * {@code narrow}'s wildcards, which it reads as plain characters), else only equal patterns.
   */
  private static boolean covers(String wide, String narrow, boolean ignoreCase) {
    if (wide.indexOf('?') >= 0) {
      return wide.equals(narrow);
    }
    return (ignoreCase ? Glob.compileIgnoreCase(wide) : Glob.compile(wide)).matches(narrow);
  }

  /** What makes two statements the same, ignoring Sid, order of entries and case of action names. */
  private static Object shape(Statement s) {
    return List.of(s.effect(), set(s.action(), true), set(s.notAction(), true), set(s.resource(), false),
        set(s.notResource(), false), principal(s.principal()), principal(s.notPrincipal()), conditions(s.conditions()));
  }

  private static Object set(ValueList l, boolean lower) {
    if (l == null) {
      return "absent";
    }
    TreeSet<String> out = new TreeSet<>();
    l.strings().forEach(x -> out.add(lower ? x.toLowerCase(Locale.ROOT) : x));
    return out;
  }

  private static Object principal(PrincipalElement p) {
    if (p == null) {
      return "absent";
    }
    if (p.wildcard()) {
      return "*";
    }
    TreeMap<String, Object> out = new TreeMap<>();
    p.byType().forEach((k, v) -> out.put(k, set(v, false)));
    return out;
  }

  private static Object conditions(List<ConditionEntry> cs) {
    TreeSet<String> out = new TreeSet<>();
    for (ConditionEntry c : cs) {
      TreeSet<String> values = new TreeSet<>();
      c.values().forEach(v -> values.add(v.value()));
      out.add(c.operator().value() + "\u0000" + c.key().value().toLowerCase(Locale.ROOT) + "\u0000" + values);
    }
    return Objects.requireNonNull(out);
  }
}
