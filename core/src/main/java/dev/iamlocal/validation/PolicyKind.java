package dev.iamlocal.validation;

import java.util.Locale;

/**
 * What a policy document is used as; it decides which elements are allowed and which size quota
 * applies (spec §1.5, §13).
 */
public enum PolicyKind {
  /** Attached to a user, group or role (inline or managed). */
  IDENTITY("identity"),
  /** Attached to a resource (bucket policy, key policy, …); names principals. */
  RESOURCE("resource"),
  /** An AWS Organizations service control policy. */
  SERVICE_CONTROL("service-control"),
  /** An AWS Organizations resource control policy. */
  RESOURCE_CONTROL("resource-control"),
  /** A managed policy used as a permissions boundary. */
  PERMISSIONS_BOUNDARY("permissions-boundary"),
  /** A role trust policy ({@code AssumeRolePolicyDocument}). */
  TRUST("trust");

  private final String cliName;

  PolicyKind(String cliName) {
    this.cliName = cliName;
  }

  /** The name the CLI takes: {@code identity}, {@code service-control}, … */
  public String cliName() {
    return cliName;
  }

  /** True for the kinds whose principal is implicit and that must not name one. */
  public boolean forbidsPrincipal() {
    return this == IDENTITY || this == PERMISSIONS_BOUNDARY || this == SERVICE_CONTROL;
  }

  /** True for the kinds that must name a principal in every statement. */
  public boolean requiresPrincipal() {
    return this == RESOURCE || this == TRUST || this == RESOURCE_CONTROL;
  }

  /** True for policies that IAM stores (identity, boundary, trust): IAM's Sid and size rules apply. */
  public boolean storedByIam() {
    return this == IDENTITY || this == PERMISSIONS_BOUNDARY || this == TRUST;
  }

  /** Parses a CLI name ({@code service-control}) or an enum name ({@code SERVICE_CONTROL}); null if unknown. */
  public static PolicyKind parse(String s) {
    String n = s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (PolicyKind k : values()) {
      if (k.cliName.equals(n)) {
        return k;
      }
    }
    return null;
  }
}
