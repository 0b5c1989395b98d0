package dev.iamlocal.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamlocal.policy.Position;
import dev.iamlocal.validation.Finding;
import dev.iamlocal.validation.Severity;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How {@code validate} prints findings: compiler-style text, Access Analyzer JSON, or SARIF 2.1.0. */
enum FindingsFormat {
  TEXT {
    @Override
    void write(List<FileFindings> results, PrintWriter out) {
      for (FileFindings r : results) {
        for (Finding f : r.findings()) {
          Position at = f.span().start();
          out.println(r.file() + ":" + Math.max(at.line(), 1) + ":" + Math.max(at.column(), 1) + ": "
              + f.severity().cliName() + " " + f.issueCode() + ": " + Columns.printable(f.message()));
          if (!f.hint().isEmpty()) {
            out.println("  hint: " + Columns.printable(f.hint()));
          }
        }
      }
    }
  },
  /**
   * One object per file; each finding in the shape of Access Analyzer's ValidatePolicy response:
   * {@code findingType}, {@code issueCode}, {@code findingDetails}, {@code learnMoreLink},
   * {@code locations[].path} and {@code locations[].span}. As in Access Analyzer, {@code line}
   * counts from 1 and {@code column} and {@code offset} from 0. {@code hint} is iamlocal's own.
   */
  JSON {
    @Override
    void write(List<FileFindings> results, PrintWriter out) {
      ArrayNode files = NODES.arrayNode();
      for (FileFindings r : results) {
        ObjectNode file = files.addObject();
        file.put("file", r.file());
        ArrayNode findings = file.putArray("findings");
        for (Finding f : r.findings()) {
          ObjectNode o = findings.addObject();
          o.put("findingType", f.severity().json());
          o.put("issueCode", f.issueCode());
          o.put("findingDetails", f.message());
          o.put("hint", f.hint());
          o.put("learnMoreLink", f.learnMoreLink());
          ObjectNode loc = o.putArray("locations").addObject();
          ArrayNode path = loc.putArray("path");
          for (Object e : f.path().elements()) {
            if (e instanceof Integer i) {
              path.addObject().put("index", i);
            } else {
              path.addObject().put("key", (String) e);
            }
          }
          ObjectNode span = loc.putObject("span");
          position(span.putObject("start"), f.span().start());
          position(span.putObject("end"), f.span().end());
        }
      }
      out.println(json(files));
    }

    private void position(ObjectNode o, Position p) {
      o.put("line", Math.max(p.line(), 1));
      o.put("column", Math.max(p.column() - 1, 0));
      o.put("offset", Math.max(p.offset(), 0));
    }
  },
  /** SARIF 2.1.0 as GitHub code scanning reads it: one rule per issue code, 1-based regions. */
  SARIF {
    @Override
    void write(List<FileFindings> results, PrintWriter out) {
      ObjectNode root = NODES.objectNode();
      root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
      root.put("version", "2.1.0");
      ObjectNode run = root.putArray("runs").addObject();
      ObjectNode driver = run.putObject("tool").putObject("driver");
      driver.put("name", "iamlocal");
      driver.put("informationUri", "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html");
      String version = FindingsFormat.class.getPackage().getImplementationVersion();
      driver.put("semanticVersion", version == null ? "0.0.0-dev" : version);
      ArrayNode rules = driver.putArray("rules");
      Map<String, Integer> ruleIndex = new LinkedHashMap<>();
      ArrayNode res = run.putArray("results");
      for (FileFindings r : results) {
        for (Finding f : r.findings()) {
          Integer index = ruleIndex.get(f.issueCode());
          if (index == null) {
            index = ruleIndex.size();
            ruleIndex.put(f.issueCode(), index);
            ObjectNode rule = rules.addObject();
            rule.put("id", f.issueCode());
            rule.put("name", camel(f.issueCode()));
            rule.putObject("shortDescription").put("text", f.issueCode().replace('_', ' ').toLowerCase());
            rule.put("helpUri", f.learnMoreLink());
            rule.putObject("defaultConfiguration").put("level", level(f.severity()));
            if (f.severity() == Severity.SECURITY_WARNING) {
              rule.putObject("properties").putArray("tags").add("security");
            }
          }
          ObjectNode o = res.addObject();
          o.put("ruleId", f.issueCode());
          o.put("ruleIndex", index);
          o.put("level", level(f.severity()));
          o.putObject("message").put("text", f.message() + (f.hint().isEmpty() ? "" : " " + f.hint()));
          ObjectNode phys = o.putArray("locations").addObject().putObject("physicalLocation");
          phys.putObject("artifactLocation").put("uri", uri(r.file()));
          ObjectNode region = phys.putObject("region");
          Position s = f.span().start();
          Position e = f.span().end();
          region.put("startLine", Math.max(s.line(), 1));
          region.put("startColumn", Math.max(s.column(), 1));
          region.put("endLine", Math.max(e.line(), Math.max(s.line(), 1)));
          region.put("endColumn", Math.max(e.column(), Math.max(s.column(), 1)));
        }
      }
      out.println(json(root));
    }

    private String level(Severity s) {
      return switch (s) {
        case ERROR -> "error";
        case SECURITY_WARNING, WARNING -> "warning";
        case SUGGESTION -> "note";
      };
    }

    private String camel(String code) {
      StringBuilder b = new StringBuilder();
      for (String part : code.toLowerCase().split("_")) {
        if (!part.isEmpty()) {
          b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
      }
      return b.toString();
    }

    /** A relative URI with forward slashes, as code scanning matches it against the repository. */
    private String uri(String file) {
      if (file.equals("-")) {
        return "stdin";
      }
      String u = file.replace('\\', '/');
      return u.startsWith("./") ? u.substring(2) : u;
    }
  };

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** Built on first use only: creating a mapper costs about 0.1 s of start-up that text output never needs. */
  private static final class Mapper {
    static final ObjectMapper INSTANCE = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  }

  /** The findings of one input. */
  record FileFindings(String file, String text, List<Finding> findings) {}

  abstract void write(List<FileFindings> results, PrintWriter out);

  static String json(Object node) {
    try {
      return Mapper.INSTANCE.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static FindingsFormat named(String name) {
    for (FindingsFormat f : values()) {
      if (f.name().equalsIgnoreCase(name)) {
        return f;
      }
    }
    return null;
  }
}
