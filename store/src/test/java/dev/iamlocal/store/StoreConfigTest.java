package dev.iamlocal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreConfigTest {

  private static final Path DATA = Path.of("/var/lib/iamlocal");

  @Test
  void defaultsToSqliteInTheDataDirectory() {
    StoreConfig c = StoreConfig.resolve(null, null, null, DATA, Map.of());
    assertThat(c.url()).isEqualTo("jdbc:sqlite:/var/lib/iamlocal/iamlocal.db");
    assertThat(c.sqlite()).isTrue();
    assertThat(c.user()).isNull();
  }

  @Test
  void environmentSuppliesWhatOptionsLeaveOut() {
    Map<String, String> env = Map.of("IAMLOCAL_DB_URL", "jdbc:postgresql://db/iam", "IAMLOCAL_DB_USER", "envuser",
        "IAMLOCAL_DB_PASSWORD", "envpw");
    StoreConfig fromEnv = StoreConfig.resolve(null, null, null, DATA, env);
    assertThat(fromEnv).isEqualTo(new StoreConfig("jdbc:postgresql://db/iam", "envuser", "envpw"));
    assertThat(fromEnv.postgres()).isTrue();
    StoreConfig options = StoreConfig.resolve("jdbc:postgresql://other/x", "optuser", null, DATA, env);
    assertThat(options).isEqualTo(new StoreConfig("jdbc:postgresql://other/x", "optuser", "envpw"));
    assertThat(StoreConfig.resolve(" ", null, null, DATA, Map.of("IAMLOCAL_DB_URL", "")).sqlite()).isTrue();
  }

  @Test
  void passwordsNeverAppearInText() {
    StoreConfig c = new StoreConfig("jdbc:postgresql://db/iam?password=s3cret&ssl=true", "u", "hunter2");
    assertThat(c.toString()).doesNotContain("hunter2").doesNotContain("s3cret").contains("jdbc:postgresql://db/iam");
    assertThat(c.describe()).isEqualTo("jdbc:postgresql://db/iam");
  }

  @Test
  void unsupportedUrlsFailAtOnceWithTheExpectedForms() {
    assertThatThrownBy(() -> StoreConfig.resolve("jdbc:mysql://db/iam", null, null, DATA, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unsupported database URL jdbc:mysql://db/iam: expected jdbc:sqlite:FILE or"
            + " jdbc:postgresql://HOST[:PORT]/DATABASE");
  }
}
