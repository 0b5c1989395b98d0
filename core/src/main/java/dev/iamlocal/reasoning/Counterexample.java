package dev.iamlocal.reasoning;

import dev.iamlocal.request.ContextValue;
import dev.iamlocal.request.RequestContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A concrete request that shows a FAIL: its action, resource, caller and context keys (absent keys
 * are absent from the request). Every counterexample has been replayed on the evaluator, which
 * agreed.
 *
 * @param principal the caller's ARN, a service principal, or {@code *} (anonymous)
 */
public record Counterexample(int statementIndex, String action, String resource, String principal,
    RequestContext context) {

  /** As JSON-ready maps: {@code {"action":…, "resource":…, "principal":…, "context": {key: value or [values]}}}. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("statementIndex", statementIndex);
    m.put("action", action);
    m.put("resource", resource);
    m.put("principal", principal);
    Map<String, Object> ctx = new LinkedHashMap<>();
    for (ContextValue v : context.entries()) {
      ctx.put(v.key(), v.multivalued() ? v.values() : v.values().get(0));
    }
    m.put("context", ctx);
    return m;
  }
}
