package dev.iamlocal.server.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.util.Iterator;
import java.util.Map;

/**
 * The AWS Query protocol of one service (IAM, STS), driven by AWS's API model of it: a request's
 * form parameters in, an XML document out.
 *
 * <p><b>In</b>: {@link #read} reads {@code Name}, {@code List.member.N}, {@code Struct.Field},
 * {@code Map.entry.N.key}/{@code .value} into a JSON tree keyed by the input shape's member names
 * and checks every constraint of the model, with AWS's {@code ValidationError} messages (see
 * {@link ApiModel#readQuery}).
 *
 * <p><b>Out</b>: {@link #write} serializes an operation's output, a JSON tree keyed by the output
 * shape's member names, as the Query services answer:
 *
 * <pre>{@code
 * <CreateRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
 *   <CreateRoleResult>                      the operation's resultWrapper
 *     <Role>…</Role>                         members in the model's order, by locationName
 *   </CreateRoleResult>
 *   <ResponseMetadata><RequestId>…</RequestId></ResponseMetadata>
 * </CreateRoleResponse>
 * }</pre>
 *
 * Lists are {@code <member>} elements (or the list member's {@code locationName}; repeated without
 * a wrapper when {@code flattened}), maps {@code <entry><key/><value/></entry>}, timestamps ISO 8601
 * in whole seconds as IAM sends them ({@code 2024-01-02T03:04:05Z}), booleans {@code true}/{@code
 * false}; a member that is absent or null is not written. An operation without an output shape
 * answers the bare response with its metadata. The output can hold nothing the model lacks: a
 * member the shape does not have is a programming error ({@link IllegalStateException}), never
 * written.
 */
public final class QueryCodec {

  private final ApiModel model;

  /** The codec of {@code model}'s operations. */
  public QueryCodec(ApiModel model) {
    this.model = model;
  }

  /** The model this codec speaks. */
  public ApiModel model() {
    return model;
  }

  /** The request's parameters as the input of {@code operation}, checked against the model. */
  public ApiModel.Input read(String operation, Map<String, String> params) {
    return model.readQuery(operation, params);
  }

  /** The XML body of a successful answer to {@code operation}. */
  public String write(String operation, ObjectNode output, String requestId) {
    Xml x = new Xml().open(operation + "Response", model.xmlNamespace());
    String shape = model.outputShape(operation);
    String wrapper = model.resultWrapper(operation);
    if (shape != null) {
      ObjectNode out = output == null ? JsonNodes.object() : output;
      if (wrapper != null) {
        x.open(wrapper);
      }
      members(x, shape, out);
      if (wrapper != null) {
        x.close();
      }
    } else if (output != null && output.size() > 0) {
      throw new IllegalStateException(operation + " has no output shape, yet returned " + output.fieldNames().next());
    }
    x.open("ResponseMetadata").el("RequestId", requestId).close();
    return x.close().toString();
  }

  /** The members of a structure, in the model's order. */
  private void members(Xml x, String shapeName, ObjectNode v) {
    JsonNode members = model.shape(shapeName).path("members");
    Iterator<String> names = v.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (!members.has(n)) {
        throw new IllegalStateException("shape " + shapeName + " has no member " + n);
      }
    }
    Iterator<Map.Entry<String, JsonNode>> it = members.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> m = it.next();
      JsonNode value = v.get(m.getKey());
      if (value == null || value.isNull()) {
        continue;
      }
      JsonNode member = m.getValue();
      String name = member.path("locationName").asText(m.getKey());
      if (MILLISECONDS.contains(shapeName + "." + m.getKey())) {
        x.el(name, Xml.dateMillis(JsonNodes.instant(value)));
        continue;
      }
      value(x, name, member.path("shape").asText(), member.path("flattened").asBoolean(false), value);
    }
  }

  /**
   * The timestamp members ({@code Structure.Member}) AWS writes with milliseconds, always three digits
   * ({@code 2026-04-21T07:37:10.000Z}); every other timestamp of the Query protocol is written in whole
   * seconds, as IAM and STS write theirs. GetWebIdentityToken's {@code Expiration}: as captured from STS
   * (its token's {@code exp} claim is whole seconds, the answer's {@code Expiration} is not).
   */
  private static final java.util.Set<String> MILLISECONDS = java.util.Set.of("GetWebIdentityTokenResponse.Expiration");

  private void value(Xml x, String name, String shapeName, boolean flattenedMember, JsonNode v) {
    JsonNode shape = model.shape(shapeName);
    switch (shape.path("type").asText()) {
      case "structure" -> {
        if (!(v instanceof ObjectNode o)) {
          throw new IllegalStateException(name + " of shape " + shapeName + " is no structure: " + v);
        }
        x.open(name);
        members(x, shapeName, o);
        x.close();
      }
      case "list" -> {
        if (!v.isArray()) {
          throw new IllegalStateException(name + " of shape " + shapeName + " is no list: " + v);
        }
        JsonNode member = shape.path("member");
        String memberShape = member.path("shape").asText();
        if (flattenedMember || shape.path("flattened").asBoolean(false)) {
          String each = member.path("locationName").asText(name);
          for (JsonNode item : v) {
            value(x, each, memberShape, false, item);
          }
        } else {
          String each = member.path("locationName").asText("member");
          x.open(name);
          for (JsonNode item : v) {
            value(x, each, memberShape, false, item);
          }
          x.close();
        }
      }
      case "map" -> {
        if (!(v instanceof ObjectNode o)) {
          throw new IllegalStateException(name + " of shape " + shapeName + " is no map: " + v);
        }
        String keyName = shape.path("key").path("locationName").asText("key");
        String valueName = shape.path("value").path("locationName").asText("value");
        String valueShape = shape.path("value").path("shape").asText();
        boolean flattened = flattenedMember || shape.path("flattened").asBoolean(false);
        if (!flattened) {
          x.open(name);
        }
        Iterator<Map.Entry<String, JsonNode>> it = o.fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          x.open(flattened ? name : "entry").el(keyName, e.getKey());
          if (!e.getValue().isNull()) {
            value(x, valueName, valueShape, false, e.getValue());
          }
          x.close();
        }
        if (!flattened) {
          x.close();
        }
      }
      case "timestamp" -> x.el(name, Xml.date(JsonNodes.instant(v)));
      case "boolean" -> x.el(name, v.asBoolean() ? "true" : "false");
      default -> x.el(name, v.isPojo() ? String.valueOf(((POJONode) v).getPojo()) : v.asText());
    }
  }
}
