package dev.iamlocal.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.request.GlobalKeys;
import dev.iamlocal.request.Principal;
import dev.iamlocal.request.RequestContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Spec §8 and the principal-kinds table of §7.5: the keys GlobalKeys fills. */
class Spec08GlobalKeysTest {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-31T12:00:00.5Z"), ZoneOffset.UTC);

  static String v(RequestContext c, String key) {
    var cv = c.get(key);
    return cv == null ? null : cv.values().get(0);
  }

  @ParameterizedTest(name = "§7.5 {0}")
  @CsvSource(nullValues = "ABSENT", value = {
      "arn:aws:iam::111122223333:root, ABSENT, ABSENT, 111122223333, Account, arn:aws:iam::111122223333:root",
      "arn:aws:iam::111122223333:user/path/alice, AIDAEXAMPLE, alice, AIDAEXAMPLE, User, arn:aws:iam::111122223333:user/path/alice",
      "arn:aws:sts::111122223333:federated-user/fed, ABSENT, ABSENT, 111122223333:fed, FederatedUser, arn:aws:sts::111122223333:federated-user/fed",
      "arn:aws:sts::111122223333:assumed-role/R/sess, AROAEXAMPLE, ABSENT, AROAEXAMPLE:sess, AssumedRole, arn:aws:iam::111122223333:role/R",
      "arn:aws:sts::111122223333:assumed-role/Ec2Role/i-0123, AROAEXAMPLE, ABSENT, AROAEXAMPLE:i-0123, AssumedRole, arn:aws:iam::111122223333:role/Ec2Role",
      "*, ABSENT, ABSENT, anonymous, Anonymous, ABSENT"})
  void principalKinds(String arn, String uniqueId, String username, String userid, String type, String principalArn) {
    RequestContext c = GlobalKeys.fill(RequestContext.empty(), Principal.parse(arn), uniqueId, Map.of(), null, CLOCK);
    assertThat(v(c, "aws:username")).isEqualTo(username);
    assertThat(v(c, "aws:userid")).isEqualTo(userid);
    assertThat(v(c, "aws:PrincipalType")).isEqualTo(type);
    assertThat(v(c, "aws:PrincipalArn")).isEqualTo(principalArn);
    assertThat(v(c, "aws:PrincipalAccount")).isEqualTo(arn.equals("*") ? "anonymous" : "111122223333");
  }

  @Test
  void environmentKeysAndSessionKeys() {
    RequestContext c = GlobalKeys.fill(RequestContext.empty(), Principal.parse("arn:aws:sts::111122223333:assumed-role/R/s"),
        null, Map.of("team", "red"), "eu-west-1", CLOCK);
    assertThat(v(c, "aws:CurrentTime")).isEqualTo("2026-01-31T12:00:00Z");
    assertThat(v(c, "aws:EpochTime")).isEqualTo("1769860800");
    assertThat(v(c, "aws:SecureTransport")).isEqualTo("true");
    assertThat(v(c, "aws:RequestedRegion")).isEqualTo("eu-west-1");
    assertThat(v(c, "aws:PrincipalTag/team")).isEqualTo("red");
    assertThat(v(c, "aws:MultiFactorAuthPresent")).isEqualTo("false");
    assertThat(v(c, "aws:TokenIssueTime")).isNotNull();
    // a role session without a known unique id gets no invented aws:userid
    assertThat(c.get("aws:userid")).isNull();
    // network keys are never invented
    assertThat(c.get("aws:SourceIp")).isNull();
    assertThat(c.get("aws:SourceVpc")).isNull();
  }

  @Test
  void longTermUserKeysHaveNoMfaKey() {
    RequestContext c = GlobalKeys.fill(RequestContext.empty(), Principal.parse("arn:aws:iam::111122223333:user/u"), null,
        Map.of(), null, CLOCK);
    assertThat(c.get("aws:MultiFactorAuthPresent")).isNull();
    assertThat(v(c, "aws:RequestedRegion")).isEqualTo("us-east-1");
  }

  @Test
  void servicePrincipal() {
    RequestContext c = GlobalKeys.fill(RequestContext.empty(), Principal.parse("sagemaker.amazonaws.com"), null, Map.of(), null, CLOCK);
    assertThat(v(c, "aws:PrincipalServiceName")).isEqualTo("sagemaker.amazonaws.com");
    assertThat(v(c, "aws:PrincipalIsAWSService")).isEqualTo("true");
  }

  @Test
  void callerValuesWinInAnyCase() {
    RequestContext given = RequestContext.builder().put("AWS:USERNAME", "override").put("aws:securetransport", "false").build();
    RequestContext c = GlobalKeys.fill(given, Principal.parse("arn:aws:iam::111122223333:user/u"), null, Map.of(), null, CLOCK);
    assertThat(v(c, "aws:username")).isEqualTo("override");
    assertThat(v(c, "aws:SecureTransport")).isEqualTo("false");
  }

  @Test
  void tagKeysDifferingOnlyInCaseMergeIntoOneKey() {
    RequestContext c = dev.iamlocal.request.AuthorizationRequest.builder().principal("*").action("s3:GetObject")
        .context(RequestContext.builder().put("aws:ResourceTag/EC2", "a").build())
        .context(RequestContext.builder().put("aws:ResourceTag/ec2", "b").build()).build().context();
    assertThat(c.get("aws:resourcetag/Ec2").values()).containsExactly("a", "b");
    assertThat(Fx.cond("StringEquals", "aws:ResourceTag/ec2", "\"b\"", c)).isTrue();
  }

  /** The simulator fills only what the caller implies: identity keys, never time or network keys. */
  @org.junit.jupiter.api.Test
  void fillCallerIdentity_addsOnlyTheCallersIdentityKeys() {
    var p = dev.iamlocal.request.Principal.parse("arn:aws:iam::111122223333:user/path/bob");
    var ctx = dev.iamlocal.request.GlobalKeys.fillCallerIdentity(
        dev.iamlocal.request.RequestContext.builder().put("aws:username", "given").build(), p, "AIDAEXAMPLE");
    org.assertj.core.api.Assertions.assertThat(ctx.get("aws:username").single()).isEqualTo("given");
    org.assertj.core.api.Assertions.assertThat(ctx.get("aws:PrincipalArn").single())
        .isEqualTo("arn:aws:iam::111122223333:user/path/bob");
    org.assertj.core.api.Assertions.assertThat(ctx.get("aws:PrincipalType").single()).isEqualTo("User");
    org.assertj.core.api.Assertions.assertThat(ctx.get("aws:userid").single()).isEqualTo("AIDAEXAMPLE");
    org.assertj.core.api.Assertions.assertThat(ctx.get("aws:CurrentTime")).isNull();
    org.assertj.core.api.Assertions.assertThat(ctx.get("aws:SecureTransport")).isNull();
  }
}
