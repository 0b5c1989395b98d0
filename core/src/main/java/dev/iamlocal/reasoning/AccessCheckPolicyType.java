package dev.iamlocal.reasoning;

/** Access Analyzer's {@code policyType}: which side of a request the policy sits on. */
public enum AccessCheckPolicyType {
  /** Attached to a principal: no Principal element; governs that principal's requests. */
  IDENTITY_POLICY,
  /** Attached to a resource: its Principal element says who it grants. */
  RESOURCE_POLICY;

  /** The type named {@code s} exactly as AWS spells it, or null. */
  public static AccessCheckPolicyType parse(String s) {
    for (AccessCheckPolicyType t : values()) {
      if (t.name().equals(s)) {
        return t;
      }
    }
    return null;
  }
}
