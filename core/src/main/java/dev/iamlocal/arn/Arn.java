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

  /** The whole ARN; each part is a range of it, cut out only when asked for. */
  private final String text;
  /** The indices of the five colons that end the prefix, partition, service, region and account. */
  private final int c1;
  private final int c2;
  private final int c3;
  private final int c4;
  private final int c5;

  private Arn(String text, int c1, int c2, int c3, int c4, int c5) {
    this.text = text;
    this.c1 = c1;
    this.c2 = c2;
    this.c3 = c3;
    this.c4 = c4;
    this.c5 = c5;
  }

  private static Arn ofParts(String partition, String service, String region, String account, String resource) {
    int c1 = 3;
    int c2 = c1 + 1 + partition.length();
    int c3 = c2 + 1 + service.length();
    int c4 = c3 + 1 + region.length();
    int c5 = c4 + 1 + account.length();
    return new Arn("arn:" + partition + ":" + service + ":" + region + ":" + account + ":" + resource, c1, c2, c3, c4,
        c5);
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
    return ofParts(partition, service, region, account, resource);
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
    return ofParts("aws", "iam", "", account, type + path + name);
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
    // the five colons of arn:partition:service:region:account:resource, found in place: an ARN is
    // parsed for every authorized call, and its parts are rarely all wanted
    int c1 = text.indexOf(':');
    int c2 = c1 < 0 ? -1 : text.indexOf(':', c1 + 1);
    int c3 = c2 < 0 ? -1 : text.indexOf(':', c2 + 1);
    int c4 = c3 < 0 ? -1 : text.indexOf(':', c3 + 1);
    int c5 = c4 < 0 ? -1 : text.indexOf(':', c4 + 1);
    if (c5 < 0 || c1 != 3 || !text.startsWith("arn")) {
      throw new InvalidArnException("Invalid ARN: '" + printable(abbreviate(text)) + "' is not arn:partition:service"
          + ":region:account:resource.");
    }
    token("partition", text, c1 + 1, c2, false);
    token("service", text, c2 + 1, c3, false);
    token("region", text, c3 + 1, c4, true);
    account(text, c4 + 1, c5);
    if (c5 == text.length() - 1) {
      throw new InvalidArnException("Invalid ARN: the resource is empty.");
    }
    for (int i = c5 + 1; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i))) {
        throw new InvalidArnException("Invalid ARN: the resource '" + printable(abbreviate(text.substring(c5 + 1)))
            + "' holds a control character.");
      }
    }
    return new Arn(text, c1, c2, c3, c4, c5);
  }

  private static String abbreviate(String s) {
    return s.length() <= 256 ? s : s.substring(0, 256) + "…";
  }

  public String partition() {
    return text.substring(c1 + 1, c2);
  }

  public String service() {
    return text.substring(c2 + 1, c3);
  }

  public String region() {
    return text.substring(c3 + 1, c4);
  }

  public String account() {
    return text.substring(c4 + 1, c5);
  }

  public String resource() {
    return text.substring(c5 + 1);
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
    token(what, v, 0, v.length(), mayBeEmpty);
  }

  /** {@link #token(String, String, boolean)} of {@code text}'s range {@code from}..{@code to}. */
  private static void token(String what, String text, int from, int to, boolean mayBeEmpty) {
    if (from == to && !mayBeEmpty) {
      throw new InvalidArnException("Invalid ARN: the " + what + " is empty.");
    }
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
        throw new InvalidArnException("Invalid ARN: the " + what + " '" + printable(text.substring(from, to))
            + "' holds '" + printable(String.valueOf(c)) + "', which an ARN's " + what + " cannot hold.");
      }
    }
  }

  private static void account(String v) {
    Objects.requireNonNull(v, "account");
    account(v, 0, v.length());
  }

  /** Empty, {@code aws} or twelve digits: {@code text}'s range {@code from}..{@code to}. */
  private static void account(String text, int from, int to) {
    int n = to - from;
    if (n == 0 || n == 3 && text.startsWith("aws", from)) {
      return;
    }
    boolean digits = n == 12;
    for (int i = from; digits && i < to; i++) {
      digits = text.charAt(i) >= '0' && text.charAt(i) <= '9';
    }
    if (!digits) {
      throw new InvalidArnException("Invalid ARN: the account '" + printable(text.substring(from, to))
          + "' is not a 12-digit account id.");
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
