package dev.iamlocal.catalog;

import java.util.Objects;

/**
 * An AWS managed policy, default version.
 *
 * @param name e.g. {@code AmazonSageMakerFullAccess}
 * @param arn e.g. {@code arn:aws:iam::aws:policy/AmazonSageMakerFullAccess}
 * @param path IAM path, {@code /} or e.g. {@code /service-role/}
 * @param versionId e.g. {@code v29}
 * @param createDate ISO-8601
 * @param updateDate ISO-8601
 * @param document the policy document as JSON text (2-space indent); kept as text so that
 *     positions reported in it are stable
 */
public record ManagedPolicy(
    String name,
    String arn,
    String path,
    String versionId,
    String createDate,
    String updateDate,
    String document) {

  public ManagedPolicy {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(arn, "arn");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(versionId, "versionId");
    Objects.requireNonNull(createDate, "createDate");
    Objects.requireNonNull(updateDate, "updateDate");
    Objects.requireNonNull(document, "document");
  }

  @Override
  public String toString() {
    return "ManagedPolicy[" + arn + " " + versionId + "]";
  }
}
