package dev.iamlocal.cli;

import dev.iamlocal.catalog.ServiceCatalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code iamlocal} command. Each verb is its own class; this one only lists them.
 *
 * <p>Exit codes, stable for CI: 0 success (and, with {@code --expect}, the expected decision);
 * 1 a decision or finding that the flags ask to fail on; 2 invalid input or usage.
 *
 * <p>Manners shared by the verbs: {@code --output json} for machine-readable output (older
 * spellings {@code --format} and {@code --json} are kept as aliases where they existed);
 * {@code --quiet} drops summary lines, never the exit status; statements are numbered from 1 in
 * text for people ({@code #1} is a policy's first statement); colour only on a terminal and never
 * with {@code NO_COLOR} set.
 */
@Command(
    name = "iamlocal",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "AWS IAM, exact to the letter, on your own machine.",
    subcommands = {
        CommandLine.HelpCommand.class,
        SimulateCommand.class,
        ExplainCommand.class,
        SimulateCustomPolicyCommand.class,
        ServeCommand.class,
        ValidateCommand.class,
        ExpandCommand.class,
        DescribeActionCommand.class,
        LogCommand.class,
        GeneratePolicyCommand.class,
        PolicyChecks.NoNewAccess.class,
        PolicyChecks.AccessNotGranted.class,
        PolicyChecks.NoPublicAccess.class,
        DiffCommand.class,
        WebIdentityTokenCommand.class,
        AccessMatrixCommand.class,
        SamlAssertionCommand.class,
        SamlMetadataCommand.class,
    })
public final class Main implements Runnable {

  /** Exit status: the command did what was asked and found nothing to fail on. */
  public static final int OK = 0;
  /** Exit status: a decision differed from {@code --expect}, or findings reached {@code --fail-on}. */
  public static final int FAILED_CHECK = 1;
  /** Exit status: the input or the command line is invalid. */
  public static final int INVALID_INPUT = 2;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** The verbs' models written at build time (empty when the class path has none). */
  private static final VerbSpecs VERBS = VerbSpecs.bundled();

  /** Runs the command line and returns the exit status (for tests). */
  public static int run(String... args) {
    return run(VERBS, args);
  }

  /**
   * The option types whose built-in converters picocli need not register: it registers those of
   * java.sql and java.time by reflection whenever a {@code CommandLine} is built (loading and
   * initializing about 80 JDK classes in every short run), and no verb has an option of these types
   * but {@code log --since} ({@link java.time.Instant}). {@link VerbSpecs#check} fails the build
   * when an option's type is excluded here, so a new one is not left without a converter.
   */
  static final String CONVERTER_EXCLUDES = "java\\.sql\\..*,java\\.time\\.(?!Instant$).*";

  /** Runs the command line with the given build-time models (tests pass none to exercise the annotations). */
  static int run(VerbSpecs verbs, String... args) {
    // (picocli's own switches; one a user sets is kept)
    System.getProperties().putIfAbsent("picocli.converters.excludes", CONVERTER_EXCLUDES);
    // picocli's default factory looks for groovy.lang.Closure on the class path once; a class no jar has
    // is looked up in every jar of the class path, and the launcher's second one (the full iamlocal.jar
    // behind iamlocal-cli.jar) costs a short run ~30 ms to open. iamlocal has no Groovy.
    System.getProperties().putIfAbsent("picocli.disable.closures", "true");
    boolean version = args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
    // A run naming one verb builds only that verb's model, from the records the build wrote of its
    // annotations (VerbSpecs: reading annotations costs a short run ~0.06 s of CPU in generated proxy
    // classes); anything else (help, a mistyped verb, no verb) gets the whole annotated tree.
    CommandLine cl = version ? verbs.commandLine(null) : args.length > 0 ? verbs.commandLine(args[0]) : null;
    if (cl == null) {
      Class<?> verb = args.length == 0 ? null : verbNamed(args[0]);
      if (version) {
        cl = new CommandLine(new Single()); // the version needs no verb
      } else if (verb == null) {
        cl = new CommandLine(new Main());
      } else {
        // Only the verb asked for is modelled: picocli reads every verb's annotations and options
        // reflectively when it builds a command tree, which was most of a short run's CPU (0.4 s of
        // `iamlocal --version`'s 0.55 s). The parent without the others parses and answers the verb
        // exactly as the whole tree does.
        cl = new CommandLine(new Single());
        cl.addSubcommand(new CommandLine(verb));
      }
    }
    CommandLine sub = args.length > 0 ? cl.getSubcommands().get(args[0]) : null;
    if (sub != null && sub.getCommandSpec().userObject() instanceof UsesCatalog verb && verb.usesCatalog(args)) {
      ServiceCatalog.preload(); // read on another core while the command line and the input are parsed
    }
    cl.setParameterExceptionHandler(new UsageErrors());
    // set on the whole tree of verbs at once (picocli copies it to the subcommands present now)
    cl.setColorScheme(CommandLine.Help.defaultColorScheme(Terminal.ansi()));
    return cl.execute(args);
  }

  /** The verb class whose name or alias is {@code name}, read off the annotations without building a model. */
  static Class<?> verbNamed(String name) {
    for (Class<?> c : Main.class.getAnnotation(Command.class).subcommands()) {
      Command verb = c.getAnnotation(Command.class);
      if (c == CommandLine.HelpCommand.class) {
        continue; // `help VERB` prints the verb's usage from the whole tree
      }
      if (verb.name().equals(name) || java.util.Arrays.asList(verb.aliases()).contains(name)) {
        return c;
      }
    }
    return null;
  }

  /** {@link Main} without its subcommands, for a run that names one verb: the same name and options. */
  @Command(name = "iamlocal", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
      description = "AWS IAM, exact to the letter, on your own machine.")
  static final class Single implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(System.out);
    }
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Prints the version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"iamlocal " + (v == null ? "dev" : v)};
    }
  }
}
