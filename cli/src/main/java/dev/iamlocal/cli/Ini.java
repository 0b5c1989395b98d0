package dev.iamlocal.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The one INI reading the CLI needs: the {@code key = value} pairs of one section of an AWS credentials file. */
final class Ini {

  private Ini() {}

  /** The pairs of {@code [name]} (keys lower-cased, values trimmed); empty when there is no such section. */
  static Map<String, String> section(String text, String name) {
    Map<String, String> out = new LinkedHashMap<>();
    boolean in = false;
    for (String line : text.split("\\R")) {
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#") || t.startsWith(";")) {
        continue;
      }
      if (t.startsWith("[") && t.endsWith("]")) {
        in = t.substring(1, t.length() - 1).strip().equals(name);
        continue;
      }
      int eq = t.indexOf('=');
      if (in && eq > 0) {
        out.putIfAbsent(t.substring(0, eq).strip().toLowerCase(Locale.ROOT), t.substring(eq + 1).strip());
      }
    }
    return out;
  }
}
