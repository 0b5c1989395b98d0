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
   * validator is the only reader in the verbs that take this option.
   */
  static boolean readsCatalog(String[] args) {
    return !java.util.Arrays.asList(args).contains("--no-validate");
  }

  /** Whether the validator runs, given the verb's {@code --quiet}. */
  boolean validates(QuietOption quiet) {
    return !noValidate && !quiet.on();
  }
}
