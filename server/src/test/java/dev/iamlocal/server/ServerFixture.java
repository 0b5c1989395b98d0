package dev.iamlocal.server;

import dev.iamlocal.store.IamStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/** One real server per test class (SQLite in a temp dir), with SDK clients for any credentials. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ServerFixture {

  protected Path dataDir;
  protected IamStore store;
  protected IamServer server;
  protected Bootstrap boot;
  protected IamClient root;

  @BeforeAll
  protected void startServer() throws IOException {
    dataDir = Files.createTempDirectory("iamlocal-test");
    Bootstrap.prepareDirectory(dataDir);
    store = IamStore.openSqlite(dataDir.resolve("iamlocal.db"));
    boot = Bootstrap.ensure(store, dataDir);
    server = IamServer.start(store, "127.0.0.1", 0, clock());
    root = iam(AwsBasicCredentials.create(boot.rootKey().accessKeyId(), boot.rootKey().secret()));
  }

  /** The server's clock; tests of expiry override it. */
  protected Clock clock() {
    return Clock.systemUTC();
  }

  @AfterAll
  protected void stopServer() {
    server.close();
    store.close();
  }

  protected String acct() {
    return boot.account().accountId();
  }

  protected IamClient iam(AwsCredentials creds) {
    return IamClient.builder().endpointOverride(URI.create(server.endpoint())).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(creds)).httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1))).build();
  }

  protected StsClient sts(AwsCredentials creds) {
    return StsClient.builder().endpointOverride(URI.create(server.endpoint())).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(creds)).httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1))).build();
  }

  /** Creates a user with one inline policy and an access key; returns the key's credentials. */
  protected AwsBasicCredentials userWithPolicy(String name, String policy) {
    root.createUser(r -> r.userName(name));
    if (policy != null) {
      root.putUserPolicy(r -> r.userName(name).policyName("p").policyDocument(policy));
    }
    var k = root.createAccessKey(r -> r.userName(name)).accessKey();
    return AwsBasicCredentials.create(k.accessKeyId(), k.secretAccessKey());
  }

  protected static AwsSessionCredentials session(software.amazon.awssdk.services.sts.model.Credentials c) {
    return AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
  }

  public static String allow(String action, String resource) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"" + action
        + "\",\"Resource\":\"" + resource + "\"}]}";
  }

  public static String trust(String principalArn) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + principalArn
        + "\"},\"Action\":[\"sts:AssumeRole\",\"sts:TagSession\",\"sts:SetSourceIdentity\"]}]}";
  }
}
