package dev.iamlocal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/** {@link Columns} pads as {@code String.format} does, which the text outputs used before. */
class ColumnsTest {

  @Property
  void leftPadsAsFormatDoes(@ForAll @StringLength(max = 50) String s, @ForAll @IntRange(min = 1, max = 45) int width) {
    assertThat(Columns.left(s, width)).isEqualTo(String.format(Locale.ROOT, "%-" + width + "s", s));
  }

  @Property
  void rightPadsNumbersAsFormatDoes(@ForAll long n, @ForAll @IntRange(min = 1, max = 25) int width) {
    assertThat(Columns.right(n, width)).isEqualTo(String.format(Locale.ROOT, "%" + width + "d", n));
  }

  @org.junit.jupiter.api.Test
  void controlCharactersArePrintedAsEscapes() {
    assertThat(Columns.printable("plain – ünïcode 😀")).isEqualTo("plain – ünïcode 😀");
    assertThat(Columns.printable("a\nb\rc\td\u001b[2Je\u007f\u0085")).isEqualTo("a\\nb\\rc\\td\\u001b[2Je\\u007f\\u0085");
    // several lines: the line feeds and the tabs stay
    assertThat(Columns.printableLines("line 1\n\tSid \u001b[2J\rX\r\n")).isEqualTo("line 1\n\tSid \\u001b[2J\\rX\r\n");
  }
}
