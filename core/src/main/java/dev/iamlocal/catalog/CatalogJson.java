package dev.iamlocal.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/** Reads the generated resources under {@code /dev/iamlocal/catalog/}. */
final class CatalogJson {

  static final String ROOT = "/dev/iamlocal/catalog/";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private CatalogJson() {}

  static JsonNode read(String resource) {
    try (InputStream in = open(resource)) {
      return MAPPER.readTree(resource.endsWith(".gz") ? new GZIPInputStream(in) : in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read catalog resource " + resource, e);
    }
  }

  static String readText(String resource) {
    try (InputStream in = open(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read catalog resource " + resource, e);
    }
  }

  private static InputStream open(String resource) throws IOException {
    InputStream in = CatalogJson.class.getResourceAsStream(ROOT + resource);
    if (in == null) {
      throw new IOException("missing catalog resource " + ROOT + resource);
    }
    return in;
  }

  static List<String> strings(JsonNode node, String field) {
    JsonNode array = node.get(field);
    if (array == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>(array.size());
    array.forEach(v -> out.add(v.asText()));
    return out;
  }

  static Optional<String> optionalText(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
  }

  static ConditionKeyDefinition conditionKey(JsonNode k, boolean global) {
    String type = k.get("type").asText();
    return new ConditionKeyDefinition(
        k.get("name").asText(),
        ConditionKeyType.parse(type),
        ConditionKeyType.isMultivalued(type),
        global,
        k.path("deprecated").asBoolean(false),
        optionalText(k, "replacedBy"),
        optionalText(k, "regex"));
  }

  static ServiceDefinition service(JsonNode s) {
    String prefix = s.get("prefix").asText();
    List<ResourceTypeDefinition> resourceTypes = new ArrayList<>();
    for (JsonNode rt : s.get("resourceTypes")) {
      resourceTypes.add(
          new ResourceTypeDefinition(
              prefix, rt.get("name").asText(), rt.get("arn").asText(), strings(rt, "keys")));
    }
    List<ConditionKeyDefinition> keys = new ArrayList<>();
    for (JsonNode k : s.get("conditionKeys")) {
      keys.add(conditionKey(k, false));
    }
    List<ActionDefinition> actions = new ArrayList<>();
    for (JsonNode a : s.get("actions")) {
      List<ActionScenario> scenarios = new ArrayList<>();
      for (JsonNode sc : a.path("scenarios")) {
        scenarios.add(new ActionScenario(sc.get("name").asText(), rows(sc)));
      }
      actions.add(
          new ActionDefinition(
              prefix,
              a.get("name").asText(),
              AccessLevel.fromLabel(a.get("access").asText()),
              rows(a),
              strings(a, "keys"),
              strings(a, "deps"),
              !a.path("depsUnknown").asBoolean(false),
              scenarios));
    }
    return new ServiceDefinition(
        prefix,
        s.get("name").asText(),
        ServiceStatus.parse(s.get("status").asText()),
        optionalText(s, "statusNote"),
        actions,
        resourceTypes,
        keys);
  }

  private static List<ActionResourceType> rows(JsonNode owner) {
    List<ActionResourceType> rows = new ArrayList<>();
    for (JsonNode r : owner.path("resources")) {
      rows.add(
          new ActionResourceType(
              r.get("name").asText(),
              r.path("required").asBoolean(false),
              strings(r, "keys"),
              strings(r, "deps")));
    }
    return rows;
  }
}
