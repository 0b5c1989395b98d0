package dev.iamlocal.server;

import dev.iamlocal.server.sagemaker.SageMakerSdkTest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.iamlocal.store.IamStore;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;

/**
 * The unmodified AWS CLI (botocore's SageMaker model, its own SigV4) against the server: one call
 * seed policy 14 allows, one it denies. Skipped when {@code aws} is not on the PATH.
 */
class AwsCliSmokeTest {

  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  static Path aws() {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(d, "aws");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  @Test
  void oneAllowedAndOneDeniedTrainingJob() throws Exception {
    Path aws = aws();
    assumeTrue(aws != null, "the AWS CLI (aws) is not on the PATH");
    Bootstrap.prepareDirectory(dir);
    try (IamStore store = IamStore.openSqlite(dir.resolve("iamlocal.db"));
        IamServer server = IamServer.start(store, "127.0.0.1", 0, Clock.systemUTC())) {
      Bootstrap boot = Bootstrap.ensure(store, dir);
      IamClient iam = IamClient.builder().endpointOverride(URI.create(server.endpoint())).region(Region.US_EAST_1)
          .credentialsProvider(SageMakerSdkTest.creds(boot.rootKey().accessKeyId(), boot.rootKey().secret()))
          .httpClient(UrlConnectionHttpClient.create()).build();
      iam.createUser(r -> r.userName("cli-user"));
      String seed14 = SageMakerSdkTest.seed("14");
      iam.putUserPolicy(r -> r.userName("cli-user").policyName("seed-14").policyDocument(seed14));
      iam.putUserPolicy(r -> r.userName("cli-user").policyName("pass-role").policyDocument(SageMakerSdkTest.PASS_ROLE));
      AccessKey key = iam.createAccessKey(r -> r.userName("cli-user")).accessKey();
      String account = boot.account().accountId();
      SageMakerSdkTest.executionRole(store, "arn:aws:iam::" + account + ":role/SageMakerExecution");

      Run ok = run(aws, server, key, "ml.c5.xlarge", "cli-ok", account);
      assertThat(ok.code()).as(ok.err()).isZero();
      assertThat(ok.out()).contains("\"TrainingJobArn\": \"arn:aws:sagemaker:us-east-1:" + account
          + ":training-job/cli-ok\"");

      Run no = run(aws, server, key, "ml.p3.2xlarge", "cli-gpu", account);
      assertThat(no.code()).isNotZero();
      assertThat(no.err()).contains("An error occurred (AccessDeniedException) when calling the CreateTrainingJob"
          + " operation: User: arn:aws:iam::" + account + ":user/cli-user is not authorized to perform:"
          + " sagemaker:CreateTrainingJob on resource: arn:aws:sagemaker:us-east-1:" + account
          + ":training-job/cli-gpu because no identity-based policy allows the sagemaker:CreateTrainingJob action");
    }
  }

  private Run run(Path aws, IamServer server, AccessKey key, String instanceType, String name, String account)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(aws.toString(), "sagemaker", "create-training-job",
        "--endpoint-url", server.endpoint(), "--region", "us-east-1",
        "--training-job-name", name,
        "--role-arn", "arn:aws:iam::" + account + ":role/SageMakerExecution",
        "--algorithm-specification", "TrainingImage=123.dkr.ecr.us-east-1.amazonaws.com/xgb:1,TrainingInputMode=File",
        "--output-data-config", "S3OutputPath=s3://bucket/out",
        "--resource-config", "InstanceType=" + instanceType + ",InstanceCount=1,VolumeSizeInGB=10",
        "--stopping-condition", "MaxRuntimeInSeconds=3600"));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Map<String, String> env = pb.environment();
    // only the user's key: no profile, config file or instance metadata of the machine running the test
    env.put("AWS_ACCESS_KEY_ID", key.accessKeyId());
    env.put("AWS_SECRET_ACCESS_KEY", key.secretAccessKey());
    env.remove("AWS_SESSION_TOKEN");
    env.remove("AWS_PROFILE");
    env.put("AWS_CONFIG_FILE", dir.resolve("no-config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.put("AWS_MAX_ATTEMPTS", "1");
    env.put("AWS_PAGER", "");
    Path out = dir.resolve(name + ".out");
    Path err = dir.resolve(name + ".err");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("aws did not finish within 60 s");
    }
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err,
        StandardCharsets.UTF_8));
  }
}
