package dev.iamlocal.reasoning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Resource policies: who is granted (Principal, NotPrincipal), what is public, access lists. */
class ResourcePolicyChecksTest {

  static final Prover PROVER = Prover.bundled();
  static final AccessCheckPolicyType RESOURCE = AccessCheckPolicyType.RESOURCE_POLICY;

  static String grant(String principal, String action, String condition) {
    return "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"S\", \"Effect\": \"Allow\", \"Principal\": " + principal
        + ", \"Action\": \"" + action + "\", \"Resource\": \"*\"" + (condition == null ? "" : ", \"Condition\": {" + condition + "}")
        + "}]}";
  }

  static boolean isPublic(String policy, String type) {
    CheckResult r = PROVER.checkNoPublicAccess(policy, type);
    if (!r.pass()) {
      assertThat(r.counterexamples().isEmpty() && r.undecided().isEmpty()).as("%s", r).isFalse();
    }
    return !r.pass();
  }

  @Test
  void aNewPrincipalIsNewAccess() {
    String alice = grant("{\"AWS\": \"arn:aws:iam::111122223333:user/alice\"}", "s3:GetObject", null);
    String both = grant("{\"AWS\": [\"arn:aws:iam::111122223333:user/alice\", \"arn:aws:iam::444455556666:root\"]}",
        "s3:GetObject", null);
    CheckResult r = PROVER.checkNoNewAccess(both, alice, RESOURCE);
    assertThat(r.pass()).isFalse();
    assertThat(r.counterexamples().get(0).principal()).contains("444455556666");
    assertThat(r.reasons().get(0).statementId()).isEqualTo("S");
    assertThat(PROVER.checkNoNewAccess(alice, both, RESOURCE).pass()).isTrue();
  }

  @Test
  void anAccountCoversItsUsersNotTheOtherWayRound() {
    String account = grant("{\"AWS\": \"111122223333\"}", "s3:GetObject", null);
    String alice = grant("{\"AWS\": \"arn:aws:iam::111122223333:user/alice\"}", "s3:GetObject", null);
    assertThat(PROVER.checkNoNewAccess(alice, account, RESOURCE).pass()).isTrue();
    CheckResult r = PROVER.checkNoNewAccess(account, alice, RESOURCE);
    assertThat(r.pass()).isFalse();
    assertThat(r.counterexamples().get(0).principal()).doesNotContain("alice");
  }

  @Test
  void aRoleCoversItsSessions() {
    String role = grant("{\"AWS\": \"arn:aws:iam::111122223333:role/R\"}", "s3:GetObject", null);
    String session = grant("{\"AWS\": \"arn:aws:sts::111122223333:assumed-role/R/s1\"}", "s3:GetObject", null);
    assertThat(PROVER.checkNoNewAccess(session, role, RESOURCE).pass()).isTrue();
    assertThat(PROVER.checkNoNewAccess(role, session, RESOURCE).pass()).isFalse();
  }

  @Test
  void notPrincipalGrantsEveryoneElse() {
    String notAlice = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"NotPrincipal\": {\"AWS\":"
        + " \"arn:aws:iam::111122223333:user/alice\"}, \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]}";
    assertThat(isPublic(notAlice, "AWS::S3::Bucket")).isTrue();
  }

  @Test
  void publicMeansAnyoneFromAnywhere() {
    assertThat(isPublic(grant("\"*\"", "s3:GetObject", null), "AWS::S3::Bucket")).isTrue();
    assertThat(isPublic(grant("{\"AWS\": \"*\"}", "s3:GetObject", null), "AWS::S3::Bucket")).isTrue();
    assertThat(isPublic(grant("{\"AWS\": \"111122223333\"}", "s3:GetObject", null), "AWS::S3::Bucket")).isFalse();
    assertThat(isPublic(grant("{\"Service\": \"cloudtrail.amazonaws.com\"}", "s3:PutObject", null), "AWS::S3::Bucket")).isFalse();
    // statements about other services do not make a bucket public
    assertThat(isPublic(grant("\"*\"", "sqs:SendMessage", null), "AWS::S3::Bucket")).isFalse();
    assertThat(isPublic(grant("\"*\"", "sqs:SendMessage", null), "AWS::SQS::Queue")).isTrue();
  }

  @Test
  void keysThatPinWhoOrWhereKeepAStarPrincipalPrivate() {
    for (String c : List.of("\"StringEquals\": {\"aws:PrincipalOrgID\": \"o-123\"}",
        "\"StringEquals\": {\"aws:SourceVpce\": \"vpce-1\"}",
        "\"StringEquals\": {\"aws:sourcevpc\": \"vpc-1\"}",
        "\"StringEquals\": {\"aws:PrincipalAccount\": \"111122223333\"}",
        "\"ArnLike\": {\"aws:PrincipalArn\": \"arn:aws:iam::111122223333:role/*\"}",
        "\"StringEquals\": {\"aws:SourceAccount\": \"111122223333\"}",
        "\"IpAddress\": {\"aws:SourceIp\": \"10.0.0.0/8\"}",
        "\"IpAddress\": {\"aws:SourceIp\": \"2001:db8::/32\"}",
        "\"StringLike\": {\"aws:userid\": \"AROAEXAMPLEID:*\"}",
        "\"StringEquals\": {\"s3:DataAccessPointAccount\": \"111122223333\"}")) {
      assertThat(isPublic(grant("\"*\"", "s3:GetObject", c), "AWS::S3::Bucket")).as(c).isFalse();
    }
    // negated, absent-tolerant or unrelated keys do not
    for (String c : List.of("\"StringNotEquals\": {\"aws:PrincipalOrgID\": \"o-123\"}",
        "\"StringEqualsIfExists\": {\"aws:SourceVpce\": \"vpce-1\"}",
        "\"NotIpAddress\": {\"aws:SourceIp\": \"10.0.0.0/8\"}",
        "\"StringLike\": {\"aws:PrincipalOrgID\": \"*\"}",
        "\"Bool\": {\"aws:SecureTransport\": \"true\"}",
        "\"StringEquals\": {\"kms:CallerAccount\": \"111122223333\"}")) {
      assertThat(isPublic(grant("\"*\"", "s3:GetObject", c), "AWS::S3::Bucket")).as(c).isTrue();
    }
    assertThat(isPublic(grant("\"*\"", "kms:Decrypt", "\"StringEquals\": {\"kms:CallerAccount\": \"111122223333\"}"),
        "AWS::KMS::Key")).isFalse();
  }

  @Test
  void onlyFixedValuesPinTheCaller() {
    // a wildcard, a policy variable or a range wider than /8 (IPv4) or /32 (IPv6) lets in a caller
    // from an unrelated account, organization or network: public (S3's "The meaning of public")
    for (String c : List.of("\"StringLike\": {\"aws:PrincipalOrgID\": \"o-*\"}",
        "\"IpAddress\": {\"aws:SourceIp\": \"0.0.0.0/0\"}",
        "\"IpAddress\": {\"aws:SourceIp\": \"0.0.0.0/1\"}",
        "\"IpAddress\": {\"aws:SourceIp\": \"::/0\"}",
        "\"ArnLike\": {\"aws:PrincipalArn\": \"arn:aws:iam::*:role/x\"}",
        "\"ForAnyValue:StringLike\": {\"aws:PrincipalOrgPaths\": [\"*k0*\"]}",
        "\"StringEquals\": {\"aws:PrincipalAccount\": \"${aws:PrincipalTag/account}\"}",
        "\"StringLike\": {\"aws:PrincipalOrgID\": [\"o-123\", \"o-*\"]}")) {
      CheckResult r = PROVER.checkNoPublicAccess(grant("\"*\"", "s3:GetObject", c), "AWS::S3::Bucket");
      assertThat(r.pass()).as(c).isFalse();
      assertThat(r.counterexamples()).as(c).isNotEmpty();
    }
  }

  @Test
  void sourceIpIsPublicOnlyWhenBroaderThanSlash8OrSlash32() {
    // S3's "The meaning of public": "values broader than /8 for IPv4 and /32 for IPv6" are public
    assertThat(isPublic(grant("\"*\"", "s3:GetObject", "\"IpAddress\": {\"aws:SourceIp\": \"10.0.0.0/8\"}"),
        "AWS::S3::Bucket")).isFalse();
    assertThat(isPublic(grant("\"*\"", "s3:GetObject", "\"IpAddress\": {\"aws:SourceIp\": \"10.0.0.0/7\"}"),
        "AWS::S3::Bucket")).isTrue();
    assertThat(isPublic(grant("\"*\"", "s3:GetObject", "\"IpAddress\": {\"aws:SourceIp\": \"2001:db8::/32\"}"),
        "AWS::S3::Bucket")).isFalse();
    assertThat(isPublic(grant("\"*\"", "s3:GetObject", "\"IpAddress\": {\"aws:SourceIp\": \"2001:db8::/31\"}"),
        "AWS::S3::Bucket")).isTrue();
    assertThat(isPublic(grant("\"*\"", "s3:GetObject", "\"IpAddress\": {\"aws:SourceIp\": \"203.0.113.7\"}"),
        "AWS::S3::Bucket")).isFalse();
  }

  @Test
  void aSetOfAccessPointsOfOneAccountIsPrivateForABucketButPublicForAnAccessPoint() {
    // S3: a bucket policy granting s3:DataAccessPointArn like arn:aws:s3:us-west-2:123456789012:accesspoint/*
    // "is not considered public. However, the same statement in an access point policy would render
    // the access point public."
    String c = "\"ArnLike\": {\"s3:DataAccessPointArn\": \"arn:aws:s3:us-west-2:123456789012:accesspoint/*\"}";
    assertThat(isPublic(grant("\"*\"", "s3:GetObject", c), "AWS::S3::Bucket")).isFalse();
    assertThat(isPublic(grant("\"*\"", "s3:GetObject", c), "AWS::S3::AccessPoint")).isTrue();
    String one = "\"StringEquals\": {\"s3:DataAccessPointArn\": \"arn:aws:s3:us-west-2:123456789012:accesspoint/ap1\"}";
    assertThat(isPublic(grant("\"*\"", "s3:GetObject", one), "AWS::S3::AccessPoint")).isFalse();
  }

  @Test
  void aDenyCanMakeItPrivate() {
    String policy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\":"
        + " \"s3:GetObject\", \"Resource\": \"*\"}, {\"Effect\": \"Deny\", \"Principal\": \"*\", \"Action\": \"s3:*\","
        + " \"Resource\": \"*\", \"Condition\": {\"StringNotEquals\": {\"aws:PrincipalOrgID\": \"o-123\"}}}]}";
    assertThat(isPublic(policy, "AWS::S3::Bucket")).isFalse();
  }

  @Test
  void trustPolicies() {
    String anyone = grant("{\"AWS\": \"*\"}", "sts:AssumeRole", null);
    assertThat(isPublic(anyone, "AWS::IAM::AssumeRolePolicyDocument")).isTrue();
    String federated = grant("{\"Federated\": \"cognito-identity.amazonaws.com\"}", "sts:AssumeRoleWithWebIdentity", null);
    CheckResult r = PROVER.checkNoPublicAccess(federated, "AWS::IAM::AssumeRolePolicyDocument");
    assertThat(r.pass()).as("not decided, so not PASS").isFalse();
    assertThat(r.undecided()).isNotEmpty();
  }

  @Test
  void aPolicyOfTheWrongTypeIsInvalidInput() {
    String withPrincipal = grant("{\"AWS\": \"111122223333\"}", "s3:GetObject", null);
    String noPrincipal = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"Read\", \"Effect\": \"Allow\","
        + " \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]}";
    AccessCheckPolicyType identity = AccessCheckPolicyType.IDENTITY_POLICY;
    assertThatThrownBy(() -> PROVER.checkNoNewAccess(withPrincipal, noPrincipal, identity))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the new policy is an identity policy, but statement #1 (Sid S) has Principal")
        .hasMessageContaining("Policy document should not specify a principal.");
    assertThatThrownBy(() -> PROVER.checkAccessNotGranted(noPrincipal,
        List.of(new Access(List.of("s3:GetObject"), List.of())), RESOURCE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("In the policy, statement #1 (Sid Read) has no Principal or NotPrincipal;"
            + " a resource policy statement must say whom it applies to.");
    assertThatThrownBy(() -> PROVER.checkNoPublicAccess(noPrincipal, "AWS::S3::Bucket"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PROVER.diff(noPrincipal, withPrincipal, identity)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unsupportedResourceTypeIsInvalidInput() {
    assertThatThrownBy(() -> PROVER.checkNoPublicAccess(grant("\"*\"", "s3:GetObject", null), "AWS::S3::Nope"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anActionOutsideTheCatalogIsReasonedAbout() {
    String getAll = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:Get*\","
        + " \"Resource\": \"arn:aws:s3:::b/*\"}]}";
    CheckResult r = PROVER.checkAccessNotGranted(getAll,
        List.of(new Access(List.of("s3:GetBrandNewThing"), List.of("arn:aws:s3:::b/x"))), AccessCheckPolicyType.IDENTITY_POLICY);
    assertThat(r.pass()).isFalse();
    assertThat(r.counterexamples().get(0).action()).isEqualTo("s3:GetBrandNewThing");
    assertThat(isPublic(grant("\"*\"", "s3:GetBrandNewThing", null), "AWS::S3::Bucket")).isTrue();
  }

  @Test
  void accessListsWithResources() {
    String p = grant("{\"AWS\": \"111122223333\"}", "s3:*", null).replace("\"Resource\": \"*\"",
        "\"Resource\": \"arn:aws:s3:::b/*\"");
    assertThat(PROVER.checkAccessNotGranted(p, List.of(new Access(List.of(), List.of("arn:aws:s3:::c/*"))), RESOURCE).pass())
        .isTrue();
    CheckResult r = PROVER.checkAccessNotGranted(p, List.of(new Access(List.of(), List.of("arn:aws:s3:::b/x*"))), RESOURCE);
    assertThat(r.pass()).isFalse();
    assertThat(r.message()).isEqualTo("The policy document grants access to perform one or more of the listed resources.");
    assertThat(r.counterexamples().get(0).resource()).startsWith("arn:aws:s3:::b/x");
    assertThat(PROVER.checkAccessNotGranted(p, List.of(new Access(List.of("s3:GetObject"), List.of("arn:aws:s3:::b"))),
        RESOURCE).pass()).isTrue();
  }
}
