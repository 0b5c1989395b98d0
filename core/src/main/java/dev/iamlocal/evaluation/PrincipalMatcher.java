package dev.iamlocal.evaluation;

import dev.iamlocal.policy.PrincipalElement;
import dev.iamlocal.policy.ValueList;
import dev.iamlocal.request.Principal;
import dev.iamlocal.request.RequestContext;
import java.util.Locale;
import java.util.Map;

/**
 * Matches the caller against a {@code Principal} or {@code NotPrincipal} element (spec §5).
 *
 * <p>A {@code *} inside a principal string is not a wildcard: only the whole value {@code "*"}
 * means everyone. Role ARNs match any session of the role; comparing by account and role name
 * because a session ARN does not carry the role's path.
 *
 * <p>Decision on Q8 (NotPrincipal): a caller answers to several identities at once (session, role,
 * account; see {@link Principal#identities()}). {@code NotPrincipal} excludes the caller only if
 * every one of them is listed, which is why AWS tells authors to list the account and role ARNs
 * next to a user or session: leave the account out and the whole account stays covered.
 */
final class PrincipalMatcher {

  private PrincipalMatcher() {}

  /** How the element names the caller (NONE if it does not). */
  static PrincipalGrant grant(PrincipalElement e, Principal p, RequestContext ctx) {
    if (e.wildcard()) {
      return PrincipalGrant.DIRECT;
    }
    PrincipalGrant best = PrincipalGrant.NONE;
    for (Map.Entry<String, ValueList> t : e.byType().entrySet()) {
      for (String v : t.getValue().strings()) {
        best = best.strongest(grantOne(t.getKey(), v, p, ctx));
      }
    }
    return best;
  }

  /** True if the NotPrincipal element leaves the caller covered (some identity is not listed). */
  static boolean notPrincipalApplies(PrincipalElement e, Principal p, RequestContext ctx) {
    if (e.wildcard()) {
      return false;
    }
    for (String identity : p.identities()) {
      if (!lists(e, identity, p, ctx)) {
        return true;
      }
    }
    return false;
  }

  private static boolean lists(PrincipalElement e, String identity, Principal p, RequestContext ctx) {
    for (Map.Entry<String, ValueList> t : e.byType().entrySet()) {
      for (String v : t.getValue().strings()) {
        if (v.equals("*") && t.getKey().equals("AWS")) {
          return true;
        }
        if (t.getKey().equals("AWS") && sameIdentity(normalizeAccount(v, p), identity, p)) {
          return true;
        }
        if (t.getKey().equals("Service") && p.kind() == Principal.Kind.SERVICE && v.equalsIgnoreCase(identity)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean sameIdentity(String listed, String identity, Principal p) {
    if (listed.equals(identity)) {
      return true;
    }
    // A role ARN with a path names the same role as the path-less ARN derived from a session.
    return identity.equals(p.principalArn()) && p.kind() == Principal.Kind.ASSUMED_ROLE && isRoleArnOf(listed, p);
  }

  private static PrincipalGrant grantOne(String type, String v, Principal p, RequestContext ctx) {
    switch (type) {
      case "AWS": {
        if (v.equals("*")) {
          return PrincipalGrant.DIRECT;
        }
        String arn = normalizeAccount(v, p);
        if (p.kind() == Principal.Kind.ANONYMOUS || p.kind() == Principal.Kind.SERVICE) {
          return PrincipalGrant.NONE;
        }
        if (arn.equals(p.arn())) {
          // The caller itself: a user, a session, a federated user, or the root user.
          return p.kind() == Principal.Kind.ASSUMED_ROLE && p.sessionName() == null ? PrincipalGrant.ROLE
              : p.kind() == Principal.Kind.ROOT ? PrincipalGrant.ACCOUNT : PrincipalGrant.DIRECT;
        }
        if (p.kind() == Principal.Kind.ASSUMED_ROLE && isRoleArnOf(arn, p)) {
          return PrincipalGrant.ROLE;
        }
        if (arn.equals(p.accountArn())) {
          return PrincipalGrant.ACCOUNT;
        }
        return PrincipalGrant.NONE;
      }
      case "Service":
        return p.kind() == Principal.Kind.SERVICE && v.equalsIgnoreCase(p.name()) ? PrincipalGrant.DIRECT
            : PrincipalGrant.NONE;
      case "Federated": {
        var provider = ctx.get("aws:FederatedProvider");
        return provider != null && provider.values().stream().anyMatch(x -> x.equalsIgnoreCase(v))
            ? PrincipalGrant.DIRECT : PrincipalGrant.NONE;
      }
      case "CanonicalUser": {
        var id = ctx.get("s3:CanonicalUser");
        return id != null && id.values().contains(v) ? PrincipalGrant.DIRECT : PrincipalGrant.NONE;
      }
      default:
        return PrincipalGrant.NONE;
    }
  }

  /** {@code 111122223333} in a Principal means {@code arn:aws:iam::111122223333:root}. */
  private static String normalizeAccount(String v, Principal p) {
    if (v.length() == 12 && v.chars().allMatch(Character::isDigit)) {
      return "arn:" + p.partition() + ":iam::" + v + ":root";
    }
    return v;
  }

  private static boolean isRoleArnOf(String arn, Principal p) {
    if (p.principalArn() == null) {
      return false;
    }
    if (arn.equals(p.principalArn())) {
      return true;
    }
    String[] a = arn.split(":", 6);
    return a.length == 6 && a[2].equals("iam") && a[4].equals(p.accountId()) && a[5].startsWith("role/")
        && a[5].substring(a[5].lastIndexOf('/') + 1).equals(p.name())
        && a[1].toLowerCase(Locale.ROOT).equals(p.partition());
  }
}
