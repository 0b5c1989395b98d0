package dev.iamlocal.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WildcardsTest {

  @Test
  void anchoredAndCaseInsensitive() {
    assertThat(Wildcards.matches("s3:Get*", "s3:GetObject")).isTrue();
    assertThat(Wildcards.matches("S3:get*", "s3:GetObject")).isTrue();
    assertThat(Wildcards.matches("s3:Get", "s3:GetObject")).isFalse();
    assertThat(Wildcards.matches("3:Get*", "s3:GetObject")).isFalse();
    assertThat(Wildcards.matches("*Object", "s3:GetObjectAcl")).isFalse();
    assertThat(Wildcards.matches("*", "")).isTrue();
    assertThat(Wildcards.matches("", "")).isTrue();
    assertThat(Wildcards.matches("", "a")).isFalse();
  }

  @Test
  void starsAndQuestionMarks() {
    assertThat(Wildcards.matches("a*b*c", "abc")).isTrue();
    assertThat(Wildcards.matches("a*b*c", "axxbyyc")).isTrue();
    assertThat(Wildcards.matches("a*b*c", "axxbyy")).isFalse();
    assertThat(Wildcards.matches("a*bc*bc", "abcbc")).isTrue();
    assertThat(Wildcards.matches("a*?", "a")).isFalse();
    assertThat(Wildcards.matches("a*?", "ab")).isTrue();
    assertThat(Wildcards.matches("?", "")).isFalse();
    assertThat(Wildcards.matches("a?c", "abc")).isTrue();
    assertThat(Wildcards.matches("a?c", "ac")).isFalse();
    assertThat(Wildcards.matches("ab*ba", "aba")).isFalse();
    assertThat(Wildcards.matches("**", "anything")).isTrue();
    assertThat(Wildcards.matches("*a?b*", "xxaxbyy")).isTrue();
  }

  @Test
  void adversarialInputIsFast() {
    String text = "a".repeat(20_000) + "b";
    String pattern = "*a*a*a*a*a*a*a*a*a*a*c";
    long start = System.nanoTime();
    assertThat(Wildcards.matches(pattern, text)).isFalse();
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(500);
  }
}
