package dev.iamlocal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/**
 * docs/cli-reference.md is generated from the commands themselves (picocli's own help of every
 * verb), and this test fails when the checked-in page differs from what the commands say now.
 *
 * <p>To regenerate it after changing an option or a description:
 * <pre>
 * mvn -B -q -pl cli -am test -Dtest=CliReferenceTest -Dsurefire.failIfNoSpecifiedTests=false -Diamlocal.cli-reference.write=true
 * </pre>
 */
class CliReferenceTest {

  static final String PAGE = "docs/cli-reference.md";

  @Test
  void theCheckedInReferenceIsTheCommandsOwnHelp() throws IOException {
    Path page = repositoryRoot().resolve(PAGE);
    String generated = markdown();
    if (Boolean.getBoolean("iamlocal.cli-reference.write")) {
      Files.writeString(page, generated, StandardCharsets.UTF_8);
    }
    assertThat(page).as(PAGE).isRegularFile();
    String checkedIn = Files.readString(page, StandardCharsets.UTF_8);
    assertThat(checkedIn)
        .as(PAGE + " is out of date with the commands; regenerate it with\n  mvn -B -q -pl cli -am test"
            + " -Dtest=CliReferenceTest -Dsurefire.failIfNoSpecifiedTests=false -Diamlocal.cli-reference.write=true")
        .isEqualTo(generated);
  }

  @Test
  void everyVerbHasASection() {
    String md = markdown();
    for (String verb : new CommandLine(new Main()).getSubcommands().keySet()) {
      if (!verb.equals("help")) {
        assertThat(md).contains("\n## iamlocal " + verb + "\n").contains("](#iamlocal-" + verb + ")");
      }
    }
    // a detail of one verb, to show the help text itself is there
    assertThat(md).contains("--no-validate").contains("Usage: iamlocal simulate");
  }

  /** The page: an index of the verbs, then each verb's help as {@code iamlocal VERB --help} prints it. */
  static String markdown() {
    CommandLine root = new CommandLine(new Main());
    StringBuilder b = new StringBuilder();
    b.append("# iamlocal command reference\n\n");
    b.append("<!-- Generated from the commands by CliReferenceTest: do not edit; regenerate as its comment says. -->\n\n");
    b.append("Every verb's own help (`iamlocal VERB --help`), for reading without a terminal. Shared manners:"
        + " `--output json` for machine-readable output, `-q`/`--quiet` for no summary lines, exit status 0 (success),"
        + " 1 (a check failed: `--expect`, `--fail-on`, an unmatched `expand` pattern), 2 (invalid input or usage).\n\n");
    b.append("```text\n").append(help(root)).append("```\n\n");
    for (Map.Entry<String, CommandLine> e : root.getSubcommands().entrySet()) {
      if (e.getKey().equals("help")) {
        continue;
      }
      b.append("- [`iamlocal ").append(e.getKey()).append("`](#iamlocal-").append(e.getKey()).append(")\n");
    }
    for (Map.Entry<String, CommandLine> e : root.getSubcommands().entrySet()) {
      if (e.getKey().equals("help")) {
        continue;
      }
      b.append("\n## iamlocal ").append(e.getKey()).append("\n\n");
      b.append("```text\n").append(help(e.getValue())).append("```\n");
    }
    return b.toString();
  }

  private static String help(CommandLine cl) {
    // no colour, and the default width: the page must not depend on the terminal it was made in
    String text = cl.getUsageMessage(CommandLine.Help.defaultColorScheme(Ansi.OFF));
    return text.replace("\r\n", "\n").replaceAll("(?m)[ \t]+$", "");
  }

  private static Path repositoryRoot() {
    String prop = System.getProperty("iamlocal.repo.root");
    Path root = prop != null ? Path.of(prop).toAbsolutePath() : Path.of("").toAbsolutePath();
    return Files.isRegularFile(root.resolve("iamlocal")) ? root : root.getParent();
  }
}
