package dev.iamlocal.validation;

import dev.iamlocal.policy.Effect;
import dev.iamlocal.policy.PolicyString;
import dev.iamlocal.policy.Statement;
import dev.iamlocal.policy.ValueList;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code iam:PassRole} (SECURITY_WARNING) and {@code iam:CreateServiceLinkedRole} (WARNING)
 * allowed on every resource, in the six shapes Access Analyzer distinguishes: named or reached
 * through a wildcard / NotAction, on {@code *} or through NotResource. Passing any role lets a
 * principal hand a more powerful role to a service (privilege escalation).
 */
final class SensitiveActionChecks implements Check {

  private record Family(String action, String prefix, Severity severity, String risk, String guardKey, String hint) {}

  private static final List<Family> FAMILIES = List.of(
      new Family("iam:PassRole", "PASS_ROLE", Severity.SECURITY_WARNING,
          "any role can be passed to a service, including roles with more permissions than the caller", null,
          "Name the roles in Resource, e.g. \"arn:aws:iam::123456789012:role/SageMakerExecution*\", and limit the "
              + "services with the iam:PassedToService condition key."),
      new Family("iam:CreateServiceLinkedRole", "CREATE_SLR", Severity.WARNING,
          "service-linked roles can be created for any service", "iam:awsservicename",
          "Name the service-linked role ARN in Resource or add the iam:AWSServiceName condition key."));

  @Override
  public List<String> codes() {
    List<String> out = new ArrayList<>();
    for (Family f : FAMILIES) {
      for (String s : List.of("_WITH_STAR_IN_RESOURCE", "_WITH_STAR_IN_ACTION_AND_RESOURCE", "_WITH_NOTRESOURCE",
          "_WITH_STAR_IN_ACTION_AND_NOTRESOURCE", "_WITH_STAR_IN_RESOURCE_AND_NOTACTION", "_WITH_NOTACTION_AND_NOTRESOURCE")) {
        out.add(f.prefix() + s);
      }
    }
    return out;
  }

  @Override
  public void check(PolicyContext ctx, FindingSink out) {
    if (ctx.kind() == PolicyKind.TRUST) {
      return;
    }
    for (Statement s : ctx.statements()) {
      if (s.effect() != Effect.ALLOW) {
        continue;
      }
      for (Family f : FAMILIES) {
        check(s, f, out);
      }
    }
  }

  private static void check(Statement s, Family f, FindingSink out) {
    if (f.guardKey() != null && s.conditions().stream().anyMatch(c -> c.key().value().equalsIgnoreCase(f.guardKey()))) {
      return;
    }
    String shape;
    if (s.action() != null) {
      boolean named = s.action().values().stream().anyMatch(a -> a.value().equalsIgnoreCase(f.action()));
      if (!named && !PolicyContext.covers(s.action(), f.action())) {
        return;
      }
      shape = named ? "" : "_STAR_IN_ACTION_AND";
    } else if (s.notAction() != null && !PolicyContext.covers(s.notAction(), f.action())) {
      shape = "NOTACTION";
    } else {
      return;
    }
    ValueList where;
    String code;
    if (PolicyContext.hasStar(s.resource())) {
      where = s.resource();
      code = shape.equals("NOTACTION") ? "_WITH_STAR_IN_RESOURCE_AND_NOTACTION" : "_WITH" + shape + "_STAR_IN_RESOURCE";
      code = code.replace("_WITH_STAR_IN_ACTION_AND_STAR_IN_RESOURCE", "_WITH_STAR_IN_ACTION_AND_RESOURCE");
    } else if (s.notResource() != null) {
      where = s.notResource();
      code = shape.equals("NOTACTION") ? "_WITH_NOTACTION_AND_NOTRESOURCE" : "_WITH" + shape + "_NOTRESOURCE";
    } else {
      return;
    }
    PolicyString at = where.values().stream().filter(v -> v.value().equals("*")).findFirst().orElse(null);
    String how = shape.isEmpty() ? f.action() : shape.equals("NOTACTION") ? f.action() + " (through NotAction)"
        : f.action() + " (through a wildcard action)";
    String onWhat = where == s.resource() ? "on every resource (\"*\")" : "on every resource outside NotResource";
    String message = "The statement allows " + how + " " + onWhat + ": " + f.risk() + ".";
    if (at != null) {
      out.add(f.severity(), f.prefix() + code, message, f.hint(), at);
    } else {
      out.add(f.severity(), f.prefix() + code, message, f.hint(), where);
    }
  }
}
