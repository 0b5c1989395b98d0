package dev.iamlocal.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The iam-simulate oracle as an external process ({@code node oracle.js --core --jsonl FILE}):
 * one process per batch, one output line per case, in input order.
 *
 * <p>{@code --core} calls iam-simulate's internal {@code authorize()} without its input
 * validation, so it compares pure evaluation logic, which is what our {@code Evaluator} does.
 */
final class Oracle {

  private final Path dir;

  Oracle(Path dir) {
    this.dir = dir;
  }

  /** The install directory: {@code -Diamlocal.oracle.dir}, default {@code /tmp/iam-oracle}. */
  static Oracle fromSystemProperties() {
    return new Oracle(Path.of(System.getProperty("iamlocal.oracle.dir", "/tmp/iam-oracle")));
  }

  /** Why the oracle cannot run here, or null when it can. */
  String unavailableReason() {
    if (!Files.isRegularFile(dir.resolve("oracle.js"))) {
      return "no oracle at " + dir + " (install: see bench/differential.sh)";
    }
    if (!Files.isDirectory(dir.resolve("node_modules/@cloud-copilot/iam-simulate"))) {
      return "oracle at " + dir + " has no node_modules (run npm ci there)";
    }
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return "node --version failed";
      }
    } catch (IOException e) {
      return "node is not installed (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
    return null;
  }

  /** The oracle's decisions in our spelling ({@code allowed}, …, or {@code error}), in order. */
  List<String> decide(List<ObjectNode> cases) {
    try {
      Path in = Files.createTempFile("iamlocal-diff-", ".jsonl");
      Path out = Files.createTempFile("iamlocal-diff-", ".out");
      Path err = Files.createTempFile("iamlocal-diff-", ".err");
      try {
        StringBuilder b = new StringBuilder();
        for (ObjectNode c : cases) {
          b.append(DiffCase.JSON.writeValueAsString(c)).append('\n');
        }
        Files.writeString(in, b, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder("node", dir.resolve("oracle.js").toString(), "--core", "--jsonl", in.toString())
            .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
          p.destroyForcibly();
          throw new IllegalStateException("oracle timed out");
        }
        if (p.exitValue() == 2) {
          throw new IllegalStateException("oracle failed: " + Files.readString(err));
        }
        List<String> decisions = new ArrayList<>(cases.size());
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
          if (line.isBlank()) {
            continue;
          }
          JsonNode r = DiffCase.JSON.readTree(line);
          decisions.add(DiffCase.fromOracle(r.path("decision").asText()));
        }
        if (decisions.size() != cases.size()) {
          throw new IllegalStateException("oracle answered " + decisions.size() + " of " + cases.size() + " cases: "
              + Files.readString(err));
        }
        return decisions;
      } finally {
        Files.deleteIfExists(in);
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
