package dev.iamlocal.simulation;

import dev.iamlocal.catalog.ActionDefinition;
import dev.iamlocal.catalog.ActionResourceType;
import dev.iamlocal.catalog.ResourceTypeDefinition;
import dev.iamlocal.catalog.ServiceCatalog;
import dev.iamlocal.catalog.ServiceDefinition;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code EvalResourceName} of a result over several resources: the ARN pattern of the action's
 * resource type that holds every one of them, as AWS answers since the simulator returns one
 * result per action. Real IAM answered s3:GetObject over three objects with
 * {@code arn:aws:s3:::${BucketName}/${KeyName}} (stackd's recording, 2026-09-11): the type's pattern
 * with the partition filled in and the other placeholders left as they are.
 *
 * <p>AWS's patterns come from its own table, whose placeholder names are not always the Service
 * Authorization Reference's (S3's object is {@code ${ObjectName}} there, {@code ${KeyName}} in the
 * recording). Where an answer was recorded, its pattern is used; elsewhere the reference's, which
 * is unconfirmed. When the action is not in the catalog or no one of its resource types holds all
 * the resources (several types, a non-ARN), the name is {@code *}: AWS's answer for that case has
 * not been seen.
 */
final class ResourcePatterns {

  /** Patterns AWS was recorded answering, by {@code service/resource type}, where they differ from the reference's. */
  private static final Map<String, String> RECORDED = Map.of(
      "s3/object", "arn:${Partition}:s3:::${BucketName}/${KeyName}");

  private final List<String> resources;
  /** Each resource's matching resource types, computed once per simulation (they do not depend on the action). */
  private List<Set<ResourceTypeDefinition>> typesOf;

  ResourcePatterns(List<String> resources) {
    this.resources = List.copyOf(resources);
  }

  /** The pattern naming the result of {@code action} over the resources, or {@code *}. */
  synchronized String of(String action) {
    ServiceCatalog catalog = ServiceCatalog.bundled();
    Optional<ActionDefinition> a = catalog.action(action);
    Optional<ServiceDefinition> service = a.flatMap(x -> catalog.service(x.prefix()));
    if (a.isEmpty() || service.isEmpty()) {
      return "*";
    }
    if (typesOf == null) {
      typesOf = resources.stream().map(r -> (Set<ResourceTypeDefinition>) new HashSet<>(
          catalog.resourceTypesMatching(r))).toList();
    }
    for (ActionResourceType row : a.get().resourceTypes()) {
      Optional<ResourceTypeDefinition> type = service.get().resourceType(row.name());
      if (type.isPresent() && typesOf.stream().allMatch(t -> t.contains(type.get()))) {
        return withPartition(type.get());
      }
    }
    return "*";
  }

  private String withPartition(ResourceTypeDefinition type) {
    String pattern = RECORDED.getOrDefault(type.servicePrefix() + "/" + type.name(), type.arnFormat());
    int several = pattern.indexOf(", ");
    if (several >= 0) {
      // a type documented with several formats: the first, as the reference lists it
      pattern = pattern.substring(0, several);
    }
    String[] parts = resources.get(0).split(":", 3);
    return parts.length == 3 ? pattern.replace("${Partition}", parts[1]) : pattern;
  }
}
