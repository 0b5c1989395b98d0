package dev.iamlocal.server.accessanalyzer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iamlocal.server.Bootstrap;
import dev.iamlocal.server.IamServer;
import dev.iamlocal.store.IamStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.accessanalyzer.AccessAnalyzerClient;
import software.amazon.awssdk.services.accessanalyzer.model.AccessCheckPolicyType;
import software.amazon.awssdk.services.accessanalyzer.model.AccessCheckResourceType;
import software.amazon.awssdk.services.accessanalyzer.model.CheckAccessNotGrantedResponse;
import software.amazon.awssdk.services.accessanalyzer.model.CheckNoNewAccessResponse;
import software.amazon.awssdk.services.accessanalyzer.model.CheckNoPublicAccessResponse;
import software.amazon.awssdk.services.accessanalyzer.model.InvalidParameterException;

/**
 * The policy checks over the SDK with hostile policies: the probe that once kept
 * {@code CheckAccessNotGranted} busy for minutes in gigabytes of heap, a policy that exhausts the
 * prover's budget, and a document larger than any AWS stores. Each is answered promptly with AWS's
 * shapes: a FAIL (the prover's budget ends what it cannot decide; never PASS, never a 500) or a 400.
 * The timeouts only turn a hang into a failure.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessAnalyzerHostilePolicySdkTest {

  @TempDir static Path dataDir;
  IamStore store;
  IamServer server;
  AccessAnalyzerClient root;

  @BeforeAll
  void start() throws IOException {
    Bootstrap.prepareDirectory(dataDir);
    store = IamStore.openSqlite(dataDir.resolve("iamlocal.db"));
    Bootstrap boot = Bootstrap.ensure(store, dataDir);
    server = IamServer.start(store, "127.0.0.1", 0, Clock.systemUTC());
    root = AccessAnalyzerClient.builder().endpointOverride(URI.create(server.endpoint())).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(boot.rootKey().accessKeyId(),
            boot.rootKey().secret())))
        .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofMinutes(2)).build())
        .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1))).build();
  }

  @AfterAll
  void stop() {
    server.close();
    store.close();
  }

  static String doc(List<String> statements) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
  }

  /** The security report's probe: n Allows (NotAction, wildcard resource, tag glob), n Denies on other tags. */
  static String probe(int n, boolean resourcePolicy) {
    String principal = resourcePolicy ? "\"Principal\":\"*\"," : "";
    List<String> st = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      st.add("{\"Effect\":\"Allow\"," + principal + "\"NotAction\":\"iam:" + (char) ('A' + i % 26)
          + "*\",\"Resource\":\"arn:aws:s3:::b" + i + "*/*x*\",\"Condition\":{\"StringLike\":{\"aws:PrincipalTag/t" + i
          + "\":\"*a*b*c*" + i + "\"}}}");
    }
    for (int i = 0; i < n; i++) {
      st.add("{\"Effect\":\"Deny\"," + principal + "\"Action\":\"*\",\"Resource\":\"arn:aws:s3:::b" + i
          + "*\",\"Condition\":{\"StringNotLike\":{\"aws:PrincipalTag/t" + i + "\":\"*z*" + i + "\"}}}");
    }
    return doc(st);
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void theProbeIsAnsweredFail() {
    CheckAccessNotGrantedResponse r = root.checkAccessNotGranted(b -> b.policyDocument(probe(100, false))
        .access(a -> a.actions("s3:GetObject")).policyType(AccessCheckPolicyType.IDENTITY_POLICY));
    assertThat(r.resultAsString()).isEqualTo("FAIL");
    assertThat(r.message()).isEqualTo("The policy document grants access to perform one or more of the listed actions.");
    assertThat(r.reasons()).hasSize(100);
    assertThat(r.reasons().get(0).description())
        .isEqualTo("One or more of the listed actions in the statement with index: 0.");
    CheckNoNewAccessResponse n = root.checkNoNewAccess(b -> b.newPolicyDocument(probe(300, false))
        .existingPolicyDocument(doc(List.of("{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}")))
        .policyType(AccessCheckPolicyType.IDENTITY_POLICY));
    assertThat(n.resultAsString()).isEqualTo("FAIL");
    CheckNoPublicAccessResponse p = root.checkNoPublicAccess(b -> b.policyDocument(probe(300, true))
        .resourceType(AccessCheckResourceType.AWS_S3_BUCKET));
    assertThat(p.resultAsString()).isEqualTo("FAIL");
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void whatTheBudgetCannotDecideIsFailNeverPass() {
    // twenty ForAnyValue globs against twenty ForAllValues globs on one key: exponential for the string
    // solver, so the statement ends undecided at the budget, which AWS's shape can only say as FAIL
    StringBuilder k = new StringBuilder();
    StringBuilder j = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      k.append(i == 0 ? "" : ",").append("\"*k").append(i).append("*\"");
      j.append(i == 0 ? "" : ",").append("\"*j").append(i).append("*\"");
    }
    String a = doc(List.of("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"ForAnyValue:StringLike\":"
        + "{\"aws:TagKeys\":[" + k + "]},\"ForAllValues:StringLike\":{\"aws:TagKeys\":[" + j + "]}}}"));
    String b = doc(List.of("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"ForAnyValue:StringLike\":"
        + "{\"aws:TagKeys\":[" + j + "]},\"ForAllValues:StringLike\":{\"aws:TagKeys\":[" + k + "]}}}"));
    CheckNoNewAccessResponse r = root.checkNoNewAccess(x -> x.newPolicyDocument(a).existingPolicyDocument(b)
        .policyType(AccessCheckPolicyType.IDENTITY_POLICY));
    assertThat(r.resultAsString()).isEqualTo("FAIL");
    assertThat(r.reasons()).extracting(x -> x.statementIndex()).containsExactly(0);
  }

  @Test
  void aDocumentLargerThanAnyAwsStoresIsAnInvalidParameter() {
    List<String> st = new ArrayList<>();
    for (int i = 0; i < 1_600; i++) {
      st.add("{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::bucket-" + i + "/*\"}");
    }
    String big = doc(st);
    assertThat(big.length()).isGreaterThan(131_072).isLessThan(1_000_000);
    assertThatThrownBy(() -> root.checkAccessNotGranted(b -> b.policyDocument(big)
        .access(a -> a.actions("s3:GetObject")).policyType(AccessCheckPolicyType.IDENTITY_POLICY)))
        .isInstanceOfSatisfying(InvalidParameterException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Invalid policy document.");
          assertThat(e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-iamlocal-detail")).get().asString()
              .contains("131072");
        });
  }
}
