package dev.iamlocal.server.decisionpoint;

import dev.iamlocal.server.iam.ApiSupport;
import dev.iamlocal.server.auth.Caller;
import dev.iamlocal.server.MovingClock;
import dev.iamlocal.server.authz.Subjects;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamlocal.store.EntityType;
import dev.iamlocal.store.IamStore;
import dev.iamlocal.store.Role;
import dev.iamlocal.store.StoreConfig;
import dev.iamlocal.store.StsSession;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /v1/authorize} on an assumed-role session ARN uses the live session's policies, and the
 * role's own once the session has expired — though no write to the store marks the expiry, so the
 * answer must not come from the caches that writes invalidate.
 */
class AuthorizeEndpointSessionTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void aSessionPrincipalLosesItsSessionPolicyWhenTheSessionExpires() throws Exception {
    MovingClock clock = new MovingClock(Instant.parse("2026-06-01T00:00:00Z"));
    try (IamStore store = openStore(clock)) {
      String acct = readerRoleWithSession(store, clock, "{\"Effect\":\"Allow\",\"Action\":\"iam:ListUsers\","
          + "\"Resource\":\"*\"}",
          // the session policy narrows the session to s3:GetObject: iam:ListUsers is not allowed during it
          "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
              + "\"Resource\":\"*\"}]}", null);
      ApiSupport support = new ApiSupport(store, clock, null, null, new Subjects(store));
      ObjectNode ask = listUsersAsSession(acct);

      assertThat(decision(ask, acct, store, support)).isEqualTo("implicitDeny");
      assertThat(decision(ask, acct, store, support)).as("asked again, nothing changed").isEqualTo("implicitDeny");
      clock.advance(Duration.ofHours(2));
      assertThat(decision(ask, acct, store, support)).as("session expired: the role's own policies")
          .isEqualTo("allowed");
    }
  }

  @Test
  void spec08_aLiveSessionPrincipalBringsItsSourceIdentity() throws Exception {
    MovingClock clock = new MovingClock(Instant.parse("2026-06-01T00:00:00Z"));
    try (IamStore store = openStore(clock)) {
      String acct = readerRoleWithSession(store, clock, "{\"Effect\":\"Allow\",\"Action\":\"iam:ListUsers\","
          + "\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:SourceIdentity\":\"alice\"}}}", null, "alice");
      ApiSupport support = new ApiSupport(store, clock, null, null, new Subjects(store));
      ObjectNode ask = listUsersAsSession(acct);
      assertThat(decision(ask, acct, store, support)).isEqualTo("allowed");
      ObjectNode asBob = ask.deepCopy();
      asBob.putObject("context").put("aws:SourceIdentity", "bob");
      assertThat(decision(asBob, acct, store, support)).as("the request's context wins").isEqualTo("implicitDeny");
      clock.advance(Duration.ofHours(2));
      assertThat(decision(ask, acct, store, support)).as("no live session: no source identity")
          .isEqualTo("implicitDeny");
    }
  }

  private IamStore openStore(MovingClock clock) {
    return IamStore.open(new StoreConfig("jdbc:sqlite:" + dir.resolve("iam.db"), null, null), clock);
  }

  /**
   * A new account with role {@code reader} (one inline statement) and its session {@code pdp},
   * live for an hour from now; returns the account id.
   */
  private static String readerRoleWithSession(IamStore store, MovingClock clock, String roleStatement,
      String sessionPolicy, String sourceIdentity) {
    String acct = store.accounts().createAccount().accountId();
    Role role = store.roles().createRole(acct, "reader", "/", null, "{\"Version\":\"2012-10-17\",\"Statement\":[]}", 3600);
    store.inlinePolicies().putInlinePolicy(acct, EntityType.ROLE, "reader", "list",
        "{\"Version\":\"2012-10-17\",\"Statement\":[" + roleStatement + "]}");
    store.sessions().createSession(new StsSession("ASIATESTSESSION00001", acct, "secret", "token", role.roleId(), role.arn(),
        "pdp", sessionPolicy, List.of(), Map.of(), sourceIdentity, clock.instant(), clock.instant().plusSeconds(3600)));
    return acct;
  }

  private static ObjectNode listUsersAsSession(String acct) {
    return JSON.valueToTree(Map.of("principal", "arn:aws:sts::" + acct + ":assumed-role/reader/pdp",
        "action", "iam:ListUsers", "resource", "*", "explain", false));
  }

  private static String decision(ObjectNode ask, String acct, IamStore store, ApiSupport support) throws Exception {
    Caller root = new Caller(acct, "arn:aws:iam::" + acct + ":root", null, acct, "AKIAROOT", "us-east-1",
        store.changeVersion());
    return JSON.readTree(AuthorizeEndpoint.answer(JSON.writeValueAsBytes(ask), new ApiSupport.Ctx(root, null), support)
        .json()).get("decision").asText();
  }
}
