package dev.iamlocal.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Spec §3 (Action/NotAction) and §4 (Resource/NotResource), audited against the examples of AWS's
 * element pages ("IAM JSON policy elements: Action", "NotAction", "Resource", "NotResource").
 */
class Section03and04ElementsDocTest {

  /** Action page: "the following value includes all actions related to access keys" — iam:*AccessKey*. */
  @ParameterizedTest(name = "iam:*AccessKey* vs {0} -> {1}")
  @CsvSource({"iam:CreateAccessKey, allowed", "iam:DeleteAccessKey, allowed", "iam:ListAccessKeys, allowed",
      "iam:UpdateAccessKey, allowed", "iam:GetAccessKeyLastUsed, allowed", "IAM:createaccesskey, allowed",
      "iam:CreateUser, implicitDeny", "iam:ListSSHPublicKeys, implicitDeny", "sts:AccessKeyInfo, implicitDeny"})
  void actionWildcardAccessKeyExample(String action, String expected) {
    assertThat(Doc.identity("{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'iam:*AccessKey*','Resource':'*'}}",
        action, "*", "-")).isEqualTo(expected);
  }

  /** Action page: "You can specify multiple actions" — each listed action, from any service, and nothing else. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"sqs:SendMessage, allowed", "sqs:ReceiveMessage, allowed", "ec2:StartInstances, allowed",
      "iam:ChangePassword, allowed", "s3:GetObject, allowed", "s3:PutObject, implicitDeny", "ec2:StopInstances, implicitDeny",
      "sqs:SendMessageBatch, implicitDeny"})
  void actionListExample(String action, String expected) {
    String p = "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':['sqs:SendMessage','sqs:ReceiveMessage',"
        + "'ec2:StartInstances','iam:ChangePassword','s3:GetObject'],'Resource':'*'}}";
    assertThat(Doc.identity(p, action, "*", "-")).isEqualTo(expected);
  }

  /** Action page: "Action": "*" and "s3:*" — every action, every S3 action. */
  @ParameterizedTest(name = "{0} vs {1} -> {2}")
  @CsvSource({"*, ec2:RunInstances, allowed", "*, iam:CreateUser, allowed", "s3:*, s3:CreateBucket, allowed",
      "s3:*, s3:GetObject, allowed", "s3:*, s3express:CreateSession, implicitDeny", "s3:*, ec2:RunInstances, implicitDeny",
      "s3:Get*, s3:getobject, allowed", "s3:Get?bject, s3:GetObject, allowed", "s3:Get?bject, s3:GetObjectAcl, implicitDeny"})
  void actionWildcards(String pattern, String action, String expected) {
    String p = "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'" + pattern + "','Resource':'*'}}";
    assertThat(Doc.identity(p, action, "*", "-")).isEqualTo(expected);
  }

  /**
   * NotAction page: "allows users to access all of the actions in every AWS service, except for
   * IAM" — Allow with NotAction iam:* and Resource *.
   */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"s3:GetObject, allowed", "ec2:RunInstances, allowed", "sagemaker:CreateTrainingJob, allowed",
      "iam:CreateUser, implicitDeny", "iam:PassRole, implicitDeny", "IAM:ListUsers, implicitDeny"})
  void notActionAllowExceptIamExample(String action, String expected) {
    assertThat(Doc.identity("{'Version':'2012-10-17','Statement':{'Effect':'Allow','NotAction':'iam:*','Resource':'*'}}",
        action, "*", "-")).isEqualTo(expected);
  }

  /**
   * NotAction page: "allows users to access all the Amazon S3 actions ... except deleting a bucket"
   * with Resource arn:aws:s3:::* — "does not grant access to actions in other services, because
   * other service actions are not applicable to the S3 resources".
   */
  @ParameterizedTest(name = "{0} on {1} -> {2}")
  @CsvSource({"s3:GetObject, arn:aws:s3:::b/k, allowed", "s3:CreateBucket, arn:aws:s3:::b, allowed",
      "s3:DeleteBucket, arn:aws:s3:::b, implicitDeny", "ec2:RunInstances, arn:aws:ec2:us-east-1:111122223333:instance/i-1, implicitDeny",
      "iam:CreateUser, arn:aws:iam::111122223333:user/x, implicitDeny"})
  void notActionWithS3ResourceExample(String action, String resource, String expected) {
    String p = "{'Version':'2012-10-17','Statement':{'Effect':'Allow','NotAction':'s3:DeleteBucket','Resource':'arn:aws:s3:::*'}}";
    assertThat(Doc.identity(p, action, resource, "-")).isEqualTo(expected);
  }

  /**
   * NotAction page: "deny access to all non-IAM actions if the user is not signed in with MFA" —
   * Deny, NotAction iam:*, BoolIfExists aws:MultiFactorAuthPresent false.
   */
  @ParameterizedTest(name = "{0} MFA={1} -> {2}")
  @CsvSource({"s3:GetObject, true, allowed", "s3:GetObject, false, explicitDeny", "s3:GetObject, -, explicitDeny",
      "iam:CreateVirtualMFADevice, false, allowed", "iam:ListUsers, -, allowed"})
  void notActionDenyWithoutMfaExample(String action, String mfa, String expected) {
    String p = "{'Version':'2012-10-17','Statement':[{'Sid':'DenyAllUsersNotUsingMFA','Effect':'Deny','NotAction':'iam:*',"
        + "'Resource':'*','Condition':{'BoolIfExists':{'aws:MultiFactorAuthPresent':'false'}}}]}";
    assertThat(Doc.withAllowAll(p, action, "*", mfa.equals("-") ? "-" : "aws:MultiFactorAuthPresent=" + mfa)).isEqualTo(expected);
  }

  /** Resource page: IAM path wildcards, "arn:aws:iam::123456789012:user/division_abc/subdivision_xyz/*". */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"arn:aws:iam::111122223333:user/division_abc/subdivision_xyz/Bob, allowed",
      "arn:aws:iam::111122223333:user/division_abc/subdivision_xyz/deeper/Ann, allowed",
      "arn:aws:iam::111122223333:user/division_abc/Bob, implicitDeny",
      "arn:aws:iam::111122223333:user/Division_ABC/subdivision_xyz/Bob, implicitDeny",
      "arn:aws:iam::111122223333:group/division_abc/subdivision_xyz/G, implicitDeny"})
  void resourceIamPathWildcardExample(String resource, String expected) {
    String p = "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'iam:*',"
        + "'Resource':'arn:aws:iam::111122223333:user/division_abc/subdivision_xyz/*'}}";
    assertThat(Doc.identity(p, "iam:GetUser", resource, "-")).isEqualTo(expected);
  }

  /** Resource page: several resources in one array are OR; every segment is compared case-sensitively. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"arn:aws:dynamodb:us-east-2:111122223333:table/books_table, allowed",
      "arn:aws:dynamodb:us-east-2:111122223333:table/magazines_table, allowed",
      "arn:aws:dynamodb:us-east-2:111122223333:table/Books_table, implicitDeny",
      "arn:aws:dynamodb:us-west-2:111122223333:table/books_table, implicitDeny",
      "arn:aws:dynamodb:us-east-2:111122223333:table/books_table/index/i1, implicitDeny"})
  void resourceArrayExample(String resource, String expected) {
    String p = "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'dynamodb:*','Resource':["
        + "'arn:aws:dynamodb:us-east-2:111122223333:table/books_table','arn:aws:dynamodb:us-east-2:111122223333:table/magazines_table']}}";
    assertThat(Doc.identity(p, "dynamodb:GetItem", resource, "-")).isEqualTo(expected);
  }

  /** Resource page: wildcards in the region and account segments ("arn:aws:ec2:*:*:instance/*"). */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"arn:aws:ec2:us-east-1:111122223333:instance/i-1, allowed", "arn:aws:ec2:eu-west-3:111122223333:instance/i-9, allowed",
      "arn:aws:ec2:us-east-1:111122223333:volume/vol-1, implicitDeny", "arn:aws:ec2:us-east-1:111122223333:instance, implicitDeny"})
  void resourceRegionAndAccountWildcards(String resource, String expected) {
    String p = "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'ec2:*','Resource':'arn:aws:ec2:*:*:instance/*'}}";
    assertThat(Doc.identity(p, "ec2:StopInstances", resource, "-")).isEqualTo(expected);
  }

  /**
   * NotResource page: Allow s3:* with NotResource on the Payroll folder — "allows access to all
   * Amazon S3 resources ... except the Payroll folder", and (the page's warning) to every other
   * service's resources too if the action allowed it.
   */
  @ParameterizedTest(name = "{0} on {1} -> {2}")
  @CsvSource({"s3:GetObject, arn:aws:s3:::HRBucket/Other/x, allowed", "s3:GetObject, arn:aws:s3:::HRBucket/Payroll, implicitDeny",
      "s3:GetObject, arn:aws:s3:::HRBucket/Payroll/x, implicitDeny", "s3:ListBucket, arn:aws:s3:::HRBucket, allowed",
      "s3:GetObject, arn:aws:s3:::hrbucket/Payroll/x, allowed", "ec2:RunInstances, *, implicitDeny"})
  void notResourceAllowExample(String action, String resource, String expected) {
    String p = "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'s3:*',"
        + "'NotResource':['arn:aws:s3:::HRBucket/Payroll','arn:aws:s3:::HRBucket/Payroll/*']}}";
    assertThat(Doc.identity(p, action, resource, "-")).isEqualTo(expected);
  }

  /**
   * NotResource page: Deny with NotResource "denies access to all resources except" the listed
   * ones: a Deny of everything not matching, next to an Allow of everything.
   */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"arn:aws:s3:::HRBucket/Payroll/x, allowed", "arn:aws:s3:::HRBucket/Other, explicitDeny",
      "arn:aws:iam::111122223333:user/x, explicitDeny", "*, explicitDeny"})
  void notResourceDenyExample(String resource, String expected) {
    String p = "{'Version':'2012-10-17','Statement':{'Effect':'Deny','Action':'*',"
        + "'NotResource':['arn:aws:s3:::HRBucket/Payroll','arn:aws:s3:::HRBucket/Payroll/*']}}";
    assertThat(Doc.withAllowAll(p, "s3:GetObject", resource, "-")).isEqualTo(expected);
  }

  /** Resource page: "arn:aws:s3:::amzn-s3-demo-bucket/*" covers the objects, not the bucket itself. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"arn:aws:s3:::amzn-s3-demo-bucket/a, allowed", "arn:aws:s3:::amzn-s3-demo-bucket/a/b/c.txt, allowed",
      "arn:aws:s3:::amzn-s3-demo-bucket, implicitDeny", "arn:aws:s3:::amzn-s3-demo-bucket2/a, implicitDeny"})
  void bucketObjectsButNotBucket(String resource, String expected) {
    String p = "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'s3:*','Resource':'arn:aws:s3:::amzn-s3-demo-bucket/*'}}";
    assertThat(Doc.identity(p, "s3:GetObject", resource, "-")).isEqualTo(expected);
  }
}
