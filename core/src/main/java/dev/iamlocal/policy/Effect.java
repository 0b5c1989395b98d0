package dev.iamlocal.policy;

/** A statement's {@code Effect}. The JSON values are case-sensitive: {@code Allow} and {@code Deny}. */
public enum Effect {
  ALLOW("Allow"),
  DENY("Deny");

  private final String json;

  Effect(String json) {
    this.json = json;
  }

  /** The spelling in policy JSON. */
  public String json() {
    return json;
  }

  /** The effect for an exact, case-sensitive JSON value, or null. */
  public static Effect fromJson(String value) {
    for (Effect e : values()) {
      if (e.json.equals(value)) {
        return e;
      }
    }
    return null;
  }
}
