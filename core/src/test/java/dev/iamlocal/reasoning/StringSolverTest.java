package dev.iamlocal.reasoning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.glob.MarkedText;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The string solver's answers checked against the patterns' own meaning. */
class StringSolverTest {

  private static StringSolver.Lit none(String... patterns) {
    return new StringSolver.Lit(java.util.Arrays.stream(patterns).map(p -> Patterns.glob(MarkedText.pattern(p))).toList(),
        false);
  }

  private static StringSolver.Lit some(String... patterns) {
    return new StringSolver.Lit(java.util.Arrays.stream(patterns).map(p -> Patterns.glob(MarkedText.pattern(p))).toList(),
        true);
  }

  private static void solvable(List<StringSolver.Lit> lits, boolean nonEmpty) {
    String s = StringSolver.solve(lits, nonEmpty);
    assertThat(s).as("a string for %s", StringSolver.describe(lits)).isNotNull();
    assertThat(StringSolver.satisfies(lits, s)).as(s).isTrue();
    if (nonEmpty) {
      assertThat(s).isNotEmpty();
    }
  }

  @Test
  void aStringMatchingNoneOfPatternsWithoutATrailingStarIsFound() {
    // every one-character string matches "?": the answer is longer (or empty, when allowed)
    solvable(List.of(none("?")), true);
    solvable(List.of(none("?")), false);
    solvable(List.of(none("?", "??")), true);
    solvable(List.of(none("?", "??", "???", "x", "home/a*")), true);
    solvable(List.of(none("a", "b", "?b")), true);
    solvable(List.of(some("a*"), none("a", "a?")), true);
    solvable(List.of(some("*"), none("?", "??")), true);
  }

  @Test
  void noStringMatchesNoneOfAStarPattern() {
    assertThat(StringSolver.solve(List.of(none("*")), false)).isNull();
    assertThat(StringSolver.solve(List.of(none("?*")), true)).isNull();
    assertThat(StringSolver.solve(List.of(none("?", "??*")), true)).isNull();
    assertThat(StringSolver.solve(List.of(some("a?"), none("a*")), true)).isNull();
  }
}
