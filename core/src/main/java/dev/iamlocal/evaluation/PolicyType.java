package dev.iamlocal.evaluation;

/**
 * The kinds of policy that take part in a decision (spec §10), with the phrases AWS uses for
 * them in AccessDenied messages.
 */
public enum PolicyType {
  SERVICE_CONTROL("scp", "service control policy"),
  RESOURCE_CONTROL("rcp", "resource control policy"),
  VPC_ENDPOINT("vpcEndpoint", "VPC endpoint policy"),
  RESOURCE("resource", "resource-based policy"),
  IDENTITY("identity", "identity-based policy"),
  PERMISSIONS_BOUNDARY("permissionsBoundary", "permissions boundary"),
  SESSION("session", "session policy");

  private final String json;
  private final String phrase;

  PolicyType(String json, String phrase) {
    this.json = json;
    this.phrase = phrase;
  }

  /** The name in JSON output ({@code identity}, {@code permissionsBoundary}, …). */
  public String json() {
    return json;
  }

  /** How AWS names the policy type in messages ("identity-based policy"). */
  public String phrase() {
    return phrase;
  }

  /** The phrase with its indefinite article, as AWS messages use it ("an identity-based policy"). */
  public String withArticle() {
    return ("aeiou".indexOf(phrase.charAt(0)) >= 0 ? "an " : "a ") + phrase;
  }

  /** True for policy types whose statements carry a Principal that must match the caller. */
  public boolean hasPrincipal() {
    return this == RESOURCE || this == RESOURCE_CONTROL || this == VPC_ENDPOINT;
  }
}
