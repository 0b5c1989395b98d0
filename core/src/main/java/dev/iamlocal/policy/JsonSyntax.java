package dev.iamlocal.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.CharConversionException;
import java.io.IOException;

/**
 * What is wrong with a text that is not JSON, in words for the person who wrote it. The JSON
 * library's own messages name its classes and settings ({@code StreamReadConstraints…}), its token
 * vocabulary and the source it read; none of that may reach a client, so every caller that answers
 * a parse failure describes it with {@link #describe} instead.
 */
public final class JsonSyntax {

  private JsonSyntax() {}

  /**
   * A one-line description of why {@code e} stopped the parser, with the line and column where it
   * stopped when known: {@code "the text ends before every bracket and brace is closed (line 1,
   * column 12)"}.
   */
  public static String describe(IOException e) {
    String what = reason(e);
    JsonLocation at = e instanceof JsonProcessingException p ? p.getLocation() : null;
    if (at == null || at.getLineNr() < 1) {
      return what;
    }
    return what + " (line " + at.getLineNr() + ", column " + Math.max(at.getColumnNr(), 1) + ")";
  }

  private static String reason(IOException e) {
    if (e instanceof StreamConstraintsException) {
      String m = String.valueOf(e.getMessage());
      if (m.contains("nesting depth")) {
        return "arrays and objects are nested more than 1000 levels deep";
      }
      if (m.contains("Number value length") || m.contains("Number")) {
        return "a number has more digits than any number type holds";
      }
      return "a string or name is longer than the parser accepts";
    }
    if (e instanceof JsonEOFException) {
      return "the text ends before every bracket, brace and string is closed";
    }
    if (e instanceof CharConversionException || String.valueOf(e.getMessage()).contains("UTF-8")
        || String.valueOf(e.getMessage()).contains("UTF8")) {
      return "the text is not valid UTF-8";
    }
    if (e instanceof JsonParseException) {
      return "unexpected text where JSON expects a value, a comma, a colon, a quote or a closing bracket";
    }
    return "the text is not valid JSON";
  }
}
