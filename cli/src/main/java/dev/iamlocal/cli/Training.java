package dev.iamlocal.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Not a user command: one JVM that runs the common path of the short verbs once, so that the
 * launcher ({@code ./iamlocal}) can list the classes they load ({@code -XX:DumpLoadedClassList}) and
 * map them from a class-data archive on later runs instead of loading, parsing and verifying them
 * from the jar. One process for all verbs because a class list is per process, and the archive
 * must hold what every short verb needs (the launcher used to record the archive from a single
 * {@code validate} run, so {@code simulate} and the checks loaded most of their classes from the
 * jar).
 *
 * <p>Usage: {@code java -cp iamlocal.jar dev.iamlocal.cli.Training EXAMPLES_DIR}, where
 * {@code EXAMPLES_DIR} holds {@code seed-policies/} and {@code seed-scenarios.json}. Prints nothing;
 * the exit status is 0 whatever the verbs answered (what they answer does not matter, only what
 * they load).
 */
public final class Training {

  private Training() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: Training EXAMPLES_DIR");
      System.exit(2);
    }
    Path examples = Path.of(args[0]);
    Path policies = examples.resolve("seed-policies");
    Path scenarios = examples.resolve("seed-scenarios.json");
    String policy = Files.list(policies).filter(p -> p.toString().endsWith(".json")).sorted()
        .findFirst().map(Path::toString).orElseThrow();
    PrintStream out = System.out;
    PrintStream err = System.err;
    PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), false, "UTF-8");
    System.setOut(sink);
    System.setErr(sink);
    // the validator's findings kept between runs (FindingsCache): written by the first simulate and read by the
    // second, in a directory of the training's own, never the user's (the launcher names one, which it removes
    // even when a signal stops this JVM before its finally runs)
    String given = System.getProperty("iamlocal.cache.dir");
    Path cache = given != null ? Path.of(given) : Files.createTempDirectory("iamlocal-training");
    System.setProperty("iamlocal.cache.dir", cache.resolve("cache").toString());
    System.setProperty("iamlocal.cache", "on"); // even when the launcher's environment turns it off
    try {
      Main.run("--version");
      Main.run("validate", "--help");
      Main.run("validate", policies.toString());
      Main.run("validate", "--output", "json", policy);
      Main.run("simulate", "--input", scenarios.toString());
      Main.run("simulate", "--input", scenarios.toString(), "--output", "json");
      Main.run("simulate", "--input", scenarios.toString());
      Main.run("explain", "--input", scenarios.toString());
      Main.run("check-no-new-access", "--new-policy-document", "file://" + policy,
          "--existing-policy-document", "file://" + policy, "--policy-type", "IDENTITY_POLICY");
      Main.run("diff", policy, policy);
      Main.run("describe-action", "sagemaker:CreateTrainingJob");
      Main.run("validat"); // a usage error: the suggestions' path
    } finally {
      System.setOut(out);
      System.setErr(err);
      System.clearProperty("iamlocal.cache.dir");
      System.clearProperty("iamlocal.cache");
      if (Files.exists(cache)) {
        try (java.util.stream.Stream<Path> files = Files.walk(cache)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
      }
    }
  }
}
