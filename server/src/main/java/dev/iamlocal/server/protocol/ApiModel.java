package dev.iamlocal.server.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.zip.GZIPInputStream;

/**
 * One of AWS's API models (the botocore {@code service-2.json} the SDKs are generated from) and
 * the reading of a request against it, as AWS's front end reads it before the operation runs:
 *
 * <ol>
 *   <li><b>types</b> (AWS JSON 1.1): a member whose JSON type is not the model's is a
 *       {@code SerializationException} with the deserializer's words ("Start of list found where
 *       not expected", "NUMBER_VALUE can not be converted to a String", "Expected null", …);
 *       members the model does not have are dropped, {@code null} is absent;
 *   <li><b>constraints</b>: required members, string length, pattern and enum, number range, list
 *       and map sizes, recursively, every failure listed in one {@code ValidationException} in
 *       AWS's form: {@code N validation error(s) detected: Value 'v' at 'a.b' failed to satisfy
 *       constraint: Member must …}, joined by {@code "; "}.
 * </ol>
 *
 * <p>While reading, the values of every member whose shape is the model's role ARN shape are
 * collected wherever they are nested: the roles the request passes ({@code iam:PassRole}).
 */
public final class ApiModel {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final JsonNode operations;
  private final JsonNode shapes;
  private final JsonNode metadata;
  private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();
  /**
   * Whether the service prints the offending value in a validation message. IAM does not: every one
   * of its validation messages that AWS recorded in 2026 reads "Value at '…'" (tags, versionId, the
   * password policy's numbers, an OIDC provider's url, client ids and thumbprints: LocalStack's
   * tests/aws/services/iam snapshots); STS and the JSON services do ("Value 'x' at 'roleSessionName'").
   */
  private final boolean echoesValues;

  private ApiModel(JsonNode model) {
    this.operations = model.path("operations");
    this.shapes = model.path("shapes");
    this.metadata = model.path("metadata");
    this.echoesValues = !metadata.path("serviceId").asText().equals("IAM");
  }

  /** The model's {@code apiVersion} (IAM: 2010-05-08). */
  public String apiVersion() {
    return metadata.path("apiVersion").asText();
  }

  /** The namespace of the service's XML responses (Query protocol), e.g. https://iam.amazonaws.com/doc/2010-05-08/. */
  public String xmlNamespace() {
    return metadata.path("xmlNamespace").asText();
  }

  /** The output shape's name of {@code operation}, or null when it answers with none. */
  String outputShape(String operation) {
    JsonNode out = operations.path(operation).path("output").path("shape");
    return out.isTextual() ? out.asText() : null;
  }

  /** The element that wraps the output in a Query response ({@code CreateRoleResult}), or null. */
  String resultWrapper(String operation) {
    JsonNode w = operations.path(operation).path("output").path("resultWrapper");
    return w.isTextual() ? w.asText() : null;
  }

  /** The SageMaker model (2017-07-24), read once. */
  public static ApiModel sageMaker() {
    return Holder.SAGEMAKER;
  }

  private static final class Holder {
    static final ApiModel SAGEMAKER = load("models/sagemaker-2017-07-24.json.gz");
  }

  /** Reads a gzipped model from the server's resources (its documentation is dropped). */
  static ApiModel load(String resource) {
    try (InputStream raw = ApiModel.class.getResourceAsStream(resource)) {
      if (raw == null) {
        throw new IllegalStateException(resource + " is missing from the server's resources");
      }
      JsonNode model = JSON.readTree(new GZIPInputStream(raw));
      stripDocumentation(model);
      return new ApiModel(model);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void stripDocumentation(JsonNode n) {
    if (n instanceof ObjectNode o) {
      o.remove("documentation");
      o.forEach(ApiModel::stripDocumentation);
    } else if (n.isArray()) {
      n.forEach(ApiModel::stripDocumentation);
    }
  }

  /** The input shape's name of {@code operation}, or null when it takes none. */
  public String operationInput(String operation) {
    return inputShape(operation);
  }

  /** The output shape's name of {@code operation}, or null when it answers with none. */
  public String operationOutput(String operation) {
    return outputShape(operation);
  }

  /** The error shapes the model lists for {@code operation}, in its order. */
  public List<String> operationErrors(String operation) {
    List<String> out = new ArrayList<>();
    operations.path(operation).path("errors").forEach(e -> out.add(e.path("shape").asText()));
    return out;
  }

  /** Every operation name of the model. */
  public List<String> operationNames() {
    List<String> out = new ArrayList<>();
    operations.fieldNames().forEachRemaining(out::add);
    return out;
  }

  /** True when the model has {@code operation}. */
  public boolean hasOperation(String operation) {
    return operations.has(operation);
  }

  /** The input shape's name of {@code operation}, or null when it takes none. */
  String inputShape(String operation) {
    JsonNode in = operations.path(operation).path("input").path("shape");
    return in.isTextual() ? in.asText() : null;
  }

  /** A shape of the model (a missing node when there is none). */
  public JsonNode shape(String name) {
    return shapes.path(name);
  }

  /**
   * A request as read: the members the model has, with their JSON types checked, and the values of
   * the role ARN members found in it.
   */
  public record Input(ObjectNode body, Set<String> roles) {}

  /**
   * One broken constraint: the member's path as AWS names it in messages ({@code access.1.member.actions})
   * and AWS's sentence for it.
   */
  public record Violation(String path, String message) {

    /** AWS's one-line summary of several: {@code N validation error(s) detected: a; b}. */
    public static String summary(List<Violation> all) {
      List<String> texts = new ArrayList<>();
      all.forEach(v -> texts.add(v.message()));
      return all.size() + " validation error" + (all.size() == 1 ? "" : "s") + " detected: " + String.join("; ", texts);
    }
  }

  /**
   * {@code input} (the members read from wherever the protocol carries them) typed against
   * {@code operation}'s input shape: a member of another JSON type throws the deserializer's
   * {@code SerializationException}; members the model lacks are dropped.
   */
  public ObjectNode typedInput(String operation, ObjectNode input) {
    String in = inputShape(operation);
    return in == null ? JSON.createObjectNode() : (ObjectNode) typed(input, in);
  }

  /** Every constraint of {@code operation}'s input shape that the typed {@code input} breaks, in AWS's order. */
  public List<Violation> violations(String operation, ObjectNode input) {
    String in = inputShape(operation);
    List<Violation> errors = new ArrayList<>();
    if (in != null) {
      validate(input, in, "", errors, new LinkedHashSet<>(), null);
    }
    return errors;
  }

  /**
   * Reads {@code body} as the input of {@code operation} (AWS JSON 1.1), or throws the
   * {@code SerializationException} or {@code ValidationException} AWS answers.
   *
   * @param roleShape the shape whose values are role ARNs passed to the service (SageMaker: RoleArn)
   */
  Input readJson(String operation, ObjectNode body, String roleShape) {
    String in = inputShape(operation);
    if (in == null) {
      return new Input(JSON.createObjectNode(), Set.of());
    }
    ObjectNode typed = (ObjectNode) typed(body, in);
    List<Violation> errors = new ArrayList<>();
    Set<String> roles = new LinkedHashSet<>();
    validate(typed, in, "", errors, roles, roleShape);
    if (!errors.isEmpty()) {
      throw new AwsError(400, "ValidationException", Violation.summary(errors));
    }
    return new Input(typed, Set.copyOf(roles));
  }

  /** The IAM model (2010-05-08), read once. */
  public static ApiModel iam() {
    return IamHolder.IAM;
  }

  private static final class IamHolder {
    static final ApiModel IAM = load("models/iam-2010-05-08.json.gz");
  }

  /** The IAM Access Analyzer model (2019-11-01, REST-JSON), read once. */
  public static ApiModel accessAnalyzer() {
    return AccessAnalyzerHolder.ACCESS_ANALYZER;
  }

  private static final class AccessAnalyzerHolder {
    static final ApiModel ACCESS_ANALYZER = load("models/accessanalyzer-2019-11-01.json.gz");
  }

  /** The model's definition of {@code operation} ({@code http}, {@code input}, {@code output}, {@code errors}). */
  JsonNode operation(String name) {
    return operations.path(name);
  }

  /** The model's {@code metadata} ({@code signingName}, {@code protocol}, …). */
  public JsonNode metadata() {
    return metadata;
  }

  /** The STS model (2011-06-15), read once. */
  public static ApiModel sts() {
    return StsHolder.STS;
  }

  private static final class StsHolder {
    static final ApiModel STS = load("models/sts-2011-06-15.json.gz");
  }

  /**
   * Reads the parameters of an AWS Query request ({@code Name}, {@code List.member.N},
   * {@code Struct.Field}, {@code Map.entry.N.key}) as the input of {@code operation} and checks
   * every constraint of the model, or throws the {@code ValidationError} AWS's Query services answer
   * (400, same message form as {@link #readJson}). Values are read as the model's types where they
   * parse (numbers); a value that does not is left to the operation, which says what is wrong.
   */
  Input readQuery(String operation, Map<String, String> params) {
    String in = inputShape(operation);
    if (in == null) {
      return new Input(JSON.createObjectNode(), Set.of());
    }
    JsonNode read = fromQuery(params, "", in);
    ObjectNode typed = read instanceof ObjectNode o ? o : JSON.createObjectNode();
    List<Violation> errors = new ArrayList<>();
    Set<String> roles = new LinkedHashSet<>();
    validate(typed, in, "", errors, roles, null);
    if (!echoesValues && errors.size() == 1 && errors.get(0).path().equals("path")
        && errors.get(0).message().contains("regular expression pattern")) {
      // IAM words a Path outside its pattern itself (CreateVirtualMFADevice with "no-leading-slash/"
      // and "/no-trailing-slash", recorded 2026); a Path too long keeps the model's message
      throw new AwsError(400, "ValidationError", "The specified value for path is invalid. It must begin and end"
          + " with / and contain only alphanumeric characters and/or / characters.");
    }
    if (!errors.isEmpty()) {
      throw new AwsError(400, "ValidationError", Violation.summary(errors));
    }
    return new Input(typed, Set.of());
  }

  /** The value at {@code prefix} as the shape says, or null when the request has none. */
  private JsonNode fromQuery(Map<String, String> p, String prefix, String shapeName) {
    JsonNode shape = shape(shapeName);
    String type = shape.path("type").asText();
    switch (type) {
      case "structure" -> {
        ObjectNode out = NODES.objectNode();
        Iterator<Map.Entry<String, JsonNode>> it = shape.path("members").fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> m = it.next();
          String name = m.getValue().path("locationName").asText(m.getKey());
          JsonNode v = fromQuery(p, prefix.isEmpty() ? name : prefix + "." + name, m.getValue().path("shape").asText());
          if (v != null) {
            out.set(m.getKey(), v);
          }
        }
        return prefix.isEmpty() || out.size() > 0 ? out : null;
      }
      case "list" -> {
        String member = shape.path("member").path("shape").asText();
        boolean scalar = isScalar(member);
        ArrayNode out = NODES.arrayNode();
        for (Map.Entry<Integer, String> index : listIndices(p, prefix + ".member.").entrySet()) {
          int i = index.getKey();
          JsonNode v = fromQuery(p, prefix + ".member." + index.getValue(), member);
          // a gap is a null member, as AWS reads it: a scalar list then fails the member's
          // constraints; a list of structures keeps the members given, so no operation sees a hole
          while (scalar && out.size() < i - 1) {
            out.add(NODES.nullNode());
          }
          if (v != null) {
            out.add(v);
          }
        }
        // an empty list is sent as the bare name with no value
        return out.size() > 0 || p.containsKey(prefix) ? out : null;
      }
      case "map" -> {
        String value = shape.path("value").path("shape").asText();
        ObjectNode out = NODES.objectNode();
        for (int i = 1; p.containsKey(prefix + ".entry." + i + ".key"); i++) {
          JsonNode v = fromQuery(p, prefix + ".entry." + i + ".value", value);
          out.set(p.get(prefix + ".entry." + i + ".key"), v == null ? NODES.nullNode() : v);
        }
        return out.size() > 0 ? out : null;
      }
      default -> {
        String v = p.get(prefix);
        if (v == null) {
          return null;
        }
        if (type.equals("integer") || type.equals("long")) {
          return queryInteger(prefix, v, type.equals("integer") ? Integer.MIN_VALUE : Long.MIN_VALUE,
              type.equals("integer") ? Integer.MAX_VALUE : Long.MAX_VALUE);
        }
        if (type.equals("boolean")) {
          return queryBoolean(prefix, v);
        }
        return NODES.textNode(v);
      }
    }
  }

  /**
   * The indices of the list whose members are named {@code head}N, ascending, as AWS's Query reader
   * takes them (stackd's recordings of GetContextKeysForCustomPolicy, 2026-09-12): {@code 01} is
   * index 1; {@code 0} is "0 is not a valid index", {@code -1} "Key -1 may not have a leading '-'",
   * {@code +1} and {@code one} "Start of list found where not expected"; an index more than 10
   * past the highest one before it (or past 1 for the first) is "Excessively sparse input would
   * skip N list elements" (all MalformedInput, 400). Up to 10 may be skipped; they read as null.
   */
  private static java.util.SortedMap<Integer, String> listIndices(Map<String, String> p, String head) {
    // each index with the text that names it ("01" for 1)
    java.util.TreeMap<Integer, String> indices = new java.util.TreeMap<>();
    for (String key : p.keySet()) {
      if (!key.startsWith(head)) {
        continue;
      }
      int end = key.indexOf('.', head.length());
      String token = key.substring(head.length(), end < 0 ? key.length() : end);
      if (token.startsWith("-")) {
        throw malformed("Key " + token + " may not have a leading '-'");
      }
      if (token.isEmpty() || !ASCII_DIGITS.matcher(token).matches()) {
        throw malformed("Start of list found where not expected");
      }
      // beyond any list a request can carry: the sparse check below refuses it
      int index = token.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(token);
      if (index == 0) {
        throw malformed("0 is not a valid index");
      }
      indices.putIfAbsent(index, token);
    }
    int highest = 1;
    for (int index : indices.keySet()) {
      long skipped = (long) index - highest;
      if (skipped > MAX_LIST_SKIP) {
        throw malformed("Excessively sparse input would skip " + skipped + " list elements");
      }
      highest = Math.max(highest, index);
    }
    return indices;
  }

  /** How many list elements a Query request may leave out between two it names (AWS's recordings: 10). */
  private static final int MAX_LIST_SKIP = 10;

  private static final Pattern ASCII_DIGITS = Pattern.compile("[0-9]+");

  /**
   * An integer parameter as AWS's Query reader takes it (stackd's recordings, 2026-09-12: MaxItems,
   * DurationSeconds, CredentialAgeDays): ASCII digits with an optional sign and leading zeros
   * ({@code 01}, {@code +1}); blanks, decimals, exponents or a number the type cannot hold are
   * MalformedInput (400). Range constraints are checked afterwards, as ValidationError.
   */
  private static JsonNode queryInteger(String name, String v, long lo, long hi) {
    if (SIGNED_INTEGER.matcher(v).matches()) {
      java.math.BigInteger n = new java.math.BigInteger(v.startsWith("+") ? v.substring(1) : v);
      if (n.compareTo(java.math.BigInteger.valueOf(lo)) >= 0 && n.compareTo(java.math.BigInteger.valueOf(hi)) <= 0) {
        return NODES.numberNode(n);
      }
    }
    throw malformed("Invalid value for " + name).withDetail("'" + v + "' is no " + (hi == Integer.MAX_VALUE
        ? "32" : "64") + "-bit integer; AWS's Query reader takes ASCII digits with an optional sign only");
  }

  private static final Pattern SIGNED_INTEGER = Pattern.compile("[+-]?[0-9]{1,30}");

  /**
   * A boolean parameter as AWS's Query reader takes it (stackd's recordings, 2026-09-12, AllUsers):
   * {@code true} or {@code 1}, {@code false} or {@code 0}, exactly; anything else ({@code True},
   * blanks, empty) is MalformedInput (400).
   */
  private static JsonNode queryBoolean(String name, String v) {
    return switch (v) {
      case "true", "1" -> NODES.booleanNode(true);
      case "false", "0" -> NODES.booleanNode(false);
      default -> throw malformed("Invalid value for " + name).withDetail(
          "a boolean is true, false, 1 or 0 exactly, as AWS's Query reader takes it");
    };
  }

  /** The Query reader's 400 {@code MalformedInput}. */
  private static AwsError malformed(String message) {
    return new AwsError(400, "MalformedInput", message);
  }

  // ---------------------------------------------------------------- types (deserialization)

  /** {@code v} as the model's shape: a copy with the modeled members only; a wrong JSON type throws. */
  private JsonNode typed(JsonNode v, String shapeName) {
    return reader.walk(v, shapeName);
  }

  /** The walk of a JSON request: a value of another JSON kind than its shape's is AWS's SerializationException. */
  private final ShapeWalk reader = new ShapeWalk(this) {
    @Override
    void structure(JsonNode v, String shapeName) {
      if (v.isArray()) {
        throw serialization("Start of list found where not expected");
      }
      if (!v.isObject()) {
        throw serialization("Expected null");
      }
    }

    @Override
    void list(JsonNode v, String shapeName) {
      if (v.isObject()) {
        throw serialization("Start of structure or map found where not expected.");
      }
      if (!v.isArray()) {
        throw serialization("Expected list or null");
      }
    }

    @Override
    void map(JsonNode v, String shapeName) {
      structure(v, shapeName);
    }

    @Override
    JsonNode leaf(JsonNode v, JsonNode shape, String type, String shapeName) {
      switch (type) {
        case "string", "blob" -> {
          if (!v.isTextual()) {
            throw notConvertible(v, "a String");
          }
          return v;
        }
        case "boolean" -> {
          if (!v.isBoolean()) {
            throw notConvertible(v, "a Boolean");
          }
          return v;
        }
        case "integer", "long", "float", "double" -> {
          if (!v.isNumber()) {
            throw notConvertible(v, switch (type) {
              case "integer" -> "an Integer";
              case "long" -> "a Long";
              case "float" -> "a Float";
              default -> "a Double";
            });
          }
          String target = switch (type) {
            case "integer" -> "an Integer";
            case "long" -> "a Long";
            case "float" -> "a Float";
            default -> "a Double";
          };
          // 1e400 is read as an infinite double; a value the target type cannot hold is no value of
          // it (left alone, 1e30 as MaxResults was an exception from BigDecimal, a 500)
          if (v.isFloatingPointNumber() && !Double.isFinite(v.doubleValue()) && !v.isBigDecimal()) {
            throw serialization("NUMBER_VALUE can not be converted to " + target);
          }
          if (type.equals("integer") || type.equals("long")) {
            // a decimal where an integer is expected is read as its integer part
            java.math.BigInteger n = v.isIntegralNumber() ? v.bigIntegerValue() : v.decimalValue().toBigInteger();
            // beyond a long nothing can hold it; beyond an int, a member with a range is answered by
            // the range check (its message), one without would wrap around where it is read
            boolean rangeChecked = type.equals("integer") && (shape.has("max") || shape.has("min"));
            long lo = type.equals("integer") && !rangeChecked ? Integer.MIN_VALUE : Long.MIN_VALUE;
            long hi = type.equals("integer") && !rangeChecked ? Integer.MAX_VALUE : Long.MAX_VALUE;
            if (n.compareTo(java.math.BigInteger.valueOf(lo)) < 0 || n.compareTo(java.math.BigInteger.valueOf(hi)) > 0) {
              throw serialization("NUMBER_VALUE can not be converted to " + target);
            }
            return v.isIntegralNumber() ? v : NODES.numberNode(n);
          }
          return v;
        }
        case "timestamp" -> {
          if (!v.isNumber() && !v.isTextual()) {
            throw notConvertible(v, "a Date");
          }
          // text is taken only as the ISO 8601 instant an answer writes it back from
          // (JsonNodes.instant): "yesterday" was stored, and every Describe and List that
          // returned it afterwards was a 500
          if (v.isTextual()) {
            try {
              Instant.parse(v.asText());
            } catch (DateTimeParseException e) {
              throw notConvertible(v, "a Date");
            }
          }
          return v;
        }
        default -> throw new IllegalStateException("shape " + shapeName + " of unknown type " + type);
      }
    }
  };

  /** The deserializer's words for a value of another JSON type than {@code target}. */
  private static AwsError notConvertible(JsonNode v, String target) {
    if (v.isArray()) {
      return serialization("Start of list found where not expected");
    }
    if (v.isObject()) {
      return serialization("Start of structure or map found where not expected.");
    }
    String kind = v.isTextual() ? "STRING_VALUE" : v.isNumber() ? "NUMBER_VALUE"
        : v.asBoolean() ? "TRUE_VALUE" : "FALSE_VALUE";
    return serialization(kind + " can not be converted to " + target);
  }

  /** SageMaker's 400 {@code SerializationException} with {@code message}. */
  public static AwsError serialization(String message) {
    return new AwsError(400, "SerializationException", message);
  }

  /**
   * The JSON protocols' answer to a body that is not JSON at all: 400 {@code SerializationException}
   * with no message (AWS's JSON front end answers {@code "Message": null} there), why in words in
   * the {@code x-iamlocal-detail} header. Never the parser's own message: it names its classes and
   * settings.
   */
  public static AwsError malformedBody(java.io.IOException e) {
    return new AwsError(400, "SerializationException", null)
        .withDetail("the request body is not JSON: " + dev.iamlocal.policy.JsonSyntax.describe(e));
  }

  // ---------------------------------------------------------------- constraints (validation)

  private void validate(JsonNode v, String shapeName, String path, List<Violation> errors, Set<String> roles,
      String roleShape) {
    JsonNode shape = shape(shapeName);
    switch (shape.path("type").asText()) {
      case "structure" -> {
        JsonNode members = shape.path("members");
        Set<String> required = new LinkedHashSet<>();
        shape.path("required").forEach(r -> required.add(r.asText()));
        Iterator<Map.Entry<String, JsonNode>> it = checkOrder(shapeName, members);
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> m = it.next();
          String at = join(path, lowerFirst(m.getKey()));
          JsonNode child = v.get(m.getKey());
          if (child == null) {
            if (required.contains(m.getKey())) {
              errors.add(new Violation(at, "Value null at '" + at + "' failed to satisfy constraint: Member must not be null"));
            }
            continue;
          }
          validate(child, m.getValue().path("shape").asText(), at, errors, roles, roleShape);
        }
      }
      case "list" -> {
        size(v, v.size(), shape, path, errors, shown(shapeName));
        String member = shape.path("member").path("shape").asText();
        if (isScalar(member)) {
          boolean failed = false;
          int i = 1;
          for (JsonNode x : v) {
            // a member a sparse Query list left out is null: it meets no constraint of the member
            failed |= x.isNull();
            if (!x.isNull()) {
              List<String> broken = scalar(x, member, roles, roleShape);
              if (!echoed(member) && !TAG_SHAPES.contains(member) && x.isTextual() && tooLong(x.asText(), member)) {
                // a policy document over its length is reported alone, by position and without its
                // value, as the lone document is ("Value at 'policyInputList.2.member' failed to
                // satisfy constraint: Member must have length less than or equal to 131072")
                errors.add(new Violation(path + "." + i + ".member", "Value at '" + path + "." + i + ".member' failed to satisfy constraint: Member must"
                    + " have length less than or equal to " + shape(member).get("max").asLong()));
              } else {
                failed |= !broken.isEmpty();
              }
            }
            i++;
          }
          if (failed) {
            errors.add(new Violation(path, (!echoesValues || !echoed(member) ? "Value" : value(v)) + " at '" + path
                + "' failed to satisfy constraint: Member must satisfy constraint: ["
                + String.join(", ", constraints(member)) + "]"));
          }
        } else {
          int i = 1;
          for (JsonNode x : v) {
            if (!x.isNull()) {
              validate(x, member, path + "." + i + ".member", errors, roles, roleShape);
            }
            i++;
          }
        }
      }
      case "map" -> {
        size(v, v.size(), shape, path, errors, echoesValues);
        String key = shape.path("key").path("shape").asText();
        String value = shape.path("value").path("shape").asText();
        boolean keyFailed = false;
        boolean valueFailed = false;
        Iterator<Map.Entry<String, JsonNode>> it = v.fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          keyFailed |= !scalar(NODES.textNode(e.getKey()), key, roles, null).isEmpty();
          if (e.getValue().isNull()) {
            continue;
          }
          if (isScalar(value)) {
            valueFailed |= !scalar(e.getValue(), value, roles, roleShape).isEmpty();
          } else {
            validate(e.getValue(), value, path + "." + e.getKey(), errors, roles, roleShape);
          }
        }
        if (keyFailed) {
          errors.add(new Violation(path, (echoesValues ? value(v) : "Value") + " at '" + path + "' failed to satisfy constraint: Map keys must"
              + " satisfy constraint: [" + String.join(", ", constraints(key)) + "]"));
        }
        if (valueFailed) {
          errors.add(new Violation(path, (echoesValues ? value(v) : "Value") + " at '" + path + "' failed to satisfy constraint: Map value must"
              + " satisfy constraint: [" + String.join(", ", constraints(value)) + "]"));
        }
      }
      default -> {
        for (String failed : scalar(v, shapeName, roles, roleShape)) {
          errors.add(new Violation(path, (shown(shapeName) ? value(v) : "Value") + " at '" + path
              + "' failed to satisfy constraint: " + failed));
        }
      }
    }
  }

  /**
   * Whether AWS prints the value of a member of this shape in a validation message. It does not for
   * policy documents ("Value at 'policyDocument' failed to satisfy constraint: Member must have length
   * less than or equal to 131072"; the same for their pattern), nor for IAM's and STS's tag keys and
   * values ("Value at 'tags.1.member.key'", "Value at 'tagKeys'": AWS's recorded answers), nor for a
   * policy version id ("Value at 'versionId'": AWS's recorded answer, 2026), nor for the shapes the model
   * marks sensitive (secrets, passwords).
   */
  private boolean tooLong(String s, String shapeName) {
    JsonNode shape = shape(shapeName);
    return shape.has("max") && s.codePointCount(0, s.length()) > shape.get("max").asLong();
  }

  /** Whether this service prints a value of this shape in a validation message. */
  private boolean shown(String shapeName) {
    return echoesValues && echoed(shapeName);
  }

  private boolean echoed(String shapeName) {
    return !shape(shapeName).path("sensitive").asBoolean(false)
        && !shapeName.equals("policyDocumentType") && !shapeName.equals("sessionPolicyDocumentType")
        && !shapeName.equals("unrestrictedSessionPolicyDocumentType") && !TAG_SHAPES.contains(shapeName)
        && !shapeName.equals("policyVersionIdType") && !UNECHOED_NUMBERS.contains(shapeName);
  }

  /**
   * The members of a structure in the order AWS checks them: the model's order, except where AWS's
   * recorded answers show another (2026: UpdateAccountPasswordPolicy checks minimumPasswordLength, then
   * passwordReusePrevention, then maxPasswordAge; CreateOpenIDConnectProvider clientIDList, thumbprintList,
   * url).
   */
  private static Iterator<Map.Entry<String, JsonNode>> checkOrder(String shapeName, JsonNode members) {
    List<String> first = CHECK_FIRST.getOrDefault(shapeName, List.of());
    if (first.isEmpty()) {
      return members.fields();
    }
    List<Map.Entry<String, JsonNode>> ordered = new ArrayList<>();
    for (String name : first) {
      if (members.has(name)) {
        ordered.add(Map.entry(name, members.get(name)));
      }
    }
    members.fields().forEachRemaining(m -> {
      if (!first.contains(m.getKey())) {
        ordered.add(m);
      }
    });
    return ordered.iterator();
  }

  private static final Map<String, List<String>> CHECK_FIRST = Map.of("UpdateAccountPasswordPolicyRequest",
      List.of("MinimumPasswordLength", "PasswordReusePrevention", "MaxPasswordAge"),
      "CreateOpenIDConnectProviderRequest", List.of("ClientIDList", "ThumbprintList", "Url"));

  /**
   * Shapes whose values AWS leaves out of validation messages: IAM's and STS's tag shapes, and the
   * password policy's numbers ("Value at 'minimumPasswordLength'": AWS's recorded answer, 2026).
   */
  private static final java.util.Set<String> TAG_SHAPES = java.util.Set.of("tagKeyType", "tagValueType",
      "tagKeyListType");

  private static final java.util.Set<String> UNECHOED_NUMBERS = java.util.Set.of("minimumPasswordLengthType",
      "passwordReusePreventionType", "maxPasswordAgeType");

  private boolean isScalar(String shapeName) {
    String t = shape(shapeName).path("type").asText();
    return !t.equals("structure") && !t.equals("list") && !t.equals("map");
  }

  /** The constraints a scalar breaks ("Member must …"); a role ARN's value is collected. */
  private List<String> scalar(JsonNode v, String shapeName, Set<String> roles, String roleShape) {
    JsonNode shape = shape(shapeName);
    List<String> failed = new ArrayList<>();
    String type = shape.path("type").asText();
    if (v.isTextual() && type.equals("string")) {
      String s = v.asText();
      if (shapeName.equals(roleShape)) {
        roles.add(s);
      }
      JsonNode pattern = shape.get("pattern");
      if (pattern != null && !BoundedRegex.matches(pattern(pattern.asText()), s)) {
        failed.add("Member must satisfy regular expression pattern: " + pattern.asText());
      }
      int length = s.codePointCount(0, s.length());
      if (shape.has("max") && length > shape.get("max").asLong()) {
        failed.add("Member must have length less than or equal to " + shape.get("max").asLong());
      }
      if (shape.has("min") && length < shape.get("min").asLong()) {
        failed.add("Member must have length greater than or equal to " + shape.get("min").asLong());
      }
      JsonNode values = shape.get("enum");
      if (values != null) {
        boolean found = false;
        List<String> names = new ArrayList<>();
        for (JsonNode e : values) {
          names.add(e.asText());
          found |= e.asText().equals(s);
        }
        if (!found) {
          failed.add("Member must satisfy enum value set: [" + String.join(", ", names) + "]");
        }
      }
    } else if (v.isNumber() && !type.equals("string")) {
      BigDecimal n = v.decimalValue();
      if (shape.has("max") && n.compareTo(shape.get("max").decimalValue()) > 0) {
        failed.add("Member must have value less than or equal to " + shape.get("max").asText());
      }
      if (shape.has("min") && n.compareTo(shape.get("min").decimalValue()) < 0) {
        failed.add("Member must have value greater than or equal to " + shape.get("min").asText());
      }
    }
    return failed;
  }

  /**
   * Every constraint of a scalar shape, in the order AWS prints them: what a list's or map's
   * element must satisfy, listed whole when an element fails ("Member must satisfy constraint: [Member
   * must have length less than or equal to 128, Member must have length greater than or equal to 3]").
   */
  private List<String> constraints(String shapeName) {
    if (shapeName.equals("tagKeyType")) {
      // AWS's recorded list for a tag key in UntagRole's TagKeys: its own order, and "not null"
      return List.of("Member must have length less than or equal to 128", "Member must have length greater than"
          + " or equal to 1", "Member must satisfy regular expression pattern: " + shape(shapeName).get("pattern")
          .asText(), "Member must not be null");
    }
    if (shapeName.equals("policyDocumentType")) {
      // AWS's recorded list for a policy in GetContextKeysForCustomPolicy's PolicyInputList (stackd,
      // query_collections.json, 2026-09-12): its own order, and the pattern it applies, which leaves
      // out U+007F to U+00A0 where the published model's does not
      return List.of("Member must have length less than or equal to " + shape(shapeName).get("max").asLong(),
          "Member must have length greater than or equal to " + shape(shapeName).get("min").asLong(),
          "Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]+");
    }
    JsonNode shape = shape(shapeName);
    boolean text = shape.path("type").asText().equals("string");
    List<String> all = new ArrayList<>();
    if (shape.has("pattern")) {
      all.add("Member must satisfy regular expression pattern: " + shape.get("pattern").asText());
    }
    if (shape.has("max")) {
      all.add(text ? "Member must have length less than or equal to " + shape.get("max").asLong()
          : "Member must have value less than or equal to " + shape.get("max").asText());
    }
    if (shape.has("min")) {
      all.add(text ? "Member must have length greater than or equal to " + shape.get("min").asLong()
          : "Member must have value greater than or equal to " + shape.get("min").asText());
    }
    if (shape.has("enum")) {
      List<String> names = new ArrayList<>();
      shape.get("enum").forEach(e -> names.add(e.asText()));
      all.add("Member must satisfy enum value set: [" + String.join(", ", names) + "]");
    }
    return all;
  }

  /** A list's or map's size against the shape's min/max. */
  private static void size(JsonNode v, int size, JsonNode shape, String path, List<Violation> errors,
      boolean echo) {
    String value = echo ? value(v) : "Value";
    if (shape.has("min") && size < shape.get("min").asLong()) {
      errors.add(new Violation(path, value + " at '" + path + "' failed to satisfy constraint: Member must have"
          + " length greater than or equal to " + shape.get("min").asLong()));
    }
    if (shape.has("max") && size > shape.get("max").asLong()) {
      errors.add(new Violation(path, value + " at '" + path + "' failed to satisfy constraint: Member must have"
          + " length less than or equal to " + shape.get("max").asLong()));
    }
  }

  /** The model's pattern as Java reads it (whole-value match, as AWS applies it). */
  private Pattern pattern(String regex) {
    return patterns.computeIfAbsent(regex, r -> {
      try {
        return Pattern.compile(r);
      } catch (PatternSyntaxException e) {
        throw new IllegalStateException("the model's pattern " + r + " is not a Java regular expression", e);
      }
    });
  }

  /**
   * "Value 'v'" as AWS prints a value in a validation message: scalars as they are, lists of
   * scalars as {@code [a, b]}; a structure, a map or a list of them is not printed ("Value at 'tags'
   * failed to satisfy constraint: Member must have length less than or equal to 50").
   */
  private static String value(JsonNode v) {
    if (v.isObject() || v.isArray() && v.size() > 0 && v.get(0).isContainerNode()) {
      return "Value";
    }
    if (v.isArray()) {
      List<String> items = new ArrayList<>();
      v.forEach(x -> items.add(x.isNull() ? "null" : x.asText()));
      return "Value '[" + String.join(", ", items) + "]'";
    }
    return "Value '" + v.asText() + "'";
  }

  private static String join(String path, String member) {
    return path.isEmpty() ? member : path + "." + member;
  }

  /** {@code s} with its first letter lower-case (AWS's member names in messages). */
  public static String lowerFirst(String s) {
    return s.isEmpty() ? s : s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
  }
}
