package dev.iamlocal.glob;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The case-insensitive matching the catalog uses for action patterns (once its own matcher). */
class GlobIgnoreCaseTest {

  private static boolean matches(String pattern, String text) {
    return Glob.compileIgnoreCase(pattern).matches(text);
  }


  @Test
  void anchoredAndCaseInsensitive() {
    assertThat(matches("s3:Get*", "s3:GetObject")).isTrue();
    assertThat(matches("S3:get*", "s3:GetObject")).isTrue();
    assertThat(matches("s3:Get", "s3:GetObject")).isFalse();
    assertThat(matches("3:Get*", "s3:GetObject")).isFalse();
    assertThat(matches("*Object", "s3:GetObjectAcl")).isFalse();
    assertThat(matches("*", "")).isTrue();
    assertThat(matches("", "")).isTrue();
    assertThat(matches("", "a")).isFalse();
  }

  @Test
  void starsAndQuestionMarks() {
    assertThat(matches("a*b*c", "abc")).isTrue();
    assertThat(matches("a*b*c", "axxbyyc")).isTrue();
    assertThat(matches("a*b*c", "axxbyy")).isFalse();
    assertThat(matches("a*bc*bc", "abcbc")).isTrue();
    assertThat(matches("a*?", "a")).isFalse();
    assertThat(matches("a*?", "ab")).isTrue();
    assertThat(matches("?", "")).isFalse();
    assertThat(matches("a?c", "abc")).isTrue();
    assertThat(matches("a?c", "ac")).isFalse();
    assertThat(matches("ab*ba", "aba")).isFalse();
    assertThat(matches("**", "anything")).isTrue();
    assertThat(matches("*a?b*", "xxaxbyy")).isTrue();
  }

  @Test
  void adversarialInputIsDecided() {
    // linear by construction (see Glob); a backtracking matcher would take minutes here
    String text = "a".repeat(20_000) + "b";
    assertThat(matches("*a*a*a*a*a*a*a*a*a*a*c", text)).isFalse();
    assertThat(matches("*a*a*a*a*a*a*a*a*a*a*b", text)).isTrue();
  }
}
