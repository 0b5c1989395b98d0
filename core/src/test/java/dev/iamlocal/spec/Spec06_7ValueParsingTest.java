package dev.iamlocal.spec;

import static dev.iamlocal.spec.Fx.cond;
import static dev.iamlocal.spec.Fx.ctx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.condition.Values;
import dev.iamlocal.request.RequestContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Spec §6.7: value parsing per type; examples C13–C16, plus Q14–Q18. */
class Spec06_7ValueParsingTest {

  static final String C13 = "[\"203.0.113.0/24\",\"2001:DB8:1234:5678::/64\"]";

  @ParameterizedTest(name = "C13: SourceIp {0} -> IpAddress {1}, NotIpAddress {2}")
  @CsvSource(nullValues = "ABSENT", value = {
      "203.0.113.1, true, false", "198.51.100.1, false, true", "2001:db8:1234:5678::9, true, false", "ABSENT, false, true"})
  void c13_ipv4AndIpv6Cidrs(String ip, boolean in, boolean notIn) {
    RequestContext c = ip == null ? ctx() : ctx("aws:SourceIp", ip);
    assertThat(cond("IpAddress", "aws:SourceIp", C13, c)).isEqualTo(in);
    assertThat(cond("NotIpAddress", "aws:SourceIp", C13, c)).isEqualTo(notIn);
  }

  @ParameterizedTest(name = "C14: CurrentTime {0} -> {1}")
  @CsvSource({"2020-05-01T10:00:00Z, true", "2020-07-01T00:00:00Z, false", "2020-04-01T00:00:00Z, false"})
  void c14_dateWindow(String now, boolean expected) {
    assertThat(cond("{\"DateGreaterThan\":{\"aws:CurrentTime\":\"2020-04-01T00:00:00Z\"},"
        + "\"DateLessThan\":{\"aws:CurrentTime\":\"2020-06-30T23:59:59Z\"}}", ctx("aws:CurrentTime", now))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "C15: max-keys {0} -> {1}")
  @CsvSource({"10, true", "11, false", "9, true"})
  void c15_numericLessThanEquals(String n, boolean expected) {
    assertThat(cond("NumericLessThanEquals", "s3:max-keys", "\"10\"", ctx("s3:max-keys", n))).isEqualTo(expected);
  }

  @Test
  void c16_binaryEquals() {
    String v = Base64.getEncoder().encodeToString("BinaryValueInBase64".getBytes(StandardCharsets.US_ASCII));
    assertThat(v).isEqualTo("QmluYXJ5VmFsdWVJbkJhc2U2NA==");
    assertThat(cond("BinaryEquals", "k:bin", "\"QmluYXJ5VmFsdWVJbkJhc2U2NA==\"", ctx("k:bin", v))).isTrue();
    assertThat(cond("BinaryEquals", "k:bin", "\"QmluYXJ5VmFsdWVJbkJhc2U2NA==\"", ctx("k:bin", "b3RoZXI="))).isFalse();
    assertThat(cond("BinaryEquals", "k:bin", "\"QmluYXJ5VmFsdWVJbkJhc2U2NA==\"", ctx())).isFalse();
  }

  @Test
  void epochTimeIsDateAndNumeric() {
    assertThat(cond("DateGreaterThan", "aws:EpochTime", "\"2020-01-01T00:00:00Z\"", ctx("aws:EpochTime", "1600000000"))).isTrue();
    assertThat(cond("NumericGreaterThan", "aws:EpochTime", "1500000000", ctx("aws:EpochTime", "1600000000"))).isTrue();
  }

  @Test
  void q14_numbersCompareByValue() {
    assertThat(cond("NumericEquals", "k:n", "\"10\"", ctx("k:n", "10.0"))).isTrue();
    assertThat(cond("NumericEquals", "k:n", "\"+10\"", ctx("k:n", "1e1"))).isTrue();
    assertThat(cond("NumericEquals", "k:n", "\"10\"", ctx("k:n", " 10"))).isFalse();
    assertThat(cond("NumericNotEquals", "k:n", "\"10\"", ctx("k:n", "ten"))).isTrue();
    assertThat(cond("NumericEquals", "k:n", "\"ten\"", ctx("k:n", "ten"))).isFalse(); // policy error: fails closed
  }

  @Test
  void q15_dates() {
    assertThat(Values.parseDate("2020-04-01")).isEqualTo(Instant.parse("2020-04-01T00:00:00Z"));
    assertThat(Values.parseDate("2020")).isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
    assertThat(Values.parseDate("2020-04-01T10:00")).isEqualTo(Instant.parse("2020-04-01T10:00:00Z"));
    assertThat(Values.parseDate("2020-04-01T10:00:00.123456789+02:00")).isEqualTo(Instant.parse("2020-04-01T08:00:00.123456789Z"));
    assertThat(Values.parseDate("1585735200")).isEqualTo(Instant.parse("2020-04-01T10:00:00Z"));
    assertThat(Values.parseDate("-1.5")).isEqualTo(Instant.parse("1969-12-31T23:59:58.5Z"));
    assertThat(Values.parseDate("2020-13-01")).isNull();
    assertThat(Values.parseDate("yesterday")).isNull();
  }

  /** Bug fixed: these used to throw DateTimeException (or wrap around) instead of "not a date". */
  @ParameterizedTest
  @ValueSource(strings = {"99999999999999999", "99999999999999999999999", "-99999999999999999999.5"})
  void q15_outOfRangeEpochIsNotADate(String s) {
    assertThat(Values.parseDate(s)).isNull();
    assertThat(cond("DateLessThan", "k:d", "\"" + s + "\"", ctx("k:d", "2020-01-01"))).isFalse();
    assertThat(cond("DateLessThan", "k:d", "\"2020-01-01\"", ctx("k:d", s))).isFalse();
  }

  @Test
  void q16_boolCaseAndNonBooleans() {
    assertThat(cond("Bool", "k:b", "\"True\"", ctx("k:b", "TRUE"))).isTrue();
    assertThat(cond("Bool", "k:b", "\"true\"", ctx("k:b", "yes"))).isFalse();
    assertThat(cond("Bool", "k:b", "\"yes\"", ctx("k:b", "yes"))).isFalse(); // policy error: fails closed
  }

  @Test
  void q17_ipDefaultsAndMixedFamilies() {
    assertThat(cond("IpAddress", "aws:SourceIp", "\"203.0.113.5\"", ctx("aws:SourceIp", "203.0.113.5"))).isTrue();
    assertThat(cond("IpAddress", "aws:SourceIp", "\"203.0.113.5\"", ctx("aws:SourceIp", "203.0.113.6"))).isFalse();
    assertThat(cond("IpAddress", "aws:SourceIp", "\"2001:db8::1\"", ctx("aws:SourceIp", "2001:db8::2"))).isFalse();
    assertThat(cond("IpAddress", "aws:SourceIp", "\"1.2.3.0/24\"", ctx("aws:SourceIp", "::ffff:1.2.3.4"))).isFalse();
    assertThat(cond("IpAddress", "aws:SourceIp", "\"203.0.113.5/24\"", ctx("aws:SourceIp", "203.0.113.77"))).isTrue();
    assertThat(cond("IpAddress", "aws:SourceIp", "\"1.2.3.0/33\"", ctx("aws:SourceIp", "1.2.3.4"))).isFalse();
  }

  /** Bug fixed: the IP library's lenient defaults read these as other addresses or as ranges. */
  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.*", "1.2.3", "010.1.1.1", "1.2.3.4-5", "0x1.2.3.4", " 1.2.3.4", "1.2.3.4/255.0.0.0", "*", "fe80::1%eth0"})
  void q17_onlyDocumentedIpFormsAreAddresses(String s) {
    assertThat(Values.parseIp(s)).isNull();
    assertThat(cond("IpAddress", "aws:SourceIp", "\"0.0.0.0/0\"", ctx("aws:SourceIp", s))).isFalse();
  }

  @Test
  void q17_octalLookingRequestAddressDoesNotMatchTheOctalBlock() {
    assertThat(cond("IpAddress", "aws:SourceIp", "\"8.0.0.0/8\"", ctx("aws:SourceIp", "010.1.1.1"))).isFalse();
  }

  @Test
  void q18_arnOperatorsOnNonArnValues() {
    assertThat(cond("ArnLike", "k:a", "\"arn:aws:s3:::b\"", ctx("k:a", "not-an-arn"))).isFalse();
    assertThat(cond("ArnNotLike", "k:a", "\"arn:aws:s3:::b\"", ctx("k:a", "not-an-arn"))).isTrue();
    assertThat(cond("ArnLike", "k:a", "\"*\"", ctx("k:a", "not-an-arn"))).isTrue();
    assertThat(cond("ArnLike", "k:a", "\"arn:aws:s3:::b\"", ctx("k:a", "arn:aws:s3"))).isFalse();
  }
}
