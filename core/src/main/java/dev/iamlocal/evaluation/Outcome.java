package dev.iamlocal.evaluation;

/** The three results of an evaluation, spelled as the IAM policy simulator spells them. */
public enum Outcome {
  ALLOWED("allowed"),
  EXPLICIT_DENY("explicitDeny"),
  IMPLICIT_DENY("implicitDeny");

  private final String json;

  Outcome(String json) {
    this.json = json;
  }

  public String json() {
    return json;
  }

  public boolean allowed() {
    return this == ALLOWED;
  }

  public static Outcome fromJson(String s) {
    for (Outcome o : values()) {
      if (o.json.equalsIgnoreCase(s) || o.name().equalsIgnoreCase(s)) {
        return o;
      }
    }
    return null;
  }
}
