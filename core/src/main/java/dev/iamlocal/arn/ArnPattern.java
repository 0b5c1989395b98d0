package dev.iamlocal.arn;

import dev.iamlocal.glob.Glob;
import dev.iamlocal.glob.MarkedText;
import java.util.ArrayList;
import java.util.List;

/**
 * An ARN pattern matched segment by segment, as {@code Resource}, {@code NotResource} and the
 * {@code Arn*} condition operators do (spec §4, §6.2).
 *
 * <p>Both pattern and value are split at their first five colons into at most six segments
 * ({@code arn}, partition, service, region, account, resource); the resource segment keeps any
 * further colons. Each segment is globbed on its own, so a wildcard cannot run across one of the
 * first five colons: {@code ArnLike} with {@code arn:aws:svc:*:111122223333:x/*} does not match an
 * ARN whose account is another one even if {@code 111122223333} appears later (doc example C3).
 *
 * <p>Decision on Q7 (how a {@code *} at the end of a short pattern behaves) and Q18 (values that are
 * not six-part ARNs): a pattern with k &lt; 6 segments matches its last segment against the rest of
 * the value, colons included. So {@code arn:aws:ec2:*} matches every EC2 ARN (the current Resource
 * page's "a segment-final {@code *} may expand beyond the colon"), {@code *} matches everything, and
 * a literal short pattern matches only the identical string. A value with fewer segments than the
 * pattern does not match.
 */
public final class ArnPattern {

  private static final int SEGMENTS = 6;

  private final Glob[] segments;
  private final String source;

  private ArnPattern(Glob[] segments, String source) {
    this.segments = segments;
    this.source = source;
  }

  /** Compiles a pattern in which {@code *} and {@code ?} are wildcards. */
  public static ArnPattern compile(String pattern) {
    // The hot path (policies compiled per request by the CLI): split and glob each segment directly.
    List<String> parts = split(pattern);
    Glob[] globs = new Glob[parts.size()];
    for (int i = 0; i < globs.length; i++) {
      globs[i] = Glob.compile(parts.get(i));
    }
    return new ArnPattern(globs, pattern);
  }

  /** Compiles a pattern whose marked characters are literal (substituted policy variables). */
  public static ArnPattern compile(MarkedText pattern) {
    String s = pattern.text();
    List<Glob> globs = new ArrayList<>(SEGMENTS);
    int from = 0;
    for (int i = 0; i < SEGMENTS - 1; i++) {
      int colon = s.indexOf(':', from);
      if (colon < 0) {
        break;
      }
      globs.add(pattern.substring(from, colon).appendTo(Glob.builder(false)).build());
      from = colon + 1;
    }
    globs.add(pattern.substring(from, s.length()).appendTo(Glob.builder(false)).build());
    return new ArnPattern(globs.toArray(Glob[]::new), s);
  }

  /** Splits at the first five colons. */
  public static List<String> split(String s) {
    List<String> out = new ArrayList<>(SEGMENTS);
    int from = 0;
    for (int i = 0; i < SEGMENTS - 1; i++) {
      int colon = s.indexOf(':', from);
      if (colon < 0) {
        break;
      }
      out.add(s.substring(from, colon));
      from = colon + 1;
    }
    out.add(s.substring(from));
    return out;
  }

  /** True if {@code value} matches. */
  public boolean matches(String value) {
    int k = segments.length;
    if (k == 1) {
      return segments[0].matches(value);
    }
    int from = 0;
    for (int i = 0; i < k - 1; i++) {
      int colon = value.indexOf(':', from);
      if (colon < 0) {
        return false;
      }
      if (!segments[i].matchesLowerCase(value.substring(from, colon))) {
        return false;
      }
      from = colon + 1;
    }
    return segments[k - 1].matchesLowerCase(value.substring(from));
  }

  /** True if the pattern is {@code *}. */
  public boolean matchesEverything() {
    return segments.length == 1 && segments[0].matchesEverything();
  }

  public String source() {
    return source;
  }

  @Override
  public String toString() {
    return source;
  }
}
