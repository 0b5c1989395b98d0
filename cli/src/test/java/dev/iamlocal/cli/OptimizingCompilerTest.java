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

  @Test
  void aLargeFileInAMarkedC1OnlyJvmRunsWithBothCompilers(@TempDir Path dir) throws Exception {
    Path large = dir.resolve("large.json");
    try (Writer w = Files.newBufferedWriter(large, StandardCharsets.UTF_8)) {
      w.write(SCENARIO);
      char[] spaces = new char[1 << 16];
      java.util.Arrays.fill(spaces, ' ');
      for (long n = SCENARIO.length(); n <= OptimizingCompiler.LARGE; n += spaces.length) {
        w.write(spaces); // whitespace after the array: a valid file past the bound
      }
    }
    Path small = Files.writeString(dir.resolve("small.json"), SCENARIO);

    String[] relaunched = simulate(List.of("-XX:TieredStopAtLevel=1", "-Diamlocal.jit=c1"), large);
    assertThat(relaunched[0]).as(relaunched[2]).isEqualTo("0");
    assertThat(relaunched[1]).contains("\"decision\":\"allowed\"");
    assertThat(relaunched[2]).contains("1 scenarios in").contains("compilers C1 and C2");

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

  /** Exit status, standard output and standard error of {@code simulate --input F --output json --stats}. */
  private static String[] simulate(List<String> jvmOptions, Path input) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "simulate", "--input",
        input.toString(), "--output", "json", "--stats", "--no-validate"));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    pb.environment().remove("JDK_JAVA_OPTIONS");
    Process p = pb.start();
    p.getOutputStream().close();
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
      try {
        return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new String[] {String.valueOf(p.exitValue()), out, err.join()};
  }
}
