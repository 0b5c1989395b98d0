package dev.iamlocal.server.iam;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.iamlocal.request.RequestContext;
import dev.iamlocal.server.auth.Caller;
import dev.iamlocal.server.federation.OutboundIssuer;
import dev.iamlocal.server.iam.ApiSupport.Ctx;
import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.server.protocol.JsonNodes;
import dev.iamlocal.store.OutboundFederation;
import dev.iamlocal.store.OutboundFederation.Setting;
import dev.iamlocal.store.Role;
import dev.iamlocal.store.StsSession;
import dev.iamlocal.store.User;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * IAM outbound web identity federation: {@code EnableOutboundWebIdentityFederation},
 * {@code DisableOutboundWebIdentityFederation}, {@code GetOutboundWebIdentityFederationInfo} (the
 * account setting and its issuer URL) and STS {@code GetWebIdentityToken} (a JWT of the caller's
 * identity, signed by the account's issuer, {@link OutboundIssuer}).
 *
 * <p>The errors, their order and the claims are AWS's as recorded against real IAM and STS
 * (docs/federation.md, "Outbound web identity federation"): the IAM operations are authorized on
 * {@code *}; GetWebIdentityToken on {@code arn:aws:sts::ACCOUNT:self} with {@code sts:IdentityTokenAudience},
 * {@code sts:SigningAlgorithm}, {@code sts:DurationSeconds} (300 when the request names none) and the
 * request's tags, and with tags also {@code sts:TagGetWebIdentityToken}; a caller without permission is
 * AccessDenied even while the feature is disabled (authorization comes first), and a session whose
 * remaining lifetime is shorter than the token's is SessionDurationEscalationException before the
 * disabled feature is named.
 */
final class OutboundFederationApi {

  /** The default token lifetime, in seconds (GetWebIdentityToken's DurationSeconds). */
  static final int DEFAULT_DURATION = 300;
  /** The largest claims set STS signs, in bytes of its JSON (recorded against STS: one byte more is refused). */
  static final int MAX_PAYLOAD_BYTES = 14_984;

  private final ApiSupport s;
  private final OutboundFederation settings;

  OutboundFederationApi(ApiSupport s) {
    this.s = s;
    this.settings = new OutboundFederation(s.store);
  }

  /** Registers the three IAM operations. */
  OutboundFederationApi register(Map<String, Operation> i) {
    i.put("EnableOutboundWebIdentityFederation", this::enable);
    i.put("DisableOutboundWebIdentityFederation", this::disable);
    i.put("GetOutboundWebIdentityFederationInfo", this::info);
    return this;
  }

  /** Registers STS GetWebIdentityToken. */
  void registerSts(Map<String, Operation> t) {
    t.put("GetWebIdentityToken", this::getWebIdentityToken);
  }

  ObjectNode enable(OperationInput p, Ctx c) {
    s.authorize(c, "iam:EnableOutboundWebIdentityFederation", "*", Map.of());
    Instant now = s.clock.instant();
    // keys are made only for an account that never had an issuer: a re-enable keeps the old ones
    Setting fresh = settings.get(c.acct()).orElseGet(() -> OutboundIssuer.fresh(c.acct(), now));
    Setting on = settings.enable(c.acct(), fresh, now)
        .orElseThrow(() -> new AwsError(409, "FeatureEnabled", "Outbound identity federation is already enabled for"
            + " account " + c.acct()));
    return JsonNodes.object().put("IssuerIdentifier", OutboundIssuer.issuerUrl(on.issuerId()));
  }

  ObjectNode disable(OperationInput p, Ctx c) {
    s.authorize(c, "iam:DisableOutboundWebIdentityFederation", "*", Map.of());
    if (!settings.disable(c.acct(), s.clock.instant())) {
      throw disabled(c);
    }
    return null;
  }

  ObjectNode info(OperationInput p, Ctx c) {
    s.authorize(c, "iam:GetOutboundWebIdentityFederationInfo", "*", Map.of());
    // a disabled feature is FeatureDisabled, not JwtVendingEnabled false (AWS's recorded answer)
    Setting on = settings.get(c.acct()).filter(Setting::enabled).orElseThrow(() -> disabled(c));
    return JsonNodes.object().put("IssuerIdentifier", OutboundIssuer.issuerUrl(on.issuerId()))
        .put("JwtVendingEnabled", true);
  }

  private static AwsError disabled(Ctx c) {
    return new AwsError(404, "FeatureDisabled", "Outbound identity federation is disabled for account " + c.acct());
  }

  ObjectNode getWebIdentityToken(OperationInput p, Ctx c) {
    List<String> audiences = p.strings("Audience");
    String algorithm = p.required("SigningAlgorithm");
    Integer requested = p.integer("DurationSeconds");
    int duration = requested == null ? DEFAULT_DURATION : requested;
    if (!OutboundIssuer.ALGORITHMS.contains(algorithm)) {
      // the model only bounds its length (5); STS names the two it signs with, case-sensitively
      throw AwsError.validation("Requested SigningAlgorithm is not supported. See the GetWebIdentityToken"
          + " documentation for supported algorithms");
    }
    Map<String, String> tags = p.sessionTags(); // keys one whatever their case: InvalidParameterValue
    RequestContext.Builder ctx = ApiSupport.requestTags(tags).toBuilder()
        .putList("sts:IdentityTokenAudience", audiences).put("sts:SigningAlgorithm", algorithm)
        .put("sts:DurationSeconds", Integer.toString(duration));
    RequestContext given = ctx.build();
    String self = "arn:aws:sts::" + c.acct() + ":self";
    s.authorize(c, "sts:GetWebIdentityToken", self, given, null);
    if (!tags.isEmpty()) {
      s.authorize(c, "sts:TagGetWebIdentityToken", self, given, null);
    }
    Caller caller = c.caller();
    Instant now = s.clock.instant().truncatedTo(ChronoUnit.MILLIS);
    // the token's exp, whole seconds (iat + DurationSeconds): the answer's Expiration is that instant, written
    // with ".000" (as captured from STS), never a moment after the token itself expires
    Instant expiration = Instant.ofEpochSecond(now.getEpochSecond() + duration);
    if (caller.isSession() && expiration.isAfter(caller.session().expiration())) {
      throw new AwsError(403, "SessionDurationEscalationException", "Requested token expiry time must be before the"
          + " original session's expiry time.").withDetail("the session expires at " + caller.session().expiration());
    }
    Setting on = settings.get(c.acct()).filter(Setting::enabled).orElseThrow(() -> new AwsError(403,
        "OutboundWebIdentityFederationDisabledException", "OutboundWebIdentityFederation is disabled.")
        .withDetail("IAM EnableOutboundWebIdentityFederation enables it for the account"));
    JWTClaimsSet claims = claims(caller, on, audiences, tags, now, duration);
    int size = claims.toString().getBytes(StandardCharsets.UTF_8).length;
    if (size > MAX_PAYLOAD_BYTES) {
      throw new AwsError(400, "JWTPayloadSizeExceededException", "The requested token payload size exceeds the"
          + " maximum allowed size. Reduce the number of request tags included in the GetWebIdentityToken API call"
          + " to reduce the token payload size.").withDetail("the claims are " + size + " bytes, at most "
          + MAX_PAYLOAD_BYTES);
    }
    ObjectNode out = JsonNodes.object().put("WebIdentityToken", OutboundIssuer.sign(on, algorithm, claims));
    out.set("Expiration", JsonNodes.time(expiration));
    return out;
  }

  /**
   * The token's claims, as STS fills them: {@code sub} the caller's IAM identity (a role session's role
   * ARN, a user's ARN, the root ARN), the audiences ({@code aud} a string for one, else a list, duplicates
   * kept), whole-second {@code iat}/{@code exp}, a UUID {@code jti}, and under {@link OutboundIssuer#NAMESPACE}
   * the account, region, principal, session expiry and source identity of a session, the principal's tags
   * (a role session's role tags overridden by its session tags) and the request's tags. No organization
   * claims: iamlocal accounts belong to no AWS Organizations organization.
   */
  private JWTClaimsSet claims(Caller caller, Setting on, List<String> audiences, Map<String, String> tags,
      Instant now, int duration) {
    String acct = caller.accountId();
    StsSession session = caller.session();
    String subject;
    Map<String, String> principalTags;
    if (caller.isRoleSession()) {
      Role role = s.store.roles().roleById(acct, session.roleId()).orElseThrow(AwsError::invalidClientTokenId);
      subject = role.arn();
      principalTags = s.subjects.ofSession(session, role).tags();
    } else if (caller.isRoot()) {
      subject = "arn:aws:iam::" + acct + ":root";
      principalTags = Map.of();
    } else {
      User u = caller.isSession()
          ? s.store.users().userById(acct, session.roleId()).orElseThrow(AwsError::invalidClientTokenId)
          : s.store.users().getUser(acct, caller.userName());
      subject = u.arn();
      principalTags = s.store.tags().userTags(acct, u.name());
    }
    Map<String, Object> aws = new LinkedHashMap<>();
    aws.put("aws_account", acct);
    aws.put("source_region", caller.region());
    aws.put("principal_id", subject);
    if (session != null) {
      aws.put("original_session_exp", session.expiration().truncatedTo(ChronoUnit.SECONDS).toString());
      if (session.sourceIdentity() != null) {
        aws.put("source_identity", session.sourceIdentity());
      }
    }
    if (!principalTags.isEmpty()) {
      aws.put("principal_tags", new LinkedHashMap<>(principalTags));
    }
    if (!tags.isEmpty()) {
      aws.put("request_tags", new LinkedHashMap<>(tags));
    }
    long iat = now.getEpochSecond();
    return new JWTClaimsSet.Builder().audience(audiences).subject(subject).claim(OutboundIssuer.NAMESPACE, aws)
        .issuer(OutboundIssuer.issuerUrl(on.issuerId())).expirationTime(Date.from(Instant.ofEpochSecond(iat + duration)))
        .issueTime(Date.from(Instant.ofEpochSecond(iat))).jwtID(UUID.randomUUID().toString()).build();
  }
}
