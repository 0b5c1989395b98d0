package dev.iamlocal.server.federation;

import java.util.regex.Pattern;

/**
 * IAM's rules for an OpenID Connect provider URL (CreateOpenIDConnectProvider's {@code Url}, and so
 * the issuer of tokens for such a provider). The API reference: the URL "must begin with
 * {@code https://}", "path components are allowed but query parameters are not", it "should not
 * contain a port number"; IAM also refuses user info, a fragment and a host name with characters a
 * host name cannot hold (such as {@code _}). A path must be in the one spelling that matches a
 * token's {@code iss} claim character for character: no {@code .} or {@code ..} segments, no empty
 * segment (but a trailing slash, which makes another provider), no percent-encoding, no backslash —
 * {@code https://idp.example.com/a/../b} would otherwise be a second name for
 * {@code https://idp.example.com/b}.
 */
public final class ProviderUrls {

  private ProviderUrls() {}

  /** Why a URL is refused: IAM answers each kind with its own error. */
  public enum Problem {
    /** Not a URL with a scheme and a host at all ({@code example.com}, {@code https://}). */
    NOT_A_URL,
    /** A scheme other than {@code https} ({@code http://}, {@code HTTPS://}). */
    NOT_HTTPS,
    /** A URL IAM refuses: user info, port, query, fragment, a bad host or a non-canonical path. */
    NOT_ACCEPTED
  }

  /** A refused URL: the kind, and why in words. */
  public static final class Refused extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    /** The kind of refusal. */
    public final Problem problem;

    Refused(Problem problem, String why) {
      super(why, null);
      this.problem = problem;
    }
  }

  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://.*", Pattern.DOTALL);
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
  private static final Pattern PATH_CHARS = Pattern.compile("[A-Za-z0-9._~!$&'()*+,;=:@/-]*");

  /**
   * The provider URL as IAM keeps it (host and path, without {@code https://}).
   *
   * @throws Refused with the kind of problem and why
   */
  public static String check(String url) {
    if (url == null || !SCHEME.matcher(url).matches()) {
      throw new Refused(Problem.NOT_A_URL, "a provider URL is https:// and a host name");
    }
    if (!url.startsWith("https://")) {
      throw new Refused(Problem.NOT_HTTPS, "the URL must begin with https:// (in lower case)");
    }
    String rest = url.substring("https://".length());
    int slash = rest.indexOf('/');
    String host = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash);
    if (host.isEmpty()) {
      throw new Refused(Problem.NOT_A_URL, "the URL names no host");
    }
    if (host.contains("@")) {
      throw new Refused(Problem.NOT_ACCEPTED, "a provider URL has no user info (user@host)");
    }
    if (host.contains(":")) {
      throw new Refused(Problem.NOT_ACCEPTED, "a provider URL has no port");
    }
    if (rest.contains("?")) {
      throw new Refused(Problem.NOT_ACCEPTED, "a provider URL has no query");
    }
    if (rest.contains("#")) {
      throw new Refused(Problem.NOT_ACCEPTED, "a provider URL has no fragment");
    }
    if (host.length() > 253 || host.endsWith(".") || !allLabels(host)) {
      throw new Refused(Problem.NOT_ACCEPTED, "the host is not a host name (letters, digits and hyphens in"
          + " dot-separated labels)");
    }
    if (!PATH_CHARS.matcher(path).matches()) {
      throw new Refused(Problem.NOT_ACCEPTED, "the path holds characters a provider URL cannot hold (white space,"
          + " percent-encoding, backslash or characters outside ASCII)");
    }
    String[] segments = path.isEmpty() ? new String[0] : path.substring(1).split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      String seg = segments[i];
      if (seg.equals(".") || seg.equals("..")) {
        throw new Refused(Problem.NOT_ACCEPTED, "the path has a '" + seg + "' segment: the URL must be written"
            + " as the issuer writes it, without relative segments");
      }
      if (seg.isEmpty() && i < segments.length - 1) {
        throw new Refused(Problem.NOT_ACCEPTED, "the path has an empty segment (//)");
      }
    }
    return rest;
  }

  private static boolean allLabels(String host) {
    for (String label : host.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }
}
