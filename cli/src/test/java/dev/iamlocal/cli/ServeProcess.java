package dev.iamlocal.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code iamlocal serve} as a separate JVM process (the test's own classpath, main
 * {@link Main}), on a free port; the endpoint is read from what the command prints.
 */
final class ServeProcess implements AutoCloseable {

  private static final Pattern ENDPOINT = Pattern.compile("iamlocal serving .* at (http://\\S+)");

  private final Process process;
  private final String endpoint;
  private final List<String> output;

  private ServeProcess(Process process, String endpoint, List<String> output) {
    this.process = process;
    this.endpoint = endpoint;
    this.output = output;
  }

  /** Starts {@code iamlocal serve --data-dir dataDir --port 0 extraArgs…} and waits until it listens. */
  static ServeProcess start(Path dataDir, Map<String, String> env, String... extraArgs) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve",
        "--data-dir", dataDir.toString(), "--port", "0"));
    cmd.addAll(List.of(extraArgs));
    Files.createDirectories(dataDir.getParent());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<String> endpoint = new CompletableFuture<>();
    Thread drain = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          output.add(line);
          Matcher m = ENDPOINT.matcher(line);
          if (m.find()) {
            endpoint.complete(m.group(1));
          }
        }
      } catch (IOException e) {
        // the process died; the waiting side reports it with the output collected so far
      }
      endpoint.complete(null);
    }, "serve-output");
    drain.setDaemon(true);
    drain.start();
    String url;
    try {
      url = endpoint.get(90, TimeUnit.SECONDS);
    } catch (Exception e) {
      url = null;
    }
    if (url == null) {
      p.destroyForcibly();
      throw new IllegalStateException("iamlocal serve did not start; output:\n" + String.join("\n", output));
    }
    return new ServeProcess(p, url, output);
  }

  String endpoint() {
    return endpoint;
  }

  List<String> output() {
    return List.copyOf(output);
  }

  /** SIGKILL (on Linux {@link Process#destroyForcibly()} sends signal 9): no shutdown hook runs. Returns the exit code. */
  int kill9() throws InterruptedException {
    process.destroyForcibly();
    return process.waitFor();
  }

  /** SIGTERM: the shutdown hook stops the server and closes the store. */
  @Override
  public void close() {
    try {
      if (process.isAlive()) {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
