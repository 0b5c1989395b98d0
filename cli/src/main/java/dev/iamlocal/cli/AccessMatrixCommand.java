package dev.iamlocal.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.iamlocal.catalog.ServiceCatalog;
import dev.iamlocal.cli.scenario.PolicySource;
import dev.iamlocal.cli.scenario.Scenario;
import dev.iamlocal.cli.scenario.ScenarioException;
import dev.iamlocal.cli.scenario.ScenarioReader;
import dev.iamlocal.policy.PolicyParseException;
import dev.iamlocal.reasoning.Counterexample;
import dev.iamlocal.reasoning.ProverDisagreement;
import dev.iamlocal.reasoning.SymbolicMatrix;
import dev.iamlocal.request.Principal;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code iamlocal access-matrix}: the symbolic access matrix of a set of principals × actions on a
 * resource, proved: each cell ALWAYS (allowed for every request), NEVER (for none) or CONDITIONAL
 * (with the conditions that decide it), each allow and deny with an example request replayed on
 * the evaluator. Principals come from a scenario file (each scenario's identity policies,
 * permissions boundary, principal and tags; its action and resource are not used) or from
 * {@code --policy} for one principal.
 */
@Command(name = "access-matrix", mixinStandardHelpOptions = true,
    description = {
        "The symbolic access matrix: for each principal and action, ALWAYS (allowed whatever the request), NEVER, or"
            + " CONDITIONAL with the conditions that decide it; an example request for each allow and deny, replayed on"
            + " the evaluator. Permissions boundaries count; the principal's own keys (aws:username, aws:PrincipalTag/*,"
            + " …) are fixed, every other key is free.",
        "Exit status: 0, 2 invalid input, 3 prover and evaluator disagree, 4 internal error (no answer)."})
final class AccessMatrixCommand implements UsesCatalog, Callable<Integer> {

  @Option(names = "--input", paramLabel = "FILE",
      description = "Scenarios (a file, or - for standard input) whose identityPolicies, permissionsBoundary, principal,"
          + " principalId and principalTags describe the principals, one per scenario (a repeated principal is one row).")
  String input;

  @Option(names = "--policy", paramLabel = "POLICY",
      description = "An identity policy of one principal (a file, file://FILE, or JSON); repeat for several.")
  List<String> policies = new ArrayList<>();

  @Option(names = "--permissions-boundary", paramLabel = "POLICY", description = "That principal's permissions boundary.")
  String boundary;

  @Option(names = "--principal", paramLabel = "ARN", defaultValue = "arn:aws:iam::111122223333:user/principal",
      description = "That principal's ARN (default: ${DEFAULT-VALUE}).")
  String principal;

  @Option(names = "--principal-tag", paramLabel = "KEY=VALUE", description = "A tag of that principal; repeat for several.")
  List<String> tags = new ArrayList<>();

  @Option(names = "--service", paramLabel = "PREFIX", description = "Every action of this service (e.g. sagemaker).")
  String service;

  @Option(names = "--actions", paramLabel = "ACTION", split = ",", description = "These actions (comma-separated).")
  List<String> actions = new ArrayList<>();

  @Option(names = "--resource", paramLabel = "ARN", defaultValue = "*",
      description = "The resource: * (default: any resource, so the resource may be a condition), an ARN, or an ARN"
          + " pattern.")
  String resource;

  @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
      description = "text (default: one line per cell), csv, or json. Text and CSV examples leave out the principal's"
          + " own keys (fixed in every request); JSON gives each example's whole context.")
  String output;

  @Override
  public Integer call() {
    try {
      if (!List.of("text", "csv", "json").contains(output)) {
        throw new Inputs.InputException("--output: text, csv or json, not " + output);
      }
      List<String> wanted = actions();
      List<SymbolicMatrix.Subject> subjects = subjects();
      SymbolicMatrix matrix = SymbolicMatrix.bundled();
      // a list, not a map by name: principals with the same ARN and other policies or tags are rows of their own
      List<Map.Entry<String, List<SymbolicMatrix.Cell>>> rows = new ArrayList<>();
      // all rows at once: principals with the same policies share their compilation and cells
      List<List<SymbolicMatrix.Cell>> computed = matrix.rows(subjects, wanted, resource);
      for (int i = 0; i < subjects.size(); i++) {
        SymbolicMatrix.Subject s = subjects.get(i);
        rows.add(Map.entry(s.name(), computed.get(i)));
        s.keys().keySet().forEach(k -> own.add(k.toLowerCase(java.util.Locale.ROOT)));
      }
      Writer w = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
      switch (output) {
        case "json" -> json(w, rows);
        case "csv" -> csv(new PrintWriter(w), rows);
        default -> text(new PrintWriter(w), rows);
      }
      w.flush();
      return Main.OK;
    } catch (PolicyParseException e) {
      System.err.println("iamlocal access-matrix: not a valid policy: " + e.getMessage());
      return Main.INVALID_INPUT;
    } catch (Inputs.InputException | ScenarioException | IllegalArgumentException e) {
      System.err.println("iamlocal access-matrix: " + e.getMessage());
      return Main.INVALID_INPUT;
    } catch (ProverDisagreement e) {
      System.err.println("iamlocal access-matrix: internal error, the prover and the evaluator disagree: " + e.getMessage());
      return PolicyChecks.DISAGREEMENT;
    } catch (IOException e) {
      System.err.println("iamlocal access-matrix: " + e.getMessage());
      return Main.INVALID_INPUT;
    } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
      return PolicyChecks.crashed("access-matrix", e);
    }
  }

  private List<String> actions() {
    Set<String> out = new LinkedHashSet<>();
    ServiceCatalog catalog = ServiceCatalog.bundled();
    if (service != null) {
      var svc = catalog.service(service.toLowerCase(java.util.Locale.ROOT)).orElseThrow(() -> new Inputs.InputException(
          "--service: no service " + service + " in the catalog (iamlocal expand '" + service + ":*' lists its actions)"));
      svc.actions().forEach(a -> out.add(a.fullName()));
    }
    for (String a : actions) {
      if (!a.isBlank()) {
        if (a.indexOf('*') >= 0 || a.indexOf('?') >= 0) {
          throw new Inputs.InputException("--actions: " + a + " is a pattern; the matrix is per action"
              + " (iamlocal expand '" + a + "' lists them)");
        }
        out.add(a.strip());
      }
    }
    if (out.isEmpty()) {
      throw new Inputs.InputException("give the actions: --service PREFIX or --actions a,b");
    }
    return new ArrayList<>(out);
  }

  private List<SymbolicMatrix.Subject> subjects() throws IOException {
    if ((input == null) == policies.isEmpty()) {
      throw new Inputs.InputException("give the principals: --input SCENARIOS or --policy POLICY (one principal)");
    }
    List<SymbolicMatrix.Subject> out = new ArrayList<>();
    if (input != null) {
      Set<String> seen = new LinkedHashSet<>();
      try (Reader r = Inputs.open(input); ScenarioReader in = new ScenarioReader(r, Inputs.displayName(input))) {
        for (Scenario s = in.next(); s != null; s = in.next()) {
          List<String> texts = new ArrayList<>();
          s.identityPolicies().forEach(p -> texts.add(p.text()));
          PolicySource b = s.permissionsBoundary();
          String name = s.principal().arn();
          // the same principal with the same policies is one row
          if (!seen.add(name + "\u0000" + texts + "\u0000" + (b == null ? "" : b.text()) + "\u0000" + s.principalTags())) {
            continue;
          }
          out.add(new SymbolicMatrix.Subject(name, texts, b == null ? null : b.text(),
              SymbolicMatrix.principalKeys(s.principal(), s.principalId(), s.principalTags())));
        }
      }
      return out;
    }
    Principal p;
    try {
      p = Principal.parse(principal);
    } catch (IllegalArgumentException e) {
      throw new Inputs.InputException("--principal: " + e.getMessage());
    }
    Map<String, String> tagMap = new LinkedHashMap<>();
    for (String t : tags) {
      int eq = t.indexOf('=');
      if (eq <= 0) {
        throw new Inputs.InputException("--principal-tag: KEY=VALUE, not " + t);
      }
      tagMap.put(t.substring(0, eq), t.substring(eq + 1));
    }
    List<String> texts = new ArrayList<>();
    policies.forEach(v -> texts.add(read(v)));
    out.add(new SymbolicMatrix.Subject(p.arn(), texts, boundary == null ? null : read(boundary),
        SymbolicMatrix.principalKeys(p, null, tagMap)));
    return out;
  }

  private static String read(String v) {
    String s = v.strip();
    if (s.startsWith("{")) {
      return s;
    }
    return Inputs.readBounded(v.startsWith("file://") ? v.substring(7) : v, Inputs.MAX_POLICY_BYTES);
  }

  /** The principals' own keys (lower case): fixed in every request, so left out of the examples people read. */
  private final Set<String> own = new LinkedHashSet<>();

  private String example(Counterexample c) {
    if (c == null) {
      return "";
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> ctx = new LinkedHashMap<>((Map<String, Object>) c.toMap().get("context"));
    ctx.keySet().removeIf(k -> own.contains(k.toLowerCase(java.util.Locale.ROOT)));
    return "on " + c.resource() + (ctx.isEmpty() ? "" : " with " + ctx);
  }

  private void text(PrintWriter w, List<Map.Entry<String, List<SymbolicMatrix.Cell>>> rows) {
    for (var row : rows) {
      w.println(row.getKey());
      for (SymbolicMatrix.Cell c : row.getValue()) {
        String detail = switch (c.kind()) {
          case ALWAYS -> "e.g. " + example(c.allowExample());
          case NEVER -> "";
          case CONDITIONAL -> c.condition() + "; allowed e.g. " + example(c.allowExample()) + "; denied e.g. "
              + example(c.denyExample());
          case UNDECIDED -> c.undecided();
        };
        w.println(String.format("  %-48s %-12s %s", c.action(), c.kind(), detail).stripTrailing());
      }
    }
  }

  private void csv(PrintWriter w, List<Map.Entry<String, List<SymbolicMatrix.Cell>>> rows) {
    w.println("principal,action,result,condition,allowed_example,denied_example");
    for (var row : rows) {
      for (SymbolicMatrix.Cell c : row.getValue()) {
        w.println(String.join(",", cell(row.getKey()), cell(c.action()), c.kind().name(),
            cell(c.kind() == SymbolicMatrix.Kind.UNDECIDED ? c.undecided() : c.condition()),
            cell(example(c.allowExample())), cell(example(c.denyExample()))));
      }
    }
  }

  /** A CSV field (RFC 4180): quoted when it holds a comma, quote or line break; a formula-like start is defused. */
  private static String cell(String s) {
    if (s == null) {
      return "";
    }
    String v = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
    return v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")
        ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
  }

  private void json(Writer w, List<Map.Entry<String, List<SymbolicMatrix.Cell>>> rows) throws IOException {
    List<Object> principals = new ArrayList<>();
    for (var row : rows) {
      List<Object> cells = new ArrayList<>();
      for (SymbolicMatrix.Cell c : row.getValue()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action", c.action());
        m.put("result", c.kind().name());
        if (c.condition() != null) {
          m.put("condition", c.condition());
        }
        if (c.allowExample() != null) {
          m.put("allowedExample", withoutIndex(c.allowExample()));
        }
        if (c.denyExample() != null) {
          m.put("deniedExample", withoutIndex(c.denyExample()));
        }
        if (c.undecided() != null) {
          m.put("undecided", c.undecided());
        }
        cells.add(m);
      }
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("principal", row.getKey());
      p.put("cells", cells);
      principals.add(p);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("resource", resource);
    out.put("principals", principals);
    JsonGenerator g = Json.generator(w);
    g.setPrettyPrinter(Json.prettyPrinter());
    Json.write(g, out);
    g.flush();
    w.write('\n');
  }

  private static Map<String, Object> withoutIndex(Counterexample c) {
    Map<String, Object> m = new LinkedHashMap<>(c.toMap());
    m.remove("statementIndex");
    m.remove("principal"); // the row's principal; the prover's stand-in ARN would only confuse
    return m;
  }

}
