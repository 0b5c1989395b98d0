package dev.iamlocal.server.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Map;

/**
 * The trees operations answer with, keyed by the output shape's member names, and what the codecs
 * read back from them: a timestamp is an {@link Instant} (a POJO node), ISO 8601 text or epoch
 * seconds; each codec writes it in its protocol's form.
 */
public final class JsonNodes {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonNodes() {}

  /** A new empty object node. */
  public static ObjectNode object() {
    return NODES.objectNode();
  }

  /** A new empty array node. */
  public static ArrayNode array() {
    return NODES.arrayNode();
  }

  /** A list of strings as an array node. */
  public static ArrayNode strings(Collection<String> values) {
    ArrayNode a = NODES.arrayNode();
    values.forEach(a::add);
    return a;
  }

  /** A timestamp member's value; null stays absent. */
  public static JsonNode time(Instant i) {
    return i == null ? NODES.nullNode() : new POJONode(i);
  }

  /** A timestamp given as ISO 8601 text (the bundled AWS managed policies' dates). */
  public static JsonNode time(String iso) {
    return iso == null ? NODES.nullNode() : time(Instant.parse(iso));
  }

  /** IAM's {@code tagListType}: {@code [{Key, Value}, …]} in the map's order. */
  public static ArrayNode tags(Map<String, String> tags) {
    ArrayNode a = NODES.arrayNode();
    tags.forEach((k, v) -> a.addObject().put("Key", k).put("Value", v));
    return a;
  }

  /** The instant a timestamp member holds. */
  static Instant instant(JsonNode v) {
    if (v.isPojo() && ((POJONode) v).getPojo() instanceof Instant i) {
      return i;
    }
    if (v.isNumber()) {
      BigDecimal s = v.decimalValue();
      return Instant.ofEpochSecond(s.longValue(), s.remainder(BigDecimal.ONE).movePointRight(9).intValue());
    }
    if (v.isTextual()) {
      try {
        return Instant.parse(v.asText());
      } catch (DateTimeParseException e) {
        throw new IllegalStateException("not an ISO 8601 instant: " + v.asText(), e);
      }
    }
    throw new IllegalStateException("not a timestamp: " + v);
  }
}
