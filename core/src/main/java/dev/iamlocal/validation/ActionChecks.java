package dev.iamlocal.validation;

import dev.iamlocal.catalog.ActionDefinition;
import dev.iamlocal.policy.PolicyString;
import dev.iamlocal.policy.Statement;
import dev.iamlocal.policy.ValueList;
import java.util.List;
import java.util.stream.Collectors;

/** Every Action/NotAction entry against the catalog: format, service, action, wildcard, spelling. */
final class ActionChecks implements Check {

  @Override
  public List<String> codes() {
    return List.of("INVALID_ACTION_FORMAT", "WILDCARD_IN_SERVICE_NAME", "INVALID_SERVICE", "INVALID_ACTION",
        "ACTION_WILDCARD_MATCHES_NOTHING", "RETIRED_SERVICE", "NONCANONICAL_ACTION_CASE");
  }

  @Override
  public void check(PolicyContext ctx, FindingSink out) {
    for (Statement s : ctx.statements()) {
      entries(ctx, s.action(), out);
      entries(ctx, s.notAction(), out);
    }
  }

  private static void entries(PolicyContext ctx, ValueList list, FindingSink out) {
    if (list == null) {
      return;
    }
    for (PolicyString a : list.values()) {
      String raw = a.value();
      CatalogLookups.ActionLookup l = ctx.lookups().action(raw);
      switch (l.kind()) {
        case ALL -> { }
        case BAD_FORMAT -> out.add(Severity.ERROR, "INVALID_ACTION_FORMAT", "\"" + raw
            + "\" is not an action name: an action is written service:ActionName.",
            "Write it as e.g. \"s3:GetObject\", or \"*\" for every action.", a);
        case SERVICE_WILDCARD -> out.add(Severity.SUGGESTION, "WILDCARD_IN_SERVICE_NAME", "The service prefix of \""
            + raw + "\" contains a wildcard, so it matches actions of several services, including future ones.",
            "Name each service: e.g. \"s3:" + raw.substring(raw.indexOf(':') + 1) + "\".", a);
        case UNKNOWN_SERVICE -> {
          List<String> near = ctx.lookups().catalog().suggestServicePrefixes(l.prefix());
          out.add(Severity.ERROR, "INVALID_SERVICE", "\"" + l.prefix() + "\" in \"" + raw + "\" is not an AWS service prefix"
              + (near.isEmpty() ? "." : "; did you mean `" + near.get(0) + "`?"),
              near.isEmpty() ? "Check the prefix in the Service Authorization Reference."
                  : "Replace the prefix with one of: " + near.stream().limit(3).collect(Collectors.joining(", ")) + ".", a);
        }
        case UNKNOWN_ACTION -> {
          List<String> near = ctx.lookups().catalog().suggestActions(raw, 3);
          String service = l.service().map(x -> x.name()).orElse(l.prefix());
          out.add(Severity.ERROR, "INVALID_ACTION", "\"" + raw + "\" is not an action of " + service
              + (near.isEmpty() ? "; the statement grants nothing for it." : "; did you mean `" + near.get(0) + "`?"),
              near.isEmpty() ? "Run `iamlocal expand \"" + l.prefix() + ":*\"` to list the service's actions."
                  : "Replace it with `" + near.get(0) + "`" + (near.size() > 1 ? " (other close names: "
                      + String.join(", ", near.subList(1, near.size())) + ")" : "") + ".", a);
        }
        case NO_MATCH -> out.add(Severity.ERROR, "ACTION_WILDCARD_MATCHES_NOTHING", "The pattern \"" + raw
            + "\" matches no action of " + l.service().map(x -> x.name()).orElse(l.prefix()) + ".",
            "Check the spelling; `iamlocal expand \"" + l.prefix() + ":*\"` lists the service's actions.", a);
        case LITERAL -> {
          ActionDefinition def = l.actions().get(0);
          if (!def.fullName().equals(raw)) {
            out.add(Severity.SUGGESTION, "NONCANONICAL_ACTION_CASE", "\"" + raw + "\" is spelled \"" + def.fullName()
                + "\" in the AWS reference (action names are case-insensitive, so it still matches).",
                "Write \"" + def.fullName() + "\".", a);
          }
        }
        case WILDCARD -> { }
      }
      if (l.known() && l.retired()) {
        out.add(Severity.WARNING, "RETIRED_SERVICE", "\"" + raw + "\" belongs to " + l.service().get().name()
            + ", a service AWS has retired and no longer documents.",
            "Remove the action unless you still depend on the retired service.", a);
      }
    }
  }
}
