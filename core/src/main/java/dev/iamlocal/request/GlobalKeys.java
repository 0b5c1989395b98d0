package dev.iamlocal.request;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Fills the global condition keys that AWS derives from the caller and the moment of the request
 * (spec §7.5, §8), without overriding any key the caller already set.
 *
 * <p>What is filled, by principal kind:
 * <ul>
 *   <li>{@code aws:PrincipalArn} (the role ARN for a role session), {@code aws:PrincipalAccount},
 *       {@code aws:PrincipalType}, {@code aws:PrincipalIsAWSService}, {@code aws:userid} (when it
 *       can be known: the account for root, {@code account:name} for a federated user, the unique
 *       id when one is given), {@code aws:username} (IAM users only), {@code aws:PrincipalTag/*};
 *   <li>for services: {@code aws:PrincipalServiceName} and {@code aws:PrincipalIsAWSService}=true;
 *   <li>always: {@code aws:CurrentTime}, {@code aws:EpochTime}, {@code aws:SecureTransport}=true,
 *       {@code aws:RequestedRegion} (default {@code us-east-1}), {@code aws:ViaAWSService}=false;
 *       {@code aws:TokenIssueTime} and {@code aws:MultiFactorAuthPresent}=false for sessions
 *       (temporary credentials).
 * </ul>
 * Network keys ({@code aws:SourceIp}, {@code aws:SourceVpc}, {@code aws:SourceVpce}) depend on how
 * the request arrived and are never invented: callers supply them.
 */
public final class GlobalKeys {

  private GlobalKeys() {}

  /** A global key's name and its lower-case form, computed once instead of at every request. */
  private record Key(String name, String normalized) {
    Key(String name) {
      this(name, name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  private static final Key CURRENT_TIME = new Key("aws:CurrentTime");
  private static final Key EPOCH_TIME = new Key("aws:EpochTime");
  private static final Key MULTI_FACTOR_AUTH_PRESENT = new Key("aws:MultiFactorAuthPresent");
  private static final Key PRINCIPAL_ACCOUNT = new Key("aws:PrincipalAccount");
  private static final Key PRINCIPAL_ARN = new Key("aws:PrincipalArn");
  private static final Key PRINCIPAL_IS_AWS_SERVICE = new Key("aws:PrincipalIsAWSService");
  private static final Key PRINCIPAL_SERVICE_NAME = new Key("aws:PrincipalServiceName");
  private static final Key PRINCIPAL_TYPE = new Key("aws:PrincipalType");
  private static final Key REQUESTED_REGION = new Key("aws:RequestedRegion");
  private static final Key SECURE_TRANSPORT = new Key("aws:SecureTransport");
  private static final Key TOKEN_ISSUE_TIME = new Key("aws:TokenIssueTime");
  private static final Key VIA_AWS_SERVICE = new Key("aws:ViaAWSService");
  private static final Key USERID = new Key("aws:userid");
  private static final Key USERNAME = new Key("aws:username");

  /**
   * One second of the clock as the time keys write it. The last one formatted is kept: every
   * request of a second needs the same two Strings, and formatting them was a good part of the
   * bytes a request allocated. Immutable, and replaced whole, so threads share it safely.
   */
  private record Second(long epochSecond, String iso, String epoch) {
    private static volatile Second last = new Second(Long.MIN_VALUE, "", "");

    static Second of(Clock clock) {
      Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
      Second s = last;
      if (s.epochSecond != now.getEpochSecond()) {
        s = new Second(now.getEpochSecond(), GlobalKeys.iso(now), Long.toString(now.getEpochSecond()));
        last = s;
      }
      return s;
    }
  }

  /**
   * A whole second as {@link DateTimeFormatter#ISO_INSTANT} writes it ({@code 2026-12-07T23:14:05Z}), without the
   * formatter for the years 0 to 9999: its class builds a dozen formatters and their locale text the first time it
   * is used, ~5 ms of a short CLI run that needs only this one string.
   */
  static String iso(Instant second) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(second.getEpochSecond(), 0, ZoneOffset.UTC);
    if (second.getNano() != 0 || t.getYear() < 0 || t.getYear() > 9999) {
      return DateTimeFormatter.ISO_INSTANT.format(second);
    }
    char[] c = "0000-00-00T00:00:00Z".toCharArray();
    digits(c, 0, 4, t.getYear());
    digits(c, 5, 2, t.getMonthValue());
    digits(c, 8, 2, t.getDayOfMonth());
    digits(c, 11, 2, t.getHour());
    digits(c, 14, 2, t.getMinute());
    digits(c, 17, 2, t.getSecond());
    return new String(c);
  }

  private static void digits(char[] c, int at, int width, int value) {
    for (int i = at + width - 1; i >= at; i--) {
      c[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  private static void put(RequestContext.Builder b, Key k, String value) {
    b.putIfAbsent(k.name(), k.normalized(), value);
  }

  /**
   * Returns {@code given} with only the keys that name the caller added (where not set): for the
   * IAM policy simulator, which evaluates "as" a caller (CallerArn, or the simulated user) but takes
   * every other key — time, network, tags — only from the request's context entries.
   * {@code aws:username}, {@code aws:PrincipalArn}, {@code aws:PrincipalAccount},
   * {@code aws:PrincipalType}, and {@code aws:userid} when the unique id is known.
   */
  public static RequestContext fillCallerIdentity(RequestContext given, Principal p, String uniqueId) {
    if (p.accountId() == null) {
      return given;
    }
    RequestContext.Builder b = given.toBuilder();
    put(b, PRINCIPAL_ARN, p.principalArn());
    put(b, PRINCIPAL_ACCOUNT, p.accountId());
    put(b, PRINCIPAL_TYPE, p.kind().policyType());
    if (p.kind() == Principal.Kind.USER) {
      put(b, USERNAME, p.name());
      if (uniqueId != null) {
        put(b, USERID, uniqueId);
      }
    }
    return b.build();
  }

  /**
   * Returns {@code given} with the derived keys added where {@code given} does not set them.
   *
   * @param uniqueId the principal's unique id (AIDA…, AROA…) or null when unknown
   * @param principalTags tags of the user or role (and session tags), possibly empty
   * @param region the region the request is sent to, or null for us-east-1
   */
  public static RequestContext fill(RequestContext given, Principal p, String uniqueId,
      Map<String, String> principalTags, String region, Clock clock) {
    RequestContext.Builder b = given.toBuilder();
    Second now = Second.of(clock);
    put(b, CURRENT_TIME, now.iso());
    put(b, EPOCH_TIME, now.epoch());
    put(b, SECURE_TRANSPORT, "true");
    put(b, REQUESTED_REGION, region == null ? "us-east-1" : region);
    put(b, VIA_AWS_SERVICE, "false");
    switch (p.kind()) {
      case ANONYMOUS -> {
        put(b, PRINCIPAL_ACCOUNT, "anonymous");
        put(b, PRINCIPAL_TYPE, "Anonymous");
        put(b, USERID, "anonymous");
        put(b, PRINCIPAL_IS_AWS_SERVICE, "false");
      }
      case SERVICE -> {
        put(b, PRINCIPAL_SERVICE_NAME, p.name());
        put(b, PRINCIPAL_IS_AWS_SERVICE, "true");
      }
      default -> {
        put(b, PRINCIPAL_ARN, p.principalArn());
        put(b, PRINCIPAL_ACCOUNT, p.accountId());
        put(b, PRINCIPAL_TYPE, p.kind().policyType());
        put(b, PRINCIPAL_IS_AWS_SERVICE, "false");
        String userid = switch (p.kind()) {
          case ROOT -> p.accountId();
          case FEDERATED_USER -> p.accountId() + ":" + p.name();
          case ASSUMED_ROLE -> uniqueId == null ? null : uniqueId + ":" + (p.sessionName() == null ? p.name() : p.sessionName());
          default -> uniqueId;
        };
        if (userid != null) {
          put(b, USERID, userid);
        }
        if (p.kind() == Principal.Kind.USER) {
          put(b, USERNAME, p.name());
        }
        if (p.isSession()) {
          put(b, TOKEN_ISSUE_TIME, now.iso());
          put(b, MULTI_FACTOR_AUTH_PRESENT, "false");
        }
        if (principalTags != null) {
          for (Map.Entry<String, String> t : principalTags.entrySet()) {
            b.putIfAbsent("aws:PrincipalTag/" + t.getKey(), t.getValue());
          }
        }
      }
    }
    return b.build();
  }
}
