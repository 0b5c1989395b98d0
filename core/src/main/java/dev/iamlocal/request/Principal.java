package dev.iamlocal.request;

import java.util.ArrayList;
import java.util.List;

/**
 * Who makes a request: an IAM user, a role session, a federated-user session, an account's root
 * user, an AWS service principal, or an anonymous caller.
 *
 * @param kind what sort of principal this is
 * @param arn the caller's own ARN (the session ARN for a role session); the service name for a
 *     service principal; {@code *} for anonymous
 * @param accountId the caller's account (null for services and anonymous callers)
 * @param principalArn what {@code aws:PrincipalArn} holds: the role ARN for a role session
 * @param name the user, role, federated-user or service name
 * @param sessionName the role session name, or null
 */
public record Principal(Kind kind, String arn, String accountId, String principalArn, String name, String sessionName) {

  /** Kinds of principal; {@link #policyType()} is the value of {@code aws:PrincipalType}. */
  public enum Kind {
    ROOT("Account"),
    USER("User"),
    /** A session of a role (named by its assumed-role ARN, or by the role ARN when no session is named). */
    ASSUMED_ROLE("AssumedRole"),
    FEDERATED_USER("FederatedUser"),
    SERVICE("Service"),
    ANONYMOUS("Anonymous");

    private final String policyType;

    Kind(String policyType) {
      this.policyType = policyType;
    }

    /** The {@code aws:PrincipalType} value. */
    public String policyType() {
      return policyType;
    }
  }

  /** The anonymous caller ({@code "*"}). */
  public static final Principal ANONYMOUS = new Principal(Kind.ANONYMOUS, "*", null, null, null, null);

  /**
   * Reads a principal from an ARN ({@code arn:aws:iam::111122223333:user/alice},
   * {@code arn:aws:sts::111122223333:assumed-role/R/s}, {@code arn:aws:iam::111122223333:role/R},
   * {@code arn:aws:iam::111122223333:root}, {@code arn:aws:sts::111122223333:federated-user/n}),
   * a service principal ({@code sagemaker.amazonaws.com}), or {@code *}/{@code anonymous}.
   *
   * @throws IllegalArgumentException with a readable message when the text is none of those
   */
  public static Principal parse(String s) {
    if (s == null || s.isEmpty()) {
      throw new IllegalArgumentException("a principal is required: an IAM user, role or session ARN, a service principal, or \"*\"");
    }
    if (s.equals("*") || s.equalsIgnoreCase("anonymous")) {
      return ANONYMOUS;
    }
    if (!s.startsWith("arn:")) {
      if (s.matches("[a-z0-9.-]+\\.amazonaws\\.com(\\.cn)?")) {
        return new Principal(Kind.SERVICE, s, null, null, s, null);
      }
      if (s.matches("\\d{12}")) {
        return parse("arn:aws:iam::" + s + ":root");
      }
      throw new IllegalArgumentException("\"" + s + "\" is not a principal: expected an ARN such as "
          + "arn:aws:iam::111122223333:user/alice, a service principal such as sagemaker.amazonaws.com, or \"*\"");
    }
    String[] p = s.split(":", 6);
    if (p.length < 6 || !isAccountId(p[4])) {
      throw new IllegalArgumentException("\"" + s + "\" is not a principal ARN (expected arn:PARTITION:iam::ACCOUNT:user/NAME or similar)");
    }
    String partition = p[1];
    String service = p[2];
    String account = p[4];
    String resource = p[5];
    if (service.equals("iam") && resource.equals("root")) {
      return new Principal(Kind.ROOT, s, account, s, null, null);
    }
    if (service.equals("iam") && resource.startsWith("user/")) {
      return new Principal(Kind.USER, s, account, s, lastSegment(resource), null);
    }
    if (service.equals("iam") && resource.startsWith("role/")) {
      return new Principal(Kind.ASSUMED_ROLE, s, account, s, lastSegment(resource), null);
    }
    if (service.equals("sts") && resource.startsWith("assumed-role/")) {
      String[] parts = resource.split("/");
      if (parts.length < 3) {
        throw new IllegalArgumentException("\"" + s + "\" is not an assumed-role ARN (expected assumed-role/ROLE/SESSION)");
      }
      String roleArn = "arn:" + partition + ":iam::" + account + ":role/" + parts[1];
      return new Principal(Kind.ASSUMED_ROLE, s, account, roleArn, parts[1], parts[2]);
    }
    if (service.equals("sts") && resource.startsWith("federated-user/")) {
      return new Principal(Kind.FEDERATED_USER, s, account, s, lastSegment(resource), null);
    }
    throw new IllegalArgumentException("\"" + s + "\" is not a principal ARN: expected a user, role, assumed-role, "
        + "federated-user or root ARN");
  }

  /**
   * Twelve ASCII digits ({@code \\d{12}}), checked without compiling that regex: this runs for every
   * principal of every request.
   */
  private static boolean isAccountId(String s) {
    if (s.length() != 12) {
      return false;
    }
    for (int i = 0; i < 12; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static String lastSegment(String resource) {
    return resource.substring(resource.lastIndexOf('/') + 1);
  }

  /** The partition from the ARN ({@code aws} when there is none). */
  public String partition() {
    return arn.startsWith("arn:") ? arn.split(":", 3)[1] : "aws";
  }

  /** The account's root ARN, or null for services and anonymous callers. */
  public String accountArn() {
    return accountId == null ? null : "arn:" + partition() + ":iam::" + accountId + ":root";
  }

  /** True for role and federated-user sessions, the principals session policies apply to. */
  public boolean isSession() {
    return kind == Kind.ASSUMED_ROLE || kind == Kind.FEDERATED_USER;
  }

  /**
   * The ARNs this principal answers to in a {@code Principal} element, most specific first: a
   * session, its role, its account (spec §5). Used for NotPrincipal as well (Q8).
   */
  public List<String> identities() {
    List<String> out = new ArrayList<>(3);
    switch (kind) {
      case ANONYMOUS -> out.add("*");
      case SERVICE -> out.add(arn);
      default -> {
        out.add(arn);
        if (principalArn != null && !principalArn.equals(arn)) {
          out.add(principalArn);
        }
        if (kind != Kind.ROOT) {
          out.add(accountArn());
        }
      }
    }
    return out;
  }
}
