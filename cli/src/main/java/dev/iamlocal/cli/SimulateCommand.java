package dev.iamlocal.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.iamlocal.evaluation.Decision;
import dev.iamlocal.evaluation.Evaluator;
import dev.iamlocal.evaluation.Explanation;
import dev.iamlocal.evaluation.MatchedStatement;
import dev.iamlocal.evaluation.Outcome;
import dev.iamlocal.evaluation.PolicySet;
import dev.iamlocal.request.AuthorizationRequest;
import dev.iamlocal.cli.scenario.Expectation;
import dev.iamlocal.cli.scenario.PolicySetCache;
import dev.iamlocal.cli.scenario.Scenario;
import dev.iamlocal.cli.scenario.ScenarioException;
import dev.iamlocal.cli.scenario.ScenarioReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code iamlocal simulate}: decides every scenario of a file, streaming (a file of any length is
 * read and answered in constant memory), with compiled policy sets cached by content.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
        "Decide the requests of a scenario file: one scenario object or a JSON array of them.",
        // one element per paragraph: picocli wraps each to the width of the help
        "Fills the global keys AWS derives from the principal (aws:username, aws:PrincipalArn, aws:PrincipalTag/*,"
            + " aws:CurrentTime, ...) unless the scenario's context gives them. Runs the validator over the scenarios'"
            + " policies and prints its errors and warnings to standard error; what it finds on a policy is kept for later"
            + " runs (in ~/.cache/iamlocal, or IAMLOCAL_CACHE_DIR; IAMLOCAL_CACHE=off keeps nothing).",
        "Exit status: 0 ok, 1 a decision differs from --expect or from a scenario's own \"expect\", 2 invalid input."})
final class SimulateCommand implements UsesCatalog, Callable<Integer> {

  @Override
  public boolean usesCatalog(String[] args) {
    return ScenarioValidation.readsCatalog(args);
  }

  /** Policy combinations kept compiled; a file cycling through more recompiles the least recent. */
  static final int CACHE_SIZE = 1024;

  enum Format { text, json }

  @Option(names = "--input", required = true, paramLabel = "FILE|-", description = "The scenario file, or - for standard input.")
  String input;

  @Option(names = "--output", defaultValue = "text", paramLabel = "text|json",
      description = "text (a table, one line per scenario; the default) or json (one object per scenario; its"
          + " \"index\" and \"statementIndex\" count from 0, where the table's # and #N count from 1).")
  Format output;

  @Option(names = "--expect", paramLabel = "DECISION",
      description = "Fail (exit 1) unless every decision is this: allowed, explicitDeny, implicitDeny, or denied (either deny).")
  String expect;

  @Option(names = "--explain", description = "Text output: print the full reasoning below each scenario's line.")
  boolean explain;

  @Option(names = "--stats", description = "Print counts and timing to standard error when done.")
  boolean stats;

  @Mixin
  QuietOption quiet;

  @Mixin
  NoValidateOption validate;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    // a large file in a C1-only JVM: run by a JVM with the optimizing compiler (the launcher cannot
    // tell the size without a process of its own)
    Integer relaunched = OptimizingCompiler.relaunchIfLarge(input, spec.commandLine().getParseResult().originalArgs());
    if (relaunched != null) {
      return relaunched;
    }
    Expectation cliExpect = null;
    if (expect != null) {
      cliExpect = Expectation.parse(expect);
      if (cliExpect == null) {
        System.err.println("iamlocal simulate: --expect " + expect + " is not a decision; use allowed, explicitDeny, implicitDeny or denied.");
        return Main.INVALID_INPUT;
      }
    }
    long t0 = System.nanoTime();
    String source = Inputs.displayName(input);
    PolicySetCache cache = new PolicySetCache(CACHE_SIZE);
    Clock clock = Clock.systemUTC();
    Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
    Sink sink = output == Format.json ? new JsonSink(out) : new TextSink(out, explain, !quiet.on());
    int count = 0;
    int failed = 0;
    int[] outcomes = new int[Outcome.values().length];
    ScenarioValidation validation = !validate.validates(quiet) ? null
        : new ScenarioValidation("simulate", source, System.err);
    try (ScenarioReader reader = new ScenarioReader(Inputs.open(input), source)) {
      boolean begun = false;
      for (Scenario s = reader.next(); s != null; s = reader.next()) {
        if (!begun) {
          sink.begin(reader.isArray());
          begun = true;
        }
        PolicySet set = cache.policySet(s, source);
        if (validation != null) {
          validation.check(s);
        }
        AuthorizationRequest r = s.request(clock);
        Explanation e = sink.needsExplanation() ? Evaluator.explain(set, r) : null;
        Decision d = e != null ? e.decision() : Evaluator.authorize(set, r);
        boolean cliOk = cliExpect == null || cliExpect.matches(d.outcome());
        boolean ownOk = s.expect() == null || s.expect().matches(d.outcome());
        boolean ok = cliOk && ownOk;
        // Show the expectation that failed; when both hold, the scenario's own.
        Expectation shown = !cliOk ? cliExpect : s.expect() != null ? s.expect() : cliExpect;
        sink.scenario(s, set, d, e, shown, ok);
        outcomes[d.outcome().ordinal()]++;
        count++;
        if (!ok) {
          failed++;
        }
      }
      // the findings before the summary, and before the buffered table reaches a terminal
      finish(validation);
      if (!begun) {
        sink.begin(reader.isArray());
      }
      sink.end(count, failed, outcomes);
      out.flush();
    } catch (ScenarioException e) {
      finish(validation);
      flushQuietly(out);
      System.err.println("iamlocal simulate: " + e.getMessage());
      return Main.INVALID_INPUT;
    } catch (Inputs.InputException e) {
      finish(validation);
      System.err.println("iamlocal simulate: " + e.getMessage());
      return Main.INVALID_INPUT;
    } catch (IOException | UncheckedIOException e) {
      finish(validation);
      flushQuietly(out);
      System.err.println("iamlocal simulate: " + source + ": " + e.getMessage());
      return Main.INVALID_INPUT;
    } finally {
      finish(validation);
    }
    if (stats) {
      double secs = (System.nanoTime() - t0) / 1e9;
      System.err.printf("iamlocal simulate: %d scenarios in %.2f s (%.0f/s); %d policy sets compiled, %d policies parsed;"
          + " %s%n", count, secs, count / Math.max(secs, 1e-9), cache.compiledSets(), cache.parsedPolicies(), compilers());
    }
    if (failed > 0 && !quiet.on()) {
      System.err.println("iamlocal simulate: " + failed + " of " + count + " scenario" + (count == 1 ? "" : "s")
          + " did not have the expected decision");
    }
    if (failed > 0) {
      return Main.FAILED_CHECK;
    }
    return Main.OK;
  }

  /** Which of HotSpot's compilers this JVM runs ({@code --stats}: they decide the speed of a large file). */
  private static String compilers() {
    try {
      var vm = java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
      if ("false".equals(vm.getVMOption("UseCompiler").getValue())) {
        return "no compiler (interpreted)"; // -Xint
      }
      if ("false".equals(vm.getVMOption("TieredCompilation").getValue())) {
        return "compiler C2";
      }
      return "1".equals(vm.getVMOption("TieredStopAtLevel").getValue()) ? "compiler C1" : "compilers C1 and C2";
    } catch (RuntimeException | LinkageError notHotSpot) {
      return "compilers of " + System.getProperty("java.vm.name");
    }
  }

  /** Waits for the validator's findings to be printed (idempotent). */
  static void finish(ScenarioValidation validation) {
    if (validation != null) {
      validation.close();
    }
  }

  private static void flushQuietly(Writer out) {
    try {
      out.flush();
    } catch (IOException ignored) {
      // The error being reported matters more than output that could not be written.
    }
  }

  /** Where decided scenarios go. */
  private interface Sink {
    void begin(boolean array) throws IOException;

    boolean needsExplanation();

    void scenario(Scenario s, PolicySet set, Decision d, Explanation e, Expectation expected, boolean ok) throws IOException;

    void end(int count, int failed, int[] outcomes) throws IOException;
  }

  /** One JSON object per scenario: a single object for a one-scenario file, else an array, one object a line. */
  private static final class JsonSink implements Sink {
    private final Writer out;
    private JsonGenerator g;
    private boolean array;
    private boolean first = true;

    JsonSink(Writer out) {
      this.out = out;
    }

    @Override
    public void begin(boolean array) throws IOException {
      this.array = array;
      this.g = Json.generator(out);
      if (array) {
        g.writeRaw('[');
      } else {
        g.setPrettyPrinter(Json.prettyPrinter());
      }
    }

    @Override
    public boolean needsExplanation() {
      return true;
    }

    @Override
    public void scenario(Scenario s, PolicySet set, Decision d, Explanation e, Expectation expected, boolean ok)
        throws IOException {
      if (array) {
        // Through the generator, not the writer: flushing the generator per scenario would flush
        // standard output once per scenario.
        g.writeRaw(first ? "\n" : ",\n");
      }
      first = false;
      ScenarioJson.write(g, s, e, expected, ok);
    }

    @Override
    public void end(int count, int failed, int[] outcomes) throws IOException {
      g.writeRaw(array ? (count == 0 ? "]\n" : "\n]\n") : "\n");
      g.flush();
    }
  }

  /** A table, one line per scenario with the reason; with --explain the reasoning below each line. */
  private static final class TextSink implements Sink {
    private final Writer out;
    private final boolean explain;
    private final boolean summary;

    TextSink(Writer out, boolean explain, boolean summary) {
      this.out = out;
      this.explain = explain;
      this.summary = summary;
    }

    @Override
    public void begin(boolean array) throws IOException {
      out.write(Columns.left("#", 5) + " " + Columns.left("SCENARIO", 40) + " " + Columns.left("DECISION", 13) + " "
          + Columns.left("OK", 4) + " REASON" + System.lineSeparator());
    }

    @Override
    public boolean needsExplanation() {
      return explain;
    }

    @Override
    public void scenario(Scenario s, PolicySet set, Decision d, Explanation e, Expectation expected, boolean ok)
        throws IOException {
      // (the file's text, made printable: a line break or an escape sequence in a name would break the table, or
      // draw rows of its own on a terminal)
      String name = Columns.printable(s.name() == null ? s.action() + " " + s.resource() : s.name());
      if (name.length() > 40) {
        // (not between the two halves of a character outside the BMP)
        name = name.substring(0, Character.isHighSurrogate(name.charAt(38)) ? 38 : 39) + "…";
      }
      String check = expected == null ? "-" : ok ? "ok" : "FAIL";
      out.write(Columns.left(Integer.toString(s.index() + 1), 5) + " " + Columns.left(name, 40) + " "
          + Columns.left(d.outcome().json(), 13) + " " + Columns.left(check, 4) + " "
          + Columns.printable(reason(d, new ScenarioPositions(s)))
          + (ok || expected == null ? "" : " [expected " + expected.json() + "]") + System.lineSeparator());
      if (explain) {
        out.write('\n');
        out.write(indent(Columns.printableLines(ExplanationText.render(s.label(), set, e, new ScenarioPositions(s)))));
        out.write('\n');
      }
    }

    @Override
    public void end(int count, int failed, int[] outcomes) throws IOException {
      if (!summary) {
        return;
      }
      String nl = System.lineSeparator();
      out.write(nl + count + " scenario" + (count == 1 ? "" : "s") + ": " + outcomes[Outcome.ALLOWED.ordinal()]
          + " allowed, " + outcomes[Outcome.EXPLICIT_DENY.ordinal()] + " explicitDeny, "
          + outcomes[Outcome.IMPLICIT_DENY.ordinal()] + " implicitDeny" + (failed == 0 ? "" : "; " + failed + " not as expected")
          + nl);
    }

    private static String indent(String s) {
      return s.replaceAll("(?m)^(?=.)", "    ");
    }
  }

  /** One line: why the decision is what it is, naming the decisive statements where the file has them. */
  static String reason(Decision d, ScenarioPositions at) {
    StringBuilder b = new StringBuilder();
    if (d.outcome() == Outcome.ALLOWED && d.matchedStatements().isEmpty()) {
      return d.reason(); // allowed without a policy: sts:GetCallerIdentity
    }
    if (d.outcome() == Outcome.ALLOWED) {
      b.append("allowed by ");
    } else {
      b.append(d.reason());
      if (!d.matchedStatements().isEmpty()) {
        b.append(": ");
      }
    }
    for (int i = 0; i < d.matchedStatements().size(); i++) {
      MatchedStatement m = d.matchedStatements().get(i);
      if (i > 0) {
        b.append(", ");
      }
      b.append(m.policyId()).append(' ').append(m.sid() != null ? m.sid() : "#" + (m.index() + 1))
          .append(" (").append(at.point(m.policyType(), m.policyId(), -1, m.span().start())).append(')');
    }
    return b.toString();
  }
}
