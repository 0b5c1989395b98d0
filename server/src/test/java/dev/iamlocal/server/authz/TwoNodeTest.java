package dev.iamlocal.server.authz;

import dev.iamlocal.server.Bootstrap;
import dev.iamlocal.server.IamServer;
import dev.iamlocal.store.PgTestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iamlocal.evaluation.Evaluator;
import dev.iamlocal.evaluation.Outcome;
import dev.iamlocal.evaluation.Policy;
import dev.iamlocal.evaluation.PolicySet;
import dev.iamlocal.request.AuthorizationRequest;
import dev.iamlocal.store.EntityType;
import dev.iamlocal.store.IamStore;
import dev.iamlocal.store.IdentityPolicy;
import dev.iamlocal.store.StoreConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.IamException;

/**
 * Several nodes, one store: two servers (each with its own store pool, as two processes behind a
 * load balancer would have) on one database. A policy change made through node A is enforced by
 * node B on the very next call. Runs on PostgreSQL (skipped without {@code IAMLOCAL_TEST_PG_URL})
 * and, as a baseline, on one SQLite file shared by two pools.
 */
class TwoNodeTest {

  enum Backend { SQLITE, POSTGRES }

  private static final String ALLOW_LIST_USERS = """
      {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:ListUsers","iam:GetUser"],"Resource":"*"}]}""";
  private static final String ALLOW_GET_USER_ONLY = """
      {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetUser","Resource":"*"}]}""";
  private static final String DENY_LIST_USERS = """
      {"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:ListUsers","Resource":"*"}]}""";

  @TempDir Path dir;
  private final List<AutoCloseable> opened = new ArrayList<>();
  private PgTestDatabase pg;

  @AfterEach
  void closeAll() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
    if (pg != null) {
      pg.close();
    }
  }

  private StoreConfig config(Backend b) {
    if (b == Backend.SQLITE) {
      return new StoreConfig("jdbc:sqlite:" + dir.resolve("shared.db"), null, null);
    }
    if (pg == null) {
      pg = PgTestDatabase.createOrSkip();
    }
    return pg.config();
  }

  private <T extends AutoCloseable> T keep(T t) {
    opened.add(t);
    return t;
  }

  private IamClient client(IamServer server, String keyId, String secret) {
    return keep(IamClient.builder().endpointOverride(URI.create(server.endpoint())).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret)))
        .httpClient(UrlConnectionHttpClient.create()).build());
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aPolicyChangeThroughNodeAIsEnforcedByNodeBOnTheNextCall(Backend b) throws Exception {
    IamStore storeA = keep(IamStore.open(config(b), Clock.systemUTC()));
    Bootstrap bootA = Bootstrap.ensure(storeA, dir.resolve("node-a"));
    IamServer nodeA = keep(IamServer.start(storeA, "127.0.0.1", 0, Clock.systemUTC()));
    IamStore storeB = keep(IamStore.open(config(b), Clock.systemUTC()));
    Bootstrap bootB = Bootstrap.ensure(storeB, dir.resolve("node-b"));
    IamServer nodeB = keep(IamServer.start(storeB, "127.0.0.1", 0, Clock.systemUTC()));
    assertThat(bootB.account()).as("node B joins node A's account").isEqualTo(bootA.account());
    assertThat(bootB.rootKey().accessKeyId()).isEqualTo(bootA.rootKey().accessKeyId());

    IamClient rootA = client(nodeA, bootA.rootKey().accessKeyId(), bootA.rootKey().secret());
    rootA.createUser(r -> r.userName("alice"));
    AccessKey key = rootA.createAccessKey(r -> r.userName("alice")).accessKey();
    rootA.putUserPolicy(r -> r.userName("alice").policyName("access").policyDocument(ALLOW_LIST_USERS));
    IamClient aliceB = client(nodeB, key.accessKeyId(), key.secretAccessKey());

    assertThat(aliceB.listUsers().users()).extracting(u -> u.userName()).containsExactly("alice");

    // "detach": the allow is replaced through node A; node B's next call has no allow left
    rootA.putUserPolicy(r -> r.userName("alice").policyName("access").policyDocument(ALLOW_GET_USER_ONLY));
    assertThatThrownBy(aliceB::listUsers).isInstanceOfSatisfying(IamException.class, e -> {
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
      assertThat(e.awsErrorDetails().errorMessage()).contains("iam:ListUsers")
          .contains("because no identity-based policy allows the iam:ListUsers action");
    });

    rootA.putUserPolicy(r -> r.userName("alice").policyName("access").policyDocument(ALLOW_LIST_USERS));
    assertThat(aliceB.listUsers().users()).hasSize(1);

    // an explicit deny added through node A wins on node B's next call
    rootA.putUserPolicy(r -> r.userName("alice").policyName("deny").policyDocument(DENY_LIST_USERS));
    assertThatThrownBy(aliceB::listUsers).isInstanceOfSatisfying(IamException.class, e ->
        assertThat(e.awsErrorDetails().errorMessage()).contains("with an explicit deny in an identity-based policy"));
    assertThat(aliceB.getUser(r -> r.userName("alice")).user().userName()).isEqualTo("alice");
  }

  /**
   * The cache mechanism itself across nodes: node B keeps alice's compiled policy set in a
   * {@link StampedCache} stamped with the change counter; a write through node A's store makes
   * node B rebuild on its next lookup, and nothing else does.
   */
  @ParameterizedTest
  @EnumSource(Backend.class)
  void nodeBsCompiledPolicyCacheNeverOutlivesAWriteOnNodeA(Backend b) {
    IamStore storeA = keep(IamStore.open(config(b), Clock.systemUTC()));
    IamStore storeB = keep(IamStore.open(config(b), Clock.systemUTC()));
    String acct = storeA.accounts().createAccount().accountId();
    storeA.users().createUser(acct, "alice", null, null);
    storeA.inlinePolicies().putInlinePolicy(acct, EntityType.USER, "alice", "access", ALLOW_LIST_USERS);
    AtomicInteger compiles = new AtomicInteger();
    StampedCache<String, PolicySet> cacheB = new StampedCache<>(storeB::changeVersion, 1000);
    java.util.function.Supplier<Outcome> listUsersOnB = () -> {
      PolicySet set = cacheB.get("alice", name -> {
        compiles.incrementAndGet();
        List<Policy> policies = new ArrayList<>();
        for (IdentityPolicy ip : storeB.users().policiesOfUser(acct, name)) {
          policies.add(Policy.parse(ip.id(), ip.document()));
        }
        return PolicySet.builder().identity(policies).build();
      });
      return Evaluator.authorize(set, AuthorizationRequest.builder().principal("arn:aws:iam::" + acct + ":user/alice")
          .action("iam:ListUsers").resource("*").build()).outcome();
    };

    assertThat(listUsersOnB.get()).isEqualTo(Outcome.ALLOWED);
    assertThat(listUsersOnB.get()).isEqualTo(Outcome.ALLOWED);
    assertThat(compiles).as("compiled once while nothing changes").hasValue(1);

    storeA.inlinePolicies().putInlinePolicy(acct, EntityType.USER, "alice", "deny", DENY_LIST_USERS);
    assertThat(listUsersOnB.get()).isEqualTo(Outcome.EXPLICIT_DENY);
    assertThat(compiles).hasValue(2);

    storeA.inlinePolicies().putInlinePolicy(acct, EntityType.USER, "alice", "deny", ALLOW_GET_USER_ONLY);
    storeA.inlinePolicies().putInlinePolicy(acct, EntityType.USER, "alice", "access", ALLOW_GET_USER_ONLY);
    assertThat(listUsersOnB.get()).isEqualTo(Outcome.IMPLICIT_DENY);
    assertThat(listUsersOnB.get()).isEqualTo(Outcome.IMPLICIT_DENY);
    assertThat(compiles).hasValue(3);
  }
}
