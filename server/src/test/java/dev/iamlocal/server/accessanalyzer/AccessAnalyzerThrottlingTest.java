package dev.iamlocal.server.accessanalyzer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.iamlocal.server.auth.Caller;
import dev.iamlocal.server.authz.AuthorizationPipeline;
import dev.iamlocal.server.authz.NetworkProfile;
import dev.iamlocal.server.authz.Subjects;
import dev.iamlocal.server.protocol.RestJsonCodec;
import dev.iamlocal.store.IamStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The policy checks run a bounded number at once (one per core): a request that finds every slot
 * busy is throttled as AWS throttles this API, 429 ThrottlingException, instead of piling more
 * 2-second, 96 MiB checks onto the server.
 */
class AccessAnalyzerThrottlingTest {

  @TempDir Path dir;

  private static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
      + "\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}";

  @Test
  void aCheckWithNoFreeSlotIsThrottled() {
    try (IamStore store = IamStore.openSqlite(dir.resolve("iam.db"))) {
      String acct = store.accounts().createAccount().accountId();
      Caller root = new Caller(acct, "arn:aws:iam::" + acct + ":root", null, acct, "AKIAROOT", "us-east-1",
          store.changeVersion());
      AuthorizationPipeline pipeline = new AuthorizationPipeline(new Subjects(store), null, Clock.systemUTC());
      String body = "{\"policyDocument\":" + quote(POLICY) + ",\"policyType\":\"IDENTITY_POLICY\"}";

      AccessAnalyzerApi open = new AccessAnalyzerApi(pipeline, 1);
      RestJsonCodec.Route validate = open.codec().route("POST", "/policy/validation").orElseThrow();
      assertThat(open.handle(validate, List.of(), Map.of(), body.getBytes(StandardCharsets.UTF_8), root,
          NetworkProfile.direct("192.0.2.1"))).contains("\"findings\"");

      AccessAnalyzerApi busy = new AccessAnalyzerApi(pipeline, 0);
      RestJsonCodec.Error e = catchThrowableOfType(() -> busy.handle(validate, List.of(), Map.of(),
          body.getBytes(StandardCharsets.UTF_8), root, NetworkProfile.direct("192.0.2.1")), RestJsonCodec.Error.class);
      assertThat(e.status).isEqualTo(429);
      assertThat(e.code).isEqualTo("ThrottlingException");
      assertThat(e.members.path("message").asText()).isEqualTo("Rate exceeded");
    }
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
