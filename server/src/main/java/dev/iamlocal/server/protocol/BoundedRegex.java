package dev.iamlocal.server.protocol;

import java.util.regex.Pattern;

/**
 * Whole-value matching of the API models' patterns with a work budget. The models are AWS's and
 * some of their patterns backtrack exponentially on a value that almost matches (SageMaker's
 * {@code https://([.\-_a-zA-Z0-9]+/?){3,1016}} on {@code https://aaaa…a!}, {@code .*(?:[ \r\n\t].*)*}
 * on spaces followed by a line separator); one such value in a 1 MB request would hold a request
 * thread for hours. Java's matcher reads its input only through {@link CharSequence#charAt}, so
 * counting those reads bounds the work: a value that needs more than {@link #budget} reads fails
 * the pattern (fails closed: it is refused as not matching, never accepted). So does a value whose
 * match recurses deeper than the thread's stack.
 */
final class BoundedRegex {

  private BoundedRegex() {}

  /** The reads allowed for a value of {@code length} characters: far above what a linear pattern needs. */
  static long budget(int length) {
    return 100_000L + 100L * length;
  }

  /** Whether all of {@code value} matches {@code pattern} within the budget. */
  static boolean matches(Pattern pattern, String value) {
    try {
      return pattern.matcher(new Counted(value, budget(value.length()))).matches();
    } catch (OverBudget e) {
      return false;
    } catch (StackOverflowError e) {
      // Java's matcher recurses once per repetition of a group such as (-*[a-z0-9])*: ten thousand
      // characters overflow a request thread's stack (a 500 and a screen of stack trace per
      // request). The stack has unwound here; the value is refused, as over budget.
      return false;
    }
  }

  private static final class OverBudget extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OverBudget() {
      super(null, null, false, false);
    }
  }

  /** A string whose reads are counted against a shared budget (subsequences share it). */
  private static final class Counted implements CharSequence {
    private final String s;
    private final long[] left;

    Counted(String s, long budget) {
      this(s, new long[] {budget});
    }

    private Counted(String s, long[] left) {
      this.s = s;
      this.left = left;
    }

    @Override
    public char charAt(int index) {
      if (--left[0] < 0) {
        throw new OverBudget();
      }
      return s.charAt(index);
    }

    @Override
    public int length() {
      return s.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new Counted(s.substring(start, end), left);
    }

    @Override
    public String toString() {
      return s;
    }
  }
}
