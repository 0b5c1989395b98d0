package dev.iamlocal.glob;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An IAM wildcard pattern ({@code *} = any run of characters including none, {@code ?} = exactly one
 * character), compiled once and matched against the whole input (anchored at both ends).
 *
 * <p>Why not a regex: policies are untrusted input, and a backtracking regex engine can take
 * exponential time on patterns such as {@code a*a*a*a*b}. This matcher splits the pattern at its
 * stars into segments and places each middle segment at its leftmost possible position. Leftmost
 * placement is always safe: a star before a segment can absorb anything, so a later placement can
 * never make the rest match when the leftmost one does not. No position is ever revisited, so a
 * match costs at most O(n·k) for input length n and longest segment k, and O(n) for segments
 * without {@code ?} thanks to {@link String#indexOf}.
 *
 * <p>Instances are immutable and thread-safe. Characters that must not act as wildcards (the
 * {@code ${*}} and {@code ${?}} policy-variable escapes, or text substituted from a request) are
 * added with {@link Builder#literal(String)}.
 */
public final class Glob {

  /** Pattern pieces between stars. {@code wild[i]} marks the {@code ?} positions of segment i. */
  private final String[] segments;
  private final boolean[][] questionMarks;
  private final boolean leadingStar;
  private final boolean trailingStar;
  private final boolean ignoreCase;
  private final String source;
  private final int minLength;

  private Glob(Builder b) {
    List<String> segs = new ArrayList<>(b.segments);
    segs.add(b.current.toString());
    List<boolean[]> marks = new ArrayList<>(b.marks);
    marks.add(toArray(b.currentMarks, b.current.length()));
    this.leadingStar = b.leadingStar;
    this.trailingStar = b.lastWasStar;
    // Drop the empty segments that stars at the ends (or doubled stars) leave behind.
    List<String> keptSegs = new ArrayList<>();
    List<boolean[]> keptMarks = new ArrayList<>();
    for (int i = 0; i < segs.size(); i++) {
      boolean edge = i == 0 || i == segs.size() - 1;
      if (segs.get(i).isEmpty() && (segs.size() > 1 || !edge)) {
        continue;
      }
      keptSegs.add(b.ignoreCase ? segs.get(i).toLowerCase(Locale.ROOT) : segs.get(i));
      keptMarks.add(marks.get(i));
    }
    this.segments = keptSegs.toArray(String[]::new);
    this.questionMarks = keptMarks.toArray(boolean[][]::new);
    this.ignoreCase = b.ignoreCase;
    this.source = b.source.toString();
    int min = 0;
    for (String s : segments) {
      min += s.length();
    }
    this.minLength = min;
  }

  private static boolean[] toArray(List<Integer> positions, int length) {
    if (positions.isEmpty()) {
      return null;
    }
    boolean[] out = new boolean[length];
    for (int p : positions) {
      out[p] = true;
    }
    return out;
  }

  /** The constructor of the direct path ({@link #of}); fields as documented on them. */
  private Glob(String[] segments, boolean[][] questionMarks, boolean leadingStar, boolean trailingStar,
      boolean ignoreCase, String source) {
    this.segments = segments;
    this.questionMarks = questionMarks;
    this.leadingStar = leadingStar;
    this.trailingStar = trailingStar;
    this.ignoreCase = ignoreCase;
    this.source = source;
    int min = 0;
    for (String seg : segments) {
      min += seg.length();
    }
    this.minLength = min;
  }

  /** Compiles a case-sensitive pattern where {@code *} and {@code ?} are wildcards. */
  public static Glob compile(String pattern) {
    return of(pattern, false);
  }

  /** Compiles a case-insensitive pattern (action names) where {@code *} and {@code ?} are wildcards. */
  public static Glob compileIgnoreCase(String pattern) {
    return of(pattern, true);
  }

  /**
   * Compiles a plain pattern without the builder: policies are compiled per scenario by the CLI,
   * so this path is hot. Same result as {@code builder(ignoreCase).pattern(pattern).build()}.
   */
  private static Glob of(String pattern, boolean ignoreCase) {
    String p = ignoreCase ? pattern.toLowerCase(Locale.ROOT) : pattern;
    int n = p.length();
    if (p.indexOf('*') < 0) {
      return new Glob(new String[] {p}, new boolean[][] {marks(p)}, false, false, ignoreCase, pattern);
    }
    List<String> segs = new ArrayList<>(4);
    int from = 0;
    while (from <= n) {
      int star = p.indexOf('*', from);
      int end = star < 0 ? n : star;
      if (end > from) {
        segs.add(p.substring(from, end));
      }
      if (star < 0) {
        break;
      }
      from = star + 1;
    }
    if (segs.isEmpty()) {
      segs.add("");
    }
    String[] segments = segs.toArray(new String[0]);
    boolean[][] qm = new boolean[segments.length][];
    for (int i = 0; i < segments.length; i++) {
      qm[i] = marks(segments[i]);
    }
    return new Glob(segments, qm, p.charAt(0) == '*', p.charAt(n - 1) == '*', ignoreCase, pattern);
  }

  /** The {@code ?} positions of a star-free segment, or null when it has none. */
  private static boolean[] marks(String segment) {
    int q = segment.indexOf('?');
    if (q < 0) {
      return null;
    }
    boolean[] out = new boolean[segment.length()];
    for (int i = q; i < out.length; i++) {
      out[i] = segment.charAt(i) == '?';
    }
    return out;
  }

  /** A pattern that matches exactly {@code text}, with no wildcards. */
  public static Glob literal(String text) {
    return builder(false).literal(text).build();
  }

  /** Starts a pattern built from pieces; see {@link Builder}. */
  public static Builder builder(boolean ignoreCase) {
    return new Builder(ignoreCase);
  }

  /** True if the pattern has no wildcard, so matching is string equality. */
  public boolean isLiteral() {
    return segments.length == 1 && !leadingStar && !trailingStar && questionMarks[0] == null;
  }

  /** True if the pattern is a single star (matches everything). */
  public boolean matchesEverything() {
    return segments.length == 0 || (segments.length == 1 && segments[0].isEmpty() && leadingStar);
  }

  /** The literal text before the first wildcard (lower-cased for case-insensitive patterns). */
  public String literalPrefix() {
    if (leadingStar || segments.length == 0) {
      return "";
    }
    String first = segments[0];
    boolean[] marks = questionMarks[0];
    if (marks != null) {
      for (int i = 0; i < marks.length; i++) {
        if (marks[i]) {
          return first.substring(0, i);
        }
      }
    }
    return first;
  }

  /** The pattern as written (escaped literals shown as plain characters). */
  public String source() {
    return source;
  }

  /**
   * Matches the whole input. For a case-insensitive pattern the input may be in any case; callers
   * on hot paths pass it already lower-cased to {@link #matchesLowerCase(String)}.
   */
  public boolean matches(String input) {
    return matchesLowerCase(ignoreCase ? input.toLowerCase(Locale.ROOT) : input);
  }

  /** Like {@link #matches} but the caller promises the input is already lower-cased if needed. */
  public boolean matchesLowerCase(String s) {
    int n = s.length();
    if (n < minLength) {
      return false;
    }
    int last = segments.length - 1;
    if (last < 0) {
      return true; // "*" or "**"
    }
    if (!leadingStar && !trailingStar && last == 0) {
      return n == segments[0].length() && regionMatches(s, 0, 0);
    }
    int from = 0;
    int firstFree = 0;
    if (!leadingStar) {
      if (!regionMatches(s, 0, 0)) {
        return false;
      }
      from = segments[0].length();
      firstFree = 1;
    }
    int lastFree = last;
    int end = n;
    if (!trailingStar) {
      if (last < firstFree) {
        // The only segment was anchored at the start; it must also end the input.
        return from == n;
      }
      int start = n - segments[last].length();
      if (start < from || !regionMatches(s, start, last)) {
        return false;
      }
      end = start;
      lastFree = last - 1;
    }
    for (int i = firstFree; i <= lastFree; i++) {
      int at = find(s, from, end, i);
      if (at < 0) {
        return false;
      }
      from = at + segments[i].length();
    }
    return true;
  }

  private boolean regionMatches(String s, int at, int seg) {
    String p = segments[seg];
    boolean[] marks = questionMarks[seg];
    if (marks == null) {
      return s.regionMatches(at, p, 0, p.length());
    }
    for (int j = 0; j < p.length(); j++) {
      if (!marks[j] && s.charAt(at + j) != p.charAt(j)) {
        return false;
      }
    }
    return true;
  }

  /** Leftmost position in [from, end) where segment {@code seg} fits entirely before {@code end}. */
  private int find(String s, int from, int end, int seg) {
    String p = segments[seg];
    int limit = end - p.length();
    if (questionMarks[seg] == null) {
      int at = s.indexOf(p, from);
      return at >= 0 && at <= limit ? at : -1;
    }
    for (int at = from; at <= limit; at++) {
      if (regionMatches(s, at, seg)) {
        return at;
      }
    }
    return -1;
  }

  @Override
  public String toString() {
    return source;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Glob g && g.ignoreCase == ignoreCase && g.source.equals(source)
        && java.util.Arrays.deepEquals(g.questionMarks, questionMarks)
        && java.util.Arrays.equals(g.segments, segments) && g.leadingStar == leadingStar
        && g.trailingStar == trailingStar;
  }

  @Override
  public int hashCode() {
    return source.hashCode() * 31 + (ignoreCase ? 1 : 0);
  }

  /**
   * Assembles a pattern from wildcard-bearing text and literal text, so that characters which
   * came from a policy-variable escape or from the request never act as wildcards.
   */
  public static final class Builder {
    private final boolean ignoreCase;
    private final List<String> segments = new ArrayList<>();
    private final List<boolean[]> marks = new ArrayList<>();
    private StringBuilder current = new StringBuilder();
    private List<Integer> currentMarks = new ArrayList<>();
    private boolean leadingStar;
    private boolean lastWasStar;
    private final StringBuilder source = new StringBuilder();

    private Builder(boolean ignoreCase) {
      this.ignoreCase = ignoreCase;
    }

    /** Appends text in which {@code *} and {@code ?} are wildcards. */
    public Builder pattern(String text) {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '*') {
          star();
        } else if (c == '?') {
          currentMarks.add(current.length());
          current.append('?');
          lastWasStar = false;
        } else {
          current.append(c);
          lastWasStar = false;
        }
      }
      source.append(text);
      return this;
    }

    /** Appends text matched character for character ({@code *} and {@code ?} included). */
    public Builder literal(String text) {
      current.append(text);
      if (!text.isEmpty()) {
        lastWasStar = false;
      }
      source.append(text);
      return this;
    }

    private void star() {
      if (segments.isEmpty() && current.length() == 0 && !leadingStar) {
        leadingStar = true;
      } else if (!lastWasStar) {
        segments.add(current.toString());
        marks.add(toArray(currentMarks, current.length()));
        current = new StringBuilder();
        currentMarks = new ArrayList<>();
      }
      lastWasStar = true;
    }

    public Glob build() {
      return new Glob(this);
    }
  }
}
