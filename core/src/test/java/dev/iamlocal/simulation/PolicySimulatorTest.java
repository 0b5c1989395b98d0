package dev.iamlocal.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iamlocal.evaluation.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The core simulator's rules, each against an AWS-documented or AWS-recorded answer. */
class PolicySimulatorTest {

  private static EvaluationResult one(SimulationRequest.Builder b) {
    List<EvaluationResult> r = PolicySimulator.prepare(b.build()).results();
    assertThat(r).hasSize(1);
    return r.get(0);
  }

  private static SimulationRequest.Builder custom(String policy, String action, String... resources) {
    return SimulationRequest.builder().policy(PolicyInput.parse("PolicyInputList.1", PolicyInput.IAM_POLICY, policy))
        .actionNames(List.of(action)).resourceArns(List.of(resources));
  }

  /** The AWS CLI's documented simulate-custom-policy example 1: a lone statement object, brace at column 37. */
  @Test
  void loneStatementStartsJustPastItsBraceAsInTheAwsCliExample() {
    String policy = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"dynamodb:*\","
        + "\"Resource\":\"*\",\"Condition\":{\"DateGreaterThan\":{\"aws:CurrentTime\":\"2018-08-16T12:00:00Z\"}}}}";
    EvaluationResult r = one(custom(policy, "dynamodb:CreateBackup").contextEntry(
        new ContextEntry("aws:CurrentTime", "date", List.of("2019-04-25T11:00:00Z"))));
    assertThat(r.evalDecision()).isEqualTo(Outcome.ALLOWED);
    assertThat(r.matchedStatements()).singleElement().isEqualTo(new EvaluationResult.Statement("PolicyInputList.1",
        "IAM Policy", new EvaluationResult.Position(1, 38), new EvaluationResult.Position(1, 167)));
    assertThat(r.evalDecisionDetails()).isNull();
    assertThat(r.resourceSpecificResults()).isNull();
    assertThat(r.organizationsDecisionDetail()).isNull();
  }

  /** Recorded: json.dumps of a policy ({@code "Statement": [{}, the brace at column 41) starts at 41. */
  @Test
  void firstArrayStatementStartsJustPastTheBracket() {
    String policy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\","
        + " \"Resource\": \"*\"}]}";
    EvaluationResult r = one(custom(policy, "s3:GetObject"));
    assertThat(r.matchedStatements().get(0).startPosition()).isEqualTo(new EvaluationResult.Position(1, 41));
    assertThat(r.matchedStatements().get(0).endPosition().column()).isEqualTo(policy.length() - 1);
  }

  /** Recorded: a bucket policy's second statement starts where the first ends (248 and 248). */
  @Test
  void laterStatementsStartWhereThePreviousOneEnds() {
    String first = "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}";
    String second = "{\"Effect\":\"Deny\",\"Action\":\"s3:DeleteObject\",\"Resource\":\"*\"}";
    String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[" + first + ",  " + second + "]}";
    EvaluationResult allowed = one(custom(policy, "s3:GetObject"));
    EvaluationResult denied = one(custom(policy, "s3:DeleteObject"));
    int firstEnd = allowed.matchedStatements().get(0).endPosition().column();
    assertThat(allowed.matchedStatements().get(0).startPosition().column()).isEqualTo(38);
    assertThat(firstEnd).isEqualTo(38 + first.length());
    assertThat(denied.matchedStatements().get(0).startPosition().column()).isEqualTo(firstEnd);
  }

  /** Recorded: AdministratorAccess (two-space layout) matches from line 3, column 17 to line 8, column 6. */
  @Test
  void prettyPrintedStatementStartsOnTheLineOfItsBracket() {
    String policy = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        + "      \"Action\": \"*\",\n      \"Resource\": \"*\"\n    }\n  ]\n}";
    EvaluationResult r = one(custom(policy, "s3:GetObject"));
    assertThat(r.matchedStatements().get(0).startPosition()).isEqualTo(new EvaluationResult.Position(3, 17));
    assertThat(r.matchedStatements().get(0).endPosition()).isEqualTo(new EvaluationResult.Position(8, 6));
  }

  /**
   * The issue's example: PassRole on a role ARN of another account than the simulation's, no
   * CallerArn: decided by the given policies alone, as AWS answers (allowed).
   */
  @Test
  void withoutACallerTheResourceArnsAccountDoesNotMakeItCrossAccount() {
    String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:PassRole\","
        + "\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"iam:PassedToService\":\"cloudwatch.amazonaws.com\"}}}]}";
    for (String account : List.of("123456789012", "000000000000")) {
      EvaluationResult r = one(custom(policy, "iam:PassRole", "arn:aws:iam::111122223333:role/CloudWatchRole")
          .defaultAccount(account).contextEntry(new ContextEntry("iam:PassedToService", "string",
              List.of("cloudwatch.amazonaws.com"))));
      assertThat(r.evalDecision()).isEqualTo(Outcome.ALLOWED);
      // API_EvaluationResult: same-account with a resource ARN, EvalDecisionDetails present and empty
      assertThat(r.evalDecisionDetails()).isEmpty();
      assertThat(r.resourceSpecificResults()).singleElement()
          .satisfies(x -> assertThat(x.evalResourceDecision()).isEqualTo(Outcome.ALLOWED));
    }
  }

  /** With a CallerArn, a resource of another account needs the resource policy too; details per side. */
  @Test
  void withACallerAnotherAccountsResourceIsCrossAccount() {
    String caller = "arn:aws:iam::123456789012:user/alice";
    String identity = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
        + "\"Resource\":\"*\"}]}";
    String bucket = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
        + caller + "\"},\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\"}]}";
    SimulationRequest.Builder b = custom(identity, "s3:GetObject", "arn:aws:s3:::b/k").callerArn(caller)
        .resourceOwner("arn:aws:iam::999999999999:root");
    EvaluationResult without = one(b);
    assertThat(without.evalDecision()).isEqualTo(Outcome.IMPLICIT_DENY);
    EvaluationResult with = one(custom(identity, "s3:GetObject", "arn:aws:s3:::b/k").callerArn(caller)
        .resourceOwner("arn:aws:iam::999999999999:root")
        .resourcePolicy(PolicyInput.parse("ResourcePolicy", PolicyInput.RESOURCE_POLICY, bucket)));
    assertThat(with.evalDecision()).isEqualTo(Outcome.ALLOWED);
    assertThat(with.evalDecisionDetails()).containsExactly(
        java.util.Map.entry("IAM Policy", Outcome.ALLOWED), java.util.Map.entry("Resource Policy", Outcome.ALLOWED));
    assertThat(with.matchedStatements()).extracting(EvaluationResult.Statement::sourcePolicyType)
        .contains("Resource Policy", "IAM Policy");
  }

  /** API_SimulateCustomPolicy: CallerArn is required with a ResourcePolicy, and must be an IAM user. */
  @Test
  void callerRules() {
    String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}";
    assertThatThrownBy(() -> PolicySimulator.prepare(custom(policy, "s3:GetObject")
        .resourcePolicy(PolicyInput.parse("ResourcePolicy", PolicyInput.RESOURCE_POLICY, policy)).build()))
        .isInstanceOf(SimulationException.class).hasMessageStartingWith("CallerArn is required");
    assertThatThrownBy(() -> PolicySimulator.prepare(custom(policy, "s3:GetObject")
        .callerArn("arn:aws:iam::123456789012:role/R").build()))
        .hasMessage("Invalid CallerArn: arn:aws:iam::123456789012:role/R. You can specify only the ARN of an IAM user.");
    assertThatThrownBy(() -> PolicySimulator.prepare(custom(policy, "s3:*").build()))
        .hasMessageContaining("wildcards");
  }

  /** A context value its type cannot hold is IAM's InvalidInput; how to write it is iamlocal's detail. */
  @Test
  void aContextValueOfTheWrongTypeSaysHowToWriteIt() {
    String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}";
    assertThatThrownBy(() -> PolicySimulator.prepare(custom(policy, "s3:GetObject")
        .contextEntries(List.of(new ContextEntry("aws:SourceIp", "ip", List.of("not-an-address")))).build()))
        .isInstanceOf(SimulationException.class)
        .hasMessage("Invalid value not-an-address for context key aws:SourceIp of type ip.")
        .satisfies(e -> assertThat(((SimulationException) e).detail())
            .isEqualTo("Write an IPv4 or IPv6 address or CIDR block, e.g. 192.0.2.1 or 203.0.113.0/24."));
  }

  /**
   * Missing context values: at the top for *; with named resources at the top (API_EvaluationResult:
   * the top-level MissingContextValues "now represent the aggregate") and per resource, where an
   * empty list is absent; variables count as keys.
   */
  @Test
  void missingContextValuesAtTheTopAndPerResource() {
    String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
        + "\"Resource\":\"arn:aws:s3:::b/${aws:username}/*\",\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"192.0.2.0/24\"}}}]}";
    EvaluationResult star = one(custom(policy, "s3:GetObject"));
    assertThat(star.missingContextValues()).containsExactly("aws:username", "aws:SourceIp");
    EvaluationResult named = one(custom(policy, "s3:GetObject", "arn:aws:s3:::b/alice/k"));
    assertThat(named.missingContextValues()).containsExactly("aws:username", "aws:SourceIp");
    assertThat(named.resourceSpecificResults().get(0).missingContextValues())
        .containsExactly("aws:username", "aws:SourceIp");
    EvaluationResult two = one(custom(policy, "s3:GetObject", "arn:aws:s3:::b/alice/k", "arn:aws:s3:::b/bob/k"));
    assertThat(two.missingContextValues()).as("each key once").containsExactly("aws:username", "aws:SourceIp");
    // a caller fills what it implies: aws:username is no longer missing, and the statement applies
    EvaluationResult alice = one(custom(policy, "s3:GetObject", "arn:aws:s3:::b/alice/k")
        .callerArn("arn:aws:iam::123456789012:user/alice")
        .contextEntry(new ContextEntry("aws:SourceIp", "ip", List.of("192.0.2.9"))));
    assertThat(alice.evalDecision()).isEqualTo(Outcome.ALLOWED);
    assertThat(alice.missingContextValues()).isEmpty();
    assertThat(alice.resourceSpecificResults().get(0).missingContextValues()).isNull();
  }

  // ---------------------------------------------------------------- several ResourceArns

  private static final String PARITY = "arn:aws:s3:::stackd-policy-parity/";

  /**
   * stackd's recording of real IAM (2026-09-11, mixed_allow_explicit_and_implicit_deny): one result
   * for the action over three objects, explicitDeny at the top (the most restrictive), named by the
   * object type's pattern, listing the Allow and the Deny that decided the resources, and each
   * object's own decision; the implicitly denied one has no MatchedStatements at all.
   */
  @Test
  void oneResultOverTooManyResourcesAndStatementsIsRefusedNotBuilt() {
    // a result holds every resource's answer with its deciding statements: 1,000 x 1,000 filled GBs
    String statement = "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}";
    String big = "{\"Version\":\"2012-10-17\",\"Statement\":["
        + String.join(",", java.util.Collections.nCopies(1000, statement)) + "]}";
    String[] arns = java.util.stream.IntStream.range(0, 1000).mapToObj(i -> "arn:aws:s3:::b/" + i).toArray(String[]::new);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PolicySimulator.prepare(custom(big, "s3:GetObject", arns).build()))
        .isInstanceOf(SimulationException.class)
        .hasMessage("Too many resources and policy statements in one simulation: 1000 resources x 1000 statements.");
    // at the bound it is answered: 1,000 resources beside 100 statements, 100,000 beside one
    String hundred = "{\"Version\":\"2012-10-17\",\"Statement\":["
        + String.join(",", java.util.Collections.nCopies(100, statement)) + "]}";
    assertThat(one(custom(hundred, "s3:GetObject", arns)).resourceSpecificResults()).hasSize(1000);
    String[] many = java.util.stream.IntStream.range(0, PolicySimulator.MAX_RESOURCE_STATEMENTS)
        .mapToObj(i -> "arn:aws:s3:::b/" + i).toArray(String[]::new);
    assertThat(PolicySimulator.prepare(custom(ONE_STATEMENT, "s3:GetObject", many).build()).results()).hasSize(1);
  }

  private static final String ONE_STATEMENT = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
      + "\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}";

  @Test
  void severalResourcesGiveOneResultWhoseDecisionIsTheMostRestrictive() {
    String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
        + "\"Resource\":\"arn:aws:s3:::stackd-policy-parity/allowed\"},{\"Effect\":\"Deny\",\"Action\":\"s3:GetObject\","
        + "\"Resource\":\"arn:aws:s3:::stackd-policy-parity/blocked\"}]}";
    EvaluationResult r = one(custom(policy, "s3:GetObject", PARITY + "allowed", PARITY + "blocked",
        PARITY + "unspecified"));
    assertThat(r.evalResourceName()).isEqualTo("arn:aws:s3:::${BucketName}/${KeyName}");
    assertThat(r.evalDecision()).isEqualTo(Outcome.EXPLICIT_DENY);
    assertThat(r.matchedStatements()).extracting(m -> m.startPosition().column() + "-" + m.endPosition().column())
        .containsExactly("38-135", "135-232");
    assertThat(r.missingContextValues()).isEmpty();
    assertThat(r.evalDecisionDetails()).isEmpty();
    assertThat(r.resourceSpecificResults()).extracting(EvaluationResult.ResourceSpecificResult::evalResourceName,
        EvaluationResult.ResourceSpecificResult::evalResourceDecision).containsExactly(
            org.assertj.core.groups.Tuple.tuple(PARITY + "allowed", Outcome.ALLOWED),
            org.assertj.core.groups.Tuple.tuple(PARITY + "blocked", Outcome.EXPLICIT_DENY),
            org.assertj.core.groups.Tuple.tuple(PARITY + "unspecified", Outcome.IMPLICIT_DENY));
    EvaluationResult.ResourceSpecificResult unspecified = r.resourceSpecificResults().get(2);
    assertThat(unspecified.matchedStatements()).isNull();
    assertThat(unspecified.missingContextValues()).isNull();
    assertThat(unspecified.evalDecisionDetails()).as("same account: absent per resource").isNull();
    assertThat(r.resourceSpecificResults().get(1).matchedStatements()).singleElement()
        .satisfies(m -> assertThat(m.startPosition().column()).isEqualTo(135));
  }

  /**
   * Recorded (resource_wildcard_colon_and_slash): two objects allowed and one not give implicitDeny at
   * the top, which still lists the Allow that decided the allowed ones.
   */
  @Test
  void oneImplicitlyDeniedResourceMakesTheAggregateImplicitDenyWithTheAllowListed() {
    String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
        + "\"Resource\":\"arn:aws:s3:::stackd-policy-parity/folder/*/object\"}]}";
    EvaluationResult r = one(custom(policy, "s3:GetObject", PARITY + "folder/a:b/object", PARITY + "folder/a/b/object",
        PARITY + "folder/a/object/child"));
    assertThat(r.evalDecision()).isEqualTo(Outcome.IMPLICIT_DENY);
    assertThat(r.matchedStatements()).singleElement()
        .satisfies(m -> assertThat(m.endPosition().column()).isEqualTo(143));
    assertThat(r.resourceSpecificResults()).extracting(EvaluationResult.ResourceSpecificResult::evalResourceDecision)
        .containsExactly(Outcome.ALLOWED, Outcome.ALLOWED, Outcome.IMPLICIT_DENY);
    // every resource allowed: allowed
    EvaluationResult all = one(custom(policy, "s3:GetObject", PARITY + "folder/a/object", PARITY + "folder/b/object"));
    assertThat(all.evalDecision()).isEqualTo(Outcome.ALLOWED);
    assertThat(all.matchedStatements()).hasSize(1);
  }

  /** Results are counted (and paged) per action: three actions over three resources are three results. */
  @Test
  void resultsArePerActionWhateverTheNumberOfResources() {
    String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}";
    List<EvaluationResult> r = PolicySimulator.prepare(custom(policy, "s3:GetObject", "arn:aws:s3:::b/1",
        "arn:aws:s3:::b/2", "arn:aws:s3:::b/3").actionNames(List.of("s3:PutObject", "s3:DeleteObject")).build())
        .results();
    assertThat(r).extracting(EvaluationResult::evalActionName)
        .containsExactly("s3:GetObject", "s3:PutObject", "s3:DeleteObject");
    assertThat(r).allSatisfy(x -> assertThat(x.resourceSpecificResults()).hasSize(3));
    assertThat(r).extracting(EvaluationResult::evalResourceName).containsOnly("arn:aws:s3:::${BucketName}/${KeyName}");
  }

  /**
   * The name over several resources is their resource type's pattern with their partition; resources
   * of no one type of the action (a bucket and an object for s3:GetObject), or an action the catalog
   * does not know, give {@code *}.
   */
  @Test
  void theNameOverSeveralResourcesIsTheirResourceTypesPattern() {
    String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
    assertThat(one(custom(policy, "iam:PassRole", "arn:aws:iam::123456789012:role/a",
        "arn:aws:iam::123456789012:role/b")).evalResourceName())
        .isEqualTo("arn:aws:iam::${Account}:role/${RoleNameWithPath}");
    assertThat(one(custom(policy, "s3:GetObject", "arn:aws-cn:s3:::b/k", "arn:aws-cn:s3:::b/l")).evalResourceName())
        .isEqualTo("arn:aws-cn:s3:::${BucketName}/${KeyName}");
    assertThat(one(custom(policy, "s3:GetObject", "arn:aws:s3:::b", "arn:aws:s3:::b/k")).evalResourceName())
        .isEqualTo("*");
    assertThat(one(custom(policy, "nosuchservice:DoIt", "arn:aws:s3:::b/k", "arn:aws:s3:::b/l")).evalResourceName())
        .isEqualTo("*");
    // one resource: its own ARN, as before
    assertThat(one(custom(policy, "s3:GetObject", "arn:aws:s3:::b/k")).evalResourceName()).isEqualTo("arn:aws:s3:::b/k");
  }

  /**
   * Cross-account details over several resources: per resource for the other account's queue only;
   * at the top each policy type's most restrictive answer.
   */
  @Test
  void crossAccountDetailsAreAggregatedPerPolicyType() {
    String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sqs:SendMessage\","
        + "\"Resource\":\"*\"}]}";
    EvaluationResult r = one(custom(policy, "sqs:SendMessage", "arn:aws:sqs:us-east-1:123456789012:mine",
        "arn:aws:sqs:us-east-1:999999999999:theirs").callerArn("arn:aws:iam::123456789012:user/alice"));
    assertThat(r.evalResourceName()).isEqualTo("arn:aws:sqs:${Region}:${Account}:${QueueName}");
    assertThat(r.evalDecision()).isEqualTo(Outcome.IMPLICIT_DENY);
    assertThat(r.resourceSpecificResults().get(0).evalResourceDecision()).isEqualTo(Outcome.ALLOWED);
    assertThat(r.resourceSpecificResults().get(0).evalDecisionDetails()).isNull();
    assertThat(r.resourceSpecificResults().get(1).evalDecisionDetails()).containsExactly(
        java.util.Map.entry("IAM Policy", Outcome.ALLOWED), java.util.Map.entry("Resource Policy", Outcome.IMPLICIT_DENY));
    assertThat(r.evalDecisionDetails()).containsExactly(
        java.util.Map.entry("IAM Policy", Outcome.ALLOWED), java.util.Map.entry("Resource Policy", Outcome.IMPLICIT_DENY));
  }

  /** The boundary and the organization allow at the top only when they allow every resource. */
  @Test
  void boundaryAndOrganizationDetailsAllowOnlyWhenEveryResourceIsAllowed() {
    String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}";
    String onlyA = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\","
        + "\"Resource\":\"arn:aws:s3:::b/a\"}]}";
    PolicyInput boundary = PolicyInput.parse("PermissionsBoundaryPolicyInputList.1", PolicyInput.IAM_POLICY, onlyA);
    EvaluationResult bounded = one(custom(policy, "s3:GetObject", "arn:aws:s3:::b/a", "arn:aws:s3:::b/z")
        .permissionsBoundary(boundary));
    assertThat(bounded.permissionsBoundaryDecisionDetail()).isFalse();
    assertThat(bounded.resourceSpecificResults()).extracting(
        EvaluationResult.ResourceSpecificResult::permissionsBoundaryDecisionDetail).containsExactly(true, false);
    assertThat(bounded.evalDecision()).isEqualTo(Outcome.IMPLICIT_DENY);
    assertThat(one(custom(policy, "s3:GetObject", "arn:aws:s3:::b/a", "arn:aws:s3:::b/a")
        .permissionsBoundary(boundary)).permissionsBoundaryDecisionDetail()).isTrue();

    String scpDenyZ = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},"
        + "{\"Effect\":\"Deny\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/z\"}]}";
    PolicyInput scp = PolicyInput.parse("scp", "Service Control Policy", scpDenyZ);
    EvaluationResult org = one(custom(policy, "s3:GetObject", "arn:aws:s3:::b/a", "arn:aws:s3:::b/z")
        .serviceControlPolicyLevel(List.of(scp)));
    assertThat(org.organizationsDecisionDetail()).isFalse();
    assertThat(org.evalDecision()).isEqualTo(Outcome.EXPLICIT_DENY);
    assertThat(one(custom(policy, "s3:GetObject", "arn:aws:s3:::b/a", "arn:aws:s3:::b/y")
        .serviceControlPolicyLevel(List.of(scp))).organizationsDecisionDetail()).isTrue();
  }

  /** SCPs given (an account in an organization): OrganizationsDecisionDetail; without: absent. */
  @Test
  void organizationsDecisionDetailOnlyForAnAccountInAnOrganization() {
    String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}";
    String denyDelete = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},"
        + "{\"Effect\":\"Deny\",\"Action\":\"s3:DeleteObject\",\"Resource\":\"*\"}]}";
    PolicyInput scp = PolicyInput.parse("scp", "Service Control Policy", denyDelete);
    assertThat(one(custom(policy, "s3:GetObject").serviceControlPolicyLevel(List.of(scp)))
        .organizationsDecisionDetail()).isTrue();
    EvaluationResult denied = one(custom(policy, "s3:DeleteObject").serviceControlPolicyLevel(List.of(scp)));
    assertThat(denied.organizationsDecisionDetail()).isFalse();
    assertThat(denied.evalDecision()).isNotEqualTo(Outcome.ALLOWED);
    assertThat(one(custom(policy, "s3:GetObject")).organizationsDecisionDetail()).isNull();
  }

  /** ResourceHandlingOption: one result per action over every resource, allowed only if all are. */
  @Test
  void resourceHandlingOptionGroupsResources() {
    String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ec2:RunInstances\","
        + "\"Resource\":[\"arn:aws:ec2:us-east-1:123456789012:instance/*\",\"arn:aws:ec2:us-east-1::image/*\"]}]}";
    SimulationRequest.Builder b = custom(policy, "ec2:RunInstances", "arn:aws:ec2:us-east-1:123456789012:instance/*",
        "arn:aws:ec2:us-east-1::image/ami-1", "arn:aws:ec2:us-east-1:123456789012:security-group/sg-1")
        .resourceHandlingOption("EC2-VPC-InstanceStore");
    EvaluationResult r = one(b);
    assertThat(r.evalResourceName()).isEqualTo("*");
    assertThat(r.evalDecision()).isEqualTo(Outcome.IMPLICIT_DENY);
    assertThat(r.resourceSpecificResults()).extracting(EvaluationResult.ResourceSpecificResult::evalResourceDecision)
        .containsExactly(Outcome.ALLOWED, Outcome.ALLOWED, Outcome.IMPLICIT_DENY);
    assertThatThrownBy(() -> PolicySimulator.prepare(custom(policy, "ec2:RunInstances")
        .resourceHandlingOption("EC2-Classic").build())).isInstanceOf(SimulationException.class);
  }

  /** The results are evaluated when read: a huge request costs only what is read of it. */
  @Test
  void resultsAreLazy() {
    String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}";
    List<String> actions = java.util.stream.IntStream.range(0, 100_000).mapToObj(i -> "s3:Action" + i).toList();
    List<String> resources = java.util.stream.IntStream.range(0, 1000).mapToObj(i -> "arn:aws:s3:::b/" + i).toList();
    List<EvaluationResult> r = PolicySimulator.prepare(SimulationRequest.builder()
        .policy(PolicyInput.parse("PolicyInputList.1", PolicyInput.IAM_POLICY, policy)).actionNames(actions)
        .resourceArns(resources).build()).results();
    assertThat(r).hasSize(100_000);
    EvaluationResult last = r.get(99_999);
    assertThat(last.evalActionName()).isEqualTo("s3:Action99999");
    assertThat(last.resourceSpecificResults()).hasSize(1000);
    assertThat(last.resourceSpecificResults().get(999).evalResourceName()).isEqualTo("arn:aws:s3:::b/999");
  }
}
