package dev.iamlocal.cli;

import dev.iamlocal.resources.BundledResources;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The command models of the verbs, written down at build time so that a run naming one verb builds
 * its model without reading annotations.
 *
 * <p>Why: picocli builds a model from annotations by reflection, and Java's annotation reflection
 * generates a proxy class for each annotation type it meets ({@code @Command}, {@code @Option},
 * {@code @Mixin}, {@code @Spec}, picocli's own help mixin …). No class-data archive of Java 17 keeps
 * generated classes, so every run paid for generating, loading and linking them: measured, a model
 * built through picocli's programmatic API parses the same command line for ~0.06 s less CPU than
 * the annotated one (0.18–0.19 s vs 0.25 s of a 0.11 s JVM start, min of 11 runs each, 2-core VM),
 * most of the way from a 0.33 s `simulate` of 10 scenarios to node's 0.20 s.
 *
 * <p>How: the annotations stay the source of truth. At build time ({@code process-classes}, see the
 * module's pom) {@link #main} builds every verb's model from its annotations, as picocli always did,
 * and writes what the model holds to {@value #RESOURCE} on the class path: names, usage texts,
 * options and positional parameters with their labels, arities, types, defaults and converters, the
 * mixins and {@code @Spec} fields. At run time {@link #commandLine} rebuilds that model with the
 * programmatic API, the options bound to the same fields of a fresh verb object. What is not carried
 * makes the build fail ({@link #check}) rather than change a verb quietly; {@code VerbSpecsTest}
 * holds each rebuilt model to the annotated one, attribute by attribute, and {@code StartupPathTest}
 * holds their help, usage errors and answers to the byte. Without the resource (a class path of
 * classes compiled by an IDE) {@link #bundled} is empty and {@link Main} reads the annotations.
 *
 * <p>Format: one record a line, fields separated by tabs; {@code \\}, {@code \t}, {@code \n} escape
 * a backslash, tab and newline inside a field, and a lone {@code \0} is null. {@code C name class}
 * starts a command (the first is the top-level one); then {@code A alias}, {@code D}/{@code H}/
 * {@code F line} (description, header, footer), {@code V class} (version provider), {@code M field
 * class} (a mixin in a field), {@code S owner field} (a {@code @Spec} field), {@code O}/{@code P …}
 * (an option or a positional parameter, see {@link #writeArg}).
 */
public final class VerbSpecs {

  /** The class-path resource the build writes. */
  static final String RESOURCE = "/dev/iamlocal/cli/verbs.tsv";

  /** The owner of picocli's {@code -h}/{@code -V} options, which are bound to no field of ours. */
  private static final String HELP_OWNER = "*";
  private static final String THIS = "";

  /** The records as written: an index line, then one section of records per command. */
  private final byte[] data;
  /** Each command's section of {@link #data} ({offset, length}), by the verb's name and by each alias. */
  private final Map<String, int[]> commands;
  /** The top-level command's section, or null without models. */
  private final int[] top;

  private VerbSpecs(byte[] data, Map<String, int[]> commands, int[] top) {
    this.data = data;
    this.commands = commands;
    this.top = top;
  }

  /** No models: every run reads the annotations. */
  static VerbSpecs none() {
    return new VerbSpecs(new byte[0], Map.of(), null);
  }

  /** The models bundled with this build, or {@link #none} when the resource is absent. */
  static VerbSpecs bundled() {
    try {
      byte[] bytes = BundledResources.read(VerbSpecs.class, RESOURCE);
      return bytes == null ? none() : parse(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static VerbSpecs parse(String text) {
    return parse(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Finds each command's records without reading them: a run needs one verb's, and decoding,
   * splitting and unescaping all 18 was several milliseconds of every short run (interpreted code
   * over the whole file). The build writes an index first ({@code I} then, per command and alias,
   * {@code name offset length} in bytes after the index line); records without one (written by
   * hand in tests) are indexed here, from each {@code C} record to the next.
   */
  static VerbSpecs parse(byte[] data) {
    Map<String, int[]> commands = new HashMap<>();
    int[] top = null;
    if (startsWith(data, 0, "I\t")) {
      int body = indexOf(data, (byte) '\n', 0) + 1;
      if (body == 0) {
        throw new IllegalStateException("verbs.tsv: an index without records");
      }
      String[] f = new String(data, 0, body - 1, StandardCharsets.UTF_8).split("\t");
      for (int i = 1; i + 2 < f.length; i += 3) {
        int offset = body + Integer.parseInt(f[i + 1]);
        int length = Integer.parseInt(f[i + 2]);
        if (offset < body || length < 0 || offset > data.length - length || !startsWith(data, offset, "C\t")) {
          throw new IllegalStateException("verbs.tsv: the index does not fit the records: " + f[i]);
        }
        int[] section = {offset, length};
        if (top == null) {
          top = section; // the first entry is the top-level command
        } else {
          commands.put(f[i], section);
        }
      }
    } else {
      int start = 0;
      while (start < data.length && (data[start] == '\n' || data[start] == ' ')) {
        start++;
      }
      if (start < data.length && !startsWith(data, start, "C\t")) {
        throw new IllegalStateException("verbs.tsv: a record before the first command");
      }
      while (start < data.length) {
        int end = nextCommand(data, start + 1);
        int[] section = {start, end - start};
        if (top == null) {
          top = section;
        } else {
          List<String[]> records = records(data, section);
          commands.put(records.get(0)[1], section);
          for (String[] r : records) {
            if (r[0].equals("A")) {
              commands.put(r[1], section); // aliases find their verb too
            }
          }
        }
        start = end;
      }
    }
    return new VerbSpecs(data, Map.copyOf(commands), top);
  }

  /** The index line the build writes before {@code sections} (name, then the section's text, in order). */
  static String index(Map<String, String> sections, Map<String, List<String>> aliases) {
    StringBuilder b = new StringBuilder("I");
    int offset = 0;
    for (Map.Entry<String, String> e : sections.entrySet()) {
      int length = e.getValue().getBytes(StandardCharsets.UTF_8).length;
      b.append('\t').append(e.getKey()).append('\t').append(offset).append('\t').append(length);
      for (String alias : aliases.getOrDefault(e.getKey(), List.of())) {
        b.append('\t').append(alias).append('\t').append(offset).append('\t').append(length);
      }
      offset += length;
    }
    return b.append('\n').toString();
  }

  private static boolean startsWith(byte[] data, int at, String ascii) {
    if (at < 0 || at + ascii.length() > data.length) {
      return false;
    }
    for (int i = 0; i < ascii.length(); i++) {
      if (data[at + i] != ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] data, byte b, int from) {
    for (int i = from; i < data.length; i++) {
      if (data[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /** The start of the next {@code C} record at or after {@code from} (a line's start), or the end. */
  private static int nextCommand(byte[] data, int from) {
    for (int i = Math.max(from, 1); i < data.length; i++) {
      if (data[i - 1] == '\n' && startsWith(data, i, "C\t")) {
        return i;
      }
    }
    return data.length;
  }

  private static String[] fields(String line) {
    String[] f = line.split("\t", -1);
    for (int i = 0; i < f.length; i++) {
      f[i] = unescape(f[i]);
    }
    return f;
  }

  /** A section's records, each split into its fields. */
  private static List<String[]> records(byte[] data, int[] section) {
    List<String[]> out = new ArrayList<>();
    for (String line : new String(data, section[0], section[1], StandardCharsets.UTF_8).split("\n")) {
      if (!line.isEmpty()) {
        out.add(fields(line));
      }
    }
    return out;
  }

  /** Whether there is a model for {@code verb} (a verb's name or alias). */
  boolean has(String verb) {
    return commands.containsKey(verb);
  }

  /**
   * The top-level command with only {@code verb} under it (or with none when {@code verb} is null),
   * as {@link Main#run} would build from the annotations; null when no model was bundled for it.
   */
  CommandLine commandLine(String verb) {
    if (top == null || (verb != null && !commands.containsKey(verb))) {
      return null;
    }
    CommandSpec root = build(records(data, top));
    if (verb != null) {
      CommandSpec sub = build(records(data, commands.get(verb)));
      root.addSubcommand(sub.name(), sub);
    }
    return new CommandLine(root);
  }

  // ------------------------------------------------------------------ run time: records -> model

  private static CommandSpec build(List<String[]> records) {
    String[] head = records.get(0);
    Object command = instantiate(head[2]);
    CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name(head[1]);
    Map<String, Object> owners = new HashMap<>();
    owners.put(THIS, command);
    List<String> aliases = new ArrayList<>();
    List<String> description = new ArrayList<>();
    List<String> header = new ArrayList<>();
    List<String> footer = new ArrayList<>();
    for (String[] r : records.subList(1, records.size())) {
      switch (r[0]) {
        case "A" -> aliases.add(r[1]);
        case "D" -> description.add(r[1]);
        case "H" -> header.add(r[1]);
        case "F" -> footer.add(r[1]);
        case "V" -> spec.versionProvider((CommandLine.IVersionProvider) instantiate(r[1]));
        case "M" -> {
          Object mixin = instantiate(r[2]);
          set(field(command.getClass(), r[1]), command, mixin);
          owners.put(r[1], mixin);
        }
        case "S" -> {
          Object owner = owners.get(r[1]);
          set(field(owner.getClass(), r[2]), owner, spec);
        }
        case "O" -> spec.addOption(option(r, owners));
        case "P" -> spec.addPositional(positional(r, owners));
        default -> throw new IllegalStateException("verbs.tsv: unknown record " + r[0]);
      }
    }
    spec.aliases(aliases.toArray(String[]::new));
    UsageMessageSpec usage = spec.usageMessage();
    usage.description(description.toArray(String[]::new));
    usage.header(header.toArray(String[]::new));
    usage.footer(footer.toArray(String[]::new));
    return spec;
  }

  // Argument records: O|P owner field names|index arity paramLabel flags defaultValue type auxTypes
  // split converters description (lines joined by newlines). Flags: r required, h hidden,
  // u usage help, v version help. An empty arity or index is picocli's own default for the type.
  // (The two builders share their setters in a class picocli does not make public: hence twice.)
  private static OptionSpec option(String[] r, Map<String, Object> owners) {
    OptionSpec.Builder b = OptionSpec.builder(r[3].split(" "));
    if (!r[4].isEmpty()) {
      b.arity(r[4]);
    }
    b.paramLabel(r[5]).required(r[6].contains("r")).hidden(r[6].contains("h")).usageHelp(r[6].contains("u"))
        .versionHelp(r[6].contains("v")).defaultValue(r[7]).type(type(r[8])).auxiliaryTypes(types(r[9]))
        .converters(converters(r[11])).description(description(r[12]));
    if (!r[10].isEmpty()) {
      b.splitRegex(r[10]);
    }
    Binding binding = binding(r, owners);
    if (binding == null) {
      // picocli's -h/-V flags, bound to the private fields of its help mixin: an unbound boolean here
      b.initialValue(false).hasInitialValue(true);
    } else {
      b.getter(binding).setter(binding).initialValue(binding.get()).hasInitialValue(true).userObject(binding.field);
    }
    return b.build();
  }

  private static PositionalParamSpec positional(String[] r, Map<String, Object> owners) {
    PositionalParamSpec.Builder b = PositionalParamSpec.builder();
    if (!r[3].isEmpty()) {
      b.index(r[3]);
    }
    if (!r[4].isEmpty()) {
      b.arity(r[4]);
    }
    b.paramLabel(r[5]).required(r[6].contains("r")).hidden(r[6].contains("h")).defaultValue(r[7])
        .type(type(r[8])).auxiliaryTypes(types(r[9])).converters(converters(r[11])).description(description(r[12]));
    if (!r[10].isEmpty()) {
      b.splitRegex(r[10]);
    }
    Binding binding = Objects.requireNonNull(binding(r, owners), "a positional parameter of picocli's help");
    b.getter(binding).setter(binding).initialValue(binding.get()).hasInitialValue(true).userObject(binding.field);
    return b.build();
  }

  private static Binding binding(String[] r, Map<String, Object> owners) {
    if (r[1].equals(HELP_OWNER)) {
      return null;
    }
    Object owner = Objects.requireNonNull(owners.get(r[1]), () -> "verbs.tsv: no mixin " + r[1]);
    return new Binding(owner, field(owner.getClass(), r[2]));
  }

  private static Class<?>[] types(String names) {
    return names.isEmpty() ? new Class<?>[0] : Arrays.stream(names.split(" ")).map(VerbSpecs::type).toArray(Class<?>[]::new);
  }

  private static CommandLine.ITypeConverter<?>[] converters(String names) {
    return names.isEmpty() ? new CommandLine.ITypeConverter<?>[0] : Arrays.stream(names.split(" "))
        .map(c -> (CommandLine.ITypeConverter<?>) instantiate(c)).toArray(CommandLine.ITypeConverter<?>[]::new);
  }

  private static String[] description(String lines) {
    return lines.isEmpty() ? new String[0] : lines.split("\n", -1);
  }

  /** An option bound to a field of the verb or of one of its mixins, as picocli binds annotated fields. */
  private static final class Binding implements IGetter, ISetter {
    private final Object owner;
    private final Field field;

    Binding(Object owner, Field field) {
      this.owner = owner;
      this.field = field;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get() {
      try {
        return (T) field.get(owner);
      } catch (IllegalAccessException e) {
        throw new CommandLine.PicocliException("cannot read " + field, e);
      }
    }

    @Override
    public <T> T set(T value) {
      T old = get();
      VerbSpecs.set(field, owner, value);
      return old;
    }

    @Override
    public String toString() {
      return "field " + field.getDeclaringClass().getName() + "." + field.getName();
    }
  }

  private static final Map<String, Class<?>> PRIMITIVES = Map.of("boolean", boolean.class, "int", int.class,
      "long", long.class, "double", double.class, "float", float.class, "short", short.class, "byte", byte.class,
      "char", char.class);

  private static Class<?> type(String name) {
    Class<?> p = PRIMITIVES.get(name);
    if (p != null) {
      return p;
    }
    try {
      return Class.forName(name, false, VerbSpecs.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("verbs.tsv names a missing class " + name, e);
    }
  }

  private static Object instantiate(String className) {
    try {
      var constructor = type(className).getDeclaredConstructor();
      constructor.setAccessible(true);
      return constructor.newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("verbs.tsv: cannot create " + className, e);
    }
  }

  private static Field field(Class<?> c, String name) {
    for (Class<?> k = c; k != null; k = k.getSuperclass()) {
      try {
        Field f = k.getDeclaredField(name);
        f.setAccessible(true);
        return f;
      } catch (NoSuchFieldException e) {
        // a superclass's, then
      }
    }
    throw new IllegalStateException("verbs.tsv: no field " + name + " in " + c.getName());
  }

  private static void set(Field f, Object owner, Object value) {
    try {
      f.set(owner, value);
    } catch (IllegalAccessException e) {
      throw new CommandLine.PicocliException("cannot set " + f, e);
    }
  }

  // ------------------------------------------------------------------ build time: annotations -> records

  /** Writes the models of {@link Main}'s verbs to the file {@code args[0]} (run by the build). */
  public static void main(String[] args) throws IOException {
    Path out = Path.of(args[0]);
    Files.createDirectories(out.getParent());
    try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      write(w);
    }
  }

  /** The records of the top-level command (without verbs) and of every verb, from their annotations. */
  static void write(Writer w) throws IOException {
    Map<String, String> sections = new LinkedHashMap<>();
    Map<String, List<String>> aliases = new HashMap<>();
    List<CommandSpec> specs = new ArrayList<>();
    specs.add(CommandSpec.forAnnotatedObject(new Main.Single()));
    for (Class<?> c : Main.class.getAnnotation(Command.class).subcommands()) {
      if (c != CommandLine.HelpCommand.class) {
        specs.add(CommandSpec.forAnnotatedObject(instantiate(c.getName())));
      }
    }
    for (CommandSpec spec : specs) {
      StringWriter section = new StringWriter();
      writeCommand(section, spec);
      if (sections.put(spec.name(), section.toString()) != null) {
        throw new IllegalStateException("two commands named " + spec.name());
      }
      aliases.put(spec.name(), List.of(spec.aliases()));
    }
    w.write(index(sections, aliases));
    for (String section : sections.values()) {
      w.write(section);
    }
  }

  private static void writeCommand(Writer w, CommandSpec spec) throws IOException {
    check(spec);
    // The texts as written, not as picocli would fill them in now: `${env:…}`, `${DEFAULT-VALUE}` and
    // the like are filled in by the run that reads the records, in its own environment.
    spec.interpolateVariables(false);
    Object command = spec.userObject();
    line(w, "C", spec.name(), command.getClass().getName());
    for (String a : spec.aliases()) {
      line(w, "A", a);
    }
    UsageMessageSpec usage = spec.usageMessage();
    for (String d : usage.description()) {
      line(w, "D", d);
    }
    for (String h : usage.header()) {
      line(w, "H", h);
    }
    for (String f : usage.footer()) {
      line(w, "F", f);
    }
    if (spec.versionProvider() != null) {
      line(w, "V", spec.versionProvider().getClass().getName());
    }
    // options belong to the command itself or to one of its mixins (the same OptionSpec objects)
    Map<ArgSpec, String> owner = new IdentityHashMap<>();
    Map<String, CommandSpec> mixins = new LinkedHashMap<>(spec.mixins());
    for (Map.Entry<String, CommandSpec> m : mixins.entrySet()) {
      String name = m.getKey().equals("mixinStandardHelpOptions") ? HELP_OWNER : m.getKey();
      if (!name.equals(HELP_OWNER)) {
        Field f = field(command.getClass(), name);
        Object value;
        try {
          value = f.get(command);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
        if (value != m.getValue().userObject()) {
          throw new IllegalStateException(spec.name() + ": mixin " + name + " is not the field of that name");
        }
        line(w, "M", name, m.getValue().userObject().getClass().getName());
      }
      m.getValue().args().forEach(a -> owner.put(a, name));
    }
    specFields(w, THIS, command);
    for (Map.Entry<String, CommandSpec> m : mixins.entrySet()) {
      if (!m.getKey().equals("mixinStandardHelpOptions")) {
        specFields(w, m.getKey(), m.getValue().userObject());
      }
    }
    for (OptionSpec o : spec.options()) {
      writeArg(w, "O", owner.getOrDefault(o, THIS), o, String.join(" ", o.names()));
    }
    for (PositionalParamSpec p : spec.positionalParameters()) {
      writeArg(w, "P", owner.getOrDefault(p, THIS), p, p.index().isUnspecified() ? "" : p.index().toString());
    }
  }

  private static void specFields(Writer w, String ownerName, Object owner) throws IOException {
    for (Class<?> k = owner.getClass(); k != null && k != Object.class; k = k.getSuperclass()) {
      for (Field f : k.getDeclaredFields()) {
        CommandLine.Spec s = f.getAnnotation(CommandLine.Spec.class);
        if (s != null) {
          if (s.value() != CommandLine.Spec.Target.SELF) {
            throw new IllegalStateException(owner.getClass().getName() + "." + f.getName() + ": @Spec(" + s.value()
                + ") is not carried by VerbSpecs");
          }
          line(w, "S", ownerName, f.getName());
        }
      }
    }
  }

  private static void writeArg(Writer w, String kind, String ownerName, ArgSpec a, String namesOrIndex)
      throws IOException {
    String field = "";
    for (String line : a.description()) {
      if (line.indexOf('\n') >= 0) {
        throw new IllegalStateException("a description line with a newline is not carried by VerbSpecs: " + a);
      }
    }
    if (ownerName.equals(HELP_OWNER) && a.type() != boolean.class) {
      throw new IllegalStateException("picocli's help options are booleans: " + a);
    }
    if (!ownerName.equals(HELP_OWNER)) {
      if (!(a.userObject() instanceof Field f)) {
        throw new IllegalStateException("an option or parameter on a method is not carried by VerbSpecs: " + a);
      }
      field = f.getName();
    }
    StringBuilder flags = new StringBuilder();
    if (a.required()) {
      flags.append('r');
    }
    if (a.hidden()) {
      flags.append('h');
    }
    if (a instanceof OptionSpec o && o.usageHelp()) {
      flags.append('u');
    }
    if (a instanceof OptionSpec o && o.versionHelp()) {
      flags.append('v');
    }
    List<String> aux = new ArrayList<>();
    for (Class<?> t : a.auxiliaryTypes()) {
      aux.add(t.getName());
    }
    List<String> converters = new ArrayList<>();
    for (CommandLine.ITypeConverter<?> c : a.converters()) {
      converters.add(c.getClass().getName());
    }
    line(w, kind, ownerName, field, namesOrIndex, a.arity().isUnspecified() ? "" : a.arity().toString(),
        a.paramLabel(), flags.toString(), a.defaultValue(), a.type().getName(), String.join(" ", aux),
        a.splitRegex(), String.join(" ", converters), String.join("\n", a.description()));
  }

  /**
   * Fails the build when a model uses what the records do not carry, so that a new verb or option
   * attribute is added here (and to {@code VerbSpecsTest}) instead of being dropped at run time.
   */
  static void check(CommandSpec spec) {
    UsageMessageSpec fresh = CommandSpec.create().usageMessage();
    UsageMessageSpec u = spec.usageMessage();
    require(spec, "usage message", Objects.equals(u.synopsisHeading(), fresh.synopsisHeading())
        && Arrays.equals(u.customSynopsis(), fresh.customSynopsis())
        && Objects.equals(u.descriptionHeading(), fresh.descriptionHeading())
        && Objects.equals(u.headerHeading(), fresh.headerHeading())
        && Objects.equals(u.footerHeading(), fresh.footerHeading())
        && Objects.equals(u.optionListHeading(), fresh.optionListHeading())
        && Objects.equals(u.parameterListHeading(), fresh.parameterListHeading())
        && Objects.equals(u.commandListHeading(), fresh.commandListHeading())
        && u.exitCodeList().isEmpty() && u.sortOptions() == fresh.sortOptions()
        && u.sortSynopsis() == fresh.sortSynopsis() && u.abbreviateSynopsis() == fresh.abbreviateSynopsis()
        && u.showDefaultValues() == fresh.showDefaultValues() && u.hidden() == fresh.hidden()
        && u.requiredOptionMarker() == fresh.requiredOptionMarker() && u.autoWidth() == fresh.autoWidth()
        && u.width() == fresh.width() && u.showAtFileInUsageHelp() == fresh.showAtFileInUsageHelp()
        && u.showEndOfOptionsDelimiterInUsageHelp() == fresh.showEndOfOptionsDelimiterInUsageHelp());
    CommandSpec plain = CommandSpec.create();
    require(spec, "argument groups", spec.argGroups().isEmpty());
    require(spec, "subcommands", spec.subcommands().isEmpty());
    // (with a version provider, version() is what the provider says)
    require(spec, "version texts", spec.versionProvider() != null || spec.version().length == 0);
    require(spec, "exit codes", spec.exitCodeOnSuccess() == plain.exitCodeOnSuccess()
        && spec.exitCodeOnUsageHelp() == plain.exitCodeOnUsageHelp()
        && spec.exitCodeOnVersionHelp() == plain.exitCodeOnVersionHelp()
        && spec.exitCodeOnInvalidInput() == plain.exitCodeOnInvalidInput()
        && spec.exitCodeOnExecutionException() == plain.exitCodeOnExecutionException());
    require(spec, "unmatched arguments", spec.unmatchedArgsBindings().isEmpty());
    require(spec, "default value provider", spec.defaultValueProvider() == null);
    require(spec, "negatable option transformer",
        spec.negatableOptionTransformer().getClass() == plain.negatableOptionTransformer().getClass());
    // description keys only matter with a resource bundle (picocli's help mixin has keys)
    require(spec, "resource bundle", spec.resourceBundle() == null);
    OptionSpec plainOption = OptionSpec.builder("-x").build();
    String mapFallback = plainOption.mapFallbackValue();
    for (ArgSpec a : spec.args()) {
      String arg = "argument " + a + "'s ";
      require(spec, arg + "interactive", !a.interactive());
      require(spec, arg + "scope", a.scopeType() == CommandLine.ScopeType.LOCAL && !a.inherited());
      require(spec, arg + "group", a.group() == null);
      require(spec, arg + "consumer", sameClass(a.parameterConsumer(), plainOption.parameterConsumer())
          && sameClass(a.preprocessor(), plainOption.preprocessor()));
      require(spec, arg + "completion candidates", a.completionCandidates() == null || a.type().isEnum());
      require(spec, arg + "default visibility", a.showDefaultValue() == CommandLine.Help.Visibility.ON_DEMAND);
      require(spec, arg + "map fallback", mapFallback.equals(a.mapFallbackValue()));
      if (a.converters().length == 0
          && (excluded(a.type()) || Arrays.stream(a.auxiliaryTypes()).anyMatch(VerbSpecs::excluded))) {
        throw new IllegalStateException("verb " + spec.name() + ": " + a + " is of a type whose built-in converter"
            + " picocli is told not to register (Main.CONVERTER_EXCLUDES); give it a converter or narrow the list");
      }
      if (a instanceof OptionSpec o) {
        require(spec, arg + "option attributes",
            !o.negatable() && o.fallbackValue().isEmpty() && o.order() == -1 && !o.help());
      }
    }
  }

  private static boolean excluded(Class<?> type) {
    return Arrays.stream(Main.CONVERTER_EXCLUDES.split(",")).anyMatch(type.getName()::matches);
  }

  private static boolean sameClass(Object a, Object b) {
    return a == null ? b == null : b != null && a.getClass() == b.getClass();
  }

  private static void require(CommandSpec spec, String what, boolean carried) {
    if (!carried) {
      throw new IllegalStateException("verb " + spec.name() + ": its " + what
          + " use an attribute VerbSpecs does not carry; add it to VerbSpecs and VerbSpecsTest");
    }
  }

  private static void line(Writer w, String... fields) throws IOException {
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        w.write('\t');
      }
      w.write(escape(fields[i]));
    }
    w.write('\n');
  }

  private static String escape(String s) {
    if (s == null) {
      return "\\0";
    }
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
  }

  private static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    if (s.equals("\\0")) {
      return null;
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        b.append(n == 't' ? '\t' : n == 'n' ? '\n' : n);
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
