package dev.iamlocal.glob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Glob against a dynamic-programming reference matcher, and a guard against exponential blow-up. */
class GlobPropertiesTest {

  /**
   * Reference: classic O(n·m) DP over (pattern position, input position). {@code literal[i]} marks
   * pattern characters that are never wildcards.
   */
  static boolean reference(String p, boolean[] literal, String s) {
    int m = p.length();
    int n = s.length();
    boolean[][] dp = new boolean[m + 1][n + 1];
    dp[m][n] = true;
    for (int i = m - 1; i >= 0; i--) {
      char c = p.charAt(i);
      boolean lit = literal != null && literal[i];
      for (int j = n; j >= 0; j--) {
        if (c == '*' && !lit) {
          dp[i][j] = dp[i + 1][j] || (j < n && dp[i][j + 1]);
        } else if (j < n && ((c == '?' && !lit) || c == s.charAt(j))) {
          dp[i][j] = dp[i + 1][j + 1];
        }
      }
    }
    return dp[0][0];
  }

  @Provide
  Arbitrary<String> patterns() {
    return Arbitraries.strings().withChars('a', 'b', '*', '?').ofMaxLength(9);
  }

  @Provide
  Arbitrary<String> inputs() {
    return Arbitraries.strings().withChars('a', 'b', '*', '?').ofMaxLength(12);
  }

  @Property(tries = 1500)
  void agreesWithReference(@ForAll("patterns") String pattern, @ForAll("inputs") String input) {
    assertThat(Glob.compile(pattern).matches(input)).as("%s vs %s", pattern, input).isEqualTo(reference(pattern, null, input));
  }

  @Property(tries = 1000)
  void caseInsensitiveAgreesWithReferenceOnLowerCase(@ForAll("mixedPatterns") String pattern, @ForAll("mixedInputs") String input) {
    String lp = pattern.toLowerCase(Locale.ROOT);
    String li = input.toLowerCase(Locale.ROOT);
    assertThat(Glob.compileIgnoreCase(pattern).matches(input)).isEqualTo(reference(lp, null, li));
    // the case-sensitive matcher keeps case
    assertThat(Glob.compile(pattern).matches(input)).isEqualTo(reference(pattern, null, input));
  }

  @Provide
  Arbitrary<String> mixedPatterns() {
    return Arbitraries.strings().withChars('a', 'A', 'b', 'B', '*', '?').ofMaxLength(8);
  }

  @Provide
  Arbitrary<String> mixedInputs() {
    return Arbitraries.strings().withChars('a', 'A', 'b', 'B').ofMaxLength(10);
  }

  record Piece(String text, boolean literal) {}

  @Provide
  Arbitrary<List<Piece>> pieces() {
    Arbitrary<Piece> piece = Combinators.combine(Arbitraries.strings().withChars('a', 'b', '*', '?').ofMaxLength(4),
        Arbitraries.of(true, false)).as(Piece::new);
    return piece.list().ofMaxSize(4);
  }

  @Property(tries = 1500)
  void literalPiecesNeverActAsWildcards(@ForAll("pieces") List<Piece> pieces, @ForAll("inputs") String input) {
    Glob.Builder b = Glob.builder(false);
    StringBuilder p = new StringBuilder();
    StringBuilder marks = new StringBuilder();
    for (Piece x : pieces) {
      if (x.literal()) {
        b.literal(x.text());
      } else {
        b.pattern(x.text());
      }
      p.append(x.text());
      marks.append(String.valueOf(x.literal() ? 'L' : 'W').repeat(x.text().length()));
    }
    boolean[] literal = new boolean[p.length()];
    for (int i = 0; i < literal.length; i++) {
      literal[i] = marks.charAt(i) == 'L';
    }
    assertThat(b.build().matches(input)).as("%s vs %s", pieces, input).isEqualTo(reference(p.toString(), literal, input));
  }

  @Property(tries = 500)
  void literalGlobMatchesOnlyItself(@ForAll("inputs") String text, @ForAll("inputs") String input) {
    assertThat(Glob.literal(text).matches(input)).isEqualTo(text.equals(input));
  }

  @Test
  void pathologicalPatternIsLinear() {
    String pattern = "a*".repeat(50) + "b";
    String input = "a".repeat(100_000);
    Glob g = Glob.compile(pattern);
    assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
      for (int i = 0; i < 20; i++) {
        assertThat(g.matches(input)).isFalse();
        assertThat(g.matches(input + "b")).isTrue();
      }
    });
    // a middle-heavy variant: every segment must be searched, nothing anchors the end
    Glob mid = Glob.compile("*" + "a?a*".repeat(50) + "c*");
    assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertThat(mid.matches(input)).isFalse());
  }
}
