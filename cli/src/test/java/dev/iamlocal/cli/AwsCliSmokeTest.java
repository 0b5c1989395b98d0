package dev.iamlocal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamlocal.evaluation.Evaluator;
import dev.iamlocal.evaluation.Policy;
import dev.iamlocal.evaluation.PolicySet;
import dev.iamlocal.request.AuthorizationRequest;
import dev.iamlocal.request.GlobalKeys;
import dev.iamlocal.request.Principal;
import dev.iamlocal.request.RequestContext;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unmodified AWS CLI against {@code iamlocal serve}, exactly as the command prints it
 * ({@code AWS_SHARED_CREDENTIALS_FILE=<data-dir>/credentials aws --profile iamlocal --endpoint-url …}):
 * create a user, give it two seed policies (inline and customer managed), simulate, and compare
 * every EvalDecision with what the engine decides for the same policies and request. Skipped when
 * {@code aws} is not on the PATH ({@code .ci/run} installs Debian's awscli).
 */
class AwsCliSmokeTest {

  private static final String VIEW_OWN = "04-view-own-user-info.json";
  private static final String TRAINING = "14-enforce-training-instance-type.json";

  @TempDir Path tmp;

  @Test
  void createUserAttachSeedPoliciesAndSimulateAsTheEngineDecides() throws Exception {
    Path aws = onPath("aws").orElse(null);
    assumeTrue(aws != null, "aws (AWS CLI) is not on the PATH: smoke test skipped");
    Path dataDir = tmp.resolve("data");
    for (String seed : List.of(VIEW_OWN, TRAINING)) {
      try (InputStream in = getClass().getResourceAsStream("/seed-policies/" + seed)) {
        Files.copy(in, tmp.resolve(seed));
      }
    }
    try (ServeProcess serve = ServeProcess.start(dataDir, Map.of())) {
      Cli cli = new Cli(aws, dataDir.resolve("credentials"), serve.endpoint(), tmp);
      JsonNode user = cli.run("iam", "create-user", "--user-name", "bob");
      String bob = user.at("/User/Arn").asText();
      assertThat(bob).matches("arn:aws:iam::[0-9]{12}:user/bob");
      String account = Principal.parse(bob).accountId();
      cli.run("iam", "put-user-policy", "--user-name", "bob", "--policy-name", "view-own",
          "--policy-document", "file://" + tmp.resolve(VIEW_OWN));
      String training = cli.run("iam", "create-policy", "--policy-name", "training",
          "--policy-document", "file://" + tmp.resolve(TRAINING)).at("/Policy/Arn").asText();
      assertThat(training).isEqualTo("arn:aws:iam::" + account + ":policy/training");
      cli.run("iam", "attach-user-policy", "--user-name", "bob", "--policy-arn", training);

      PolicySet engine = PolicySet.builder().identity(List.of(
          Policy.parse("view-own", Files.readString(tmp.resolve(VIEW_OWN))),
          Policy.parse("training", Files.readString(tmp.resolve(TRAINING))))).build();
      String userId = user.at("/User/UserId").asText();

      JsonNode simulation = cli.run("iam", "simulate-principal-policy",
          "--policy-source-arn", bob, "--action-names", "iam:GetUser", "iam:CreateUser", "iam:DeleteUser",
          "--resource-arns", bob, "arn:aws:iam::" + account + ":user/alice");
      // one result per action, the most restrictive at the top (API_EvaluationResult)
      assertThat(simulation.get("EvaluationResults")).hasSize(3);
      assertThat(simulation.at("/EvaluationResults/0/EvalDecision").asText()).isEqualTo("implicitDeny");
      Map<String, String> decisions = decisions(simulation);
      Map<String, String> expected = new LinkedHashMap<>();
      for (String action : List.of("iam:GetUser", "iam:CreateUser", "iam:DeleteUser")) {
        for (String resource : List.of(bob, "arn:aws:iam::" + account + ":user/alice")) {
          expected.put(action + " " + resource, engine(engine, bob, userId, action, resource, RequestContext.empty()));
        }
      }
      assertThat(decisions).isEqualTo(expected);
      assertThat(decisions).as("the seed's ${aws:username}: own user only")
          .containsEntry("iam:GetUser " + bob, "allowed")
          .containsEntry("iam:GetUser arn:aws:iam::" + account + ":user/alice", "implicitDeny");

      for (String instanceType : List.of("ml.c5.xlarge", "ml.p3.2xlarge")) {
        Map<String, String> training14 = decisions(cli.run("iam", "simulate-principal-policy",
            "--policy-source-arn", bob, "--action-names", "sagemaker:CreateTrainingJob",
            "--context-entries", "ContextKeyName=sagemaker:InstanceTypes,ContextKeyValues=" + instanceType
                + ",ContextKeyType=stringList"));
        String want = engine(engine, bob, userId, "sagemaker:CreateTrainingJob", "*",
            RequestContext.builder().putList("sagemaker:InstanceTypes", List.of(instanceType)).build());
        assertThat(training14).containsExactly(Map.entry("sagemaker:CreateTrainingJob *", want));
        assertThat(want).isEqualTo(instanceType.startsWith("ml.c5.") ? "allowed" : "implicitDeny");
      }
    }
  }

  /**
   * {@code iamlocal simulate-custom-policy} prints what {@code aws iam simulate-custom-policy} prints against the
   * server, byte for byte, with the AWS CLI's paging: every result (no IsTruncated), {@code --max-items} with
   * botocore's NextToken, and {@code --starting-token} with the token either tool printed.
   */
  @Test
  void simulateCustomPolicyPrintsWhatTheAwsCliPrintsPagesIncluded() throws Exception {
    Path aws = onPath("aws").orElse(null);
    assumeTrue(aws != null, "aws (AWS CLI) is not on the PATH: smoke test skipped");
    Path dataDir = tmp.resolve("data");
    String policy;
    try (InputStream in = getClass().getResourceAsStream("/seed-policies/" + TRAINING)) {
      policy = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<String> ask = List.of("simulate-custom-policy", "--policy-input-list", policy, "--action-names",
        "sagemaker:CreateTrainingJob", "sagemaker:ListModels", "sagemaker:CreateModel", "--context-entries",
        "ContextKeyName=sagemaker:InstanceTypes,ContextKeyValues=ml.c5.xlarge,ContextKeyType=stringList");
    try (ServeProcess serve = ServeProcess.start(dataDir, Map.of())) {
      Cli cli = new Cli(aws, dataDir.resolve("credentials"), serve.endpoint(), tmp);
      List<List<String>> asks = new ArrayList<>();
      asks.add(List.of());
      asks.add(List.of("--max-items", "1"));
      asks.add(List.of("--max-items", "2"));
      for (List<String> paging : asks) {
        List<String> both = new ArrayList<>(ask);
        both.addAll(paging);
        String theirs = cli.text(both, "iam");
        dev.iamlocal.cli.Cli.Result ours = dev.iamlocal.cli.Cli.run(both.toArray(String[]::new));
        assertThat(ours.code()).as(ours.err()).isZero();
        assertThat(ours.out()).as("%s", paging).isEqualTo(theirs);
        JsonNode printed = new ObjectMapper().readTree(theirs);
        if (printed.has("NextToken")) {
          // each tool resumes from the other's token, and both print the same rest
          List<String> resume = new ArrayList<>(both);
          resume.addAll(List.of("--starting-token", printed.get("NextToken").asText()));
          String theirRest = cli.text(resume, "iam");
          dev.iamlocal.cli.Cli.Result ourRest = dev.iamlocal.cli.Cli.run(resume.toArray(String[]::new));
          assertThat(ourRest.out()).as("%s resumed", paging).isEqualTo(theirRest);
        }
      }
      assertThat(new ObjectMapper().readTree(cli.text(ask, "iam")).fieldNames()).toIterable()
          .containsExactly("EvaluationResults");
    }
  }

  private static String engine(PolicySet set, String arn, String userId, String action, String resource,
      RequestContext given) {
    Principal p = Principal.parse(arn);
    RequestContext ctx = GlobalKeys.fill(given, p, userId, Map.of(), null, Clock.systemUTC());
    return Evaluator.authorize(set, AuthorizationRequest.builder().principal(p).action(action).resource(resource)
        .resourceAccount(p.accountId()).context(ctx).build()).outcome().json();
  }

  /**
   * Each action's decision on each resource: from ResourceSpecificResults when resources were named
   * (one EvaluationResult per action, API_EvaluationResult), else the result's own for {@code *}.
   */
  private static Map<String, String> decisions(JsonNode simulation) {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode r : simulation.get("EvaluationResults")) {
      if (r.has("ResourceSpecificResults")) {
        for (JsonNode rs : r.get("ResourceSpecificResults")) {
          out.put(r.get("EvalActionName").asText() + " " + rs.get("EvalResourceName").asText(),
              rs.get("EvalResourceDecision").asText());
        }
        continue;
      }
      out.put(r.get("EvalActionName").asText() + " " + r.get("EvalResourceName").asText(),
          r.get("EvalDecision").asText());
    }
    return out;
  }

  private static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Runs the CLI as the printed command does, isolated from the user's own AWS configuration. */
  private record Cli(Path aws, Path credentials, String endpoint, Path workDir) {
    JsonNode run(String... args) throws IOException, InterruptedException {
      String stdout = text(List.of(args), null);
      return stdout.isBlank() ? new ObjectMapper().createObjectNode() : new ObjectMapper().readTree(stdout);
    }

    /** What {@code aws [SERVICE] ARGS} prints (the service first when given). */
    String text(List<String> args, String service) throws IOException, InterruptedException {
      List<String> cmd = new ArrayList<>(List.of(aws.toString(), "--profile", "iamlocal", "--endpoint-url", endpoint,
          "--output", "json"));
      if (service != null) {
        cmd.add(service);
      }
      cmd.addAll(args);
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
      Map<String, String> env = pb.environment();
      env.keySet().removeIf(k -> k.startsWith("AWS_"));
      env.put("AWS_SHARED_CREDENTIALS_FILE", credentials.toString());
      env.put("AWS_CONFIG_FILE", workDir.resolve("no-config").toString());
      env.put("AWS_EC2_METADATA_DISABLED", "true");
      env.put("AWS_PAGER", "");
      Path err = workDir.resolve("aws-stderr.txt");
      pb.redirectError(err.toFile());
      Process p = pb.start();
      byte[] out = p.getInputStream().readAllBytes();
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      String stdout = new String(out, StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as("aws %s failed:%n%s%n%s", args, stdout, Files.readString(err)).isZero();
      return stdout;
    }
  }
}
