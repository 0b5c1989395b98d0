package dev.iamlocal.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The pattern of a (shrunk) disagreeing case: both decisions, which policy types remain, how a
 * resource policy names the principal, the operators and element kinds used, and the shape of
 * the context. Disagreements with the same signature are one class to investigate.
 */
final class Signature {

  private Signature() {}

  static String of(ObjectNode c, String ours, String oracle) {
    TreeSet<String> f = new TreeSet<>();
    String principal = c.path("request").path("principal").asText();
    f.add("caller=" + (principal.contains(":user/") ? "user" : principal.contains(":assumed-role/") ? "role-session"
        : principal.contains(":federated-user/") ? "federated-user" : principal));
    String acct = c.path("request").path("resourceAccount").asText();
    if (!acct.isEmpty() && !principal.contains(":" + acct + ":")) {
      f.add("cross-account");
    }
    for (String t : new String[] {"permissionBoundaries", "sessionPolicy", "resourcePolicy", "serviceControlPolicies",
        "resourceControlPolicies"}) {
      if (c.has(t)) {
        f.add("has:" + t);
      }
    }
    walk(c, f, false);
    JsonNode ctx = c.path("request").path("context");
    for (Iterator<String> it = ctx.fieldNames(); it.hasNext(); ) {
      JsonNode v = ctx.get(it.next());
      if (v.isArray() && v.isEmpty()) {
        f.add("ctx:empty-list");
      } else if (v.isTextual() && v.asText().isEmpty()) {
        f.add("ctx:empty-string");
      }
    }
    return "ours=" + ours + " oracle=" + oracle + " | " + String.join(" ", f);
  }

  private static void walk(JsonNode n, TreeSet<String> f, boolean inResourcePolicy) {
    if (n.isObject()) {
      for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        JsonNode v = n.get(k);
        switch (k) {
          case "NotAction", "NotResource", "NotPrincipal" -> f.add(k);
          case "Principal" -> f.add("principal:" + principalForm(v));
          case "Version" -> {
            if (!v.asText().equals("2012-10-17")) {
              f.add("version:" + v.asText());
            }
          }
          case "Condition" -> {
            for (Iterator<String> ops = v.fieldNames(); ops.hasNext(); ) {
              String op = ops.next();
              f.add("op:" + op);
              for (Iterator<String> keys = v.get(op).fieldNames(); keys.hasNext(); ) {
                JsonNode vals = v.get(op).get(keys.next());
                if (vals.toString().contains("${")) {
                  f.add("condition-variable");
                }
                if (!vals.isTextual() && !vals.isArray()) {
                  f.add("condition-value:" + vals.getNodeType().name().toLowerCase(Locale.ROOT));
                }
              }
            }
            continue;
          }
          case "Resource" -> {
            if (v.toString().contains("${")) {
              f.add("resource-variable");
            }
          }
          default -> { }
        }
        if (!k.equals("request")) {
          walk(v, f, inResourcePolicy || k.equals("resourcePolicy"));
        }
      }
    } else if (n.isArray()) {
      n.forEach(x -> walk(x, f, inResourcePolicy));
    }
  }

  private static String principalForm(JsonNode v) {
    if (v.isTextual()) {
      return v.asText();
    }
    StringBuilder b = new StringBuilder();
    for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
      String type = it.next();
      JsonNode vs = v.get(type);
      for (JsonNode x : vs.isArray() ? vs : java.util.List.of(vs)) {
        String s = x.asText();
        String form = s.equals("*") ? "*" : s.matches("\\d{12}") ? "account-id" : s.endsWith(":root") ? "account-root"
            : s.contains(":assumed-role/") ? "session" : s.contains(":role/") ? "role" : s.contains(":user/") ? "user"
            : s.contains(":federated-user/") ? "federated-user" : type.equals("Service") ? "service" : s;
        b.append(b.length() == 0 ? "" : ",").append(type).append('=').append(form);
      }
    }
    return b.toString();
  }
}
