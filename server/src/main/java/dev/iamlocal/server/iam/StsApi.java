package dev.iamlocal.server.iam;

import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.server.auth.Caller;
import dev.iamlocal.server.protocol.JsonNodes;
import dev.iamlocal.server.authz.Subjects;
import static dev.iamlocal.server.iam.ApiSupport.*;

import dev.iamlocal.evaluation.Policy;
import dev.iamlocal.request.RequestContext;
import dev.iamlocal.server.iam.ApiSupport.Ctx;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamlocal.store.IamException;
import dev.iamlocal.store.IamStore;
import dev.iamlocal.store.Policies;
import dev.iamlocal.store.Role;
import dev.iamlocal.store.StsSession;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * STS: GetCallerIdentity and AssumeRole. AssumeRole is authorized by the engine with the caller's
 * identity policies and the role's trust policy as the resource-based policy, and issues
 * temporary credentials (ASIA… key, secret, session token) stored with their expiry.
 */
final class StsApi {

  /** The decision logged for an AssumeRole of a role that does not exist: a deny with no reason. */
  private static final dev.iamlocal.evaluation.Decision NO_SUCH_ROLE = new dev.iamlocal.evaluation.Decision(
      dev.iamlocal.evaluation.Outcome.IMPLICIT_DENY, java.util.List.of(), null, "", null, null);


  private static final char[] ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
  private static final char[] SECRET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();
  /** STS's limit on the session Policy, in characters, white space included (STS's error for a longer one). */
  static final int SESSION_POLICY_MAX = 2_048;
  /** Packed size budget of session policies and tags, in the unit AWS reports as a percentage. */
  private static final int PACKED_BUDGET = 2048;

  private final ApiSupport s;
  private final IamStore store;
  private final SecureRandom random = new SecureRandom();
  /** GetSessionToken, GetFederationToken and the other STS operations, with the MFA check AssumeRole uses. */
  private final StsTokensApi tokens;

  StsApi(ApiSupport s) {
    this.s = s;
    this.store = s.store;
    this.tokens = new StsTokensApi(s, this);
  }

  /** Registers the STS operations of {@link StsTokensApi} besides this class's. */
  void registerTokens(Map<String, Operation> ops) {
    tokens.register(ops);
  }

  /**
   * Authorized like every call, by the engine, whose rule is AWS's: no permission is needed and no
   * policy can deny it (Evaluator#needsNoPermission); asking keeps the call in the decision log.
   */
  ObjectNode getCallerIdentity(OperationInput p, Ctx c) {
    s.authorize(c, "sts:GetCallerIdentity", "*", Map.of());
    return JsonNodes.object().put("UserId", c.caller().userId()).put("Account", c.acct())
        .put("Arn", c.caller().arn());
  }

  ObjectNode assumeRole(OperationInput p, Ctx c) {
    String roleArn = p.required("RoleArn");
    String sessionName = p.required("RoleSessionName");
    Integer duration = p.integer("DurationSeconds");
    String sessionPolicy = p.get("Policy");
    List<String> policyArns = new ArrayList<>();
    JsonNode arns = p.node().get("PolicyArns");
    if (arns != null) {
      // PolicyDescriptorType: its arn member is optional in the model; one without names no policy
      arns.forEach(d -> {
        if (d.hasNonNull("arn")) {
          policyArns.add(d.get("arn").asText());
        }
      });
    }
    checkSessionPolicyLimits(sessionPolicy, policyArns);
    Map<String, String> tags = p.sessionTags();
    List<String> transitiveKeys = p.strings("TransitiveTagKeys");
    String requestedSource = p.get("SourceIdentity");
    Caller caller = c.caller();
    if (caller.isRoot()) {
      throw AwsError.accessDenied("Roles may not be assumed by root accounts.");
    }
    // Role chaining: the calling session's transitive tags pass on to the new session, stay
    // transitive there and may not be overridden (STS API reference, AssumeRole Tags; IAM User
    // Guide, "Chaining roles with session tags"). The error codes and messages are those AWS
    // returns, as LocalStack's AWS-validated tests record them.
    Map<String, String> inherited = caller.isRoleSession() ? caller.session().transitiveTags() : Map.of();
    for (String k : tags.keySet()) {
      if (containsIgnoreCase(inherited.keySet(), k)) {
        throw new AwsError(400, "InvalidParameterValue", "One of the specified transitive tag keys can't be set"
            + " because it conflicts with a transitive tag key from the calling session.");
      }
    }
    // stored as the tag itself is spelled (keys are one key whatever their case); the condition key
    // sts:TransitiveTagKeys carries them as the request spelled them
    List<String> transitive = new ArrayList<>();
    List<String> transitiveAsRequested = new ArrayList<>();
    for (String k : transitiveKeys) {
      String tagKey = tags.keySet().stream().filter(t -> t.equalsIgnoreCase(k)).findFirst()
          .orElseThrow(() -> new AwsError(400, "InvalidParameterValue",
              "The specified transitive tag key must be included in the requested tags."));
      if (!transitive.contains(tagKey)) {
        transitive.add(tagKey);
      }
      if (!transitiveAsRequested.contains(k)) {
        transitiveAsRequested.add(k);
      }
    }
    // STS reads RoleArn as an ARN first: one it cannot parse (too few fields, no partition, service
    // or resource) is "<value> is invalid" (AWS's recorded answers); a well-formed ARN that names no
    // role is answered as a role that does not exist, below
    String[] arn = roleArn.split(":", 6);
    if (arn.length != 6 || !arn[0].equals("arn") || arn[1].isEmpty() || arn[2].isEmpty() || arn[5].isEmpty()) {
      throw AwsError.validation(roleArn + " is invalid");
    }
    // A source identity, once set, goes down the role chain and cannot be changed (IAM User Guide,
    // "Monitor and control actions taken with assumed roles": a different value is denied).
    String inheritedSource = caller.isRoleSession() ? caller.session().sourceIdentity() : null;
    if (inheritedSource != null && requestedSource != null && !requestedSource.equals(inheritedSource)) {
      throw AwsError.accessDenied("User: " + caller.arn() + " is not authorized to perform: sts:SetSourceIdentity on"
          + " resource: " + roleArn + " because the source identity of the calling session cannot be changed");
    }
    String sourceIdentity = requestedSource != null ? requestedSource : inheritedSource;
    // The request's tags are the ones passed; inherited tags are the caller's principal tags
    // (aws:PrincipalTag), not aws:RequestTag, yet they make a tagged session: sts:TagSession.
    RequestContext.Builder ctx = requestTags(tags).toBuilder().put("sts:RoleSessionName", sessionName);
    if (!transitiveAsRequested.isEmpty()) {
      ctx.putList("sts:TransitiveTagKeys", transitiveAsRequested);
    }
    if (sourceIdentity != null) {
      ctx.put("sts:SourceIdentity", sourceIdentity);
    }
    Role role = null;
    if (arn[2].equals("iam") && arn[5].startsWith("role/")) {
      try {
        role = store.roles().getRole(arn[4], arn[5].substring(arn[5].lastIndexOf('/') + 1));
      } catch (IamException.NoSuchEntity e) {
        role = null;
      }
    }
    if (role == null || !role.arn().equals(roleArn)) {
      // a role that does not exist is indistinguishable from one that does not trust the caller: in
      // the answer, and in the caller's decision log, whose row holds the context such a refusal's
      // row holds (and a refusal by another account's role keeps no reason either, see DecisionLog)
      s.pipeline.refuse(caller, c.net(), "sts:AssumeRole", roleArn, ctx.build(), NO_SUCH_ROLE);
      throw AwsError.accessDenied("User: " + caller.arn() + " is not authorized to perform: sts:AssumeRole on"
          + " resource: " + roleArn);
    }
    Policy trust = Subjects.parseStored(role.name(), role.trustPolicy(), "resource");
    // MFA (SerialNumber and TokenCode): a code checked now makes the trust policy see
    // aws:MultiFactorAuthPresent true; a session issued with MFA passes its MFA time on
    Instant mfa = StsTokensApi.checkMfa(store, tokens.codes(), caller, p.get("SerialNumber"), p.get("TokenCode"));
    if (mfa != null && caller.isSession()) {
      StsSession cs = caller.session();
      caller = new Caller(caller.accountId(), caller.arn(), caller.userName(), caller.userId(), caller.accessKeyId(),
          caller.region(), new StsSession(cs.accessKeyId(), cs.accountId(), cs.secret(), cs.sessionToken(), cs.roleId(),
              cs.roleArn(), cs.sessionName(), cs.sessionPolicy(), cs.policyArns(), cs.tags(), cs.sourceIdentity(),
              cs.createDate(), cs.expiration(), cs.transitiveTagKeys(), cs.kind(), mfa), caller.storeVersion());
      c = Ctx.over(caller, c.net());
    } else if (mfa != null) {
      ctx.put("aws:MultiFactorAuthPresent", "true").put("aws:MultiFactorAuthAge", "0");
    }
    Instant sessionMfa = mfa != null ? mfa : caller.isSession() ? caller.session().mfaAuthenticatedAt() : null;
    RequestContext given = ctx.build();
    s.authorize(c, "sts:AssumeRole", roleArn, given, trust);
    if (!tags.isEmpty() || !inherited.isEmpty()) {
      s.authorize(c, "sts:TagSession", roleArn, given, trust);
    }
    if (sourceIdentity != null) {
      s.authorize(c, "sts:SetSourceIdentity", roleArn, given, trust);
      if (caller.isRoleSession()) {
        // In a role chain the assuming role's own permissions must allow it too, whatever the
        // trust policy grants (same guide, "Permissions required to set source identity"). The
        // engine asks that of the identity side when the role's trust names only the account.
        s.authorize(c, "sts:SetSourceIdentity", roleArn, given, accountOnlyTrust(caller.accountId()));
      }
    }
    int seconds = duration == null ? 3600 : duration;
    if (caller.isRoleSession() && seconds > 3600) {
      throw AwsError.validation("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed"
          + " by role chaining.");
    }
    if (seconds > role.maxSessionDuration()) {
      throw AwsError.validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
    }
    if (sessionPolicy != null) {
      validateIdentityPolicy(sessionPolicy);
    }
    for (String a : policyArns) {
      // the policies must exist in the role's account (AssumeRole PolicyArns): another account's is not found
      if (store.policies().managedPolicyDocument(role.accountId(), a).isEmpty()) {
        throw new AwsError(400, "InvalidParameterValue", "Policy " + a + " does not exist or is not attachable.");
      }
    }
    // The 50-tag limit is the Tags parameter's (the model's tagListType); inherited tags come on top,
    // bounded, like everything the session carries, by the packed-size check below.
    Map<String, String> sessionTags = new LinkedHashMap<>(inherited);
    sessionTags.putAll(tags);
    List<String> sessionTransitive = new ArrayList<>(inherited.keySet());
    sessionTransitive.addAll(transitive);
    int packed = packedPercent(sessionPolicy, policyArns, sessionTags);
    if (packed > 100) {
      throw new AwsError(400, "PackedPolicyTooLarge", "Packed policy consumes " + packed
          + "% of allotted space, please use smaller policy.");
    }
    Instant now = Instant.ofEpochSecond(s.clock.instant().getEpochSecond());
    StsSession session = new StsSession("ASIA" + chars(ALNUM, 16), role.accountId(), chars(SECRET, 40),
        token(), role.roleId(), role.arn(), sessionName, sessionPolicy, policyArns, sessionTags, sourceIdentity, now,
        now.plusSeconds(seconds), sessionTransitive, StsSession.Kind.ROLE, sessionMfa);
    store.sessions().createSession(session);
    boolean withPacked = sessionPolicy != null || !policyArns.isEmpty() || !sessionTags.isEmpty();
    ObjectNode out = JsonNodes.object();
    out.set("Credentials", credentials(session));
    out.putObject("AssumedRoleUser").put("AssumedRoleId", session.roleId() + ":" + sessionName)
        .put("Arn", session.assumedRoleArn());
    if (withPacked) {
      out.put("PackedPolicySize", packed);
    }
    out.put("SourceIdentity", sourceIdentity);
    return out;
  }

  /** STS's {@code Credentials} of a session. */
  static ObjectNode credentials(StsSession session) {
    ObjectNode credentials = JsonNodes.object().put("AccessKeyId", session.accessKeyId())
        .put("SecretAccessKey", session.secret()).put("SessionToken", session.sessionToken());
    credentials.set("Expiration", JsonNodes.time(session.expiration()));
    return credentials;
  }

  /**
   * Two limits AWS's STS answers with that its model does not state (its PolicyArns list has no
   * max, its Policy shape no length): at most 10 policy ARNs, a session policy of 2,048 characters.
   */
  static void checkSessionPolicyLimits(String sessionPolicy, List<String> policyArns) {
    if (policyArns.size() > 10) {
      throw AwsError.validation("1 validation error detected: Value at 'policyArns' failed to satisfy constraint:"
          + " Member must have length less than or equal to 10");
    }
    if (sessionPolicy != null && sessionPolicy.length() > SESSION_POLICY_MAX) {
      throw AwsError.validation("1 validation error detected: Value at 'policy' failed to satisfy constraint:"
          + " Member must have length less than or equal to " + SESSION_POLICY_MAX);
    }
  }

  /** A new temporary access key id. */
  String newKeyId() {
    return "ASIA" + chars(ALNUM, 16);
  }

  /** A new secret access key. */
  String newSecret() {
    return chars(SECRET, 40);
  }

  /** A new session token. */
  String newToken() {
    return token();
  }

  /** How much of the packed budget the session policies and tags use, in percent (rounded up). */
  static int packedPercent(String policy, List<String> arns, Map<String, String> tags) {
    int size = policy == null ? 0 : Policies.nonWhitespaceLength(policy);
    for (String a : arns) {
      size += a.length();
    }
    for (Map.Entry<String, String> t : tags.entrySet()) {
      size += t.getKey().length() + t.getValue().length();
    }
    return (size * 100 + PACKED_BUDGET - 1) / PACKED_BUDGET;
  }

  private String token() {
    byte[] b = new byte[192];
    random.nextBytes(b);
    return "IQoJb2lhbWxvY2Fs" + Base64.getEncoder().encodeToString(b);
  }

  private String chars(char[] alphabet, int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append(alphabet[random.nextInt(alphabet.length)]);
    }
    return b.toString();
  }

  private static boolean containsIgnoreCase(java.util.Collection<String> keys, String key) {
    return keys.stream().anyMatch(k -> k.equalsIgnoreCase(key));
  }

  /**
   * A trust policy naming only the caller's account: with it the engine allows exactly when the
   * caller's own policies do, in one account or across two.
   */
  private static Policy accountOnlyTrust(String accountId) {
    return Policy.parse("the caller's own permissions (role chaining)", "{\"Version\":\"2012-10-17\",\"Statement\":"
        + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + accountId + ":root\"},"
        + "\"Action\":\"sts:SetSourceIdentity\"}}");
  }
}
