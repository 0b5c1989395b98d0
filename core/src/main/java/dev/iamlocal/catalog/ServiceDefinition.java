package dev.iamlocal.catalog;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One service of the catalog.
 *
 * @param prefix e.g. {@code sagemaker}
 * @param name e.g. {@code Amazon SageMaker}; for prefixes shared by several AWS doc pages, the name
 *     of one of them
 * @param status current or retired
 * @param statusNote why a retired service is still here
 * @param actions sorted by name
 * @param resourceTypes sorted by name
 * @param conditionKeys the service's condition keys, sorted by name
 */
public record ServiceDefinition(
    String prefix,
    String name,
    ServiceStatus status,
    Optional<String> statusNote,
    List<ActionDefinition> actions,
    List<ResourceTypeDefinition> resourceTypes,
    List<ConditionKeyDefinition> conditionKeys) {

  public ServiceDefinition {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(statusNote, "statusNote");
    actions = List.copyOf(actions);
    resourceTypes = List.copyOf(resourceTypes);
    conditionKeys = List.copyOf(conditionKeys);
  }

  /** The resource type with this name (exact, as action rows name them). */
  public Optional<ResourceTypeDefinition> resourceType(String resourceTypeName) {
    for (ResourceTypeDefinition rt : resourceTypes) {
      if (rt.name().equals(resourceTypeName)) {
        return Optional.of(rt);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "ServiceDefinition[" + prefix + ", " + actions.size() + " actions]";
  }
}
