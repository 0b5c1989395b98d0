package dev.iamlocal.server.decisionpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.server.AuthorizeCalls;
import dev.iamlocal.server.ServerFixture;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/**
 * {@code POST /v1/authorize} answers, byte for byte, as recorded from the tree-based implementation
 * before the endpoint read and wrote JSON as streams (commit 363157c): status, the encoded-message
 * header's presence, and the body, for answers and for every kind of malformed or refused question
 * (syntax errors, wrong types, nulls, duplicate and unknown fields, odd context values). Only what
 * differs from run to run is masked: the account id, the request id and the encrypted message.
 * The cases and their answers are in {@code authorize-wire-golden.txt}. Four answers changed on purpose
 * since the recording (re-recorded with {@code -Dgolden.record=true}, the diff read line by line): cases
 * 43-44 name a context key or a field twice and 45-46 have text after the object, each now a
 * ValidationError (the fifth probe: the decision depended on which duplicate a reader keeps;
 * AuthorizeInputTest). Since the endpoint reads the context object itself (sixth session), case 43
 * names the first repeat in reading order (the case variant "SageMaker:instancetypes"), where the
 * parser's own check named the exact repeat after it.
 */
class AuthorizeWireGoldenTest extends ServerFixture {

  private static final String GOLDEN = "authorize-wire-golden.txt";

  private String user;
  private AwsBasicCredentials outsider;

  @BeforeAll
  void world() {
    root.createUser(r -> r.userName("bench-user"));
    root.putUserPolicy(r -> r.userName("bench-user").policyName("seed-14").policyDocument(seed14()));
    user = "arn:aws:iam::" + acct() + ":user/bench-user";
    root.createRole(r -> r.roleName("app").path("/svc/").assumeRolePolicyDocument(trust("arn:aws:iam::" + acct()
        + ":root")));
    root.putRolePolicy(r -> r.roleName("app").policyName("p").policyDocument(allow("s3:GetObject", "*")));
    // may ask nothing: its questions are refused before the principal is looked up
    outsider = userWithPolicy("outsider", allow("s3:ListBucket", "*"));
  }

  /** The cases, one request body a line ({@code USER}, {@code ACCOUNT} filled in); {@code outsider:} asks as another user. */
  private static List<String> cases() {
    String ok = "\"action\":\"sagemaker:CreateTrainingJob\",\"resource\":\"arn:aws:sagemaker:us-east-1:ACCOUNT:training-job/j\"";
    String c5 = "\"context\":{\"sagemaker:InstanceTypes\":[\"ml.c5.xlarge\"]}";
    return List.of(
        "{\"principal\":\"USER\"," + ok + "," + c5 + ",\"explain\":false}",
        "{\"principal\":\"USER\"," + ok + "," + c5 + "}",
        "{\"principal\":\"USER\"," + ok + ",\"context\":{\"sagemaker:InstanceTypes\":[\"ml.p4d.24xlarge\"]},\"explain\":false}",
        "{\"principal\":\"USER\"," + ok + ",\"context\":{\"sagemaker:InstanceTypes\":[\"ml.p4d.24xlarge\"]}}",
        "{\"principal\":\"USER\"," + ok + "}",
        "{\"principal\":\"USER\"," + ok + ",\"explain\":true,\"region\":\"eu-west-1\",\"resourceAccount\":\"ACCOUNT\"}",
        "{\"principal\":\"arn:aws:iam::ACCOUNT:role/svc/app\",\"action\":\"s3:GetObject\",\"resource\":\"*\"}",
        "{\"principal\":\"arn:aws:sts::ACCOUNT:assumed-role/app/s1\",\"action\":\"s3:GetObject\",\"resource\":\"arn:aws:s3:::b/k\",\"explain\":false}",
        "{\"principal\":\"arn:aws:iam::ACCOUNT:user/nobody\",\"action\":\"s3:GetObject\",\"resource\":\"*\"}",
        "{\"principal\":\"arn:aws:iam::ACCOUNT:root\",\"action\":\"s3:GetObject\",\"resource\":\"*\"}",
        "{\"principal\":\"arn:aws:iam::999999999999:user/x\",\"action\":\"s3:GetObject\",\"resource\":\"*\"}",
        "{\"principal\":\"not an arn\",\"action\":\"s3:GetObject\",\"resource\":\"*\"}",
        "{\"principal\":\"USER\",\"action\":\"s3:GetObject\",\"resource\":\"arn:bad\"}",
        "{\"principal\":\"USER\",\"action\":\"s3:GetObject\",\"resource\":\"arn:aws:s3:::b\\u0001\"}",
        "{\"action\":\"s3:GetObject\",\"resource\":\"*\"}",
        "{\"principal\":null,\"action\":\"s3:GetObject\",\"resource\":\"*\"}",
        "{\"principal\":7,\"action\":\"s3:GetObject\",\"resource\":\"*\"}",
        "{\"principal\":[\"USER\"],\"action\":\"s3:GetObject\",\"resource\":\"*\"}",
        "{\"principal\":{\"a\":1},\"action\":\"s3:GetObject\",\"resource\":\"*\"}",
        "{\"principal\":\"USER\",\"resource\":\"*\"}",
        "{\"principal\":\"USER\",\"action\":true,\"resource\":\"*\"}",
        "{\"principal\":\"USER\",\"action\":\"s3:GetObject\"}",
        "{\"principal\":\"USER\",\"action\":\"s3:Get*\",\"resource\":\"*\"}",
        "{\"principal\":\"USER\",\"action\":\"\",\"resource\":\"*\"}",
        "{\"principal\":\"USER\",\"action\":\"s3:" + "Ä".repeat(80) + "\",\"resource\":\"*\"}",
        "{\"principal\":\"USER\",\"action\":\"s3:GetObject\",\"resource\":\"\"}",
        "{\"principal\":\"USER\",\"action\":\"s3:GetObject\",\"resource\":\"" + "r".repeat(2049) + "\"}",
        "{\"principal\":\"USER\",\"action\":\"s3:GetObject\",\"resource\":\"*\",\"region\":\"../etc\"}",
        "{\"principal\":\"USER\",\"action\":\"s3:GetObject\",\"resource\":\"*\",\"region\":5}",
        "{\"principal\":\"USER\",\"action\":\"s3:GetObject\",\"resource\":\"*\",\"region\":null}",
        "{\"principal\":\"USER\",\"action\":\"s3:GetObject\",\"resource\":\"*\",\"resourceAccount\":\"12\"}",
        "{\"principal\":\"USER\",\"action\":\"s3:GetObject\",\"resource\":\"*\",\"resourceAccount\":\"999999999999\"}",
        "{\"principal\":\"USER\",\"action\":\"s3:GetObject\",\"resource\":\"*\",\"explain\":\"yes\"}",
        "{\"principal\":\"USER\",\"action\":\"s3:GetObject\",\"resource\":\"*\",\"explain\":null}",
        "{\"principal\":\"USER\",\"action\":\"s3:GetObject\",\"resource\":\"*\",\"explain\":0}",
        "{\"principal\":\"USER\",\"action\":\"s3:GetObject\",\"resource\":\"*\",\"context\":\"x\"}",
        "{\"principal\":\"USER\",\"action\":\"s3:GetObject\",\"resource\":\"*\",\"context\":null,\"explain\":false}",
        "{\"principal\":\"USER\",\"action\":\"s3:GetObject\",\"resource\":\"*\",\"context\":[]}",
        "{\"principal\":\"USER\"," + ok + ",\"explain\":false,\"context\":{\"sagemaker:InstanceTypes\":\"ml.c5.xlarge\","
            + "\"a:n\":1.50,\"a:b\":true,\"a:big\":123456789012345678901234567890,\"a:e\":1e3,\"a:l\":[1,false,\"x\"]}}",
        "{\"principal\":\"USER\",\"action\":\"s3:GetObject\",\"resource\":\"*\",\"context\":{\"a:x\":{\"b\":1}}}",
        "{\"principal\":\"USER\",\"action\":\"s3:GetObject\",\"resource\":\"*\",\"context\":{\"a:x\":null}}",
        "{\"principal\":\"USER\",\"action\":\"s3:GetObject\",\"resource\":\"*\",\"context\":{\"a:x\":[null]}}",
        "{\"principal\":\"USER\",\"action\":\"s3:GetObject\",\"resource\":\"*\",\"context\":{\"a:x\":[[\"y\"]]}}",
        "{\"principal\":\"USER\"," + ok + ",\"context\":{\"sagemaker:InstanceTypes\":[\"ml.p4d.24xlarge\"],"
            + "\"SageMaker:instancetypes\":[\"ml.c5.xlarge\"],\"sagemaker:InstanceTypes\":[\"ml.c5.xlarge\"]},\"explain\":false}",
        "{\"principal\":\"arn:aws:iam::ACCOUNT:user/nobody\",\"principal\":\"USER\",\"action\":\"s3:GetObject\","
            + "\"resource\":\"*\",\"explain\":false,\"unknown\":{\"deep\":[1,2,{\"x\":null}]},\"other\":1e400}",
        "{\"principal\":\"USER\",\"action\":\"s3:GetObject\",\"resource\":\"*\",\"explain\":false} trailing",
        "{\"principal\":\"USER\",\"action\":\"s3:GetObject\",\"resource\":\"*\",\"explain\":false}{}",
        "{\"principal\":\"USER\",\"action\":\"s3:GetObject\",\"resource\":\"*\",\"explain\":fals}",
        "{\"principal\":\"USER\",\"action\":\"s3:GetObject\",\"resource\":\"*\",\"explain\":false",
        "{\"principal\":\"USER\",\"action\":\"s3:GetObject\",\"resource\":\"*\",\"x\":[1,2}",
        "{\"principal\":\"USER\" \"action\":\"s3:GetObject\"}",
        "{'principal':'USER'}",
        "{",
        "",
        "   ",
        "null",
        "[]",
        "[1,2",
        "\"text\"",
        "42",
        "{}",
        "outsider:{\"principal\":\"USER\",\"action\":\"s3:GetObject\",\"resource\":\"*\"}",
        "outsider:{\"principal\":\"arn:aws:iam::ACCOUNT:user/nobody\",\"action\":\"s3:GetObject\",\"resource\":\"*\"}",
        "outsider:{\"principal\":\"arn:aws:sts::ACCOUNT:assumed-role/app/s1\",\"action\":\"s3:GetObject\",\"resource\":\"*\"}");
  }

  private List<String> answers() throws Exception {
    List<String> out = new ArrayList<>();
    for (String c : cases()) {
      boolean asOutsider = c.startsWith("outsider:");
      String body = (asOutsider ? c.substring("outsider:".length()) : c).replace("USER", user).replace("ACCOUNT", acct());
      HttpResponse<String> r = AuthorizeCalls.post(server.endpoint(), asOutsider ? outsider
          : AwsBasicCredentials.create(boot.rootKey().accessKeyId(), boot.rootKey().secret()),
          body.getBytes(StandardCharsets.UTF_8));
      String requestId = r.headers().firstValue("x-amzn-RequestId").orElse("none");
      String text = r.body().replace(acct(), "ACCOUNT").replace(requestId, "REQUEST-ID")
          .replaceAll("\"encodedAuthorizationMessage\":\"[^\"]*\"", "\"encodedAuthorizationMessage\":\"ENCODED\"");
      out.add(r.statusCode() + " " + r.headers().firstValue("content-type").orElse("-") + " encoded-header="
          + r.headers().firstValue(AuthorizeEndpoint.ENCODED_MESSAGE_HEADER).isPresent() + " " + text);
    }
    return out;
  }

  @Test
  void everyQuestionGetsTheAnswerItGotBeforeByteForByte() throws Exception {
    List<String> actual = answers();
    if (Boolean.getBoolean("golden.record")) {
      java.nio.file.Files.write(java.nio.file.Path.of("src/test/resources", GOLDEN), actual, StandardCharsets.UTF_8);
    }
    List<String> expected;
    try (InputStream in = getClass().getResourceAsStream("/" + GOLDEN)) {
      assertThat(in).as(GOLDEN).isNotNull();
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
    assertThat(actual).hasSize(cases().size());
    for (int i = 0; i < actual.size(); i++) {
      assertThat(actual.get(i)).as("case %d: %s", i, cases().get(i)).isEqualTo(expected.get(i));
    }
  }

  private static String seed14() {
    try (InputStream in = AuthorizeWireGoldenTest.class.getResourceAsStream(
        "/seed-policies/14-enforce-training-instance-type.json")) {
      if (in == null) {
        throw new IllegalStateException("seed policy 14 is not on the test class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
