package dev.iamlocal.server.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.server.Bootstrap;
import dev.iamlocal.server.IamServer;
import dev.iamlocal.server.MovingClock;
import dev.iamlocal.server.ServerOptions;
import dev.iamlocal.server.authz.Listener;
import dev.iamlocal.store.IamStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.AppNetworkAccessType;

/**
 * Presigned URLs opened as a browser opens them (GET, unsigned), against the server on a moving
 * clock: the AWS docs' "presigned domain URL only from a CIDR" policy checked again when the URL is
 * used, with the opening browser's address; expiry; tampered tokens; deleted resources; single use.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SageMakerPresignedUrlTest {

  static final Duration SETTLE = Duration.ofSeconds(2);

  @TempDir static Path dataDir;
  IamStore store;
  IamServer server;
  IamClient iam;
  SageMakerClient root;
  MovingClock clock = new MovingClock(Instant.now());
  String role;
  int goodIpPort;
  int badIpPort;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start() throws IOException {
    Bootstrap.prepareDirectory(dataDir);
    store = IamStore.openSqlite(dataDir.resolve("iamlocal.db"));
    Bootstrap boot = Bootstrap.ensure(store, dataDir);
    server = IamServer.start(store, "127.0.0.1", 0, clock, new ServerOptions(List.of(
        Listener.parse("127.0.0.1:0,source-ip=192.0.2.10"),
        Listener.parse("127.0.0.1:0,source-ip=198.51.100.7")), SETTLE));
    goodIpPort = server.listenerPorts().get(0);
    badIpPort = server.listenerPorts().get(1);
    iam = IamClient.builder().endpointOverride(URI.create(server.endpoint())).region(Region.US_EAST_1)
        .credentialsProvider(SageMakerSdkTest.creds(boot.rootKey().accessKeyId(), boot.rootKey().secret()))
        .httpClient(UrlConnectionHttpClient.create()).build();
    root = sm(server.port(), boot.rootKey().accessKeyId(), boot.rootKey().secret());
    role = SageMakerSdkTest.executionRole(store, "arn:aws:iam::" + boot.account().accountId() + ":role/SageMakerExecution");
  }

  @AfterAll
  void stop() {
    server.close();
    store.close();
  }

  SageMakerClient sm(int port, String id, String secret) {
    return SageMakerClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port)).region(Region.US_EAST_1)
        .credentialsProvider(SageMakerSdkTest.creds(id, secret)).httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1))).build();
  }

  AccessKey user(String name, String policy) {
    iam.createUser(r -> r.userName(name));
    iam.putUserPolicy(r -> r.userName(name).policyName("p").policyDocument(policy));
    return iam.createAccessKey(r -> r.userName(name)).accessKey();
  }

  String domain(String name) {
    return root.createDomain(r -> r.domainName(name).authMode("IAM").defaultUserSettings(u -> u.executionRole(role))
        .subnetIds("subnet-0a1").vpcId("vpc-0a1").appNetworkAccessType(AppNetworkAccessType.PUBLIC_INTERNET_ONLY))
        .domainId();
  }

  /** Opens {@code url} as a browser connected to {@code port} would (the listener sets its source address). */
  HttpResponse<String> open(String url, int port) throws Exception {
    URI u = URI.create(url);
    assertThat(u.getPath()).isEqualTo("/sagemaker/presigned/auth");
    URI at = URI.create("http://127.0.0.1:" + port + u.getRawPath() + "?" + u.getRawQuery());
    return http.send(HttpRequest.newBuilder(at).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  static String detail(HttpResponse<String> r) {
    return r.headers().firstValue("x-iamlocal-detail").orElse("");
  }

  /** AWS docs: presigned domain URLs only from a CIDR — and the condition is evaluated again when the URL is used. */
  @Test
  void docsExample_cidrCheckedWhenOpened() throws Exception {
    String d = domain("cidr-open");
    root.createUserProfile(r -> r.domainId(d).userProfileName("erin"));
    AccessKey k = user("erin", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
        + "\"Action\":\"sagemaker:CreatePresignedDomainUrl\",\"Resource\":\"*\","
        + "\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"192.0.2.0/24\"}}}]}");
    SageMakerClient erin = sm(goodIpPort, k.accessKeyId(), k.secretAccessKey());
    String url = erin.createPresignedDomainUrl(r -> r.domainId(d).userProfileName("erin")).authorizedUrl();
    // the server's own address as the caller reached it, SageMaker's token parameter for Studio
    assertThat(url).startsWith("http://127.0.0.1:" + goodIpPort + "/sagemaker/presigned/auth?token=");

    HttpResponse<String> ok = open(url, goodIpPort);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(ok.body()).contains("user-profile/" + d + "/erin").contains("no Jupyter, Studio or MLflow server");

    HttpResponse<String> elsewhere = open(url, badIpPort);
    assertThat(elsewhere.statusCode()).isEqualTo(403);
    assertThat(detail(elsewhere)).contains("198.51.100.7").contains("sagemaker:CreatePresignedDomainUrl");
    // loopback is outside the CIDR too
    assertThat(open(url, server.port()).statusCode()).isEqualTo(403);
    // a domain URL is not documented as single-use: it opens again from the allowed range
    assertThat(open(url, goodIpPort).statusCode()).isEqualTo(200);

    // the creator's key deactivated: what it can no longer do, its URL no longer does
    iam.updateAccessKey(r -> r.userName("erin").accessKeyId(k.accessKeyId()).status("Inactive"));
    HttpResponse<String> inactive = open(url, goodIpPort);
    assertThat(inactive.statusCode()).isEqualTo(403);
    assertThat(detail(inactive)).contains("no longer valid");
  }

  @Test
  void expiredTamperedAndDeleted() throws Exception {
    String d = domain("expiry");
    root.createUserProfile(r -> r.domainId(d).userProfileName("frank"));
    String url = root.createPresignedDomainUrl(r -> r.domainId(d).userProfileName("frank").expiresInSeconds(30))
        .authorizedUrl();
    assertThat(open(url, server.port()).statusCode()).isEqualTo(200);

    // tampered: one character of the sealed token changed
    int at = url.indexOf("token=") + 20;
    char ch = url.charAt(at);
    String tampered = url.substring(0, at) + (ch == 'A' ? 'B' : 'A') + url.substring(at + 1);
    HttpResponse<String> t = open(tampered, server.port());
    assertThat(t.statusCode()).isEqualTo(403);
    assertThat(detail(t)).contains("not one this server issued");
    assertThat(open(url.substring(0, url.indexOf("?")), server.port()).statusCode()).isEqualTo(403);
    assertThat(open(url.substring(0, url.indexOf("?")) + "?token=%3Cscript%3E", server.port()).body())
        .doesNotContain("<script>");

    // expired: ExpiresInSeconds is the URL's validity (SessionExpirationDurationInSeconds the session's)
    clock.advance(Duration.ofSeconds(31));
    HttpResponse<String> late = open(url, server.port());
    assertThat(late.statusCode()).isEqualTo(403);
    assertThat(detail(late)).contains("expired");

    // deleted resource
    String url2 = root.createPresignedDomainUrl(r -> r.domainId(d).userProfileName("frank")).authorizedUrl();
    root.deleteUserProfile(r -> r.domainId(d).userProfileName("frank"));
    clock.advance(SETTLE.multipliedBy(3));
    HttpResponse<String> gone = open(url2, server.port());
    assertThat(gone.statusCode()).isEqualTo(403);
    assertThat(detail(gone)).contains("no longer exists");
  }

  @Test
  void notebookUrlValidFiveMinutesAndOnlyInService() throws Exception {
    root.createNotebookInstance(r -> r.notebookInstanceName("nb-open").instanceType("ml.t3.medium").roleArn(role));
    String pending = root.createPresignedNotebookInstanceUrl(r -> r.notebookInstanceName("nb-open")).authorizedUrl();
    assertThat(pending).contains("/sagemaker/presigned/auth?authToken=");
    HttpResponse<String> notYet = open(pending, server.port());
    assertThat(notYet.statusCode()).isEqualTo(403);
    assertThat(detail(notYet)).contains("not InService");
    clock.advance(SETTLE.multipliedBy(2));
    String url = root.createPresignedNotebookInstanceUrl(r -> r.notebookInstanceName("nb-open")
        .sessionExpirationDurationInSeconds(1800)).authorizedUrl();
    HttpResponse<String> ok = open(url, server.port());
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).contains("notebook-instance/nb-open").contains("1800 seconds");
    // "valid only for 5 minutes", whatever the session's length
    clock.advance(Duration.ofSeconds(301));
    assertThat(open(url, server.port()).statusCode()).isEqualTo(403);
  }

  @Test
  void mlflowUrlsAreSingleUse() throws Exception {
    root.createMlflowTrackingServer(r -> r.trackingServerName("mlf").artifactStoreUri("s3://bucket/mlflow")
        .roleArn(role));
    String url = root.createPresignedMlflowTrackingServerUrl(r -> r.trackingServerName("mlf")).authorizedUrl();
    assertThat(url).contains("?authToken=");
    assertThat(open(url, server.port()).statusCode()).isEqualTo(200);
    HttpResponse<String> again = open(url, server.port());
    assertThat(again.statusCode()).isEqualTo(403);
    assertThat(detail(again)).contains("used already");
  }
}
