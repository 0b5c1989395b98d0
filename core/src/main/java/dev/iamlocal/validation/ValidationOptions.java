package dev.iamlocal.validation;

/**
 * Options of one validation.
 *
 * @param resourceType for resource policies, the CloudFormation type of the resource it is
 *     attached to ({@code AWS::S3::Bucket}, {@code AWS::KMS::Key}, …), which decides the size
 *     quota; null when unknown
 */
public record ValidationOptions(String resourceType) {

  private static final ValidationOptions DEFAULTS = new ValidationOptions(null);

  /** No resource type. */
  public static ValidationOptions defaults() {
    return DEFAULTS;
  }

  /** The options with this resource type. */
  public ValidationOptions withResourceType(String type) {
    return new ValidationOptions(type);
  }
}
