package dev.iamlocal.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamlocal.evaluation.Evaluator;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the seed workload of {@link SeedPoliciesBenchmark} in the iam-simulate oracle's input
 * format (one case per line), with our decision as {@code expected}, so that
 * {@code bench/compare-oracle.sh} times the oracle on exactly the scenarios we time ourselves.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar dev.iamlocal.bench.ExportScenarios OUT.jsonl}
 */
public final class ExportScenarios {

  private ExportScenarios() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: ExportScenarios OUT.jsonl");
      System.exit(2);
    }
    ObjectMapper json = new ObjectMapper();
    List<Workloads.Scenario> scenarios = Workloads.seedScenarios();
    try (Writer w = Files.newBufferedWriter(Path.of(args[0]), StandardCharsets.UTF_8)) {
      for (Workloads.Scenario s : scenarios) {
        ObjectNode c = json.createObjectNode();
        c.put("name", s.name());
        ArrayNode ids = c.putArray("identityPolicies");
        for (int i = 0; i < s.policies().size(); i++) {
          ObjectNode p = ids.addObject();
          p.put("name", s.policyNames().get(i));
          p.set("policy", json.readTree(s.policies().get(i)));
        }
        ObjectNode r = c.putObject("request");
        r.put("principal", s.principal());
        r.put("action", s.action());
        r.put("resource", s.resource());
        r.put("resourceAccount", Workloads.ACCOUNT);
        ObjectNode ctx = r.putObject("context");
        s.context().forEach((k, v) -> {
          if (s.multivalued().getOrDefault(k, false)) {
            v.forEach(ctx.putArray(k)::add);
          } else {
            ctx.put(k, v.get(0));
          }
        });
        c.put("expected", Evaluator.authorize(s.compile(), s.request()).outcome().json());
        w.write(json.writeValueAsString(c));
        w.write('\n');
      }
    }
    System.err.println("wrote " + scenarios.size() + " scenarios, mix " + Workloads.mix(scenarios));
  }
}
