package dev.iamlocal.catalog;

import java.util.List;
import java.util.Objects;

/**
 * A resource type of a service.
 *
 * @param servicePrefix the service that defines it
 * @param name e.g. {@code training-job}
 * @param arnFormat as AWS documents it, with {@code ${Var}} placeholders; a few types list several
 *     formats separated by {@code ", "}
 * @param conditionKeys keys that apply whenever an action touches this resource type
 */
public record ResourceTypeDefinition(
    String servicePrefix, String name, String arnFormat, List<String> conditionKeys) {

  public ResourceTypeDefinition {
    Objects.requireNonNull(servicePrefix, "servicePrefix");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(arnFormat, "arnFormat");
    conditionKeys = List.copyOf(conditionKeys);
  }
}
