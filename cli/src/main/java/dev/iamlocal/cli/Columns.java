package dev.iamlocal.cli;

/**
 * Text padded to a column's width, as {@code String.format("%-Ns")} and {@code "%Nd"} pad it, without
 * {@link java.util.Formatter}: its first use in a process compiles its format-specifier regex, and its first
 * {@code %d} loads the locale's number symbols (the CLDR provider, its service look-ups and resource bundles),
 * together ~15 ms of a 0.2 s {@code simulate}. Widths count {@code char}s, as the formatter does; digits are always
 * ASCII (the formatter would localise them in a few locales, which no script reading the output expects).
 */
final class Columns {

  private Columns() {}

  /** {@code s} followed by spaces up to {@code width} characters ({@code %-Ns}); longer text is not cut. */
  static String left(String s, int width) {
    String v = String.valueOf(s);
    if (v.length() >= width) {
      return v;
    }
    StringBuilder b = new StringBuilder(width).append(v);
    while (b.length() < width) {
      b.append(' ');
    }
    return b.toString();
  }

  /** {@code n} after spaces up to {@code width} characters ({@code %Nd}). */
  static String right(long n, int width) {
    String v = Long.toString(n);
    if (v.length() >= width) {
      return v;
    }
    StringBuilder b = new StringBuilder(width);
    while (b.length() + v.length() < width) {
      b.append(' ');
    }
    return b.append(v).toString();
  }

  /**
   * Text from a file made safe to print in a table: C0 and C1 control characters and DEL as escapes (a line feed as
   * backslash-n, likewise r and t, any other as backslash-u and four hex digits), so that a line break or a terminal
   * escape sequence in a name cannot break the table or draw on the terminal. Printable text, non-ASCII included, is
   * unchanged.
   */
  static String printable(String s) {
    return escape(s, false);
  }

  /**
   * {@link #printable} for text of several lines (an explanation): its line breaks and tabs (a policy excerpt's
   * indentation) stay, every other control character is escaped (one decoded from a JSON string, such as a Sid, a
   * policy's name or a context value, could otherwise reach the terminal raw).
   */
  static String printableLines(String s) {
    return escape(s, true);
  }

  private static String escape(String s, boolean lines) {
    int i = 0;
    while (i < s.length() && !control(s, i, lines)) {
      i++;
    }
    if (i == s.length()) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length() + 8).append(s, 0, i);
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!control(s, i, lines)) {
        b.append(c);
      } else if (c == '\n') {
        b.append("\\n");
      } else if (c == '\r') {
        b.append("\\r");
      } else if (c == '\t') {
        b.append("\\t");
      } else {
        String hex = Integer.toHexString(c);
        b.append("\\u").append("0000", hex.length(), 4).append(hex);
      }
    }
    return b.toString();
  }

  /** Whether the character at {@code i} is escaped: a control character, but for text of lines a line break. */
  private static boolean control(String s, int i, boolean lines) {
    char c = s.charAt(i);
    if (lines && (c == '\n' || c == '\t' || (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n'))) {
      return false; // (a CR LF is the line separator on Windows)
    }
    return c < 0x20 || (c >= 0x7f && c <= 0x9f);
  }
}
