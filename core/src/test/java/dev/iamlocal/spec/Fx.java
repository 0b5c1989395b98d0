package dev.iamlocal.spec;

import dev.iamlocal.evaluation.Decision;
import dev.iamlocal.evaluation.Evaluator;
import dev.iamlocal.evaluation.Outcome;
import dev.iamlocal.evaluation.Policy;
import dev.iamlocal.evaluation.PolicySet;
import dev.iamlocal.request.AuthorizationRequest;
import dev.iamlocal.request.RequestContext;
import java.util.List;

/** Small builders shared by the spec tests: policies from statements, contexts from pairs. */
final class Fx {
  static final String ACCT = "111122223333";
  static final String OTHER = "444455556666";
  static final String USER = "arn:aws:iam::" + ACCT + ":user/alice";
  static final String ROLE = "arn:aws:iam::" + ACCT + ":role/R";
  static final String SESSION = "arn:aws:sts::" + ACCT + ":assumed-role/R/sess1";

  private Fx() {}

  /** A 2012-10-17 policy holding the given statement objects. */
  static Policy policy(String... statements) {
    return Policy.parse("p", "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}");
  }

  static String allow(String action, String resource) {
    return stmt("Allow", action, resource, null);
  }

  static String deny(String action, String resource) {
    return stmt("Deny", action, resource, null);
  }

  /** A statement; {@code action}/{@code resource} are JSON values (quoted string or array). */
  static String stmt(String effect, String action, String resource, String condition) {
    return "{\"Effect\":\"" + effect + "\",\"Action\":" + json(action) + ",\"Resource\":" + json(resource)
        + (condition == null ? "" : ",\"Condition\":" + condition) + "}";
  }

  static String json(String v) {
    return v.startsWith("[") || v.startsWith("{") ? v : "\"" + v + "\"";
  }

  /** Context from key/value pairs; a value may be a String or a List of Strings (multivalued). */
  @SuppressWarnings("unchecked")
  static RequestContext ctx(Object... kv) {
    RequestContext.Builder b = RequestContext.builder();
    for (int i = 0; i < kv.length; i += 2) {
      if (kv[i + 1] instanceof List<?> l) {
        b.putList((String) kv[i], (List<String>) l);
      } else {
        b.put((String) kv[i], (String) kv[i + 1]);
      }
    }
    return b.build();
  }

  static AuthorizationRequest req(String principal, String action, String resource, RequestContext ctx) {
    return AuthorizationRequest.builder().principal(principal).action(action).resource(resource).context(ctx).build();
  }

  static Outcome decide(PolicySet set, AuthorizationRequest r) {
    return Evaluator.authorize(set, r).outcome();
  }

  static Decision decision(PolicySet set, AuthorizationRequest r) {
    return Evaluator.authorize(set, r);
  }

  /**
   * The truth value of a Condition block: an Allow of s3:GetObject on * guarded by it applies
   * exactly when the block is true, so "allowed" means true.
   */
  static boolean cond(String conditionJson, RequestContext ctx) {
    PolicySet set = PolicySet.ofIdentity(policy(stmt("Allow", "s3:GetObject", "*", conditionJson)));
    return decide(set, req(USER, "s3:GetObject", "arn:aws:s3:::b/k", ctx)) == Outcome.ALLOWED;
  }

  /** {@code {"op": {"key": values}}} with values a JSON value. */
  static boolean cond(String op, String key, String valuesJson, RequestContext ctx) {
    return cond("{\"" + op + "\":{\"" + key + "\":" + valuesJson + "}}", ctx);
  }
}
