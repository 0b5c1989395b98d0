package dev.iamlocal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    ProcessBuilder launch = new ProcessBuilder(launcher.toString(), "simulate", "--input", "-", "--expect", "allowed")
        .redirectErrorStream(false);
    // the validator's findings kept in a directory of the test's own, never the user's ~/.cache/iamlocal
    launch.environment().put("IAMLOCAL_CACHE_DIR", Files.createTempDirectory("launcher-it-cache").resolve("kept").toString());
    Process p = launch.start();
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

  /**
   * The validator's findings kept between runs ({@link FindingsCache}), as a jar run keeps them: the first run
   * writes this build's file, a second run prints the same, byte for byte; {@code IAMLOCAL_CACHE=off} writes none.
   */
  @Test
  void aSecondRunOfTheSameScenariosPrintsTheKeptFindings() throws Exception {
    Path root = repositoryRoot();
    Path cache = Files.createTempDirectory("launcher-cache").resolve("kept");
    Path off = Files.createTempDirectory("launcher-cache-off").resolve("kept");
    Path scenarios = Files.createTempFile("typo", ".json");
    Files.writeString(scenarios, "[{\"identityPolicies\": [{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\":"
        + " \"Allow\", \"Action\": \"sagemaker:CreateTrainingJobs\", \"Resource\": \"*\"}]}], \"principal\":"
        + " \"arn:aws:iam::111122223333:user/a\", \"action\": \"sagemaker:CreateTrainingJob\"}]");
    String[] first = launch(root, cache, "simulate", "--input", scenarios.toString());
    assertThat(first[2]).contains("INVALID_ACTION");
    try (Stream<Path> files = Files.list(cache)) {
      assertThat(files.map(f -> f.getFileName().toString())).singleElement().asString().startsWith("findings-");
    }
    assertThat(launch(root, cache, "simulate", "--input", scenarios.toString())).containsExactly(first);
    ProcessBuilder pb = new ProcessBuilder(root.resolve("iamlocal").toString(), "simulate", "--input", scenarios.toString());
    pb.environment().put("IAMLOCAL_CACHE_DIR", off.toString());
    pb.environment().put("IAMLOCAL_CACHE", "off");
    Process p = pb.start();
    p.getOutputStream().close();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(err).contains("INVALID_ACTION");
    assertThat(off).doesNotExist();
  }

  /** Exit status, standard output (clock-free) and standard error of the launcher, findings kept in {@code cache}. */
  private static String[] launch(Path root, Path cache, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of(root.resolve("iamlocal").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("IAMLOCAL_CACHE_DIR", cache.toString());
    pb.environment().put("NO_COLOR", "1");
    Process p = pb.start();
    p.getOutputStream().close();
    java.util.concurrent.CompletableFuture<byte[]> err =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new String[] {String.valueOf(p.exitValue()), clockFree(out).replaceAll("\\d+(\\.\\d+)? ms", "<ms>"),
        new String(err.join(), StandardCharsets.UTF_8)};
  }

  /**
   * The short verbs' jar holds everything the verbs it is for use: each of them, run from
   * {@code iamlocal-cli.jar} alone (no full jar behind it to fall back on), prints, to the byte, what
   * the full jar prints, with the same exit status. (A verb that reads the store or serves, absent
   * here, finds its classes in the full jar, which the launcher puts second on the class path.)
   */
  @Test
  void theShortVerbsJarAloneAnswersAsTheFullJar() throws Exception {
    Path root = repositoryRoot();
    Path cli = root.resolve("cli/target/iamlocal-cli.jar");
    Path full = root.resolve("cli/target/iamlocal.jar");
    assertThat(cli).as("the short verbs' jar").isRegularFile();
    Path examples = root.resolve("examples");
    String policy = examples.resolve("seed-policies/14-enforce-training-instance-type.json").toString();
    String other = examples.resolve("seed-policies/21-devteam1-deny-project-b.json").toString();
    String scenarios = examples.resolve("seed-scenarios.json").toString();
    String[][] runs = {
        {"--version"}, {"validate", "--help"}, {"validate", examples.resolve("seed-policies").toString()},
        {"validate", "--output", "json", policy}, {"simulate", "--input", scenarios},
        {"simulate", "--input", scenarios, "--output", "json"}, {"explain", "--input", scenarios},
        {"check-no-new-access", "--new-policy-document", "file://" + other, "--existing-policy-document",
            "file://" + policy, "--policy-type", "IDENTITY_POLICY"},
        {"check-access-not-granted", "--policy-document", "file://" + policy, "--access",
            "[{\"actions\":[\"sagemaker:CreateTrainingJob\"]}]", "--policy-type", "IDENTITY_POLICY"},
        {"diff", policy, other}, {"describe-action", "sagemaker:CreateTrainingJob"},
        {"expand", "sagemaker:CreateT*"},
    };
    for (String[] args : runs) {
      String[] fromCli = javaRun(List.of("-cp", cli.toString(), "dev.iamlocal.cli.Main"), args);
      String[] fromFull = javaRun(List.of("-jar", full.toString()), args);
      assertThat(fromCli).as(String.join(" ", args)).containsExactly(fromFull);
    }
    // what needs the whole command tree (its verbs reach the store's classes) or the store itself (here
    // SQLite, Flyway and the IdP's key, kept in the store) finds them in the full jar behind the short
    // one, as the launcher runs them
    String both = cli + java.io.File.pathSeparator + full;
    String data = Files.createTempDirectory("launcher-it").toString();
    for (String[] args : new String[][] {{"--help"}, {"validat"}, {"saml-metadata", "--data-dir", data, "--issuer", "https://idp.example.com"}}) {
      String[] fromBoth = javaRun(List.of("-cp", both, "dev.iamlocal.cli.Main"), args);
      String[] fromFull = javaRun(List.of("-jar", full.toString()), args);
      assertThat(fromBoth).as(String.join(" ", args)).containsExactly(fromFull);
      assertThat(fromBoth[2]).as(String.join(" ", args)).doesNotContain("NoClassDefFoundError");
    }
  }

  /** Exit status, standard output and standard error of {@code java <how> <args>}. */
  private static String[] javaRun(List<String> how, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.addAll(how);
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("NO_COLOR", "1");
    // a fresh directory for the validator's findings each run: every run validates (none reads another's findings,
    // so the short jar alone must hold the validator and its catalog), and the user's ~/.cache/iamlocal is untouched
    pb.environment().put("IAMLOCAL_CACHE_DIR", Files.createTempDirectory("launcher-it-cache").resolve("kept").toString());
    Process p = pb.start();
    p.getOutputStream().close();
    java.util.concurrent.CompletableFuture<byte[]> err =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", cmd)).isTrue();
    return new String[] {String.valueOf(p.exitValue()), clockFree(out), clockFree(new String(err.join(), StandardCharsets.UTF_8))};
  }

  /** The text without the request time the scenarios take from the clock (two runs may fall in different seconds). */
  private static String clockFree(String text) {
    return text.replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ", "<time>")
        .replaceAll("(EpochTime\\W+)\\d+", "$1<epoch>");
  }

  private static byte[] readAll(java.io.InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
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
