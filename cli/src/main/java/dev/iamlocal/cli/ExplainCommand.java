package dev.iamlocal.cli;

import dev.iamlocal.evaluation.Evaluator;
import dev.iamlocal.evaluation.Explanation;
import dev.iamlocal.evaluation.PolicySet;
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
import com.fasterxml.jackson.core.JsonGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code iamlocal explain}: the full reasoning behind a scenario's decision, for a person. */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = {
        "Explain the decision for the scenarios of a file (the same format as simulate).",
        "Prints the decision, the decisive statements with their source lines, then every statement with its verdict"
            + " and reason; positions are the file's lines and columns."})
final class ExplainCommand implements UsesCatalog, Callable<Integer> {

  @Override
  public boolean usesCatalog(String[] args) {
    return ScenarioValidation.readsCatalog(args);
  }

  @Option(names = "--input", required = true, paramLabel = "FILE|-", description = "The scenario file, or - for standard input.")
  String input;

  @Option(names = "--scenario", paramLabel = "NAME|N",
      description = "Explain only the scenario with this name, or the N-th (1-based).")
  String only;

  @Option(names = "--output", defaultValue = "text", paramLabel = "text|json",
      description = "text (for people; the default) or json (the objects simulate --output json prints, explanation"
          + " included: one object, or an array when the file holds an array of scenarios).")
  SimulateCommand.Format output;

  @Mixin
  QuietOption quiet;

  @Mixin
  NoValidateOption validate;

  @Override
  public Integer call() {
    String source = Inputs.displayName(input);
    PolicySetCache cache = new PolicySetCache(64);
    Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
    int shown = 0;
    JsonGenerator json = null;
    ScenarioValidation validation = !validate.validates(quiet) ? null
        : new ScenarioValidation("explain", source, System.err);
    try (ScenarioReader reader = new ScenarioReader(Inputs.open(input), source)) {
      for (Scenario s = reader.next(); s != null; s = reader.next()) {
        if (only != null && !only.equals(s.name()) && !only.equals(Integer.toString(s.index() + 1))) {
          continue;
        }
        PolicySet set = cache.policySet(s, source);
        if (validation != null) {
          validation.check(s);
        }
        Explanation e = Evaluator.explain(set, s.request(Clock.systemUTC()));
        boolean met = s.expect() == null || s.expect().matches(e.decision().outcome());
        if (output == SimulateCommand.Format.json) {
          if (json == null) {
            json = Json.generator(out);
            json.setPrettyPrinter(Json.prettyPrinter());
            if (reader.isArray()) {
              json.writeStartArray();
            }
          }
          ScenarioJson.write(json, s, e, s.expect(), met);
        } else {
          if (shown > 0) {
            out.write("\n" + "-".repeat(78) + "\n\n");
          }
          out.write(Columns.printableLines(ExplanationText.render(s.label() + " (" + source + ":" + s.location() + ")",
              set, e, new ScenarioPositions(s))));
          if (s.expect() != null) {
            out.write("\nExpected: " + s.expect().json() + (met ? " (met)" : " (NOT met)") + "\n");
          }
        }
        shown++;
      }
      SimulateCommand.finish(validation);
      if (json != null) {
        if (reader.isArray()) {
          json.writeEndArray();
        }
        json.flush();
        out.write('\n');
      }
      out.flush();
    } catch (ScenarioException e) {
      SimulateCommand.finish(validation);
      System.err.println("iamlocal explain: " + e.getMessage());
      return Main.INVALID_INPUT;
    } catch (Inputs.InputException e) {
      SimulateCommand.finish(validation);
      System.err.println("iamlocal explain: " + e.getMessage());
      return Main.INVALID_INPUT;
    } catch (IOException | UncheckedIOException e) {
      SimulateCommand.finish(validation);
      System.err.println("iamlocal explain: " + source + ": " + e.getMessage());
      return Main.INVALID_INPUT;
    } finally {
      SimulateCommand.finish(validation);
    }
    if (shown == 0) {
      System.err.println("iamlocal explain: " + (only == null ? source + " holds no scenario" : "no scenario named or numbered " + only));
      return Main.INVALID_INPUT;
    }
    return Main.OK;
  }
}
