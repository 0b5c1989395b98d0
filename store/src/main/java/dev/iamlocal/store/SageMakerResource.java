package dev.iamlocal.store;

import java.time.Instant;
import java.util.Map;

/**
 * A stored SageMaker resource.
 *
 * @param type the IAM catalog's resource type, e.g. {@code training-job}
 * @param body the Create request's JSON (what Describe echoes), as last updated
 * @param status the last explicit lifecycle status (computed steps are the caller's business)
 * @param statusTime when {@code status} was set
 * @param tags the resource's tags, in insertion order
 */
public record SageMakerResource(String arn, String accountId, String region, String type, String name, String body,
    String status, Instant statusTime, Instant creationTime, Instant lastModifiedTime, Map<String, String> tags) {

  public SageMakerResource {
    tags = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tags));
  }
}
