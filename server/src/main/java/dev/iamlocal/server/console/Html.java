package dev.iamlocal.server.console;

import java.util.List;

/** HTML building: escaping, the page frame with its navigation, and the AccessDenied panel. */
final class Html {

  private Html() {}

  /** Escapes text for element content and double-quoted attribute values. */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** Escapes a query parameter value (RFC 3986 unreserved characters kept). */
  static String url(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static final List<String[]> NAV = List.of(
      new String[] {"users", "/console/users", "Users"},
      new String[] {"groups", "/console/groups", "Groups"},
      new String[] {"roles", "/console/roles", "Roles"},
      new String[] {"policies", "/console/policies", "Policies"},
      new String[] {"editor", "/console/editor", "Policy editor"},
      new String[] {"simulator", "/console/simulator", "Simulator"},
      new String[] {"matrix", "/console/matrix", "Access matrix"},
      new String[] {"decisions", "/console/decisions", "Decision log"});

  /**
   * A whole page. {@code session} null gives the signed-out frame (no navigation).
   *
   * @param page the navigation key of the page, also set as {@code data-page} for the script
   * @param body already-escaped HTML
   */
  static String page(String title, Sessions.Session session, String page, String body) {
    StringBuilder b = new StringBuilder(body.length() + 2048);
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>").append(esc(title)).append(" · iamlocal</title>")
        .append("<link rel=\"stylesheet\" href=\"/console/static/console.css\">")
        .append("<script src=\"/console/static/console.js\" defer></script>")
        .append("<script src=\"/console/static/manage.js\" defer></script></head>")
        .append("<body data-page=\"").append(esc(page)).append("\"");
    if (session != null) {
      b.append(" data-csrf=\"").append(esc(session.csrf())).append("\"");
    }
    b.append("><a class=\"skip\" href=\"#main\">Skip to content</a><header><span class=\"brand\">iamlocal console</span>");
    if (session != null) {
      b.append("<nav aria-label=\"Main\"><ul>");
      for (String[] n : NAV) {
        b.append("<li><a href=\"").append(n[1]).append("\"").append(n[0].equals(page) ? " aria-current=\"page\"" : "")
            .append(">").append(n[2]).append("</a></li>");
      }
      b.append("</ul></nav><form class=\"signout\" method=\"post\" action=\"/console/signout\">")
          .append(csrfField(session)).append("<span>Signed in as <strong id=\"whoami\">")
          .append(esc(session.displayName())).append("</strong></span> <button type=\"submit\" id=\"signout\">Sign out</button></form>");
    }
    b.append("</header><main id=\"main\" tabindex=\"-1\"><h1>").append(esc(title)).append("</h1>")
        .append(body).append("</main></body></html>\n");
    return b.toString();
  }

  static String csrfField(Sessions.Session s) {
    return "<input type=\"hidden\" name=\"_csrf\" value=\"" + esc(s.csrf()) + "\">";
  }

  /** The panel shown in place of content the principal may not see, with AWS's message. */
  static String denied(String message) {
    return "<div class=\"panel denied\" role=\"alert\"><h2>AccessDenied</h2><p class=\"denied-message\">"
        + esc(message) + "</p></div>";
  }

  static String error(String code, String message) {
    return "<div class=\"panel error\" role=\"alert\"><h2>" + esc(code) + "</h2><p>" + esc(message) + "</p></div>";
  }

  static String notice(String message) {
    return "<div class=\"panel notice\" role=\"status\"><p>" + esc(message) + "</p></div>";
  }
}
