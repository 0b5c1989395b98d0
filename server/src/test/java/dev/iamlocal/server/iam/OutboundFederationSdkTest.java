package dev.iamlocal.server.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.iamlocal.server.ServerFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.model.GetOutboundWebIdentityFederationInfoResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetWebIdentityTokenResponse;

/**
 * Outbound web identity federation through the AWS SDK: the account setting (IAM) and STS
 * GetWebIdentityToken, each answer compared with AWS's recorded one (docs/federation.md), and a token
 * verified end to end with nimbus against the discovery document and JWKS the server publishes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutboundFederationSdkTest extends ServerFixture {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
      + "\"Action\":[\"sts:GetWebIdentityToken\",\"sts:TagGetWebIdentityToken\",\"sts:GetFederationToken\","
      + "\"sts:AssumeRole\"],\"Resource\":\"*\"}]}";

  @Test
  @Order(1)
  void theSettingIsDisabledUntilEnabledAndKeepsItsIssuerAcrossADisable() {
    String disabled = "Outbound identity federation is disabled for account " + acct();
    assertAws(() -> root.getOutboundWebIdentityFederationInfo(b -> { }), 404, "FeatureDisabled", disabled);
    assertAws(() -> root.disableOutboundWebIdentityFederation(b -> { }), 404, "FeatureDisabled", disabled);
    // while disabled, a permitted caller gets STS's own error, with AWS's text
    assertAws(() -> sts(rootCreds()).getWebIdentityToken(b -> b.audience("https://api.example.com")
        .signingAlgorithm("RS256")), 403, "OutboundWebIdentityFederationDisabledException",
        "OutboundWebIdentityFederation is disabled.");

    String issuer = root.enableOutboundWebIdentityFederation(b -> { }).issuerIdentifier();
    assertThat(issuer).matches("https://[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
        + "\\.tokens\\.sts\\.global\\.api\\.aws");
    assertAws(() -> root.enableOutboundWebIdentityFederation(b -> { }), 409, "FeatureEnabled",
        "Outbound identity federation is already enabled for account " + acct());
    GetOutboundWebIdentityFederationInfoResponse info = root.getOutboundWebIdentityFederationInfo(b -> { });
    assertThat(info.issuerIdentifier()).isEqualTo(issuer);
    assertThat(info.jwtVendingEnabled()).isTrue();

    root.disableOutboundWebIdentityFederation(b -> { });
    assertAws(() -> root.getOutboundWebIdentityFederationInfo(b -> { }), 404, "FeatureDisabled", disabled);
    // the issuer's keys are still published (tokens issued before stay verifiable), and a re-enable
    // gets the same issuer back
    assertThat(get(discoveryUrl(issuer)).statusCode()).isEqualTo(200);
    assertThat(root.enableOutboundWebIdentityFederation(b -> { }).issuerIdentifier()).isEqualTo(issuer);
  }

  @Test
  @Order(2)
  void theIamOperationsAreAuthorizedOnStar() {
    AwsBasicCredentials none = userWithPolicy("outbound-none", null);
    assertAws(() -> iam(none).getOutboundWebIdentityFederationInfo(b -> { }), 403, "AccessDenied",
        "User: arn:aws:iam::" + acct() + ":user/outbound-none is not authorized to perform:"
            + " iam:GetOutboundWebIdentityFederationInfo on resource: * because no identity-based policy allows the"
            + " iam:GetOutboundWebIdentityFederationInfo action");
    AwsBasicCredentials reader = userWithPolicy("outbound-reader", allow("iam:GetOutboundWebIdentityFederationInfo",
        "*"));
    assertThat(iam(reader).getOutboundWebIdentityFederationInfo(b -> { }).jwtVendingEnabled()).isTrue();
    assertAws(() -> iam(reader).disableOutboundWebIdentityFederation(b -> { }), 403, "AccessDenied", null);
  }

  @Test
  @Order(3)
  void aTokenVerifiesEndToEndAgainstThePublishedJwksWithBothAlgorithms() throws Exception {
    String issuer = root.getOutboundWebIdentityFederationInfo(b -> { }).issuerIdentifier();
    AwsBasicCredentials alice = userWithPolicy("outbound-alice", TOKEN_POLICY);
    root.tagUser(b -> b.userName("outbound-alice").tags(t -> t.key("Team").value("platform")));

    // what a relying party does: discovery document, then its jwks_uri
    HttpResponse<String> d = get(discoveryUrl(issuer));
    assertThat(d.statusCode()).isEqualTo(200);
    JsonNode discovery = JSON.readTree(d.body());
    assertThat(discovery.get("issuer").asText()).isEqualTo(issuer);
    assertThat(discovery.get("id_token_signing_alg_values_supported").toString()).isEqualTo("[\"RS256\",\"ES384\"]");
    assertThat(discovery.get("claims_supported").toString())
        .isEqualTo("[\"sub\",\"iss\",\"aud\",\"exp\",\"iat\",\"jti\",\"https://sts.amazonaws.com/\"]");
    HttpResponse<String> k = get(discovery.get("jwks_uri").asText());
    assertThat(k.statusCode()).isEqualTo(200);
    JWKSet jwks = JWKSet.parse(k.body());
    assertThat(jwks.getKeys()).extracting(j -> j.getKeyID()).containsExactly("RSA_0", "EC384_0");
    assertThat(jwks.getKeys()).allSatisfy(j -> assertThat(j.isPrivate()).isFalse());

    for (String alg : List.of("RS256", "ES384")) {
      GetWebIdentityTokenResponse r = sts(alice).getWebIdentityToken(b -> b.audience("https://api.example.com")
          .signingAlgorithm(alg).durationSeconds(120).tags(t -> t.key("job").value("nightly")));
      JWTClaimsSet claims = verify(r.webIdentityToken(), jwks, issuer, "https://api.example.com");
      SignedJWT jwt = SignedJWT.parse(r.webIdentityToken());
      assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo(alg);
      assertThat(jwt.getHeader().getKeyID()).isEqualTo(alg.equals("RS256") ? "RSA_0" : "EC384_0");
      assertThat(jwt.getHeader().getType().getType()).isEqualTo("JWT");
      String arn = "arn:aws:iam::" + acct() + ":user/outbound-alice";
      assertThat(claims.getSubject()).isEqualTo(arn);
      assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(120_000);
      assertThat(r.expiration().getEpochSecond()).isEqualTo(claims.getExpirationTime().getTime() / 1000);
      assertThat(claims.getJWTID()).matches("[0-9a-f-]{36}");
      Map<String, Object> aws = claims.getJSONObjectClaim("https://sts.amazonaws.com/");
      assertThat(aws).containsEntry("aws_account", acct()).containsEntry("source_region", "us-east-1")
          .containsEntry("principal_id", arn).containsEntry("principal_tags", Map.of("Team", "platform"))
          .containsEntry("request_tags", Map.of("job", "nightly")).doesNotContainKey("original_session_exp");
      // one audience is a string, as in AWS's tokens
      assertThat(payload(r.webIdentityToken()).get("aud").isTextual()).isTrue();
    }

    // several audiences are a list, duplicates kept
    GetWebIdentityTokenResponse two = sts(alice).getWebIdentityToken(b -> b.audience("one", "one")
        .signingAlgorithm("RS256"));
    assertThat(payload(two.webIdentityToken()).get("aud").toString()).isEqualTo("[\"one\",\"one\"]");
    JWTClaimsSet byDefault = verify(two.webIdentityToken(), jwks, issuer, "one");
    assertThat(byDefault.getExpirationTime().getTime() - byDefault.getIssueTime().getTime()).isEqualTo(300_000);

    // the answer's Expiration is the token's exp, written with three digits of milliseconds as STS writes it
    // ("2026-04-21T07:37:10.000Z"; other Query timestamps, e.g. AssumeRole's credentials, are whole seconds)
    HttpResponse<String> raw = dev.iamlocal.server.RawCalls.query(server.endpoint(), alice, "us-east-1", "sts",
        "Action=GetWebIdentityToken&Version=2011-06-15&Audience.member.1=raw&SigningAlgorithm=RS256");
    assertThat(raw.statusCode()).isEqualTo(200);
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("<Expiration>(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d)\\.(\\d{3})Z</Expiration>").matcher(raw.body());
    assertThat(m.find()).as(raw.body()).isTrue();
    JWTClaimsSet rawClaims = verify(raw.body().replaceAll("(?s).*<WebIdentityToken>(.*)</WebIdentityToken>.*", "$1"), jwks,
        issuer, "raw");
    assertThat(m.group(2)).isEqualTo("000");
    assertThat(java.time.Instant.parse(m.group(1) + "Z").getEpochSecond())
        .isEqualTo(rawClaims.getExpirationTime().getTime() / 1000);

    // a changed claim no longer verifies
    String[] parts = two.webIdentityToken().split("\\.");
    String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
        new String(Base64.getUrlDecoder().decode(parts[1])).replace("outbound-alice", "outbound-admin").getBytes())
        + "." + parts[2];
    assertThatThrownBy(() -> verify(forged, jwks, issuer, "one")).isInstanceOf(BadJOSEException.class);
  }

  @Test
  @Order(4)
  void aRoleSessionsTokenNamesTheRoleAndItsSessionAndCannotOutliveIt() throws Exception {
    AwsBasicCredentials bob = userWithPolicy("outbound-bob", TOKEN_POLICY);
    String roleArn = root.createRole(b -> b.roleName("outbound-role").path("/outbound/")
        .assumeRolePolicyDocument(trust("arn:aws:iam::" + acct() + ":user/outbound-bob"))
        .tags(t -> t.key("Team").value("role"), t -> t.key("untouched").value("retained"))).role().arn();
    root.putRolePolicy(b -> b.roleName("outbound-role").policyName("p").policyDocument(TOKEN_POLICY));
    Credentials c = sts(bob).assumeRole(b -> b.roleArn(roleArn).roleSessionName("s1").sourceIdentity("observer")
        .durationSeconds(900).tags(t -> t.key("team").value("session"))).credentials();

    GetWebIdentityTokenResponse r = sts(session(c)).getWebIdentityToken(b -> b.audience("aud")
        .signingAlgorithm("ES384"));
    JWTClaimsSet claims = SignedJWT.parse(r.webIdentityToken()).getJWTClaimsSet();
    assertThat(claims.getSubject()).isEqualTo(roleArn);
    Map<String, Object> aws = claims.getJSONObjectClaim("https://sts.amazonaws.com/");
    assertThat(aws).containsEntry("principal_id", roleArn).containsEntry("source_identity", "observer")
        .containsEntry("original_session_exp", c.expiration().toString())
        .containsEntry("principal_tags", Map.of("untouched", "retained", "team", "session"));

    assertAws(() -> sts(session(c)).getWebIdentityToken(b -> b.audience("aud").signingAlgorithm("RS256")
        .durationSeconds(3600)), 403, "SessionDurationEscalationException",
        "Requested token expiry time must be before the original session's expiry time.");
  }

  @Test
  @Order(5)
  void whoMayAskForATokenAndWithWhichKeys() {
    String self = "arn:aws:sts::" + acct() + ":self";
    AwsBasicCredentials none = userWithPolicy("outbound-nogrant", null);
    assertAws(() -> sts(none).getWebIdentityToken(b -> b.audience("a").signingAlgorithm("RS256")), 403,
        "AccessDenied", "User: arn:aws:iam::" + acct() + ":user/outbound-nogrant is not authorized to perform:"
            + " sts:GetWebIdentityToken on resource: " + self + " because no identity-based policy allows the"
            + " sts:GetWebIdentityToken action");
    AwsBasicCredentials plain = userWithPolicy("outbound-plain", allow("sts:GetWebIdentityToken", "*"));
    assertThat(sts(plain).getWebIdentityToken(b -> b.audience("a").signingAlgorithm("RS256")).webIdentityToken())
        .isNotEmpty();
    assertAws(() -> sts(plain).getWebIdentityToken(b -> b.audience("a").signingAlgorithm("RS256")
        .tags(t -> t.key("team").value("test"))), 403, "AccessDenied", "User: arn:aws:iam::" + acct()
        + ":user/outbound-plain is not authorized to perform: sts:TagGetWebIdentityToken on resource: " + self
        + " because no identity-based policy allows the sts:TagGetWebIdentityToken action");

    // the keys AWS fills: the audiences, the algorithm and the lifetime (300 when the request names none)
    AwsBasicCredentials scoped = userWithPolicy("outbound-scoped", "{\"Version\":\"2012-10-17\",\"Statement\":[{"
        + "\"Effect\":\"Allow\",\"Action\":\"sts:GetWebIdentityToken\",\"Resource\":\"" + self + "\",\"Condition\":{"
        + "\"ForAllValues:StringEquals\":{\"sts:IdentityTokenAudience\":[\"https://api.example.com\"]},"
        + "\"StringEquals\":{\"sts:SigningAlgorithm\":\"RS256\"},\"NumericEquals\":{\"sts:DurationSeconds\":\"300\"}}}]}");
    assertThat(sts(scoped).getWebIdentityToken(b -> b.audience("https://api.example.com").signingAlgorithm("RS256"))
        .webIdentityToken()).isNotEmpty();
    for (var bad : List.<java.util.function.Consumer<
        software.amazon.awssdk.services.sts.model.GetWebIdentityTokenRequest.Builder>>of(
        b -> b.audience("other").signingAlgorithm("RS256"),
        b -> b.audience("https://api.example.com").signingAlgorithm("ES384"),
        b -> b.audience("https://api.example.com").signingAlgorithm("RS256").durationSeconds(301))) {
      assertAws(() -> sts(scoped).getWebIdentityToken(bad), 403, "AccessDenied", null);
    }

    // the model bounds the algorithm's length; STS names the two it signs with, case-sensitively
    for (String alg : List.of("RS384", "ES256", "HS256", "rs256")) {
      assertAws(() -> sts(plain).getWebIdentityToken(b -> b.audience("a").signingAlgorithm(alg)), 400,
          "ValidationError", "Requested SigningAlgorithm is not supported. See the GetWebIdentityToken documentation"
              + " for supported algorithms");
    }
    assertAws(() -> sts(plain).getWebIdentityToken(b -> b.audience("a").signingAlgorithm("RS256").durationSeconds(59)),
        400, "ValidationError", "1 validation error detected: Value '59' at 'durationSeconds' failed to satisfy"
            + " constraint: Member must have value greater than or equal to 60");
    assertAws(() -> sts(rootCreds()).getWebIdentityToken(b -> b.audience("a").signingAlgorithm("RS256")
        .tags(t -> t.key("team").value("one"), t -> t.key("Team").value("two"))), 400, "InvalidParameterValue",
        "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
  }

  @Test
  @Order(6)
  void sessionsOfGetSessionTokenMayAndFederatedUsersMayNot() {
    AwsBasicCredentials carol = userWithPolicy("outbound-carol", TOKEN_POLICY);
    Credentials s = sts(carol).getSessionToken(b -> b.durationSeconds(900)).credentials();
    String token = sts(session(s)).getWebIdentityToken(b -> b.audience("a").signingAlgorithm("RS256"))
        .webIdentityToken();
    assertThat(token).isNotEmpty();
    Credentials f = sts(carol).getFederationToken(b -> b.name("fed").durationSeconds(900)
        .policy(allow("sts:GetWebIdentityToken", "*"))).credentials();
    assertAws(() -> sts(session(f)).getWebIdentityToken(b -> b.audience("a").signingAlgorithm("RS256")), 403,
        "AccessDenied", "GetWebIdentityToken does not support federated user sessions");
  }

  @Test
  @Order(7)
  void aPayloadBeyondStsLimitIsRefused() {
    String a = "a".repeat(1000);
    List<String> audiences = java.util.Collections.nCopies(10, a);
    var tags = new java.util.ArrayList<software.amazon.awssdk.services.sts.model.Tag>();
    for (int i = 0; i < 20; i++) {
      tags.add(software.amazon.awssdk.services.sts.model.Tag.builder().key("k" + i).value("v".repeat(256)).build());
    }
    assertAws(() -> sts(rootCreds()).getWebIdentityToken(b -> b.audience(audiences).signingAlgorithm("RS256")
        .tags(tags)), 400, "JWTPayloadSizeExceededException", null);
    // a payload under the limit is signed
    assertThat(sts(rootCreds()).getWebIdentityToken(b -> b.audience(audiences).signingAlgorithm("RS256"))
        .webIdentityToken()).isNotEmpty();
  }

  private AwsBasicCredentials rootCreds() {
    return AwsBasicCredentials.create(boot.rootKey().accessKeyId(), boot.rootKey().secret());
  }

  private String discoveryUrl(String issuer) {
    return server.endpoint() + "/federation/oidc/" + issuer.substring("https://".length())
        + "/.well-known/openid-configuration";
  }

  private static HttpResponse<String> get(String url) {
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode payload(String jwt) throws Exception {
    return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
  }

  /** A relying party's verification: signature by a key of the JWKS, issuer, audience, expiry. */
  private static JWTClaimsSet verify(String token, JWKSet jwks, String issuer, String audience) throws Exception {
    DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
    p.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES384),
        new ImmutableJWKSet<>(jwks)));
    p.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(audience, new JWTClaimsSet.Builder().issuer(issuer)
        .build(), Set.of("sub", "iat", "exp", "jti")));
    return p.process(token, null);
  }

  private static void assertAws(Runnable call, int status, String code, String message) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(AwsServiceException.class, e -> {
      assertThat(e.statusCode()).as(e.getMessage()).isEqualTo(status);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
      if (message != null) {
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
      }
    });
  }
}
