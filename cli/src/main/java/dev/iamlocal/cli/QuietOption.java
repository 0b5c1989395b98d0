package dev.iamlocal.cli;

import picocli.CommandLine.Option;

/**
 * {@code -q, --quiet}, shared by the verbs that print summary lines or warnings around their
 * output (a picocli mixin): those lines are dropped; the output itself and the exit status stay.
 */
final class QuietOption {

  @Option(names = {"-q", "--quiet"},
      description = "Print no summary lines or warnings, only the output itself; the exit status is unchanged.")
  boolean quiet;

  /** Whether summary lines and warnings are to be left out. */
  boolean on() {
    return quiet;
  }
}
