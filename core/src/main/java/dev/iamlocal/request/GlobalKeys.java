package dev.iamlocal.request;

import java.time.Clock;
import java.time.Instant;
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
    b.putIfAbsent("aws:PrincipalArn", p.principalArn());
    b.putIfAbsent("aws:PrincipalAccount", p.accountId());
    b.putIfAbsent("aws:PrincipalType", p.kind().policyType());
    if (p.kind() == Principal.Kind.USER) {
      b.putIfAbsent("aws:username", p.name());
      if (uniqueId != null) {
        b.putIfAbsent("aws:userid", uniqueId);
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
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    b.putIfAbsent("aws:CurrentTime", DateTimeFormatter.ISO_INSTANT.format(now));
    b.putIfAbsent("aws:EpochTime", Long.toString(now.getEpochSecond()));
    b.putIfAbsent("aws:SecureTransport", "true");
    b.putIfAbsent("aws:RequestedRegion", region == null ? "us-east-1" : region);
    b.putIfAbsent("aws:ViaAWSService", "false");
    switch (p.kind()) {
      case ANONYMOUS -> {
        b.putIfAbsent("aws:PrincipalAccount", "anonymous");
        b.putIfAbsent("aws:PrincipalType", "Anonymous");
        b.putIfAbsent("aws:userid", "anonymous");
        b.putIfAbsent("aws:PrincipalIsAWSService", "false");
      }
      case SERVICE -> {
        b.putIfAbsent("aws:PrincipalServiceName", p.name());
        b.putIfAbsent("aws:PrincipalIsAWSService", "true");
      }
      default -> {
        b.putIfAbsent("aws:PrincipalArn", p.principalArn());
        b.putIfAbsent("aws:PrincipalAccount", p.accountId());
        b.putIfAbsent("aws:PrincipalType", p.kind().policyType());
        b.putIfAbsent("aws:PrincipalIsAWSService", "false");
        String userid = switch (p.kind()) {
          case ROOT -> p.accountId();
          case FEDERATED_USER -> p.accountId() + ":" + p.name();
          case ASSUMED_ROLE -> uniqueId == null ? null : uniqueId + ":" + (p.sessionName() == null ? p.name() : p.sessionName());
          default -> uniqueId;
        };
        if (userid != null) {
          b.putIfAbsent("aws:userid", userid);
        }
        if (p.kind() == Principal.Kind.USER) {
          b.putIfAbsent("aws:username", p.name());
        }
        if (p.isSession()) {
          b.putIfAbsent("aws:TokenIssueTime", DateTimeFormatter.ISO_INSTANT.format(now));
          b.putIfAbsent("aws:MultiFactorAuthPresent", "false");
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
