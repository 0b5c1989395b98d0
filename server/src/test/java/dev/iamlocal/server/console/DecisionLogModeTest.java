package dev.iamlocal.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iamlocal.server.decisionlog.DecisionLog;
import dev.iamlocal.server.ServerOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

/** {@code iamlocal serve --decision-log denied|off}: what the log keeps of real calls, and what the console says. */
class DecisionLogModeTest {

  @TempDir
  Path dir;

  @ParameterizedTest
  @EnumSource(value = DecisionLog.Mode.class, names = {"DENIED", "OFF"})
  void theLogKeepsOnlyWhatItsModeNamesAndTheConsoleSaysSo(DecisionLog.Mode mode) throws Exception {
    try (ConsoleServer s = new ConsoleServer(dir, new ServerOptions(List.of(), Duration.ofSeconds(3),
        ServerOptions.DEFAULT_DECISION_LOG_MAX, mode))) {
      s.store.users().createUser(s.account(), "dora", "/", Map.of());
      var dora = s.store.accessKeys().createAccessKey(s.account(), "dora");
      try (IamClient root = client(s, s.boot.rootKey().accessKeyId(), s.boot.rootKey().secret());
          IamClient asDora = client(s, dora.accessKeyId(), dora.secret())) {
        assertThat(root.listUsers().users()).hasSize(1); // allowed
        assertThatThrownBy(asDora::listRoles).hasMessageContaining("not authorized to perform: iam:ListRoles");
      }
      HttpClient c = ConsoleServer.client();
      s.signInRoot(c);
      String page = s.get(c, "/console/decisions").body();
      String api = s.get(c, "/console/api/decisions?after=").body();
      assertThat(page).contains("id=\"decisionLogMode\"").contains("--decision-log " + mode.label());
      assertThat(api).doesNotContain("iam:ListUsers");
      if (mode == DecisionLog.Mode.DENIED) {
        assertThat(api).contains("iam:ListRoles").contains("implicitDeny");
        assertThat(page).contains("iam:ListRoles</td>").contains("decision-row implicitDeny")
            .doesNotContain("decision-row allowed");
      } else {
        assertThat(api).doesNotContain("iam:ListRoles").contains("\"decisions\":[]");
        assertThat(page).contains("id=\"decisionsEmpty\"");
      }
    }
  }

  private static IamClient client(ConsoleServer s, String keyId, String secret) {
    return IamClient.builder().endpointOverride(URI.create(s.server.endpoint())).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret)))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1))).build();
  }
}
