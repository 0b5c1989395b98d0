package dev.iamlocal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A marked C1-only JVM (as the launcher starts {@code simulate} on a file) hands a file larger than
 * 64 MiB to a JVM with both compilers and answers with its output and exit status; a smaller file,
 * or an unmarked JVM, runs in the JVM itself. {@code --stats} names the compilers that ran it.
 */
class OptimizingCompilerTest {

  private static final String SCENARIO = "[{\"identityPolicies\": [{\"Version\": \"2012-10-17\", \"Statement\":"
      + " {\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}}],"
      + " \"principal\": \"arn:aws:iam::111122223333:user/a\", \"action\": \"s3:GetObject\","
      + " \"resource\": \"arn:aws:s3:::b/k\", \"expect\": \"allowed\"}]";

  /** A valid scenario file just past the bound: one scenario and whitespace. */
  private static Path large(Path dir) throws IOException {
    Path large = dir.resolve("large.json");
    try (Writer w = Files.newBufferedWriter(large, StandardCharsets.UTF_8)) {
      w.write(SCENARIO);
      char[] spaces = new char[1 << 16];
      java.util.Arrays.fill(spaces, ' ');
      for (long n = SCENARIO.length(); n <= OptimizingCompiler.LARGE; n += spaces.length) {
        w.write(spaces); // whitespace after the array: a valid file past the bound
      }
    }
    return large;
  }

  @Test
  void aLargeFileInAMarkedC1OnlyJvmRunsWithBothCompilers(@TempDir Path dir) throws Exception {
    Path large = large(dir);
    Path small = Files.writeString(dir.resolve("small.json"), SCENARIO);

    String[] relaunched = simulate(List.of("-XX:TieredStopAtLevel=1", "-Diamlocal.jit=c1"), large);
    assertThat(relaunched[0]).as(relaunched[2]).isEqualTo("0");
    assertThat(relaunched[1]).contains("\"decision\":\"allowed\"");
    assertThat(relaunched[2]).contains("1 scenarios in").contains("compilers C1 and C2");

    assertThat(simulate(List.of("-Xint"), small)[2]).contains("no compiler (interpreted)");
    assertThat(simulate(List.of("-XX:-TieredCompilation"), small)[2]).contains("; compiler C2");
    String[] smallRun = simulate(List.of("-XX:TieredStopAtLevel=1", "-Diamlocal.jit=c1"), small);
    assertThat(smallRun[0]).isEqualTo("0");
    assertThat(smallRun[1]).isEqualTo(relaunched[1]);
    assertThat(smallRun[2]).contains("compiler C1").doesNotContain("C2");

    String[] unmarked = simulate(List.of("-XX:TieredStopAtLevel=1"), large);
    assertThat(unmarked[1]).isEqualTo(relaunched[1]);
    assertThat(unmarked[2]).as("no mark: the JVM runs the file itself").contains("compiler C1").doesNotContain("C2");
  }

  @Test
  void theSecondJvmGetsTheOptionsButTheC1OnlyFlagAndTheMark() {
    assertThat(OptimizingCompiler.command("/jdk/bin/java",
        List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Diamlocal.jit=c1", "-Xshare:auto", "-Dx=1"),
        "a.jar:b.jar", List.of("simulate", "--input", "f.json")))
        .containsExactly("/jdk/bin/java", "-XX:+UseSerialGC", "-Xshare:auto", "-Dx=1", "-cp", "a.jar:b.jar",
            "dev.iamlocal.cli.Main", "simulate", "--input", "f.json");
  }

  @Test
  void optionsOfJavaOptionsNeitherStartAJvmChainNorRepeat(@TempDir Path dir) throws Exception {
    // _JAVA_OPTIONS overrides the command line in every JVM that inherits it: with the mark in it,
    // each second JVM started another, without end
    String[] run = simulate(List.of("-XX:TieredStopAtLevel=1", "-Diamlocal.jit=c1"), large(dir),
        java.util.Map.of("_JAVA_OPTIONS", "-Diamlocal.jit=c1"));
    assertThat(run[0]).as(run[2]).isEqualTo("0");
    assertThat(run[1]).contains("\"decision\":\"allowed\"");
    assertThat(run[2]).contains("compilers C1 and C2");
    assertThat(run[2].split("Picked up _JAVA_OPTIONS", -1)).as("the JVM's notice once, as from one JVM").hasSize(2);
  }

  @Test
  void aJvmWithADebuggerAttachedRunsTheFileItself(@TempDir Path dir) throws Exception {
    // a second JVM would bind the debugger's port again (a fixed one: it fails and the run with it)
    String[] run = simulate(List.of("-XX:TieredStopAtLevel=1", "-Diamlocal.jit=c1",
        "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0"), large(dir), java.util.Map.of());
    assertThat(run[0]).as(run[2]).isEqualTo("0");
    assertThat(run[2]).contains("compiler C1").doesNotContain("C2");
  }

  @Test
  void endingTheFirstJvmEndsTheSecond(@TempDir Path dir) throws Exception {
    Process p = start(List.of("-XX:TieredStopAtLevel=1", "-Diamlocal.jit=c1"), large(dir), java.util.Map.of(), dir);
    List<ProcessHandle> second = List.of();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (second.isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
        second = p.toHandle().descendants().toList();
        Thread.sleep(5);
      }
      assertThat(second).as("the second JVM started").isNotEmpty();
      p.destroy(); // SIGTERM to the first alone, as kill or timeout sends it
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as("ended by the signal, not done before it").isEqualTo(143);
      assertThat(second).noneMatch(ProcessHandle::isAlive);
    } finally {
      second.forEach(ProcessHandle::destroyForcibly); // (an orphan when this test fails)
      p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  /**
   * Killed outright, the first JVM runs no hook: the second, its parent gone, ends by itself. Here it
   * would otherwise never end: its output goes to a pipe nobody reads, which fills.
   */
  @Test
  void killingTheFirstJvmOutrightEndsTheSecond(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("many.json");
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      String one = SCENARIO.substring(1, SCENARIO.length() - 1);
      w.write("[" + String.join(",", java.util.Collections.nCopies(500, one)) + "]");
      char[] spaces = new char[1 << 16];
      java.util.Arrays.fill(spaces, ' ');
      for (long n = 0; n <= OptimizingCompiler.LARGE; n += spaces.length) {
        w.write(spaces);
      }
    }
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-Diamlocal.jit=c1", "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "simulate", "--input", file.toString(), "--explain", "--no-validate");
    // standard output: a named pipe this test opens and never reads (a Process's own pipe would be
    // closed on this side once the first JVM is gone, and the second would end on its next write)
    Path fifo = dir.resolve("out.fifo");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "no mkfifo here");
    CompletableFuture<java.io.FileInputStream> reader = CompletableFuture.supplyAsync(() -> {
      try {
        return new java.io.FileInputStream(fifo.toFile()); // (opens once the writer does)
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(fifo.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    for (String v : new String[] {"JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", OptimizingCompiler.RELAUNCHED}) {
      pb.environment().remove(v);
    }
    Process p = pb.start();
    java.io.FileInputStream unread = reader.get(30, TimeUnit.SECONDS);
    List<ProcessHandle> second = List.of();
    try (unread) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (second.isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
        second = p.toHandle().descendants().toList();
        Thread.sleep(5);
      }
      assertThat(second).as("the second JVM started").isNotEmpty();
      Thread.sleep(1000); // (past the second JVM's start, where it begins to watch the first)
      p.destroyForcibly(); // SIGKILL: no shutdown hook runs
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      for (ProcessHandle h : second) {
        h.onExit().get(60, TimeUnit.SECONDS); // blocked on the full pipe, it ends only by itself
      }
      assertThat(second).noneMatch(ProcessHandle::isAlive);
    } finally {
      second.forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  @Test
  void aPathThroughDevOrProcIsNotOpenedByAnotherProcess(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("f.json"), SCENARIO);
    assertThat(OptimizingCompiler.openableByAnotherProcess(file)).isTrue();
    assertThat(OptimizingCompiler.openableByAnotherProcess(
        Files.createSymbolicLink(dir.resolve("link.json"), file))).isTrue();
    assertThat(OptimizingCompiler.openableByAnotherProcess(Path.of("/dev/fd/0"))).isFalse();
    assertThat(OptimizingCompiler.openableByAnotherProcess(Path.of("/dev/stdin"))).isFalse();
    assertThat(OptimizingCompiler.openableByAnotherProcess(Path.of("/proc/self/fd/0"))).isFalse();
    assertThat(OptimizingCompiler.openableByAnotherProcess(
        Files.createSymbolicLink(dir.resolve("fd.json"), Path.of("/dev/fd/0")))).isFalse();
    Path fds = Files.createSymbolicLink(dir.resolve("fds"), Path.of("/proc/self/fd"));
    assertThat(OptimizingCompiler.openableByAnotherProcess(fds.resolve("0"))).isFalse();
  }

  /** Exit status, standard output and standard error of {@code simulate --input F --output json --stats}. */
  private static String[] simulate(List<String> jvmOptions, Path input) throws Exception {
    return simulate(jvmOptions, input, java.util.Map.of());
  }

  /** The same with these environment variables. */
  private static String[] simulate(List<String> jvmOptions, Path input, java.util.Map<String, String> env)
      throws Exception {
    Path dir = Files.createTempDirectory(input.getParent(), "run");
    Process p = start(jvmOptions, input, env, dir);
    try {
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    } finally {
      p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    return new String[] {String.valueOf(p.exitValue()), Files.readString(dir.resolve("out")),
        Files.readString(dir.resolve("err"))};
  }

  /** Starts {@code simulate --input F --output json --stats} with its output in {@code dir}'s files out and err. */
  private static Process start(List<String> jvmOptions, Path input, java.util.Map<String, String> env, Path dir)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "simulate", "--input",
        input.toString(), "--output", "json", "--stats", "--no-validate"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    pb.environment().remove("JDK_JAVA_OPTIONS");
    pb.environment().remove("_JAVA_OPTIONS");
    pb.environment().remove(OptimizingCompiler.RELAUNCHED);
    pb.environment().putAll(env);
    return pb.start();
  }
}
