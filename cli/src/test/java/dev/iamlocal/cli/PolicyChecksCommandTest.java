package dev.iamlocal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three Access Analyzer checks as verbs: AWS CLI flags, AWS's JSON, exit 0/1/2. */
class PolicyChecksCommandTest {

  static final String EXISTING = """
      {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"],
        "Resource": ["arn:aws:s3:::amzn-s3-demo-bucket", "arn:aws:s3:::amzn-s3-demo-bucket/*"]}]}""";
  static final String NEW = """
      {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:GetObjectAcl", "s3:ListBucket"],
        "Resource": ["arn:aws:s3:::amzn-s3-demo-bucket", "arn:aws:s3:::amzn-s3-demo-bucket/*"]}]}""";

  @Test
  void checkNoNewAccessAsTheAwsCliExample(@TempDir Path dir) {
    Path e = Cli.write(dir, "existing.json", EXISTING);
    Path n = Cli.write(dir, "new.json", NEW);
    Cli.Result r = Cli.run("check-no-new-access", "--existing-policy-document", "file://" + e,
        "--new-policy-document", "file://" + n, "--policy-type", "IDENTITY_POLICY");
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    JsonNode j = r.json();
    assertThat(j.get("result").asText()).isEqualTo("FAIL");
    assertThat(j.get("message").asText()).isEqualTo("The modified permissions grant new access compared to your existing policy.");
    assertThat(j.get("reasons").get(0).get("description").asText()).isEqualTo("New access in the statement with index: 0.");
    assertThat(j.get("reasons").get(0).get("statementIndex").asInt()).isZero();
    assertThat(j.get("reasons").get(0).has("statementId")).isFalse();
    JsonNode ce = j.get("iamlocal").get("counterexamples").get(0);
    assertThat(ce.get("action").asText()).isEqualTo("s3:GetObjectAcl");
    assertThat(ce.get("resource").asText()).startsWith("arn:aws:s3:::amzn-s3-demo-bucket");

    Cli.Result back = Cli.run("check-no-new-access", "--existing-policy-document", NEW,
        "--new-policy-document", EXISTING, "--policy-type", "IDENTITY_POLICY");
    assertThat(back.code()).as(back.err()).isZero();
    assertThat(back.json().get("result").asText()).isEqualTo("PASS");
    assertThat(back.json().has("reasons")).isFalse();
  }

  @Test
  void aPolicyFileLongerThanAnyPolicyIsInvalidInput(@TempDir Path dir) throws Exception {
    // an endless file ends too: only one byte past the bound is read
    Cli.Result zero = Cli.run("check-no-new-access", "--existing-policy-document", EXISTING,
        "--new-policy-document", "file:///dev/zero", "--policy-type", "IDENTITY_POLICY");
    assertThat(zero.code()).isEqualTo(2);
    assertThat(zero.err()).contains("/dev/zero: longer than 1048576 bytes");
    Path big = dir.resolve("big.json");
    java.nio.file.Files.writeString(big, " ".repeat((1 << 20) + 1) + EXISTING);
    Cli.Result r = Cli.run("check-no-public-access", "--policy-document", "file://" + big, "--resource-type", "AWS::S3::Bucket");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("big.json: longer than 1048576 bytes");
    Cli.Result diff = Cli.run("diff", "file:///dev/zero", EXISTING);
    assertThat(diff.code()).isEqualTo(2);
    assertThat(diff.err()).contains("/dev/zero: longer than 1048576 bytes");
  }

  @Test
  void aPrincipalInAnIdentityPolicyIsInvalidInput() {
    String withPrincipal = EXISTING.replace("\"Effect\": \"Allow\",", "\"Effect\": \"Allow\", \"Principal\": \"*\",");
    Cli.Result r = Cli.run("check-no-new-access", "--existing-policy-document", EXISTING,
        "--new-policy-document", withPrincipal, "--policy-type", "IDENTITY_POLICY");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("the new policy is an identity policy, but statement #1 has Principal");
    Cli.Result noPrincipal = Cli.run("check-no-public-access", "--policy-document", EXISTING,
        "--resource-type", "AWS::S3::Bucket");
    assertThat(noPrincipal.code()).isEqualTo(2);
    assertThat(noPrincipal.err()).contains("In the resource policy, statement #1 has no Principal or NotPrincipal");
  }

  @Test
  void aCrashIsNeitherPassNorFail() {
    assertThat(PolicyChecks.run("check-no-new-access", () -> {
      throw new OutOfMemoryError("Java heap space");
    })).isEqualTo(4);
    assertThat(PolicyChecks.run("check-no-new-access", () -> {
      throw new IllegalStateException("a bug");
    })).isEqualTo(4);
  }

  @Test
  void checkAccessNotGrantedWithShorthandAndJson() {
    Cli.Result pass = Cli.run("check-access-not-granted", "--policy-document", EXISTING,
        "--access", "actions=\"s3:DeleteBucket\",\"s3:GetBucketLocation\"", "--policy-type", "IDENTITY_POLICY");
    assertThat(pass.code()).as(pass.err()).isZero();
    assertThat(pass.json().get("message").asText())
        .isEqualTo("The policy document does not grant access to perform one or more of the listed actions.");
    String sid = """
        {"Version": "2012-10-17", "Statement": [{"Sid": "AllowJohnDoe", "Effect": "Allow",
          "Principal": {"AWS": "arn:aws:iam::123456789012:user/JohnDoe"}, "Action": "s3:PutObject",
          "Resource": "arn:aws:s3:::my-bucket/*"}]}""";
    Cli.Result fail = Cli.run("check-access-not-granted", "--policy-document", sid,
        "--access", "[{\"actions\": [\"s3:PutObject\"], \"resources\": [\"arn:aws:s3:::my-bucket/*\"]}]",
        "--policy-type", "RESOURCE_POLICY");
    assertThat(fail.code()).as(fail.err()).isEqualTo(1);
    assertThat(fail.json().get("message").asText())
        .isEqualTo("The policy document grants access to perform one or more of the listed actions or resources.");
    assertThat(fail.json().get("reasons").get(0).get("description").asText())
        .isEqualTo("One or more of the listed actions or resources in the statement with sid: AllowJohnDoe.");
    assertThat(fail.json().get("reasons").get(0).get("statementId").asText()).isEqualTo("AllowJohnDoe");
    assertThat(fail.json().get("iamlocal").get("counterexamples").get(0).get("principal").asText())
        .isEqualTo("arn:aws:iam::123456789012:user/JohnDoe");
  }

  @Test
  void checkNoPublicAccess() {
    Cli.Result fail = Cli.run("check-no-public-access", "--policy-document",
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Bob\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":[\"s3:GetObject\"]}]}",
        "--resource-type", "AWS::S3::Bucket");
    assertThat(fail.code()).as(fail.err()).isEqualTo(1);
    assertThat(fail.json().get("message").asText()).isEqualTo("The resource policy grants public access for the given resource type.");
    assertThat(fail.json().get("reasons").get(0).get("description").asText())
        .isEqualTo("Public access granted in the following statement with sid: Bob.");
    Cli.Result pass = Cli.run("check-no-public-access", "--policy-document",
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"CheckNoPublicAccess\",\"Effect\":\"Allow\",\"Principal\":"
            + "{\"AWS\":\"arn:aws:iam::111122223333:user/JohnDoe\"},\"Action\":[\"s3:GetObject\"]}]}",
        "--resource-type", "AWS::S3::Bucket");
    assertThat(pass.code()).as(pass.err()).isZero();
    assertThat(pass.json().get("message").asText()).isEqualTo("The resource policy does not grant public access for the given resource type.");
  }

  @Test
  void invalidInputIsExitTwo() {
    assertThat(Cli.run("check-no-new-access", "--existing-policy-document", "{", "--new-policy-document", EXISTING,
        "--policy-type", "IDENTITY_POLICY").code()).isEqualTo(2);
    assertThat(Cli.run("check-no-new-access", "--existing-policy-document", EXISTING, "--new-policy-document", EXISTING,
        "--policy-type", "IDENTITY").code()).isEqualTo(2);
    assertThat(Cli.run("check-no-public-access", "--policy-document", EXISTING, "--resource-type", "AWS::S3::Nope").code())
        .isEqualTo(2);
    assertThat(Cli.run("check-access-not-granted", "--policy-document", EXISTING, "--access", "verbs=x",
        "--policy-type", "IDENTITY_POLICY").code()).isEqualTo(2);
    assertThat(Cli.run("check-access-not-granted", "--policy-document", EXISTING, "--access", "file:///nonexistent/x.json",
        "--policy-type", "IDENTITY_POLICY").code()).isEqualTo(2);
  }
}
