package dev.iamlocal.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.util.List;
import java.util.Map;
import dev.iamlocal.policy.Position;
import java.io.IOException;
import java.io.Writer;

/** JSON writing shared by the commands. */
final class Json {

  static final JsonFactory FACTORY = JsonFactory.builder().build();

  private Json() {}

  /** A generator that does not close the writer it writes to. */
  static JsonGenerator generator(Writer out) throws IOException {
    JsonGenerator g = FACTORY.createGenerator(out);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    g.setRootValueSeparator(null);
    return g;
  }

  /**
   * The layout of the AWS CLI's JSON output (Python's {@code json.dumps(indent=4)}): four spaces,
   * {@code "Key": value}, empty lists as {@code []}.
   */
  static DefaultPrettyPrinter awsCliPrinter() {
    DefaultIndenter four = new DefaultIndenter("    ", "\n");
    Separators seps = Separators.createDefaultInstance()
        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
        .withObjectEmptySeparator("")
        .withArrayEmptySeparator("");
    return new DefaultPrettyPrinter(seps).withObjectIndenter(four).withArrayIndenter(four);
  }

  /** Two-space pretty printing with {@code "key": value}. */
  static DefaultPrettyPrinter prettyPrinter() {
    DefaultIndenter two = new DefaultIndenter("  ", "\n");
    Separators seps = Separators.createDefaultInstance()
        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
        .withObjectEmptySeparator("")
        .withArrayEmptySeparator("");
    return new DefaultPrettyPrinter(seps).withObjectIndenter(two).withArrayIndenter(two);
  }

  static void position(JsonGenerator g, String field, Position p, String lineName, String columnName) throws IOException {
    g.writeObjectFieldStart(field);
    g.writeNumberField(lineName, p.line());
    g.writeNumberField(columnName, p.column());
    g.writeEndObject();
  }

  /**
   * Writes a tree of maps, lists, booleans, integers and strings (anything else as its text), the
   * shape every verb's JSON output is built in.
   */
  @SuppressWarnings("unchecked")
  static void write(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
        g.writeFieldName(e.getKey());
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof List<?> l) {
      g.writeStartArray();
      for (Object o : l) {
        write(g, o);
      }
      g.writeEndArray();
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Integer i) {
      g.writeNumber(i);
    } else {
      g.writeString(v.toString());
    }
  }}
