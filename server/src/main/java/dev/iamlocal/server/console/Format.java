package dev.iamlocal.server.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Policy documents for reading: indented JSON, or the text as stored when it is not valid JSON. */
final class Format {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Format() {}

  static String pretty(String text) {
    if (text == null) {
      return "";
    }
    try {
      JsonNode n = JSON.readTree(text);
      return n == null ? text : JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n);
    } catch (JsonProcessingException e) {
      return text;
    }
  }
}
