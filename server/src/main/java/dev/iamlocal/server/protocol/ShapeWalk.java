package dev.iamlocal.server.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * A copy of a JSON value along a shape of an API model: a structure keeps its modeled members that
 * are not null, a list's items and a map's values are walked by their member shapes, and each leaf
 * (string, number, boolean, timestamp, blob) becomes what {@link #leaf} makes of it.
 *
 * <p>The one walk of both directions of the JSON protocols: reading a request ({@link ApiModel}:
 * a value of the wrong JSON kind is AWS's {@code SerializationException}) and writing an answer
 * ({@link JsonCodec}: members the model does not name never reach the wire, timestamps as epoch
 * seconds). What differs is said by the hooks: {@link #structure}, {@link #list} and {@link #map}
 * may refuse a value of the wrong kind before it is walked.
 */
abstract class ShapeWalk {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final ApiModel model;

  ShapeWalk(ApiModel model) {
    this.model = model;
  }

  /** {@code v} copied along the shape named {@code shapeName}. */
  final JsonNode walk(JsonNode v, String shapeName) {
    JsonNode shape = model.shape(shapeName);
    String type = shape.path("type").asText();
    switch (type) {
      case "structure" -> {
        structure(v, shapeName);
        ObjectNode out = NODES.objectNode();
        JsonNode members = shape.path("members");
        Iterator<Map.Entry<String, JsonNode>> it = v.fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          JsonNode member = members.get(e.getKey());
          if (member != null && !e.getValue().isNull()) {
            out.set(e.getKey(), walk(e.getValue(), member.path("shape").asText()));
          }
        }
        return out;
      }
      case "list" -> {
        list(v, shapeName);
        ArrayNode out = NODES.arrayNode();
        String member = shape.path("member").path("shape").asText();
        for (JsonNode x : v) {
          out.add(x.isNull() ? x : walk(x, member));
        }
        return out;
      }
      case "map" -> {
        map(v, shapeName);
        ObjectNode out = NODES.objectNode();
        String value = shape.path("value").path("shape").asText();
        Iterator<Map.Entry<String, JsonNode>> it = v.fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          out.set(e.getKey(), e.getValue().isNull() ? e.getValue() : walk(e.getValue(), value));
        }
        return out;
      }
      default -> {
        return leaf(v, shape, type, shapeName);
      }
    }
  }

  /** Called before a value is walked as a structure: throws if it cannot be one. */
  abstract void structure(JsonNode v, String shapeName);

  /** Called before a value is walked as a list: throws if it cannot be one. */
  abstract void list(JsonNode v, String shapeName);

  /** Called before a value is walked as a map: throws if it cannot be one. */
  abstract void map(JsonNode v, String shapeName);

  /** What a scalar value of the shape ({@code type} is the model's: string, integer, timestamp, …) becomes. */
  abstract JsonNode leaf(JsonNode v, JsonNode shape, String type, String shapeName);
}
