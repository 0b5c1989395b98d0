package dev.iamlocal.cli.scenario;

import java.io.IOException;
import java.io.Reader;

/**
 * A reader that keeps the characters it has handed out since a mark, so that the exact source
 * text of a JSON value can be cut out by character offsets while the file is read as a stream.
 * Only the current scenario member (plus the parser's read-ahead) is held in memory: between scenarios, before the
 * first and after the last, and between a scenario's members and policies, the separators (JSON white space,
 * commas) are not kept, so a file with a huge run of them between its values costs no memory (it used to hold the
 * whole run).
 */
final class RecordingReader extends Reader {

  private final Reader in;
  private final StringBuilder kept = new StringBuilder(16 * 1024);
  /** Absolute character offset of {@code kept.charAt(0)}. */
  private long base;
  /** Between values: nothing is kept, and separators read now are dropped (see {@link #skipSeparators}). */
  private boolean between = true;
  /** Whether nothing was read yet (a byte-order mark there is not part of the JSON). */
  private boolean first = true;

  RecordingReader(Reader in) {
    this.in = in;
  }

  @Override
  public int read(char[] cbuf, int off, int len) throws IOException {
    int n = in.read(cbuf, off, len);
    if (first && n > 0) {
      first = false;
      // A UTF-8 byte-order mark, as editors on Windows write it: not JSON, and not a column of the first line. The
      // parser and the offsets begin after it.
      if (cbuf[off] == '\uFEFF') {
        System.arraycopy(cbuf, off + 1, cbuf, off, n - 1);
        n--;
        if (n == 0) {
          return read(cbuf, off, len);
        }
      }
    }
    if (n > 0) {
      int from = off;
      if (between) {
        while (from < off + n && separator(cbuf[from])) {
          from++;
        }
        base += from - off;
        between = from == off + n;
      }
      kept.append(cbuf, from, off + n - from);
    }
    return n;
  }

  /**
   * Called after a value was read in full (its text sliced): forgets what was kept up to {@code offset}, its end,
   * and drops the separators that follow it, up to the next value, as they are read.
   */
  void skipSeparators(long offset) {
    discardBefore(offset);
    int i = 0;
    while (i < kept.length() && separator(kept.charAt(i))) {
      i++;
    }
    discardBefore(base + i);
    between = kept.length() == 0;
  }

  private static boolean separator(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == ',';
  }

  /** How many characters are held (tests). */
  int held() {
    return kept.length();
  }

  /** Forgets every character before absolute offset {@code offset}. */
  void discardBefore(long offset) {
    int drop = (int) Math.min(kept.length(), Math.max(0, offset - base));
    if (drop > 0) {
      kept.delete(0, drop);
      base += drop;
    }
  }

  /** The characters from {@code start} (inclusive) to {@code end} (exclusive), absolute offsets. */
  String slice(long start, long end) {
    if (start < base || end > base + kept.length() || start > end) {
      throw new IllegalStateException("text " + start + ".." + end + " is no longer held (held from " + base + ")");
    }
    return kept.substring((int) (start - base), (int) (end - base));
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
