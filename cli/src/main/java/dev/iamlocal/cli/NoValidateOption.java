package dev.iamlocal.cli;

import picocli.CommandLine.Option;

/**
 * {@code --no-validate}, shared by the verbs that decide scenarios ({@code simulate},
 * {@code explain}; a picocli mixin): by default the validator runs over the scenarios' policies.
 */
final class NoValidateOption {

  @Option(names = "--no-validate",
      description = "Do not run the validator over the scenarios' policies (by default its errors and warnings, such as"
          + " a misspelled action that grants nothing, are printed to standard error; --quiet leaves them out too).")
  boolean noValidate;

  /**
   * Whether a run with these arguments reads the service catalog ({@link UsesCatalog}): the
   * validator is the only reader in the verbs that take this option, and {@code --quiet} turns it
   * off as {@code --no-validate} does ({@link #validates}). Read off the raw arguments before
   * picocli parses them, so an argument that merely looks like one of these (a file named
   * {@code -q}) only costs the read-ahead: the validator still reads what it needs.
   */
  static boolean readsCatalog(String[] args) {
    for (String a : args) {
      if (a.equals("--no-validate") || a.equals("--quiet") || a.equals("-q")) {
        return false;
      }
    }
    return true;
  }

  /** Whether the validator runs, given the verb's {@code --quiet}. */
  boolean validates(QuietOption quiet) {
    return !noValidate && !quiet.on();
  }
}
