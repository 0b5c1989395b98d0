package dev.iamlocal.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The SageMaker model's patterns that backtrack exponentially: a value that almost matches is
 * refused within the read budget instead of holding a request thread (the timeout only turns a
 * hang into a failure; nothing here is timed).
 */
class BoundedRegexTest {

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void catastrophicPatternsEndWithinTheBudget() {
    Pattern url = Pattern.compile("https://([.\\-_a-zA-Z0-9]+/?){3,1016}");
    assertThat(BoundedRegex.matches(url, "https://a.example/b/c")).isTrue();
    assertThat(BoundedRegex.matches(url, "https://" + "a".repeat(60) + "!")).isFalse();

    Pattern text = Pattern.compile(".*(?:[ \\r\\n\\t].*)*");
    assertThat(BoundedRegex.matches(text, "a b\nc")).isTrue();
    assertThat(BoundedRegex.matches(text, "a ".repeat(40) + "\u2028")).isFalse();

    Pattern dns = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9]){0,39}?");
    assertThat(BoundedRegex.matches(dns, "my-domain-1")).isTrue();
    assertThat(BoundedRegex.matches(dns, "a".repeat(50) + "-")).isFalse();
  }

  @Test
  void aMatchDeeperThanTheStackIsRefusedNotThrown() {
    // the probe's DescribeNotebookInstance with a 10,000-character name answered 500 (StackOverflowError)
    Pattern name = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9])*");
    assertThat(BoundedRegex.matches(name, "a".repeat(200_000))).isFalse();
    assertThat(BoundedRegex.matches(name, "a-b")).isTrue();
  }

  @Test
  void linearPatternsMatchLongValuesWellWithinTheBudget() {
    Pattern printable = Pattern.compile("[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+");
    assertThat(BoundedRegex.matches(printable, "x".repeat(1_000_000))).isTrue();
    Pattern name = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");
    assertThat(BoundedRegex.matches(name, "a-b-c")).isTrue();
    assertThat(BoundedRegex.matches(name, "a".repeat(64))).isFalse();
  }
}
