package dev.iamlocal.server.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

/**
 * The AWS JSON 1.1 protocol of one service (SageMaker), driven by AWS's API model of it: a JSON body
 * in, a JSON body out.
 *
 * <p><b>In</b>: {@link #read} types the body against the input shape (a member of another JSON type
 * is the deserializer's {@code SerializationException}; members the model lacks are dropped) and
 * checks every constraint, with AWS's {@code ValidationException} messages (see
 * {@link ApiModel#readJson}).
 *
 * <p><b>Out</b>: {@link #write} keeps of an operation's output tree only the output shape's members,
 * recursively (a stored resource may remember request members its Describe answer does not have),
 * and writes timestamps as epoch seconds, as the JSON protocols send them. An operation without an
 * output shape answers {@code {}}.
 */
public final class JsonCodec {

  private final ApiModel model;

  /** The codec of {@code model}'s operations. */
  public JsonCodec(ApiModel model) {
    this.model = model;
  }

  /** The model this codec reads and writes by. */
  public ApiModel model() {
    return model;
  }

  /** The body as the input of {@code operation}, typed and checked against the model. */
  public ApiModel.Input read(String operation, ObjectNode body, String roleShape) {
    return model.readJson(operation, body, roleShape);
  }

  /** The JSON body of a successful answer to {@code operation}. */
  public String write(String operation, ObjectNode output) {
    String shape = model.outputShape(operation);
    if (shape == null || output == null) {
      return "{}";
    }
    return shaped(output, shape).toString();
  }

  private JsonNode shaped(JsonNode v, String shapeName) {
    JsonNode shape = model.shape(shapeName);
    switch (shape.path("type").asText()) {
      case "structure" -> {
        ObjectNode out = JsonNodes.object();
        if (!v.isObject()) {
          throw new IllegalStateException("shape " + shapeName + " is a structure, the output holds " + v);
        }
        JsonNode members = shape.path("members");
        Iterator<Map.Entry<String, JsonNode>> it = v.fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          JsonNode member = members.get(e.getKey());
          if (member != null && !e.getValue().isNull()) {
            out.set(e.getKey(), shaped(e.getValue(), member.path("shape").asText()));
          }
        }
        return out;
      }
      case "list" -> {
        ArrayNode out = JsonNodes.array();
        String member = shape.path("member").path("shape").asText();
        for (JsonNode x : v) {
          out.add(x.isNull() ? x : shaped(x, member));
        }
        return out;
      }
      case "map" -> {
        ObjectNode out = JsonNodes.object();
        String value = shape.path("value").path("shape").asText();
        Iterator<Map.Entry<String, JsonNode>> it = v.fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          out.set(e.getKey(), e.getValue().isNull() ? e.getValue() : shaped(e.getValue(), value));
        }
        return out;
      }
      case "timestamp" -> {
        if (v.isNumber()) {
          return v;
        }
        Instant i = JsonNodes.instant(v);
        // whole seconds as an integer, else seconds with their fraction (as the SDKs read both)
        return i.getNano() == 0 ? JsonNodes.object().numberNode(i.getEpochSecond())
            : JsonNodes.object().numberNode(i.getEpochSecond() + i.getNano() / 1e9);
      }
      default -> {
        return v;
      }
    }
  }
}
