package dev.iamlocal.server;

import static dev.iamlocal.server.ApiSupport.*;
import static dev.iamlocal.server.IamApi.STS_NS;

import dev.iamlocal.evaluation.Policy;
import dev.iamlocal.request.RequestContext;
import dev.iamlocal.server.ApiSupport.Ctx;
import dev.iamlocal.server.IamApi.Params;
import dev.iamlocal.store.IamException;
import dev.iamlocal.store.IamStore;
import dev.iamlocal.store.Role;
import dev.iamlocal.store.StsSession;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * STS: GetCallerIdentity and AssumeRole. AssumeRole is authorized by the engine with the caller's
 * identity policies and the role's trust policy as the resource-based policy, and issues
 * temporary credentials (ASIA… key, secret, session token) stored with their expiry.
 */
final class StsApi {

  /** The decision logged for an AssumeRole of a role that does not exist: a deny with no reason. */
  private static final dev.iamlocal.evaluation.Decision NO_SUCH_ROLE = new dev.iamlocal.evaluation.Decision(
      dev.iamlocal.evaluation.Outcome.IMPLICIT_DENY, java.util.List.of(), null, "", null, null);


  private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
  private static final char[] ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
  private static final char[] SECRET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();
  /** Packed size budget of session policies and tags, in the unit AWS reports as a percentage. */
  private static final int PACKED_BUDGET = 2048;

  private final ApiSupport s;
  private final IamStore store;
  private final SecureRandom random = new SecureRandom();

  StsApi(ApiSupport s) {
    this.s = s;
    this.store = s.store;
  }

  String handle(String action, Params p, Ctx c, String rid) {
    // every constraint of the STS model before the operation runs (ExternalId, SerialNumber, …)
    ApiModel.sts().readQuery(action, p.values());
    return switch (action) {
      case "GetCallerIdentity" -> getCallerIdentity(c, rid);
      case "AssumeRole" -> assumeRole(p, c, rid);
      default -> throw new AwsError(400, "InvalidAction", "Could not find operation " + action
          + " for version 2011-06-15");
    };
  }

  /**
   * Authorized like every call, by the engine, whose rule is AWS's: no permission is needed and no
   * policy can deny it (Evaluator#needsNoPermission); asking keeps the call in the decision log.
   */
  private String getCallerIdentity(Ctx c, String rid) {
    s.authorize(c, "sts:GetCallerIdentity", "*", Map.of());
    return wrap(STS_NS, "GetCallerIdentity", rid, x -> x.el("UserId", c.caller().userId())
        .el("Account", c.acct()).el("Arn", c.caller().arn()));
  }

  private String assumeRole(Params p, Ctx c, String rid) {
    String roleArn = p.required("RoleArn");
    String sessionName = p.required("RoleSessionName");
    checkNameShape(sessionName, "roleSessionName");
    Integer duration = integer(p, "DurationSeconds", 900, 43200);
    String sessionPolicy = p.get("Policy");
    List<String> policyArns = new ArrayList<>();
    for (int i = 1; p.get("PolicyArns.member." + i + ".arn") != null; i++) {
      policyArns.add(p.get("PolicyArns.member." + i + ".arn"));
    }
    if (policyArns.size() > 10) {
      throw AwsError.validation("1 validation error detected: Value at 'policyArns' failed to satisfy constraint:"
          + " Member must have length less than or equal to 10");
    }
    Map<String, String> tags = ApiSupport.checkedSessionTags(p);
    List<String> transitiveKeys = ApiSupport.checkedTransitiveTagKeys(p);
    String requestedSource = p.get("SourceIdentity");
    if (requestedSource != null) {
      checkNameShape(requestedSource, "sourceIdentity");
    }
    Caller caller = c.caller();
    if (caller.isRoot()) {
      throw AwsError.accessDenied("Roles may not be assumed by root accounts.");
    }
    // Role chaining: the calling session's transitive tags pass on to the new session, stay
    // transitive there and may not be overridden (STS API reference, AssumeRole Tags; IAM User
    // Guide, "Chaining roles with session tags"). The error codes and messages are those AWS
    // returns, as LocalStack's AWS-validated tests record them.
    Map<String, String> inherited = caller.isSession() ? caller.session().transitiveTags() : Map.of();
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
    String inheritedSource = caller.isSession() ? caller.session().sourceIdentity() : null;
    if (inheritedSource != null && requestedSource != null && !requestedSource.equals(inheritedSource)) {
      throw AwsError.accessDenied("User: " + caller.arn() + " is not authorized to perform: sts:SetSourceIdentity on"
          + " resource: " + roleArn + " because the source identity of the calling session cannot be changed");
    }
    String sourceIdentity = requestedSource != null ? requestedSource : inheritedSource;
    Role role = null;
    if (arn[2].equals("iam") && arn[5].startsWith("role/")) {
      try {
        role = store.getRole(arn[4], arn[5].substring(arn[5].lastIndexOf('/') + 1));
      } catch (IamException.NoSuchEntity e) {
        role = null;
      }
    }
    if (role == null || !role.arn().equals(roleArn)) {
      // a role that does not exist is indistinguishable from one that does not trust the caller: in
      // the answer, and in the caller's decision log (where a refusal by another account's role
      // keeps no reason either, see DecisionLog)
      if (s.decisions != null) {
        s.decisions.record(caller.arn(), "sts:AssumeRole", roleArn, NO_SUCH_ROLE,
            dev.iamlocal.request.RequestContext.builder().build());
      }
      throw AwsError.accessDenied("User: " + caller.arn() + " is not authorized to perform: sts:AssumeRole on"
          + " resource: " + roleArn);
    }
    Policy trust = Subjects.parseStored(role.name(), role.trustPolicy(), "resource");
    // The request's tags are the ones passed; inherited tags are the caller's principal tags
    // (aws:PrincipalTag), not aws:RequestTag, yet they make a tagged session: sts:TagSession.
    RequestContext.Builder ctx = requestTags(tags).toBuilder().put("sts:RoleSessionName", sessionName);
    if (!transitiveAsRequested.isEmpty()) {
      ctx.putList("sts:TransitiveTagKeys", transitiveAsRequested);
    }
    if (sourceIdentity != null) {
      ctx.put("sts:SourceIdentity", sourceIdentity);
    }
    RequestContext given = ctx.build();
    s.authorize(c, "sts:AssumeRole", roleArn, given, trust);
    if (!tags.isEmpty() || !inherited.isEmpty()) {
      s.authorize(c, "sts:TagSession", roleArn, given, trust);
    }
    if (sourceIdentity != null) {
      s.authorize(c, "sts:SetSourceIdentity", roleArn, given, trust);
      if (caller.isSession()) {
        // In a role chain the assuming role's own permissions must allow it too, whatever the
        // trust policy grants (same guide, "Permissions required to set source identity"). The
        // engine asks that of the identity side when the role's trust names only the account.
        s.authorize(c, "sts:SetSourceIdentity", roleArn, given, accountOnlyTrust(caller.accountId()));
      }
    }
    int seconds = duration == null ? 3600 : duration;
    if (caller.isSession() && seconds > 3600) {
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
      if (store.managedPolicyDocument(role.accountId(), a).isEmpty()) {
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
        now.plusSeconds(seconds), sessionTransitive);
    store.createSession(session);
    boolean withPacked = sessionPolicy != null || !policyArns.isEmpty() || !sessionTags.isEmpty();
    return wrap(STS_NS, "AssumeRole", rid, x -> {
      x.open("Credentials").el("AccessKeyId", session.accessKeyId()).el("SecretAccessKey", session.secret())
          .el("SessionToken", session.sessionToken()).el("Expiration", session.expiration()).close();
      x.open("AssumedRoleUser").el("AssumedRoleId", session.roleId() + ":" + sessionName)
          .el("Arn", session.assumedRoleArn()).close();
      if (withPacked) {
        x.el("PackedPolicySize", packed);
      }
      x.el("SourceIdentity", sourceIdentity);
    });
  }

  /** How much of the packed budget the session policies and tags use, in percent (rounded up). */
  private static int packedPercent(String policy, List<String> arns, Map<String, String> tags) {
    int size = policy == null ? 0 : IamStore.nonWhitespaceLength(policy);
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
   * STS's roleSessionNameType and sourceIdentityType, one shape: 2-64 characters of [\w+=,.@-]
   * (which also rules out a source identity's reserved "aws:" prefix).
   */
  private static void checkNameShape(String value, String member) {
    if (value.length() < 2 || value.length() > 64) {
      throw AwsError.validation("1 validation error detected: Value '" + value + "' at '" + member + "' failed to"
          + " satisfy constraint: Member must have length " + (value.length() < 2 ? "greater than or equal to 2"
          : "less than or equal to 64"));
    }
    if (!SESSION_NAME.matcher(value).matches()) {
      throw AwsError.validation("1 validation error detected: Value '" + value + "' at '" + member + "' failed to"
          + " satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");
    }
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
