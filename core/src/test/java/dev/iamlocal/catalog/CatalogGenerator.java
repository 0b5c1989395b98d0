package dev.iamlocal.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Turns the shared catalog data (schema {@code iam-service/1}, see its README) into the compact
 * resources bundled under {@code core/src/main/resources/dev/iamlocal/catalog/}.
 *
 * <p>Lives in the test sources so that the product never depends on the source data. Run from the
 * repository root:
 *
 * <pre>
 * mvn -q -pl core test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.iamlocal.catalog.CatalogGenerator \
 *     -Dexec.args="/work/shared/data core/src/main/resources/dev/iamlocal/catalog"
 * </pre>
 *
 * <p>Output is deterministic: {@code CatalogResourcesUpToDateTest} regenerates and compares.
 * Prose descriptions are dropped; every other fact is kept.
 */
public final class CatalogGenerator {

  static final String SERVICES_DIR = "services";
  static final String POLICIES_DIR = "managed-policies";
  static final String INDEX = "index.json";
  static final String GLOBAL_KEYS = "global-condition-keys.json";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Pattern ARN_SERVICE = Pattern.compile("(?:^|, )arn:[^:]*:([^:]*):");

  private final Path data;
  private final Path out;

  CatalogGenerator(Path data, Path out) {
    this.data = data;
    this.out = out;
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: CatalogGenerator <shared data dir> [output dir]");
      System.exit(2);
    }
    Path out =
        Path.of(args.length == 2 ? args[1] : "core/src/main/resources/dev/iamlocal/catalog");
    new CatalogGenerator(Path.of(args[0]), out).generate();
    System.out.println("catalog written to " + out.toAbsolutePath());
  }

  void generate() throws IOException {
    clean(out.resolve(SERVICES_DIR));
    clean(out.resolve(POLICIES_DIR));
    Files.createDirectories(out.resolve(SERVICES_DIR));
    Files.createDirectories(out.resolve(POLICIES_DIR));
    generateServices();
    generateGlobalKeys();
    generatePolicies();
  }

  private void generateServices() throws IOException {
    JsonNode index = read(data.resolve("service-index.json"));
    expectSchema(index, "iam-service-index/1");
    List<String> lines = new ArrayList<>();
    for (JsonNode entry : index.get("services")) {
      JsonNode svc = read(data.resolve(entry.get("file").asText()));
      expectSchema(svc, "iam-service/1");
      String prefix = svc.get("prefix").asText();
      String file = prefix + ".json.gz";
      Files.write(out.resolve(SERVICES_DIR).resolve(file), gzip(compactService(svc)));

      ObjectNode line = NODES.objectNode();
      line.put("prefix", prefix);
      line.put("name", svc.get("serviceName").asText());
      line.put("status", svc.get("status").asText());
      line.put("file", file);
      // Lets ARN lookups load only the services whose formats can match an ARN's service field.
      ArrayNode arnServices = line.putArray("arnServices");
      arnServicesOf(svc).forEach(arnServices::add);
      // Some services define keys under other prefixes (sts: saml:*, accounts.google.com:*).
      TreeSet<String> foreign = foreignKeyPrefixesOf(svc, prefix);
      if (!foreign.isEmpty()) {
        ArrayNode keyPrefixes = line.putArray("keyPrefixes");
        foreign.forEach(keyPrefixes::add);
      }
      lines.add(MAPPER.writeValueAsString(line));
    }
    writeLines(out.resolve(SERVICES_DIR).resolve(INDEX), "services", lines);
  }

  private static TreeSet<String> arnServicesOf(JsonNode svc) {
    TreeSet<String> services = new TreeSet<>();
    for (JsonNode rt : svc.get("resourceTypes")) {
      Matcher m = ARN_SERVICE.matcher(rt.get("arnFormat").asText());
      while (m.find()) {
        services.add(m.group(1));
      }
    }
    return services;
  }

  private static TreeSet<String> foreignKeyPrefixesOf(JsonNode svc, String prefix) {
    TreeSet<String> prefixes = new TreeSet<>();
    for (JsonNode ck : svc.get("conditionKeys")) {
      String name = ck.get("name").asText();
      String keyPrefix = name.substring(0, Math.max(0, name.indexOf(':')));
      if (!keyPrefix.equals(prefix) && !keyPrefix.equals("aws")) {
        prefixes.add(keyPrefix);
      }
    }
    return prefixes;
  }

  private static byte[] compactService(JsonNode svc) throws IOException {
    ObjectNode o = NODES.objectNode();
    o.put("prefix", svc.get("prefix").asText());
    o.put("name", svc.get("serviceName").asText());
    o.put("status", svc.get("status").asText());
    copyText(svc, "statusNote", o, "statusNote");

    ArrayNode rts = o.putArray("resourceTypes");
    for (JsonNode rt : svc.get("resourceTypes")) {
      ObjectNode r = rts.addObject();
      r.put("name", rt.get("name").asText());
      r.put("arn", rt.get("arnFormat").asText());
      copyNonEmpty(rt, "conditionKeys", r, "keys");
    }

    ArrayNode keys = o.putArray("conditionKeys");
    for (JsonNode ck : svc.get("conditionKeys")) {
      keys.add(compactKey(ck));
    }

    ArrayNode actions = o.putArray("actions");
    for (JsonNode a : svc.get("actions")) {
      ObjectNode c = actions.addObject();
      c.put("name", a.get("name").asText());
      c.put("access", a.get("accessLevel").asText());
      if (!a.get("resourceTypes").isEmpty()) {
        ArrayNode rows = c.putArray("resources");
        for (JsonNode row : a.get("resourceTypes")) {
          rows.add(compactRow(row));
        }
      }
      copyNonEmpty(a, "conditionKeys", c, "keys");
      copyNonEmpty(a, "dependentActions", c, "deps");
      if (!a.get("dependentActionsKnown").asBoolean()) {
        c.put("depsUnknown", true);
      }
      if (a.has("scenarios")) {
        ArrayNode scenarios = c.putArray("scenarios");
        for (JsonNode s : a.get("scenarios")) {
          ObjectNode sc = scenarios.addObject();
          sc.put("name", s.get("name").asText());
          ArrayNode rows = sc.putArray("resources");
          for (JsonNode row : s.get("resourceTypes")) {
            rows.add(compactRow(row));
          }
        }
      }
    }
    return MAPPER.writeValueAsBytes(o);
  }

  private static ObjectNode compactRow(JsonNode row) {
    ObjectNode r = NODES.objectNode();
    r.put("name", row.get("name").asText());
    if (row.path("required").asBoolean(false)) {
      r.put("required", true);
    }
    copyNonEmpty(row, "conditionKeys", r, "keys");
    copyNonEmpty(row, "dependentActions", r, "deps");
    return r;
  }

  private static ObjectNode compactKey(JsonNode ck) {
    ObjectNode k = NODES.objectNode();
    k.put("name", ck.get("name").asText());
    k.put("type", ck.get("type").asText());
    if (ck.path("deprecated").asBoolean(false)) {
      k.put("deprecated", true);
    }
    copyText(ck, "replacedBy", k, "replacedBy");
    copyText(ck, "regex", k, "regex");
    return k;
  }

  private void generateGlobalKeys() throws IOException {
    JsonNode globals = read(data.resolve("global-condition-keys.json"));
    expectSchema(globals, "iam-global-condition-keys/1");
    List<String> lines = new ArrayList<>();
    for (JsonNode g : globals.get("keys")) {
      ObjectNode k = compactKey(g);
      k.put("category", g.get("category").asText());
      lines.add(MAPPER.writeValueAsString(k));
    }
    writeLines(out.resolve(GLOBAL_KEYS), "keys", lines);
  }

  private void generatePolicies() throws IOException {
    JsonNode index = read(data.resolve("managed-policies-index.json"));
    expectSchema(index, "aws-managed-policy-index/1");
    List<String> lines = new ArrayList<>();
    for (JsonNode entry : index.get("policies")) {
      JsonNode p = read(data.resolve(entry.get("file").asText()));
      expectSchema(p, "aws-managed-policy/1");
      String name = p.get("policyName").asText();
      String file = name + ".json";
      StringBuilder doc = new StringBuilder();
      prettyPrint(p.get("document"), 0, doc);
      doc.append('\n');
      Files.writeString(out.resolve(POLICIES_DIR).resolve(file), doc, StandardCharsets.UTF_8);

      ObjectNode line = NODES.objectNode();
      line.put("name", name);
      line.put("arn", p.get("arn").asText());
      line.put("versionId", p.get("versionId").asText());
      line.put("createDate", p.get("createDate").asText());
      line.put("updateDate", p.get("updateDate").asText());
      line.put("file", file);
      lines.add(MAPPER.writeValueAsString(line));
    }
    writeLines(out.resolve(POLICIES_DIR).resolve(INDEX), "policies", lines);
  }

  /** The layout of {@code JSON.stringify(doc, null, 2)}, which is how the AWS console shows it. */
  static void prettyPrint(JsonNode node, int depth, StringBuilder sb) throws IOException {
    if (node.isObject()) {
      if (node.isEmpty()) {
        sb.append("{}");
        return;
      }
      sb.append("{\n");
      Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        indent(depth + 1, sb);
        sb.append(MAPPER.writeValueAsString(f.getKey())).append(": ");
        prettyPrint(f.getValue(), depth + 1, sb);
        sb.append(fields.hasNext() ? ",\n" : "\n");
      }
      indent(depth, sb);
      sb.append('}');
    } else if (node.isArray()) {
      if (node.isEmpty()) {
        sb.append("[]");
        return;
      }
      sb.append("[\n");
      for (int i = 0; i < node.size(); i++) {
        indent(depth + 1, sb);
        prettyPrint(node.get(i), depth + 1, sb);
        sb.append(i + 1 < node.size() ? ",\n" : "\n");
      }
      indent(depth, sb);
      sb.append(']');
    } else {
      sb.append(MAPPER.writeValueAsString(node));
    }
  }

  private static void indent(int depth, StringBuilder sb) {
    sb.append("  ".repeat(depth));
  }

  /** One entry per line, so that data updates give readable diffs. */
  private static void writeLines(Path file, String arrayName, List<String> lines)
      throws IOException {
    StringBuilder sb = new StringBuilder("{\"").append(arrayName).append("\": [\n");
    for (int i = 0; i < lines.size(); i++) {
      sb.append(lines.get(i)).append(i + 1 < lines.size() ? ",\n" : "\n");
    }
    sb.append("]}\n");
    Files.writeString(file, sb, StandardCharsets.UTF_8);
  }

  private static void copyText(JsonNode from, String field, ObjectNode to, String as) {
    JsonNode v = from.get(field);
    if (v != null && v.isTextual()) {
      to.put(as, v.asText());
    }
  }

  private static void copyNonEmpty(JsonNode from, String field, ObjectNode to, String as) {
    JsonNode v = from.get(field);
    if (v != null && v.isArray() && !v.isEmpty()) {
      to.set(as, v.deepCopy());
    }
  }

  static byte[] gzip(byte[] bytes) throws IOException {
    // GZIPOutputStream writes a zero mtime, so equal input gives equal bytes on one JDK.
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
      gz.write(bytes);
    }
    return buf.toByteArray();
  }

  private static JsonNode read(Path file) throws IOException {
    return MAPPER.readTree(file.toFile());
  }

  private static void expectSchema(JsonNode node, String schema) {
    if (!schema.equals(node.path("schema").asText())) {
      throw new IllegalStateException(
          "expected schema " + schema + ", found " + node.path("schema").asText());
    }
  }

  private static void clean(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> files = Files.list(dir)) {
      files.forEach(
          f -> {
            try {
              Files.delete(f);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
  }
}
