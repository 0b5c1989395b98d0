package dev.iamlocal.server.http;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The names under which the server's unsigned endpoints (the web console) answer. A signed request
 * names its host in the signature; a browser request is only as trustworthy as the name it was sent
 * to. DNS rebinding points an attacker's name at 127.0.0.1, and the victim's browser then sends the
 * attacker's page's requests, cookies aside, to this server with {@code Host: attacker.example}.
 * Answering only for our own names closes that door: IP literals (a rebinding attack needs a name,
 * so an address typed by the user is always ours), {@code localhost} and its subdomains (which
 * resolve to loopback by RFC 6761), and the names the operator gave with {@code --hostname}.
 */
public final class HostNames {

  private final Set<String> names;

  /** IP literals, {@code localhost} and its subdomains, and the operator's {@code extra} names ({@code --hostname}). */
  public HostNames(List<String> extra) {
    Set<String> s = new TreeSet<>();
    for (String n : extra) {
      s.add(n.toLowerCase(Locale.ROOT));
    }
    this.names = Set.copyOf(s);
  }

  /** Whether a request with this {@code Host} header (name or address, with or without port) may be served. */
  public boolean allows(String hostHeader) {
    if (hostHeader == null || hostHeader.isEmpty()) {
      return false; // HTTP/1.1 requires Host; an HTTP/1.0 request without one is not a browser's
    }
    String h = hostHeader.toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end > 0 && isPort(h.substring(end + 1)) && isIpv6(h.substring(1, end));
    }
    int colon = h.indexOf(':');
    String name = colon < 0 ? h : h.substring(0, colon);
    if (colon >= 0 && !isPort(h.substring(colon))) {
      return false;
    }
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1); // the absolute form names the same host
    }
    return isIpv4(name) || name.equals("localhost") || name.endsWith(".localhost") || names.contains(name);
  }

  /** A DNS name an operator may give with {@code --hostname}: letters, digits, hyphens and dots. */
  public static boolean isName(String s) {
    if (s == null || s.isEmpty() || s.length() > 253 || s.startsWith(".") || s.endsWith(".") || s.contains("..")) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.')) {
        return false;
      }
    }
    return true;
  }

  private static boolean isPort(String s) {
    if (s.isEmpty()) {
      return true;
    }
    if (s.charAt(0) != ':' || s.length() < 2 || s.length() > 6) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean isIpv4(String s) {
    return new inet.ipaddr.IPAddressString(s).isIPv4() && s.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9')
        && s.chars().filter(c -> c == '.').count() == 3;
  }

  private static boolean isIpv6(String s) {
    return new inet.ipaddr.IPAddressString(s).isIPv6();
  }
}
