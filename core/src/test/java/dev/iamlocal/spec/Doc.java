package dev.iamlocal.spec;

import dev.iamlocal.evaluation.Evaluator;
import dev.iamlocal.evaluation.Policy;
import dev.iamlocal.evaluation.PolicySet;
import dev.iamlocal.request.AuthorizationRequest;
import dev.iamlocal.request.RequestContext;
import java.util.Arrays;
import java.util.List;

/**
 * Helpers for the documented AWS cases of the Section*DocTest classes: whole policy documents as
 * AWS's pages print them, and request contexts written as {@code key=value} or
 * {@code key=[a;b]} (a multivalued key), {@code key=[]} (present and empty).
 */
final class Doc {
  private Doc() {}

  /** A policy from its full JSON text; single quotes stand for double quotes, for readability. */
  static Policy policy(String json) {
    return Policy.parse("p", json.replace('\'', '"'));
  }

  /** {@code "k1=v1, k2=[a;b]"} or {@code "-"} / null for an empty context. */
  static RequestContext ctx(String spec) {
    RequestContext.Builder b = RequestContext.builder();
    if (spec == null || spec.isBlank() || spec.equals("-")) {
      return b.build();
    }
    for (String pair : spec.split(",")) {
      String p = pair.trim();
      int eq = p.indexOf('=');
      String k = p.substring(0, eq);
      String v = p.substring(eq + 1);
      if (v.startsWith("[") && v.endsWith("]")) {
        String inner = v.substring(1, v.length() - 1);
        List<String> values = inner.isEmpty() ? List.of() : Arrays.asList(inner.split(";"));
        b.putList(k, values);
      } else {
        b.put(k, v);
      }
    }
    return b.build();
  }

  /** The simulator decision name ({@code allowed}, {@code explicitDeny}, {@code implicitDeny}). */
  static String decide(PolicySet set, String principal, String action, String resource, String ctx) {
    AuthorizationRequest r = AuthorizationRequest.builder().principal(principal).action(action).resource(resource)
        .context(ctx(ctx)).build();
    return Evaluator.authorize(set, r).outcome().json();
  }

  /** Identity policies only, caller {@link Fx#USER}. */
  static String identity(String policyJson, String action, String resource, String ctx) {
    return decide(PolicySet.ofIdentity(policy(policyJson)), Fx.USER, action, resource, ctx);
  }

  /** Identity policies only, for a caller of the example's own account. */
  static String identityAs(String principal, String policyJson, String action, String resource, String ctx) {
    return decide(PolicySet.ofIdentity(policy(policyJson)), principal, action, resource, ctx);
  }

  /**
   * A Deny-only example page ("This policy does not allow any actions") evaluated next to an
   * Allow of everything, so that "Match" reads explicitDeny and "No match" reads allowed.
   */
  static String withAllowAll(String denyPolicyJson, String action, String resource, String ctx) {
    PolicySet set = PolicySet.ofIdentity(Fx.policy(Fx.allow("*", "*")), policy(denyPolicyJson));
    return decide(set, Fx.USER, action, resource, ctx);
  }
}
