package dev.iamlocal.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.evaluation.PolicySet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Spec §7 (policy variables), audited against the examples of AWS's "IAM policy elements: Variables and tags" page. */
class Section07VariablesDocTest {

  /** Variables page: "allow each user to access his or her own objects" — arn:aws:s3:::amzn-s3-demo-bucket/${aws:username}/*. */
  @ParameterizedTest(name = "{0} with [{1}] -> {2}")
  @CsvSource(delimiter = '|', value = {
      "arn:aws:s3:::amzn-s3-demo-bucket/alice/a.txt | aws:username=alice | allowed",
      "arn:aws:s3:::amzn-s3-demo-bucket/bob/a.txt   | aws:username=alice | implicitDeny",
      "arn:aws:s3:::amzn-s3-demo-bucket/Alice/a.txt | aws:username=alice | implicitDeny",
      "arn:aws:s3:::amzn-s3-demo-bucket/alice/a.txt | AWS:UserName=alice | allowed",
      "arn:aws:s3:::amzn-s3-demo-bucket/alice/a.txt | -                  | implicitDeny",
      "arn:aws:s3:::amzn-s3-demo-bucket/${aws:username}/a.txt | -        | implicitDeny"})
  void usernameInResourceExample(String resource, String ctx, String expected) {
    String p = "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':['s3:GetObject','s3:PutObject'],"
        + "'Resource':'arn:aws:s3:::amzn-s3-demo-bucket/${aws:username}/*'}}";
    assertThat(Doc.identity(p, "s3:GetObject", resource, ctx)).isEqualTo(expected);
  }

  /** Variables page: "Version 2012-10-17 ... Earlier versions of the policy language don't support policy variables". */
  @ParameterizedTest(name = "Version {0}: {1} -> {2}")
  @CsvSource({"2008-10-17, arn:aws:s3:::amzn-s3-demo-bucket/alice/a.txt, implicitDeny",
      "2008-10-17, arn:aws:s3:::amzn-s3-demo-bucket/${aws:username}/a.txt, allowed",
      "2012-10-17, arn:aws:s3:::amzn-s3-demo-bucket/alice/a.txt, allowed"})
  void variablesNeedVersion2012(String version, String resource, String expected) {
    String p = "{'Version':'" + version + "','Statement':{'Effect':'Allow','Action':'s3:GetObject',"
        + "'Resource':'arn:aws:s3:::amzn-s3-demo-bucket/${aws:username}/*'}}";
    assertThat(Doc.identity(p, "s3:GetObject", resource, "aws:username=alice")).isEqualTo(expected);
  }

  /** Variables page: "allows each IAM user to manage their own credentials" — arn:aws:iam::*:user/${aws:username}. */
  @ParameterizedTest(name = "{0} on {1} -> {2}")
  @CsvSource({"iam:CreateAccessKey, arn:aws:iam::111122223333:user/alice, allowed",
      "iam:ListSSHPublicKeys, arn:aws:iam::111122223333:user/alice, allowed",
      "iam:CreateAccessKey, arn:aws:iam::111122223333:user/bob, implicitDeny",
      "iam:CreateAccessKey, arn:aws:iam::111122223333:user/team/alice, implicitDeny",
      "iam:DeleteUser, arn:aws:iam::111122223333:user/alice, implicitDeny"})
  void manageOwnCredentialsExample(String action, String resource, String expected) {
    String p = "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':['iam:*AccessKey*','iam:*SSHPublicKey*'],"
        + "'Resource':'arn:aws:iam::*:user/${aws:username}'}}";
    assertThat(Doc.identity(p, action, resource, "aws:username=alice")).isEqualTo(expected);
  }

  /**
   * Variables page, tags as variables: "StringEquals": {"aws:ResourceTag/project": "${aws:PrincipalTag/project}"}
   * — access only when the resource's project tag equals the principal's.
   */
  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(delimiter = '|', value = {
      "aws:PrincipalTag/project=blue, aws:ResourceTag/project=blue | allowed",
      "aws:PrincipalTag/project=blue, aws:ResourceTag/project=Blue | implicitDeny",
      "aws:PrincipalTag/project=blue, aws:ResourceTag/project=red  | implicitDeny",
      "aws:ResourceTag/project=blue                                 | implicitDeny",
      "aws:PrincipalTag/project=blue                                | implicitDeny",
      "aws:principaltag/PROJECT=blue, aws:resourcetag/Project=blue  | allowed"})
  void principalTagAsVariableExample(String ctx, String expected) {
    String p = "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'ec2:StartInstances','Resource':'*',"
        + "'Condition':{'StringEquals':{'aws:ResourceTag/project':'${aws:PrincipalTag/project}'}}}}";
    assertThat(Doc.identity(p, "ec2:StartInstances", "*", ctx)).isEqualTo(expected);
  }

  /** Variables page, "Specifying default values": ${aws:PrincipalTag/team, 'company-wide'} in a Resource. */
  @ParameterizedTest(name = "[{0}] on {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "aws:PrincipalTag/team=yellow | arn:aws:s3:::amzn-s3-demo-bucket-yellow/k       | allowed",
      "-                            | arn:aws:s3:::amzn-s3-demo-bucket-company-wide/k | allowed",
      "aws:PrincipalTag/team=yellow | arn:aws:s3:::amzn-s3-demo-bucket-company-wide/k | implicitDeny",
      "-                            | arn:aws:s3:::amzn-s3-demo-bucket-yellow/k       | implicitDeny"})
  void defaultValueExample(String ctx, String resource, String expected) {
    String p = "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'s3:*',"
        + "'Resource':'arn:aws:s3:::amzn-s3-demo-bucket-${aws:PrincipalTag/team, 'company-wide'}/*'}}";
    // the default value's quotes are single quotes in the policy text; keep them apart from Doc's quote shorthand
    String json = p.replace('\'', '"').replace("\"company-wide\"", "'company-wide'");
    assertThat(Doc.decide(PolicySet.ofIdentity(dev.iamlocal.evaluation.Policy.parse("p", json)), Fx.USER, "s3:GetObject",
        resource, ctx)).isEqualTo(expected);
  }

  /**
   * Variables page, special characters: "${*}, ${?}, ${$} ... Use these only when you need the
   * literal character": a Resource with ${*} matches only a key with a literal *.
   */
  @ParameterizedTest(name = "{0} vs {1} -> {2}")
  @CsvSource({"arn:aws:s3:::b/${*}, arn:aws:s3:::b/*, allowed", "arn:aws:s3:::b/${*}, arn:aws:s3:::b/x, implicitDeny",
      "arn:aws:s3:::b/a${?}c, arn:aws:s3:::b/a?c, allowed", "arn:aws:s3:::b/a${?}c, arn:aws:s3:::b/abc, implicitDeny",
      "arn:aws:s3:::b/${$}{x}, arn:aws:s3:::b/${x}, allowed"})
  void escapesInResources(String pattern, String resource, String expected) {
    String p = "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'s3:GetObject','Resource':'" + pattern + "'}}";
    assertThat(Doc.identity(p, "s3:GetObject", resource, "-")).isEqualTo(expected);
  }

  /**
   * Variables page: "If the value is not present ... the policy variable ... For conditions with
   * negated matching operators (StringNotEquals) ... the condition returns true" — Deny when the
   * object's team differs from the principal's, or the principal has none.
   */
  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(delimiter = '|', value = {
      "aws:PrincipalTag/team=red, s3:ExistingObjectTag/team=red  | allowed",
      "aws:PrincipalTag/team=red, s3:ExistingObjectTag/team=blue | explicitDeny",
      "s3:ExistingObjectTag/team=red                             | explicitDeny",
      "aws:PrincipalTag/team=red                                 | explicitDeny",
      "-                                                         | explicitDeny"})
  void unresolvedVariableInNegatedConditionDenies(String ctx, String expected) {
    String p = "{'Version':'2012-10-17','Statement':{'Effect':'Deny','Action':'s3:GetObject','Resource':'*',"
        + "'Condition':{'StringNotEquals':{'s3:ExistingObjectTag/team':'${aws:PrincipalTag/team}'}}}}";
    assertThat(Doc.withAllowAll(p, "s3:GetObject", "arn:aws:s3:::b/k", ctx)).isEqualTo(expected);
  }

  /** Variables page, request information: ${aws:userid} and ${aws:PrincipalType} substitute their single values. */
  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(delimiter = '|', value = {
      "aws:userid=AIDAJQABLZS4A3QDU576Q, aws:PrincipalType=User | allowed",
      "aws:userid=AIDAJQABLZS4A3QDU576Q, aws:PrincipalType=AssumedRole | implicitDeny",
      "aws:userid=AROAEXAMPLE:sess, aws:PrincipalType=User | implicitDeny"})
  void useridAndPrincipalTypeVariables(String ctx, String expected) {
    String p = "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'s3:GetObject',"
        + "'Resource':'arn:aws:s3:::b/${aws:PrincipalType}/${aws:userid}/*'}}";
    assertThat(Doc.identity(p, "s3:GetObject", "arn:aws:s3:::b/User/AIDAJQABLZS4A3QDU576Q/x", ctx)).isEqualTo(expected);
  }

  /** Condition operators page: "You can not use a policy variable with the Date/Numeric/IP/Binary condition operator" — fails closed. */
  @ParameterizedTest(name = "{0} with a variable -> implicitDeny")
  @CsvSource({"DateGreaterThan, aws:CurrentTime, 2024-01-01T00:00:00Z", "NumericEquals, s3:max-keys, 10",
      "IpAddress, aws:SourceIp, 10.0.0.1", "BinaryEquals, k:bin, eA=="})
  void variablesInNonStringOperatorsDoNotSubstitute(String op, String key, String value) {
    String p = "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'s3:GetObject','Resource':'*',"
        + "'Condition':{'" + op + "':{'" + key + "':'${k:value}'}}}}";
    assertThat(Doc.identity(p, "s3:GetObject", "arn:aws:s3:::b/k", key + "=" + value + ", k:value=" + value)).isEqualTo("implicitDeny");
  }
}
