package dev.iamlocal.validation;

import static dev.iamlocal.validation.PolicyKind.IDENTITY;
import static dev.iamlocal.validation.PolicyKind.RESOURCE;
import static dev.iamlocal.validation.PolicyKind.RESOURCE_CONTROL;
import static dev.iamlocal.validation.PolicyKind.SERVICE_CONTROL;
import static dev.iamlocal.validation.PolicyKind.TRUST;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One row per issue code: a policy that triggers it and a minimally fixed one that does not.
 * Policies are written with ' for " to keep them readable.
 */
class ValidatorChecksTest {

  record Case(String code, PolicyKind kind, ValidationOptions options, String bad, String good) {
    @Override
    public String toString() {
      return code;
    }
  }

  private static final String S3 = "'Action':'s3:GetObject','Resource':'arn:aws:s3:::my-bucket/*'";

  /** A 2012-10-17 policy with these statements (' stands for "). */
  static String p(String... statements) {
    return q("{'Version':'2012-10-17','Statement':[" + String.join(",", statements) + "]}");
  }

  /** One Allow statement with these extra members. */
  static String allow(String members) {
    return "{'Effect':'Allow'," + members + "}";
  }

  static String q(String s) {
    return s.replace('\'', '"');
  }

  /** An Allow of s3:GetObject on a bucket's objects with this Condition block. */
  static String cond(String condition) {
    return p(allow(S3 + ",'Condition':" + condition));
  }

  static String resourcePolicy(String extra) {
    return p(allow("'Principal':{'AWS':'arn:aws:iam::123456789012:root'}," + S3 + extra));
  }

  static Case c(String code, PolicyKind kind, String bad, String good) {
    return new Case(code, kind, ValidationOptions.defaults(), bad, good);
  }

  static Case c(String code, String bad, String good) {
    return c(code, IDENTITY, bad, good);
  }

  static String many(int n, String format) {
    return Stream.iterate(0, i -> i + 1).limit(n).map(i -> "'" + String.format(format, i) + "'")
        .collect(Collectors.joining(","));
  }

  static List<Case> cases() {
    String good = p(allow(S3));
    String trust = "{'Effect':'Allow','Principal':{'Service':'sagemaker.amazonaws.com'},'Action':'sts:AssumeRole'}";
    String scp = "{'Effect':'Deny','Action':'s3:DeleteBucket','Resource':'*'}";
    String rcp = "{'Effect':'Deny','Principal':'*','Action':'s3:DeleteBucket','Resource':'*'}";
    List<Case> l = new ArrayList<>();
    // ---- parser problems become ERROR findings
    l.add(c("JSON_SYNTAX_ERROR", q("{'Version':'2012-10-17','Statement':["), good));
    l.add(c("DUPLICATE_KEY", p("{'Effect':'Allow','Effect':'Deny'," + S3 + "}"), good));
    l.add(c("INVALID_POLICY_ELEMENT", p("{'effect':'Allow'," + S3 + "}"), good));
    l.add(c("INVALID_VERSION", q("{'Version':'2012-10-18','Statement':[" + allow(S3) + "]}"), good));
    l.add(c("MISSING_STATEMENT", q("{'Version':'2012-10-17'}"), good));
    l.add(c("MISSING_EFFECT", p("{" + S3 + "}"), good));
    l.add(c("INVALID_EFFECT", p("{'Effect':'allow'," + S3 + "}"), good));
    l.add(c("MISSING_ACTION", p(allow("'Resource':'*'")), good));
    l.add(c("UNSUPPORTED_ELEMENT_COMBINATION", p(allow(S3 + ",'NotAction':'s3:PutObject'")), good));
    l.add(c("DATA_TYPE_MISMATCH", p(allow("'Action':5,'Resource':'*'")), good));
    l.add(c("INVALID_PRINCIPAL_FORMAT", RESOURCE, p(allow("'Principal':'arn:aws:iam::123456789012:root'," + S3)),
        resourcePolicy("")));
    l.add(c("INVALID_PRINCIPAL_KEY", RESOURCE, p(allow("'Principal':{'Users':'alice'}," + S3)), resourcePolicy("")));
    l.add(c("INVALID_CHARACTER", p(allow("'Sid':'caf\u2192'," + S3)), good));
    // ---- document
    l.add(c("MISSING_VERSION", q("{'Statement':[" + allow(S3) + "]}"), good));
    l.add(c("OUTDATED_VERSION", q("{'Version':'2008-10-17','Statement':[" + allow(S3) + "]}"), good));
    l.add(c("POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA",
        p(allow("'Action':'s3:GetObject','Resource':[" + many(260, "arn:aws:s3:::bucket-%04d/*") + "]")),
        p(allow("'Action':'s3:GetObject','Resource':[" + many(150, "arn:aws:s3:::bucket-%04d/*") + "]"))));
    l.add(c("POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA", TRUST,
        p(allow("'Principal':{'AWS':[" + many(60, "arn:aws:iam::1234567890%02d:root") + "]},'Action':'sts:AssumeRole'")),
        p(allow("'Principal':{'AWS':[" + many(40, "arn:aws:iam::1234567890%02d:root") + "]},'Action':'sts:AssumeRole'"))));
    l.add(c("POLICY_SIZE_EXCEEDS_SCP_QUOTA", SERVICE_CONTROL, p(scp) + " ".repeat(5200), p(scp) + " ".repeat(4000)));
    l.add(c("POLICY_SIZE_EXCEEDS_RCP_QUOTA", RESOURCE_CONTROL, p(rcp) + " ".repeat(5200), p(rcp)));
    l.add(new Case("POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA", RESOURCE, new ValidationOptions("AWS::S3::Bucket"),
        resourcePolicy("") + " ".repeat(21_000), resourcePolicy("") + " ".repeat(10_000)));
    // ---- Sid
    l.add(c("EMPTY_SID_VALUE", p(allow("'Sid':''," + S3)), p(allow("'Sid':'Read'," + S3))));
    l.add(c("UNSUPPORTED_SID", p(allow("'Sid':'read objects'," + S3)), p(allow("'Sid':'ReadObjects'," + S3))));
    l.add(c("UNIQUE_SIDS_REQUIRED", p(allow("'Sid':'A'," + S3), allow("'Sid':'A','Action':'s3:PutObject','Resource':'*'")),
        p(allow("'Sid':'A'," + S3), allow("'Sid':'B','Action':'s3:PutObject','Resource':'*'"))));
    l.add(c("UNIQUE_SIDS_RECOMMENDED", RESOURCE, p(allow("'Sid':'A','Principal':{'AWS':'123456789012'}," + S3),
        allow("'Sid':'A','Principal':{'AWS':'123456789012'},'Action':'s3:PutObject','Resource':'arn:aws:s3:::b/*'")),
        p(allow("'Sid':'A','Principal':{'AWS':'123456789012'}," + S3))));
    // ---- elements by policy kind
    l.add(c("UNSUPPORTED_PRINCIPAL", p(allow("'Principal':{'AWS':'123456789012'}," + S3)), good));
    l.add(c("SCP_SYNTAX_ERROR_PRINCIPAL", SERVICE_CONTROL, p("{'Effect':'Deny','Principal':'*','Action':'s3:*','Resource':'*'}"),
        p(scp)));
    l.add(c("MISSING_PRINCIPAL", RESOURCE, p(allow(S3)), resourcePolicy("")));
    l.add(c("ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL", TRUST,
        p("{'Effect':'Deny','NotPrincipal':{'AWS':'123456789012'},'Action':'sts:AssumeRole'}", trust), p(trust)));
    l.add(c("ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE", TRUST,
        p("{'Effect':'Allow','Principal':{'Service':'sagemaker.amazonaws.com'},'Action':'sts:AssumeRole','Resource':'*'}"),
        p(trust)));
    l.add(c("MISSING_RESOURCE", p(allow("'Action':'s3:GetObject'")), good));
    // ---- Not* in Allow
    l.add(c("ALLOW_WITH_NOTPRINCIPAL", RESOURCE, p(allow("'NotPrincipal':{'AWS':'123456789012'}," + S3)),
        p("{'Effect':'Deny','NotPrincipal':{'AWS':'123456789012'}," + S3 + "}")));
    l.add(c("ALLOW_WITH_NOTACTION", p(allow("'NotAction':'s3:DeleteBucket','Resource':'arn:aws:s3:::b'")),
        p("{'Effect':'Deny','NotAction':'s3:DeleteBucket','Resource':'arn:aws:s3:::b'}")));
    l.add(c("ALLOW_WITH_NOTRESOURCE", p(allow("'Action':'s3:GetObject','NotResource':'arn:aws:s3:::secret/*'")),
        p("{'Effect':'Deny','Action':'s3:GetObject','NotResource':'arn:aws:s3:::secret/*'}")));
    // ---- empty arrays and objects
    l.add(c("EMPTY_ARRAY_STATEMENT", q("{'Version':'2012-10-17','Statement':[]}"), good));
    l.add(c("EMPTY_ARRAY_ACTION", p(allow("'Action':[],'Resource':'*'")), good));
    l.add(c("EMPTY_ARRAY_NOTACTION", p("{'Effect':'Deny','NotAction':[],'Resource':'*'}"), good));
    l.add(c("EMPTY_ARRAY_RESOURCE", p(allow("'Action':'s3:GetObject','Resource':[]")), good));
    l.add(c("EMPTY_ARRAY_NOTRESOURCE", p("{'Effect':'Deny','Action':'s3:GetObject','NotResource':[]}"), good));
    l.add(c("EMPTY_OBJECT_PRINCIPAL", RESOURCE, p(allow("'Principal':{}," + S3)), resourcePolicy("")));
    l.add(c("EMPTY_ARRAY_PRINCIPAL", RESOURCE, p(allow("'Principal':{'AWS':[]}," + S3)), resourcePolicy("")));
    l.add(c("EMPTY_OBJECT_CONDITION", cond("{}"), good));
    l.add(c("EMPTY_OBJECT_CONDITION_OPERATOR", cond("{'StringEquals':{}}"), cond("{'StringEquals':{'aws:PrincipalTag/team':'ml'}}")));
    l.add(c("EMPTY_ARRAY_CONDITION", cond("{'StringEquals':{'aws:PrincipalTag/team':[]}}"),
        cond("{'StringEquals':{'aws:PrincipalTag/team':['ml']}}")));
    l.add(c("EMPTY_ARRAY_CONDITION_FORALLVALUES", cond("{'ForAllValues:StringEquals':{'aws:TagKeys':[]},'Null':{'aws:TagKeys':'false'}}"),
        cond("{'ForAllValues:StringEquals':{'aws:TagKeys':['team']},'Null':{'aws:TagKeys':'false'}}")));
    l.add(c("EMPTY_ARRAY_CONDITION_FORANYVALUE", cond("{'ForAnyValue:StringEquals':{'aws:TagKeys':[]}}"),
        cond("{'ForAnyValue:StringEquals':{'aws:TagKeys':['team']}}")));
    l.add(c("EMPTY_ARRAY_CONDITION_IFEXISTS", cond("{'StringEqualsIfExists':{'aws:PrincipalTag/team':[]}}"),
        cond("{'StringEqualsIfExists':{'aws:PrincipalTag/team':['ml']}}")));
    // ---- actions
    l.add(c("INVALID_ACTION_FORMAT", p(allow("'Action':'s3GetObject','Resource':'*'")), good));
    l.add(c("WILDCARD_IN_SERVICE_NAME", p(allow("'Action':'s3*:GetObject','Resource':'arn:aws:s3:::my-bucket/*'")), good));
    l.add(c("INVALID_SERVICE", p(allow("'Action':'s4:GetObject','Resource':'*'")), good));
    l.add(c("INVALID_ACTION", p(allow("'Action':'s3:GetObjekt','Resource':'arn:aws:s3:::my-bucket/*'")), good));
    l.add(c("ACTION_WILDCARD_MATCHES_NOTHING", p(allow("'Action':'s3:Frobnicate*','Resource':'*'")),
        p(allow("'Action':'s3:GetObject*','Resource':'arn:aws:s3:::my-bucket/*'"))));
    l.add(c("RETIRED_SERVICE", p(allow("'Action':'elastic-inference:Connect','Resource':'*'")),
        p(allow("'Action':'sagemaker:ListModels','Resource':'*'"))));
    l.add(c("NONCANONICAL_ACTION_CASE", p(allow("'Action':'s3:getobject','Resource':'arn:aws:s3:::my-bucket/*'")), good));
    l.add(c("ALLOW_ALL_ACTIONS_ON_ALL_RESOURCES", p(allow("'Action':'*','Resource':'*'")),
        p(allow("'Action':'*','Resource':'*','Condition':{'Bool':{'aws:MultiFactorAuthPresent':'true'}}"))));
    // ---- redundancy
    l.add(c("REDUNDANT_ACTION", p(allow("'Action':['s3:GetObject','s3:Get*'],'Resource':'arn:aws:s3:::my-bucket/*'")),
        p(allow("'Action':['s3:GetObject','s3:PutObject'],'Resource':'arn:aws:s3:::my-bucket/*'"))));
    l.add(c("REDUNDANT_RESOURCE", p(allow("'Action':'s3:GetObject','Resource':['arn:aws:s3:::b/*','arn:aws:s3:::b/x']")),
        p(allow("'Action':'s3:GetObject','Resource':['arn:aws:s3:::b/x','arn:aws:s3:::c/*']"))));
    l.add(c("REDUNDANT_STATEMENT", p(allow("'Sid':'A'," + S3), allow("'Sid':'B'," + S3)),
        p(allow("'Sid':'A'," + S3), allow("'Sid':'B','Action':'s3:PutObject','Resource':'arn:aws:s3:::my-bucket/*'"))));
    // ---- PassRole and CreateServiceLinkedRole
    String role = "'arn:aws:iam::123456789012:role/SageMakerExecution'";
    for (String[] f : new String[][] {{"PASS_ROLE", "iam:PassRole", "iam:Pass*"},
        {"CREATE_SLR", "iam:CreateServiceLinkedRole", "iam:Create*"}}) {
      l.add(c(f[0] + "_WITH_STAR_IN_RESOURCE", p(allow("'Action':'" + f[1] + "','Resource':'*'")),
          p(allow("'Action':'" + f[1] + "','Resource':" + role))));
      l.add(c(f[0] + "_WITH_STAR_IN_ACTION_AND_RESOURCE", p(allow("'Action':'" + f[2] + "','Resource':'*'")),
          p(allow("'Action':'" + f[2] + "','Resource':" + role))));
      l.add(c(f[0] + "_WITH_NOTRESOURCE", p(allow("'Action':'" + f[1] + "','NotResource':" + role)),
          p("{'Effect':'Deny','Action':'" + f[1] + "','NotResource':" + role + "}")));
      l.add(c(f[0] + "_WITH_STAR_IN_ACTION_AND_NOTRESOURCE", p(allow("'Action':'" + f[2] + "','NotResource':" + role)),
          p(allow("'Action':'" + f[2] + "','Resource':" + role))));
      l.add(c(f[0] + "_WITH_STAR_IN_RESOURCE_AND_NOTACTION", p(allow("'NotAction':'s3:*','Resource':'*'")),
          p(allow("'NotAction':['s3:*','iam:*'],'Resource':'*'"))));
      l.add(c(f[0] + "_WITH_NOTACTION_AND_NOTRESOURCE", p(allow("'NotAction':'s3:*','NotResource':" + role)),
          p(allow("'NotAction':['s3:*','iam:*'],'NotResource':" + role))));
    }
    l.add(c("CREATE_SLR_WITH_STAR_IN_RESOURCE", p(allow("'Action':'iam:CreateServiceLinkedRole','Resource':'*'")),
        p(allow("'Action':'iam:CreateServiceLinkedRole','Resource':'*','Condition':{'StringEquals':"
            + "{'iam:AWSServiceName':'sagemaker.application-autoscaling.amazonaws.com'}}"))));
    // ---- resource ARNs
    l.add(c("INVALID_ARN_PREFIX", p(allow("'Action':'s3:GetObject','Resource':'my-bucket/*'")), good));
    l.add(c("MISSING_ARN_FIELD", p(allow("'Action':'s3:GetObject','Resource':'arn:aws:s3:my-bucket'")), good));
    l.add(c("INVALID_PARTITION", p(allow("'Action':'s3:GetObject','Resource':'arn:amazon:s3:::my-bucket/*'")), good));
    l.add(c("INVALID_ARN_SERVICE_CASE", p(allow("'Action':'s3:GetObject','Resource':'arn:aws:S3:::my-bucket/*'")), good));
    String sqs = "'Action':'sqs:SendMessage','Resource':";
    l.add(c("INVALID_ARN_REGION", p(allow(sqs + "'arn:aws:sqs:useast1:123456789012:q'")),
        p(allow(sqs + "'arn:aws:sqs:us-east-1:123456789012:q'"))));
    l.add(c("INVALID_ARN_ACCOUNT", p(allow(sqs + "'arn:aws:sqs:us-east-1:1234:q'")),
        p(allow(sqs + "'arn:aws:sqs:us-east-1:123456789012:q'"))));
    l.add(c("MISSING_ARN_REGION", p(allow(sqs + "'arn:aws:sqs::123456789012:q'")),
        p(allow(sqs + "'arn:aws:sqs:*:123456789012:q'"))));
    l.add(c("MISSING_ARN_ACCOUNT", p(allow(sqs + "'arn:aws:sqs:us-east-1::q'")),
        p(allow(sqs + "'arn:aws:sqs:us-east-1:*:q'"))));
    l.add(c("ARN_REGION_NOT_ALLOWED", p(allow("'Action':'iam:GetRole','Resource':'arn:aws:iam:us-east-1:123456789012:role/x'")),
        p(allow("'Action':'iam:GetRole','Resource':'arn:aws:iam::123456789012:role/x'"))));
    l.add(c("ARN_ACCOUNT_NOT_ALLOWED",
        p(allow("'Action':'route53:GetHostedZone','Resource':'arn:aws:route53::123456789012:hostedzone/Z1'")),
        p(allow("'Action':'route53:GetHostedZone','Resource':'arn:aws:route53:::hostedzone/Z1'"))));
    l.add(c("UNSUPPORTED_RESOURCE_ARN_IN_POLICY", p(allow("'Action':'s3:GetObject','Resource':'arn:aws:iam::123456789012:role/x'")),
        good));
    l.add(c("ACTION_WITHOUT_MATCHING_RESOURCE", p(allow("'Action':'s3:ListBucket','Resource':'arn:aws:s3:::my-bucket/*'")),
        p(allow("'Action':'s3:ListBucket','Resource':'arn:aws:s3:::my-bucket'"))));
    // ---- principals
    l.add(c("UNSUPPORTED_WILDCARD_IN_PRINCIPAL", RESOURCE, p(allow("'Principal':{'AWS':'arn:aws:iam::*:root'}," + S3)),
        resourcePolicy("")));
    l.add(c("INVALID_SERVICE_PRINCIPAL_FORMAT", TRUST,
        p("{'Effect':'Allow','Principal':{'Service':'SageMaker'},'Action':'sts:AssumeRole'}"), p(trust)));
    // ---- OIDC federation trust (GitHub Actions)
    String gh = "'Principal':{'Federated':'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com'},"
        + "'Action':'sts:AssumeRoleWithWebIdentity'";
    String aud = "'token.actions.githubusercontent.com:aud':'sts.amazonaws.com'";
    l.add(c("OIDC_TRUST_WITHOUT_SUB", TRUST, p(allow(gh + ",'Condition':{'StringEquals':{" + aud + "}}")),
        p(allow(gh + ",'Condition':{'StringEquals':{" + aud
            + ",'token.actions.githubusercontent.com:sub':'repo:org/repo:ref:refs/heads/main'}}"))));
    l.add(c("OIDC_TRUST_SUB_TOO_BROAD", TRUST, p(allow(gh + ",'Condition':{'StringEquals':{" + aud
        + "},'StringLike':{'token.actions.githubusercontent.com:sub':'repo:org/*'}}")),
        p(allow(gh + ",'Condition':{'StringEquals':{" + aud
            + "},'StringLike':{'token.actions.githubusercontent.com:sub':'repo:org/repo:environment:prod'}}"))));
    // ---- operators
    l.add(c("INVALID_CONDITION_OPERATOR", cond("{'stringequals':{'aws:PrincipalTag/team':'ml'}}"),
        cond("{'StringEquals':{'aws:PrincipalTag/team':'ml'}}")));
    l.add(c("NULL_WITH_IF_EXISTS", cond("{'NullIfExists':{'aws:TokenIssueTime':'true'}}"),
        cond("{'Null':{'aws:TokenIssueTime':'true'}}")));
    l.add(c("NULL_WITH_QUALIFIER", cond("{'ForAnyValue:Null':{'aws:TagKeys':'false'}}"), cond("{'Null':{'aws:TagKeys':'false'}}")));
    l.add(c("INVALID_CONDITION_MULTIPLE_BOOLEAN", cond("{'Bool':{'aws:SecureTransport':['true','false']}}"),
        cond("{'Bool':{'aws:SecureTransport':'true'}}")));
    String list = "'Action':'s3:ListBucket','Resource':'arn:aws:s3:::my-bucket','Condition':";
    l.add(c("REDUNDANT_CONDITION_VALUE_NUM", p(allow(list + "{'NumericLessThan':{'s3:max-keys':['10','20']}}")),
        p(allow(list + "{'NumericLessThan':{'s3:max-keys':'10'}}"))));
    l.add(c("DUPLICATE_CONDITION_VALUE", cond("{'StringEquals':{'aws:PrincipalTag/team':['ml','ml']}}"),
        cond("{'StringEquals':{'aws:PrincipalTag/team':['ml','ops']}}")));
    l.add(c("WILDCARD_WITHOUT_LIKE_OPERATOR", cond("{'StringEquals':{'aws:PrincipalTag/team':'ml-*'}}"),
        cond("{'StringLike':{'aws:PrincipalTag/team':'ml-*'}}")));
    // ---- condition keys
    l.add(c("INVALID_CONDITION_KEY_FORMAT", cond("{'IpAddress':{'SourceIp':'203.0.113.0/24'}}"),
        cond("{'IpAddress':{'aws:SourceIp':'203.0.113.0/24'}}")));
    l.add(c("MISSING_TAG_KEY_IN_CONDITION", cond("{'StringEquals':{'aws:PrincipalTag/':'ml'}}"),
        cond("{'StringEquals':{'aws:PrincipalTag/team':'ml'}}")));
    l.add(c("INVALID_GLOBAL_CONDITION_KEY", cond("{'StringEquals':{'aws:SourceVpcId':'vpc-1'}}"),
        cond("{'StringEquals':{'aws:SourceVpc':'vpc-1'}}")));
    l.add(c("INVALID_SERVICE_CONDITION_KEY", cond("{'StringEquals':{'s3:Frobnicate':'x'}}"),
        cond("{'StringEquals':{'s3:x-amz-acl':'private'}}")));
    String train = "'Action':'sagemaker:CreateTrainingJob','Resource':'*','Condition':";
    l.add(c("DEPRECATED_CONDITION_KEY", p(allow(train + "{'ArnEquals':{'sagemaker:VolumeKmsKey':'arn:aws:kms:us-east-1:123456789012:key/k'}}")),
        p(allow(train + "{'ArnEquals':{'sagemaker:VolumeKmsKeyArn':'arn:aws:kms:us-east-1:123456789012:key/k'}}"))));
    l.add(c("UNSUPPORTED_ACTION_FOR_CONDITION_KEY", cond("{'ForAllValues:StringLike':{'sagemaker:InstanceTypes':'ml.c5.*'}}"),
        p(allow(train + "{'ForAllValues:StringLike':{'sagemaker:InstanceTypes':'ml.c5.*'},'Null':{'sagemaker:InstanceTypes':'false'}}"))));
    // ---- types and values
    l.add(c("TYPE_MISMATCH", cond("{'Bool':{'aws:SourceIp':'true'}}"), cond("{'IpAddress':{'aws:SourceIp':'203.0.113.0/24'}}")));
    l.add(c("TYPE_MISMATCH_BOOLEAN", cond("{'Bool':{'aws:SecureTransport':'yes'}}"), cond("{'Bool':{'aws:SecureTransport':'true'}}")));
    l.add(c("TYPE_MISMATCH_NUMBER", p(allow(list + "{'NumericLessThan':{'s3:max-keys':'ten'}}")),
        p(allow(list + "{'NumericLessThan':{'s3:max-keys':'10'}}"))));
    l.add(c("TYPE_MISMATCH_DATE", cond("{'DateGreaterThan':{'aws:CurrentTime':'tomorrow'}}"),
        cond("{'DateGreaterThan':{'aws:CurrentTime':'2026-01-31T12:00:00Z'}}")));
    l.add(c("TYPE_MISMATCH_IP_RANGE", cond("{'IpAddress':{'aws:SourceIp':'300.1.1.0/24'}}"),
        cond("{'IpAddress':{'aws:SourceIp':'203.0.113.0/24'}}")));
    l.add(c("INVALID_BASE64_VALUE", cond("{'BinaryEquals':{'aws:PrincipalTag/blob':'###'}}"),
        cond("{'BinaryEquals':{'aws:PrincipalTag/blob':'QmluYXJ5'}}")));
    l.add(c("INVALID_NULL_VALUE", cond("{'Null':{'aws:TokenIssueTime':'maybe'}}"), cond("{'Null':{'aws:TokenIssueTime':'true'}}")));
    l.add(c("INVALID_ARN_CONDITION_VALUE", cond("{'ArnEquals':{'aws:SourceArn':'my-function'}}"),
        cond("{'ArnEquals':{'aws:SourceArn':'arn:aws:lambda:us-east-1:123456789012:function:my-function'}}")));
    l.add(c("IMPROVE_IP_RANGE", cond("{'IpAddress':{'aws:SourceIp':'203.0.113.5/24'}}"),
        cond("{'IpAddress':{'aws:SourceIp':'203.0.113.0/24'}}")));
    l.add(c("PRIVATE_IP_ADDRESS", cond("{'IpAddress':{'aws:SourceIp':'10.0.0.0/8'}}"),
        cond("{'IpAddress':{'aws:VpcSourceIp':'10.0.0.0/8'}}")));
    l.add(c("PRIVATE_NOTIPADDRESS", cond("{'NotIpAddress':{'aws:SourceIp':'192.168.0.0/16'}}"),
        cond("{'NotIpAddress':{'aws:SourceIp':'198.51.100.0/24'}}")));
    // ---- set qualifiers
    l.add(c("FORALLVALUES_WITH_SINGLE_VALUED_KEY", cond("{'ForAllValues:StringEquals':{'aws:SourceVpc':'vpc-1'}}"),
        cond("{'StringEquals':{'aws:SourceVpc':'vpc-1'}}")));
    l.add(c("FORANYVALUE_WITH_SINGLE_VALUED_KEY", cond("{'ForAnyValue:StringEquals':{'aws:SourceVpc':'vpc-1'}}"),
        cond("{'StringEquals':{'aws:SourceVpc':'vpc-1'}}")));
    l.add(c("MISSING_QUALIFIER", cond("{'StringEquals':{'aws:TagKeys':'team'}}"),
        cond("{'ForAnyValue:StringEquals':{'aws:TagKeys':'team'}}")));
    l.add(c("FORALLVALUES_WITHOUT_NULL_CHECK", cond("{'ForAllValues:StringEquals':{'aws:TagKeys':['team']}}"),
        cond("{'ForAllValues:StringEquals':{'aws:TagKeys':['team']},'Null':{'aws:TagKeys':'false'}}")));
    // ---- what IAM itself refuses to store (IamPolicyGrammar): IAM's MalformedPolicyDocument message
    l.add(c("IAM_SYNTAX", q("{'Version':'2012-10-17','Statement':[]}"), good));
    l.add(c("IAM_PRINCIPAL_NOT_ALLOWED", p(allow("'Principal':'*'," + S3)), good));
    l.add(c("IAM_VERSION", q("{'Statement':[" + allow(S3) + "]}"), good));
    l.add(c("IAM_LEGACY_PARSING", cond("{'DateGreaterThan':{'aws:CurrentTime':'2026-13-01'}}"),
        cond("{'DateGreaterThan':{'aws:CurrentTime':'2026-12-01'}}")));
    l.add(c("IAM_SID", p(allow("'Sid':'read_objects'," + S3)), p(allow("'Sid':'ReadObjects'," + S3))));
    l.add(c("IAM_ACTIONS_REQUIRED", p(allow("'Action':[],'Resource':'*'")), good));
    l.add(c("IAM_RESOURCE_FORMAT", p(allow("'Action':'s3:GetObject','Resource':'arn:aws:s3:us-east-1::b/*'")), good));
    l.add(c("IAM_ACTION_FORMAT", p(allow("'Action':'s3:Get:Object','Resource':'*'")), good));
    l.add(c("IAM_RESOURCES_REQUIRED", p(allow("'Action':'s3:GetObject','Resource':[]")), good));
    l.add(c("IAM_TRUST_ACTION", TRUST, p(trust.replace("sts:AssumeRole", "sts:InvalidAction")), p(trust)));
    l.add(c("IAM_TRUST_RESOURCE", TRUST, p(trust.substring(0, trust.length() - 1) + ",'Resource':'*'}"), p(trust)));
    l.add(c("IAM_TRUST_PRINCIPAL", TRUST, p(trust.replace("'Principal':{'Service':'sagemaker.amazonaws.com'},", "")),
        p(trust)));
    // ---- policy variables
    String userRes = "'Action':'s3:GetObject','Resource':'arn:aws:s3:::home/${aws:username}/*'";
    l.add(c("VARIABLE_UNSUPPORTED_IN_VERSION", q("{'Version':'2008-10-17','Statement':[" + allow(userRes) + "]}"),
        p(allow(userRes))));
    l.add(c("VARIABLE_UNSUPPORTED_IN_ELEMENT", p(allow("'Sid':'${aws:username}'," + S3)), p(allow("'Sid':'Home'," + S3))));
    l.add(c("INVALID_VARIABLE_FOR_OPERATOR", p(allow(list + "{'NumericLessThan':{'s3:max-keys':'${aws:PrincipalTag/max}'}}")),
        p(allow(list + "{'NumericLessThan':{'s3:max-keys':'10'}}"))));
    l.add(c("EMPTY_VARIABLE", p(allow("'Action':'s3:GetObject','Resource':'arn:aws:s3:::home/${}/*'")), p(allow(userRes))));
    l.add(c("MISSING_BRACE_IN_VARIABLE", p(allow("'Action':'s3:GetObject','Resource':'arn:aws:s3:::home/${aws:username/*'")),
        p(allow(userRes))));
    l.add(c("UNSUPPORTED_SPACE_IN_VARIABLE", p(allow("'Action':'s3:GetObject','Resource':'arn:aws:s3:::home/${ aws:username }/*'")),
        p(allow(userRes))));
    l.add(c("MISSING_QUOTE_IN_VARIABLE",
        p(allow("'Action':'s3:GetObject','Resource':'arn:aws:s3:::home/${aws:username, nobody}/*'")),
        p(allow("'Action':'s3:GetObject','Resource':'arn:aws:s3:::home/${aws:username, \\u0027nobody\\u0027}/*'"))));
    return l;
  }

  private static List<String> codes(Case c, String text) {
    return Validator.validate(text, c.kind(), c.options()).stream().map(Finding::issueCode).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void triggers(Case c) {
    assertThat(codes(c, c.bad())).contains(c.code());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void fixedPolicyDoesNotTrigger(Case c) {
    assertThat(codes(c, c.good())).doesNotContain(c.code());
  }

  @Test
  void everyIssueCodeHasACaseAndThereAreAtLeastFiftyAcrossAllSeverities() {
    Set<String> covered = new TreeSet<>();
    Set<Severity> severities = EnumSet.noneOf(Severity.class);
    for (Case c : cases()) {
      covered.add(c.code());
      Validator.validate(c.bad(), c.kind(), c.options()).stream()
          .filter(f -> f.issueCode().equals(c.code())).forEach(f -> severities.add(f.severity()));
    }
    assertThat(covered).containsAll(Validator.issueCodes());
    assertThat(Validator.issueCodes()).containsAll(covered);
    assertThat(covered).hasSizeGreaterThanOrEqualTo(50);
    assertThat(severities).containsExactlyInAnyOrder(Severity.values());
  }
}
