package dev.iamlocal.glob;

import java.util.BitSet;

/**
 * Pattern text in which some characters are marked literal: a {@code *} or {@code ?} at a marked
 * position is an ordinary character. Produced by substituting policy variables, whose values and
 * escapes ({@code ${*}}) must never act as wildcards.
 */
public record MarkedText(String text, BitSet literal) {

  /** Text whose every {@code *} and {@code ?} is a wildcard. */
  public static MarkedText pattern(String text) {
    return new MarkedText(text, new BitSet());
  }

  public MarkedText substring(int from, int to) {
    return new MarkedText(text.substring(from, to), literal.get(from, to));
  }

  /** Adds this text to a glob builder, wildcards and literal runs kept apart. */
  public Glob.Builder appendTo(Glob.Builder b) {
    int i = 0;
    while (i < text.length()) {
      boolean lit = literal.get(i);
      int j = lit ? literal.nextClearBit(i) : literal.nextSetBit(i);
      if (j < 0 || j > text.length()) {
        j = text.length();
      }
      if (lit) {
        b.literal(text.substring(i, j));
      } else {
        b.pattern(text.substring(i, j));
      }
      i = j;
    }
    return b;
  }
}
