package dev.iamlocal.server.iam;

import static dev.iamlocal.server.iam.ApiSupport.validateIdentityPolicy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.iamlocal.evaluation.Policy;
import dev.iamlocal.request.RequestContext;
import dev.iamlocal.server.authz.AuthorizationPipeline;
import dev.iamlocal.server.authz.Subjects;
import dev.iamlocal.server.federation.OidcIssuer;
import dev.iamlocal.server.iam.ApiSupport.Ctx;
import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.server.protocol.JsonNodes;
import dev.iamlocal.store.IamException;
import dev.iamlocal.store.OidcProvider;
import dev.iamlocal.store.Role;
import dev.iamlocal.store.StsSession;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * STS AssumeRoleWithWebIdentity: the one STS call (with AssumeRoleWithSAML) that no AWS credentials
 * sign. The caller is the web identity token, verified as STS verifies it, in this order:
 *
 * <ol>
 *   <li>the token is a signed JWT (nimbus-jose-jwt parses it; {@code alg: none} is no signed JWT);
 *   <li>its {@code iss} names an OIDC provider of the role's account ("No OpenIDConnect provider
 *       found in your account for ISS");
 *   <li>the signature verifies with a key of that issuer. Offline, the only keys there are are
 *       iamlocal's own ({@link OidcIssuer}): for an issuer iamlocal does not sign for, there is no
 *       verification key, as when STS cannot reach a provider's JWKS (fail closed);
 *   <li>{@code exp} (with the five minutes of clock skew IAM allows, IAM User Guide, OIDC federation)
 *       and {@code nbf}: ExpiredTokenException with STS's words;
 *   <li>the audience ({@code azp} when the token has one, else {@code aud}) is one of the provider's
 *       client ids ("Incorrect token audience"), and the token has a subject;
 *   <li>the role's trust policy, by the one authorization pipeline
 *       ({@link AuthorizationPipeline#federated}) with the keys IAM fills for OIDC federation:
 *       {@code aws:FederatedProvider} (the provider ARN, which a {@code Federated} principal names),
 *       {@code <provider>:aud}, {@code :sub}, {@code :oaud}, {@code :amr}, {@code :email}, and
 *       {@code sts:RoleSessionName}. A role that does not exist is refused as one that does not
 *       trust the token: AccessDenied "Not authorized to perform sts:AssumeRoleWithWebIdentity".
 * </ol>
 *
 * Every failure is an error answer (never a session): iamlocal's reason goes in the detail header.
 */
final class WebIdentityApi {

  /** The action authorized. */
  static final String ACTION = "sts:AssumeRoleWithWebIdentity";
  /** Clock skew IAM allows past a token's {@code exp} (IAM User Guide, "OIDC federation"). */
  static final long SKEW_SECONDS = 300;
  /** The JWS algorithms STS accepts for ID tokens that iamlocal's RSA keys can verify. */
  private static final Set<JWSAlgorithm> RSA_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
      JWSAlgorithm.RS512);

  private static final char[] ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
  private static final char[] SECRET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

  private final ApiSupport s;
  private final OidcIssuer issuer;
  private final SecureRandom random = new SecureRandom();

  WebIdentityApi(ApiSupport s) {
    this.s = s;
    this.issuer = new OidcIssuer(s.store.identityProviders(), s.clock);
  }

  /** Registers the operation in STS's registry. */
  void register(Map<String, Operation> sts) {
    sts.put("AssumeRoleWithWebIdentity", this::assumeRoleWithWebIdentity);
  }

  ObjectNode assumeRoleWithWebIdentity(OperationInput p, Ctx c) {
    String roleArn = p.required("RoleArn");
    String sessionName = p.required("RoleSessionName");
    String token = p.required("WebIdentityToken");
    Integer duration = p.integer("DurationSeconds");
    String sessionPolicy = p.get("Policy");
    List<String> policyArns = policyArns(p);
    String[] arn = roleArn.split(":", 6);
    if (arn.length != 6 || !arn[0].equals("arn") || arn[1].isEmpty() || arn[2].isEmpty() || arn[5].isEmpty()) {
      throw AwsError.validation(roleArn + " is invalid");
    }
    String account = arn[4];
    if (p.get("ProviderId") != null) {
      // OAuth 2.0 access tokens of Login with Amazon or Facebook are checked with those providers,
      // which cannot be reached offline: no such token can be verified here
      throw invalidToken("The ID Token provided is not a valid JWT. (You may see this error if you sent an Access"
          + " Token)").withDetail("ProviderId names an OAuth 2.0 provider (" + p.get("ProviderId") + ") whose"
              + " access tokens iamlocal cannot verify offline; use an OIDC ID token without ProviderId");
    }
    Verified v = verify(token, account);
    Instant now = Instant.ofEpochSecond(s.clock.instant().getEpochSecond());

    RequestContext.Builder ctx = RequestContext.builder()
        .put("aws:FederatedProvider", v.provider.arn())
        .put("aws:PrincipalType", "WebIdentityUser")
        .put("sts:RoleSessionName", sessionName)
        .put(v.provider.url() + ":aud", v.audience)
        .put(v.provider.url() + ":sub", v.subject);
    if (v.originalAudience != null) {
      ctx.putList(v.provider.url() + ":oaud", v.originalAudience);
    }
    List<String> amr = strings(v.claims, "amr");
    if (!amr.isEmpty()) {
      ctx.putList(v.provider.url() + ":amr", amr);
    }
    Object email = v.claims.getClaim("email");
    if (email instanceof String e) {
      ctx.put(v.provider.url() + ":email", e);
    }
    RequestContext given = ctx.build();

    Role role = trustingRole(s, account, arn, roleArn, ACTION, "token");
    Policy trust = Subjects.parseStored(role.name(), role.trustPolicy(), "resource");
    AuthorizationPipeline.Evaluation e = s.pipeline.federated(v.provider.arn(), c.net(), ACTION, roleArn, given,
        trust);
    if (!e.allowed()) {
      throw AwsError.accessDenied("Not authorized to perform " + ACTION).withDetail("the trust policy of "
          + roleArn + " does not allow the token of " + v.provider.arn() + " (sub " + v.subject + ", aud "
          + v.audience + "): " + e.decision().reason());
    }
    int seconds = duration == null ? 3600 : duration;
    if (seconds > role.maxSessionDuration()) {
      throw AwsError.validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
    }
    if (sessionPolicy != null) {
      validateIdentityPolicy(sessionPolicy);
    }
    for (String a : policyArns) {
      if (s.store.policies().managedPolicyDocument(role.accountId(), a).isEmpty()) {
        throw new AwsError(400, "InvalidParameterValue", "Policy " + a + " does not exist or is not attachable.");
      }
    }
    int packed = packedPercent(sessionPolicy, policyArns);
    if (packed > 100) {
      throw new AwsError(400, "PackedPolicyTooLarge", "Packed policy consumes " + packed
          + "% of allotted space, please use smaller policy.");
    }
    StsSession session = new StsSession("ASIA" + chars(ALNUM, 16), role.accountId(), chars(SECRET, 40), token(),
        role.roleId(), role.arn(), sessionName, sessionPolicy, policyArns, Map.of(), null, now,
        now.plusSeconds(seconds), List.of());
    s.store.sessions().createSession(session);
    ObjectNode out = JsonNodes.object();
    ObjectNode credentials = out.putObject("Credentials").put("AccessKeyId", session.accessKeyId())
        .put("SecretAccessKey", session.secret()).put("SessionToken", session.sessionToken());
    credentials.set("Expiration", JsonNodes.time(session.expiration()));
    out.put("SubjectFromWebIdentityToken", v.subject);
    out.putObject("AssumedRoleUser").put("AssumedRoleId", role.roleId() + ":" + sessionName)
        .put("Arn", "arn:aws:sts::" + role.accountId() + ":assumed-role/" + role.name() + "/" + sessionName);
    if (sessionPolicy != null || !policyArns.isEmpty()) {
      out.put("PackedPolicySize", packed);
    }
    out.put("Provider", v.provider.arn());
    out.put("Audience", v.audience);
    return out;
  }

  /** A token that verified: its provider, claims, subject and the audience the keys carry. */
  private record Verified(OidcProvider provider, JWTClaimsSet claims, String subject, String audience,
      List<String> originalAudience) {}

  /** Steps 1 to 5 of the class comment: the token, verified against {@code account}'s provider. */
  private Verified verify(String token, String account) {
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(token);
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException | RuntimeException e) {
      throw invalidToken("The ID Token provided is not a valid JWT. (You may see this error if you sent an Access"
          + " Token)").withDetail("not a signed JWT: three base64url parts (header.payload.signature) whose"
          + " header and payload are JSON objects");
    }
    String iss = claims.getIssuer();
    if (iss == null) {
      throw invalidToken("Missing a required claim: iss");
    }
    String url = iss.startsWith("https://") ? iss.substring("https://".length()) : null;
    Optional<OidcProvider> provider = url == null || url.isEmpty() ? Optional.empty()
        : s.store.identityProviders().oidc(account, url);
    if (provider.isEmpty()) {
      throw invalidToken("No OpenIDConnect provider found in your account for " + iss).withDetail(
          "create it with CreateOpenIDConnectProvider --url " + iss + " in account " + account);
    }
    Optional<JWKSet> keys = issuer.jwks(iss);
    if (keys.isEmpty()) {
      throw invalidToken("Couldn't retrieve verification key from your identity provider,  please reference"
          + " AssumeRoleWithWebIdentity documentation for requirements").withDetail("iamlocal works offline and"
              + " holds signing keys only for issuers it mints tokens for; mint one with 'iamlocal"
              + " web-identity-token --issuer " + iss + "'");
    }
    if (!RSA_ALGORITHMS.contains(jwt.getHeader().getAlgorithm())) {
      throw invalidToken("Couldn't retrieve verification key from your identity provider,  please reference"
          + " AssumeRoleWithWebIdentity documentation for requirements").withDetail("the token's algorithm "
              + jwt.getHeader().getAlgorithm() + " is not one of the issuer's keys (RS256, RS384, RS512)");
    }
    String kid = jwt.getHeader().getKeyID();
    List<JWK> candidates = new ArrayList<>();
    for (JWK k : keys.get().getKeys()) {
      if (kid == null || kid.equals(k.getKeyID())) {
        candidates.add(k);
      }
    }
    if (candidates.isEmpty()) {
      throw invalidToken("Couldn't retrieve verification key from your identity provider,  please reference"
          + " AssumeRoleWithWebIdentity documentation for requirements").withDetail("no key " + kid
              + " in the JWKS of " + iss);
    }
    boolean verified = false;
    for (JWK k : candidates) {
      try {
        JWSVerifier verifier = new RSASSAVerifier((RSAKey) k);
        verified |= jwt.verify(verifier);
      } catch (JOSEException | ClassCastException e) {
        // a key that cannot verify this token: it did not verify it
      }
    }
    if (!verified) {
      throw invalidToken("Couldn't verify the signature of the token").withDetail("the signature does not verify"
          + " with the key of " + iss);
    }
    long now = s.clock.instant().getEpochSecond();
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      throw invalidToken("Missing a required claim: exp");
    }
    if (now > exp.toInstant().getEpochSecond() + SKEW_SECONDS) {
      throw new AwsError(400, "ExpiredTokenException", "Token expired: current date/time " + now
          + " must be before the expiration date/time " + exp.toInstant().getEpochSecond());
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && nbf.toInstant().getEpochSecond() > now + SKEW_SECONDS) {
      throw invalidToken("Token is not yet valid").withDetail("nbf " + nbf.toInstant().getEpochSecond()
          + " is after now (" + now + ") and the five minutes of clock skew");
    }
    List<String> aud = claims.getAudience();
    if (aud == null || aud.isEmpty()) {
      throw invalidToken("Missing a required claim: aud");
    }
    Object azp = claims.getClaim("azp");
    List<String> clientIds = provider.get().clientIds();
    String audience;
    List<String> original = null;
    if (azp instanceof String a) {
      // with an authorized party, the keys' aud is azp's value and oaud the token's aud (IAM User
      // Guide, "Available keys for OIDC federation")
      audience = a;
      original = aud;
    } else {
      audience = aud.stream().filter(clientIds::contains).findFirst().orElse(aud.get(0));
    }
    if (!clientIds.contains(audience)) {
      throw invalidToken("Incorrect token audience").withDetail("the token's audience " + audience
          + " is not a client id of " + provider.get().arn() + " " + clientIds);
    }
    String sub = claims.getSubject();
    if (sub == null || sub.isEmpty()) {
      throw invalidToken("Missing a required claim: sub");
    }
    return new Verified(provider.get(), claims, sub, audience, original);
  }

  private static AwsError invalidToken(String message) {
    return new AwsError(400, "InvalidIdentityToken", message);
  }

  private static List<String> strings(JWTClaimsSet claims, String name) {
    Object v = claims.getClaim(name);
    List<String> out = new ArrayList<>();
    if (v instanceof String str) {
      out.add(str);
    } else if (v instanceof List<?> l) {
      l.forEach(x -> {
        if (x instanceof String str) {
          out.add(str);
        }
      });
    }
    return out;
  }

  static List<String> policyArns(OperationInput p) {
    List<String> policyArns = new ArrayList<>();
    JsonNode arns = p.node().get("PolicyArns");
    if (arns != null) {
      arns.forEach(d -> {
        if (d.hasNonNull("arn")) {
          policyArns.add(d.get("arn").asText());
        }
      });
    }
    if (policyArns.size() > 10) {
      throw AwsError.validation("1 validation error detected: Value at 'policyArns' failed to satisfy constraint:"
          + " Member must have length less than or equal to 10");
    }
    return policyArns;
  }

  /** How much of the packed budget (2,048) the session policies use, in percent rounded up, as AssumeRole. */
  static int packedPercent(String policy, List<String> arns) {
    int size = policy == null ? 0 : dev.iamlocal.store.Policies.nonWhitespaceLength(policy);
    for (String a : arns) {
      size += a.length();
    }
    return (size * 100 + 2047) / 2048;
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

  /**
   * The role {@code roleArn} names ({@code arn}: its parts), as a federated call reads it: a role
   * that does not exist, or whose ARN differs (another path), is AccessDenied like one whose trust
   * policy refuses, as STS answers; {@code what} names the credential in the detail header.
   */
  static Role trustingRole(ApiSupport s, String account, String[] arn, String roleArn, String action,
      String what) {
    Role role = null;
    if (arn[2].equals("iam") && arn[5].startsWith("role/")) {
      try {
        role = s.store.roles().getRole(account, arn[5].substring(arn[5].lastIndexOf('/') + 1));
      } catch (IamException.NoSuchEntity e) {
        role = null;
      }
    }
    if (role == null || !role.arn().equals(roleArn)) {
      throw AwsError.accessDenied("Not authorized to perform " + action).withDetail("no role " + roleArn
          + " exists; STS answers a role that does not exist as one that does not trust the " + what);
    }
    return role;
  }
}
