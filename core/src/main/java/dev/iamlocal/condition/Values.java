package dev.iamlocal.condition;

import dev.iamlocal.arn.ArnPattern;
import dev.iamlocal.glob.Glob;
import dev.iamlocal.glob.MarkedText;
import dev.iamlocal.variables.Template;
import dev.iamlocal.variables.VariableSource;
import inet.ipaddr.AddressStringParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Value parsing and comparison for each operator family (spec §6.2, §6.7). One place per type, so
 * that the evaluator and the validator agree on what a valid number, date, CIDR or ARN is.
 */
public final class Values {

  private Values() {}

  static PolicyValue compile(Operator op, String raw, boolean variablesEnabled) throws ConditionValueException {
    Template t = Template.parse(raw, variablesEnabled && op.allowsVariables());
    return switch (op.family()) {
      case STRING -> stringValue(op, t);
      case ARN -> arnValue(t);
      case BOOL -> boolValue(t);
      case NUMERIC -> numericValue(op, raw);
      case DATE -> dateValue(op, raw);
      case BINARY -> binaryValue(raw);
      case IP -> ipValue(raw);
      case NULL -> nullValue(raw);
    };
  }

  // ---- String ----

  private static PolicyValue stringValue(Operator op, Template t) {
    boolean like = op.wildcards();
    boolean ic = op.ignoreCase();
    if (!t.hasVariables()) {
      if (like) {
        Glob g = t.isPlain() ? Glob.compile(t.raw()) : t.resolveGlob(VariableSource.EMPTY, false);
        return fixed(t.raw(), (r, v) -> g.matchesLowerCase(r));
      }
      String s = t.resolve(VariableSource.EMPTY);
      if (ic) {
        String lower = s.toLowerCase(Locale.ROOT);
        return fixed(t.raw(), (r, v) -> r.toLowerCase(Locale.ROOT).equals(lower));
      }
      return fixed(t.raw(), (r, v) -> r.equals(s));
    }
    return new PolicyValue() {
      @Override
      public boolean test(String r, VariableSource vars) {
        if (like) {
          Glob g = t.resolveGlob(vars, false);
          return g != null && g.matches(r);
        }
        String s = t.resolve(vars);
        // Bug fix: compare as the literal path does (lower-case both, Locale.ROOT). The former
        // equalsIgnoreCase folded char by char, so "i" vs "\u0130" matched only when the policy
        // value came from a variable.
        return s != null && (ic ? s.toLowerCase(Locale.ROOT).equals(r.toLowerCase(Locale.ROOT)) : s.equals(r));
      }

      @Override
      public String describe(VariableSource vars) {
        String s = t.resolve(vars);
        return s == null ? t.raw() + " (unresolved)" : s;
      }
    };
  }

  // ---- ARN ----

  private static PolicyValue arnValue(Template t) {
    if (!t.hasVariables()) {
      ArnPattern p = t.isPlain() ? ArnPattern.compile(t.raw()) : ArnPattern.compile(t.resolveMarked(VariableSource.EMPTY));
      return fixed(t.raw(), (r, v) -> p.matches(r));
    }
    return new PolicyValue() {
      @Override
      public boolean test(String r, VariableSource vars) {
        MarkedText m = t.resolveMarked(vars);
        return m != null && ArnPattern.compile(m).matches(r);
      }

      @Override
      public String describe(VariableSource vars) {
        String s = t.resolve(vars);
        return s == null ? t.raw() + " (unresolved)" : s;
      }
    };
  }

  // ---- Bool ----

  /**
   * Decision on Q16: {@code true}/{@code false} in any case; any other policy value is an error,
   * any other request value matches neither.
   */
  public static Boolean parseBool(String s) {
    if (s.equalsIgnoreCase("true")) {
      return Boolean.TRUE;
    }
    if (s.equalsIgnoreCase("false")) {
      return Boolean.FALSE;
    }
    return null;
  }

  private static PolicyValue boolValue(Template t) throws ConditionValueException {
    if (!t.hasVariables()) {
      Boolean b = parseBool(t.resolve(VariableSource.EMPTY));
      if (b == null) {
        throw new ConditionValueException("\"" + t.raw() + "\" is not a Boolean; Bool takes \"true\" or \"false\"");
      }
      return fixed(t.raw(), (r, v) -> b.equals(parseBool(r)));
    }
    return new PolicyValue() {
      @Override
      public boolean test(String r, VariableSource vars) {
        String s = t.resolve(vars);
        Boolean b = s == null ? null : parseBool(s);
        return b != null && b.equals(parseBool(r));
      }

      @Override
      public String describe(VariableSource vars) {
        String s = t.resolve(vars);
        return s == null ? t.raw() + " (unresolved)" : s;
      }
    };
  }

  // ---- Numeric ----

  /**
   * Decision on Q14: a number is what {@link BigDecimal} reads (integers, decimals, a sign,
   * exponents), compared by value ({@code 10} = {@code 10.0}); surrounding white space is not
   * accepted. A request value that is not a number satisfies no positive test.
   */
  public static BigDecimal parseNumber(String s) {
    if (s.isEmpty() || Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(s.length() - 1))) {
      return null;
    }
    try {
      return new BigDecimal(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static PolicyValue numericValue(Operator op, String raw) throws ConditionValueException {
    BigDecimal p = parseNumber(raw);
    if (p == null) {
      throw new ConditionValueException("\"" + raw + "\" is not a number (" + op.jsonName()
          + " takes integers or decimals; policy variables are not supported here)");
    }
    return fixed(raw, (r, v) -> {
      BigDecimal q = parseNumber(r);
      return q != null && compare(op, q.compareTo(p));
    });
  }

  private static boolean compare(Operator op, int cmp) {
    return switch (op) {
      case NUMERIC_EQUALS, NUMERIC_NOT_EQUALS, DATE_EQUALS, DATE_NOT_EQUALS -> cmp == 0;
      case NUMERIC_LESS_THAN, DATE_LESS_THAN -> cmp < 0;
      case NUMERIC_LESS_THAN_EQUALS, DATE_LESS_THAN_EQUALS -> cmp <= 0;
      case NUMERIC_GREATER_THAN, DATE_GREATER_THAN -> cmp > 0;
      case NUMERIC_GREATER_THAN_EQUALS, DATE_GREATER_THAN_EQUALS -> cmp >= 0;
      default -> throw new IllegalArgumentException(op.name());
    };
  }

  // ---- Date ----

  private static final Pattern ISO = Pattern.compile(
      "(\\d{4})(?:-(\\d{2})(?:-(\\d{2})(?:T(\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?(Z|[+-]\\d{2}:?\\d{2})?)?)?)?");
  private static final Pattern EPOCH = Pattern.compile("-?\\d+(?:\\.\\d+)?");

  /**
   * Reads a date as the W3C profile of ISO 8601 or as epoch seconds (spec §6.7). Decisions on Q15:
   * a value of exactly four digits is a year (ISO {@code YYYY}), any other run of digits is epoch
   * seconds (a decimal fraction allowed, negative allowed, never milliseconds); a date without a
   * time is midnight UTC; a time without a zone is UTC; fractions keep nanosecond precision; and
   * {@code DateEquals} compares instants exactly.
   */
  public static Instant parseDate(String s) {
    Matcher m = ISO.matcher(s);
    if (m.matches()) {
      try {
        int year = Integer.parseInt(m.group(1));
        int month = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
        int day = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
        if (m.group(4) == null) {
          return LocalDate.of(year, month, day).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        int hour = Integer.parseInt(m.group(4));
        int minute = Integer.parseInt(m.group(5));
        int second = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
        int nanos = m.group(7) == null ? 0 : Integer.parseInt((m.group(7) + "00000000").substring(0, 9));
        ZoneOffset zone = ZoneOffset.UTC;
        String tz = m.group(8);
        if (tz != null && !tz.equals("Z")) {
          zone = ZoneOffset.of(tz.length() == 5 ? tz.substring(0, 3) + ":" + tz.substring(3) : tz);
        }
        return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(zone);
      } catch (RuntimeException e) {
        return null; // out-of-range field such as month 13
      }
    }
    if (EPOCH.matcher(s).matches()) {
      // Bug fix: an epoch beyond Instant's range (e.g. 99999999999999999) used to escape as a
      // DateTimeException (a stack trace at compile time, a crash per request) or, past the long
      // range, wrap around silently. Such a value is simply not a date.
      try {
        BigDecimal secs = new BigDecimal(s);
        BigDecimal whole = secs.setScale(0, java.math.RoundingMode.FLOOR);
        long nanos = secs.subtract(whole).movePointRight(9).longValue();
        return Instant.ofEpochSecond(whole.longValueExact(), nanos);
      } catch (ArithmeticException | java.time.DateTimeException e) {
        return null;
      }
    }
    return null;
  }

  private static PolicyValue dateValue(Operator op, String raw) throws ConditionValueException {
    Instant p = parseDate(raw);
    if (p == null) {
      throw new ConditionValueException("\"" + raw + "\" is not a date (use ISO 8601 such as 2026-01-31T12:00:00Z, "
          + "or epoch seconds; policy variables are not supported here)");
    }
    return fixed(raw, (r, v) -> {
      Instant q = parseDate(r);
      return q != null && compare(op, q.compareTo(p));
    });
  }

  // ---- Binary ----

  /** Base64 text to bytes, or null. */
  public static byte[] parseBase64(String s) {
    try {
      return Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Request values of binary keys arrive base64-encoded, as the simulator API takes them. */
  private static PolicyValue binaryValue(String raw) throws ConditionValueException {
    byte[] p = parseBase64(raw);
    if (p == null) {
      throw new ConditionValueException("\"" + raw + "\" is not base64 (BinaryEquals compares base64-encoded bytes)");
    }
    return fixed(raw, (r, v) -> {
      byte[] q = parseBase64(r);
      return q != null && Arrays.equals(p, q);
    });
  }

  // ---- IP ----

  /**
   * An IPv4 or IPv6 address or CIDR block; a block written with host bits set
   * ({@code 203.0.113.5/24}) means its whole prefix block. No prefix means one address (/32 or
   * /128; decision on Q17). IPv4 and IPv6 never match each other, IPv4-mapped IPv6 included.
   */
  public static IPAddress parseIp(String s) {
    if (s.isEmpty() || Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(s.length() - 1))) {
      return null;
    }
    IPAddress a = new IPAddressString(s, STRICT_IP).getAddress();
    if (a == null) {
      return null;
    }
    return a.getNetworkPrefixLength() != null ? a.toPrefixBlock() : a;
  }

  /**
   * Only the forms the docs name (spec §6.7: dotted IPv4, RFC 4291 IPv6, optional /prefix, RFC 4632
   * CIDR). Bug fix: the library's defaults also read inet_aton forms ({@code 1.2.3} = 1.2.0.3),
   * octal with leading zeros ({@code 010.1.1.1} = 8.1.1.1), wildcards and ranges
   * ({@code 10.0.0.*}, {@code 1.2.3.4-5}), masks and zones, and trimmed white space — so a policy
   * value or a request value could silently mean a different address than it reads.
   */
  private static final IPAddressStringParameters STRICT_IP = new IPAddressStringParameters.Builder()
      .allowEmpty(false).allowAll(false).allowSingleSegment(false).allowPrefixOnly(false).allowMask(false)
      .allowWildcardedSeparator(false).setRangeOptions(AddressStringParameters.RangeParameters.NO_RANGE)
      .getIPv4AddressParametersBuilder().allow_inet_aton(false).allowLeadingZeros(false)
      .allowUnlimitedLeadingZeros(false).getParentBuilder()
      .getIPv6AddressParametersBuilder().allowZone(false).getParentBuilder()
      .toParams();

  private static PolicyValue ipValue(String raw) throws ConditionValueException {
    IPAddress block = parseIp(raw);
    if (block == null) {
      throw new ConditionValueException("\"" + raw + "\" is not an IP address or CIDR block (e.g. 203.0.113.0/24)");
    }
    return fixed(raw, (r, v) -> {
      IPAddress q = parseIp(r);
      return q != null && q.getIPVersion() == block.getIPVersion() && block.contains(q);
    });
  }

  // ---- Null ----

  /** Decision on Q11: Null takes "true" or "false" (any case); anything else is an error. */
  private static PolicyValue nullValue(String raw) throws ConditionValueException {
    Boolean b = parseBool(raw);
    if (b == null) {
      throw new ConditionValueException("\"" + raw + "\" is not valid for Null, which takes \"true\" (key absent) or \"false\" (key present)");
    }
    // Null is evaluated in Condition from the key's presence; the value only records which way.
    return fixed(raw, (r, v) -> b);
  }

  // ----

  private interface Test {
    boolean test(String requestValue, VariableSource variables);
  }

  private static PolicyValue fixed(String raw, Test t) {
    return new PolicyValue() {
      @Override
      public boolean test(String r, VariableSource vars) {
        return t.test(r, vars);
      }

      @Override
      public String describe(VariableSource vars) {
        return raw;
      }
    };
  }
}
