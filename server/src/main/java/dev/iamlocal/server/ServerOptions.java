package dev.iamlocal.server;

import dev.iamlocal.server.decisionlog.DecisionLog;
import dev.iamlocal.server.http.HostNames;
import dev.iamlocal.server.authz.Listener;
import java.time.Duration;
import java.util.List;

/**
 * Options of {@link IamServer} beyond the main address.
 *
 * @param listeners extra listening addresses, each a simulated network ({@link Listener})
 * @param sageMakerSettle how long each simulated SageMaker lifecycle step takes (Pending -> InService…)
 * @param decisionLogMax how many of the newest decision-log records are kept (older ones are deleted)
 * @param decisionLog which decisions the decision log records
 * @param hostnames DNS names besides {@code localhost} under which browsers may reach the console
 *     ({@code --hostname}); see {@link HostNames}
 */
public record ServerOptions(List<Listener> listeners, Duration sageMakerSettle, long decisionLogMax,
    DecisionLog.Mode decisionLog, List<String> hostnames) {

  /** The decision log's default window: about 100 MB of SQLite at a typical 1 KB per record. */
  public static final long DEFAULT_DECISION_LOG_MAX = DecisionLog.DEFAULT_MAX;

  /** No extra listeners; lifecycle steps of 3 seconds; the default decision-log window. */
  public static final ServerOptions DEFAULT = new ServerOptions(List.of(), Duration.ofSeconds(3));

  public ServerOptions {
    listeners = List.copyOf(listeners);
    hostnames = List.copyOf(hostnames);
    for (String h : hostnames) {
      if (!HostNames.isName(h)) {
        throw new IllegalArgumentException("not a DNS host name (letters, digits, '-' and '.'): '" + h + "'");
      }
    }
    java.util.Objects.requireNonNull(decisionLog, "decisionLog");
    if (sageMakerSettle.isNegative()) {
      throw new IllegalArgumentException("sageMakerSettle must not be negative");
    }
    if (decisionLogMax < 1) {
      throw new IllegalArgumentException("decisionLogMax must be positive: " + decisionLogMax);
    }
  }

  /** No extra host names. */
  public ServerOptions(List<Listener> listeners, Duration sageMakerSettle, long decisionLogMax,
      DecisionLog.Mode decisionLog) {
    this(listeners, sageMakerSettle, decisionLogMax, decisionLog, List.of());
  }

  /** These options with {@code names} as the extra host names. */
  public ServerOptions withHostnames(List<String> names) {
    return new ServerOptions(listeners, sageMakerSettle, decisionLogMax, decisionLog, names);
  }

  /** With the default decision-log window, recording every decision. */
  public ServerOptions(List<Listener> listeners, Duration sageMakerSettle) {
    this(listeners, sageMakerSettle, DEFAULT_DECISION_LOG_MAX, DecisionLog.Mode.ALL);
  }
}
