package dev.iamlocal.validation;

import java.util.Locale;

/** How serious a finding is, in IAM Access Analyzer's four levels, most serious first. */
public enum Severity {
  /** The policy is invalid or does not do what it says (IAM rejects it, or a part grants nothing). */
  ERROR,
  /** The policy grants more than it seems to. */
  SECURITY_WARNING,
  /** Valid, but does not follow best practice or may not behave as intended. */
  WARNING,
  /** The policy can be simplified or tidied. */
  SUGGESTION;

  /** The spelling Access Analyzer uses for {@code findingType}, e.g. {@code SECURITY_WARNING}. */
  public String json() {
    return name();
  }

  /** Lower case with hyphens, as the CLI writes it: {@code security-warning}. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** True if this is at least as serious as {@code other}. */
  public boolean atLeast(Severity other) {
    return ordinal() <= other.ordinal();
  }

  /** Parses {@code error}, {@code security-warning}, {@code SECURITY_WARNING}, …; null if unknown. */
  public static Severity parse(String s) {
    String n = s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (Severity v : values()) {
      if (v.name().equals(n)) {
        return v;
      }
    }
    return null;
  }
}
