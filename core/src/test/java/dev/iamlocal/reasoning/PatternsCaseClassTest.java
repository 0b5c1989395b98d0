package dev.iamlocal.reasoning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The ignore-case character classes are exactly the characters the String methods match, asked one by one. */
class PatternsCaseClassTest {

  @Test
  void eachAsciiCharactersClassesAreTheStringMethodsAnswers() {
    for (char a = 0; a < 128; a++) {
      BitSet lower = new BitSet(65536);
      BitSet ignore = new BitSet(65536);
      String target = String.valueOf(a).toLowerCase(Locale.ROOT);
      for (int c = 0; c < 65536; c++) {
        String s = String.valueOf((char) c);
        if (s.toLowerCase(Locale.ROOT).equals(target)) {
          lower.set(c);
        }
        if (s.equalsIgnoreCase(String.valueOf(a))) {
          ignore.set(c);
        }
      }
      assertThat(Patterns.caseClass(a, true)).as("lower case of %s", (int) a).isEqualTo(lower);
      assertThat(Patterns.caseClass(a, false)).as("ignoring case %s", (int) a).isEqualTo(ignore);
    }
    // the Kelvin sign is a k, the dotted capital I is not an i (its lower case is two characters)
    assertThat(Patterns.caseClass('k', true).get(0x212A)).isTrue();
    assertThat(Patterns.caseClass('i', true).get(0x130)).isFalse();
  }
}
