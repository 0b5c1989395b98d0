package dev.iamlocal.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.base.ParserBase;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A JSON tree that remembers where every value and key stands, and reports duplicate keys instead
 * of silently keeping the last one as generic JSON libraries do (spec §1.1, §14 Q1).
 *
 * <p>Used by the policy parser and by the validator, which checks shapes the policy model no
 * longer shows (empty objects, key spellings).
 */
public final class JsonTree {

  // Locations carry line, column and offset; the source itself is not needed in them (messages
  // use the parser's original message), and leaving it out makes every location cheaper.
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
      .build();

  private JsonTree() {}

  /** A JSON value with its span and path. */
  public sealed interface Node permits ObjectNode, ArrayNode, ScalarNode {
    Span span();

    JsonPath path();

    /** How the value reads in an error message: {@code an object}, {@code a string}, … */
    String kind();
  }

  /** An object member: its key (with the key's own span) and its value. */
  public record Member(String key, Span keySpan, Node value) {}

  /** A JSON object, members in document order (duplicates included, reported separately). */
  public record ObjectNode(List<Member> members, Span span, JsonPath path) implements Node {
    @Override
    public String kind() {
      return "an object";
    }

    /** The last member named exactly {@code key}, or null. */
    public Member member(String key) {
      Member found = null;
      for (Member m : members) {
        if (m.key().equals(key)) {
          found = m;
        }
      }
      return found;
    }
  }

  /** A JSON array. */
  public record ArrayNode(List<Node> items, Span span, JsonPath path) implements Node {
    @Override
    public String kind() {
      return "an array";
    }
  }

  /** A string, number, boolean or null; {@code text} is the string value or the literal token text. */
  public record ScalarNode(Type type, String text, Span span, JsonPath path) implements Node {
    /** Scalar kinds. */
    public enum Type { STRING, NUMBER, BOOLEAN, NULL }

    @Override
    public String kind() {
      return switch (type) {
        case STRING -> "a string";
        case NUMBER -> "a number";
        case BOOLEAN -> "a boolean";
        case NULL -> "null";
      };
    }
  }

  /** The tree, or the syntax problem that stopped parsing, plus any duplicate keys found. */
  public record Result(Node root, List<ParseProblem> problems) {}

  /** Parses {@code text}. Never throws: syntax errors come back as problems with a position. */
  public static Result parse(String text) {
    List<ParseProblem> problems = new ArrayList<>();
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        problems.add(new ParseProblem("JSON_SYNTAX_ERROR", "The policy document is empty.",
            "A policy is a JSON object such as {\"Version\": \"2012-10-17\", \"Statement\": [...]}.",
            JsonPath.ROOT, new Span(new Position(1, 1, 0), new Position(1, 1, 0))));
        return new Result(null, problems);
      }
      Node root = read(p, JsonPath.ROOT, problems);
      JsonToken extra = p.nextToken();
      if (extra != null) {
        Position at = position(p.currentTokenLocation());
        problems.add(new ParseProblem("JSON_SYNTAX_ERROR",
            "Unexpected content after the end of the policy document.",
            "Remove everything after the closing brace of the document.",
            JsonPath.ROOT, new Span(at, at)));
      }
      return new Result(root, problems);
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      Position at = loc == null ? new Position(1, 1, 0) : position(loc);
      problems.add(new ParseProblem("JSON_SYNTAX_ERROR", syntaxError(at),
          "Check the brackets, braces, commas and quotes around this position: " + JsonSyntax.describe(e) + ".",
          JsonPath.ROOT, new Span(at, at)));
      return new Result(null, problems);
    } catch (IOException e) {
      // Reading from a String cannot fail with a real I/O error; report it as a syntax problem.
      problems.add(new ParseProblem("JSON_SYNTAX_ERROR", syntaxError(new Position(1, 1, 0)),
          JsonSyntax.describe(e) + ".", JsonPath.ROOT, Span.UNKNOWN));
      return new Result(null, problems);
    }
  }

  /**
   * IAM Access Analyzer's finding text for a JSON syntax error ("Fix the JSON syntax error at index
   * {{index}} line {{line}} column {{column}}.", its policy check reference): index and column count
   * from 0 ("at index 0 line 1 column 0"), the line from 1. The parser library's own message names
   * its classes and settings, so it never becomes the message.
   */
  private static String syntaxError(Position at) {
    return "Fix the JSON syntax error at index " + Math.max(at.offset(), 0) + " line " + Math.max(at.line(), 1)
        + " column " + Math.max(at.column() - 1, 0) + ".";
  }

  private static Node read(JsonParser p, JsonPath path, List<ParseProblem> problems) throws IOException {
    JsonToken t = p.currentToken();
    Position start = tokenStart(p);
    switch (t) {
      case START_OBJECT: {
        List<Member> members = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          Position ks = tokenStart(p);
          Position ke = new Position(ks.line(), ks.column() + key.length() + 2, ks.offset() + key.length() + 2);
          Span keySpan = new Span(ks, ke);
          if (hasKey(members, key)) {
            problems.add(new ParseProblem("DUPLICATE_KEY",
                "The key \"" + key + "\" appears more than once in this object.",
                "IAM rejects duplicate keys; merge the two entries into one.",
                path.key(key), keySpan));
          }
          p.nextToken();
          members.add(new Member(key, keySpan, read(p, path.key(key), problems)));
        }
        Position end = afterToken(p.currentTokenLocation());
        // the lists never leave this method but inside a node: a read-only view, no copy
        return new ObjectNode(Collections.unmodifiableList(members), new Span(start, end), path);
      }
      case START_ARRAY: {
        List<Node> items = new ArrayList<>();
        int i = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(read(p, path.index(i++), problems));
        }
        Position end = afterToken(p.currentTokenLocation());
        return new ArrayNode(Collections.unmodifiableList(items), new Span(start, end), path);
      }
      case VALUE_STRING:
        return new ScalarNode(ScalarNode.Type.STRING, p.getText(), new Span(start, position(p.currentLocation())), path);
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return new ScalarNode(ScalarNode.Type.NUMBER, p.getText(), new Span(start, position(p.currentLocation())), path);
      case VALUE_TRUE:
      case VALUE_FALSE:
        return new ScalarNode(ScalarNode.Type.BOOLEAN, p.getText(), new Span(start, position(p.currentLocation())), path);
      case VALUE_NULL:
        return new ScalarNode(ScalarNode.Type.NULL, "null", new Span(start, position(p.currentLocation())), path);
      default:
        throw new IllegalStateException("unexpected token " + t);
    }
  }

  /**
   * Where the current token starts. Jackson's {@code currentTokenLocation()} allocates a location
   * object (with a content reference) per call, for every token of every policy parsed; the
   * parsers of the factory above expose the same numbers directly (a column and an offset one
   * past the location's, which {@code JsonTreeTest} pins), except for field names, whose start
   * only the location knows.
   */
  private static boolean hasKey(List<Member> members, String key) {
    for (Member m : members) {
      if (m.key().equals(key)) {
        return true;
      }
    }
    return false;
  }

  private static Position tokenStart(JsonParser p) {
    if (p instanceof ParserBase b && p.currentToken() != JsonToken.FIELD_NAME) {
      return new Position(b.getTokenLineNr(), b.getTokenColumnNr() - 1, b.getTokenCharacterOffset() - 1);
    }
    return position(p.currentTokenLocation());
  }

  private static Position position(JsonLocation loc) {
    return new Position(loc.getLineNr(), loc.getColumnNr(), loc.getCharOffset());
  }

  private static Position afterToken(JsonLocation loc) {
    return new Position(loc.getLineNr(), loc.getColumnNr() + 1, loc.getCharOffset() + 1);
  }
}
