package dev.iamlocal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real {@code ./iamlocal} launcher end to end. Skipped unless the jar is already built and
 * newer than every source (so the test never starts a Maven build of its own).
 */
class LauncherTest {

  @Test
  void launcherRunsTheJarOnAScenarioFromStandardInput() throws Exception {
    Process p = new ProcessBuilder(launcher().toString(), "simulate", "--input", "-", "--expect", "allowed")
        .redirectErrorStream(false).start();
    String scenario = "{\"identityPolicies\": [" + Cli.seed("21-") + "], \"principal\": \"arn:aws:iam::111122223333:user/a\","
        + " \"action\": \"sagemaker:ListNotebookInstances\"}";
    p.getOutputStream().write(scenario.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(err).isZero();
    assertThat(out).contains("allowed").contains("1 scenario: 1 allowed");
    assertThat(err).doesNotContain("building");
  }

  /**
   * {@code serve} runs on ParallelGC unless the user names a collector, in any of the places the
   * JVM reads options from: with two collectors the JVM would not start. The launcher runs here on
   * a stand-in jar that prints the JVM's options, so this runs wherever the tests run.
   */
  @Test
  void serveRunsOnParallelGcUnlessTheUserNamesACollector(@TempDir Path root) throws Exception {
    Path repo = repositoryRoot();
    Path launcher = root.resolve("iamlocal");
    Files.copy(repo.resolve("iamlocal"), launcher);
    assumeTrue(launcher.toFile().setExecutable(true), "cannot make the launcher copy executable");
    Path jar = root.resolve("cli/target/iamlocal.jar");
    Files.createDirectories(jar.getParent());
    java.util.jar.Manifest manifest = new java.util.jar.Manifest();
    manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MAIN_CLASS, JvmArgsMain.class.getName());
    try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar), manifest);
        java.io.InputStream cls = JvmArgsMain.class.getResourceAsStream("JvmArgsMain.class")) {
      out.putNextEntry(new java.util.jar.JarEntry(JvmArgsMain.class.getName().replace('.', '/') + ".class"));
      cls.transferTo(out);
      out.closeEntry();
    }

    assertThat(jvmOptions(launcher, "IAMLOCAL_JAVA_OPTS", "")).contains("-XX:+UseParallelGC");
    assertThat(jvmOptions(launcher, "IAMLOCAL_JAVA_OPTS", "-XX:+UseCompressedOops -Xlog:gc*=off"))
        .as("options that name no collector keep ParallelGC").contains("-XX:+UseParallelGC");
    for (String var : new String[] {"IAMLOCAL_JAVA_OPTS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS"}) {
      assertThat(jvmOptions(launcher, var, "-XX:+UseSerialGC")).as(var).contains("-XX:+UseSerialGC")
          .doesNotContain("-XX:+UseParallelGC");
    }
  }

  /** The options the launcher started {@code serve}'s JVM with, {@code var} set to {@code value}. */
  private static String jvmOptions(Path launcher, String var, String value) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "serve", "--port", "0").redirectErrorStream(true);
    for (String v : new String[] {"IAMLOCAL_JAVA_OPTS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS"}) {
      pb.environment().remove(v);
    }
    pb.environment().put(var, value);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(var + "=" + value + ": " + out).isZero();
    assertThat(out).contains("args serve --port 0");
    return out;
  }

  private static Path repositoryRoot() {
    // Surefire runs in the module directory; the repository root is its parent.
    String rootProp = System.getProperty("iamlocal.repo.root");
    Path root = rootProp != null ? Path.of(rootProp) : Path.of("").toAbsolutePath().getParent();
    assumeTrue(root != null && Files.isRegularFile(root.resolve("iamlocal")), "launcher not found");
    return root;
  }

  /** The repository's launcher; the test is skipped unless its jar is built and newer than every source. */
  private static Path launcher() throws IOException {
    Path root = repositoryRoot();
    Path launcher = root.resolve("iamlocal");
    Path jar = root.resolve("cli/target/iamlocal.jar");
    assumeTrue(Files.isExecutable(launcher) && Files.isRegularFile(jar), "launcher or jar missing");
    // the same places the launcher watches: any of them newer than the jar makes it rebuild
    assumeTrue(upToDate(jar, root.resolve("core/src"), root.resolve("store/src"), root.resolve("server/src"),
        root.resolve("cli/src"), root.resolve("pom.xml"), root.resolve("core/pom.xml"), root.resolve("store/pom.xml"),
        root.resolve("server/pom.xml"), root.resolve("cli/pom.xml")), "jar older than the sources");
    return launcher;
  }

  private static boolean upToDate(Path jar, Path... dirs) throws IOException {
    long built = Files.getLastModifiedTime(jar).toMillis();
    for (Path d : dirs) {
      try (Stream<Path> s = Files.walk(d)) {
        if (s.filter(Files::isRegularFile).anyMatch(f -> modified(f) > built)) {
          return false;
        }
      }
    }
    return true;
  }

  private static long modified(Path f) {
    try {
      return Files.getLastModifiedTime(f).toMillis();
    } catch (IOException e) {
      return Long.MAX_VALUE;
    }
  }
}
