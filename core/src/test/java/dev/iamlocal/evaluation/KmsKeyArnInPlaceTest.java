package dev.iamlocal.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Evaluator#isKmsKeyArn} reads the ARN in place; it answers what splitting it into six parts did. */
class KmsKeyArnInPlaceTest {

  private static boolean reference(String resource) {
    if (!resource.startsWith("arn:")) {
      return false;
    }
    String[] p = resource.split(":", 6);
    return p.length == 6 && p[2].equalsIgnoreCase("kms") && p[5].regionMatches(true, 0, "key/", 0, 4);
  }

  @Test
  void answersWhatTheSplitAnswered() {
    Random rnd = new Random(3);
    String alphabet = "::kmsKMSey/Y1a";
    int yes = 0;
    for (int i = 0; i < 100_000; i++) {
      StringBuilder b = new StringBuilder(rnd.nextInt(8) == 0 ? "" : "arn:");
      for (int n = rnd.nextInt(20); n > 0; n--) {
        b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
      }
      String s = i == 0 ? "arn:aws:kms:us-east-1:111122223333:key/1234" : b.toString();
      assertThat(Evaluator.isKmsKeyArn(s)).as(s).isEqualTo(reference(s));
      yes += reference(s) ? 1 : 0;
    }
    assertThat(yes).isPositive();
  }
}
