package dev.iamlocal.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamlocal.catalog.ActionDefinition;
import dev.iamlocal.catalog.ServiceCatalog;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The least-privilege identity policy for a set of attempted calls: one Allow statement per
 * distinct set of resources, listing every action that was attempted on exactly that set.
 * Resources are the exact ARNs the calls were authorized on; {@code *} only where the call was
 * authorized on {@code *} (actions whose catalog entry has no resource type, such as List and
 * Search calls). No conditions: the policy grants what was done, not how it was asked.
 */
final class PolicyGenerator {

  private static final ObjectMapper JSON = new ObjectMapper();

  private PolicyGenerator() {}

  /** One attempted call as the decision log recorded it. */
  record Call(String action, String resource) {}

  /**
   * The policy document (pretty-printed JSON) that allows exactly {@code calls}.
   *
   * @throws IllegalArgumentException when {@code calls} is empty (a policy must have a statement)
   */
  static String generate(Collection<Call> calls, ServiceCatalog catalog) {
    if (calls.isEmpty()) {
      throw new IllegalArgumentException("no calls: nothing to allow");
    }
    // action (catalog spelling) -> resources, both sorted so that the output is stable
    Map<String, Set<String>> byAction = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Call c : calls) {
      Optional<ActionDefinition> def = catalog.action(c.action());
      String action = def.map(ActionDefinition::fullName).orElse(c.action());
      String resource = def.isPresent() && def.get().resourceTypes().isEmpty() ? "*" : c.resource();
      byAction.computeIfAbsent(action, a -> new TreeSet<>()).add(resource);
    }
    // resource set -> actions; "*" already covers every other resource of the same action
    Map<List<String>, Set<String>> byResources = new LinkedHashMap<>();
    byAction.forEach((action, resources) -> {
      List<String> key = resources.contains("*") ? List.of("*") : List.copyOf(resources);
      byResources.computeIfAbsent(key, k -> new TreeSet<>(String.CASE_INSENSITIVE_ORDER)).add(action);
    });
    ObjectNode doc = JSON.createObjectNode();
    doc.put("Version", "2012-10-17");
    ArrayNode statements = doc.putArray("Statement");
    List<Map.Entry<List<String>, Set<String>>> ordered = new ArrayList<>(byResources.entrySet());
    // statements in the order of their first action, so a service's statements stay together
    ordered.sort(Map.Entry.comparingByValue((a, b) -> String.CASE_INSENSITIVE_ORDER.compare(a.iterator().next(),
        b.iterator().next())));
    for (Map.Entry<List<String>, Set<String>> e : ordered) {
      ObjectNode s = statements.addObject();
      s.put("Effect", "Allow");
      element(s, "Action", List.copyOf(e.getValue()));
      element(s, "Resource", e.getKey().stream().map(PolicyGenerator::literal).toList());
    }
    try {
      return JSON.writer(Json.prettyPrinter()).writeValueAsString(doc) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void element(ObjectNode s, String name, List<String> values) {
    if (values.size() == 1) {
      s.put(name, values.get(0));
    } else {
      ArrayNode a = s.putArray(name);
      values.forEach(a::add);
    }
  }

  /**
   * An ARN as a Resource element that matches only itself: {@code *}, {@code ?} and {@code $} would
   * be a wildcard or start a policy variable, so they are written as the variables that stand for
   * the literal characters ({@code ${*}}, {@code ${?}}, {@code ${$}}). The lone {@code *} stays a
   * wildcard: that is what the call was authorized on.
   */
  static String literal(String arn) {
    if (arn.equals("*")) {
      return arn;
    }
    StringBuilder b = new StringBuilder(arn.length());
    for (int i = 0; i < arn.length(); i++) {
      char ch = arn.charAt(i);
      switch (ch) {
        case '*' -> b.append("${*}");
        case '?' -> b.append("${?}");
        case '$' -> b.append("${$}");
        default -> b.append(ch);
      }
    }
    return b.toString();
  }
}
