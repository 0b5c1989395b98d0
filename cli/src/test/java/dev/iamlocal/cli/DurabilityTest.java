package dev.iamlocal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.User;

/**
 * kill -9 during a stream of writes: {@code iamlocal serve} runs as its own process on SQLite;
 * writers stream CreateUser (user row + tag row, one transaction) and PutUserPolicy; the process
 * is SIGKILLed mid-stream. After a restart on the same data directory every acknowledged write is
 * there, whole, and the database passes SQLite's integrity check.
 */
class DurabilityTest {

  private static final String POLICY = """
      {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetUser","Resource":"*"}]}""";

  @TempDir Path tmp;

  @Test
  void everyAcknowledgedWriteSurvivesKillMinus9() throws Exception {
    Path dataDir = tmp.resolve("data");
    Set<String> ackedUsers = ConcurrentHashMap.newKeySet();
    Set<String> ackedPolicies = ConcurrentHashMap.newKeySet();
    Set<String> attempted = ConcurrentHashMap.newKeySet();
    String credentialsBefore;
    ServeProcess first = ServeProcess.start(dataDir, Map.of());
    try {
      credentialsBefore = Files.readString(dataDir.resolve("credentials"));
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger next = new AtomicInteger();
      int writers = 3;
      ExecutorService pool = Executors.newFixedThreadPool(writers);
      List<Future<?>> running = new ArrayList<>();
      try (IamClient iam = client(first.endpoint(), dataDir)) {
        for (int w = 0; w < writers; w++) {
          running.add(pool.submit(() -> {
            while (!stop.get()) {
              String name = String.format("user%05d", next.getAndIncrement());
              attempted.add(name);
              try {
                iam.createUser(r -> r.userName(name).tags(Tag.builder().key("seq").value(name).build()));
                ackedUsers.add(name);
                iam.putUserPolicy(r -> r.userName(name).policyName("p").policyDocument(POLICY));
                ackedPolicies.add(name);
              } catch (RuntimeException e) {
                if (!stop.get()) {
                  throw e;
                }
                return; // the server is gone: this write was not acknowledged
              }
            }
          }));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (ackedPolicies.size() < 100 && System.nanoTime() < deadline) {
          for (Future<?> f : running) {
            if (f.isDone()) {
              f.get(); // surfaces a writer failure before the kill
            }
          }
          Thread.sleep(5);
        }
        assertThat(ackedPolicies).as("writes acknowledged before the kill").hasSizeGreaterThanOrEqualTo(100);
        stop.set(true);
        int exit = first.kill9();
        assertThat(exit).as("killed by SIGKILL, not shut down").isEqualTo(128 + 9);
        for (Future<?> f : running) {
          f.get(30, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
    } finally {
      first.close();
    }

    int listed;
    try (ServeProcess second = ServeProcess.start(dataDir, Map.of());
        IamClient iam = client(second.endpoint(), dataDir)) {
      assertThat(Files.readString(dataDir.resolve("credentials"))).as("same account and root key").isEqualTo(credentialsBefore);
      Map<String, User> present = new HashMap<>();
      iam.listUsersPaginator().users().forEach(u -> present.put(u.userName(), u));
      assertThat(present.keySet()).containsAll(ackedUsers);
      // nothing appears that was never sent; at most the writes in flight at the kill may have committed unacknowledged
      assertThat(present.keySet()).isSubsetOf(attempted);
      assertThat(present.size() - ackedUsers.size()).isBetween(0, 3);
      listed = present.size();
      for (String name : present.keySet()) {
        // the user and its tag were one transaction: never one without the other
        assertThat(iam.getUser(r -> r.userName(name)).user().tags())
            .containsExactly(Tag.builder().key("seq").value(name).build());
      }
      for (String name : ackedPolicies) {
        assertThat(iam.getUserPolicy(r -> r.userName(name).policyName("p")).policyDocument()).isNotEmpty();
      }
    }
    // after a clean stop, the file itself: intact, WAL mode, foreign keys hold
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("iamlocal.db"));
        Statement s = c.createStatement()) {
      assertThat(single(s, "PRAGMA integrity_check")).isEqualTo("ok");
      assertThat(single(s, "PRAGMA journal_mode")).isEqualTo("wal");
      try (ResultSet rs = s.executeQuery("PRAGMA foreign_key_check")) {
        assertThat(rs.next()).as("no dangling references").isFalse();
      }
      assertThat(Integer.parseInt(single(s, "SELECT COUNT(*) FROM users"))).isEqualTo(listed);
    }
  }

  private static String single(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  static IamClient client(String endpoint, Path dataDir) {
    ProfileFile creds = ProfileFile.builder().content(dataDir.resolve("credentials"))
        .type(ProfileFile.Type.CREDENTIALS).build();
    return IamClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
        .credentialsProvider(ProfileCredentialsProvider.builder().profileFile(creds).profileName("iamlocal").build())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .httpClient(UrlConnectionHttpClient.create()).build();
  }
}
