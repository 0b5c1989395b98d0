package dev.iamlocal.validation;

import dev.iamlocal.arn.ArnPattern;
import dev.iamlocal.catalog.ActionDefinition;
import dev.iamlocal.policy.PolicyString;
import dev.iamlocal.policy.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Resource ARNs against the resource types of the statement's actions (ARN formats from the
 * catalog), both ways: a Resource that no action of the statement can apply to, and a named
 * action that none of the Resource entries can name (the statement then never allows it).
 */
final class ResourceSupportChecks implements Check {

  @Override
  public List<String> codes() {
    return List.of("UNSUPPORTED_RESOURCE_ARN_IN_POLICY", "ACTION_WITHOUT_MATCHING_RESOURCE");
  }

  @Override
  public void check(PolicyContext ctx, FindingSink out) {
    for (Statement s : ctx.statements()) {
      if (s.resource() == null || s.action() == null || PolicyContext.hasStar(s.resource())) {
        continue;
      }
      List<PolicyString> arns = new ArrayList<>();
      List<String> patterns = new ArrayList<>();
      boolean opaque = false;
      for (PolicyString r : s.resource().values()) {
        String p = ctx.resourcePattern(r.value());
        if (checkable(p)) {
          arns.add(r);
          patterns.add(p);
        } else {
          opaque = true;
        }
      }
      Set<ActionDefinition> actions = ctx.knownActions(s);
      if (actions != null && !actions.isEmpty()) {
        Optional<Set<String>> formats = formatsOf(ctx, actions);
        for (int i = 0; i < arns.size(); i++) {
          if (!anySupports(ctx, formats, patterns.get(i))) {
            PolicyString r = arns.get(i);
            // A warning, not an error: the AWS reference omits resource types for some actions,
            // and AWS's own managed policies name such ARNs (see ValidatorManagedPoliciesTest).
            out.add(Severity.WARNING, "UNSUPPORTED_RESOURCE_ARN_IN_POLICY", "According to the AWS reference, no action "
                + "of the statement applies to \"" + r.value() + "\": it matches none of their resource types"
                + typesOf(ctx, actions) + ".",
                "Use an ARN of one of those types, or move the resource to a statement with actions that apply to it.", r);
          }
        }
      }
      if (opaque) {
        continue;
      }
      for (PolicyString a : s.action().values()) {
        CatalogLookups.ActionLookup l = ctx.lookups().action(a.value());
        if (l.kind() != CatalogLookups.ActionKind.LITERAL) {
          continue;
        }
        ActionDefinition def = l.actions().get(0);
        boolean any = false;
        for (String p : patterns) {
          if (supports(ctx, def, p)) {
            any = true;
            break;
          }
        }
        if (!any) {
          Optional<List<String>> formats = ctx.lookups().arnFormats(def);
          String applies = formats.map(f -> f.isEmpty() ? " applies only to \"Resource\": \"*\" (it has no resource type)"
              : " applies to " + String.join(" or ", f)).orElse("");
          out.add(Severity.WARNING, "ACTION_WITHOUT_MATCHING_RESOURCE", "\"" + a.value() + "\"" + applies
              + "; no Resource entry of this statement names such a resource, so the statement never allows it.",
              formats.map(f -> f.isEmpty() ? "Move \"" + def.fullName() + "\" to a statement with \"Resource\": \"*\"."
                  : "Add a matching ARN, e.g. \"" + example(f.get(0)) + "\", or move the action to another statement.")
                  .orElse("Move the action to a statement whose resources it applies to."), a);
        }
      }
    }
  }

  /** A resource pattern this check can reason about: an ARN with its six fields. */
  private static boolean checkable(String p) {
    return p.startsWith("arn:") && ArnPattern.split(p).size() == 6;
  }

  /**
   * The distinct ARN formats of the actions, or empty when some action has a resource type the
   * catalog does not define (then any ARN may do). Thousands of actions ({@code ReadOnlyAccess})
   * share a few hundred formats, so each resource is compared with each format once.
   */
  private static Optional<Set<String>> formatsOf(PolicyContext ctx, Set<ActionDefinition> actions) {
    Set<String> union = new LinkedHashSet<>();
    for (ActionDefinition a : actions) {
      Optional<List<String>> formats = ctx.lookups().arnFormats(a);
      if (formats.isEmpty()) {
        return Optional.empty();
      }
      union.addAll(formats.get());
    }
    return Optional.of(union);
  }

  /** Whether some action (whose formats are given as by {@link #formatsOf}) applies to the pattern. */
  private static boolean anySupports(PolicyContext ctx, Optional<Set<String>> formats, String pattern) {
    if (formats.isEmpty()) {
      return true;
    }
    for (String f : formats.get()) {
      if (ctx.lookups().overlaps(pattern, f)) {
        return true;
      }
    }
    return false;
  }

  private static boolean supports(PolicyContext ctx, ActionDefinition a, String pattern) {
    Optional<List<String>> formats = ctx.lookups().arnFormats(a);
    if (formats.isEmpty()) {
      return true;
    }
    for (String f : formats.get()) {
      if (ctx.lookups().overlaps(pattern, f)) {
        return true;
      }
    }
    return false;
  }

  private static String typesOf(PolicyContext ctx, Set<ActionDefinition> actions) {
    List<String> formats = new ArrayList<>();
    for (ActionDefinition a : actions) {
      ctx.lookups().arnFormats(a).ifPresent(fs -> fs.forEach(f -> {
        if (!formats.contains(f)) {
          formats.add(f);
        }
      }));
      if (formats.size() > 4) {
        break;
      }
    }
    if (formats.isEmpty()) {
      return " (they apply only to \"Resource\": \"*\")";
    }
    return " (" + String.join(", ", formats.subList(0, Math.min(4, formats.size())))
        + (formats.size() > 4 ? ", …" : "") + ")";
  }

  /** A format with its placeholders filled with wildcards, as a starting point for the user. */
  private static String example(String format) {
    String first = format.split(", (?=arn:)")[0];
    return first.replace("${Partition}", "aws").replaceAll("\\$\\{[^}]*}", "*");
  }
}
