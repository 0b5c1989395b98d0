package dev.iamlocal.cli.scenario;

import java.io.IOException;
import java.io.Reader;

/**
 * A reader that keeps the characters it has handed out since a mark, so that the exact source
 * text of a JSON value can be cut out by character offsets while the file is read as a stream.
 * Only the current scenario (plus the parser's read-ahead) is held in memory.
 */
final class RecordingReader extends Reader {

  private final Reader in;
  private final StringBuilder kept = new StringBuilder(16 * 1024);
  /** Absolute character offset of {@code kept.charAt(0)}. */
  private long base;

  RecordingReader(Reader in) {
    this.in = in;
  }

  @Override
  public int read(char[] cbuf, int off, int len) throws IOException {
    int n = in.read(cbuf, off, len);
    if (n > 0) {
      kept.append(cbuf, off, n);
    }
    return n;
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
