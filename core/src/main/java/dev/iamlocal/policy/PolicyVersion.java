package dev.iamlocal.policy;

/** The policy language version (the {@code Version} element), not a managed-policy version. */
public enum PolicyVersion {
  V2012_10_17("2012-10-17"),
  V2008_10_17("2008-10-17"),
  /** No {@code Version} element: IAM treats the document as {@code 2008-10-17}. */
  ABSENT(null);

  private final String json;

  PolicyVersion(String json) {
    this.json = json;
  }

  public String json() {
    return json;
  }

  /** Policy variables are substituted only under {@code 2012-10-17} (spec §1.4). */
  public boolean supportsVariables() {
    return this == V2012_10_17;
  }

  public static PolicyVersion fromJson(String value) {
    if (value == null) {
      return ABSENT;
    }
    for (PolicyVersion v : values()) {
      if (value.equals(v.json)) {
        return v;
      }
    }
    return null;
  }
}
