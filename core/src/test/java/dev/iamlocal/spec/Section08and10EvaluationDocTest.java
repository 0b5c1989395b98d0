package dev.iamlocal.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.evaluation.Policy;
import dev.iamlocal.evaluation.PolicySet;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Spec §8 (global condition keys) and §10 (evaluation), audited against the examples of AWS's
 * "AWS global condition context keys", "Permissions boundaries for IAM entities", "Policy
 * evaluation logic" and "Session policies" pages.
 */
class Section08and10EvaluationDocTest {

  /**
   * Global keys page, aws:RequestedRegion: deny outside two Regions, except the global services
   * listed in NotAction.
   */
  static final String REGIONS = "{'Version':'2012-10-17','Statement':[{'Sid':'DenyAllOutsideRequestedRegions','Effect':'Deny',"
      + "'NotAction':['cloudfront:*','iam:*','route53:*','support:*'],'Resource':'*',"
      + "'Condition':{'StringNotEquals':{'aws:RequestedRegion':['eu-central-1','eu-west-1']}}}]}";

  @ParameterizedTest(name = "{0} in {1} -> {2}")
  @CsvSource({"ec2:RunInstances, eu-central-1, allowed", "ec2:RunInstances, eu-west-1, allowed",
      "ec2:RunInstances, us-east-1, explicitDeny", "ec2:RunInstances, EU-WEST-1, explicitDeny",
      "ec2:RunInstances, -, explicitDeny", "iam:CreateUser, us-east-1, allowed", "support:DescribeCases, us-east-1, allowed"})
  void requestedRegionExample(String action, String region, String expected) {
    assertThat(Doc.withAllowAll(REGIONS, action, "*", region.equals("-") ? "-" : "aws:RequestedRegion=" + region)).isEqualTo(expected);
  }

  /** Global keys page, aws:PrincipalOrgPaths with ForAnyValue:StringLike and an OU path prefix. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"[o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/], true",
      "[o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/ou-ab12-33333333/], true",
      "[o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/], false", "[o-zzzzzzzzzz/r-ab12/ou-ab12-11111111/ou-ab12-22222222/], false", "-, false"})
  void principalOrgPathsExample(String paths, boolean expected) {
    assertThat(Fx.cond("ForAnyValue:StringLike", "aws:PrincipalOrgPaths",
        "[\"o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/*\"]",
        Doc.ctx(paths.equals("-") ? "-" : "aws:PrincipalOrgPaths=" + paths))).isEqualTo(expected);
  }

  /** Global keys page, aws:CalledVia (ordered, multivalued), aws:CalledViaFirst and aws:CalledViaLast. */
  @ParameterizedTest(name = "{0} {1} vs [{2}] -> {3}")
  @CsvSource(delimiter = '|', value = {
      "ForAnyValue:StringEquals | aws:CalledVia      | aws:CalledVia=[athena.amazonaws.com] | true",
      "ForAnyValue:StringEquals | aws:CalledVia      | aws:CalledVia=[cloudformation.amazonaws.com;athena.amazonaws.com] | true",
      "ForAnyValue:StringEquals | aws:CalledVia      | aws:CalledVia=[cloudformation.amazonaws.com] | false",
      "ForAnyValue:StringEquals | aws:CalledVia      | -                                     | false",
      "StringEquals             | aws:CalledViaFirst | aws:CalledViaFirst=athena.amazonaws.com | true",
      "StringEquals             | aws:CalledViaLast  | aws:CalledViaLast=dynamodb.amazonaws.com | false"})
  void calledViaExample(String op, String key, String ctx, boolean expected) {
    assertThat(Fx.cond(op, key, "\"athena.amazonaws.com\"", Doc.ctx(ctx))).isEqualTo(expected);
  }

  /**
   * Global keys page, aws:SourceIp with aws:ViaAWSService: deny calls from outside the range unless
   * an AWS service makes them on the principal's behalf.
   */
  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(delimiter = '|', value = {
      "aws:SourceIp=192.0.2.10, aws:ViaAWSService=false | allowed",
      "aws:SourceIp=203.0.113.200, aws:ViaAWSService=false | explicitDeny",
      "aws:SourceIp=203.0.113.200, aws:ViaAWSService=true | allowed",
      "aws:ViaAWSService=false                           | explicitDeny"})
  void sourceIpUnlessViaServiceExample(String ctx, String expected) {
    String p = "{'Version':'2012-10-17','Statement':{'Effect':'Deny','Action':'*','Resource':'*',"
        + "'Condition':{'NotIpAddress':{'aws:SourceIp':['192.0.2.0/24','203.0.113.0/25']},'Bool':{'aws:ViaAWSService':'false'}}}}";
    assertThat(Doc.withAllowAll(p, "s3:GetObject", "arn:aws:s3:::b/k", ctx)).isEqualTo(expected);
  }

  /** Global keys page, aws:SourceVpce: a Deny with StringNotEquals also denies requests that do not come through an endpoint. */
  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource({"aws:SourceVpce=vpce-1a2b3c4d, allowed", "aws:SourceVpce=vpce-ffffffff, explicitDeny", "-, explicitDeny"})
  void sourceVpceExample(String ctx, String expected) {
    String p = "{'Version':'2012-10-17','Statement':{'Effect':'Deny','Action':'s3:*','Resource':['arn:aws:s3:::b','arn:aws:s3:::b/*'],"
        + "'Condition':{'StringNotEquals':{'aws:SourceVpce':'vpce-1a2b3c4d'}}}}";
    assertThat(Doc.withAllowAll(p, "s3:PutObject", "arn:aws:s3:::b/k", ctx)).isEqualTo(expected);
  }

  /**
   * Permissions boundaries page: ShirleyBoundary allows s3:*, cloudwatch:* and ec2:*; her identity
   * policy allows iam:CreateUser — "the policy ... has no effect", the request is implicitly denied.
   */
  @ParameterizedTest(name = "identity {0}: {1} -> {2}")
  @CsvSource({"iam:CreateUser, iam:CreateUser, implicitDeny", "iam:CreateUser, s3:GetObject, implicitDeny",
      "*, s3:GetObject, allowed", "*, ec2:RunInstances, allowed", "*, cloudwatch:GetMetricData, allowed", "*, iam:CreateUser, implicitDeny"})
  void shirleyBoundaryExample(String identityAction, String action, String expected) {
    Policy boundary = Doc.policy("{'Version':'2012-10-17','Statement':[{'Effect':'Allow',"
        + "'Action':['s3:*','cloudwatch:*','ec2:*'],'Resource':'*'}]}");
    Policy identity = Doc.policy("{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'" + identityAction + "','Resource':'*'}}");
    PolicySet set = PolicySet.builder().identity(identity).permissionsBoundary(boundary).build();
    assertThat(Doc.decide(set, "arn:aws:iam::111122223333:user/shirley", action, "*", "-")).isEqualTo(expected);
  }

  /** Boundaries page: "An explicit deny in any of these policies overrides the allow" — a Deny in the boundary. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"s3:GetObject, allowed", "s3:DeleteBucket, explicitDeny"})
  void denyInBoundaryOverrides(String action, String expected) {
    Policy boundary = Doc.policy("{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Action':'s3:*','Resource':'*'},"
        + "{'Effect':'Deny','Action':'s3:DeleteBucket','Resource':'*'}]}");
    PolicySet set = PolicySet.builder().identity(Fx.policy(Fx.allow("*", "*"))).permissionsBoundary(boundary).build();
    assertThat(Doc.decide(set, Fx.USER, action, "arn:aws:s3:::b", "-")).isEqualTo(expected);
  }

  /**
   * Policies page, session policies: "The resulting session's permissions are the intersection of
   * the role's identity-based policy and the session policies"; without a session policy the role's
   * permissions apply.
   */
  @ParameterizedTest(name = "session policy {0}: {1} -> {2}")
  @CsvSource({"s3:GetObject, s3:GetObject, allowed", "s3:GetObject, s3:PutObject, implicitDeny",
      "ec2:*, s3:GetObject, implicitDeny", "none, s3:PutObject, allowed", "none, ec2:RunInstances, implicitDeny"})
  void sessionPolicyIntersection(String sessionAction, String action, String expected) {
    PolicySet.Builder b = PolicySet.builder().identity(Fx.policy(Fx.allow("s3:*", "*")));
    if (!sessionAction.equals("none")) {
      b.sessionPolicies(List.of(Fx.policy(Fx.allow(sessionAction, "*"))));
    }
    assertThat(Doc.decide(b.build(), Fx.SESSION, action, "arn:aws:s3:::b/k", "-")).isEqualTo(expected);
  }

  /**
   * Policy evaluation logic: "an explicit deny in any policy overrides any allows"; order of
   * statements and policies does not matter.
   */
  @ParameterizedTest(name = "deny first {0}: {1} -> {2}")
  @CsvSource({"true, s3:DeleteBucket, explicitDeny", "false, s3:DeleteBucket, explicitDeny", "true, s3:CreateBucket, allowed",
      "false, s3:CreateBucket, allowed"})
  void explicitDenyOverridesInAnyOrder(boolean denyFirst, String action, String expected) {
    String allow = Fx.allow("s3:*", "*");
    String deny = Fx.deny("s3:DeleteBucket", "*");
    Policy p = denyFirst ? Fx.policy(deny, allow) : Fx.policy(allow, deny);
    assertThat(Doc.decide(PolicySet.ofIdentity(p), Fx.USER, action, "arn:aws:s3:::b", "-")).isEqualTo(expected);
  }
}
