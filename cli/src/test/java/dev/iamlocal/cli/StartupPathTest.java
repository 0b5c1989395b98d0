package dev.iamlocal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The start-up path: a run that names one verb builds only that verb's command model
 * ({@link Main#run}), from the build's records ({@link VerbSpecs}) or, without them, from the
 * annotations, and must answer exactly as the whole tree of verbs does either way; the launcher's
 * training run ({@link Training}) exercises the short verbs and prints nothing.
 */
class StartupPathTest {

  private static final String NL = System.lineSeparator();

  /** Every verb and alias of the top-level command, read off the annotations as Main does. */
  private static List<String> verbs() {
    List<String> out = new ArrayList<>();
    for (Class<?> c : Main.class.getAnnotation(Command.class).subcommands()) {
      if (c == CommandLine.HelpCommand.class) {
        continue;
      }
      Command verb = c.getAnnotation(Command.class);
      out.add(verb.name());
      out.addAll(List.of(verb.aliases()));
    }
    return out;
  }

  /** What the whole tree (the way every run was parsed before) prints and returns for {@code args}. */
  private static Cli.Result wholeTree(String... args) {
    return Cli.capture("", () -> {
      CommandLine cl = new CommandLine(new Main());
      cl.setParameterExceptionHandler(new UsageErrors());
      cl.setColorScheme(CommandLine.Help.defaultColorScheme(Terminal.ansi()));
      return cl.execute(args);
    });
  }

  /** {@link Main#run} without the build's records: the verb's model from its annotations. */
  private static Cli.Result annotated(String... args) {
    return Cli.capture("", () -> Main.run(VerbSpecs.none(), args));
  }

  @Test
  void theRunsOfTheseTestsUseTheBuildsRecords() {
    for (String v : verbs()) {
      assertThat(VerbSpecs.bundled().has(v)).as(v).isTrue();
    }
  }

  @Test
  void everyVerbIsFoundByItsNameAndEveryOtherWordIsNot() {
    assertThat(verbs()).contains("validate", "simulate", "serve", "check-no-new-access", "diff");
    for (String v : verbs()) {
      assertThat(Main.verbNamed(v)).as(v).isNotNull();
    }
    assertThat(Main.verbNamed("validat")).isNull();
    assertThat(Main.verbNamed("help")).isNull();
    assertThat(Main.verbNamed("--help")).isNull();
    assertThat(Main.verbNamed("")).isNull();
  }

  @Test
  void eachVerbsHelpAndUsageErrorsAreTheWholeTreesToTheByte() {
    for (String v : verbs()) {
      for (String[] args : List.of(new String[] {v, "--help"}, new String[] {v, "--no-such-option"},
          new String[] {v, "-V"})) {
        Cli.Result single = Cli.run(args);
        Cli.Result whole = wholeTree(args);
        assertThat(single).as(String.join(" ", args)).isEqualTo(whole);
        assertThat(annotated(args)).as(String.join(" ", args)).isEqualTo(whole);
      }
    }
  }

  @Test
  void aVerbsAnswerIsTheWholeTreesToTheByte() {
    String policy = Path.of("src/test/resources/seed-policies").toFile().listFiles()[0].getPath();
    for (String[] args : List.of(new String[] {"validate", policy}, new String[] {"validate", "--output", "json", policy},
        new String[] {"describe-action", "sagemaker:CreateApp"}, new String[] {"expand", "sagemaker:CreateA*"})) {
      Cli.Result whole = wholeTree(args);
      assertThat(Cli.run(args)).as(String.join(" ", args)).isEqualTo(whole);
      assertThat(annotated(args)).as(String.join(" ", args)).isEqualTo(whole);
    }
  }

  @Test
  void theVersionAndTheTopLevelHelpAndMistypedVerbsAreUnchanged() {
    assertThat(Cli.run("--version")).isEqualTo(wholeTree("--version"));
    assertThat(Cli.run("-V")).isEqualTo(wholeTree("-V"));
    assertThat(annotated("--version")).isEqualTo(wholeTree("--version"));
    assertThat(Cli.run("--help")).isEqualTo(wholeTree("--help"));
    assertThat(Cli.run()).isEqualTo(wholeTree());
    assertThat(Cli.run("help", "validate")).isEqualTo(wholeTree("help", "validate"));
    Cli.Result typo = Cli.run("validat");
    assertThat(typo).isEqualTo(wholeTree("validat"));
    assertThat(typo.err()).startsWith("iamlocal: Unknown command: 'validat'; did you mean validate?" + NL);
  }

  @Test
  void trainingRunsTheShortVerbsAndPrintsNothing() throws Exception {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
      Training.main(new String[] {Path.of("../examples").toString()});
      // the streams it silenced are given back
      System.out.print("after");
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("after");
  }
}
