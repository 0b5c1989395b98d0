package dev.iamlocal.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.store.IamStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

/** A restart on the same data directory keeps the account, the root key and every entity. */
class RestartTest {

  @TempDir Path dataDir;

  @Test
  void restartKeepsState() throws Exception {
    Bootstrap first;
    try (IamStore store = IamStore.openSqlite(dataDir.resolve("iamlocal.db"));
        IamServer server = IamServer.start(store, "127.0.0.1", 0, Clock.systemUTC())) {
      first = Bootstrap.ensure(store, dataDir);
      try (IamClient iam = client(server, first)) {
        iam.createUser(r -> r.userName("survivor").path("/kept/"));
        iam.createGroup(r -> r.groupName("g"));
        iam.addUserToGroup(r -> r.groupName("g").userName("survivor"));
      }
    }
    try (IamStore store = IamStore.openSqlite(dataDir.resolve("iamlocal.db"));
        IamServer server = IamServer.start(store, "127.0.0.1", 0, Clock.systemUTC())) {
      Bootstrap second = Bootstrap.ensure(store, dataDir);
      assertThat(second.account().accountId()).isEqualTo(first.account().accountId());
      assertThat(second.rootKey().accessKeyId()).isEqualTo(first.rootKey().accessKeyId());
      try (IamClient iam = client(server, second)) {
        assertThat(iam.getUser(r -> r.userName("survivor")).user().arn())
            .isEqualTo("arn:aws:iam::" + first.account().accountId() + ":user/kept/survivor");
        assertThat(iam.listGroupsForUser(r -> r.userName("survivor")).groups()).hasSize(1);
      }
    }
  }

  private static IamClient client(IamServer server, Bootstrap b) {
    return IamClient.builder().endpointOverride(URI.create(server.endpoint())).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(b.rootKey().accessKeyId(), b.rootKey().secret())))
        .httpClient(UrlConnectionHttpClient.create()).build();
  }
}
