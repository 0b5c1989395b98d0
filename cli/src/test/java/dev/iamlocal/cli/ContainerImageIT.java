package dev.iamlocal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * The container image ({@code mvn -B -Pimage -pl cli -am package}, Jib's {@code jib-image.tar})
 * run for real with podman: loaded, started on a data volume, its root credentials read from the
 * volume, and the IAM API answering the AWS SDK. Runs where podman and the image tarball exist
 * ({@code .ci/run} installs podman and builds the image first); skipped elsewhere.
 */
class ContainerImageIT {

  @TempDir
  Path data;

  private String container;

  @AfterEach
  void remove() throws Exception {
    if (container != null) {
      run(List.of("podman", "rm", "-f", container), Duration.ofSeconds(60));
    }
  }

  @Test
  void theImageServesIamOnAVolumeAndItsCredentialsWork() throws Exception {
    Path tar = repositoryRoot().resolve("cli/target/jib-image.tar");
    assumeTrue(Files.isRegularFile(tar), "no image built (mvn -B -Pimage -pl cli -am package)");
    assumeTrue(run(List.of("podman", "--version"), Duration.ofSeconds(30)).code == 0, "podman is not installed");

    Run load = run(List.of("podman", "load", "-i", tar.toString()), Duration.ofMinutes(3));
    assertThat(load.code).as(load.out).isZero();
    Matcher loaded = Pattern.compile("Loaded image(?:\\(s\\))?: (\\S+)").matcher(load.out);
    assertThat(loaded.find()).as(load.out).isTrue();
    String image = loaded.group(1);

    // The image's own command (serve on 0.0.0.0, data in /data) with another port: the test shares
    // the host's network, where 4566 may be taken.
    Run version = run(List.of("podman", "run", "--rm", image, "--version"), Duration.ofMinutes(2));
    assertThat(version.out.strip()).as(version.out).matches("iamlocal \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    int port = freePort();
    Run start = run(List.of("podman", "run", "-d", "--network=host", "-v", data + ":/data", image, "serve",
        "--host", "127.0.0.1", "--port", Integer.toString(port), "--data-dir", "/data"), Duration.ofMinutes(2));
    assertThat(start.code).as(start.out).isZero();
    container = start.out.strip().lines().reduce((a, b) -> b).orElseThrow();

    Path credentials = data.resolve("credentials");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    String logs = "";
    while (System.nanoTime() < deadline && !logs.contains("iamlocal serving")) {
      Thread.sleep(500);
      logs = run(List.of("podman", "logs", container), Duration.ofSeconds(30)).out;
    }
    assertThat(logs).contains("iamlocal serving IAM, STS and SageMaker at http://127.0.0.1:" + port);
    String ini = Files.readString(credentials, StandardCharsets.UTF_8);
    String key = value(ini, "aws_access_key_id");
    String secret = value(ini, "aws_secret_access_key");
    assertThat(logs).contains(key);

    try (IamClient iam = IamClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret))).build()) {
      iam.createUser(b -> b.userName("in-a-container"));
      assertThat(iam.listUsers().users()).extracting(u -> u.userName()).containsExactly("in-a-container");
    }
    // the database is in the volume: it outlives the container
    assertThat(data.resolve("iamlocal.db")).isRegularFile();
  }

  private static String value(String ini, String name) {
    Matcher m = Pattern.compile("(?m)^\\s*" + name + "\\s*=\\s*(\\S+)").matcher(ini);
    assertThat(m.find()).as(name + " in\n" + ini).isTrue();
    return m.group(1);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private record Run(int code, String out) {}

  private static Run run(List<String> command, Duration timeout) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return new Run(127, e.getMessage());
    }
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Run(-1, new String(out, StandardCharsets.UTF_8));
    }
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  private static Path repositoryRoot() {
    String rootProp = System.getProperty("iamlocal.repo.root");
    return rootProp != null ? Path.of(rootProp) : Path.of("").toAbsolutePath().getParent();
  }
}
