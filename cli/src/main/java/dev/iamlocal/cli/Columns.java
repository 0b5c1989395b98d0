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
}
