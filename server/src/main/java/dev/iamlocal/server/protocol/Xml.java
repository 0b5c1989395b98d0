package dev.iamlocal.server.protocol;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;

/** A tiny XML writer for Query-protocol responses: elements and escaped text, nothing else. */
public final class Xml {

  private final StringBuilder b = new StringBuilder();
  private final Deque<String> open = new ArrayDeque<>();

  /** Opens element {@code name}. */
  public Xml open(String name) {
    b.append('<').append(name).append('>');
    open.push(name);
    return this;
  }

  /** Opens element {@code name} in namespace {@code xmlns}. */
  public Xml open(String name, String xmlns) {
    b.append('<').append(name).append(" xmlns=\"").append(xmlns).append("\">");
    open.push(name);
    return this;
  }

  /** Closes the innermost open element. */
  public Xml close() {
    b.append("</").append(open.pop()).append('>');
    return this;
  }

  /** An element with text; skipped when {@code value} is null (absent members are omitted, as AWS does). */
  public Xml el(String name, Object value) {
    if (value == null) {
      return this;
    }
    String text = value instanceof Instant i ? date(i) : value.toString();
    b.append('<').append(name).append('>');
    escape(text);
    b.append("</").append(name).append('>');
    return this;
  }

  static String date(Instant i) {
    return DateTimeFormatter.ISO_INSTANT.format(i.truncatedTo(ChronoUnit.SECONDS));
  }

  /** {@code i} with exactly three digits of milliseconds ({@code 2026-04-21T07:37:10.000Z}). */
  static String dateMillis(Instant i) {
    String whole = date(i);
    int millis = i.truncatedTo(ChronoUnit.MILLIS).getNano() / 1_000_000;
    return whole.substring(0, whole.length() - 1) + "." + (char) ('0' + millis / 100) + (char) ('0' + millis / 10 % 10)
        + (char) ('0' + millis % 10) + "Z";
  }

  /**
   * Escapes markup and replaces every character XML 1.0 forbids (C0 controls other than tab, line
   * feed and carriage return, unpaired surrogates, U+FFFE and U+FFFF) with U+FFFD: an error message
   * may echo a hostile parameter, and one forbidden character makes the whole response unreadable
   * to every XML parser (boto3 fails with a parse error). Not even as a character reference: those
   * are forbidden too in XML 1.0.
   */
  private void escape(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '\r' -> b.append("&#xD;");
        case '\t', '\n' -> b.append(c);
        default -> {
          if (c < 0x20 || c == 0xFFFE || c == 0xFFFF) {
            b.append('\uFFFD');
          } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            b.append(c).append(s.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            b.append('\uFFFD');
          } else {
            b.append(c);
          }
        }
      }
    }
  }

  @Override
  public String toString() {
    if (!open.isEmpty()) {
      throw new IllegalStateException("unclosed elements " + open);
    }
    return b.toString();
  }
}
