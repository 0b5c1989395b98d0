package dev.iamlocal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The principals of a trust policy: which are bound, how a document is shown, and migration 25.1. */
class TrustPrincipalsTest {

  @TempDir Path dir;

  @Test
  void onlyIamUserAndRoleArnsOfPrincipalElementsAreNamed() {
    String doc = "{\"Statement\":[{\"Principal\":{\"AWS\":[\"arn:aws:iam::111122223333:user/a/b\","
        + "\"arn:aws:iam::111122223333:root\",\"111122223333\",\"*\",\"arn:aws:sts::111122223333:assumed-role/r/s\","
        + "\"arn:aws:sts::111122223333:federated-user/f\",\"arn:aws:iam::111122223333:role/r\","
        + "\"arn:aws:iam::111122223333:user/a/b\"],\"Service\":\"arn:aws:iam::111122223333:user/svc\","
        + "\"Federated\":\"arn:aws:iam::111122223333:saml-provider/p\"},"
        + "\"Condition\":{\"ArnEquals\":{\"aws:PrincipalArn\":\"arn:aws:iam::111122223333:user/c\"}}},"
        + "{\"NotPrincipal\":{\"AWS\":\"arn:aws:iam::111122223333:user/n\"}}]}";
    assertThat(TrustPrincipals.named(doc, true)).containsExactly(
        new TrustPrincipals.Named("arn:aws:iam::111122223333:user/a/b", "111122223333", "user", "b"),
        new TrustPrincipals.Named("arn:aws:iam::111122223333:role/r", "111122223333", "role", "r"));
    // a statement written as an object, not an array
    assertThat(TrustPrincipals.named("{\"Statement\":{\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:role/x\"}}}",
        true)).extracting(TrustPrincipals.Named::name).containsExactly("x");
    assertThatThrownBy(() -> TrustPrincipals.named("{\"Statement\":{\"Principal\":{\"AWS\":\"AROAEXAMPLEEXAMPLE01\"}}}",
        true)).isInstanceOf(IamException.MalformedPolicyDocument.class)
        .hasMessage("Invalid principal in policy: \"AWS\":\"AROAEXAMPLEEXAMPLE01\"");
  }

  @Test
  void rewritingReplacesThePrincipalTokensOnlyAndKeepsEveryOtherCharacter() {
    // escaped characters in the token, the same ARN in a condition and twice as a principal
    String doc = "{ \"Statement\" : [ {\n\t\"Principal\" : { \"AWS\" : [ \"arn:aws:iam::111122223333:user\\/u2\" ,"
        + "\"arn:aws:iam::111122223333:root\"]},\r\n \"Condition\":{\"StringEquals\":{\"aws:PrincipalArn\":"
        + "\"arn:aws:iam::111122223333:user/u2\"}}}, {\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:user/u2\"}}]}";
    String shown = TrustPrincipals.rewrite(doc, Map.of("arn:aws:iam::111122223333:user/u2", "AIDAOLDOLDOLDOLDOLD1"));
    assertThat(shown).isEqualTo("{ \"Statement\" : [ {\n\t\"Principal\" : { \"AWS\" : [ \"AIDAOLDOLDOLDOLDOLD1\" ,"
        + "\"arn:aws:iam::111122223333:root\"]},\r\n \"Condition\":{\"StringEquals\":{\"aws:PrincipalArn\":"
        + "\"arn:aws:iam::111122223333:user/u2\"}}}, {\"Principal\":{\"AWS\":\"AIDAOLDOLDOLDOLDOLD1\"}}]}");
    // a replacement is written as a JSON string (a path may hold a quote or a backslash)
    assertThat(TrustPrincipals.rewrite("{\"Statement\":{\"Principal\":{\"AWS\":\"a\"}}}", Map.of("a", "p\"q\\r")))
        .isEqualTo("{\"Statement\":{\"Principal\":{\"AWS\":\"p\\\"q\\\\r\"}}}");
    assertThat(TrustPrincipals.rewrite(doc, Map.of())).isSameAs(doc);
  }

  /** Roles saved before V25: their principals are bound by migration 25.1 to what exists then. */
  @Test
  void migration25_1BindsThePrincipalsOfRolesSavedBefore() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("old.db");
    migrated(new StoreConfig(url, null, null));
  }

  @Test
  void migration25_1BindsThePrincipalsOfRolesSavedBeforeOnPostgres() throws Exception {
    try (PgTestDatabase db = PgTestDatabase.createOrSkip()) {
      migrated(db.config());
    }
  }

  private void migrated(StoreConfig config) throws Exception {
    Flyway.configure().dataSource(config.url(), config.user(), config.password()).locations("classpath:db/migration")
        .target("24").load().migrate();
    String a = "111122223333";
    String b = "444455556666";
    String there = "arn:aws:iam::" + b + ":user/there";
    String ghost = "arn:aws:iam::" + b + ":role/ghost";
    String doc = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"" + there + "\",\"" + ghost
        + "\",\"" + a + "\"]},\"Action\":\"sts:AssumeRole\"}]}";
    try (Connection c = DriverManager.getConnection(config.url(), config.user(), config.password())) {
      for (String acct : List.of(a, b)) {
        Jdbc.update(c, "INSERT INTO accounts(account_id, create_date) VALUES (?, 0)", acct);
      }
      Jdbc.update(c, "INSERT INTO users(user_id, account_id, name, name_key, path, create_date)"
          + " VALUES ('AIDATHERETHERETHERE1', ?, 'there', 'there', '/', 0)", b);
      Jdbc.update(c, "INSERT INTO roles(role_id, account_id, name, name_key, path, trust_policy, max_session_duration,"
          + " create_date) VALUES ('AROAOLDROLEOLDROLE01', ?, 'old', 'old', '/', ?, 3600, 0)", a, doc);
    }
    try (IamStore store = IamStore.open(config, Clock.systemUTC())) {
      String shown = store.roles().getRole(a, "old").trustPolicy();
      // the principal that existed is bound to it; the one that did not names no one from now on
      assertThat(shown).contains("\"" + there + "\"").doesNotContain(ghost).contains("\"" + a + "\"");
      String ghostId = shown.replaceAll("(?s).*\"(AROA[A-Z0-9]{16})\".*", "$1");
      assertThat(ghostId).matches("AROA[A-Z0-9]{16}");
      assertThat(shown).isEqualTo(doc.replace(ghost, ghostId));
      store.roles().createRole(b, "ghost", null, null, "{}", null);
      assertThat(store.roles().getRole(a, "old").trustPolicy()).isEqualTo(shown);
      store.users().deleteUser(b, "there");
      store.users().createUser(b, "there", null, null);
      assertThat(store.roles().getRole(a, "old").trustPolicy()).isEqualTo(shown.replace(there, "AIDATHERETHERETHERE1"));
    }
  }
}
