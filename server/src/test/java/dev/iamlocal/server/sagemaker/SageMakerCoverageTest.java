package dev.iamlocal.server.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.server.FuzzStore;
import dev.iamlocal.server.auth.Caller;
import dev.iamlocal.server.authz.NetworkProfile;
import dev.iamlocal.server.authz.Subjects;
import dev.iamlocal.server.protocol.ApiModel;
import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.store.IamStore;
import dev.iamlocal.store.SageMakerStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * How much of SageMaker's API model is answered: at least 300 of its 396 operations, each of them
 * reaching its handler (an empty request is a validation error, a List answers 200; never
 * UnknownOperation, NotImplemented or a 500), and the operations not answered are exactly those
 * docs/sagemaker.md lists with their reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SageMakerCoverageTest {

  private IamStore store;
  private SageMakerApi api;
  private Caller root;

  @BeforeAll
  void open() {
    FuzzStore.Seeded seeded = FuzzStore.withAllowAllUser();
    store = seeded.store();
    String acct = seeded.account();
    api = new SageMakerApi(store, new Subjects(store), new SageMakerStore(store), null, Clock.systemUTC(),
        Duration.ZERO);
    root = new Caller(acct, "arn:aws:iam::" + acct + ":root", null, acct, "AKIAROOT", "us-east-1",
        store.changeVersion());
  }

  @AfterAll
  void close() {
    store.close();
  }

  @Test
  void atLeast300OperationsAnswerAndEachReachesItsHandler() {
    Set<String> answered = SageMakerApi.answeredOperations();
    System.out.println("SAGEMAKER-ANSWERED " + answered.size());
    Set<String> notAnswered = new TreeSet<>(ApiModel.sageMaker().operationNames());
    notAnswered.removeAll(answered);
    System.out.println("SAGEMAKER-MISSING " + notAnswered);
    assertThat(answered.size()).isGreaterThanOrEqualTo(300);
    List<String> broken = new ArrayList<>();
    for (String op : answered) {
      assertThat(ApiModel.sageMaker().hasOperation(op)).as(op).isTrue();
      try {
        api.handle(op, "{}".getBytes(StandardCharsets.UTF_8), root, NetworkProfile.direct("192.0.2.1"));
      } catch (AwsError e) {
        if (e.status >= 500 || e.code.equals("UnknownOperationException") || e.code.contains("NotImplemented")) {
          broken.add(op + ": " + e.code + " " + e.getMessage());
        }
      } catch (RuntimeException e) {
        broken.add(op + ": " + e);
      }
    }
    assertThat(broken).isEmpty();
  }

  @Test
  void theOperationsNotAnsweredAreListedInTheDocsWithTheirReason() throws Exception {
    Set<String> missing = new TreeSet<>(ApiModel.sageMaker().operationNames());
    missing.removeAll(SageMakerApi.answeredOperations());
    String docs = java.nio.file.Files.readString(docsFile());
    List<String> undocumented = new ArrayList<>();
    for (String op : missing) {
      if (!docs.contains("`" + op + "`")) {
        undocumented.add(op);
      }
    }
    assertThat(undocumented).as("operations not answered and not listed in docs/sagemaker.md").isEmpty();
  }

  private static java.nio.file.Path docsFile() {
    java.nio.file.Path p = java.nio.file.Path.of("").toAbsolutePath();
    while (p != null && !java.nio.file.Files.exists(p.resolve("docs/sagemaker.md"))) {
      p = p.getParent();
    }
    assertThat(p).as("docs/sagemaker.md above the working directory").isNotNull();
    return p.resolve("docs/sagemaker.md");
  }
}
