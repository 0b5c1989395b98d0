package dev.iamlocal.catalog;

import java.util.Locale;

/** The access level AWS assigns to an action in the Service Authorization Reference. */
public enum AccessLevel {
  LIST("List"),
  READ("Read"),
  WRITE("Write"),
  PERMISSIONS_MANAGEMENT("Permissions management"),
  TAGGING("Tagging");

  private final String label;

  AccessLevel(String label) {
    this.label = label;
  }

  /** The label the AWS documentation uses, e.g. {@code "Permissions management"}. */
  public String label() {
    return label;
  }

  /** Parses an AWS documentation label, case-insensitively. */
  public static AccessLevel fromLabel(String label) {
    for (AccessLevel level : values()) {
      if (level.label.equalsIgnoreCase(label)) {
        return level;
      }
    }
    throw new IllegalArgumentException("unknown access level: " + label);
  }

  @Override
  public String toString() {
    return label.toLowerCase(Locale.ROOT);
  }
}
