package dev.iamlocal.server;

import java.time.Duration;
import java.util.List;

/**
 * Options of {@link IamServer} beyond the main address.
 *
 * @param listeners extra listening addresses, each a simulated network ({@link Listener})
 * @param sageMakerSettle how long each simulated SageMaker lifecycle step takes (Pending -> InService…)
 */
public record ServerOptions(List<Listener> listeners, Duration sageMakerSettle) {

  /** No extra listeners; lifecycle steps of 3 seconds. */
  public static final ServerOptions DEFAULT = new ServerOptions(List.of(), Duration.ofSeconds(3));

  public ServerOptions {
    listeners = List.copyOf(listeners);
    if (sageMakerSettle.isNegative()) {
      throw new IllegalArgumentException("sageMakerSettle must not be negative");
    }
  }
}
