package dev.iamlocal.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the generated JSON resources under {@code /dev/iamlocal/catalog/} (the managed policies). */
final class CatalogJson {

  static final String ROOT = "/dev/iamlocal/catalog/";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private CatalogJson() {}

  static JsonNode read(String resource) {
    try (InputStream in = open(resource)) {
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read catalog resource " + resource, e);
    }
  }

  static String readText(String resource) {
    try (InputStream in = open(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read catalog resource " + resource, e);
    }
  }

  private static InputStream open(String resource) throws IOException {
    InputStream in = CatalogJson.class.getResourceAsStream(ROOT + resource);
    if (in == null) {
      throw new IOException("missing catalog resource " + ROOT + resource);
    }
    return in;
  }
}
