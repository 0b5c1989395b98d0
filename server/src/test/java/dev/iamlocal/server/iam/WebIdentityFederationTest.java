package dev.iamlocal.server.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.iamlocal.server.ServerFixture;
import dev.iamlocal.server.federation.OidcIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityResponse;
import software.amazon.awssdk.services.sts.model.ExpiredTokenException;
import software.amazon.awssdk.services.sts.model.InvalidIdentityTokenException;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * The GitHub Actions showcase end to end with the real SDK: an OIDC provider for
 * token.actions.githubusercontent.com, a role whose trust pins {@code :aud} and {@code :sub}, and
 * tokens minted by iamlocal as the issuer, sent unsigned as the SDK sends AssumeRoleWithWebIdentity.
 */
class WebIdentityFederationTest extends ServerFixture {

  static final String GITHUB = "https://token.actions.githubusercontent.com";
  static final String MAIN = "repo:org/repo:ref:refs/heads/main";

  OidcIssuer issuer;
  StsClient anonymous;
  String roleArn;

  @BeforeAll
  void provider() {
    issuer = new OidcIssuer(store.identityProviders(), Clock.systemUTC());
    anonymous = StsClient.builder().endpointOverride(URI.create(server.endpoint())).region(Region.US_EAST_1)
        .credentialsProvider(AnonymousCredentialsProvider.create()).httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1))).build();
    String providerArn = root.createOpenIDConnectProvider(r -> r.url(GITHUB).clientIDList("sts.amazonaws.com"))
        .openIDConnectProviderArn();
    String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\""
        + providerArn + "\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\",\"Condition\":{\"StringEquals\":{"
        + "\"token.actions.githubusercontent.com:aud\":\"sts.amazonaws.com\","
        + "\"token.actions.githubusercontent.com:sub\":\"" + MAIN + "\"}}}]}";
    roleArn = root.createRole(r -> r.roleName("deploy").assumeRolePolicyDocument(trust)).role().arn();
  }

  private AssumeRoleWithWebIdentityResponse assume(String token) {
    return anonymous.assumeRoleWithWebIdentity(r -> r.roleArn(roleArn).roleSessionName("gha").webIdentityToken(token));
  }

  private String mint(String sub, String aud, long expiresIn) {
    return issuer.mint(GITHUB, sub, List.of(aud), Map.of("repository", "org/repo"), expiresIn);
  }

  @Test
  void aTokenForMainAssumesTheRole() {
    AssumeRoleWithWebIdentityResponse r = assume(mint(MAIN, "sts.amazonaws.com", 300));
    assertThat(r.assumedRoleUser().arn()).isEqualTo("arn:aws:sts::" + acct() + ":assumed-role/deploy/gha");
    assertThat(r.assumedRoleUser().assumedRoleId()).endsWith(":gha");
    assertThat(r.subjectFromWebIdentityToken()).isEqualTo(MAIN);
    assertThat(r.audience()).isEqualTo("sts.amazonaws.com");
    assertThat(r.provider()).isEqualTo("arn:aws:iam::" + acct() + ":oidc-provider/token.actions.githubusercontent.com");
    assertThat(r.credentials().accessKeyId()).startsWith("ASIA");
    // the credentials work: the session is the assumed role
    assertThat(sts(session(r.credentials())).getCallerIdentity().arn())
        .isEqualTo("arn:aws:sts::" + acct() + ":assumed-role/deploy/gha");
  }

  @Test
  void aPullRequestIsDenied() {
    assertThatThrownBy(() -> assume(mint("repo:org/repo:pull_request", "sts.amazonaws.com", 300)))
        .isInstanceOfSatisfying(StsException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(403);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
          assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Not authorized to perform sts:AssumeRoleWithWebIdentity");
        });
    // another repository's main branch too
    assertThatThrownBy(() -> assume(mint("repo:org/other:ref:refs/heads/main", "sts.amazonaws.com", 300)))
        .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorCode())
            .isEqualTo("AccessDenied"));
  }

  @Test
  void aForgedSignatureIsAnInvalidIdentityToken() throws Exception {
    String good = mint(MAIN, "sts.amazonaws.com", 300);
    // the same claims, signed by a key of the attacker's: kid and all, only the signature differs
    SignedJWT parsed = SignedJWT.parse(good);
    RSAKey attacker = new RSAKeyGenerator(2048).keyID(parsed.getHeader().getKeyID()).generate();
    SignedJWT forged = new SignedJWT(parsed.getHeader(), parsed.getJWTClaimsSet());
    forged.sign(new RSASSASigner(attacker));
    assertThatThrownBy(() -> assume(forged.serialize())).isInstanceOfSatisfying(InvalidIdentityTokenException.class,
        e -> assertThat(e.statusCode()).isEqualTo(400));
    // a claim changed after signing
    String[] parts = good.split("\\.");
    String tampered = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
        parsed.getJWTClaimsSet().toString().replace("refs/heads/main", "refs/heads/evil")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[2];
    assertThatThrownBy(() -> assume(tampered)).isInstanceOf(InvalidIdentityTokenException.class);
    // no signature at all
    String none = new PlainJWT(parsed.getJWTClaimsSet()).serialize();
    assertThatThrownBy(() -> assume(none)).isInstanceOfSatisfying(InvalidIdentityTokenException.class,
        e -> assertThat(e.awsErrorDetails().errorMessage()).startsWith("The ID Token provided is not a valid JWT"));
  }

  @Test
  void anExpiredTokenIsAnExpiredTokenException() {
    assertThatThrownBy(() -> assume(mint(MAIN, "sts.amazonaws.com", -600))).isInstanceOfSatisfying(
        ExpiredTokenException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredTokenException");
          assertThat(e.awsErrorDetails().errorMessage()).matches(
              "Token expired: current date/time \\d+ must be before the expiration date/time \\d+");
        });
    // within the five minutes of clock skew IAM allows, it is still good
    assertThat(assume(mint(MAIN, "sts.amazonaws.com", -60)).credentials()).isNotNull();
  }

  @Test
  void audienceProviderAndKeyAreChecked() throws Exception {
    assertThatThrownBy(() -> assume(mint(MAIN, "someone-else", 300))).isInstanceOfSatisfying(
        InvalidIdentityTokenException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("Incorrect token audience"));
    String unknown = issuer.mint("https://no-provider.example.com", MAIN, List.of("sts.amazonaws.com"), Map.of(), 300);
    assertThatThrownBy(() -> assume(unknown)).isInstanceOfSatisfying(InvalidIdentityTokenException.class,
        e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
            "No OpenIDConnect provider found in your account for https://no-provider.example.com"));
    // a provider whose issuer iamlocal never signed for: no verification key, as when STS cannot reach it
    root.createOpenIDConnectProvider(r -> r.url("https://offline.example.com").clientIDList("sts.amazonaws.com"));
    RSAKey k = new RSAKeyGenerator(2048).keyID("k1").generate();
    SignedJWT foreign = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
        new JWTClaimsSet.Builder().issuer("https://offline.example.com").subject(MAIN).audience("sts.amazonaws.com")
            .expirationTime(new Date(System.currentTimeMillis() + 300_000)).build());
    foreign.sign(new RSASSASigner(k));
    assertThatThrownBy(() -> assume(foreign.serialize())).isInstanceOfSatisfying(InvalidIdentityTokenException.class,
        e -> assertThat(e.awsErrorDetails().errorMessage()).startsWith(
            "Couldn't retrieve verification key from your identity provider"));
    assertThatThrownBy(() -> anonymous.assumeRoleWithWebIdentity(r -> r.roleArn("arn:aws:iam::" + acct()
        + ":role/nope").roleSessionName("s1").webIdentityToken(mint(MAIN, "sts.amazonaws.com", 300))))
        .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorCode())
            .isEqualTo("AccessDenied"));
  }

  @Test
  void onlyTheUnsignedStsOperationsAnswerWithoutASignature() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (String body : List.of("Action=ListUsers&Version=2010-05-08", "Action=GetCallerIdentity&Version=2011-06-15")) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/"))
          .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(403);
      assertThat(r.body()).contains("<Code>MissingAuthenticationToken</Code>");
    }
  }

  @Test
  void theIssuersDocumentsAreServed() throws Exception {
    mint(MAIN, "sts.amazonaws.com", 60);
    HttpClient http = HttpClient.newHttpClient();
    String base = server.endpoint() + "/federation/oidc/token.actions.githubusercontent.com/.well-known/";
    HttpResponse<String> d = http.send(HttpRequest.newBuilder(URI.create(base + "openid-configuration")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(d.statusCode()).isEqualTo(200);
    assertThat(d.body()).contains("\"issuer\":\"" + GITHUB + "\"").contains("/.well-known/jwks");
    HttpResponse<String> j = http.send(HttpRequest.newBuilder(URI.create(base + "jwks")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(j.statusCode()).isEqualTo(200);
    assertThat(j.body()).contains("\"kty\":\"RSA\"").doesNotContain("\"d\"");
    assertThat(http.send(HttpRequest.newBuilder(URI.create(server.endpoint()
        + "/federation/oidc/unknown.example.com/.well-known/jwks")).build(), HttpResponse.BodyHandlers.ofString())
        .statusCode()).isEqualTo(404);
  }
}
