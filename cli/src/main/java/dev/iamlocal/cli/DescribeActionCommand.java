package dev.iamlocal.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamlocal.catalog.ActionDefinition;
import dev.iamlocal.catalog.ActionResourceType;
import dev.iamlocal.catalog.ConditionKeyDefinition;
import dev.iamlocal.catalog.ResourceTypeDefinition;
import dev.iamlocal.catalog.ServiceCatalog;
import dev.iamlocal.catalog.ServiceDefinition;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code iamlocal describe-action}: what the AWS reference says about one action. */
@Command(
    name = "describe-action",
    mixinStandardHelpOptions = true,
    description = "Show an action's access level, resource types (ARN formats, required or not), condition keys "
        + "with their types, and dependent actions.",
    footer = {"", "Exit status: 0 found; 2 unknown action (with suggestions)."})
public final class DescribeActionCommand implements UsesCatalog, Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = {"--output", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}; --format is the older spelling).")
  String format;

  @Parameters(paramLabel = "ACTION", description = "An action such as sagemaker:CreateTrainingJob (any case).")
  String name;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!format.equals("text") && !format.equals("json")) {
      err.println("iamlocal describe-action: unknown --output '" + format + "'; use text or json");
      err.flush();
      return Main.INVALID_INPUT;
    }
    ServiceCatalog catalog = ServiceCatalog.bundled();
    Optional<ActionDefinition> found = catalog.action(name);
    if (found.isEmpty()) {
      List<String> near = catalog.suggestActions(name, 3);
      err.println("iamlocal describe-action: " + name + " is not a known action"
          + (near.isEmpty() ? "." : "; did you mean " + String.join(", ", near) + "?"));
      err.flush();
      return Main.INVALID_INPUT;
    }
    ActionDefinition a = found.get();
    Optional<ServiceDefinition> service = catalog.service(a.prefix());
    if (format.equals("json")) {
      out.println(FindingsFormat.json(json(catalog, service, a)));
    } else {
      text(catalog, service, a, out);
    }
    out.flush();
    return Main.OK;
  }

  private static String arnFormat(Optional<ServiceDefinition> service, ActionResourceType row) {
    return service.flatMap(s -> s.resourceType(row.name())).map(ResourceTypeDefinition::arnFormat).orElse("?");
  }

  private static String type(ServiceCatalog catalog, String key) {
    return catalog.conditionKey(key).map(DescribeActionCommand::typeName).orElse("unknown");
  }

  private static String typeName(ConditionKeyDefinition d) {
    String base = switch (d.type()) {
      case STRING -> "String";
      case ARN -> "ARN";
      case BOOL -> "Bool";
      case NUMERIC -> "Numeric";
      case DATE -> "Date";
      case IP_ADDRESS -> "IPAddress";
      case BINARY -> "Binary";
    };
    return (d.multivalued() ? "ArrayOf" + base : base)
        + (d.deprecated() ? " (deprecated" + d.replacedBy().map(r -> "; use " + r).orElse("") + ")" : "");
  }

  private static void text(ServiceCatalog catalog, Optional<ServiceDefinition> service, ActionDefinition a, PrintWriter out) {
    out.println(a.fullName() + service.map(s -> " (" + s.name() + ")").orElse(""));
    out.println("  access level: " + a.accessLevel().label());
    out.println("  resource types:" + (a.resourceTypes().isEmpty() ? " none (use \"Resource\": \"*\")" : ""));
    for (ActionResourceType row : a.resourceTypes()) {
      out.println("    " + row.name() + (row.required() ? " (required)" : "") + "  " + arnFormat(service, row));
    }
    out.println("  condition keys:");
    for (String key : catalog.conditionKeysFor(a)) {
      out.println("    " + key + "  " + type(catalog, key));
    }
    out.println("  dependent actions:" + (a.dependentActions().isEmpty()
        ? (a.dependentActionsKnown() ? " none" : " unknown") : ""));
    for (String d : a.dependentActions()) {
      out.println("    " + d);
    }
  }

  private static ObjectNode json(ServiceCatalog catalog, Optional<ServiceDefinition> service, ActionDefinition a) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("action", a.fullName());
    service.ifPresent(s -> o.put("service", s.name()));
    o.put("accessLevel", a.accessLevel().label());
    var rts = o.putArray("resourceTypes");
    for (ActionResourceType row : a.resourceTypes()) {
      ObjectNode r = rts.addObject();
      r.put("name", row.name());
      r.put("required", row.required());
      r.put("arnFormat", arnFormat(service, row));
      var keys = r.putArray("conditionKeys");
      row.conditionKeys().forEach(keys::add);
    }
    var keys = o.putArray("conditionKeys");
    for (String key : catalog.conditionKeysFor(a)) {
      ObjectNode k = keys.addObject();
      k.put("name", key);
      Optional<ConditionKeyDefinition> d = catalog.conditionKey(key);
      k.put("type", d.map(DescribeActionCommand::typeName).orElse("unknown"));
      d.ifPresent(x -> {
        k.put("multivalued", x.multivalued());
        k.put("deprecated", x.deprecated());
        x.replacedBy().ifPresent(r -> k.put("replacedBy", r));
      });
    }
    var deps = o.putArray("dependentActions");
    a.dependentActions().forEach(deps::add);
    o.put("dependentActionsKnown", a.dependentActionsKnown());
    return o;
  }
}
