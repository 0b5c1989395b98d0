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
 * {@code iamlocal web-identity-token} beside a running server on the same data directory: the token
 * it prints assumes the GitHub Actions role, unsigned, as the SDKs send AssumeRoleWithWebIdentity.
 */
class WebIdentityTokenCommandTest {

  static final String MAIN = "repo:org/repo:ref:refs/heads/main";

  @Test
  void aMintedTokenAssumesTheRoleOfTheRunningServer() throws Exception {
    Path dir = Files.createTempDirectory("iamlocal-wit");
    Bootstrap.prepareDirectory(dir);
    try (IamStore store = IamStore.openSqlite(dir.resolve("iamlocal.db"))) {
      Bootstrap boot = Bootstrap.ensure(store, dir);
      IamServer server = IamServer.start(store, "127.0.0.1", 0, Clock.systemUTC());
      try {
        IamClient iam = IamClient.builder().endpointOverride(URI.create(server.endpoint())).region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                boot.rootKey().accessKeyId(), boot.rootKey().secret())))
            .httpClient(UrlConnectionHttpClient.create()).build();
        String provider = iam.createOpenIDConnectProvider(r -> r.url("https://token.actions.githubusercontent.com")
            .clientIDList("sts.amazonaws.com")).openIDConnectProviderArn();
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{"
            + "\"Federated\":\"" + provider + "\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\",\"Condition\":{"
            + "\"StringEquals\":{\"token.actions.githubusercontent.com:aud\":\"sts.amazonaws.com\","
            + "\"token.actions.githubusercontent.com:sub\":\"" + MAIN + "\"}}}]}";
        String role = iam.createRole(r -> r.roleName("deploy").assumeRolePolicyDocument(trust)).role().arn();

        Cli.Result minted = Cli.run("web-identity-token", "--data-dir", dir.toString(), "--issuer",
            "https://token.actions.githubusercontent.com", "--sub", MAIN, "--aud", "sts.amazonaws.com", "--claim",
            "repository=org/repo", "--expires-in", "300");
        assertThat(minted.code()).as(minted.err()).isZero();
        String token = minted.out().strip();
        assertThat(token.split("\\.")).hasSize(3);

        HttpResponse<String> r = assume(server, role, token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("<Arn>arn:aws:sts::" + boot.account().accountId() + ":assumed-role/deploy/ci</Arn>")
            .contains("<SubjectFromWebIdentityToken>" + MAIN + "</SubjectFromWebIdentityToken>");

        Cli.Result pr = Cli.run("web-identity-token", "--data-dir", dir.toString(), "--issuer",
            "https://token.actions.githubusercontent.com", "--sub", "repo:org/repo:pull_request", "--aud",
            "sts.amazonaws.com");
        HttpResponse<String> denied = assume(server, role, pr.out().strip());
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.body()).contains("<Code>AccessDenied</Code>");
      } finally {
        server.close();
      }
    }
  }

  @Test
  void anIssuerThatIsNoProviderUrlIsInvalidInput() throws Exception {
    Path dir = Files.createTempDirectory("iamlocal-wit");
    Cli.Result r = Cli.run("web-identity-token", "--data-dir", dir.toString(), "--issuer", "http://example.com",
        "--sub", "s", "--aud", "a");
    assertThat(r.code()).isEqualTo(Main.INVALID_INPUT);
    assertThat(r.err()).contains("must begin with https://");
    Cli.Result c = Cli.run("web-identity-token", "--data-dir", dir.toString(), "--issuer", "https://example.com",
        "--sub", "s", "--aud", "a", "--claim", "novalue");
    assertThat(c.code()).isEqualTo(Main.INVALID_INPUT);
  }

  private static HttpResponse<String> assume(IamServer server, String role, String token) throws Exception {
    String body = "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleSessionName=ci&RoleArn="
        + URLEncoder.encode(role, StandardCharsets.UTF_8) + "&WebIdentityToken=" + URLEncoder.encode(token,
            StandardCharsets.UTF_8);
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/"))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
  }
}
