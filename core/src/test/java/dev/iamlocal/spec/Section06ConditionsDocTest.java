package dev.iamlocal.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Spec §6 (conditions), audited case by case against the examples of AWS's pages: "IAM JSON policy
 * elements: Condition operators", "Condition" and the single- and multivalued context key example
 * pages. Each test names the page's example; each row is the page's request and its documented
 * result ("Match" of a Deny example reads explicitDeny next to an Allow of everything).
 */
class Section06ConditionsDocTest {

  /** Condition operators page, String: "the principal making the request must be tagged with the iamuser-admin job category". */
  static final String JOB_CATEGORY = "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'iam:*AccessKey*',"
      + "'Resource':'arn:aws:iam::111122223333:user/*','Condition':{'StringEquals':{'aws:PrincipalTag/job-category':'iamuser-admin'}}}}";

  @ParameterizedTest(name = "{0} on {1} with [{2}] -> {3}")
  @CsvSource(delimiter = '|', value = {
      "iam:CreateAccessKey | arn:aws:iam::111122223333:user/bob | aws:PrincipalTag/job-category=iamuser-admin | allowed",
      "iam:ListAccessKeys  | arn:aws:iam::111122223333:user/bob | aws:PrincipalTag/job-category=iamuser-admin | allowed",
      "iam:UpdateAccessKey | arn:aws:iam::111122223333:user/bob | aws:PrincipalTag/job-category=iamuser-admin | allowed",
      "iam:CreateUser      | arn:aws:iam::111122223333:user/bob | aws:PrincipalTag/job-category=iamuser-admin | implicitDeny",
      "iam:CreateAccessKey | arn:aws:iam::111122223333:role/R   | aws:PrincipalTag/job-category=iamuser-admin | implicitDeny",
      "iam:CreateAccessKey | arn:aws:iam::111122223333:user/bob | aws:PrincipalTag/job-category=IAMUSER-ADMIN | implicitDeny",
      "iam:CreateAccessKey | arn:aws:iam::111122223333:user/bob | AWS:PRINCIPALTAG/JOB-CATEGORY=iamuser-admin | allowed",
      "iam:CreateAccessKey | arn:aws:iam::111122223333:user/bob | -                                           | implicitDeny"})
  void stringEqualsJobCategoryExample(String action, String resource, String ctx, String expected) {
    assertThat(Doc.identity(JOB_CATEGORY, action, resource, ctx)).isEqualTo(expected);
  }

  /** Condition page: "StringEquals ... only requests made by john match. Users named John are denied access." */
  @ParameterizedTest(name = "{0} aws:username={1} -> {2}")
  @CsvSource({"StringEquals, john, true", "StringEquals, John, false", "StringEqualsIgnoreCase, John, true",
      "StringEqualsIgnoreCase, JOHN, true", "StringEqualsIgnoreCase, johnny, false", "StringNotEqualsIgnoreCase, JOHN, false",
      "StringNotEqualsIgnoreCase, jane, true", "StringNotEquals, John, true"})
  void conditionPageJohnExample(String op, String user, boolean expected) {
    assertThat(Fx.cond(op, "aws:username", "\"john\"", Fx.ctx("aws:username", user))).isEqualTo(expected);
  }

  /** Condition operators page, StringLike: the S3 "home directory" policy with ${aws:username}. */
  static final String HOME = "{'Version':'2012-10-17','Statement':["
      + "{'Effect':'Allow','Action':['s3:ListAllMyBuckets','s3:GetBucketLocation'],'Resource':'arn:aws:s3:::*'},"
      + "{'Effect':'Allow','Action':'s3:ListBucket','Resource':'arn:aws:s3:::BUCKET-NAME',"
      + "'Condition':{'StringLike':{'s3:prefix':['','home/','home/${aws:username}/']}}},"
      + "{'Effect':'Allow','Action':'s3:*','Resource':['arn:aws:s3:::BUCKET-NAME/home/${aws:username}',"
      + "'arn:aws:s3:::BUCKET-NAME/home/${aws:username}/*']}]}";

  @ParameterizedTest(name = "{0} on {1} with [{2}] -> {3}")
  @CsvSource(delimiter = '|', value = {
      "s3:ListAllMyBuckets  | arn:aws:s3:::any-bucket               | aws:username=alice                       | allowed",
      "s3:GetBucketLocation | arn:aws:s3:::BUCKET-NAME              | aws:username=alice                       | allowed",
      "s3:ListBucket        | arn:aws:s3:::BUCKET-NAME              | aws:username=alice, s3:prefix=           | allowed",
      "s3:ListBucket        | arn:aws:s3:::BUCKET-NAME              | aws:username=alice, s3:prefix=home/      | allowed",
      "s3:ListBucket        | arn:aws:s3:::BUCKET-NAME              | aws:username=alice, s3:prefix=home/alice/ | allowed",
      "s3:ListBucket        | arn:aws:s3:::BUCKET-NAME              | aws:username=alice, s3:prefix=home/bob/  | implicitDeny",
      "s3:ListBucket        | arn:aws:s3:::BUCKET-NAME              | aws:username=alice, s3:prefix=home/alice/photos/ | implicitDeny",
      "s3:ListBucket        | arn:aws:s3:::BUCKET-NAME              | aws:username=alice                       | implicitDeny",
      "s3:ListBucket        | arn:aws:s3:::OTHER                    | aws:username=alice, s3:prefix=home/      | implicitDeny",
      "s3:GetObject         | arn:aws:s3:::BUCKET-NAME/home/alice/a.txt | aws:username=alice                   | allowed",
      "s3:PutObject         | arn:aws:s3:::BUCKET-NAME/home/alice   | aws:username=alice                       | allowed",
      "s3:GetObject         | arn:aws:s3:::BUCKET-NAME/home/bob/a.txt | aws:username=alice                     | implicitDeny",
      "s3:GetObject         | arn:aws:s3:::BUCKET-NAME/home/alice/a.txt | -                                    | implicitDeny"})
  void stringLikeHomeDirectoryExample(String action, String resource, String ctx, String expected) {
    assertThat(Doc.identity(HOME, action, resource, ctx)).isEqualTo(expected);
  }

  /** Condition operators page, Numeric: "the requester can list up to 10 objects in example_bucket at a time". */
  @ParameterizedTest(name = "s3:max-keys={0} -> {1}")
  @CsvSource({"1, allowed", "10, allowed", "10.0, allowed", "11, implicitDeny", "100, implicitDeny", "-, implicitDeny"})
  void numericLessThanEqualsMaxKeysExample(String maxKeys, String expected) {
    String p = "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'s3:ListBucket',"
        + "'Resource':'arn:aws:s3:::example_bucket','Condition':{'NumericLessThanEquals':{'s3:max-keys':'10'}}}}";
    assertThat(Doc.identity(p, "s3:ListBucket", "arn:aws:s3:::example_bucket", maxKeys.equals("-") ? "-" : "s3:max-keys=" + maxKeys))
        .isEqualTo(expected);
  }

  /**
   * Condition operators page, Date: "the temporary security credentials used to make the request
   * were issued in 2020" — "The key is not present ... made using access keys ... the request is denied".
   */
  @ParameterizedTest(name = "aws:TokenIssueTime={0} -> {1}")
  @CsvSource({"2020-06-01T00:00:00Z, allowed", "2020-01-01T00:00:02Z, allowed", "2020-01-01T00:00:01Z, implicitDeny",
      "2019-12-31T23:59:59Z, implicitDeny", "2020-01-01T01:00:00+01:00, implicitDeny", "1600000000, allowed", "-, implicitDeny"})
  void dateGreaterThanTokenIssueTimeExample(String issued, String expected) {
    String p = "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'iam:*AccessKey*',"
        + "'Resource':'arn:aws:iam::111122223333:user/*','Condition':{'DateGreaterThan':{'aws:TokenIssueTime':'2020-01-01T00:00:01Z'}}}}";
    assertThat(Doc.identity(p, "iam:CreateAccessKey", "arn:aws:iam::111122223333:user/bob",
        issued.equals("-") ? "-" : "aws:TokenIssueTime=" + issued)).isEqualTo(expected);
  }

  /** Condition operators page, Boolean: "deny all S3 actions on a bucket and its contents if the request is not over SSL". */
  @ParameterizedTest(name = "{0} on {1} SecureTransport={2} -> {3}")
  @CsvSource(delimiter = '|', value = {
      "s3:GetObject | arn:aws:s3:::DOC-EXAMPLE-BUCKET/a   | false | explicitDeny",
      "s3:ListBucket | arn:aws:s3:::DOC-EXAMPLE-BUCKET    | false | explicitDeny",
      "s3:GetObject | arn:aws:s3:::DOC-EXAMPLE-BUCKET/a   | true  | allowed",
      "s3:GetObject | arn:aws:s3:::OTHER-BUCKET/a         | false | allowed",
      "s3:GetObject | arn:aws:s3:::DOC-EXAMPLE-BUCKET/a   | -     | allowed",
      "ec2:RunInstances | *                               | false | allowed"})
  void boolSecureTransportDenyExample(String action, String resource, String secure, String expected) {
    String p = "{'Version':'2012-10-17','Statement':[{'Sid':'BooleanExample','Action':'s3:*','Effect':'Deny',"
        + "'Resource':['arn:aws:s3:::DOC-EXAMPLE-BUCKET','arn:aws:s3:::DOC-EXAMPLE-BUCKET/*'],"
        + "'Condition':{'Bool':{'aws:SecureTransport':'false'}}}]}";
    assertThat(Doc.withAllowAll(p, action, resource, secure.equals("-") ? "-" : "aws:SecureTransport=" + secure)).isEqualTo(expected);
  }

  /** Condition operators page, IP: "the request must come from the IP range 203.0.113.0 to 203.0.113.255". */
  @ParameterizedTest(name = "aws:SourceIp={0} -> {1}")
  @CsvSource({"203.0.113.0, allowed", "203.0.113.255, allowed", "203.0.113.77, allowed", "203.0.114.0, implicitDeny",
      "203.0.112.255, implicitDeny", "2001:db8::1, implicitDeny", "-, implicitDeny"})
  void ipAddressRangeExample(String ip, String expected) {
    String p = "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'iam:*AccessKey*',"
        + "'Resource':'arn:aws:iam::111122223333:user/*','Condition':{'IpAddress':{'aws:SourceIp':'203.0.113.0/24'}}}}";
    assertThat(Doc.identity(p, "iam:ListAccessKeys", "arn:aws:iam::111122223333:user/bob",
        ip.equals("-") ? "-" : "aws:SourceIp=" + ip)).isEqualTo(expected);
  }

  /** Condition operators page, IP: "mix IPv4 and IPv6 addresses to cover all of your organization's valid IP addresses". */
  @ParameterizedTest(name = "aws:SourceIp={0} -> {1}")
  @CsvSource({"203.0.113.9, allowed", "2001:DB8:1234:5678::1, allowed", "2001:db8:1234:5678:ffff:ffff:ffff:ffff, allowed",
      "2001:db8:1234:5679::, implicitDeny", "198.51.100.1, implicitDeny"})
  void ipv4AndIpv6MixedExample(String ip, String expected) {
    String p = "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'someservice:*','Resource':'*',"
        + "'Condition':{'IpAddress':{'aws:SourceIp':['203.0.113.0/24','2001:DB8:1234:5678::/64']}}}}";
    assertThat(Doc.identity(p, "someservice:DoThing", "*", "aws:SourceIp=" + ip)).isEqualTo(expected);
  }

  /** IP operators: "If you specify an IP address without the associated routing prefix, IAM uses the default prefix value of /32." */
  @ParameterizedTest(name = "IpAddress 203.0.113.5 vs {0} -> {1}")
  @CsvSource({"203.0.113.5, true", "203.0.113.6, false", "203.0.113.4, false"})
  void ipWithoutPrefixIsSlash32(String ip, boolean expected) {
    assertThat(Fx.cond("IpAddress", "aws:SourceIp", "\"203.0.113.5\"", Fx.ctx("aws:SourceIp", ip))).isEqualTo(expected);
  }

  /**
   * Condition operators page, ARN: the SQS queue policy that allows an SNS topic to send messages:
   * "ArnEquals": {"aws:SourceArn": "arn:aws:sns:REGION:123456789012:TOPIC-ID"}.
   */
  @ParameterizedTest(name = "{0} aws:SourceArn={1} -> {2}")
  @CsvSource({
      "ArnEquals, arn:aws:sns:us-east-1:123456789012:TOPIC-ID, true",
      "ArnEquals, arn:aws:sns:us-east-1:123456789012:OTHER, false",
      "ArnEquals, arn:aws:sns:us-east-1:999999999999:TOPIC-ID, false",
      "ArnEquals, -, false",
      "ArnLike, arn:aws:sns:us-east-1:123456789012:TOPIC-ID, true",
      "ArnNotEquals, arn:aws:sns:us-east-1:123456789012:OTHER, true",
      "ArnNotEquals, arn:aws:sns:us-east-1:123456789012:TOPIC-ID, false",
      "ArnNotEquals, -, true"})
  void arnEqualsSnsTopicExample(String op, String arn, boolean expected) {
    var ctx = arn.equals("-") ? Fx.ctx() : Fx.ctx("aws:SourceArn", arn);
    assertThat(Fx.cond(op, "aws:SourceArn", "\"arn:aws:sns:us-east-1:123456789012:TOPIC-ID\"", ctx)).isEqualTo(expected);
  }

  /**
   * Condition operators page, Null: "the condition ... checks whether the aws:TokenIssueTime key is
   * present ... if the value is true, the key is absent (temporary credentials were not used)".
   */
  @ParameterizedTest(name = "Null {0}, key [{1}] -> {2}")
  @CsvSource({"true, -, allowed", "true, aws:TokenIssueTime=2024-01-01T00:00:00Z, implicitDeny",
      "false, aws:TokenIssueTime=2024-01-01T00:00:00Z, allowed", "false, -, implicitDeny"})
  void nullTokenIssueTimeExample(String value, String ctx, String expected) {
    String p = "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'ec2:*','Resource':'*',"
        + "'Condition':{'Null':{'aws:TokenIssueTime':'" + value + "'}}}}";
    assertThat(Doc.identity(p, "ec2:DescribeInstances", "*", ctx)).isEqualTo(expected);
  }

  // ---- Multivalued context key examples page ----

  static final String DENY_NOT_KEY1 = "{'Version':'2012-10-17','Statement':[{'Sid':'DenyRestrictedTags','Effect':'Deny',"
      + "'Action':['iam:Tag*','iam:UnTag*'],'Resource':['*'],'Condition':{'ForAllValues:StringNotLike':{'aws:TagKeys':'key1*'}}}]}";

  /** "Deny a single policy condition value for a multivalued context key": the page's four rows. */
  @ParameterizedTest(name = "aws:TagKeys {0} -> {1}")
  @CsvSource({"[key1:legal], allowed", "[key1:hr;key1:personnel], allowed", "[key2:audit], explicitDeny", "-, explicitDeny",
      "[key1:hr;key2:audit], allowed"})
  void forAllValuesStringNotLikeSingleValueExample(String tagKeys, String expected) {
    assertThat(Doc.withAllowAll(DENY_NOT_KEY1, "iam:TagUser", "arn:aws:iam::111122223333:user/bob",
        tagKeys.equals("-") ? "-" : "aws:TagKeys=" + tagKeys)).isEqualTo(expected);
  }

  /** "Deny multiple policy condition values for a multivalued context key": the page's five rows. */
  @ParameterizedTest(name = "aws:TagKeys {0} -> {1}")
  @CsvSource({"[key1:legal], allowed", "[key1:hr;key1:personnel], allowed", "[key1:hr;key2:audit], allowed",
      "[key3:legal], explicitDeny", "-, explicitDeny", "[key1:hr;key3:legal], allowed"})
  void forAllValuesStringNotLikeTwoValuesExample(String tagKeys, String expected) {
    String p = DENY_NOT_KEY1.replace("'aws:TagKeys':'key1*'", "'aws:TagKeys':['key1*','key2*']");
    assertThat(Doc.withAllowAll(p, "iam:UntagRole", "arn:aws:iam::111122223333:role/R",
        tagKeys.equals("-") ? "-" : "aws:TagKeys=" + tagKeys)).isEqualTo(expected);
  }

  /** "Deny policy with condition set operator ForAnyValue": the snapshot example's four rows. */
  @ParameterizedTest(name = "aws:TagKeys {0} -> {1}")
  @CsvSource({"[webserver], explicitDeny", "[environment;webserver;test], explicitDeny", "[environment;test], allowed",
      "-, allowed", "[WebServer], allowed"})
  void forAnyValueStringEqualsSnapshotExample(String tagKeys, String expected) {
    String p = "{'Version':'2012-10-17','Statement':[{'Effect':'Deny','Action':['ec2:CreateSnapshot','ec2:CreateSnapshots'],"
        + "'Resource':'arn:aws:ec2:us-west-2::snapshot/*','Condition':{'ForAnyValue:StringEquals':{'aws:TagKeys':'webserver'}}}]}";
    assertThat(Doc.withAllowAll(p, "ec2:CreateSnapshot", "arn:aws:ec2:us-west-2::snapshot/snap-1",
        tagKeys.equals("-") ? "-" : "aws:TagKeys=" + tagKeys)).isEqualTo(expected);
  }

  /** The snapshot example's Resource names snapshots only: a volume is not denied whatever its tags. */
  @org.junit.jupiter.api.Test
  void forAnyValueSnapshotExampleDoesNotReachOtherResources() {
    String p = "{'Version':'2012-10-17','Statement':[{'Effect':'Deny','Action':['ec2:CreateSnapshot','ec2:CreateSnapshots'],"
        + "'Resource':'arn:aws:ec2:us-west-2::snapshot/*','Condition':{'ForAnyValue:StringEquals':{'aws:TagKeys':'webserver'}}}]}";
    assertThat(Doc.withAllowAll(p, "ec2:CreateSnapshot", "arn:aws:ec2:us-west-2:111122223333:volume/vol-1",
        "aws:TagKeys=[webserver]")).isEqualTo("allowed");
  }

  /**
   * "ForAllValues ... also returns true if there are no context keys in the request or if the
   * context key value resolves to a null dataset, such as an empty string"; the Null guard
   * ("Null": false) prevents that.
   */
  @ParameterizedTest(name = "aws:TagKeys {0}: ForAllValues alone {1}, with Null guard {2}")
  @CsvSource({"-, true, false", "[], true, false", "[environment], true, true", "[dept], false, false"})
  void forAllValuesEmptySetAndNullGuard(String tagKeys, boolean alone, boolean guarded) {
    var ctx = Doc.ctx(tagKeys.equals("-") ? "-" : "aws:TagKeys=" + tagKeys);
    assertThat(Fx.cond("{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"environment\",\"cost-center\"]}}", ctx)).isEqualTo(alone);
    assertThat(Fx.cond("{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"environment\",\"cost-center\"]},"
        + "\"Null\":{\"aws:TagKeys\":\"false\"}}", ctx)).isEqualTo(guarded);
  }

  /** "ForAnyValue ... returns false if there are no context keys in the request or ... a null dataset". */
  @ParameterizedTest(name = "aws:TagKeys {0} -> {1}")
  @CsvSource({"-, false", "[], false", "[environment], true"})
  void forAnyValueEmptySetIsFalse(String tagKeys, boolean expected) {
    var ctx = Doc.ctx(tagKeys.equals("-") ? "-" : "aws:TagKeys=" + tagKeys);
    assertThat(Fx.cond("ForAnyValue:StringEquals", "aws:TagKeys", "[\"environment\",\"cost-center\"]", ctx)).isEqualTo(expected);
  }

  // ---- Conditions with multiple context keys or values page ----

  /**
   * The page's S3 bucket policy: "The user making the request must have both principal tag keys,
   * department and role, that include one of the tag key values specified in the policy" and an
   * aws:PrincipalArn matching ArnLike — all keys AND, values OR.
   */
  static final String MULTI = "{\"StringEquals\":{\"aws:PrincipalTag/department\":[\"finance\",\"hr\",\"legal\"],"
      + "\"aws:PrincipalTag/role\":[\"audit\",\"security\"]},"
      + "\"ArnLike\":{\"aws:PrincipalArn\":[\"arn:aws:iam::222222222222:user/Ana\",\"arn:aws:iam::222222222222:role/Mary\"]}}";

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(delimiter = '|', value = {
      "aws:PrincipalTag/department=finance, aws:PrincipalTag/role=audit, aws:PrincipalArn=arn:aws:iam::222222222222:user/Ana | true",
      "aws:PrincipalTag/department=hr, aws:PrincipalTag/role=security, aws:PrincipalArn=arn:aws:iam::222222222222:role/Mary | true",
      "aws:PrincipalTag/department=legal, aws:PrincipalTag/role=audit, aws:PrincipalArn=arn:aws:iam::222222222222:role/Mary | true",
      "aws:PrincipalTag/department=finance, aws:PrincipalTag/role=audit, aws:PrincipalArn=arn:aws:iam::222222222222:user/Bob | false",
      "aws:PrincipalTag/department=finance, aws:PrincipalTag/role=dev, aws:PrincipalArn=arn:aws:iam::222222222222:user/Ana | false",
      "aws:PrincipalTag/department=finance, aws:PrincipalArn=arn:aws:iam::222222222222:user/Ana | false",
      "aws:PrincipalTag/role=audit, aws:PrincipalArn=arn:aws:iam::222222222222:user/Ana | false",
      "aws:PrincipalTag/department=Finance, aws:PrincipalTag/role=audit, aws:PrincipalArn=arn:aws:iam::222222222222:user/Ana | false"})
  void multipleKeysAndValuesExample(String ctx, boolean expected) {
    assertThat(Fx.cond(MULTI, Doc.ctx(ctx))).isEqualTo(expected);
  }

  /**
   * The page's negated twin: "If a single negated matching condition operator includes multiple
   * values for a context key, those values are evaluated using a logical NOR" — the Deny applies
   * when the department is none of the listed and the role none of the listed and the ARN none.
   */
  static final String NEGATED = "{\"StringNotEquals\":{\"aws:PrincipalTag/department\":[\"finance\",\"hr\",\"legal\"],"
      + "\"aws:PrincipalTag/role\":[\"audit\",\"security\"]},"
      + "\"ArnNotLike\":{\"aws:PrincipalArn\":[\"arn:aws:iam::222222222222:user/Ana\",\"arn:aws:iam::222222222222:role/Mary\"]}}";

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(delimiter = '|', value = {
      "aws:PrincipalTag/department=dev, aws:PrincipalTag/role=dev, aws:PrincipalArn=arn:aws:iam::222222222222:user/Bob | true",
      "aws:PrincipalTag/department=finance, aws:PrincipalTag/role=dev, aws:PrincipalArn=arn:aws:iam::222222222222:user/Bob | false",
      "aws:PrincipalTag/department=dev, aws:PrincipalTag/role=audit, aws:PrincipalArn=arn:aws:iam::222222222222:user/Bob | false",
      "aws:PrincipalTag/department=dev, aws:PrincipalTag/role=dev, aws:PrincipalArn=arn:aws:iam::222222222222:user/Ana | false",
      "aws:PrincipalArn=arn:aws:iam::222222222222:user/Bob | true",
      "- | true"})
  void negatedMultipleKeysAndValuesExample(String ctx, boolean expected) {
    assertThat(Fx.cond(NEGATED, Doc.ctx(ctx))).isEqualTo(expected);
  }

  // ---- Single-valued context key examples page ----

  /**
   * "The request context must include a value for context key aws:RequestTag/project, and the value
   * for context key aws:ResourceTag/environment can be anything except production."
   */
  static final String VOLUME = "{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Action':'ec2:CreateVolume','Resource':'*'},"
      + "{'Effect':'Allow','Action':'ec2:CreateTags','Resource':'arn:aws:ec2:us-east-2:123456789012:volume/*',"
      + "'Condition':{'StringLike':{'aws:RequestTag/project':'*'}}},"
      + "{'Effect':'Allow','Action':'ec2:CreateTags','Resource':'arn:aws:ec2:us-east-2:123456789012:*/*',"
      + "'Condition':{'StringNotEquals':{'aws:ResourceTag/environment':'production'}}}]}";

  @ParameterizedTest(name = "{0} on {1} [{2}] -> {3}")
  @CsvSource(delimiter = '|', value = {
      "ec2:CreateVolume | *                                                   | -                                 | allowed",
      "ec2:CreateTags | arn:aws:ec2:us-east-2:123456789012:volume/vol-1 | aws:RequestTag/project=Feature3 | allowed",
      "ec2:CreateTags | arn:aws:ec2:us-east-2:123456789012:volume/vol-1 | aws:ResourceTag/environment=QA  | allowed",
      "ec2:CreateTags | arn:aws:ec2:us-east-2:123456789012:volume/vol-1 | aws:ResourceTag/environment=production | implicitDeny",
      "ec2:CreateTags | arn:aws:ec2:us-east-2:123456789012:instance/i-1 | aws:RequestTag/project=Feature3, aws:ResourceTag/environment=production | implicitDeny",
      "ec2:CreateTags | arn:aws:ec2:us-east-2:123456789012:instance/i-1 | -                               | allowed"})
  void singleValuedVolumeExample(String action, String resource, String ctx, String expected) {
    assertThat(Doc.identityAs("arn:aws:iam::123456789012:user/alice", VOLUME, action, resource, ctx)).isEqualTo(expected);
  }
}
