package dev.iamlocal.validation;

import dev.iamlocal.text.EditDistance;
import dev.iamlocal.catalog.ActionDefinition;
import dev.iamlocal.catalog.ConditionKeyDefinition;
import dev.iamlocal.catalog.ServiceDefinition;
import dev.iamlocal.policy.ConditionEntry;
import dev.iamlocal.policy.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Condition keys against the catalog: format, existence (global or of a service, with a
 * did-you-mean), deprecation with the replacement, and whether any action of the statement
 * supports the key (if none does, the key is never in the request).
 */
final class ConditionKeyChecks implements Check {

  @Override
  public List<String> codes() {
    return List.of("INVALID_CONDITION_KEY_FORMAT", "MISSING_TAG_KEY_IN_CONDITION", "INVALID_GLOBAL_CONDITION_KEY",
        "INVALID_SERVICE_CONDITION_KEY", "DEPRECATED_CONDITION_KEY",
        "UNSUPPORTED_ACTION_FOR_CONDITION_KEY");
  }

  @Override
  public void check(PolicyContext ctx, FindingSink out) {
    for (Statement s : ctx.statements()) {
      Set<ActionDefinition> actions = null;
      boolean actionsResolved = false;
      for (ConditionEntry e : s.conditions()) {
        String key = e.key().value();
        int colon = key.indexOf(':');
        if (colon <= 0 || colon == key.length() - 1) {
          out.add(Severity.ERROR, "INVALID_CONDITION_KEY_FORMAT", "\"" + key + "\" is not a condition key name: keys are "
              + "written prefix:Name.", "Write e.g. \"aws:" + key + "\" for a global key, or \"service:" + key + "\".", e.key());
          continue;
        }
        if (key.endsWith("/") && key.toLowerCase(Locale.ROOT).contains("tag/")) {
          out.add(Severity.ERROR, "MISSING_TAG_KEY_IN_CONDITION", "\"" + key + "\" names no tag key after the slash.",
              "Add the tag key, e.g. \"" + key + "environment\".", e.key());
          continue;
        }
        Optional<ConditionKeyDefinition> def = ctx.lookups().key(key);
        if (def.isEmpty()) {
          if (!identityProviderClaim(key.substring(0, colon), key.substring(colon + 1))) {
            unknown(ctx, e, key.substring(0, colon), out);
          }
          continue;
        }
        ConditionKeyDefinition d = def.get();
        if (d.deprecated()) {
          // The bundled catalog marks no global key deprecated, so one code serves both kinds.
          out.add(Severity.WARNING, "DEPRECATED_CONDITION_KEY",
              "The " + (d.global() ? "global " : "") + "condition key \"" + key + "\" is deprecated" + d.replacedBy().map(r -> "; AWS replaced it with `" + r + "`")
                  .orElse("") + ".",
              d.replacedBy().map(r -> "Use \"" + r + "\" instead.").orElse("Remove the condition or use a current key."),
              e.key());
        }
        if (d.global()) {
          continue;
        }
        if (!actionsResolved) {
          actions = ctx.knownActions(s);
          actionsResolved = true;
        }
        if (actions == null || actions.isEmpty()) {
          continue;
        }
        // A deprecated key is judged by its replacement: the deprecation finding already says to switch.
        String supportKey = d.deprecated() && d.replacedBy().isPresent() ? d.replacedBy().get() : key;
        ConditionKeyDefinition supportDef = supportKey.equals(key) ? d : ctx.lookups().key(supportKey).orElse(d);
        boolean any = false;
        for (ActionDefinition a : actions) {
          if (ctx.lookups().supportsKey(a, supportKey, supportDef)) {
            any = true;
            break;
          }
        }
        if (!any) {
          out.add(Severity.ERROR, "UNSUPPORTED_ACTION_FOR_CONDITION_KEY", "No action of the statement supports \"" + key
              + "\", so the key is never present in their requests" + (actions.size() <= 3 ? " (" + names(actions) + ")" : "")
              + ".", "Use a key the actions support (`iamlocal describe-action` lists them), or move the condition to "
              + "a statement with actions that support it.", e.key());
        }
      }
    }
  }

  private static String names(Set<ActionDefinition> actions) {
    List<String> n = new ArrayList<>();
    actions.forEach(a -> n.add(a.fullName()));
    return String.join(", ", n);
  }

  /**
   * The claims STS puts in the request context of {@code AssumeRoleWithWebIdentity} under the URL of
   * any IAM OIDC provider, {@code HOST[/PATH]:claim} (as the server fills them, {@code WebIdentityApi}).
   * The Service Authorization Reference lists them only for a few named providers (Google, Cognito)
   * beside newer claims of some (GitHub's {@code :repository}, …), which the catalog has; the trust
   * policy GitHub and AWS document for GitHub Actions uses {@code token.actions.githubusercontent.com:aud}
   * and {@code :sub}, and Amazon EKS's {@code oidc.eks.REGION.amazonaws.com/id/ID:sub}.
   */
  private static final Set<String> OIDC_CLAIMS = Set.of("aud", "sub", "oaud", "amr", "email");

  /**
   * The identity providers STS knows without an IAM OIDC provider (Login with Amazon, Facebook, Google, Cognito):
   * the catalog lists their keys one by one, and a claim it lacks ({@code graph.facebook.com:sub}) is no key.
   */
  private static final Set<String> BUILT_IN_PROVIDERS = Set.of("www.amazon.com", "graph.facebook.com",
      "accounts.google.com", "cognito-identity.amazonaws.com");

  /**
   * Whether {@code prefix:name} is an OIDC provider's claim key: its prefix is the URL of an IAM OIDC provider,
   * a host name (service prefixes never hold a dot) with an optional path, and the claim one STS sets for every
   * such provider. A bare {@code SERVICE.amazonaws.com} is a service principal's name, not a provider's
   * ({@code sts.amazonaws.com:aud} is a mistake), where Amazon EKS's issuers have a path
   * ({@code oidc.eks.REGION.amazonaws.com/id/ID}).
   */
  static boolean identityProviderClaim(String prefix, String name) {
    String host = prefix.toLowerCase(Locale.ROOT);
    boolean path = host.indexOf('/') > 0;
    if (host.indexOf('.') <= 0 || BUILT_IN_PROVIDERS.contains(host) || !path && host.endsWith(".amazonaws.com")) {
      return false;
    }
    return OIDC_CLAIMS.contains(name.toLowerCase(Locale.ROOT));
  }

  private static void unknown(PolicyContext ctx, ConditionEntry e, String prefix, FindingSink out) {
    String key = e.key().value();
    if (prefix.equalsIgnoreCase("aws")) {
      List<String> names = new ArrayList<>();
      ctx.lookups().catalog().globalConditionKeys().forEach(k -> names.add(k.name()));
      List<String> near = EditDistance.nearest(key, names, Math.max(1, key.length() / 4), 1);
      out.add(Severity.ERROR, "INVALID_GLOBAL_CONDITION_KEY", "\"" + key + "\" is not a global condition key"
          + (near.isEmpty() ? "." : "; did you mean `" + near.get(0) + "`?"),
          near.isEmpty() ? "See the list of AWS global condition context keys." : "Write \"" + near.get(0) + "\".", e.key());
      return;
    }
    Optional<ServiceDefinition> service = ctx.lookups().catalog().service(prefix);
    List<String> near = List.of();
    if (service.isPresent()) {
      List<String> names = new ArrayList<>();
      service.get().conditionKeys().forEach(k -> names.add(k.name()));
      near = EditDistance.nearest(key, names, Math.max(1, key.length() / 4), 1);
    }
    out.add(Severity.ERROR, "INVALID_SERVICE_CONDITION_KEY", "\"" + key + "\" is not a condition key of "
        + service.map(ServiceDefinition::name).orElse("any service (unknown prefix \"" + prefix + "\")")
        + (near.isEmpty() ? "." : "; did you mean `" + near.get(0) + "`?"),
        near.isEmpty() ? "Check the key in the Service Authorization Reference (`iamlocal describe-action` lists an "
            + "action's keys)." : "Write \"" + near.get(0) + "\".", e.key());
  }
}
