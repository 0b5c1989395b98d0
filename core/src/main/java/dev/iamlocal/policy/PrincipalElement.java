package dev.iamlocal.policy;

import java.util.Map;

/**
 * A {@code Principal} or {@code NotPrincipal} element. {@code wildcard} is the bare string
 * {@code "*"}; otherwise {@code byType} maps {@code AWS}, {@code Service}, {@code Federated} or
 * {@code CanonicalUser} to its values (spec §5).
 */
public record PrincipalElement(boolean wildcard, Map<String, ValueList> byType, Span span, JsonPath path) {

  public PrincipalElement {
    byType = Map.copyOf(byType);
  }

  /** The principal types IAM recognises inside a {@code Principal} map. */
  public static final java.util.Set<String> TYPES = java.util.Set.of("AWS", "Service", "Federated", "CanonicalUser");
}
