package dev.iamlocal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V26 makes the tag keys of customer managed policies case-sensitive in a database written before:
 * a policy's tag stored under its lowercased key is found (and removed) by its exact key
 * afterwards, while a user's stays case-insensitive.
 */
class PolicyTagKeyMigrationTest {

  @TempDir Path dir;

  @Test
  void policyTagsWrittenBeforeV26AreKeyedExactly() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("old.db");
    Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").target("25").load().migrate();
    try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO tags(entity_type, entity_id, tag_key, key_lc, tag_value)"
          + " VALUES ('policy', 'ANPAOLD', 'CostCenter', 'costcenter', '1')");
      st.executeUpdate("INSERT INTO tags(entity_type, entity_id, tag_key, key_lc, tag_value)"
          + " VALUES ('user', 'AIDAOLD', 'CostCenter', 'costcenter', '2')");
    }
    try (IamStore store = IamStore.openSqlite(dir.resolve("old.db"))) {
      assertThat(store.writable()).isTrue();
    }
    try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
        var rs = st.executeQuery("SELECT entity_type, key_lc FROM tags ORDER BY entity_type")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("policy");
      assertThat(rs.getString(2)).isEqualTo(Tags.tagKey("policy", "CostCenter")).isEqualTo("CostCenter");
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(2)).isEqualTo(Tags.tagKey("user", "CostCenter")).isEqualTo("costcenter");
    }
  }
}
