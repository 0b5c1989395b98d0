package dev.iamlocal.server.authz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.store.EntityType;
import dev.iamlocal.store.IamStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's authorization of a signed-in user decides as the Query API does, resource tags included. */
class IamAuthorizationTest {

  @TempDir
  Path dir;

  @Test
  void theTagsOfTheUserActedOnReachTheEngine() {
    try (IamStore store = IamStore.openSqlite(dir.resolve("iam.db"))) {
      String acct = store.accounts().createAccount().accountId();
      store.users().createUser(acct, "admin", "/", Map.of());
      store.inlinePolicies().putInlinePolicy(acct, EntityType.USER, "admin", "tagged", "{\"Version\":\"2012-10-17\",\"Statement\":["
          + "{\"Effect\":\"Allow\",\"Action\":\"iam:GetUser\",\"Resource\":\"*\","
          + "\"Condition\":{\"StringEquals\":{\"iam:ResourceTag/team\":\"ml\"}}}]}");
      store.users().createUser(acct, "ml-user", "/", Map.of("team", "ml"));
      store.users().createUser(acct, "web-user", "/", Map.of("team", "web"));
      IamAuthorization auth = new IamAuthorization(new Subjects(store), null, Clock.systemUTC());
      String user = "arn:aws:iam::" + acct + ":user/";
      assertThat(auth.denial(acct, "admin", null, null, "iam:GetUser", user + "ml-user", Map.of())).isEmpty();
      assertThat(auth.denial(acct, "admin", null, null, "iam:GetUser", user + "web-user", Map.of()))
          .hasValueSatisfying(m -> assertThat(m).contains("not authorized to perform: iam:GetUser"));
      store.tags().tag(acct, "user", "web-user", Map.of("team", "ml"));
      assertThat(auth.denial(acct, "admin", null, null, "iam:GetUser", user + "web-user", Map.of())).isEmpty();
    }
  }
}
