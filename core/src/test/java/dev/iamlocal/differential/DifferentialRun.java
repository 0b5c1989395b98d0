package dev.iamlocal.differential;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One differential run: generate {@code n} cases from a seed, decide each with our engine and the
 * oracle, shrink the disagreements and group them by {@link Signature}.
 */
final class DifferentialRun {

  /** The outcome of a run. */
  record Result(int cases, int agreements, int oracleErrors, List<Minimizer.Disagreement> disagreements,
      Map<String, List<Minimizer.Disagreement>> byPattern, long millis) {

    String summary() {
      StringBuilder b = new StringBuilder();
      b.append("## Differential run against iam-simulate (--core)\n\n");
      b.append("cases run: ").append(cases).append('\n');
      b.append("agreements: ").append(agreements).append('\n');
      b.append("oracle errors (not compared): ").append(oracleErrors).append('\n');
      b.append("disagreements: ").append(disagreements.size()).append(" in ").append(byPattern.size())
          .append(" pattern(s)\n");
      b.append("time: ").append(millis).append(" ms\n\n");
      Map<String, Integer> byClass = new TreeMap<>();
      for (var d : disagreements) {
        byClass.merge(KnownDisagreements.classify(d).orElse("UNKNOWN — investigate"), 1, Integer::sum);
      }
      b.append("| disagreements | class (corpus file) |\n|---:|---|\n");
      byClass.forEach((k, v) -> b.append("| ").append(v).append(" | ").append(k).append(" |\n"));
      b.append("\nPatterns (shrunk cases, grouped by signature):\n\n");
      for (var e : byPattern.entrySet()) {
        b.append("### ").append(e.getValue().size()).append(" × ").append(e.getKey()).append('\n');
        b.append("known: ").append(KnownDisagreements.classify(e.getValue().get(0)).orElse("NO — investigate")).append('\n');
        b.append("smallest example:\n").append(pretty(smallest(e.getValue()).json())).append("\n\n");
      }
      return b.toString();
    }

    private static Minimizer.Disagreement smallest(List<Minimizer.Disagreement> ds) {
      Minimizer.Disagreement best = ds.get(0);
      for (var d : ds) {
        if (d.json().toString().length() < best.json().toString().length()) {
          best = d;
        }
      }
      return best;
    }

    private static String pretty(ObjectNode n) {
      try {
        return DiffCase.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n);
      } catch (Exception e) {
        return n.toString();
      }
    }
  }

  static Result run(Oracle oracle, long seed, int n, int minimizeLimit) {
    long t0 = System.currentTimeMillis();
    CaseGenerator gen = new CaseGenerator(seed);
    List<ObjectNode> cases = new ArrayList<>(n);
    List<String> ours = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ObjectNode c = gen.next(i);
      cases.add(c);
      ours.add(DiffCase.of(c).decide());
    }
    List<String> theirs = oracle.decide(cases);
    int agree = 0;
    int errors = 0;
    List<Minimizer.Disagreement> dis = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (theirs.get(i).equals("error")) {
        errors++;
      } else if (theirs.get(i).equals(ours.get(i))) {
        agree++;
      } else {
        dis.add(new Minimizer.Disagreement(cases.get(i), ours.get(i), theirs.get(i)));
      }
    }
    // Shrink a bounded number (the rest are grouped unshrunk, which only splits patterns finer).
    List<Minimizer.Disagreement> head = dis.subList(0, Math.min(minimizeLimit, dis.size()));
    List<Minimizer.Disagreement> shrunk = new ArrayList<>(new Minimizer(oracle).minimize(head, 60));
    shrunk.addAll(dis.subList(head.size(), dis.size()));
    Map<String, List<Minimizer.Disagreement>> byPattern = new TreeMap<>();
    for (var d : shrunk) {
      byPattern.computeIfAbsent(Signature.of(d.json(), d.ours(), d.oracle()), k -> new ArrayList<>()).add(d);
    }
    // Largest classes first.
    Map<String, List<Minimizer.Disagreement>> sorted = new LinkedHashMap<>();
    byPattern.entrySet().stream().sorted((a, b) -> b.getValue().size() - a.getValue().size())
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return new Result(n, agree, errors, shrunk, sorted, System.currentTimeMillis() - t0);
  }
}
