package dev.iamlocal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Option;

/**
 * The verbs' models rebuilt from the build-time records ({@link VerbSpecs}) are the models picocli
 * builds from the annotations, attribute by attribute; the records the build wrote are on the class
 * path and current.
 */
class VerbSpecsTest {

  private static List<Class<?>> verbClasses() {
    List<Class<?>> out = new ArrayList<>();
    for (Class<?> c : Main.class.getAnnotation(Command.class).subcommands()) {
      if (c != CommandLine.HelpCommand.class) {
        out.add(c);
      }
    }
    return out;
  }

  private static VerbSpecs fromAnnotations() throws Exception {
    StringWriter w = new StringWriter();
    VerbSpecs.write(w);
    return VerbSpecs.parse(w.toString());
  }

  @Test
  void theBuildWroteTheRecordsOfTheseAnnotations() throws Exception {
    StringWriter now = new StringWriter();
    VerbSpecs.write(now);
    try (var in = VerbSpecs.class.getResourceAsStream(VerbSpecs.RESOURCE)) {
      assertThat(in).as("the build (process-classes) writes " + VerbSpecs.RESOURCE).isNotNull();
      assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(now.toString());
    }
  }

  @Test
  void variablesAreFilledInByTheRunNotByTheBuild() throws Exception {
    StringWriter w = new StringWriter();
    VerbSpecs.write(w);
    assertThat(w.toString()).contains("${env:IAMLOCAL_DECISION_LOG:-all}").contains("(default: ${DEFAULT-VALUE})");
    CommandLine serve = VerbSpecs.parse(w.toString()).commandLine("serve");
    OptionSpec mode = serve.getSubcommands().get("serve").getCommandSpec().findOption("--decision-log");
    assertThat(mode.defaultValue()).isEqualTo(System.getenv().getOrDefault("IAMLOCAL_DECISION_LOG", "all"));
  }

  @Test
  void everyVerbAndAliasHasItsModel() throws Exception {
    VerbSpecs specs = fromAnnotations();
    for (Class<?> c : verbClasses()) {
      Command verb = c.getAnnotation(Command.class);
      assertThat(specs.has(verb.name())).as(verb.name()).isTrue();
      for (String alias : verb.aliases()) {
        assertThat(specs.has(alias)).as(alias).isTrue();
      }
    }
    assertThat(specs.has("help")).isFalse();
    assertThat(specs.has("validat")).isFalse();
    assertThat(specs.commandLine("validat")).isNull();
    assertThat(VerbSpecs.none().commandLine("validate")).isNull();
    assertThat(VerbSpecs.none().commandLine(null)).isNull();
  }

  @Test
  void eachRebuiltModelIsTheAnnotatedOne() throws Exception {
    VerbSpecs specs = fromAnnotations();
    assertSameCommand(specs.commandLine(null).getCommandSpec(), CommandSpec.forAnnotatedObject(new Main.Single()));
    for (Class<?> c : verbClasses()) {
      String name = c.getAnnotation(Command.class).name();
      CommandSpec rebuilt = specs.commandLine(name).getSubcommands().get(name).getCommandSpec();
      // under the top-level command, as Main runs it (the usage names "iamlocal <verb>")
      CommandLine parent = new CommandLine(new Main.Single());
      parent.addSubcommand(new CommandLine(c.getDeclaredConstructor().newInstance()));
      CommandSpec annotated = parent.getSubcommands().get(name).getCommandSpec();
      assertSameCommand(rebuilt, annotated);
    }
  }

  private static void assertSameCommand(CommandSpec rebuilt, CommandSpec annotated) {
    String n = annotated.name();
    assertThat(rebuilt.name()).isEqualTo(n);
    assertThat(rebuilt.aliases()).as(n).containsExactly(annotated.aliases());
    assertThat(rebuilt.userObject().getClass()).as(n).isEqualTo(annotated.userObject().getClass());
    assertThat(rebuilt.usageMessage().description()).as(n).containsExactly(annotated.usageMessage().description());
    assertThat(rebuilt.usageMessage().header()).as(n).containsExactly(annotated.usageMessage().header());
    assertThat(rebuilt.usageMessage().footer()).as(n).containsExactly(annotated.usageMessage().footer());
    assertThat(rebuilt.version()).as(n).containsExactly(annotated.version());
    assertThat(rebuilt.options()).as(n).hasSameSizeAs(annotated.options());
    for (int i = 0; i < annotated.options().size(); i++) {
      OptionSpec a = annotated.options().get(i);
      OptionSpec r = rebuilt.options().get(i);
      assertThat(r.names()).as(n).containsExactly(a.names());
      assertThat(r.usageHelp()).as(a.longestName()).isEqualTo(a.usageHelp());
      assertThat(r.versionHelp()).as(a.longestName()).isEqualTo(a.versionHelp());
      assertSameArg(n + " " + a.longestName(), r, a);
    }
    assertThat(rebuilt.positionalParameters()).as(n).hasSameSizeAs(annotated.positionalParameters());
    for (int i = 0; i < annotated.positionalParameters().size(); i++) {
      PositionalParamSpec a = annotated.positionalParameters().get(i);
      PositionalParamSpec r = rebuilt.positionalParameters().get(i);
      assertThat(r.index()).as(n).isEqualTo(a.index());
      assertSameArg(n + " " + a.paramLabel(), r, a);
    }
    // the help texts, as a person sees them
    assertThat(new CommandLine(rebuilt).getUsageMessage(CommandLine.Help.Ansi.OFF))
        .isEqualTo(new CommandLine(annotated).getUsageMessage(CommandLine.Help.Ansi.OFF));
  }

  private static void assertSameArg(String what, ArgSpec r, ArgSpec a) {
    assertThat(r.arity()).as(what).isEqualTo(a.arity());
    assertThat(r.paramLabel()).as(what).isEqualTo(a.paramLabel());
    assertThat(r.required()).as(what).isEqualTo(a.required());
    assertThat(r.hidden()).as(what).isEqualTo(a.hidden());
    assertThat(r.defaultValue()).as(what).isEqualTo(a.defaultValue());
    assertThat(r.initialValue()).as(what).isEqualTo(a.initialValue());
    assertThat(r.hasInitialValue()).as(what).isEqualTo(a.hasInitialValue());
    assertThat(r.type()).as(what).isEqualTo(a.type());
    assertThat(r.auxiliaryTypes()).as(what).containsExactly(a.auxiliaryTypes());
    assertThat(r.splitRegex()).as(what).isEqualTo(a.splitRegex());
    assertThat(Arrays.stream(r.converters()).map(Object::getClass).toList()).as(what)
        .isEqualTo(Arrays.stream(a.converters()).map(Object::getClass).toList());
    assertThat(r.description()).as(what).containsExactly(a.description());
    assertThat(r.completionCandidates() == null).as(what).isEqualTo(a.completionCandidates() == null);
    assertThat(r.isMultiValue()).as(what).isEqualTo(a.isMultiValue());
    if (!(a.userObject() instanceof java.lang.reflect.Field f) || f.getDeclaringClass() == Object.class
        || f.getDeclaringClass().getName().startsWith("picocli.")) {
      return;
    }
    assertThat(r.userObject()).as(what).isEqualTo(f);
  }

  @Test
  void anOptionSetsTheVerbsFieldAndTheMixinsField() throws Exception {
    CommandLine cl = fromAnnotations().commandLine("simulate");
    cl.parseArgs("simulate", "--input", "f.json", "--explain", "-q", "--output", "json");
    SimulateCommand s = (SimulateCommand) cl.getSubcommands().get("simulate").getCommandSpec().userObject();
    assertThat(s.input).isEqualTo("f.json");
    assertThat(s.explain).isTrue();
    assertThat(s.stats).isFalse();
    assertThat(s.quiet.on()).isTrue();
    assertThat(s.output).isEqualTo(SimulateCommand.Format.json);
    ValidateCommand v = (ValidateCommand) fromAnnotations().commandLine("validate").getSubcommands().get("validate")
        .getCommandSpec().userObject();
    assertThat(v.spec).as("the @Spec field").isNotNull();
    assertThat(v.spec.name()).isEqualTo("validate");
  }

  /** A verb with an attribute the records do not carry, for the build's check. */
  @Command(name = "odd")
  static final class Odd implements Runnable {
    @Option(names = "--flag", negatable = true)
    boolean flag;

    @Override
    public void run() {}
  }

  @Test
  void anAttributeTheRecordsDoNotCarryFailsTheBuild() {
    assertThatThrownBy(() -> VerbSpecs.check(CommandSpec.forAnnotatedObject(new Odd())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("verb odd")
        .hasMessageContaining("add it to VerbSpecs");
  }

  /** A verb with an option whose type's built-in converter Main tells picocli not to register. */
  @Command(name = "timed")
  static final class Timed implements Runnable {
    @Option(names = "--for")
    java.time.Duration duration;

    @Option(names = "--at")
    java.time.Instant at;

    @Option(names = "--until", converter = UntilConverter.class)
    java.time.LocalDate until;

    @Override
    public void run() {}
  }

  static final class UntilConverter implements CommandLine.ITypeConverter<java.time.LocalDate> {
    @Override
    public java.time.LocalDate convert(String value) {
      return java.time.LocalDate.parse(value);
    }
  }

  @Test
  void anOptionTypeWithoutItsConverterFailsTheBuild() {
    // --at (Instant) keeps picocli's converter, --until brings its own: only --for is named
    assertThatThrownBy(() -> VerbSpecs.check(CommandSpec.forAnnotatedObject(new Timed())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("verb timed")
        .hasMessageContaining("Timed.duration")
        .hasMessageContaining("CONVERTER_EXCLUDES");
  }

  @Test
  void theExcludedConvertersAreThoseOfNoVerbsOption() {
    String saved = System.getProperty("picocli.converters.excludes");
    System.setProperty("picocli.converters.excludes", Main.CONVERTER_EXCLUDES);
    try {
      // picocli still converts what the verbs use (log --since is an Instant) and refuses the excluded
      CommandLine log = VerbSpecs.bundled().commandLine("log");
      log.parseArgs("log", "--since", "2026-01-02T03:04:05Z");
      LogCommand l = (LogCommand) log.getSubcommands().get("log").getCommandSpec().userObject();
      assertThat(l.since).isEqualTo(java.time.Instant.parse("2026-01-02T03:04:05Z"));
      CommandLine timed = new CommandLine(CommandSpec.create().addOption(
          OptionSpec.builder("--for").type(java.time.Duration.class).build()));
      assertThatThrownBy(() -> timed.parseArgs("--for", "PT1S"))
          .hasMessageContaining("No TypeConverter registered for java.time.Duration");
    } finally {
      if (saved == null) {
        System.clearProperty("picocli.converters.excludes");
      } else {
        System.setProperty("picocli.converters.excludes", saved);
      }
    }
  }

  @Test
  void aSectionIsReadOnlyForTheVerbAsked() {
    // a broken record in another verb's section does not stop a run of this one
    VerbSpecs specs = VerbSpecs.parse("C\tiamlocal\tdev.iamlocal.cli.Main$Single\n"
        + "C\tvalidate\tdev.iamlocal.cli.ValidateCommand\nA\tv\n"
        + "C\tbroken\tdev.iamlocal.cli.NoSuchClass\nX\tunknown record\n");
    assertThat(specs.commandLine("v").getSubcommands()).containsOnlyKeys("validate", "v");
    assertThat(specs.has("broken")).isTrue();
    assertThatThrownBy(() -> specs.commandLine("broken")).hasMessageContaining("NoSuchClass");
    assertThatThrownBy(() -> VerbSpecs.parse("D\tstray\nC\tiamlocal\tdev.iamlocal.cli.Main$Single\n"))
        .hasMessageContaining("a record before the first command");
  }

  @Test
  void theBuildsIndexPointsAtEachCommandsRecords() throws Exception {
    StringWriter w = new StringWriter();
    VerbSpecs.write(w);
    String text = w.toString();
    assertThat(text).startsWith("I\tiamlocal\t0\t");
    // the same models with the index as without it (indexed by reading the records)
    VerbSpecs indexed = VerbSpecs.parse(text);
    VerbSpecs scanned = VerbSpecs.parse(text.substring(text.indexOf('\n') + 1));
    for (Class<?> c : verbClasses()) {
      String name = c.getAnnotation(Command.class).name();
      assertSameCommand(indexed.commandLine(name).getSubcommands().get(name).getCommandSpec(),
          scanned.commandLine(name).getSubcommands().get(name).getCommandSpec());
    }
    // an index that does not fit the records is refused, not followed
    assertThatThrownBy(() -> VerbSpecs.parse("I\tiamlocal\t0\t9999\nC\tiamlocal\tdev.iamlocal.cli.Main$Single\n"))
        .hasMessageContaining("the index does not fit");
    assertThatThrownBy(() -> VerbSpecs.parse("I\tiamlocal\t3\t10\nC\tiamlocal\tdev.iamlocal.cli.Main$Single\n"))
        .hasMessageContaining("the index does not fit");
  }

  @Test
  void escapedFieldsComeBackAsWritten() {
    VerbSpecs specs = VerbSpecs.parse("C\tiamlocal\tdev.iamlocal.cli.Main$Single\n"
        + "D\ta\\ttab, a \\\\ backslash\n"
        + "C\tvalidate\tdev.iamlocal.cli.ValidateCommand\nA\tv\n");
    assertThat(specs.has("validate")).isTrue();
    assertThat(specs.has("v")).isTrue();
    assertThat(specs.commandLine(null).getCommandSpec().usageMessage().description())
        .containsExactly("a\ttab, a \\ backslash");
  }
}
