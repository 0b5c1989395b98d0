package dev.iamlocal.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
 * <p>The second JVM gets this one's options but the C1-only flag and the mark, the same class path,
 * the same arguments, and this process's standard streams; its environment marks it, so it never
 * starts a third. Its exit status is the command's; ending this JVM ends it. If it cannot be
 * started, or could not open the same file, or a tool is attached to this JVM, this JVM runs the
 * file itself (slower, same answer).
 */
final class OptimizingCompiler {

  /** The system property the launcher sets on a C1-only JVM that may hand a large input on. */
  static final String MARK = "iamlocal.jit";

  /** Inputs larger than this many bytes go to the optimizing compiler. */
  static final long LARGE = 64L * 1024 * 1024;

  private static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

  /** The environment variable that marks the second JVM. */
  static final String RELAUNCHED = "IAMLOCAL_RELAUNCHED";

  /**
   * Options that attach a tool to this JVM (a debugger, an agent, JMX, a flight recording): a second
   * JVM would contend for its port or file, and the tool would watch a JVM that only waits, so such a
   * JVM runs the file itself.
   */
  private static final List<String> ATTACHED = List.of("-agentlib:", "-agentpath:", "-javaagent:", "-Xrun",
      "-Dcom.sun.management.", "-XX:StartFlightRecording");

  private OptimizingCompiler() {}

  /**
   * The exit status of {@code args} run in a JVM with the optimizing compiler when this JVM is a
   * marked C1-only one and {@code input} is a file larger than {@link #LARGE}; null when this JVM
   * should run the command itself.
   */
  static Integer relaunchIfLarge(String input, List<String> args) {
    if (System.getenv(RELAUNCHED) != null) {
      endWithTheFirst();
      return null;
    }
    if (!"c1".equals(System.getProperty(MARK)) || input.equals("-")) {
      return null;
    }
    try {
      if (Files.size(Path.of(input)) <= LARGE || !openableByAnotherProcess(Path.of(input))) {
        return null;
      }
    } catch (IOException | RuntimeException e) {
      return null; // not a readable file: the command says why
    }
    List<String> jvmOptions = ManagementFactory.getRuntimeMXBean().getInputArguments();
    if (jvmOptions.stream().anyMatch(o -> ATTACHED.stream().anyMatch(o::startsWith))) {
      return null;
    }
    List<String> command = command(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        jvmOptions, System.getProperty("java.class.path"), args);
    ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
    // their options are among this JVM's, which the command repeats (_JAVA_OPTIONS would also
    // override the command line, mark included, and each JVM would start another)
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    pb.environment().remove("JDK_JAVA_OPTIONS");
    pb.environment().remove("_JAVA_OPTIONS");
    // the second JVM never starts a third, whatever reaches it through options
    pb.environment().put(RELAUNCHED, "1");
    // A signal to this JVM alone (kill, timeout, a CI runner's cancel; a terminal's Ctrl-C reaches
    // both) must not leave the second JVM running on without it: ending this JVM ends the second,
    // and waits for it, so nothing is written after this JVM's exit.
    Reaper reaper = new Reaper();
    Process p;
    try {
      Runtime.getRuntime().addShutdownHook(reaper);
      p = reaper.start(pb);
    } catch (IOException | IllegalStateException e) {
      return null; // not started, or this JVM is ending
    }
    if (p == null) {
      return null;
    }
    while (true) {
      try {
        int status = p.waitFor();
        try {
          Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
          // the hook runs, and finds the process ended
        }
        return status;
      } catch (InterruptedException e) {
        // the child shares the terminal and gets the same signals; wait for its status
      }
    }
  }

  /**
   * In the second JVM: ends it when the first ends before it. The first ends it on the way out (its
   * shutdown hook), except when it is killed outright ({@code kill -9}, an out-of-memory killer):
   * then this JVM, its parent gone, stops within a few tenths of a second (the JDK polls a process
   * that is not its child) rather than writing on to a terminal or file nobody waits for.
   */
  private static void endWithTheFirst() {
    ProcessHandle.current().parent().ifPresent(first ->
        first.onExit().thenRun(() -> Runtime.getRuntime().halt(137))); // 128 + SIGKILL, as the first ended
  }

  /** The shutdown hook that ends the second JVM when this one ends first, and waits for it. */
  private static final class Reaper extends Thread {
    private final Object lock = new Object(); // (not the thread's own monitor, which join uses)
    private Process child;
    private boolean ending;

    Reaper() {
      super("iamlocal-relaunch-reaper");
    }

    /** Starts the second JVM; null when this JVM is ending already (a signal came before). */
    Process start(ProcessBuilder pb) throws IOException {
      synchronized (lock) {
        if (!ending) {
          child = pb.start();
        }
        return child;
      }
    }

    @Override
    public void run() {
      Process p;
      synchronized (lock) {
        ending = true;
        p = child;
      }
      if (p == null) {
        return;
      }
      p.destroy();
      try {
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
      }
    }
  }

  /**
   * Whether another process opening {@code file} opens what this one does: not so for a path
   * through /dev or /proc, such as /dev/fd/N, /dev/stdin or /proc/self/fd/N, which name this
   * process's own descriptors (the second JVM inherits only the standard streams), reached
   * directly, through a symbolic link, or through a linked directory.
   */
  static boolean openableByAnotherProcess(Path file) throws IOException {
    Path p = file.toAbsolutePath();
    for (int hops = 0; hops < 40; hops++) {
      Path parent = p.getParent();
      Path real = parent == null ? p : parent.toRealPath().resolve(p.getFileName());
      if (real.startsWith("/proc") || real.startsWith("/dev")) {
        return false;
      }
      if (!Files.isSymbolicLink(real)) {
        return true;
      }
      p = real.resolveSibling(Files.readSymbolicLink(real));
    }
    return false; // a loop of links: the command says why
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
