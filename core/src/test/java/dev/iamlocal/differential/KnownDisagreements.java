package dev.iamlocal.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Disagreement classes already investigated, each with the corpus file that records the AWS rule
 * deciding it ({@code core/src/test/resources/corpus/differential*}/). A (shrunk) disagreement
 * that matches none of them fails the differential test: someone must investigate it and add a
 * class here plus a corpus case.
 */
final class KnownDisagreements {

  private KnownDisagreements() {}

  record Known(String corpusFile, Predicate<Minimizer.Disagreement> matches) {}

  static final List<Known> ALL = List.of(
      // Was an engine bug, now fixed: AWS denies every principal with a boundary.
      new Known("differential/notprincipal-deny-with-permissions-boundary.json",
          d -> d.json().has("permissionBoundaries") && d.oracle().equals("explicitDeny") && !d.ours().equals("explicitDeny")
              && statements(d.json().get("resourcePolicy")).stream()
                  .anyMatch(s -> s.has("NotPrincipal") && s.path("Effect").asText().equals("Deny"))),
      new Known("differential/notprincipal-deny-session-without-role-arn.json",
          d -> caller(d).contains(":assumed-role/") && d.ours().equals("explicitDeny")
              && statements(d.json().get("resourcePolicy")).stream()
                  .anyMatch(s -> s.has("NotPrincipal") && !s.get("NotPrincipal").toString().contains(":role/"))),
      new Known("differential/policy-version-2008-variables-are-literal.json",
          d -> policies(d.json()).stream().anyMatch(p -> !p.path("Version").asText().equals("2012-10-17")
              && p.toString().contains("${"))),
      new Known("differential/unresolved-variable-in-negated-condition.json",
          d -> conditions(d.json()).stream().anyMatch(c -> c.negated() && c.values().contains("${")
              && unresolved(c.values(), d.json().path("request").path("context")))),
      new Known("differential/session-policy-and-resource-policy-grant.json",
          d -> d.json().has("sessionPolicy") && d.json().has("resourcePolicy") && d.ours().equals("allowed")
              && d.oracle().equals("implicitDeny")),
      new Known("differential/null-with-empty-value.json",
          d -> conditions(d.json()).stream().anyMatch(c -> c.op().equals("null") && emptyValue(d, c.key()))),
      new Known("differential/unqualified-operator-on-multivalued-key.json",
          d -> conditions(d.json()).stream().anyMatch(c -> !c.op().contains(":") && !c.op().equals("null")
              && contextValue(d.json(), c.key()) != null && contextValue(d.json(), c.key()).isArray())),
      new Known("differential/arnlike-pattern-not-six-parts.json",
          d -> conditions(d.json()).stream().anyMatch(c -> c.op().replaceAll("^for(all|any)values?:", "").startsWith("arn")
              && c.valueList().stream().anyMatch(v -> v.split(":", -1).length < 6))),
      new Known("differential/date-epoch-seconds.json",
          d -> conditions(d.json()).stream().anyMatch(c -> c.op().replaceAll("^for(all|any)values?:", "").startsWith("date")
              && (c.valueList().stream().anyMatch(v -> v.matches("\\d+"))
                  || String.valueOf(contextValue(d.json(), c.key())).matches("\"?\\d+\"?")))),
      new Known("differential/notresource-unresolved-variable.json",
          d -> policies(d.json()).stream().flatMap(p -> statements(p).stream())
              .anyMatch(s -> s.has("NotResource") && unresolved(s.get("NotResource").toString(), d.json().path("request").path("context")))),
      new Known("differential/federated-user-without-session-policy.json",
          d -> caller(d).contains(":federated-user/") && !d.json().has("sessionPolicy")
              && d.ours().equals("implicitDeny") && d.oracle().equals("allowed")),
      new Known("differential/notipaddress-ipv4-host-vs-ipv6-request.json",
          d -> conditions(d.json()).stream().anyMatch(c -> c.op().startsWith("notipaddress") && c.values().matches(".*\"\\d+\\.\\d+\\.\\d+\\.\\d+\".*"))
              && String.valueOf(contextValue(d.json(), "aws:SourceIp")).contains(":")));

  static Optional<String> classify(Minimizer.Disagreement d) {
    for (Known k : ALL) {
      if (k.matches().test(d)) {
        return Optional.of(k.corpusFile());
      }
    }
    return Optional.empty();
  }

  /** One condition of some statement: operator (lower-cased), key, values as JSON text. */
  record Cond(String op, String key, String values) {
    List<String> valueList() {
      List<String> out = new ArrayList<>();
      try {
        JsonNode n = DiffCase.JSON.readTree(values);
        if (n.isArray()) {
          n.forEach(x -> out.add(x.asText()));
        } else {
          out.add(n.asText());
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return out;
    }

    boolean negated() {
      return op.contains("not") && !op.equals("null");
    }
  }

  private static String caller(Minimizer.Disagreement d) {
    return d.json().path("request").path("principal").asText();
  }

  static List<JsonNode> policies(ObjectNode c) {
    List<JsonNode> out = new ArrayList<>();
    c.path("identityPolicies").forEach(out::add);
    c.path("permissionBoundaries").forEach(out::add);
    for (String f : List.of("sessionPolicy", "resourcePolicy")) {
      if (c.has(f)) {
        out.add(c.get(f));
      }
    }
    for (String f : List.of("serviceControlPolicies", "resourceControlPolicies")) {
      c.path(f).forEach(level -> level.path("policies").forEach(out::add));
    }
    return out;
  }

  static List<JsonNode> statements(JsonNode policy) {
    List<JsonNode> out = new ArrayList<>();
    if (policy == null) {
      return out;
    }
    JsonNode st = policy.path("Statement");
    if (st.isArray()) {
      st.forEach(out::add);
    } else if (st.isObject()) {
      out.add(st);
    }
    return out;
  }

  static List<Cond> conditions(ObjectNode c) {
    List<Cond> out = new ArrayList<>();
    for (JsonNode p : policies(c)) {
      for (JsonNode s : statements(p)) {
        JsonNode cond = s.path("Condition");
        for (Iterator<String> ops = cond.fieldNames(); ops.hasNext(); ) {
          String op = ops.next();
          for (Iterator<String> keys = cond.get(op).fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            out.add(new Cond(op.toLowerCase(Locale.ROOT), key, cond.get(op).get(key).toString()));
          }
        }
      }
    }
    return out;
  }

  static JsonNode contextValue(ObjectNode c, String key) {
    JsonNode ctx = c.path("request").path("context");
    for (Iterator<String> it = ctx.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (k.equalsIgnoreCase(key)) {
        return ctx.get(k);
      }
    }
    return null;
  }

  private static boolean emptyValue(Minimizer.Disagreement d, String key) {
    JsonNode v = contextValue(d.json(), key);
    return v != null && (v.isArray() ? v.isEmpty() : v.asText().isEmpty());
  }

  /** True if some {@code ${key}} in the values (without a default) has no single value in the context. */
  private static boolean unresolved(String values, JsonNode ctx) {
    int at = values.indexOf("${");
    while (at >= 0) {
      int end = values.indexOf('}', at);
      String inner = values.substring(at + 2, end);
      if (!inner.contains(",")) {
        boolean found = false;
        for (Iterator<String> it = ctx.fieldNames(); it.hasNext(); ) {
          String k = it.next();
          if (k.equalsIgnoreCase(inner.trim()) && ctx.get(k).isTextual()) {
            found = true;
          }
        }
        if (!found) {
          return true;
        }
      }
      at = values.indexOf("${", end);
    }
    return false;
  }
}
