package dev.iamlocal.server.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamlocal.request.RequestContext;
import dev.iamlocal.server.auth.Caller;
import dev.iamlocal.server.auth.MfaCodes;
import dev.iamlocal.server.authz.AuthorizationMessages;
import dev.iamlocal.server.iam.ApiSupport.Ctx;
import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.server.protocol.JsonNodes;
import dev.iamlocal.store.AccessKey;
import dev.iamlocal.store.IamStore;
import dev.iamlocal.store.MfaDevice;
import dev.iamlocal.store.StsSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.codec.binary.Base32;

/**
 * The STS operations besides AssumeRole and GetCallerIdentity ({@link StsApi}): GetSessionToken
 * (with or without MFA), GetFederationToken, GetAccessKeyInfo, DecodeAuthorizationMessage and
 * AssumeRoot; and the MFA check AssumeRole shares ({@link #checkMfa}).
 */
final class StsTokensApi {

  /** STS's answer to a code that is not the device's current code, or was used already. */
  static final String INVALID_CODE = "MultiFactorAuthentication failed with invalid MFA one time pass code. ";
  /** STS's answer to a serial number that names no MFA device of the caller. */
  static final String UNKNOWN_DEVICE = "MultiFactorAuthentication failed, unable to validate MFA code.  Please verify"
      + " your MFA serial number is valid and associated with this user.";

  private final ApiSupport s;
  private final IamStore store;
  private final StsApi sts;
  private final MfaCodes codes;
  private final AuthorizationMessages messages;

  StsTokensApi(ApiSupport s, StsApi sts) {
    this.s = s;
    this.store = s.store;
    this.sts = sts;
    this.codes = new MfaCodes(s.store, s.clock);
    this.messages = new AuthorizationMessages(s.store);
  }

  /** Registers the operations of this family. */
  void register(Map<String, Operation> ops) {
    ops.put("GetSessionToken", this::getSessionToken);
    ops.put("GetFederationToken", this::getFederationToken);
    ops.put("GetAccessKeyInfo", this::getAccessKeyInfo);
    ops.put("DecodeAuthorizationMessage", this::decodeAuthorizationMessage);
    ops.put("AssumeRoot", this::assumeRoot);
  }

  /**
   * The moment {@code tokenCode} of the caller's MFA device {@code serial} was accepted, or null
   * when the request names no device and gives no code; AccessDenied with STS's messages for a
   * device that is not the calling user's, and for a wrong, stale or reused code.
   */
  static Instant checkMfa(IamStore store, MfaCodes codes, Caller caller, String serial, String tokenCode) {
    if (serial == null && tokenCode == null) {
      return null;
    }
    if (serial == null) {
      throw AwsError.accessDenied(UNKNOWN_DEVICE).withDetail("TokenCode was given without SerialNumber");
    }
    // only an IAM user has devices (the root user's can only be enabled in the console)
    Optional<MfaDevice> d = caller.userName() == null ? Optional.empty()
        : store.mfaDevices().device(caller.accountId(), serial)
            .filter(x -> x.userId() != null && x.userId().equals(caller.userId()));
    if (d.isEmpty()) {
      throw AwsError.accessDenied(UNKNOWN_DEVICE).withDetail("no MFA device " + serial + " is enabled for "
          + caller.arn());
    }
    if (tokenCode == null) {
      throw AwsError.accessDenied(INVALID_CODE).withDetail("SerialNumber was given without TokenCode");
    }
    return codes.authenticate(d.get(), tokenCode).orElseThrow(() -> AwsError.accessDenied(INVALID_CODE)
        .withDetail("the code is not the device's code for now (30-second steps, one step either way), or it was"
            + " used already: each code is accepted once"));
  }

  /** The MFA codes shared with AssumeRole. */
  MfaCodes codes() {
    return codes;
  }

  /**
   * GetSessionToken: temporary credentials of the calling user or root user. No policy can deny it
   * (AWS: an authentication operation); only long-term credentials may call it. With SerialNumber
   * and TokenCode the session is MFA-authenticated from the moment the code was checked.
   */
  ObjectNode getSessionToken(OperationInput p, Ctx c) {
    Caller caller = c.caller();
    if (caller.isSession()) {
      throw AwsError.accessDenied("Cannot call GetSessionToken with session credentials");
    }
    Integer duration = p.integer("DurationSeconds");
    s.authorize(c, "sts:GetSessionToken", "*", Map.of());
    Instant mfa = checkMfa(store, codes, caller, p.get("SerialNumber"), p.get("TokenCode"));
    // IAM users: 15 minutes to 36 hours, 12 by default; the root user: at most (and by default) 1 hour
    int seconds = caller.isRoot() ? Math.min(duration == null ? 3600 : duration, 3600)
        : duration == null ? 43_200 : duration;
    Instant now = Instant.ofEpochSecond(s.clock.instant().getEpochSecond());
    StsSession session = caller.isRoot()
        ? new StsSession(sts.newKeyId(), caller.accountId(), sts.newSecret(), sts.newToken(), caller.accountId(),
            caller.arn(), "root", null, List.of(), Map.of(), null, now, now.plusSeconds(seconds), List.of(),
            StsSession.Kind.ROOT, mfa)
        : new StsSession(sts.newKeyId(), caller.accountId(), sts.newSecret(), sts.newToken(), caller.userId(),
            caller.arn(), caller.userName(), null, List.of(), Map.of(), null, now, now.plusSeconds(seconds), List.of(),
            StsSession.Kind.USER, mfa);
    store.sessions().createSession(session);
    ObjectNode out = JsonNodes.object();
    out.set("Credentials", StsApi.credentials(session));
    return out;
  }

  /**
   * GetFederationToken: a federated user's session, whose permissions are the calling user's
   * policies intersected with the passed session policies (none passed: no permission at all).
   */
  ObjectNode getFederationToken(OperationInput p, Ctx c) {
    Caller caller = c.caller();
    if (caller.isSession()) {
      throw AwsError.accessDenied("Cannot call GetFederationToken with session credentials");
    }
    String name = p.required("Name");
    Integer duration = p.integer("DurationSeconds");
    String policy = p.get("Policy");
    List<String> policyArns = policyArns(p);
    Map<String, String> tags = p.sessionTags();
    String federatedArn = "arn:aws:sts::" + caller.accountId() + ":federated-user/" + name;
    StsApi.checkSessionPolicyLimits(policy, policyArns);
    RequestContext given = ApiSupport.requestTags(tags);
    s.authorize(c, "sts:GetFederationToken", federatedArn, given, null);
    if (!tags.isEmpty()) {
      s.authorize(c, "sts:TagSession", federatedArn, given, null);
    }
    if (policy != null) {
      ApiSupport.validateIdentityPolicy(policy);
    }
    for (String a : policyArns) {
      if (store.policies().managedPolicyDocument(caller.accountId(), a).isEmpty()) {
        throw new AwsError(400, "InvalidParameterValue", "Policy " + a + " does not exist or is not attachable.");
      }
    }
    int packed = StsApi.packedPercent(policy, policyArns, tags);
    if (packed > 100) {
      throw new AwsError(400, "PackedPolicyTooLarge", "Packed policy consumes " + packed
          + "% of allotted space, please use smaller policy.");
    }
    // 15 minutes to 36 hours, 12 by default; with the root user's credentials at most 1 hour
    int seconds = duration == null ? 43_200 : duration;
    if (caller.isRoot()) {
      seconds = Math.min(seconds, 3600);
    }
    Instant now = Instant.ofEpochSecond(s.clock.instant().getEpochSecond());
    StsSession session = new StsSession(sts.newKeyId(), caller.accountId(), sts.newSecret(), sts.newToken(),
        caller.isRoot() ? caller.accountId() : caller.userId(), federatedArn, name, policy, policyArns, tags, null, now,
        now.plusSeconds(seconds), List.of(), StsSession.Kind.FEDERATED, null);
    store.sessions().createSession(session);
    ObjectNode out = JsonNodes.object();
    out.set("Credentials", StsApi.credentials(session));
    out.putObject("FederatedUser").put("FederatedUserId", caller.accountId() + ":" + name).put("Arn", federatedArn);
    // always, 0 without a policy or tags: AWS's recorded answer (LocalStack's test_sts snapshot)
    out.put("PackedPolicySize", packed);
    return out;
  }

  /**
   * GetAccessKeyInfo: the account of an access key id. A key this server issued (long-term or
   * temporary) answers with its account; any other is read as AWS reads the key ids it issues since
   * 2019, which carry their account in bits 1 to 40 of the Base32 text after the 4-letter prefix.
   */
  ObjectNode getAccessKeyInfo(OperationInput p, Ctx c) {
    String keyId = p.required("AccessKeyId");
    s.authorize(c, "sts:GetAccessKeyInfo", "*", Map.of());
    Optional<String> account = store.accessKeys().accessKey(keyId).map(AccessKey::accountId)
        .or(() -> store.sessions().session(keyId).map(StsSession::accountId));
    String acct = account.orElseGet(() -> decodedAccount(keyId));
    return JsonNodes.object().put("Account", acct);
  }

  /** The account AWS's key id format encodes, as 12 digits. */
  static String decodedAccount(String keyId) {
    String rest = keyId.length() > 4 ? keyId.substring(4).toUpperCase(java.util.Locale.ROOT) : "";
    Base32 b32 = new Base32();
    if (rest.length() < 10 || !b32.isInAlphabet(rest)) {
      throw new AwsError(400, "InvalidParameterValue", "The access key ID is not valid.")
          .withDetail("an access key id is a 4-letter prefix and Base32 text (A-Z, 2-7)");
    }
    byte[] bytes = b32.decode(rest);
    long z = 0;
    for (int i = 0; i < 6; i++) {
      z = (z << 8) | (bytes[i] & 0xff);
    }
    long account = (z & 0x7fffffffff80L) >>> 7;
    return String.format("%012d", account);
  }

  /**
   * DecodeAuthorizationMessage: the decision an encoded authorization message of this server
   * carries, for callers allowed {@code sts:DecodeAuthorizationMessage} in the account it was
   * issued to.
   */
  ObjectNode decodeAuthorizationMessage(OperationInput p, Ctx c) {
    String encoded = p.required("EncodedMessage");
    s.authorize(c, "sts:DecodeAuthorizationMessage", "*", Map.of());
    String decoded = messages.decode(c.acct(), encoded.strip()).orElseThrow(() -> new AwsError(400,
        "InvalidAuthorizationMessageException", "Message is not valid")
        .withDetail("not a message this server encoded for account " + c.acct() + " (or it was altered)"));
    return JsonNodes.object().put("DecodedMessage", decoded);
  }

  /**
   * AssumeRoot: privileged root sessions in member accounts need AWS Organizations' centralized root
   * access, from the management account or its delegated administrator. A standalone account (what
   * iamlocal serves) has no organization: after the caller's own permissions, STS refuses the call.
   */
  ObjectNode assumeRoot(OperationInput p, Ctx c) {
    String target = p.required("TargetPrincipal");
    String targetArn = target.matches("\\d{12}") ? "arn:aws:iam::" + target + ":root" : target;
    try {
      s.authorize(c, "sts:AssumeRoot", targetArn, Map.of());
    } catch (AwsError denied) {
      // STS names no reason for AssumeRoot, not even an explicit deny (stackd's recording against
      // STS, root_access.json, 2026-09-11: assume_root_observer_denied)
      throw AwsError.accessDenied("User: " + c.caller().arn() + " is not authorized to perform: sts:AssumeRoot on"
          + " resource: " + targetArn).withDetail(denied.getMessage());
    }
    throw AwsError.accessDenied("User: " + c.caller().arn() + " is not authorized to perform: sts:AssumeRoot on"
        + " resource: " + targetArn).withDetail("AssumeRoot needs AWS Organizations' centralized root access for"
        + " member accounts, which a standalone account has not");
  }

  private static List<String> policyArns(OperationInput p) {
    List<String> out = new ArrayList<>();
    JsonNode arns = p.node().get("PolicyArns");
    if (arns != null) {
      arns.forEach(d -> {
        if (d.hasNonNull("arn")) {
          out.add(d.get("arn").asText());
        }
      });
    }
    return out;
  }

}
