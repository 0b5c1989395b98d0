package dev.iamlocal.arn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Arn#parse} reads the parts in place; it must accept, refuse (with the same message) and
 * split exactly what splitting the text into six Strings did. The reference below is that code.
 */
class ArnParseInPlaceTest {

  /**
   * What the split-based parser gave: the parts joined by {@code |}, or its refusal (the part checks
   * are {@link Arn#of}'s, which it shared; a control character in the resource as {@code control}).
   */
  private static String reference(String text) {
    String[] parts = text.split(":", 6);
    if (parts.length != 6 || !parts[0].equals("arn")) {
      return "not an ARN";
    }
    try {
      Arn.of(parts[1], parts[2], parts[3], parts[4], "x");
    } catch (Arn.InvalidArnException e) {
      return e.getMessage();
    }
    if (parts[5].isEmpty()) {
      return "Invalid ARN: the resource is empty.";
    }
    if (parts[5].chars().anyMatch(Character::isISOControl)) {
      return "control";
    }
    return String.join("|", parts);
  }

  private static String actual(String text) {
    try {
      Arn a = Arn.parse(text);
      assertThat(a.toString()).isEqualTo(text);
      return String.join("|", "arn", a.partition(), a.service(), a.region(), a.account(), a.resource());
    } catch (Arn.InvalidArnException e) {
      if (e.getMessage().endsWith("' is not arn:partition:service:region:account:resource.")) {
        return "not an ARN";
      }
      return e.getMessage().endsWith("' holds a control character.") ? "control" : e.getMessage();
    }
  }

  @Test
  void everyPartAndEveryRefusalIsWhatTheSplitGave() {
    Random rnd = new Random(5);
    String alphabet = "arn:aws-iam0123456789:::/*x\u0001 A";
    List<String> fixed = List.of("arn:aws:iam::111122223333:user/a", "arn:aws:s3:::b/k:with:colons", "arn:aws:iam::aws:policy/P",
        "arn:aws:iam::111122223333:", "arn:aws:iam::1111222233334:x", "arn:aws:iam::111122223333:x\u0007", "arn:aws:iam:",
        "arnx:aws:iam::111122223333:x", ":aws:iam::111122223333:x", "arn::iam::111122223333:x", "arn:aws:IAM::1:x");
    int accepted = 0;
    for (int i = 0; i < 50_000 + fixed.size(); i++) {
      String text = i < fixed.size() ? fixed.get(i) : random(rnd, alphabet);
      String expected = reference(text);
      assertThat(actual(text)).as(text).isEqualTo(expected);
      accepted += expected.contains("|") ? 1 : 0;
    }
    assertThat(accepted).as("the random texts include accepted ARNs").isGreaterThan(1000);
  }

  private static String pick(Random rnd, String... options) {
    return options[rnd.nextInt(options.length)];
  }

  private static String random(Random rnd, String alphabet) {
    StringBuilder b = new StringBuilder("arn:");
    if (rnd.nextBoolean()) {
      // mostly well-formed, each part sometimes not
      b.append(pick(rnd, "aws", "aws-cn", "", "A")).append(':').append(pick(rnd, "iam", "s3", "", "x*")).append(':')
          .append(pick(rnd, "", "us-east-1", "U")).append(':').append(pick(rnd, "", "aws", "111122223333", "1"))
          .append(':');
    }
    if (rnd.nextInt(10) == 0) {
      b.setLength(0);
    }
    int n = rnd.nextInt(30);
    for (int i = 0; i < n; i++) {
      b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
    }
    return b.toString();
  }
}
