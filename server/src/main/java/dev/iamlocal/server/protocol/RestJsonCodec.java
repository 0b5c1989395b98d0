package dev.iamlocal.server.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The REST-JSON protocol of one service (IAM Access Analyzer), driven by AWS's API model of it, the
 * way the SDKs generated from the same model write requests:
 *
 * <ul>
 *   <li><b>Routing</b>: an operation is its {@code http.method} and {@code http.requestUri}, with
 *       {@code {label}} (one path segment) and {@code {label+}} (the rest of the path) bound to the
 *       input members marked {@code "location": "uri"}. A request that fits several is the one with
 *       the most literal segments (as {@code /policy/generation} beats {@code /policy/{x}}).
 *   <li><b>In</b>: members come from the path labels, the query string ({@code "location":
 *       "querystring"}), headers ({@code "location": "header"}) and, for the rest, the JSON body;
 *       the whole is typed against the input shape ({@link ApiModel#typedInput}: a member of another
 *       JSON type is the deserializer's {@code SerializationException}) and every constraint checked
 *       ({@link ApiModel#violations}), answered as the service's modelled {@code ValidationException}
 *       with {@code reason} {@code fieldValidationFailed} and one {@code fieldList} entry per broken
 *       constraint.
 *   <li><b>Out</b>: the output shape's members without a location, as JSON (shaped by
 *       {@link JsonCodec}: members the shape lacks are dropped, timestamps are epoch seconds); an
 *       error is its modelled shape's members as JSON, its name in {@code x-amzn-ErrorType}, its
 *       status the shape's {@code httpStatusCode}.
 * </ul>
 */
public final class RestJsonCodec {

  /** The content type of the protocol's bodies. */
  public static final String CONTENT_TYPE = "application/json";

  private static final ObjectMapper JSON = new ObjectMapper();
  /** A request body is one JSON value: text after it ({@code {}xyz}) makes it malformed, not ignored. */
  private static final com.fasterxml.jackson.databind.ObjectReader BODY =
      JSON.reader().with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");

  private final ApiModel model;
  private final JsonCodec body;
  private final List<RouteTemplate> routes = new ArrayList<>();

  /** The operation a request reached, and the path labels it bound. */
  public record Route(String operation, Map<String, String> labels) {}

  /** An error in the protocol's form: the HTTP status, the modelled error's name, and its members. */
  public static final class Error extends RuntimeException {

    private static final long serialVersionUID = 1L;
    /** The HTTP status. */
    public final int status;
    /** The error shape's name ({@code ValidationException}). */
    public final String code;
    /** The members of the error body ({@code message}, {@code reason}, {@code fieldList}, …). */
    public final transient ObjectNode members;
    /** iamlocal's own explanation for the {@code x-iamlocal-detail} header, or null. */
    public final String detail;

    Error(int status, String code, ObjectNode members, String detail) {
      super(members.path("message").asText(null), null, false, false);
      this.status = status;
      this.code = code;
      this.members = members;
      this.detail = detail;
    }
  }

  private record RouteTemplate(String operation, String method, List<String> segments, boolean greedy, int literals) {}

  /** The codec of {@code model}'s operations. */
  public RestJsonCodec(ApiModel model) {
    this.model = model;
    this.body = new JsonCodec(model);
    for (String op : model.operationNames()) {
      JsonNode http = model.operation(op).path("http");
      String uri = http.path("requestUri").asText("/");
      int q = uri.indexOf('?');
      String path = q < 0 ? uri : uri.substring(0, q);
      List<String> segments = segments(path);
      boolean greedy = !segments.isEmpty() && segments.get(segments.size() - 1).endsWith("+}");
      int literals = (int) segments.stream().filter(s -> !s.startsWith("{")).count();
      routes.add(new RouteTemplate(op, http.path("method").asText("POST").toUpperCase(Locale.ROOT), segments, greedy,
          literals));
    }
    // the most literal segments first: a fixed path beats a label that would also fit it
    routes.sort(Comparator.comparingInt(RouteTemplate::literals).reversed()
        .thenComparing(r -> r.greedy() ? 1 : 0));
  }

  /** The model this codec reads and writes by. */
  public ApiModel model() {
    return model;
  }

  /** The first path segment of every operation's URI ({@code policy}, {@code analyzer}, …): what to route here. */
  public List<String> pathRoots() {
    List<String> roots = new ArrayList<>();
    for (RouteTemplate r : routes) {
      if (!r.segments().isEmpty() && !r.segments().get(0).startsWith("{") && !roots.contains(r.segments().get(0))) {
        roots.add(r.segments().get(0));
      }
    }
    return roots;
  }

  /**
   * The operation of {@code method} on {@code rawPath} (percent-encoded, as sent), or empty when the
   * model has none there.
   */
  public Optional<Route> route(String method, String rawPath) {
    List<String> raw = segments(rawPath == null ? "/" : rawPath);
    List<String> decoded = new ArrayList<>(raw.size());
    for (String s : raw) {
      String d = decode(s);
      if (d == null) {
        return Optional.empty();
      }
      decoded.add(d);
    }
    for (RouteTemplate r : routes) {
      if (!r.method().equals(method.toUpperCase(Locale.ROOT))) {
        continue;
      }
      Map<String, String> labels = match(r, raw, decoded);
      if (labels != null) {
        return Optional.of(new Route(r.operation(), labels));
      }
    }
    return Optional.empty();
  }

  private static Map<String, String> match(RouteTemplate r, List<String> raw, List<String> decoded) {
    List<String> t = r.segments();
    if (r.greedy() ? decoded.size() < t.size() : decoded.size() != t.size()) {
      return null;
    }
    Map<String, String> labels = new LinkedHashMap<>();
    for (int i = 0; i < t.size(); i++) {
      String seg = t.get(i);
      if (seg.startsWith("{") && seg.endsWith("+}")) {
        // the rest of the path, its slashes kept
        List<String> rest = new ArrayList<>();
        for (int j = i; j < decoded.size(); j++) {
          rest.add(decoded.get(j));
        }
        String value = String.join("/", rest);
        if (value.isEmpty()) {
          return null;
        }
        labels.put(seg.substring(1, seg.length() - 2), value);
        return labels;
      }
      if (seg.startsWith("{") && seg.endsWith("}")) {
        if (decoded.get(i).isEmpty()) {
          return null;
        }
        labels.put(seg.substring(1, seg.length() - 1), decoded.get(i));
      } else if (!seg.equals(raw.get(i))) {
        return null;
      }
    }
    return labels;
  }

  /**
   * The input of {@code route}'s operation, read from the path labels, the query parameters (decoded,
   * in order), the headers (lower-case names) and the JSON body, typed and checked against the model.
   *
   * @throws Error the modelled {@code ValidationException} for a broken constraint
   * @throws AwsError the deserializer's {@code SerializationException} for a body that is not JSON
   *     or a member of another JSON type
   */
  public ObjectNode read(Route route, List<Map.Entry<String, String>> query, Map<String, List<String>> headers,
      byte[] requestBody) {
    String op = route.operation();
    String inShape = model.inputShape(op);
    if (inShape == null) {
      return NODES.objectNode();
    }
    ObjectNode in = parse(requestBody);
    JsonNode members = model.shape(inShape).path("members");
    Iterator<Map.Entry<String, JsonNode>> it = members.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> m = it.next();
      String location = m.getValue().path("location").asText("");
      if (location.isEmpty()) {
        continue;
      }
      // a located member is never read from the body
      in.remove(m.getKey());
      String name = m.getValue().path("locationName").asText(m.getKey());
      String shape = m.getValue().path("shape").asText();
      JsonNode v = switch (location) {
        case "uri" -> route.labels().containsKey(name) ? scalar(route.labels().get(name), shape) : null;
        case "querystring" -> fromQuery(query, name, shape);
        case "header" -> {
          List<String> h = headers.get(name.toLowerCase(Locale.ROOT));
          yield h == null || h.isEmpty() ? null : scalar(h.get(0), shape);
        }
        default -> null;
      };
      if (v != null) {
        in.set(m.getKey(), v);
      }
    }
    ObjectNode typed = model.typedInput(op, in);
    List<ApiModel.Violation> broken = model.violations(op, typed);
    if (!broken.isEmpty()) {
      ArrayNode fields = NODES.arrayNode();
      for (ApiModel.Violation v : broken) {
        fields.addObject().put("name", v.path()).put("message", v.message());
      }
      ObjectNode err = NODES.objectNode();
      err.put("message", ApiModel.Violation.summary(broken));
      err.put("reason", "fieldValidationFailed");
      err.set("fieldList", fields);
      throw error("ValidationException", err, null);
    }
    return typed;
  }

  /** A query member: a list takes every value of its name, anything else the first. */
  private JsonNode fromQuery(List<Map.Entry<String, String>> query, String name, String shapeName) {
    JsonNode shape = model.shape(shapeName);
    if (shape.path("type").asText().equals("list")) {
      ArrayNode out = NODES.arrayNode();
      String member = shape.path("member").path("shape").asText();
      for (Map.Entry<String, String> e : query) {
        if (e.getKey().equals(name)) {
          out.add(scalar(e.getValue(), member));
        }
      }
      return out.isEmpty() ? null : out;
    }
    for (Map.Entry<String, String> e : query) {
      if (e.getKey().equals(name)) {
        return scalar(e.getValue(), shapeName);
      }
    }
    return null;
  }

  /**
   * A value from the path, query or a header as the shape's type: a number where the shape is one and
   * the text is one (else the text, which typing then refuses), a Boolean for {@code true}/{@code false}.
   */
  private JsonNode scalar(String text, String shapeName) {
    String type = model.shape(shapeName).path("type").asText();
    if ((type.equals("integer") || type.equals("long")) && INTEGER.matcher(text).matches()) {
      return NODES.numberNode(Long.parseLong(text));
    }
    if (type.equals("boolean") && (text.equals("true") || text.equals("false"))) {
      return NODES.booleanNode(text.equals("true"));
    }
    return NODES.textNode(text);
  }

  private static ObjectNode parse(byte[] raw) {
    if (raw == null || raw.length == 0) {
      return NODES.objectNode();
    }
    JsonNode n;
    try {
      n = BODY.readTree(raw);
    } catch (IOException e) {
      throw ApiModel.malformedBody(e);
    }
    if (n == null || n.isMissingNode()) {
      return NODES.objectNode();
    }
    if (n.isArray()) {
      throw ApiModel.serialization("Start of list found where not expected");
    }
    if (!n.isObject()) {
      throw ApiModel.serialization("Start of structure or map found where not expected.");
    }
    return (ObjectNode) n;
  }

  /** The JSON body of a successful answer to {@code operation}: the output shape's unlocated members. */
  public String write(String operation, ObjectNode output) {
    String outShape = model.outputShape(operation);
    if (outShape == null || output == null) {
      return "{}";
    }
    ObjectNode payload = output.deepCopy();
    model.shape(outShape).path("members").fields().forEachRemaining(m -> {
      if (m.getValue().has("location")) {
        payload.remove(m.getKey());
      }
    });
    return body.write(operation, payload);
  }

  /** The HTTP status of a successful answer to {@code operation} (the model's {@code responseCode}, else 200). */
  public int successStatus(String operation) {
    return model.operation(operation).path("http").path("responseCode").asInt(200);
  }

  /**
   * The modelled error {@code code} with {@code members}: its status from the model's
   * {@code httpStatusCode}; members its shape lacks are dropped (as the service's serializer drops them).
   */
  public Error error(String code, ObjectNode members, String detail) {
    JsonNode shape = model.shape(code);
    if (!shape.path("exception").asBoolean(false)) {
      throw new IllegalStateException(code + " is not an error shape of the model");
    }
    ObjectNode kept = NODES.objectNode();
    JsonNode declared = shape.path("members");
    members.fields().forEachRemaining(e -> {
      if (declared.has(e.getKey()) && !declared.get(e.getKey()).has("location")) {
        kept.set(e.getKey(), e.getValue());
      }
    });
    return new Error(shape.path("error").path("httpStatusCode").asInt(400), code, kept, detail);
  }

  /** The modelled error {@code code} with only a message. */
  public Error error(String code, String message) {
    ObjectNode m = NODES.objectNode();
    m.put("message", message);
    return error(code, m, null);
  }

  /** The JSON body of an error: its members ({@code {"message": …}} for errors the model does not declare). */
  public static String errorBody(ObjectNode members) {
    return members.toString();
  }

  private static List<String> segments(String path) {
    List<String> out = new ArrayList<>();
    String p = path.startsWith("/") ? path.substring(1) : path;
    if (p.isEmpty()) {
      return out;
    }
    // a trailing slash is a segment of its own: "/policy/" is not "/policy"
    for (String s : p.split("/", -1)) {
      out.add(s);
    }
    return out;
  }

  /** A path segment percent-decoded as UTF-8 ({@code +} stays a plus in a path), or null when malformed. */
  private static String decode(String segment) {
    try {
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
