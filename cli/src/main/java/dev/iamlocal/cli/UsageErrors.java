package dev.iamlocal.cli;

import dev.iamlocal.text.EditDistance;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * How a command line that does not parse is reported: the command, what was wrong, the nearest
 * correct spelling, and where the help is. A mistyped option is named even when picocli would
 * first complain about a required option it hid ({@code --inptu x} is a typo of {@code --input},
 * not a missing {@code --input}), and a mistyped verb is matched against the verbs only.
 *
 * <pre>
 * iamlocal simulate: Unknown option: '--inptu'; did you mean --input?
 * Try 'iamlocal simulate --help'.
 * </pre>
 */
final class UsageErrors implements CommandLine.IParameterExceptionHandler {

  @Override
  public int handleParseException(CommandLine.ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    CommandSpec spec = cl.getCommandSpec();
    PrintWriter err = cl.getErr();
    for (String line : messages(spec, ex.getMessage(), cl.getUnmatchedArguments())) {
      err.println(spec.qualifiedName() + ": " + line);
    }
    err.println("Try '" + spec.qualifiedName() + " --help'.");
    err.flush();
    return Main.INVALID_INPUT;
  }

  /**
   * The lines describing what is wrong: one per unknown option, else one per unknown verb or
   * unexpected argument, else picocli's own message (a missing or invalid value says it well).
   */
  static List<String> messages(CommandSpec spec, String picocliMessage, List<String> unmatched) {
    List<String> out = new ArrayList<>();
    for (String arg : unmatched) {
      if (isOption(arg)) {
        String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
        out.add("Unknown option: '" + name + "'" + didYouMean(name, optionNames(spec)));
      }
    }
    if (!out.isEmpty()) {
      return out;
    }
    if (!spec.subcommands().isEmpty() && !unmatched.isEmpty()) {
      // the words after an unknown verb are its arguments, not further mistakes
      String verb = unmatched.get(0);
      return List.of("Unknown command: '" + verb + "'" + didYouMean(verb, verbs(spec)));
    }
    for (String arg : unmatched) {
      out.add("Unexpected argument: '" + arg + "'"
          + (spec.positionalParameters().isEmpty() ? " (" + spec.name() + " takes options only)" : ""));
    }
    if (out.isEmpty()) {
      out.add(picocliMessage);
    }
    return out;
  }

  private static boolean isOption(String arg) {
    return arg.length() > 1 && arg.startsWith("-") && !Character.isDigit(arg.charAt(1));
  }

  private static Set<String> optionNames(CommandSpec spec) {
    Set<String> names = new LinkedHashSet<>();
    for (OptionSpec o : spec.options()) {
      if (!o.hidden()) {
        for (String n : o.names()) {
          if (n.startsWith("--")) {
            names.add(n);
          }
        }
      }
    }
    return names;
  }

  private static Set<String> verbs(CommandSpec spec) {
    Set<String> names = new LinkedHashSet<>();
    spec.subcommands().forEach((name, sub) -> {
      if (!sub.getCommandSpec().usageMessage().hidden()) {
        names.add(name);
      }
    });
    return names;
  }

  /**
   * "; did you mean X?" with the closest candidates (edit distance with transpositions, ignoring
   * leading dashes and case), or "" when none is close: a wrong guess is worse than none.
   */
  static String didYouMean(String typed, Collection<String> candidates) {
    String t = bare(typed);
    int best = Integer.MAX_VALUE;
    List<String> nearest = new ArrayList<>();
    for (String c : candidates) {
      String b = bare(c);
      int d = b.startsWith(t) && t.length() >= 3 ? 1 : EditDistance.between(t, b);
      if (d < best) {
        best = d;
        nearest.clear();
      }
      if (d == best) {
        nearest.add(c);
      }
    }
    if (nearest.isEmpty() || best > Math.max(2, t.length() / 3)) {
      return "";
    }
    return "; did you mean " + String.join(" or ", nearest.subList(0, Math.min(3, nearest.size()))) + "?";
  }

  private static String bare(String s) {
    int i = 0;
    while (i < s.length() && s.charAt(i) == '-') {
      i++;
    }
    return s.substring(i).toLowerCase(Locale.ROOT);
  }
}
