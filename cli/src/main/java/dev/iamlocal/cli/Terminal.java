package dev.iamlocal.cli;

import java.io.Console;
import java.lang.reflect.Method;
import java.util.Map;
import picocli.CommandLine.Help.Ansi;

/**
 * Whether the command may colour what it prints (today only picocli's help uses colour): only on
 * an interactive terminal, never when {@code NO_COLOR} is set to anything but the empty string
 * (no-color.org) or the terminal is {@code TERM=dumb}. Picocli's own automatic mode would also
 * colour output piped to a file when {@code CLICOLOR_FORCE} or {@code picocli.ansi} says so; the
 * rule here is one and simple.
 */
final class Terminal {

  private Terminal() {}

  /** The colour setting for this process: its environment and whether its console is a terminal. */
  static Ansi ansi() {
    return ansi(System.getenv(), interactive(System.console()));
  }

  /** The colour setting for an environment and a terminal, or none ({@code tty} false). */
  static Ansi ansi(Map<String, String> env, boolean tty) {
    String noColor = env.get("NO_COLOR");
    if (!tty || (noColor != null && !noColor.isEmpty()) || "dumb".equals(env.get("TERM"))) {
      return Ansi.OFF;
    }
    return Ansi.ON;
  }

  /**
   * Whether standard input and output are a terminal. Up to JDK 21 a console exists only then; from
   * JDK 22 one always exists and says so through {@code isTerminal()}, looked up by reflection
   * because this code is compiled for Java 17.
   */
  static boolean interactive(Console console) {
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }
}
