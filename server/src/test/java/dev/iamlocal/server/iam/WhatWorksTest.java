package dev.iamlocal.server.iam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.server.accessanalyzer.AccessAnalyzerApi;
import dev.iamlocal.server.authz.AuthorizationPipeline;
import dev.iamlocal.server.authz.Subjects;
import dev.iamlocal.server.protocol.ApiModel;
import dev.iamlocal.server.sagemaker.SageMakerApi;
import dev.iamlocal.store.IamStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/what-works.md is generated from the routers themselves (the operations each service's
 * registry answers, against every operation of AWS's API model), and this test fails when the
 * checked-in page differs from what the routers answer now.
 *
 * <p>To regenerate it after adding an operation:
 * <pre>
 * mvn -B -q -pl server -am test -Dtest=WhatWorksTest -Dsurefire.failIfNoSpecifiedTests=false -Diamlocal.what-works.write=true
 * </pre>
 */
class WhatWorksTest {

  static final String PAGE = "docs/what-works.md";

  @TempDir
  Path dir;

  @Test
  void theCheckedInTableIsWhatTheRoutersAnswer() throws IOException {
    String generated;
    try (IamStore store = IamStore.openSqlite(dir.resolve("iam.db"))) {
      IamApi api = new IamApi(store, Clock.systemUTC());
      AccessAnalyzerApi analyzer = new AccessAnalyzerApi(new AuthorizationPipeline(new Subjects(store), null,
          Clock.systemUTC()));
      generated = markdown(List.of(
          new Service("IAM", "AWS Query / XML", ApiModel.iam().operationNames(), api.operations("iam")),
          new Service("STS", "AWS Query / XML", ApiModel.sts().operationNames(), api.operations("sts")),
          new Service("SageMaker", "AWS JSON 1.1", ApiModel.sageMaker().operationNames(),
              SageMakerApi.answeredOperations()),
          new Service("IAM Access Analyzer", "REST-JSON", ApiModel.accessAnalyzer().operationNames(),
              analyzer.operations())));
    }
    Path page = repositoryRoot().resolve(PAGE);
    if (Boolean.getBoolean("iamlocal.what-works.write")) {
      Files.writeString(page, generated, StandardCharsets.UTF_8);
    }
    assertThat(page).as(PAGE).isRegularFile();
    assertThat(Files.readString(page, StandardCharsets.UTF_8))
        .as(PAGE + " is out of date with the routers; regenerate it with\n  mvn -B -q -pl server -am test"
            + " -Dtest=WhatWorksTest -Dsurefire.failIfNoSpecifiedTests=false -Diamlocal.what-works.write=true")
        .isEqualTo(generated);
    // the README's copy of the counts (its own wording in the answered column after the number)
    String readme = Files.readString(repositoryRoot().resolve("README.md"), StandardCharsets.UTF_8);
    for (String row : generated.split("\n")) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\| ([^|]+) \\| ([^|]+) \\| (\\d+) \\| (\\d+) \\|$")
          .matcher(row);
      if (m.matches()) {
        assertThat(readme).as("README.md's \"What works\" row of " + m.group(1))
            .containsPattern("(?m)^\\| " + java.util.regex.Pattern.quote(m.group(1)) + " \\| "
                + java.util.regex.Pattern.quote(m.group(2)) + " \\| " + m.group(3) + "( [^|]*)? \\| " + m.group(4) + " \\|$");
      }
    }
  }

  record Service(String name, String protocol, List<String> model, Set<String> answered) {}

  private static String markdown(List<Service> services) {
    StringBuilder b = new StringBuilder();
    b.append("<!-- Generated from the routers by WhatWorksTest: do not edit; regenerate as its comment says. -->\n\n");
    b.append("# What works\n\n");
    b.append("The operations iamlocal answers, per service, against every operation of AWS's API model for it\n")
        .append("(the botocore models bundled in the server). An operation not answered gets `501 NotImplemented`\n")
        .append("naming iamlocal; a name outside the model gets AWS's own unknown-operation error. Why an operation\n")
        .append("is not answered: [account.md](account.md), [federation.md](federation.md),\n")
        .append("[mfa-and-sts.md](mfa-and-sts.md), [delegation.md](delegation.md), [sagemaker.md](sagemaker.md),\n")
        .append("[policy-checks.md](policy-checks.md).\n\n");
    b.append("| service | protocol | answered | of the model |\n|---|---|---|---|\n");
    for (Service s : services) {
      long answered = s.model().stream().filter(s.answered()::contains).count();
      b.append("| ").append(s.name()).append(" | ").append(s.protocol()).append(" | ").append(answered)
          .append(" | ").append(s.model().size()).append(" |\n");
    }
    for (Service s : services) {
      TreeSet<String> missing = new TreeSet<>(s.model());
      missing.removeAll(s.answered());
      b.append("\n## ").append(s.name()).append(": not answered (").append(missing.size()).append(")\n\n");
      b.append(missing.isEmpty() ? "None.\n" : String.join(", ", missing) + "\n");
    }
    return b.toString();
  }

  private static Path repositoryRoot() {
    String prop = System.getProperty("iamlocal.repo.root");
    return prop != null ? Path.of(prop) : Path.of("").toAbsolutePath().getParent();
  }
}
