package dev.iamlocal.store;

/** The IAM identities that policies attach to, with the words IAM uses for them in messages. */
public enum EntityType {
  USER("user", "User", 2048, 10),
  GROUP("group", "Group", 5120, 10),
  ROLE("role", "Role", 10240, 10);

  private final String column;
  private final String title;
  private final int inlineAggregateLimit;
  private final int managedAttachLimit;

  EntityType(String column, String title, int inlineAggregateLimit, int managedAttachLimit) {
    this.column = column;
    this.title = title;
    this.inlineAggregateLimit = inlineAggregateLimit;
    this.managedAttachLimit = managedAttachLimit;
  }

  /** Lower-case name as stored and as used in ARNs ({@code user}, {@code group}, {@code role}). */
  public String word() {
    return column;
  }

  /** Capitalized name ({@code User}) as in IAM quota names ({@code PoliciesPerUser}). */
  public String title() {
    return title;
  }

  /** Aggregate size of all inline policies, in non-whitespace characters (spec §13). */
  public int inlineAggregateLimit() {
    return inlineAggregateLimit;
  }

  /** Managed policies that may be attached (spec §13, defaults). */
  public int managedAttachLimit() {
    return managedAttachLimit;
  }
}
