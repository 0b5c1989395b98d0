package dev.iamlocal.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.iamlocal.policy.JsonTree;
import dev.iamlocal.policy.PolicyParseException;
import dev.iamlocal.reasoning.Access;
import dev.iamlocal.reasoning.AccessCheckPolicyType;
import dev.iamlocal.reasoning.CheckResult;
import dev.iamlocal.reasoning.Counterexample;
import dev.iamlocal.reasoning.Prover;
import dev.iamlocal.reasoning.ProverDisagreement;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code iamlocal check-no-new-access}, {@code check-access-not-granted}, {@code check-no-public-access}:
 * IAM Access Analyzer's custom policy checks ({@code aws accessanalyzer …}) offline, with the AWS
 * CLI's flags (values inline or {@code file://}) and its JSON output: {@code result},
 * {@code message}, {@code reasons}. What iamlocal adds is under {@code iamlocal}: one
 * counterexample per failing statement (replayed on the evaluator, which agreed), and for a FAIL the
 * prover could not decide, the reason. Exit status: 0 PASS, 1 FAIL, 2 invalid input, 3 the prover
 * and the evaluator disagree (a bug, reported, never dropped), 4 crashed (no answer).
 */
final class PolicyChecks {

  private PolicyChecks() {}

  /**
   * Exit status when the check crashed (out of memory, a stack overflow, a bug): not an answer, and
   * never 1, which means FAIL.
   */
  static final int CRASHED = 4;

  /** Exit status when the prover's counterexample is not confirmed by the evaluator. */
  static final int DISAGREEMENT = 3;

  /** A flag value: {@code file://PATH} reads the file (at most {@link Inputs#MAX_POLICY_BYTES}), as the AWS CLI does. */
  static String value(String v) {
    return v.startsWith("file://") ? Inputs.readBounded(v.substring(7), Inputs.MAX_POLICY_BYTES) : v;
  }

  static AccessCheckPolicyType policyType(String v) {
    AccessCheckPolicyType t = AccessCheckPolicyType.parse(v);
    if (t == null) {
      throw new Inputs.InputException("--policy-type: invalid choice '" + v + "', valid choices are: IDENTITY_POLICY | RESOURCE_POLICY");
    }
    return t;
  }

  /** Runs a check and prints it; the exit status. */
  static int run(String verb, Supplier<CheckResult> check) {
    try {
      CheckResult r = check.get();
      print(r);
      return r.pass() ? Main.OK : Main.FAILED_CHECK;
    } catch (PolicyParseException e) {
      System.err.println("iamlocal " + verb + ": the policy document is not a valid policy: " + e.getMessage());
      return Main.INVALID_INPUT;
    } catch (Inputs.InputException | IllegalArgumentException e) {
      System.err.println("iamlocal " + verb + ": " + e.getMessage());
      return Main.INVALID_INPUT;
    } catch (ProverDisagreement e) {
      System.err.println("iamlocal " + verb + ": internal error, the prover and the evaluator disagree: " + e.getMessage());
      return DISAGREEMENT;
    } catch (IOException e) {
      System.err.println("iamlocal " + verb + ": " + e.getMessage());
      return Main.INVALID_INPUT;
    } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
      return crashed(verb, e);
    }
  }

  /** Reports a crash: exit status {@link #CRASHED}, never a FAIL or PASS. */
  static int crashed(String verb, Throwable e) {
    System.err.println("iamlocal " + verb + ": internal error, no answer: " + e
        + (e instanceof OutOfMemoryError ? " (the policies are too complex for this heap; -Xmx raises it)" : ""));
    return CRASHED;
  }

  static void print(CheckResult r) throws IOException {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("result", r.result());
    out.put("message", r.message());
    if (!r.reasons().isEmpty()) {
      List<Object> reasons = new ArrayList<>();
      for (CheckResult.Reason reason : r.reasons()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("description", reason.description());
        m.put("statementIndex", reason.statementIndex());
        if (reason.statementId() != null) {
          m.put("statementId", reason.statementId());
        }
        reasons.add(m);
      }
      out.put("reasons", reasons);
    }
    if (!r.counterexamples().isEmpty() || !r.undecided().isEmpty()) {
      Map<String, Object> ours = new LinkedHashMap<>();
      if (!r.counterexamples().isEmpty()) {
        List<Object> ces = new ArrayList<>();
        for (Counterexample c : r.counterexamples()) {
          ces.add(c.toMap());
        }
        ours.put("counterexamples", ces);
      }
      if (!r.undecided().isEmpty()) {
        ours.put("undecided", r.undecided());
      }
      out.put("iamlocal", ours);
    }
    Writer w = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
    JsonGenerator g = Json.generator(w);
    g.setPrettyPrinter(Json.awsCliPrinter());
    Json.write(g, out);
    g.flush();
    w.write('\n');
    w.flush();
  }

  /**
   * {@code --access}: JSON ({@code [{"actions": [...], "resources": [...]}]}, inline or
   * {@code file://}) or the AWS CLI's shorthand {@code actions=a,b,resources=r1,r2} (values may be
   * quoted).
   */
  static List<Access> access(List<String> raw) {
    List<Access> out = new ArrayList<>();
    for (String r : raw) {
      String v = value(r).strip();
      if (v.startsWith("[") || v.startsWith("{")) {
        JsonTree.Result t = JsonTree.parse(v);
        if (!t.problems().isEmpty() || t.root() == null) {
          throw new Inputs.InputException("--access: not valid JSON: " + t.problems());
        }
        List<Object> items = new ArrayList<>();
        Object root = tree(t.root());
        if (root instanceof List<?> l) {
          items.addAll(l);
        } else {
          items.add(root);
        }
        for (Object item : items) {
          if (!(item instanceof Map<?, ?> m)) {
            throw new Inputs.InputException("--access: each entry is an object with \"actions\" and/or \"resources\"");
          }
          out.add(new Access(strings(m.get("actions")), strings(m.get("resources"))));
        }
      } else {
        out.add(shorthand(v));
      }
    }
    if (out.size() > 1) {
      throw new Inputs.InputException("--access: at most 1 entry (Access Analyzer's limit); give one entry with"
          + " all the actions and resources");
    }
    if (out.isEmpty()) {
      throw new Inputs.InputException("--access is required");
    }
    return out;
  }

  private static Access shorthand(String v) {
    List<String> actions = new ArrayList<>();
    List<String> resources = new ArrayList<>();
    List<String> current = null;
    for (String part : v.split(",")) {
      String p = part.strip();
      int eq = p.indexOf('=');
      if (eq > 0 && (p.startsWith("actions=") || p.startsWith("resources="))) {
        current = p.startsWith("actions=") ? actions : resources;
        p = p.substring(eq + 1);
      }
      if (current == null) {
        throw new Inputs.InputException("--access: expected actions=A,B,resources=R (or JSON), got \"" + v + "\"");
      }
      p = unquote(p.strip());
      if (!p.isEmpty()) {
        current.add(p);
      }
    }
    return new Access(actions, resources);
  }

  private static String unquote(String s) {
    if (s.length() >= 2 && (s.charAt(0) == '"' || s.charAt(0) == '\'') && s.charAt(s.length() - 1) == s.charAt(0)) {
      return s.substring(1, s.length() - 1);
    }
    return s;
  }

  private static List<String> strings(Object o) {
    if (o == null) {
      return List.of();
    }
    if (!(o instanceof List<?> l)) {
      throw new Inputs.InputException("--access: \"actions\" and \"resources\" are lists of strings");
    }
    List<String> out = new ArrayList<>();
    for (Object x : l) {
      if (!(x instanceof String s)) {
        throw new Inputs.InputException("--access: \"actions\" and \"resources\" are lists of strings");
      }
      out.add(s);
    }
    return out;
  }

  /** A parsed JSON node as plain maps, lists and strings. */
  private static Object tree(JsonTree.Node n) {
    if (n instanceof JsonTree.ObjectNode o) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (JsonTree.Member mem : o.members()) {
        m.put(mem.key(), tree(mem.value()));
      }
      return m;
    }
    if (n instanceof JsonTree.ArrayNode a) {
      List<Object> l = new ArrayList<>();
      for (JsonTree.Node x : a.items()) {
        l.add(tree(x));
      }
      return l;
    }
    JsonTree.ScalarNode sc = (JsonTree.ScalarNode) n;
    return sc.type() == JsonTree.ScalarNode.Type.STRING ? sc.text() : sc;
  }

  @Command(name = "check-no-new-access", mixinStandardHelpOptions = true,
      description = {
          "Like 'aws accessanalyzer check-no-new-access': PASS when the new policy allows nothing the existing one does"
              + " not, proved over every action (in the catalog or not), resource and context value; FAIL with a counterexample"
              + " request (replayed on the evaluator) per statement that grants new access.",
          "Exit status: 0 PASS, 1 FAIL, 2 invalid input, 3 prover and evaluator disagree, 4 internal error (no answer)."})
  static final class NoNewAccess implements UsesCatalog, Callable<Integer> {
    @Option(names = "--new-policy-document", required = true, paramLabel = "JSON|file://FILE",
        description = "The updated policy.")
    String newPolicy;

    @Option(names = "--existing-policy-document", required = true, paramLabel = "JSON|file://FILE",
        description = "The policy it replaces.")
    String existingPolicy;

    @Option(names = "--policy-type", required = true, paramLabel = "TYPE",
        description = "IDENTITY_POLICY or RESOURCE_POLICY.")
    String policyType;

    @Override
    public Integer call() {
      return run("check-no-new-access", () -> Prover.bundled().checkNoNewAccess(value(newPolicy), value(existingPolicy),
          policyType(policyType)));
    }
  }

  @Command(name = "check-access-not-granted", mixinStandardHelpOptions = true,
      description = {
          "Like 'aws accessanalyzer check-access-not-granted': PASS when the policy allows none of the listed actions"
              + " on any of the listed resources; FAIL with a counterexample request per statement that grants some.",
          "Exit status: 0 PASS, 1 FAIL, 2 invalid input, 3 prover and evaluator disagree, 4 internal error (no answer)."})
  static final class AccessNotGranted implements UsesCatalog, Callable<Integer> {
    @Option(names = "--policy-document", required = true, paramLabel = "JSON|file://FILE", description = "The policy.")
    String policy;

    @Option(names = "--access", required = true, arity = "1..*", paramLabel = "ACCESS",
        description = "actions=A,B,resources=R1,R2 (either part optional) or JSON [{\"actions\": [...], \"resources\": [...]}].")
    List<String> access;

    @Option(names = "--policy-type", required = true, paramLabel = "TYPE",
        description = "IDENTITY_POLICY or RESOURCE_POLICY.")
    String policyType;

    @Override
    public Integer call() {
      return run("check-access-not-granted", () -> Prover.bundled().checkAccessNotGranted(value(policy), access(access),
          policyType(policyType)));
    }
  }

  @Command(name = "check-no-public-access", mixinStandardHelpOptions = true,
      description = {
          "Like 'aws accessanalyzer check-no-public-access': PASS when the resource policy grants nothing to an"
              + " anonymous caller or one from an account it does not name, whose account, organization and network"
              + " keys match none of the values the policy names; FAIL with a counterexample request per statement.",
          "Exit status: 0 PASS, 1 FAIL, 2 invalid input, 3 prover and evaluator disagree, 4 internal error (no answer)."})
  static final class NoPublicAccess implements UsesCatalog, Callable<Integer> {
    @Option(names = "--policy-document", required = true, paramLabel = "JSON|file://FILE", description = "The resource policy.")
    String policy;

    @Option(names = "--resource-type", required = true, paramLabel = "TYPE",
        description = "AWS::S3::Bucket, AWS::KMS::Key, AWS::IAM::AssumeRolePolicyDocument, AWS::SQS::Queue, ... (Access"
            + " Analyzer's AccessCheckResourceType).")
    String resourceType;

    @Override
    public Integer call() {
      return run("check-no-public-access", () -> Prover.bundled().checkNoPublicAccess(value(policy), resourceType));
    }
  }
}
