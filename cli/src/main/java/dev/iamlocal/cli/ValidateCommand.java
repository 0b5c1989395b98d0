package dev.iamlocal.cli;

import dev.iamlocal.validation.Finding;
import dev.iamlocal.validation.PolicyKind;
import dev.iamlocal.validation.Severity;
import dev.iamlocal.validation.ValidationOptions;
import dev.iamlocal.validation.Validator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code iamlocal validate}: IAM Access Analyzer style checks on policy files, offline.
 *
 * <p>Exit status: 0 when no finding reaches {@code --fail-on}; 1 when one does; 2 when an input
 * cannot be read (the readable ones are still validated and reported).
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
        "Validate IAM policy documents: grammar, actions, resources, condition keys and operators, "
            + "policy-type rules, security patterns and size quotas.",
        "FILE may be a policy file, a directory (its *.json files, recursively) or - for standard input."},
    footer = {"", "Exit status: 0 no finding at or above --fail-on; 1 findings at or above it; 2 unreadable input."})
public final class ValidateCommand implements UsesCatalog, Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--policy-type", paramLabel = "TYPE", defaultValue = "identity",
      description = "identity, resource, service-control, resource-control, permissions-boundary or trust "
          + "(default: ${DEFAULT-VALUE}).")
  String policyType;

  @Option(names = "--resource-type", paramLabel = "TYPE",
      description = "For resource policies: the resource's CloudFormation type, e.g. AWS::S3::Bucket (sets the size quota).")
  String resourceType;

  @Option(names = {"--output", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
      description = "text (compiler style), json (Access Analyzer findings) or sarif (SARIF 2.1.0) (default: ${DEFAULT-VALUE};"
          + " --format is the older spelling).")
  String format;

  @picocli.CommandLine.Mixin
  QuietOption quiet;

  @Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "error",
      description = "Exit 1 when a finding is at least this severe: error, security-warning, warning or suggestion "
          + "(default: ${DEFAULT-VALUE}).")
  String failOn;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Policy files, directories, or - for standard input.")
  List<String> inputs;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PolicyKind kind = PolicyKind.parse(policyType);
    if (kind == null) {
      return usage(err, "unknown --policy-type '" + policyType + "'; use identity, resource, service-control, "
          + "resource-control, permissions-boundary or trust");
    }
    Severity threshold = Severity.parse(failOn);
    if (threshold == null) {
      return usage(err, "unknown --fail-on '" + failOn + "'; use error, security-warning, warning or suggestion");
    }
    FindingsFormat out = FindingsFormat.named(format);
    if (out == null) {
      return usage(err, "unknown --output '" + format + "'; use text, json or sarif");
    }
    ValidationOptions options = new ValidationOptions(resourceType);
    List<Source> sources = new ArrayList<>();
    boolean unreadable = false;
    for (String input : inputs) {
      try {
        sources.addAll(sources(input));
      } catch (IOException e) {
        err.println("iamlocal validate: cannot read " + input + ": " + describe(e));
        unreadable = true;
      }
    }
    // Files are independent and the validator is thread-safe: use every core (start-up time
    // dominates, and the catalog services that files need load in parallel). Output keeps input order.
    // One file needs no fork-join pool (setting it up is a cost of the commonest, shortest run).
    List<FindingsFormat.FileFindings> results = (sources.size() > 1 ? sources.parallelStream() : sources.stream())
        .map(s -> new FindingsFormat.FileFindings(s.name(), s.text(), Validator.validate(s.text(), kind, options)))
        .toList();
    PrintWriter stdout = spec.commandLine().getOut();
    out.write(results, stdout);
    stdout.flush();
    int failing = 0;
    int total = 0;
    for (FindingsFormat.FileFindings r : results) {
      for (Finding f : r.findings()) {
        total++;
        if (f.severity().atLeast(threshold)) {
          failing++;
        }
      }
    }
    if (out == FindingsFormat.TEXT && !quiet.on()) {
      err.println(results.size() + " file(s) validated, " + total + " finding(s), " + failing + " at or above "
          + threshold.cliName() + ".");
    }
    err.flush();
    if (unreadable) {
      return Main.INVALID_INPUT;
    }
    return failing > 0 ? Main.FAILED_CHECK : Main.OK;
  }

  private int usage(PrintWriter err, String message) {
    err.println("iamlocal validate: " + message);
    err.flush();
    return Main.INVALID_INPUT;
  }

  private static String describe(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.charset.MalformedInputException) {
      return "not UTF-8 text";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private record Source(String name, String text) {}

  /** The documents an argument names: stdin, one file, or every *.json under a directory, sorted. */
  private static List<Source> sources(String input) throws IOException {
    if (input.equals("-")) {
      return List.of(new Source("-", Inputs.readUtf8(System.in, Inputs.MAX_POLICY_BYTES)));
    }
    Path p = Path.of(input);
    if (Files.isDirectory(p)) {
      List<Path> files;
      try (Stream<Path> walk = Files.walk(p)) {
        files = walk.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".json")).sorted().toList();
      }
      List<Source> out = new ArrayList<>(files.size());
      for (Path f : files) {
        out.add(new Source(f.toString(), read(f)));
      }
      return out;
    }
    return List.of(new Source(input, read(p)));
  }

  /** A policy file's text, at most {@link Inputs#MAX_POLICY_BYTES} (a device such as /dev/zero ends there). */
  private static String read(Path p) throws IOException {
    try (java.io.InputStream in = Files.newInputStream(p)) {
      return Inputs.readUtf8(in, Inputs.MAX_POLICY_BYTES);
    }
  }
}
