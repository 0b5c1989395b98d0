package dev.iamlocal.catalog;

import java.util.List;
import java.util.Set;

/**
 * The 87 AWS managed policies the tests pin findings and statement positions on: every policy whose
 * name contains "SageMaker", the requested {@code IAMReadOnlyAccess} and {@code ReadOnlyAccess}, and
 * {@code AdministratorAccess} and {@code PowerUserAccess} (the set iamlocal bundled before it bundled
 * all 1,594; the data README describes it).
 */
public final class SageMakerManagedPolicies {

  private static final Set<String> ALSO =
      Set.of("IAMReadOnlyAccess", "ReadOnlyAccess", "AdministratorAccess", "PowerUserAccess");

  private SageMakerManagedPolicies() {}

  /** The 87, in name order. */
  public static List<ManagedPolicy> all() {
    return ManagedPolicies.bundled().all().stream()
        .filter(p -> p.name().contains("SageMaker") || ALSO.contains(p.name()))
        .toList();
  }
}
