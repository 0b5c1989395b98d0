package dev.iamlocal.server.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

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
  private final ShapeWalk writer;

  /** The codec of {@code model}'s operations. */
  public JsonCodec(ApiModel model) {
    this.model = model;
    this.writer = new Writer(model);
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

  /**
   * The walk of an answer: the members the model names, timestamps as epoch seconds (whole seconds
   * as an integer, else with their fraction, as the SDKs read both).
   */
  private JsonNode shaped(JsonNode v, String shapeName) {
    return writer.walk(v, shapeName);
  }

  private static final class Writer extends ShapeWalk {
    Writer(ApiModel model) {
      super(model);
    }

    @Override
    void structure(JsonNode v, String shapeName) {
      if (!v.isObject()) {
        throw new IllegalStateException("shape " + shapeName + " is a structure, the output holds " + v);
      }
    }

    @Override
    void list(JsonNode v, String shapeName) {}

    @Override
    void map(JsonNode v, String shapeName) {}

    @Override
    JsonNode leaf(JsonNode v, JsonNode shape, String type, String shapeName) {
      if (!type.equals("timestamp") || v.isNumber()) {
        return v;
      }
      Instant i = JsonNodes.instant(v);
      return i.getNano() == 0 ? JsonNodes.object().numberNode(i.getEpochSecond())
          : JsonNodes.object().numberNode(i.getEpochSecond() + i.getNano() / 1e9);
    }
  }
}
