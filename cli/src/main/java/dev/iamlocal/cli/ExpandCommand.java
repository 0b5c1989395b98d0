package dev.iamlocal.cli;

import dev.iamlocal.catalog.ActionDefinition;
import dev.iamlocal.catalog.ServiceCatalog;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code iamlocal expand}: the actions an IAM action pattern matches, from the bundled catalog. */
@Command(
    name = "expand",
    mixinStandardHelpOptions = true,
    description = "Print every action a pattern such as sagemaker:*Algorithm or s3:Get* matches, one per line, "
        + "in the AWS reference's spelling.",
    footer = {"", "Exit status: 0 every pattern matched; 1 a pattern matched no action."})
public final class ExpandCommand implements UsesCatalog, Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "PATTERN", arity = "1..*", description = "Action patterns (* and ? are wildcards).")
  List<String> patterns;

  @Option(names = "--output", defaultValue = "text", paramLabel = "text|json",
      description = "text (one action per line; the default) or json ([{\"pattern\": ..., \"actions\": [...]}, ...],"
          + " one object per pattern in the order given).")
  SimulateCommand.Format output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ServiceCatalog catalog = ServiceCatalog.bundled();
    int status = Main.OK;
    var json = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
    for (String pattern : patterns) {
      List<ActionDefinition> actions = catalog.expand(pattern);
      if (actions.isEmpty()) {
        List<String> near = catalog.suggestActions(pattern, 3);
        err.println("iamlocal expand: " + pattern + " matches no action"
            + (near.isEmpty() ? "" : "; did you mean " + String.join(", ", near) + "?"));
        status = Main.FAILED_CHECK;
      }
      if (output == SimulateCommand.Format.json) {
        var o = json.addObject().put("pattern", pattern);
        var names = o.putArray("actions");
        actions.forEach(a -> names.add(a.fullName()));
      } else {
        for (ActionDefinition a : actions) {
          out.println(a.fullName());
        }
      }
    }
    if (output == SimulateCommand.Format.json) {
      out.println(FindingsFormat.json(json));
    }
    out.flush();
    err.flush();
    return status;
  }
}
