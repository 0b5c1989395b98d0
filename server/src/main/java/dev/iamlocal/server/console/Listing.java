package dev.iamlocal.server.console;

import static dev.iamlocal.server.console.Html.esc;
import static dev.iamlocal.server.console.Html.url;

import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * One page of a console list: the items whose name contains {@code ?filter=} (case-insensitive, as
 * the AWS console's search boxes match), {@link #PAGE_SIZE} at a time from {@code ?page=} (1-based).
 *
 * @param shown the items on this page
 * @param total how many items there are before filtering
 * @param matched how many match the filter
 * @param page the page shown (1-based)
 * @param pages how many pages the matches fill (at least 1)
 * @param filter the filter, empty for none
 */
record Listing<T>(List<T> shown, int total, int matched, int page, int pages, String filter) {

  static final int PAGE_SIZE = 50;
  /** A filter is a name's substring: longer than any IAM name is no filter anyone means. */
  static final int FILTER_MAX = 128;

  /** The page the request asks for, of {@code all} filtered by {@code name}. */
  static <T> Listing<T> of(Context ctx, List<T> all, Function<T, String> name) {
    String filter = filter(ctx);
    String q = filter.toLowerCase(Locale.ROOT);
    List<T> matches = q.isEmpty() ? all : all.stream()
        .filter(t -> name.apply(t).toLowerCase(Locale.ROOT).contains(q)).toList();
    int pages = Math.max(1, (matches.size() + PAGE_SIZE - 1) / PAGE_SIZE);
    int page = 1;
    String p = ctx.queryParam("page");
    if (p != null && p.matches("[0-9]{1,6}")) {
      page = Math.min(pages, Math.max(1, Integer.parseInt(p)));
    }
    int from = (page - 1) * PAGE_SIZE;
    return new Listing<>(matches.subList(from, Math.min(matches.size(), from + PAGE_SIZE)), all.size(),
        matches.size(), page, pages, filter);
  }

  /** The request's {@code ?filter=}, trimmed, at most {@link #FILTER_MAX} characters. */
  static String filter(Context ctx) {
    String f = ctx.queryParam("filter");
    if (f == null) {
      return "";
    }
    f = f.trim();
    return f.length() > FILTER_MAX ? f.substring(0, FILTER_MAX) : f;
  }

  /** "1 user", "2 users"; {@code plural} for the words English does not make with an s ("policies"). */
  static String count(int n, String singular, String plural) {
    return n + " " + (n == 1 ? singular : plural);
  }

  /** The caption: "3 users", or "2 of 10 users match “ad”", and the page when there are several. */
  String caption(String singular, String plural) {
    String c = filter.isEmpty() ? count(total, singular, plural)
        : matched + " of " + count(total, singular, plural) + " match \u201c" + filter + "\u201d";
    return esc(c + (pages > 1 ? " (page " + page + " of " + pages + ")" : ""));
  }

  /**
   * The search box: a GET form back to {@code path} with {@code ?filter=}; {@code keep} are other
   * query parameters the form keeps (already known to the page, e.g. a scope).
   */
  static String searchBox(String path, String id, String label, String filter, Map<String, String> keep) {
    StringBuilder b = new StringBuilder("<form class=\"search\" method=\"get\" action=\"").append(esc(path))
        .append("\" role=\"search\"><label for=\"").append(id).append("\">").append(esc(label)).append("</label>")
        .append("<input type=\"search\" id=\"").append(id).append("\" name=\"filter\" maxlength=\"").append(FILTER_MAX)
        .append("\" value=\"").append(esc(filter)).append("\">");
    keep.forEach((k, v) -> b.append("<input type=\"hidden\" name=\"").append(esc(k)).append("\" value=\"")
        .append(esc(v)).append("\">"));
    return b.append("<button type=\"submit\" id=\"").append(id).append("Button\">Search</button></form>").toString();
  }

  /** Previous and next links (nothing when everything fits on one page). */
  String pager(String path, Map<String, String> keep) {
    if (pages <= 1) {
      return "";
    }
    StringBuilder b = new StringBuilder("<nav class=\"pager\" aria-label=\"Pages\">");
    if (page > 1) {
      b.append("<a rel=\"prev\" class=\"prev\" href=\"").append(esc(link(path, keep, page - 1))).append("\">Previous</a> ");
    }
    b.append("<span>Page ").append(page).append(" of ").append(pages).append("</span>");
    if (page < pages) {
      b.append(" <a rel=\"next\" class=\"next\" href=\"").append(esc(link(path, keep, page + 1))).append("\">Next</a>");
    }
    return b.append("</nav>").toString();
  }

  private String link(String path, Map<String, String> keep, int to) {
    StringBuilder q = new StringBuilder(path).append("?page=").append(to);
    if (!filter.isEmpty()) {
      q.append("&filter=").append(url(filter));
    }
    keep.forEach((k, v) -> q.append('&').append(url(k)).append('=').append(url(v)));
    return q.toString();
  }
}
