package dev.iamlocal.cli;

import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a verb's own code once, on a small built-in input and into nothing, on a second core while
 * the main thread reads the command line.
 *
 * <p>Why: most of a short run's time after the JVM has started goes to loading, linking and
 * initializing classes and resolving their references on first use (the class-data archive
 * saves reading and verifying them, not that), and the main thread does it in turn for picocli
 * and then for the verb's work. Whatever one thread loads, links or initializes is done for the
 * whole process, so the verb's first scenarios, done here, run beside picocli's set-up instead of
 * after it. The warm-up has no effect but on time: it reads no file, writes nothing, and a failure
 * in it only costs the time it would have saved (the main thread then does the work itself).
 *
 * <p>Only with a second processor to run on; on one it would only add work.
 */
final class WarmUp {

  private WarmUp() {}

  /** The verbs that have a warm-up, by name, given the command line. */
  private static final Map<String, Consumer<String[]>> VERBS = Map.of("simulate", SimulateCommand::warmUp);

  /** Starts the warm-up of the verb {@code args} names, if it has one and there is a core for it; returns the thread. */
  static Thread start(String[] args) {
    Consumer<String[]> warmUp = args.length == 0 ? null : VERBS.get(args[0]);
    if (warmUp == null || Runtime.getRuntime().availableProcessors() < 2) {
      return null;
    }
    String[] copy = args.clone();
    Thread t = new Thread(() -> {
      try {
        warmUp.accept(copy);
      } catch (RuntimeException | LinkageError e) {
        // only time is lost: the main thread meets whatever this was on its own, and reports it
      }
    }, "iamlocal-warm-up");
    t.setDaemon(true);
    t.start();
    return t;
  }
}
