package dev.iamlocal.server.iam;

import dev.iamlocal.server.ServerFixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.ContextEntry;
import software.amazon.awssdk.services.iam.model.ContextKeyTypeEnum;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.InvalidInputException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Statement;

/** SimulatePrincipalPolicy / SimulateCustomPolicy / GetContextKeysFor* through the SDK. */
class SimulationSdkTest extends ServerFixture {

  static final String TAGGED = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\","
      + "\n      \"Action\": \"s3:GetObject\",\n      \"Resource\": \"arn:aws:s3:::bucket/*\",\n      \"Condition\":"
      + " {\"StringEquals\": {\"aws:PrincipalTag/team\": \"ml\"}, \"ForAnyValue:StringLike\": {\"aws:TagKeys\":"
      + " [\"pro*\"]}}\n    }\n  ]\n}";
  String userArn;
  String groupArn;
  String roleArn;

  @BeforeAll
  void world() {
    userArn = root.createUser(r -> r.userName("sim")).user().arn();
    groupArn = root.createGroup(r -> r.groupName("sim-group")).group().arn();
    root.addUserToGroup(r -> r.groupName("sim-group").userName("sim"));
    root.putGroupPolicy(r -> r.groupName("sim-group").policyName("group-inline").policyDocument(TAGGED));
    String managed = root.createPolicy(r -> r.policyName("deny-delete").policyDocument(
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"NoDelete\",\"Effect\":\"Deny\",\"Action\":"
        + "\"s3:DeleteObject\",\"Resource\":\"*\"}]}")).policy().arn();
    root.attachUserPolicy(r -> r.userName("sim").policyArn(managed));
    root.attachUserPolicy(r -> r.userName("sim").policyArn("arn:aws:iam::aws:policy/IAMReadOnlyAccess"));
    roleArn = root.createRole(r -> r.roleName("sim-role").assumeRolePolicyDocument(trust("arn:aws:iam::" + acct()
        + ":root"))).role().arn();
    root.putRolePolicy(r -> r.roleName("sim-role").policyName("role-inline").policyDocument(allow("s3:*", "*")));
  }

  /** A simulation answers for the entity as stored now: a change between two calls shows in the second. */
  @Test
  void aChangeToTheSourcesPoliciesShowsInTheNextSimulation() {
    root.createUser(r -> r.userName("sim-changing"));
    root.createGroup(r -> r.groupName("sim-changing-group"));
    String arn = "arn:aws:iam::" + acct() + ":user/sim-changing";
    String groupArn = "arn:aws:iam::" + acct() + ":group/sim-changing-group";
    java.util.function.Function<String, String> decision = source -> root.simulatePrincipalPolicy(b -> b
        .policySourceArn(source).actionNames("s3:ListBucket")).evaluationResults().get(0).evalDecisionAsString();
    assertThat(decision.apply(arn)).isEqualTo("implicitDeny");
    assertThat(decision.apply(groupArn)).isEqualTo("implicitDeny");
    root.putGroupPolicy(r -> r.groupName("sim-changing-group").policyName("list").policyDocument(
        allow("s3:ListBucket", "*")));
    assertThat(decision.apply(groupArn)).isEqualTo("allowed");
    assertThat(decision.apply(arn)).as("not yet a member").isEqualTo("implicitDeny");
    root.addUserToGroup(r -> r.groupName("sim-changing-group").userName("sim-changing"));
    assertThat(decision.apply(arn)).isEqualTo("allowed");
    root.putUserPolicy(r -> r.userName("sim-changing").policyName("deny").policyDocument(
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}"));
    assertThat(decision.apply(arn)).isEqualTo("explicitDeny");
    root.deleteUserPolicy(r -> r.userName("sim-changing").policyName("deny"));
    root.removeUserFromGroup(r -> r.groupName("sim-changing-group").userName("sim-changing"));
    assertThat(decision.apply(arn)).isEqualTo("implicitDeny");
  }

  ContextEntry entry(String key, ContextKeyTypeEnum type, String... values) {
    return ContextEntry.builder().contextKeyName(key).contextKeyType(type).contextKeyValues(values).build();
  }

  @Test
  void userSourceIncludesGroupsAndManagedPoliciesWithPositions() {
    List<EvaluationResult> r = root.simulatePrincipalPolicy(b -> b.policySourceArn(userArn)
        .actionNames("s3:GetObject", "s3:DeleteObject", "iam:GetUser").resourceArns("arn:aws:s3:::bucket/k")
        .contextEntries(entry("aws:PrincipalTag/team", ContextKeyTypeEnum.STRING, "ml"),
            entry("aws:TagKeys", ContextKeyTypeEnum.STRING_LIST, "env", "project"))).evaluationResults();
    assertThat(r).extracting(EvaluationResult::evalDecisionAsString)
        .containsExactly("allowed", "explicitDeny", "allowed");
    Statement s = r.get(0).matchedStatements().get(0);
    assertThat(s.sourcePolicyId()).isEqualTo("group-inline");
    // AWS reports every identity policy of a principal as "IAM Policy" (recorded for inline, AWS
    // managed and customer managed policies), and starts a statement just past the "[" before it
    // (recorded: AdministratorAccess in this layout matches from line 3, column 17)
    assertThat(s.sourcePolicyTypeAsString()).isEqualTo("IAM Policy");
    assertThat(s.startPosition().line()).isEqualTo(3);
    assertThat(s.startPosition().column()).isEqualTo(17);
    assertThat(s.endPosition().line()).isEqualTo(9);
    assertThat(r.get(0).missingContextValues()).isEmpty();
    assertThat(r.get(0).resourceSpecificResults()).singleElement().satisfies(x -> {
      assertThat(x.evalResourceName()).isEqualTo("arn:aws:s3:::bucket/k");
      assertThat(x.evalResourceDecisionAsString()).isEqualTo("allowed");
    });
    assertThat(r.get(1).matchedStatements()).singleElement().satisfies(m -> {
      assertThat(m.sourcePolicyId()).isEqualTo("deny-delete");
      assertThat(m.sourcePolicyTypeAsString()).isEqualTo("IAM Policy");
    });
    assertThat(r.get(2).matchedStatements().get(0).sourcePolicyTypeAsString()).isEqualTo("IAM Policy");
    assertThat(r.get(2).matchedStatements().get(0).sourcePolicyId()).isEqualTo("IAMReadOnlyAccess");
    // iamlocal's accounts are in no organization: no OrganizationsDecisionDetail (API_EvaluationResult)
    assertThat(r.get(0).organizationsDecisionDetail()).isNull();

    // without the context, the keys the relevant statement reads are reported missing
    EvaluationResult missing = root.simulatePrincipalPolicy(b -> b.policySourceArn(userArn)
        .actionNames("s3:GetObject").resourceArns("arn:aws:s3:::bucket/k")).evaluationResults().get(0);
    assertThat(missing.evalDecisionAsString()).isEqualTo("implicitDeny");
    // API_EvaluationResult: the top-level MissingContextValues are the aggregate over the resources,
    // each resource's own in ResourceSpecificResults
    assertThat(missing.missingContextValues()).containsExactly("aws:PrincipalTag/team", "aws:TagKeys");
    assertThat(missing.resourceSpecificResults().get(0).missingContextValues())
        .containsExactly("aws:PrincipalTag/team", "aws:TagKeys");
  }

  @Test
  void groupAndRoleSourcesBoundaryInputsAndPagination() {
    var group = root.simulatePrincipalPolicy(b -> b.policySourceArn(groupArn).actionNames("s3:DeleteObject"))
        .evaluationResults().get(0);
    assertThat(group.evalDecisionAsString()).isEqualTo("implicitDeny");
    var role = root.simulatePrincipalPolicy(b -> b.policySourceArn(roleArn).actionNames("s3:DeleteObject")
        .permissionsBoundaryPolicyInputList(allow("s3:Get*", "*"))).evaluationResults().get(0);
    assertThat(role.evalDecisionAsString()).isEqualTo("implicitDeny");
    assertThat(role.permissionsBoundaryDecisionDetail().allowedByPermissionsBoundary()).isFalse();
    var roleGet = root.simulatePrincipalPolicy(b -> b.policySourceArn(roleArn).actionNames("s3:GetObject")
        .permissionsBoundaryPolicyInputList(allow("s3:Get*", "*"))).evaluationResults().get(0);
    assertThat(roleGet.evalDecisionAsString()).isEqualTo("allowed");
    assertThat(roleGet.matchedStatements().get(0).sourcePolicyTypeAsString()).isEqualTo("IAM Policy");

    var page1 = root.simulatePrincipalPolicy(b -> b.policySourceArn(roleArn).actionNames("s3:GetObject",
        "s3:PutObject", "s3:ListBucket").maxItems(2));
    assertThat(page1.isTruncated()).isTrue();
    assertThat(page1.evaluationResults()).hasSize(2);
    var page2 = root.simulatePrincipalPolicy(b -> b.policySourceArn(roleArn).actionNames("s3:GetObject",
        "s3:PutObject", "s3:ListBucket").maxItems(2).marker(page1.marker()));
    assertThat(page2.evaluationResults()).extracting(EvaluationResult::evalActionName).containsExactly("s3:ListBucket");
    assertThat(page2.isTruncated()).isFalse();

    assertThatThrownBy(() -> root.simulatePrincipalPolicy(b -> b.policySourceArn("arn:aws:iam::" + acct()
        + ":role/none").actionNames("s3:GetObject"))).isInstanceOf(NoSuchEntityException.class);
    assertThatThrownBy(() -> root.simulatePrincipalPolicy(b -> b.policySourceArn("arn:aws:iam::" + acct()
        + ":thing/x").actionNames("s3:GetObject"))).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void resourcePolicyCallerArnAndOwner() {
    String bucketPolicy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
        + userArn + "\"},\"Action\":\"s3:PutObject\",\"Resource\":\"arn:aws:s3:::bucket/*\"}]}";
    var same = root.simulatePrincipalPolicy(b -> b.policySourceArn(userArn).actionNames("s3:PutObject")
        .resourceArns("arn:aws:s3:::bucket/k").resourcePolicy(bucketPolicy)).evaluationResults().get(0);
    assertThat(same.evalDecisionAsString()).isEqualTo("allowed");
    assertThat(same.matchedStatements().get(0).sourcePolicyTypeAsString()).isEqualTo("Resource Policy");
    // cross-account: the bucket's owner is another account, so the identity side must allow as well
    var cross = root.simulatePrincipalPolicy(b -> b.policySourceArn(userArn).actionNames("s3:PutObject")
        .resourceArns("arn:aws:s3:::bucket/k").resourcePolicy(bucketPolicy).resourceOwner("arn:aws:iam::999999999999:root"))
        .evaluationResults().get(0);
    assertThat(cross.evalDecisionAsString()).isEqualTo("implicitDeny");
    assertThatThrownBy(() -> root.simulatePrincipalPolicy(b -> b.policySourceArn(roleArn).actionNames("s3:PutObject")
        .resourcePolicy(bucketPolicy))).isInstanceOfSatisfying(InvalidInputException.class,
        e -> assertThat(e.awsErrorDetails().errorMessage()).startsWith("CallerArn is required"));
    var asCaller = root.simulatePrincipalPolicy(b -> b.policySourceArn(roleArn).actionNames("s3:PutObject")
        .resourceArns("arn:aws:s3:::bucket/k").resourcePolicy(bucketPolicy).callerArn(userArn)).evaluationResults();
    assertThat(asCaller.get(0).evalDecisionAsString()).isEqualTo("allowed");
  }

  @Test
  void customPolicyContextTypesAndContextKeys() {
    String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ec2:RunInstances\","
        + "\"Resource\":\"*\",\"Condition\":{\"NumericLessThan\":{\"ec2:VolumeSize\":\"100\"},\"Bool\":"
        + "{\"aws:SecureTransport\":\"true\"},\"IpAddress\":{\"aws:SourceIp\":\"192.0.2.0/24\"},"
        + "\"DateGreaterThan\":{\"aws:CurrentTime\":\"2020-01-01T00:00:00Z\"},\"ForAllValues:StringEquals\":"
        + "{\"aws:TagKeys\":[\"a\",\"b\"]}}}]}";
    var ok = root.simulateCustomPolicy(b -> b.policyInputList(policy).actionNames("ec2:RunInstances").contextEntries(
        entry("ec2:VolumeSize", ContextKeyTypeEnum.NUMERIC, "50"),
        entry("aws:SecureTransport", ContextKeyTypeEnum.BOOLEAN, "true"),
        entry("aws:SourceIp", ContextKeyTypeEnum.IP, "192.0.2.7"),
        entry("aws:CurrentTime", ContextKeyTypeEnum.DATE, "2024-05-01T00:00:00Z"),
        entry("aws:TagKeys", ContextKeyTypeEnum.STRING_LIST, "a", "b"))).evaluationResults().get(0);
    assertThat(ok.evalDecisionAsString()).isEqualTo("allowed");
    assertThat(ok.matchedStatements().get(0).sourcePolicyId()).isEqualTo("PolicyInputList.1");
    var tooBig = root.simulateCustomPolicy(b -> b.policyInputList(policy).actionNames("ec2:RunInstances")
        .contextEntries(entry("ec2:VolumeSize", ContextKeyTypeEnum.NUMERIC, "500"))).evaluationResults().get(0);
    assertThat(tooBig.evalDecisionAsString()).isEqualTo("implicitDeny");
    // ForAllValues holds without aws:TagKeys, so IAM does not list it (stackd's recording of real IAM,
    // for_all_values_absent_key: MissingContextValues empty)
    assertThat(tooBig.missingContextValues()).containsExactly("aws:SecureTransport", "aws:SourceIp",
        "aws:CurrentTime");
    assertThatThrownBy(() -> root.simulateCustomPolicy(b -> b.policyInputList(policy).actionNames("ec2:*")))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> root.simulateCustomPolicy(b -> b.policyInputList("{not json").actionNames("s3:GetObject")))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> {
          // probe2 finding 7: the parser's text is iamlocal's detail, not IAM's message
          assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("PolicyInputList.1: Syntax errors in policy.");
          assertThat(IamEntitiesSdkTest.detail(e)).contains("line 1, column");
        });
    assertThatThrownBy(() -> root.simulateCustomPolicy(b -> b.policyInputList(policy).actionNames("s3:GetObject")
        .contextEntries(ContextEntry.builder().contextKeyName("k").contextKeyType("weird").contextKeyValues("v")
            .build()))).isInstanceOfSatisfying(IamException.class,
        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError"));

    assertThat(root.getContextKeysForCustomPolicy(b -> b.policyInputList(policy)).contextKeyNames())
        .containsExactly("ec2:VolumeSize", "aws:SecureTransport", "aws:SourceIp", "aws:CurrentTime", "aws:TagKeys");
    assertThat(root.getContextKeysForPrincipalPolicy(b -> b.policySourceArn(userArn)).contextKeyNames())
        .contains("aws:PrincipalTag/team", "aws:TagKeys");
    assertThat(root.getContextKeysForPrincipalPolicy(b -> b.policySourceArn(roleArn).policyInputList(policy))
        .contextKeyNames()).contains("ec2:VolumeSize");
  }
}
