package dev.iamlocal.differential;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Shrinks disagreeing cases (greedy delta debugging): repeatedly removes one part (a policy, a
 * statement, a condition, a value, a context key…) as long as both engines still disagree in the
 * same way. All candidates of one round go to the oracle in one batch. The shrunk case shows the
 * rule the engines disagree on, and its {@link Signature} groups disagreements into classes.
 */
final class Minimizer {

  private static final Set<String> OPTIONAL_TOP = Set.of("permissionBoundaries", "sessionPolicy", "resourcePolicy",
      "serviceControlPolicies", "resourceControlPolicies");

  private final Oracle oracle;

  Minimizer(Oracle oracle) {
    this.oracle = oracle;
  }

  /** A case with our decision and the oracle's. */
  record Disagreement(ObjectNode json, String ours, String oracle) {}

  List<Disagreement> minimize(List<Disagreement> cases, int maxRounds) {
    List<Disagreement> current = new ArrayList<>(cases);
    boolean[] done = new boolean[current.size()];
    for (int round = 0; round < maxRounds; round++) {
      List<ObjectNode> batch = new ArrayList<>();
      List<int[]> owner = new ArrayList<>(); // {case index}
      List<List<ObjectNode>> candidates = new ArrayList<>();
      for (int i = 0; i < current.size(); i++) {
        List<ObjectNode> cs = done[i] ? List.of() : reductions(current.get(i).json());
        candidates.add(cs);
        for (ObjectNode c : cs) {
          batch.add(c);
          owner.add(new int[] {i});
        }
      }
      if (batch.isEmpty()) {
        break;
      }
      List<String> theirs = oracle.decide(batch);
      boolean[] improved = new boolean[current.size()];
      for (int k = 0; k < batch.size(); k++) {
        int i = owner.get(k)[0];
        if (improved[i]) {
          continue;
        }
        Disagreement d = current.get(i);
        if (!theirs.get(k).equals(d.oracle())) {
          continue;
        }
        String ours;
        try {
          ours = DiffCase.of(batch.get(k)).decide();
        } catch (RuntimeException e) {
          continue; // a reduction we do not accept as a policy (empty Action list…): skip it
        }
        if (ours.equals(d.ours())) {
          current.set(i, new Disagreement(batch.get(k), d.ours(), d.oracle()));
          improved[i] = true;
        }
      }
      boolean any = false;
      for (int i = 0; i < done.length; i++) {
        done[i] = done[i] || !improved[i];
        any |= improved[i];
      }
      if (!any) {
        break;
      }
    }
    return current;
  }

  /** Every case that is {@code c} minus one part. */
  static List<ObjectNode> reductions(ObjectNode c) {
    List<JsonPointer> removable = new ArrayList<>();
    for (String f : OPTIONAL_TOP) {
      if (c.has(f)) {
        removable.add(JsonPointer.compile("/" + f));
      }
    }
    collect(c.get("identityPolicies"), JsonPointer.compile("/identityPolicies"), removable, true);
    collectLevels(c.get("serviceControlPolicies"), "/serviceControlPolicies", removable);
    collectLevels(c.get("resourceControlPolicies"), "/resourceControlPolicies", removable);
    for (String f : List.of("sessionPolicy", "resourcePolicy")) {
      if (c.has(f)) {
        collectPolicy(c.get(f), JsonPointer.compile("/" + f), removable);
      }
    }
    JsonNode pb = c.get("permissionBoundaries");
    if (pb != null) {
      for (int i = 0; i < pb.size(); i++) {
        collectPolicy(pb.get(i), JsonPointer.compile("/permissionBoundaries/" + i), removable);
      }
    }
    JsonNode ctx = c.path("request").path("context");
    for (Iterator<String> it = ctx.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      JsonPointer kp = JsonPointer.compile("/request/context/" + escape(k));
      removable.add(kp);
      if (ctx.get(k).isArray()) {
        for (int i = 0; i < ctx.get(k).size(); i++) {
          removable.add(kp.append(JsonPointer.compile("/" + i)));
        }
      }
    }
    List<ObjectNode> out = new ArrayList<>(removable.size());
    for (JsonPointer p : removable) {
      ObjectNode copy = c.deepCopy();
      JsonNode parent = copy.at(p.head());
      String last = p.last().getMatchingProperty();
      if (parent instanceof ArrayNode a) {
        a.remove(p.last().getMatchingIndex());
      } else if (parent instanceof ObjectNode o) {
        o.remove(last);
      }
      out.add(copy);
    }
    return out;
  }

  private static void collect(JsonNode policies, JsonPointer at, List<JsonPointer> out, boolean removeAny) {
    if (policies == null || !policies.isArray()) {
      return;
    }
    for (int i = 0; i < policies.size(); i++) {
      JsonPointer p = at.append(JsonPointer.compile("/" + i));
      if (removeAny || policies.size() > 1) {
        out.add(p);
      }
      collectPolicy(policies.get(i), p, out);
    }
  }

  private static void collectLevels(JsonNode levels, String at, List<JsonPointer> out) {
    if (levels == null) {
      return;
    }
    for (int i = 0; i < levels.size(); i++) {
      out.add(JsonPointer.compile(at + "/" + i));
      collect(levels.get(i).get("policies"), JsonPointer.compile(at + "/" + i + "/policies"), out, true);
    }
  }

  private static void collectPolicy(JsonNode policy, JsonPointer at, List<JsonPointer> out) {
    JsonNode st = policy.get("Statement");
    JsonPointer sp = at.append(JsonPointer.compile("/Statement"));
    if (st == null) {
      return;
    }
    if (st.isArray()) {
      for (int i = 0; i < st.size(); i++) {
        JsonPointer p = sp.append(JsonPointer.compile("/" + i));
        if (st.size() > 1) {
          out.add(p);
        }
        collectStatement(st.get(i), p, out);
      }
    } else {
      collectStatement(st, sp, out);
    }
  }

  private static void collectStatement(JsonNode s, JsonPointer at, List<JsonPointer> out) {
    if (s.has("Sid")) {
      out.add(at.append(JsonPointer.compile("/Sid")));
    }
    for (String list : List.of("Action", "NotAction", "Resource", "NotResource")) {
      JsonNode l = s.get(list);
      if (l != null && l.isArray() && l.size() > 1) {
        for (int i = 0; i < l.size(); i++) {
          out.add(at.append(JsonPointer.compile("/" + list + "/" + i)));
        }
      }
    }
    JsonNode cond = s.get("Condition");
    if (cond == null) {
      return;
    }
    JsonPointer cp = at.append(JsonPointer.compile("/Condition"));
    out.add(cp);
    for (Iterator<String> ops = cond.fieldNames(); ops.hasNext(); ) {
      String op = ops.next();
      JsonPointer opp = cp.append(JsonPointer.compile("/" + escape(op)));
      JsonNode keys = cond.get(op);
      if (cond.size() > 1) {
        out.add(opp);
      }
      for (Iterator<String> ks = keys.fieldNames(); ks.hasNext(); ) {
        String k = ks.next();
        JsonPointer kp = opp.append(JsonPointer.compile("/" + escape(k)));
        if (keys.size() > 1) {
          out.add(kp);
        }
        JsonNode vs = keys.get(k);
        if (vs.isArray() && vs.size() > 1) {
          for (int i = 0; i < vs.size(); i++) {
            out.add(kp.append(JsonPointer.compile("/" + i)));
          }
        }
      }
    }
  }

  private static String escape(String s) {
    return s.replace("~", "~0").replace("/", "~1");
  }
}
