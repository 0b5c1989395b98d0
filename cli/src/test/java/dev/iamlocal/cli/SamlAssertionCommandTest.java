package dev.iamlocal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.server.Bootstrap;
import dev.iamlocal.server.IamServer;
import dev.iamlocal.store.IamStore;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * {@code iamlocal saml-metadata} and {@code saml-assertion} beside a running server on the same data
 * directory: the metadata makes the SAML provider, the assertion assumes the role, unsigned.
 */
class SamlAssertionCommandTest {

  static final String IDP = "https://idp.example.com/saml";

  @Test
  void aMintedAssertionAssumesTheRoleOfTheRunningServer() throws Exception {
    Path dir = Files.createTempDirectory("iamlocal-saml");
    Bootstrap.prepareDirectory(dir);
    try (IamStore store = IamStore.openSqlite(dir.resolve("iamlocal.db"))) {
      Bootstrap boot = Bootstrap.ensure(store, dir);
      IamServer server = IamServer.start(store, "127.0.0.1", 0, Clock.systemUTC());
      try {
        IamClient iam = IamClient.builder().endpointOverride(URI.create(server.endpoint())).region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                boot.rootKey().accessKeyId(), boot.rootKey().secret())))
            .httpClient(UrlConnectionHttpClient.create()).build();
        Cli.Result metadata = Cli.run("saml-metadata", "--data-dir", dir.toString(), "--issuer", IDP);
        assertThat(metadata.code()).as(metadata.err()).isZero();
        assertThat(metadata.out()).contains("entityID=\"" + IDP + "\"").contains("X509Certificate");
        String provider = iam.createSAMLProvider(r -> r.name("corp").samlMetadataDocument(metadata.out().strip()))
            .samlProviderArn();
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{"
            + "\"Federated\":\"" + provider + "\"},\"Action\":\"sts:AssumeRoleWithSAML\",\"Condition\":{"
            + "\"StringEquals\":{\"saml:aud\":\"https://signin.aws.amazon.com/saml\"}}}]}";
        String role = iam.createRole(r -> r.roleName("admin").assumeRolePolicyDocument(trust)).role().arn();

        Cli.Result minted = Cli.run("saml-assertion", "--data-dir", dir.toString(), "--issuer", IDP, "--sub", "alice",
            "--role", role + "," + provider, "--attribute",
            "https://aws.amazon.com/SAML/Attributes/RoleSessionName=alice@example.com");
        assertThat(minted.code()).as(minted.err()).isZero();
        HttpResponse<String> r = assume(server, role, provider, minted.out().strip());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("assumed-role/admin/alice@example.com</Arn>").contains("<Subject>alice</Subject>")
            .contains("<SubjectType>persistent</SubjectType>").contains("<Issuer>" + IDP + "</Issuer>");

        Cli.Result expired = Cli.run("saml-assertion", "--data-dir", dir.toString(), "--issuer", IDP, "--sub",
            "alice", "--role", role + "," + provider, "--expires-in", "-600");
        HttpResponse<String> refused = assume(server, role, provider, expired.out().strip());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("<Code>ExpiredTokenException</Code>");

        Cli.Result bad = Cli.run("saml-assertion", "--data-dir", dir.toString(), "--issuer", IDP, "--sub", "alice",
            "--role", "no-comma");
        assertThat(bad.code()).isEqualTo(Main.INVALID_INPUT);
      } finally {
        server.close();
      }
    }
  }

  private static HttpResponse<String> assume(IamServer server, String role, String provider, String assertion)
      throws Exception {
    String body = "Action=AssumeRoleWithSAML&Version=2011-06-15&RoleArn=" + URLEncoder.encode(role,
        StandardCharsets.UTF_8) + "&PrincipalArn=" + URLEncoder.encode(provider, StandardCharsets.UTF_8)
        + "&SAMLAssertion=" + URLEncoder.encode(assertion, StandardCharsets.UTF_8);
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/"))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
  }
}
