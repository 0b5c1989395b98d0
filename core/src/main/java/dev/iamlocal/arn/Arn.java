package dev.iamlocal.arn;

import java.util.Objects;

/**
 * An ARN built from parts ({@code arn:partition:service:region:account:resource}), each part
 * checked for what it can hold, so that no value taken from a request can add a part, a wildcard or
 * a control character to an ARN that policies are then matched against: a region of
 * {@code us-east-1:999999999999} would shift the account into the resource and escape a Deny by
 * ARN. Every ARN the server builds from request data is made here.
 *
 * <ul>
 *   <li>partition and service: lower-case letters, digits and {@code -}, not empty;
 *   <li>region: the same, or empty (global services);
 *   <li>account: twelve digits, {@code aws} (AWS managed policies) or empty;
 *   <li>resource: not empty, printable ASCII without blanks (0x21–0x7E), no {@code *} or {@code ?}
 *       (except in an IAM path, which may hold any of those characters: {@link #iam}).
 * </ul>
 *
 * A bad part is an {@link InvalidArnException}: callers answer it as a client error.
 */
public final class Arn {

  private final String partition;
  private final String service;
  private final String region;
  private final String account;
  private final String resource;
  private final String text;

  private Arn(String partition, String service, String region, String account, String resource) {
    this.partition = partition;
    this.service = service;
    this.region = region;
    this.account = account;
    this.resource = resource;
    this.text = "arn:" + partition + ":" + service + ":" + region + ":" + account + ":" + resource;
  }

  /** A part of an ARN that it cannot hold. */
  public static final class InvalidArnException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    InvalidArnException(String message) {
      super(message);
    }
  }

  /** An ARN of any service; the resource may not hold a wildcard. */
  public static Arn of(String partition, String service, String region, String account, String resource) {
    token("partition", partition, false);
    token("service", service, false);
    token("region", region, true);
    account(account);
    resource("resource", resource, false);
    return new Arn(partition, service, region, account, resource);
  }

  /**
   * An IAM entity's ARN in the {@code aws} partition: {@code arn:aws:iam::account:type/path/name}.
   * The path is IAM's ({@code /} or {@code /…/} of printable ASCII, which may include {@code *});
   * the name holds no {@code /} and no wildcard.
   */
  public static Arn iam(String account, String type, String path, String name) {
    token("IAM resource type", type, false);
    Objects.requireNonNull(path, "path");
    if (!path.equals("/") && !(path.length() > 2 && path.startsWith("/") && path.endsWith("/"))) {
      throw new InvalidArnException("Invalid ARN: the IAM path '" + printable(path) + "' must be / or begin and end"
          + " with /.");
    }
    resource("IAM path", path, true);
    resource("IAM name", name, false);
    if (name.indexOf('/') >= 0) {
      throw new InvalidArnException("Invalid ARN: the IAM name '" + printable(name) + "' cannot hold a /.");
    }
    account(account);
    return new Arn("aws", "iam", "", account, type + path + name);
  }

  /**
   * Reads the ARN a request is authorized on ({@code arn:partition:service:region:account:resource}),
   * its first four parts checked as {@link #of} checks them, so that the account is the fifth part
   * and nothing else: a resource of a call is then owned by the account its ARN names. The resource
   * part must not be empty and holds no control character; anything else is allowed there (an S3
   * object key may hold blanks and any Unicode, an IAM path {@code *}).
   *
   * @throws InvalidArnException for text that is no such ARN
   */
  public static Arn parse(String text) {
    Objects.requireNonNull(text, "ARN");
    String[] parts = text.split(":", 6);
    if (parts.length != 6 || !parts[0].equals("arn")) {
      throw new InvalidArnException("Invalid ARN: '" + printable(abbreviate(text)) + "' is not arn:partition:service"
          + ":region:account:resource.");
    }
    token("partition", parts[1], false);
    token("service", parts[2], false);
    token("region", parts[3], true);
    account(parts[4]);
    String resource = parts[5];
    if (resource.isEmpty()) {
      throw new InvalidArnException("Invalid ARN: the resource is empty.");
    }
    for (int i = 0; i < resource.length(); i++) {
      if (Character.isISOControl(resource.charAt(i))) {
        throw new InvalidArnException("Invalid ARN: the resource '" + printable(abbreviate(resource)) + "' holds a"
            + " control character.");
      }
    }
    return new Arn(parts[1], parts[2], parts[3], parts[4], resource);
  }

  private static String abbreviate(String s) {
    return s.length() <= 256 ? s : s.substring(0, 256) + "…";
  }

  public String partition() {
    return partition;
  }

  public String service() {
    return service;
  }

  public String region() {
    return region;
  }

  public String account() {
    return account;
  }

  public String resource() {
    return resource;
  }

  /** The ARN as text. */
  @Override
  public String toString() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Arn a && a.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  private static void token(String what, String v, boolean mayBeEmpty) {
    Objects.requireNonNull(v, what);
    if (v.isEmpty() && !mayBeEmpty) {
      throw new InvalidArnException("Invalid ARN: the " + what + " is empty.");
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
        throw new InvalidArnException("Invalid ARN: the " + what + " '" + printable(v) + "' holds '" + printable(
            String.valueOf(c)) + "', which an ARN's " + what + " cannot hold.");
      }
    }
  }

  private static void account(String v) {
    Objects.requireNonNull(v, "account");
    if (v.isEmpty() || v.equals("aws")) {
      return;
    }
    boolean digits = v.length() == 12;
    for (int i = 0; digits && i < v.length(); i++) {
      digits = v.charAt(i) >= '0' && v.charAt(i) <= '9';
    }
    if (!digits) {
      throw new InvalidArnException("Invalid ARN: the account '" + printable(v) + "' is not a 12-digit account id.");
    }
  }

  private static void resource(String what, String v, boolean wildcards) {
    Objects.requireNonNull(v, what);
    if (v.isEmpty()) {
      throw new InvalidArnException("Invalid ARN: the " + what + " is empty.");
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < 0x21 || c > 0x7E || !wildcards && (c == '*' || c == '?')) {
        throw new InvalidArnException("Invalid ARN: the " + what + " '" + printable(v) + "' holds '" + printable(
            String.valueOf(c)) + "', which an ARN's " + what + " cannot hold.");
      }
    }
  }

  /** {@code v} with control characters as {@code \\uXXXX}, so that a message cannot carry them. */
  private static String printable(String v) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < 0x20 || c == 0x7F || Character.isISOControl(c)) {
        b.append(String.format("\\u%04X", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
