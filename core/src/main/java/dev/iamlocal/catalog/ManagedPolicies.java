package dev.iamlocal.catalog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;

/**
 * All AWS managed policies (1,594, each at its default version: the bundled data set holds no older
 * versions), from {@code managed-policies-all.json.gz} (schema {@code aws-managed-policy-set/1}).
 *
 * <p>Nothing is read until a policy is first asked for, so that a server that never touches an AWS
 * managed policy starts as fast as before; then the file is read once, streaming, into an index of
 * names and dates with each document kept as compact JSON text (about 3.5 MB); a document is laid
 * out ({@link #layout}) on first use and kept. Thread-safe.
 */
public final class ManagedPolicies {

  /** The resource (under {@code /dev/iamlocal/catalog/}) holding the policies. */
  static final String RESOURCE = "managed-policies-all.json.gz";

  private static final String ARN_PREFIX = "arn:aws:iam::aws:policy/";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * What the index knows of a policy without laying out its document: enough for IAM's
   * {@code Policy} shape (ListPolicies, GetPolicy).
   *
   * @param name e.g. {@code AmazonSageMakerFullAccess}
   * @param arn e.g. {@code arn:aws:iam::aws:policy/AmazonSageMakerFullAccess}
   * @param path {@code /} or e.g. {@code /service-role/}
   * @param versionId the default version, e.g. {@code v29}
   * @param versionsCount how many versions AWS has published (only the default one is bundled)
   * @param createDate ISO-8601
   * @param updateDate ISO-8601, when the default version was made
   */
  public record Info(String name, String arn, String path, String versionId, int versionsCount,
      String createDate, String updateDate) {}

  private record Entry(Info info, String compactDocument) {}

  private final Supplier<Map<String, Entry>> index;
  private final Map<String, ManagedPolicy> laidOut = new ConcurrentHashMap<>();

  private ManagedPolicies(Supplier<Map<String, Entry>> index) {
    this.index = index;
  }

  private static final class Bundled {
    static final ManagedPolicies INSTANCE = new ManagedPolicies(memoize(ManagedPolicies::readIndex));
  }

  /** The bundled managed policies, shared by all callers. */
  public static ManagedPolicies bundled() {
    return Bundled.INSTANCE;
  }

  private static <T> Supplier<T> memoize(Supplier<T> s) {
    return new Supplier<>() {
      private volatile T value;

      @Override
      public T get() {
        T v = value;
        if (v == null) {
          synchronized (this) {
            if (value == null) {
              value = s.get();
            }
            v = value;
          }
        }
        return v;
      }
    };
  }

  /** Streams the resource into the index (lower-cased name → entry), in the file's (name) order. */
  private static Map<String, Entry> readIndex() {
    String resource = CatalogJson.ROOT + RESOURCE;
    try (InputStream raw = ManagedPolicies.class.getResourceAsStream(resource)) {
      if (raw == null) {
        throw new IOException("missing catalog resource " + resource);
      }
      Map<String, Entry> out = new LinkedHashMap<>(2400);
      JsonFactory f = MAPPER.getFactory();
      try (JsonParser p = f.createParser(new GZIPInputStream(raw, 1 << 16))) {
        expect(p.nextToken(), JsonToken.START_OBJECT);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          p.nextToken();
          if (field.equals("schema") && !p.getText().equals("aws-managed-policy-set/1")) {
            throw new IOException("unexpected schema " + p.getText());
          }
          if (!field.equals("policies")) {
            p.skipChildren();
            continue;
          }
          expect(p.currentToken(), JsonToken.START_ARRAY);
          while (p.nextToken() == JsonToken.START_OBJECT) {
            Entry e = readPolicy(p, f);
            out.put(LoadedService.lower(e.info().name()), e);
          }
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read catalog resource " + resource, e);
    }
  }

  private static Entry readPolicy(JsonParser p, JsonFactory f) throws IOException {
    Map<String, String> fields = new LinkedHashMap<>();
    String document = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      if (field.equals("document")) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = f.createGenerator(w)) {
          g.copyCurrentStructure(p);
        }
        document = w.toString();
      } else if (p.currentToken().isStructStart()) {
        p.skipChildren();
      } else {
        fields.put(field, p.getText());
      }
    }
    String name = fields.get("policyName");
    String arn = fields.get("arn");
    if (name == null || arn == null || document == null || !arn.equals(ARN_PREFIX + fields.get("path").substring(1) + name)) {
      throw new IOException("incomplete managed policy " + fields);
    }
    return new Entry(new Info(name, arn, fields.get("path"), fields.get("versionId"),
        Integer.parseInt(fields.getOrDefault("versionsCount", "1")), fields.get("createDate"),
        fields.get("updateDate")), document);
  }

  private static void expect(JsonToken actual, JsonToken expected) throws IOException {
    if (actual != expected) {
      throw new IOException("expected " + expected + ", found " + actual);
    }
  }

  /**
   * The entry with this ARN. The path may be omitted: {@code
   * arn:aws:iam::aws:policy/AWSQuickSightSageMakerPolicy} finds the policy whose ARN is {@code
   * arn:aws:iam::aws:policy/service-role/AWSQuickSightSageMakerPolicy}; a wrong path finds nothing.
   */
  private Optional<Entry> entry(String arn) {
    if (arn == null || !arn.startsWith(ARN_PREFIX)) {
      return Optional.empty();
    }
    String rest = arn.substring(ARN_PREFIX.length());
    int slash = rest.lastIndexOf('/');
    String name = rest.substring(slash + 1);
    Entry e = index.get().get(LoadedService.lower(name));
    if (e == null || !e.info().name().equals(name)) {
      return Optional.empty();
    }
    if (slash >= 0 && !e.info().arn().equals(arn)) {
      return Optional.empty();
    }
    return Optional.of(e);
  }

  /**
   * The policy with this ARN. The path may be omitted: {@code
   * arn:aws:iam::aws:policy/AWSQuickSightSageMakerPolicy} finds the policy whose ARN is {@code
   * arn:aws:iam::aws:policy/service-role/AWSQuickSightSageMakerPolicy}; a wrong path finds nothing.
   */
  public Optional<ManagedPolicy> byArn(String arn) {
    return entry(arn).map(this::policy);
  }

  /** The index entry of the policy with exactly this ARN (path included), without its document. */
  public Optional<Info> infoByExactArn(String arn) {
    return entry(arn).map(Entry::info).filter(i -> i.arn().equals(arn));
  }

  /** The policy with this name (case-insensitive, as IAM names are unique regardless of case). */
  public Optional<ManagedPolicy> byName(String name) {
    return Optional.ofNullable(index.get().get(LoadedService.lower(name))).map(this::policy);
  }

  /** Every policy's index entry, in name order (code points), without laying out documents. */
  public List<Info> list() {
    List<Info> out = new ArrayList<>(index.get().size());
    index.get().values().forEach(e -> out.add(e.info()));
    return out;
  }

  /** All policies with their documents, in name order (lays out every document once). */
  public List<ManagedPolicy> all() {
    List<ManagedPolicy> out = new ArrayList<>(index.get().size());
    index.get().values().forEach(e -> out.add(policy(e)));
    return List.copyOf(out);
  }

  private ManagedPolicy policy(Entry e) {
    Info i = e.info();
    return laidOut.computeIfAbsent(i.name(), n -> new ManagedPolicy(i.name(), i.arn(), i.path(), i.versionId(),
        i.createDate(), i.updateDate(), layout(e.compactDocument())));
  }

  /**
   * A document laid out as {@code JSON.stringify(doc, null, 2)} does (two-space indent, {@code ": "}
   * after names, {@code []} and {@code {}} when empty), the layout the AWS console shows and the one
   * statement positions reported in it refer to.
   */
  static String layout(String compactJson) {
    try {
      StringBuilder sb = new StringBuilder(compactJson.length() * 2);
      layout(MAPPER.readTree(compactJson), 0, sb);
      return sb.append('\n').toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@link #layout(String)} of one node at {@code depth}. */
  static void layout(JsonNode node, int depth, StringBuilder sb) throws IOException {
    if (node.isObject() || node.isArray()) {
      if (node.isEmpty()) {
        sb.append(node.isObject() ? "{}" : "[]");
        return;
      }
      sb.append(node.isObject() ? "{\n" : "[\n");
      if (node.isObject()) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> f = fields.next();
          sb.append("  ".repeat(depth + 1)).append(MAPPER.writeValueAsString(f.getKey())).append(": ");
          layout(f.getValue(), depth + 1, sb);
          sb.append(fields.hasNext() ? ",\n" : "\n");
        }
      } else {
        for (int i = 0; i < node.size(); i++) {
          sb.append("  ".repeat(depth + 1));
          layout(node.get(i), depth + 1, sb);
          sb.append(i + 1 < node.size() ? ",\n" : "\n");
        }
      }
      sb.append("  ".repeat(depth)).append(node.isObject() ? '}' : ']');
    } else {
      sb.append(MAPPER.writeValueAsString(node));
    }
  }
}
