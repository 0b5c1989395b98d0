package dev.iamlocal.cli;

import dev.iamlocal.catalog.AccessLevel;
import dev.iamlocal.catalog.ActionDefinition;
import dev.iamlocal.policy.PolicyParseException;
import dev.iamlocal.reasoning.AccessCheckPolicyType;
import dev.iamlocal.reasoning.Counterexample;
import dev.iamlocal.reasoning.Prover;
import dev.iamlocal.reasoning.ProverDisagreement;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code iamlocal diff OLD NEW}: the access a policy change adds and removes, proved over every
 * action (in the catalog or not), resource and context value, grouped by service and access level, each action with
 * an example request (replayed on the evaluator).
 */
@Command(name = "diff", mixinStandardHelpOptions = true,
    description = {
        "The access a policy change adds and removes: every action (in the catalog or not) whose access changes, grouped by service"
            + " and access level, each with an example request that one policy allows and the other does not.",
        "Exit status: 0 (whether or not access changed), 2 invalid input, 3 prover and evaluator disagree,"
            + " 4 internal error (no answer)."})
final class DiffCommand implements UsesCatalog, Callable<Integer> {

  @Parameters(index = "0", paramLabel = "OLD", description = "The policy before the change: a file, file://FILE, or JSON.")
  String oldPolicy;

  @Parameters(index = "1", paramLabel = "NEW", description = "The policy after the change: a file, file://FILE, or JSON.")
  String newPolicy;

  @Option(names = "--policy-type", paramLabel = "TYPE", defaultValue = "IDENTITY_POLICY",
      description = "IDENTITY_POLICY (default) or RESOURCE_POLICY.")
  String policyType;

  @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text", description = "text (default) or json.")
  String output;

  @Mixin
  QuietOption quiet;

  @Override
  public Integer call() {
    try {
      if (!output.equals("text") && !output.equals("json")) {
        throw new Inputs.InputException("--output: text or json, not " + output);
      }
      Prover prover = Prover.bundled();
      AccessCheckPolicyType type = PolicyChecks.policyType(policyType);
      Prover.PolicyDiff d = prover.diff(read(oldPolicy), read(newPolicy), type);
      boolean who = type == AccessCheckPolicyType.RESOURCE_POLICY;
      if (output.equals("json")) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("added", grouped(prover, d.added(), d.otherServices(), who));
        out.put("removed", grouped(prover, d.removed(), d.otherServices(), who));
        if (!d.undecided().isEmpty()) {
          out.put("undecided", d.undecided());
        }
        var w = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        var g = Json.generator(w);
        g.setPrettyPrinter(Json.prettyPrinter());
        Json.write(g, out);
        g.flush();
        w.write('\n');
        w.flush();
      } else {
        PrintWriter w = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        text(w, "+", "added", prover, d.added(), d.otherServices(), who);
        text(w, "-", "removed", prover, d.removed(), d.otherServices(), who);
        for (String u : d.undecided()) {
          w.println("? not decided: " + u);
        }
        if (!quiet.quiet && d.added().isEmpty() && d.removed().isEmpty() && d.undecided().isEmpty()) {
          w.println("no access added or removed");
        }
        w.flush();
      }
      return Main.OK;
    } catch (PolicyParseException e) {
      System.err.println("iamlocal diff: not a valid policy: " + e.getMessage());
      return Main.INVALID_INPUT;
    } catch (Inputs.InputException | IllegalArgumentException e) {
      System.err.println("iamlocal diff: " + e.getMessage());
      return Main.INVALID_INPUT;
    } catch (ProverDisagreement e) {
      System.err.println("iamlocal diff: internal error, the prover and the evaluator disagree: " + e.getMessage());
      return PolicyChecks.DISAGREEMENT;
    } catch (IOException e) {
      System.err.println("iamlocal diff: " + e.getMessage());
      return Main.INVALID_INPUT;
    } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
      return PolicyChecks.crashed("diff", e);
    }
  }

  private static String read(String v) {
    String s = v.strip();
    if (s.startsWith("{")) {
      return s;
    }
    return Inputs.readBounded(v.startsWith("file://") ? v.substring(7) : v, Inputs.MAX_POLICY_BYTES);
  }

  /** service → access level → examples, in catalog order. */
  private static Map<String, Map<String, List<Map<String, Object>>>> grouped(Prover prover, List<Counterexample> ces,
      String otherServices, boolean who) {
    Map<String, Map<String, List<Map<String, Object>>>> out = new TreeMap<>();
    for (Counterexample c : ces) {
      boolean others = c.action().equals(otherServices);
      String service = others ? "(every service neither policy names)" : c.action().substring(0, c.action().indexOf(':'));
      String level = others ? "all" : prover.action(c.action()).map(ActionDefinition::accessLevel).map(AccessLevel::label)
          .orElse("not in the catalog");
      Map<String, Object> m = new LinkedHashMap<>(c.toMap());
      m.remove("statementIndex");
      if (!who) {
        m.remove("principal"); // an identity policy's caller is whoever holds it
      }
      out.computeIfAbsent(service, k -> new TreeMap<>()).computeIfAbsent(level, k -> new ArrayList<>()).add(m);
    }
    return out;
  }

  private static void text(PrintWriter w, String sign, String what, Prover prover, List<Counterexample> ces,
      String otherServices, boolean who) {
    if (ces.isEmpty()) {
      return;
    }
    w.println(sign + " access " + what + " (" + ces.size() + " action" + (ces.size() == 1 ? "" : "s") + ")");
    for (var svc : grouped(prover, ces, otherServices, who).entrySet()) {
      w.println("  " + svc.getKey());
      for (var lvl : svc.getValue().entrySet()) {
        w.println("    " + lvl.getKey() + ":");
        // actions with the same example request are listed together (all of them: --output json)
        Map<String, List<String>> byExample = new LinkedHashMap<>();
        for (Map<String, Object> m : lvl.getValue()) {
          String example = "e.g. on " + m.get("resource") + (m.get("principal") == null ? "" : " by " + m.get("principal"))
              + (((Map<?, ?>) m.get("context")).isEmpty() ? "" : " with " + m.get("context"));
          byExample.computeIfAbsent(example, k -> new ArrayList<>()).add((String) m.get("action"));
        }
        for (var e : byExample.entrySet()) {
          List<String> actions = e.getValue();
          String names = actions.size() <= 6 ? String.join(", ", actions)
              : String.join(", ", actions.subList(0, 5)) + " and " + (actions.size() - 5) + " more";
          w.println("      " + sign + " " + names + "  " + e.getKey());
        }
      }
    }
  }
}
