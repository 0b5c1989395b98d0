package dev.iamlocal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The real {@code ./iamlocal} launcher on the jar {@code mvn verify} has just packaged (Failsafe runs
 * this after {@code package}): the launcher finds it up to date, builds nothing and runs it.
 */
class LauncherIT {

  @Test
  void launcherRunsTheJarOnAScenarioFromStandardInput() throws Exception {
    Path root = repositoryRoot();
    Path launcher = root.resolve("iamlocal");
    Path jar = root.resolve("cli/target/iamlocal.jar");
    assertThat(Files.isExecutable(launcher)).as(launcher + " executable").isTrue();
    assertThat(jar).as("the packaged jar").isRegularFile();
    // a source newer than the jar would make the launcher run Maven inside this Maven build
    assertThat(newerThan(jar, root, "core/src/main", "store/src/main", "server/src/main", "cli/src/main", "pom.xml", "core/pom.xml",
        "store/pom.xml", "server/pom.xml", "cli/pom.xml")).as("sources changed after the jar was packaged").isEmpty();
    Process p = new ProcessBuilder(launcher.toString(), "simulate", "--input", "-", "--expect", "allowed")
        .redirectErrorStream(false).start();
    try {
      String scenario = "{\"identityPolicies\": [" + Cli.seed("21-") + "], \"principal\":"
          + " \"arn:aws:iam::111122223333:user/a\", \"action\": \"sagemaker:ListNotebookInstances\"}";
      p.getOutputStream().write(scenario.getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().close();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as(err).isZero();
      assertThat(out).contains("allowed").contains("1 scenario: 1 allowed");
      assertThat(err).as("the launcher found the jar up to date").doesNotContain("building");
    } finally {
      p.destroyForcibly();
    }
  }

  /** The repository root: Maven's multi-module directory, or the module's parent when Maven ran in {@code cli/}. */
  private static Path repositoryRoot() {
    String prop = System.getProperty("iamlocal.repo.root");
    Path root = prop != null ? Path.of(prop).toAbsolutePath() : Path.of("").toAbsolutePath();
    return Files.isRegularFile(root.resolve("iamlocal")) ? root : root.getParent();
  }

  private static java.util.List<Path> newerThan(Path jar, Path root, String... watched) throws IOException {
    long built = Files.getLastModifiedTime(jar).toMillis();
    java.util.List<Path> newer = new java.util.ArrayList<>();
    for (String w : watched) {
      try (Stream<Path> s = Files.walk(root.resolve(w))) {
        s.filter(Files::isRegularFile).filter(f -> f.toFile().lastModified() > built).forEach(newer::add);
      }
    }
    return newer;
  }
}
