package dev.iamlocal.evaluation;

/**
 * How a Principal element named the caller, which decides what a same-account resource-based
 * Allow can bypass (spec §10.3 table).
 */
enum PrincipalGrant {
  /** Not named. */
  NONE(false, false, false),
  /** The account ({@code 111122223333} or its root ARN): delegation, the identity side must allow too. */
  ACCOUNT(false, false, false),
  /** The role whose session calls: identity implicit denies ignored; boundary and session policy limit. */
  ROLE(true, false, false),
  /** The IAM user itself, a role session ARN, a federated-user session ARN, a service, or {@code *}. */
  DIRECT(true, true, true);

  final boolean bypassIdentity;
  final boolean bypassBoundary;
  final boolean bypassSession;

  PrincipalGrant(boolean bypassIdentity, boolean bypassBoundary, boolean bypassSession) {
    this.bypassIdentity = bypassIdentity;
    this.bypassBoundary = bypassBoundary;
    this.bypassSession = bypassSession;
  }

  PrincipalGrant strongest(PrincipalGrant other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
