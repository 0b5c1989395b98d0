package dev.iamlocal.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Temporary credentials issued by STS {@code AssumeRole}, and what they carry.
 *
 * @param accessKeyId ASIA… id
 * @param secret the secret access key; {@link #toString()} never shows it
 * @param sessionToken the token the client must send as {@code X-Amz-Security-Token}
 * @param roleId AROA… id of the assumed role (the session follows the role's current policies)
 * @param roleArn the role's ARN when the session was issued
 * @param sessionPolicy the inline session policy or null
 * @param policyArns managed policies passed as session policies
 * @param tags session tags, those passed and those inherited through role chaining (they become
 *     {@code aws:PrincipalTag/*} of the session, over the role's own tags)
 * @param sourceIdentity or null
 * @param transitiveTagKeys the keys of {@code tags}, spelled as there, that pass on to the sessions
 *     this one assumes
 * @param kind what issued the session; for the kinds other than {@link Kind#ROLE}, {@code roleId}
 *     holds the principal's id (the user's, the federating user's; the account id for root),
 *     {@code roleArn} its ARN when issued (the federated-user ARN for a federation token) and
 *     {@code sessionName} the user's or federated user's name
 * @param mfaAuthenticatedAt when the MFA code the session was issued with was checked, or null
 *     when it was issued without MFA
 */
public record StsSession(String accessKeyId, String accountId, String secret, String sessionToken, String roleId,
    String roleArn, String sessionName, String sessionPolicy, List<String> policyArns, Map<String, String> tags,
    String sourceIdentity, Instant createDate, Instant expiration, List<String> transitiveTagKeys, Kind kind,
    Instant mfaAuthenticatedAt) {

  /** The STS operations that issue temporary credentials, as far as the session's principal goes. */
  public enum Kind {
    /** AssumeRole (and the web identity and SAML variants): a role session. */
    ROLE,
    /** GetSessionToken of an IAM user: the user, with temporary credentials. */
    USER,
    /** GetSessionToken of the root user. */
    ROOT,
    /** GetFederationToken: a federated user, bounded by the calling user's permissions. */
    FEDERATED,
    /**
     * GetDelegatedAccessToken: the identity that accepted a delegation request, bounded by the
     * requested policy (as a federated user's session is by its passed policies), which may call IAM.
     */
    DELEGATED;

    /** The {@code kind} column's value. */
    public String column() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The kind a {@code kind} column holds (NULL: the role sessions stored before kinds existed). */
    public static Kind ofColumn(String v) {
      return v == null ? ROLE : valueOf(v.toUpperCase(java.util.Locale.ROOT));
    }
  }

  public StsSession {
    kind = kind == null ? Kind.ROLE : kind;
    policyArns = List.copyOf(policyArns);
    tags = Map.copyOf(tags);
    transitiveTagKeys = List.copyOf(transitiveTagKeys);
    for (String k : transitiveTagKeys) {
      if (!tags.containsKey(k)) {
        throw new IllegalArgumentException("transitive tag key " + k + " is not a tag of the session");
      }
    }
  }

  /** A role session (AssumeRole) without MFA. */
  public StsSession(String accessKeyId, String accountId, String secret, String sessionToken, String roleId,
      String roleArn, String sessionName, String sessionPolicy, List<String> policyArns, Map<String, String> tags,
      String sourceIdentity, Instant createDate, Instant expiration, List<String> transitiveTagKeys) {
    this(accessKeyId, accountId, secret, sessionToken, roleId, roleArn, sessionName, sessionPolicy, policyArns, tags,
        sourceIdentity, createDate, expiration, transitiveTagKeys, Kind.ROLE, null);
  }

  /** Whether this is a role session (AssumeRole and friends), not a user's, root's or federated user's. */
  public boolean isRole() {
    return kind == Kind.ROLE;
  }

  /** A session none of whose tags are transitive. */
  public StsSession(String accessKeyId, String accountId, String secret, String sessionToken, String roleId,
      String roleArn, String sessionName, String sessionPolicy, List<String> policyArns, Map<String, String> tags,
      String sourceIdentity, Instant createDate, Instant expiration) {
    this(accessKeyId, accountId, secret, sessionToken, roleId, roleArn, sessionName, sessionPolicy, policyArns, tags,
        sourceIdentity, createDate, expiration, List.of());
  }

  /** The tags a session assumed with these credentials inherits (role chaining), by their keys as stored. */
  public Map<String, String> transitiveTags() {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (String k : transitiveTagKeys) {
      out.put(k, tags.get(k));
    }
    return out;
  }

  /** The role's name: the last segment of its ARN. */
  public String roleName() {
    return roleArn.substring(roleArn.lastIndexOf('/') + 1);
  }

  /**
   * {@code arn:aws:sts::<account>:assumed-role/<role name>/<session name>} (no path, as AWS writes it)
   * for a role session; the ARN stored for the other kinds.
   */
  public String assumedRoleArn() {
    if (kind != Kind.ROLE) {
      return roleArn;
    }
    return "arn:aws:sts::" + accountId + ":assumed-role/" + roleName() + "/" + sessionName;
  }

  /** Without secret and token, so that sessions can be logged. */
  @Override
  public String toString() {
    return "StsSession[" + accessKeyId + " " + assumedRoleArn() + " until " + expiration + "]";
  }
}
