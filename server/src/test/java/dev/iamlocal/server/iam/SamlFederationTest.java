package dev.iamlocal.server.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iamlocal.server.ServerFixture;
import dev.iamlocal.server.federation.SamlIssuer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithSamlResponse;
import software.amazon.awssdk.services.sts.model.ExpiredTokenException;
import software.amazon.awssdk.services.sts.model.InvalidIdentityTokenException;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * SAML federation end to end with the real SDK: iamlocal's IdP metadata → CreateSAMLProvider → a
 * role trusting the provider with a condition on {@code saml:aud} → assertions minted by iamlocal,
 * sent unsigned as the SDK sends AssumeRoleWithSAML; tampering, wrapping, expiry and a role the
 * assertion does not name are refused.
 */
class SamlFederationTest extends ServerFixture {

  static final String IDP = "https://idp.example.com/saml";
  static final String OTHER_IDP = "https://other-idp.example.com/saml";

  SamlIssuer issuer;
  StsClient anonymous;
  String providerArn;
  String roleArn;
  String otherRoleArn;

  @BeforeAll
  void provider() {
    issuer = new SamlIssuer(store.identityProviders(), Clock.systemUTC());
    anonymous = StsClient.builder().endpointOverride(URI.create(server.endpoint())).region(Region.US_EAST_1)
        .credentialsProvider(AnonymousCredentialsProvider.create()).httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1))).build();
    providerArn = root.createSAMLProvider(r -> r.name("corp").samlMetadataDocument(issuer.metadata(IDP)))
        .samlProviderArn();
    String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\""
        + providerArn + "\"},\"Action\":\"sts:AssumeRoleWithSAML\",\"Condition\":{\"StringEquals\":{"
        + "\"saml:aud\":\"https://signin.aws.amazon.com/saml\"}}}]}";
    roleArn = root.createRole(r -> r.roleName("saml-admin").assumeRolePolicyDocument(trust)).role().arn();
    String other = trust.replace("https://signin.aws.amazon.com/saml", "https://elsewhere.example.com/saml");
    otherRoleArn = root.createRole(r -> r.roleName("saml-other").assumeRolePolicyDocument(other)).role().arn();
  }

  private String mint(String role, long expiresIn) {
    return issuer.mint(IDP, "alice@example.com", List.of(role + "," + providerArn),
        Map.of("urn:oid:1.3.6.1.4.1.5923.1.1.1.6", "alice@example.com"), expiresIn);
  }

  private AssumeRoleWithSamlResponse assume(String role, String assertion) {
    return anonymous.assumeRoleWithSAML(r -> r.roleArn(role).principalArn(providerArn).samlAssertion(assertion));
  }

  private static String xml(String b64) {
    return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
  }

  private static String b64(String xml) {
    return Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8));
  }

  private static String detail(StsException e) {
    return e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-iamlocal-detail").orElse("");
  }

  @Test
  void aMintedAssertionAssumesTheRole() {
    AssumeRoleWithSamlResponse r = assume(roleArn, mint(roleArn, 300));
    assertThat(r.assumedRoleUser().arn()).isEqualTo("arn:aws:sts::" + acct() + ":assumed-role/saml-admin/alice@example.com");
    assertThat(r.subject()).isEqualTo("alice@example.com");
    assertThat(r.subjectType()).isEqualTo("persistent");
    assertThat(r.issuer()).isEqualTo(IDP);
    assertThat(r.audience()).isEqualTo("https://signin.aws.amazon.com/saml");
    assertThat(r.nameQualifier()).isEqualTo(SamlFederationApi.nameQualifier(IDP, acct(), "corp"));
    assertThat(r.credentials().accessKeyId()).startsWith("ASIA");
    assertThat(sts(session(r.credentials())).getCallerIdentity().arn())
        .isEqualTo("arn:aws:sts::" + acct() + ":assumed-role/saml-admin/alice@example.com");
  }

  @Test
  void nameQualifierIsAwsHash() throws Exception {
    // BASE64(SHA1("https://example.com/saml" + "123456789012" + "/MySAMLIdP")), AWS's pseudocode
    byte[] sha1 = java.security.MessageDigest.getInstance("SHA-1").digest(
        "https://example.com/saml123456789012/MySAMLIdP".getBytes(StandardCharsets.UTF_8));
    assertThat(SamlFederationApi.nameQualifier("https://example.com/saml", "123456789012", "MySAMLIdP"))
        .isEqualTo(Base64.getEncoder().encodeToString(sha1));
  }

  @Test
  void aTamperedAttributeBreaksTheSignature() {
    String tampered = xml(mint(roleArn, 300)).replace(">alice@example.com</saml:AttributeValue>",
        ">mallory@example.com</saml:AttributeValue>");
    assertThat(tampered).contains("mallory");
    assertThatThrownBy(() -> assume(roleArn, b64(tampered)))
        .isInstanceOfSatisfying(InvalidIdentityTokenException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Response signature invalid");
          assertThat(detail(e)).contains("does not verify");
        });
  }

  @Test
  void anAssertionOfAnotherKeyIsRefused() {
    // same entity id in the assertion, signed by another issuer's key
    String foreign = xml(issuer.mint(OTHER_IDP, "alice@example.com", List.of(roleArn + "," + providerArn), Map.of(),
        300)).replace(OTHER_IDP, IDP);
    assertThatThrownBy(() -> assume(roleArn, b64(foreign))).isInstanceOf(InvalidIdentityTokenException.class);
  }

  @Test
  void aWrappedAssertionIsRefused() {
    String signed = xml(mint(roleArn, 300));
    // the attacker's own unsigned Assertion, placed first, the signed one left intact after it
    int start = signed.indexOf("<saml:Assertion");
    int end = signed.indexOf("</saml:Assertion>") + "</saml:Assertion>".length();
    String original = signed.substring(start, end);
    String evil = original.replaceAll("<ds:Signature.*</ds:Signature>", "").replace("ID=\"_", "ID=\"_evil")
        .replace("alice@example.com", "root");
    String wrapped = signed.substring(0, start) + evil + original + signed.substring(end);
    assertThatThrownBy(() -> assume(roleArn, b64(wrapped))).isInstanceOfSatisfying(
        InvalidIdentityTokenException.class, e -> assertThat(detail(e)).contains("holds 2 assertions"));
    // hidden inside the signed assertion's Extensions-like place (a child) is refused as well
    String nested = signed.replace("</saml:AttributeStatement>", "</saml:AttributeStatement>" + evil);
    assertThatThrownBy(() -> assume(roleArn, b64(nested))).isInstanceOf(InvalidIdentityTokenException.class);
  }

  @Test
  void anExpiredAssertionIsRefused() {
    assertThatThrownBy(() -> assume(roleArn, mint(roleArn, -600)))
        .isInstanceOfSatisfying(ExpiredTokenException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
  }

  @Test
  void aRoleNotInTheAssertionIsRefused() {
    // the assertion names saml-admin only: saml-other is not in its Role attribute
    // AWS: InvalidIdentityToken with these words (quoted from botocore errors by aws-adfs style tools)
    assertThatThrownBy(() -> assume(otherRoleArn, mint(roleArn, 300)))
        .isInstanceOfSatisfying(InvalidIdentityTokenException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidIdentityToken");
          assertThat(e.awsErrorDetails().errorMessage())
              .isEqualTo("SAML Assertion doesn't contain the requested Role and Metadata in the attributes");
        });
    // named in the assertion but its trust's saml:aud condition does not match
    assertThatThrownBy(() -> assume(otherRoleArn, mint(otherRoleArn, 300)))
        .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorCode())
            .isEqualTo("AccessDenied"));
  }

  @Test
  void anUnknownProviderOrGarbageIsAnInvalidIdentityToken() {
    assertThatThrownBy(() -> anonymous.assumeRoleWithSAML(r -> r.roleArn(roleArn)
        .principalArn("arn:aws:iam::" + acct() + ":saml-provider/nope").samlAssertion(mint(roleArn, 300))))
        .isInstanceOfSatisfying(InvalidIdentityTokenException.class, e -> assertThat(e.awsErrorDetails()
            .errorMessage()).isEqualTo("Specified provider doesn't exist"));
    assertThatThrownBy(() -> assume(roleArn, b64("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>")))
        .isInstanceOf(InvalidIdentityTokenException.class);
  }
}
