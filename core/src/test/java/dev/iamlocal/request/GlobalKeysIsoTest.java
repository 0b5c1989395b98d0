package dev.iamlocal.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** aws:CurrentTime is written as {@link DateTimeFormatter#ISO_INSTANT} writes the second, by {@link GlobalKeys#iso}. */
class GlobalKeysIsoTest {

  @Property
  void everySecondOfTheYearsZeroToBeyondTenThousandAsIsoInstant(
      @ForAll @LongRange(min = -62_200_000_000L, max = 253_500_000_000L) long epochSecond) {
    Instant t = Instant.ofEpochSecond(epochSecond);
    assertThat(GlobalKeys.iso(t)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(t));
  }

  @Test
  void theEdges() {
    for (String s : new String[] {"1970-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
        "2024-02-29T12:00:00Z", "1969-12-31T23:59:59Z"}) {
      assertThat(GlobalKeys.iso(Instant.parse(s))).isEqualTo(s);
    }
    assertThat(GlobalKeys.iso(Instant.parse("+10000-01-01T00:00:00Z"))).isEqualTo("+10000-01-01T00:00:00Z");
    assertThat(GlobalKeys.iso(Instant.parse("-0001-12-31T23:59:59Z"))).isEqualTo("-0001-12-31T23:59:59Z");
    assertThat(GlobalKeys.iso(Instant.parse("2026-12-07T23:14:05.5Z"))).isEqualTo("2026-12-07T23:14:05.500Z");
  }
}
