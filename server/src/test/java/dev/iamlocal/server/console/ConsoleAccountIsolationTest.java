package dev.iamlocal.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.store.EntityType;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hole 5 in the console: a session of account A sees none of account B's policies, nor B's use of AWS ones. */
class ConsoleAccountIsolationTest {

  @TempDir static Path dir;
  static ConsoleServer s;
  static String acctB;
  static String arnB;
  static final String SECRET_TEXT = "only-account-b-may-read-this";

  @BeforeAll
  static void start() throws Exception {
    s = new ConsoleServer(dir);
    acctB = s.store.accounts().createAccount().accountId();
    arnB = s.store.policies().createPolicy(acctB, "theirs", null, "B's",
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"" + SECRET_TEXT.replace("-", "")
            + "\",\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::" + SECRET_TEXT
            + "/*\"}]}").arn();
    s.store.users().createUser(acctB, "ub", null, null);
    s.store.policies().attachPolicy(acctB, EntityType.USER, "ub", arnB);
    s.store.policies().attachPolicy(acctB, EntityType.USER, "ub", "arn:aws:iam::aws:policy/ReadOnlyAccess");
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  @Test
  void hole05_aConsoleSessionSeesNoPolicyOfAnotherAccount() throws Exception {
    HttpClient c = ConsoleServer.client();
    s.signInRoot(c);
    String q = URLEncoder.encode(arnB, StandardCharsets.UTF_8);

    HttpResponse<String> page = s.get(c, "/console/policy?arn=" + q);
    // GetPolicy's own answer for a policy this account does not have: NoSuchEntity, 404
    assertThat(page.statusCode()).isEqualTo(404);
    assertThat(page.body()).contains("NoSuchEntity").contains("Policy " + arnB + " was not found.")
        .doesNotContain(SECRET_TEXT).doesNotContain("Customer managed");

    HttpResponse<String> editor = s.get(c, "/console/editor?arn=" + q);
    assertThat(editor.body()).contains("NoSuchEntity").doesNotContain(SECRET_TEXT);

    HttpResponse<String> list = s.get(c, "/console/policies?filter=ReadOnlyAccess");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).doesNotContain(arnB).doesNotContain("theirs");
    // B's attachment of an AWS managed policy is not counted in A's console
    assertThat(list.body()).containsPattern("ReadOnlyAccess</a></td><td>/</td><td>v[0-9]+</td><td>0</td>");
    HttpResponse<String> ro = s.get(c, "/console/policy?arn="
        + URLEncoder.encode("arn:aws:iam::aws:policy/ReadOnlyAccess", StandardCharsets.UTF_8));
    assertThat(ro.body()).contains("<dt>Attachments</dt><dd>0</dd>");
  }
}
