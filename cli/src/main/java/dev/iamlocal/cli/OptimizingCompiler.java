package dev.iamlocal.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@code simulate} of a large scenario file again in a JVM with the optimizing compiler.
 *
 * <p>Why: the launcher starts short verbs with the C1 compiler only, which starts fastest; a large
 * file needs C2 (C1 alone makes a 200,000-scenario run, 340 MB, about 60 % slower; below 64 MB C1
 * wins: 1,000 scenarios 0.90 s vs 1.92 s of CPU, 10,000 2.1 s vs 4.1 s). The launcher could tell
 * the two apart only by asking a {@code stat} process for the file's size, about 12 ms of every
 * short run; so it marks a C1-only JVM ({@code -Diamlocal.jit=c1}) and the JVM decides here, at
 * the cost of a second start-up (~0.2 s) for files that take seconds.
 *
 * <p>The second JVM gets this one's options but the C1-only flag and the mark (so it never starts a
 * third), the same class path, the same arguments, and this process's standard streams; its exit
 * status is the command's. If it cannot be started, this JVM runs the file itself (slower, same
 * answer).
 */
final class OptimizingCompiler {

  /** The system property the launcher sets on a C1-only JVM that may hand a large input on. */
  static final String MARK = "iamlocal.jit";

  /** Inputs larger than this many bytes go to the optimizing compiler. */
  static final long LARGE = 64L * 1024 * 1024;

  private static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

  private OptimizingCompiler() {}

  /**
   * The exit status of {@code args} run in a JVM with the optimizing compiler when this JVM is a
   * marked C1-only one and {@code input} is a file larger than {@link #LARGE}; null when this JVM
   * should run the command itself.
   */
  static Integer relaunchIfLarge(String input, List<String> args) {
    if (!"c1".equals(System.getProperty(MARK)) || input.equals("-")) {
      return null;
    }
    try {
      if (Files.size(Path.of(input)) <= LARGE) {
        return null;
      }
    } catch (IOException | RuntimeException e) {
      return null; // not a readable file: the command says why
    }
    List<String> command = command(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        ManagementFactory.getRuntimeMXBean().getInputArguments(), System.getProperty("java.class.path"), args);
    ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
    // their options are among this JVM's, which the command repeats
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    pb.environment().remove("JDK_JAVA_OPTIONS");
    try {
      Process p = pb.start();
      while (true) {
        try {
          return p.waitFor();
        } catch (InterruptedException e) {
          // the child shares the terminal and gets the same signals; wait for its status
        }
      }
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * The second JVM's command line: {@code java}, this JVM's options without the C1-only flag and the
   * mark, the class path, the main class and the command's arguments.
   */
  static List<String> command(String java, List<String> jvmOptions, String classPath, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(java);
    for (String option : jvmOptions) {
      if (!option.equals(C1_ONLY) && !option.startsWith("-D" + MARK + "=")) {
        command.add(option);
      }
    }
    command.add("-cp");
    command.add(classPath);
    command.add(Main.class.getName());
    command.addAll(args);
    return command;
  }
}
