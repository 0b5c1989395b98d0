package dev.iamlocal.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.store.User;
import java.net.http.HttpClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console shows a role's trust policy as the API returns it: a deleted principal as its old unique id. */
class ConsoleTrustPolicyTest {

  @TempDir Path dir;

  @Test
  void aDeletedTrustedUserShowsAsItsUniqueId() throws Exception {
    try (ConsoleServer s = new ConsoleServer(dir)) {
      String acct = s.account();
      User old = s.store.users().createUser(acct, "u2", null, null);
      String arn = "arn:aws:iam::" + acct + ":user/u2";
      s.store.roles().createRole(acct, "x-u2", null, null, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
          + "\"Principal\":{\"AWS\":\"" + arn + "\"},\"Action\":\"sts:AssumeRole\"}]}", null);
      HttpClient c = ConsoleServer.client();
      s.signInRoot(c);
      assertThat(s.get(c, "/console/roles").body()).contains(arn).doesNotContain(old.userId());
      s.store.users().deleteUser(acct, "u2");
      s.store.users().createUser(acct, "u2", null, null);
      String page = s.get(c, "/console/roles").body();
      assertThat(page).contains(old.userId());
      assertThat(page.substring(page.indexOf("<pre class=\"policy\">"))).doesNotContain(arn);
    }
  }
}
