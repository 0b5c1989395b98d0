package dev.iamlocal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The real {@code ./iamlocal} launcher on the jar {@code mvn verify} has just packaged (Failsafe runs
 * this after {@code package}): the launcher finds it up to date, builds nothing and runs it.
 */
class LauncherIT {

  @Test
  void launcherRunsTheJarOnAScenarioFromStandardInput() throws Exception {
    String rootProp = System.getProperty("iamlocal.repo.root");
    Path root = rootProp != null ? Path.of(rootProp) : Path.of("").toAbsolutePath().getParent();
    Path launcher = root.resolve("iamlocal");
    assertThat(Files.isExecutable(launcher)).as(launcher + " executable").isTrue();
    assertThat(root.resolve("cli/target/iamlocal.jar")).as("the packaged jar").isRegularFile();
    Process p = new ProcessBuilder(launcher.toString(), "simulate", "--input", "-", "--expect", "allowed")
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
    assertThat(err).as("the launcher found the jar up to date").doesNotContain("building");
  }
}
