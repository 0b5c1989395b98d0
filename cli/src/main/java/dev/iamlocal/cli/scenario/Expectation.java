package dev.iamlocal.cli.scenario;

import dev.iamlocal.evaluation.Outcome;
import java.util.Locale;

/** The decision a scenario (or {@code --expect}) requires; {@link #DENIED} accepts either deny. */
public enum Expectation {
  ALLOWED("allowed"),
  EXPLICIT_DENY("explicitDeny"),
  IMPLICIT_DENY("implicitDeny"),
  DENIED("denied");

  private final String json;

  Expectation(String json) {
    this.json = json;
  }

  /** The spelling in scenario files and on the command line. */
  public String json() {
    return json;
  }

  public boolean matches(Outcome o) {
    return switch (this) {
      case ALLOWED -> o == Outcome.ALLOWED;
      case EXPLICIT_DENY -> o == Outcome.EXPLICIT_DENY;
      case IMPLICIT_DENY -> o == Outcome.IMPLICIT_DENY;
      case DENIED -> o != Outcome.ALLOWED;
    };
  }

  /** Reads {@code allowed|explicitDeny|implicitDeny|denied} (any case); null when it is none of them. */
  public static Expectation parse(String s) {
    if (s == null) {
      return null;
    }
    String k = s.toLowerCase(Locale.ROOT);
    for (Expectation e : values()) {
      if (e.json.toLowerCase(Locale.ROOT).equals(k)) {
        return e;
      }
    }
    return null;
  }
}
