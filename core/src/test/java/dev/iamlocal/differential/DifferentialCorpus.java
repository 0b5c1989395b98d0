package dev.iamlocal.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The investigated disagreements, as regression cases: {@code corpus/differential/*.json} (our
 * engine is right per AWS, or decides an open question) and {@code corpus/differential-pending/*.json}
 * (our engine is wrong; run only on demand until the engine is fixed).
 *
 * <p>File format (unknown fields are rejected at every level):
 * <pre>
 * { "title": "...", "resolution": "oracle-wrong | engine-bug | open-question Qn ...", "source": "AWS doc URL",
 *   "cases": [ { ...a case in the oracle's input format...,
 *                "expected": "allowed|explicitDeny|implicitDeny",   // per AWS
 *                "why": "the AWS doc rule that decides it",
 *                "oracle": "what iam-simulate 0.1.173 --core answers" } ] }
 * </pre>
 */
final class DifferentialCorpus {

  private static final Set<String> FILE_FIELDS = Set.of("title", "resolution", "source", "cases");
  private static final Set<String> DECISIONS = Set.of("allowed", "explicitDeny", "implicitDeny");

  /** One corpus case with where it came from. */
  record Entry(String file, String resolution, ObjectNode json, String expected, String oracle) {
    String label() {
      return file + ": " + json.path("name").asText();
    }
  }

  private DifferentialCorpus() {}

  static List<Entry> load(String resourceDir) {
    URL url = DifferentialCorpus.class.getResource("/corpus/" + resourceDir);
    if (url == null) {
      throw new IllegalStateException("missing test resource directory corpus/" + resourceDir);
    }
    List<Entry> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        out.addAll(read(resourceDir + "/" + f.getFileName(), Files.readString(f)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  static List<Entry> read(String name, String text) throws IOException {
    JsonNode root = DiffCase.JSON.readTree(text);
    if (!(root instanceof ObjectNode o)) {
      throw new IllegalArgumentException(name + ": expected a JSON object");
    }
    DiffCase.checkFields(o, FILE_FIELDS, name);
    for (String f : List.of("title", "resolution", "source")) {
      require(o.path(f).isTextual() && !o.path(f).asText().isBlank(), name + ": \"" + f + "\" must be a non-empty string");
    }
    require(o.path("cases").isArray() && !o.path("cases").isEmpty(), name + ": \"cases\" must be a non-empty array");
    List<Entry> out = new ArrayList<>();
    for (JsonNode c : o.get("cases")) {
      require(c instanceof ObjectNode, name + ": every case must be an object");
      ObjectNode co = (ObjectNode) c;
      String label = name + ": " + co.path("name").asText("(unnamed)");
      require(co.path("name").isTextual(), label + ": \"name\" is required");
      require(DECISIONS.contains(co.path("expected").asText()), label + ": \"expected\" must be one of " + DECISIONS);
      require(DECISIONS.contains(co.path("oracle").asText()) || co.path("oracle").asText().equals("error"),
          label + ": \"oracle\" must be one of " + DECISIONS + " or error");
      require(co.path("why").isTextual() && co.path("why").asText().length() > 20, label + ": \"why\" must cite the AWS rule");
      out.add(new Entry(name, o.get("resolution").asText(), co, co.get("expected").asText(), co.get("oracle").asText()));
    }
    return out;
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
