package dev.iamlocal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shapes from the AWS CLI's simulate-custom-policy examples and the IAM API reference. */
class SimulateCustomPolicyCommandTest {

  @TempDir
  Path dir;

  /** The AWS CLI documentation's example policy (single line). */
  static final String DOC_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"dynamodb:*\","
      + "\"Resource\":\"*\",\"Condition\":{\"DateGreaterThan\":{\"aws:CurrentTime\":\"2018-08-16T12:00:00Z\"}}}}";

  @Test
  void awsCliExampleOneIsAllowed() {
    Cli.Result r = Cli.run("simulate-custom-policy", "--policy-input-list", DOC_POLICY, "--action-names", "dynamodb:CreateBackup",
        "--context-entries", "ContextKeyName='aws:CurrentTime',ContextKeyValues='2019-04-25T11:00:00Z',ContextKeyType=date");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode res = r.json().get("EvaluationResults").get(0);
    assertThat(res.get("EvalActionName").asText()).isEqualTo("dynamodb:CreateBackup");
    assertThat(res.get("EvalResourceName").asText()).isEqualTo("*");
    assertThat(res.get("EvalDecision").asText()).isEqualTo("allowed");
    JsonNode m = res.get("MatchedStatements").get(0);
    assertThat(m.get("SourcePolicyId").asText()).isEqualTo("PolicyInputList.1");
    assertThat(m.get("SourcePolicyType").asText()).isEqualTo("IAM Policy");
    // The statement's brace is column 37; AWS's documented example (the AWS CLI's
    // simulate-custom-policy example 1) reports 38, one past it, and 167, one past the closing brace.
    assertThat(m.get("StartPosition").get("Line").asInt()).isEqualTo(1);
    assertThat(m.get("StartPosition").get("Column").asInt()).isEqualTo(38);
    assertThat(m.get("EndPosition").get("Line").asInt()).isEqualTo(1);
    assertThat(m.get("EndPosition").get("Column").asInt()).isEqualTo(167);
    assertThat(res.get("MissingContextValues")).isEmpty();
    assertThat(res.has("ResourceSpecificResults")).isFalse();
    // the AWS CLI pages through every result and prints them alone: no IsTruncated, no Marker
    assertThat(r.json().fieldNames()).toIterable().containsExactly("EvaluationResults");
    // The AWS CLI's layout: four-space indent, "Key": value, [] for empty lists.
    assertThat(r.out()).startsWith("{\n    \"EvaluationResults\": [\n").contains("\"MissingContextValues\": []");
  }

  @Test
  void awsCliExampleTwoIsAnImplicitDeny() {
    Cli.Result r = Cli.run("simulate-custom-policy", "--policy-input-list", DOC_POLICY, "--action-names", "dynamodb:CreateBackup",
        "--context-entries", "ContextKeyName='aws:CurrentTime',ContextKeyValues='2014-04-25T11:00:00Z',ContextKeyType=date");
    JsonNode res = r.json().get("EvaluationResults").get(0);
    assertThat(res.get("EvalDecision").asText()).isEqualTo("implicitDeny");
    assertThat(res.get("MatchedStatements")).isEmpty();
  }

  @Test
  void noContextKeyIsFilledInAndMissingOnesAreListed() {
    // Without the key the condition cannot hold, and the simulator says which key was missing.
    Cli.Result star = Cli.run("simulate-custom-policy", "--policy-input-list", DOC_POLICY, "--action-names", "dynamodb:CreateBackup");
    JsonNode res = star.json().get("EvaluationResults").get(0);
    assertThat(res.get("EvalDecision").asText()).isEqualTo("implicitDeny");
    assertThat(res.get("MissingContextValues")).extracting(JsonNode::asText).containsExactly("aws:CurrentTime");

    // With a resource ARN the missing keys are listed per resource and, as their aggregate, at the top
    // (API_EvaluationResult: the top-level fields "now represent the aggregate decision across all
    // requested resources").
    String own = Cli.seed("04-");
    Cli.Result arn = Cli.run("simulate-custom-policy", "--policy-input-list", own, "--action-names", "iam:GetUser", "iam:CreateUser",
        "--resource-arns", "arn:aws:iam::123456789012:user/alice");
    assertThat(arn.code()).as(arn.err()).isZero();
    JsonNode get = arn.json().get("EvaluationResults").get(0);
    assertThat(get.get("EvalDecision").asText()).isEqualTo("implicitDeny"); // no caller: no aws:username
    assertThat(get.get("MissingContextValues")).extracting(JsonNode::asText).containsExactly("aws:username");
    assertThat(get.get("EvalDecisionDetails").isObject()).isTrue();
    assertThat(get.get("EvalDecisionDetails")).isEmpty();
    JsonNode specific = get.get("ResourceSpecificResults").get(0);
    assertThat(specific.get("EvalResourceName").asText()).isEqualTo("arn:aws:iam::123456789012:user/alice");
    assertThat(specific.get("EvalResourceDecision").asText()).isEqualTo("implicitDeny");
    assertThat(specific.get("MissingContextValues")).extracting(JsonNode::asText).containsExactly("aws:username");
    // A statement whose action does not match contributes no missing keys: none, so the resource's
    // MissingContextValues is absent (as IAM answers an empty one per resource) and the top one empty.
    JsonNode create = arn.json().get("EvaluationResults").get(1);
    assertThat(create.get("ResourceSpecificResults").get(0).has("MissingContextValues")).isFalse();
    assertThat(create.get("ResourceSpecificResults").get(0).has("MatchedStatements")).isFalse();
    assertThat(create.get("ResourceSpecificResults").get(0).has("EvalDecisionDetails")).isFalse();
    assertThat(create.get("MissingContextValues")).isEmpty();

    // A CallerArn implies the caller's identity keys (aws:username for ${aws:username}), nothing else.
    Cli.Result asAlice = Cli.run("simulate-custom-policy", "--policy-input-list", own, "--action-names", "iam:GetUser",
        "--resource-arns", "arn:aws:iam::123456789012:user/alice", "--caller-arn", "arn:aws:iam::123456789012:user/alice");
    JsonNode alice = asAlice.json().get("EvaluationResults").get(0);
    assertThat(alice.get("EvalDecision").asText()).isEqualTo("allowed");
    assertThat(alice.get("ResourceSpecificResults").get(0).has("MissingContextValues")).isFalse();
    assertThat(alice.get("MissingContextValues")).isEmpty();

    Cli.Result given = Cli.run("simulate-custom-policy", "--policy-input-list", own, "--action-names", "iam:GetUser",
        "--resource-arns", "arn:aws:iam::123456789012:user/alice",
        "--context-entries", "ContextKeyName=aws:username,ContextKeyValues=alice,ContextKeyType=string");
    assertThat(given.json().get("EvaluationResults").get(0).get("EvalDecision").asText()).isEqualTo("allowed");
  }

  @Test
  void permissionsBoundaryDecisionDetail() {
    String all = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}";
    String getOnly = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:Get*\",\"Resource\":\"*\"}}";
    Cli.Result r = Cli.run("simulate-custom-policy", "--policy-input-list", all, "--permissions-boundary-policy-input-list", getOnly,
        "--action-names", "s3:PutObject", "s3:GetObject");
    JsonNode put = r.json().get("EvaluationResults").get(0);
    JsonNode get = r.json().get("EvaluationResults").get(1);
    assertThat(put.get("EvalDecision").asText()).isEqualTo("implicitDeny");
    assertThat(put.get("PermissionsBoundaryDecisionDetail").get("AllowedByPermissionsBoundary").asBoolean()).isFalse();
    assertThat(get.get("EvalDecision").asText()).isEqualTo("allowed");
    assertThat(get.get("PermissionsBoundaryDecisionDetail").get("AllowedByPermissionsBoundary").asBoolean()).isTrue();
    // Allowed: the identity statement is listed, not the boundary's.
    assertThat(get.get("MatchedStatements")).extracting(s -> s.get("SourcePolicyId").asText()).contains("PolicyInputList.1");
  }

  @Test
  void cliInputJsonFileWithResourcePolicyAcrossAccounts() {
    Path req = Cli.write(dir, "req.json", "{\n"
        + "  \"PolicyInputList\": [\"{\\\"Version\\\":\\\"2012-10-17\\\",\\\"Statement\\\":{\\\"Effect\\\":\\\"Allow\\\",\\\"Action\\\":\\\"s3:GetObject\\\",\\\"Resource\\\":\\\"*\\\"}}\"],\n"
        + "  \"ActionNames\": [\"s3:GetObject\"],\n"
        + "  \"ResourceArns\": [\"arn:aws:s3:::shared/report.csv\"],\n"
        + "  \"ResourcePolicy\": \"{\\\"Version\\\":\\\"2012-10-17\\\",\\\"Statement\\\":{\\\"Effect\\\":\\\"Allow\\\",\\\"Principal\\\":{\\\"AWS\\\":\\\"arn:aws:iam::111111111111:user/bob\\\"},\\\"Action\\\":\\\"s3:GetObject\\\",\\\"Resource\\\":\\\"arn:aws:s3:::shared/*\\\"}}\",\n"
        + "  \"ResourceOwner\": \"arn:aws:iam::222222222222:root\",\n"
        + "  \"CallerArn\": \"arn:aws:iam::111111111111:user/bob\",\n"
        + "  \"ContextEntries\": [{\"ContextKeyName\": \"aws:SourceIp\", \"ContextKeyValues\": [\"192.0.2.1\"], \"ContextKeyType\": \"ip\"}]\n"
        + "}\n");
    Cli.Result r = Cli.run("simulate-custom-policy", "--cli-input-json", "file://" + req);
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode res = r.json().get("EvaluationResults").get(0);
    assertThat(res.get("EvalDecision").asText()).isEqualTo("allowed");
    assertThat(res.get("MatchedStatements")).extracting(s -> s.get("SourcePolicyId").asText())
        .containsExactlyInAnyOrder("PolicyInputList.1", "ResourcePolicy");
    assertThat(res.get("MatchedStatements")).extracting(s -> s.get("SourcePolicyType").asText()).contains("Resource Policy");
    assertThat(res.get("EvalDecisionDetails").get("IAM Policy").asText()).isEqualTo("allowed");
    assertThat(res.get("EvalDecisionDetails").get("Resource Policy").asText()).isEqualTo("allowed");

    // A flag replaces the parameter from the JSON: another caller is not named by the resource policy.
    Cli.Result carol = Cli.run("simulate-custom-policy", "--cli-input-json", req.toString(),
        "--caller-arn", "arn:aws:iam::111111111111:user/carol");
    JsonNode c = carol.json().get("EvaluationResults").get(0);
    assertThat(c.get("EvalDecision").asText()).isEqualTo("implicitDeny");
    assertThat(c.get("EvalDecisionDetails").get("Resource Policy").asText()).isEqualTo("implicitDeny");
  }

  @Test
  void contextEntriesAsJsonAndShorthandLists() {
    String p = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"sagemaker:CreateTrainingJob\",\"Resource\":\"*\","
        + "\"Condition\":{\"ForAllValues:StringLike\":{\"sagemaker:InstanceTypes\":[\"ml.c5.*\"]}}}}";
    Cli.Result shorthand = Cli.run("simulate-custom-policy", "--policy-input-list", p, "--action-names", "sagemaker:CreateTrainingJob",
        "--context-entries", "ContextKeyName=sagemaker:InstanceTypes,ContextKeyValues=ml.c5.xlarge,ml.p3.2xlarge,ContextKeyType=stringList");
    assertThat(shorthand.json().get("EvaluationResults").get(0).get("EvalDecision").asText()).isEqualTo("implicitDeny");
    Cli.Result json = Cli.run("simulate-custom-policy", "--policy-input-list", p, "--action-names", "sagemaker:CreateTrainingJob",
        "--context-entries", "[{\"ContextKeyName\":\"sagemaker:InstanceTypes\",\"ContextKeyValues\":[\"ml.c5.xlarge\",\"ml.c5.large\"],"
            + "\"ContextKeyType\":\"stringList\"}]");
    assertThat(json.json().get("EvaluationResults").get(0).get("EvalDecision").asText()).isEqualTo("allowed");
    Cli.Result bracket = Cli.run("simulate-custom-policy", "--policy-input-list", p, "--action-names", "sagemaker:CreateTrainingJob",
        "--context-entries", "ContextKeyName=sagemaker:InstanceTypes,ContextKeyValues=[ml.c5.xlarge,ml.c5.large],ContextKeyType=stringList");
    assertThat(bracket.json().get("EvaluationResults").get(0).get("EvalDecision").asText()).isEqualTo("allowed");
  }

  @Test
  void invalidInputIsRejectedLikeAws() {
    Cli.Result star = Cli.run("simulate-custom-policy", "--policy-input-list", DOC_POLICY, "--action-names", "dynamodb:*");
    assertThat(star.code()).isEqualTo(Main.INVALID_INPUT);
    assertThat(star.err()).contains("An error occurred (InvalidInput) when calling the SimulateCustomPolicy operation")
        .contains("wildcards");
    Cli.Result noCaller = Cli.run("simulate-custom-policy", "--policy-input-list", DOC_POLICY, "--action-names", "s3:GetObject",
        "--resource-policy", DOC_POLICY);
    assertThat(noCaller.err()).contains("CallerArn is required");
    Cli.Result role = Cli.run("simulate-custom-policy", "--policy-input-list", DOC_POLICY, "--action-names", "s3:GetObject",
        "--caller-arn", "arn:aws:iam::123456789012:role/R");
    assertThat(role.err()).contains("Invalid CallerArn: arn:aws:iam::123456789012:role/R. You can specify only the"
        + " ARN of an IAM user.");
    Cli.Result badType = Cli.run("simulate-custom-policy", "--policy-input-list", DOC_POLICY, "--action-names", "s3:GetObject",
        "--context-entries", "ContextKeyName=aws:SourceIp,ContextKeyValues=not-an-ip,ContextKeyType=ip");
    // IAM's text, as the IAM API answers it (the CLI checks with the same core rules)
    assertThat(badType.err()).contains("Invalid value not-an-ip for context key aws:SourceIp of type ip.")
        .contains("Write an IPv4 or IPv6 address");
    Cli.Result badKey = Cli.run("simulate-custom-policy", "--policy-input-list", DOC_POLICY, "--action-names", "s3:GetObject",
        "--context-entries", "ContextKeyNme=aws:SourceIp,ContextKeyValues=1.2.3.4,ContextKeyType=ip");
    assertThat(badKey.err()).contains("Unknown key 'ContextKeyNme'");
    Cli.Result badPolicy = Cli.run("simulate-custom-policy", "--policy-input-list", "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allw\","
        + "\"Action\":\"s3:*\",\"Resource\":\"*\"}}", "--action-names", "s3:GetObject");
    assertThat(badPolicy.err()).contains("PolicyInputList.1: Syntax errors in policy.")
        .contains("INVALID_EFFECT at line 1, column");

    Path unknown = Cli.write(dir, "u.json", "{\n  \"PolicyInputList\": [],\n  \"ActionName\": [\"s3:GetObject\"]\n}");
    Cli.Result u = Cli.run("simulate-custom-policy", "--cli-input-json", "file://" + unknown);
    assertThat(u.code()).isEqualTo(2);
    assertThat(u.err()).contains("u.json:3:3:").contains("Unknown parameter in input: \"ActionName\"");
    Path object = Cli.write(dir, "o.json", "{\"PolicyInputList\": [{\"Version\": \"2012-10-17\"}], \"ActionNames\": [\"s3:GetObject\"]}");
    assertThat(Cli.run("simulate-custom-policy", "--cli-input-json", object.toString()).err())
        .contains("Invalid type for parameter PolicyInputList[0]: expected a string, found an object");
  }

  /**
   * --max-items and --starting-token as the AWS CLI pages SimulateCustomPolicy (botocore's paginator): the
   * first N results and botocore's NextToken, base64 of {"Marker": null, "boto_truncate_amount": N}, which
   * --starting-token resumes from (AwsCliSmokeTest holds the two tools' output to the byte).
   */
  @Test
  void maxItemsPrintsTheAwsClisNextTokenAndStartingTokenResumes() {
    String all = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}";
    String[] three = {"simulate-custom-policy", "--policy-input-list", all, "--action-names", "s3:GetObject",
        "s3:PutObject", "s3:DeleteObject"};
    Cli.Result first = Cli.run(concat(three, "--max-items", "2"));
    assertThat(first.json().get("EvaluationResults")).hasSize(2);
    assertThat(first.json().fieldNames()).toIterable().containsExactly("EvaluationResults", "NextToken");
    String token = first.json().get("NextToken").asText();
    assertThat(new String(java.util.Base64.getDecoder().decode(token), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("{\"Marker\": null, \"boto_truncate_amount\": 2}");
    Cli.Result rest = Cli.run(concat(three, "--max-items", "2", "--starting-token", token));
    assertThat(rest.json().get("EvaluationResults")).hasSize(1);
    assertThat(rest.json().get("EvaluationResults").get(0).get("EvalActionName").asText()).isEqualTo("s3:DeleteObject");
    assertThat(rest.json().has("NextToken")).isFalse();
    // one at a time: the token counts every result printed so far
    Cli.Result second = Cli.run(concat(three, "--max-items", "1", "--starting-token",
        Cli.run(concat(three, "--max-items", "1")).json().get("NextToken").asText()));
    assertThat(second.json().at("/EvaluationResults/0/EvalActionName").asText()).isEqualTo("s3:PutObject");
    assertThat(new String(java.util.Base64.getDecoder().decode(second.json().get("NextToken").asText()),
        java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("{\"Marker\": null, \"boto_truncate_amount\": 2}");
    // botocore's older token form, and the plain index earlier versions printed as Marker
    assertThat(Cli.run(concat(three, "--starting-token", "None___2")).json().get("EvaluationResults")).hasSize(1);
    assertThat(Cli.run(concat(three, "--marker", "1")).json().get("EvaluationResults")).hasSize(2);
    // a marker no call printed is IAM's answer to one (as the server gives it, and the AWS CLI shows it)
    // base64 without its padding is no token to botocore (Python's b64decode refuses it): a marker, and not one
    assertThat(Cli.run(concat(three, "--starting-token", "eyJNYXJrZXIiOiAiTWcifQ")).err()).contains("Invalid Marker.");
    Cli.Result bad = Cli.run(concat(three, "--starting-token", "abc"));
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("An error occurred (ValidationError) when calling the SimulateCustomPolicy operation:"
        + " Invalid Marker.");
    assertThat(Cli.run(concat(three, "--max-items", "0")).code()).isEqualTo(2);
    // MaxItems in --cli-input-json is the API's page size: every result is printed all the same
    Cli.Result paged = Cli.run("simulate-custom-policy", "--cli-input-json", "{\"PolicyInputList\": [" + quote(all)
        + "], \"ActionNames\": [\"s3:GetObject\", \"s3:PutObject\"], \"MaxItems\": 1}");
    assertThat(paged.json().get("EvaluationResults")).hasSize(2);
    assertThat(paged.json().has("NextToken")).isFalse();
  }

  /**
   * A token's count as botocore reads it (AWS CLI v1 against the server, probe12): a count past the results
   * prints none (it was "Invalid Marker." once it overflowed an int), and a negative one counts from the end, as
   * Python slices ({@code None___-2} printed the first results instead of the last two).
   */
  @Test
  void startingTokenCountsOfAnySizeAndSignAreReadAsBotocoreSlices() {
    String all = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}";
    String[] three = {"simulate-custom-policy", "--policy-input-list", all, "--action-names", "s3:GetObject",
        "s3:PutObject", "s3:DeleteObject"};
    for (String token : java.util.List.of("None___99999999999", b64("{\"Marker\": null, \"boto_truncate_amount\": 99999999999}"))) {
      Cli.Result r = Cli.run(concat(three, "--max-items", "2", "--starting-token", token));
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.json().get("EvaluationResults")).as(token).isEmpty();
      assertThat(r.json().has("NextToken")).isFalse();
    }
    for (String token : java.util.List.of("None___-2", b64("{\"Marker\": null, \"boto_truncate_amount\": -2}"))) {
      Cli.Result r = Cli.run(concat(three, "--starting-token", token));
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.json().findValuesAsText("EvalActionName")).as(token).containsExactly("s3:PutObject", "s3:DeleteObject");
    }
    // botocore adds the printed results to the count as it was: -3 + 1
    Cli.Result one = Cli.run(concat(three, "--max-items", "1", "--starting-token", "None___-3"));
    assertThat(one.json().findValuesAsText("EvalActionName")).containsExactly("s3:GetObject");
    assertThat(new String(java.util.Base64.getDecoder().decode(one.json().get("NextToken").asText()),
        java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("{\"Marker\": null, \"boto_truncate_amount\": -2}");
  }

  private static String b64(String text) {
    return java.util.Base64.getEncoder().encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static String quote(String text) {
    try {
      return Cli.JSON.writeValueAsString(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void policyFromFileUrl() {
    Path p = Cli.write(dir, "p.json", Cli.seed("21-"));
    Cli.Result r = Cli.run("simulate-custom-policy", "--policy-input-list", "file://" + p, "--action-names", "sagemaker:AddTags");
    JsonNode res = r.json().get("EvaluationResults").get(0);
    assertThat(res.get("EvalDecision").asText()).isEqualTo("explicitDeny");
    assertThat(res.get("MatchedStatements")).hasSize(1);
    // The Project=B deny names a key the request lacks.
    assertThat(res.get("MissingContextValues")).extracting(JsonNode::asText).containsExactly("sagemaker:ResourceTag/Project");
  }

  /**
   * Several resource ARNs: one result per action (API_EvaluationResult), named by the resource type's
   * pattern, with the most restrictive decision at the top and each resource's own below.
   */
  @Test
  void severalResourceArnsGiveOneResultPerAction() {
    String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
        + "\"Resource\":\"arn:aws:s3:::b/ok\"},{\"Effect\":\"Deny\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/no\"}]}";
    Cli.Result r = Cli.run("simulate-custom-policy", "--policy-input-list", policy, "--action-names", "s3:GetObject",
        "s3:PutObject", "--resource-arns", "arn:aws:s3:::b/ok", "arn:aws:s3:::b/no", "arn:aws:s3:::b/other");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode results = r.json().get("EvaluationResults");
    assertThat(results).hasSize(2);
    JsonNode get = results.get(0);
    assertThat(get.get("EvalResourceName").asText()).isEqualTo("arn:aws:s3:::${BucketName}/${KeyName}");
    assertThat(get.get("EvalDecision").asText()).isEqualTo("explicitDeny");
    assertThat(get.get("MatchedStatements")).hasSize(2);
    assertThat(get.get("ResourceSpecificResults")).extracting(x -> x.get("EvalResourceDecision").asText())
        .containsExactly("allowed", "explicitDeny", "implicitDeny");
    assertThat(results.get(1).get("EvalDecision").asText()).isEqualTo("implicitDeny");
    assertThat(results.get(1).get("MatchedStatements")).isEmpty();
  }

  @Test
  void anEndlessPolicyFileEndsInAnError() throws Exception {
    java.nio.file.Path huge = dir.resolve("huge.json");
    java.nio.file.Files.write(huge, new byte[Inputs.MAX_REQUEST_BYTES + 1]);
    Cli.Result r = Cli.run("simulate-custom-policy", "--policy-input-list", "file://" + huge, "--action-names", "s3:GetObject");
    assertThat(r.code()).isEqualTo(Main.INVALID_INPUT);
    assertThat(r.err()).contains(huge + ": cannot read: longer than " + Inputs.MAX_REQUEST_BYTES + " bytes");
    Cli.Result input = Cli.run("simulate-custom-policy", "--cli-input-json", "file://" + huge);
    assertThat(input.code()).isEqualTo(Main.INVALID_INPUT);
    assertThat(input.err()).contains("longer than");
  }
}
