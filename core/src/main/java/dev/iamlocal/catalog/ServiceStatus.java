package dev.iamlocal.catalog;

/** Whether AWS still publishes a service in the Service Authorization Reference. */
public enum ServiceStatus {
  /** Listed in the current reference. */
  CURRENT,
  /**
   * No longer in the reference, kept (from its last archived page) because existing policies,
   * including AWS managed ones, still name its actions.
   */
  RETIRED;

  static ServiceStatus parse(String s) {
    return switch (s) {
      case "current" -> CURRENT;
      case "retired" -> RETIRED;
      default -> throw new IllegalArgumentException("unknown service status: " + s);
    };
  }
}
