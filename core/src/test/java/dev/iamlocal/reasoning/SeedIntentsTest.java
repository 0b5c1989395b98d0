package dev.iamlocal.reasoning;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The 23 seed policies' stated intents (shared/seed-policies/README.md), each written as a check
 * and proved: PASS is a proof over every SageMaker (and other catalog) action, every resource and
 * every context value. Where a policy does not do what a stricter reading of its intent says, the
 * FAIL and its counterexample are asserted instead (seeds 14 and 15: ForAllValues holds when the
 * key is missing). The same checks are listed in docs/policy-checks.md.
 */
class SeedIntentsTest {

  static final Prover PROVER = Prover.bundled();
  static final AccessCheckPolicyType IDENTITY = AccessCheckPolicyType.IDENTITY_POLICY;

  static String seed(String prefix) {
    try {
      Path dir = Path.of(SeedIntentsTest.class.getResource("/seed-policies").toURI());
      try (var s = Files.list(dir)) {
        return Files.readString(s.filter(f -> f.getFileName().toString().startsWith(prefix)).findFirst().orElseThrow(),
            StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** "Everything, but only when": Allow * on * under the condition. */
  static String onlyWhen(String condition) {
    return "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\","
        + " \"Condition\": {" + condition + "}}]}";
  }

  /** Everything except {@code action}, which only under the condition. */
  static String actionOnlyWhen(String action, String resource, String condition) {
    return "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"NotAction\": \"" + action + "\","
        + " \"Resource\": \"*\"}, {\"Effect\": \"Allow\", \"Action\": \"" + action + "\", \"Resource\": \"" + resource + "\""
        + (condition == null ? "" : ", \"Condition\": {" + condition + "}") + "}]}";
  }

  static void proved(String seed, String intent) {
    CheckResult r = PROVER.checkNoNewAccess(seed, intent, IDENTITY);
    assertThat(r.pass()).as("%s\nagainst the intent %s", r, intent).isTrue();
  }

  static void notGranted(String seed, String... actions) {
    CheckResult r = PROVER.checkAccessNotGranted(seed, List.of(new Access(List.of(actions), List.of())), IDENTITY);
    assertThat(r.pass()).as("%s", r).isTrue();
  }

  @Test
  void seed01PassRoleOnlyToSageMaker() {
    proved(seed("01"), actionOnlyWhen("iam:PassRole", "*", "\"StringEquals\": {\"iam:PassedToService\": \"sagemaker.amazonaws.com\"}"));
  }

  @Test
  void seed02GroundTruthConsoleCreatesNoIamIdentities() {
    notGranted(seed("02"), "iam:CreateUser", "iam:CreateAccessKey", "iam:PutUserPolicy", "iam:AttachRolePolicy");
  }

  @Test
  void seed03PassRoleOnlyToTheFourServices() {
    proved(seed("03"), actionOnlyWhen("iam:PassRole", "arn:aws:iam::*:role/*", "\"StringEquals\": {\"iam:PassedToService\":"
        + " [\"sagemaker.amazonaws.com\", \"glue.amazonaws.com\", \"robomaker.amazonaws.com\", \"states.amazonaws.com\"]}"));
  }

  @Test
  void seed04OwnUserOnly() {
    proved(seed("04"), actionOnlyWhen("iam:GetUser", "arn:aws:iam::*:user/${aws:username}", null));
    // and someone else's user only when the caller is that user
    CheckResult bob = PROVER.checkAccessNotGranted(seed("04"), List.of(new Access(List.of("iam:GetUser"),
        List.of("arn:aws:iam::111122223333:user/bob"))), IDENTITY);
    assertThat(bob.pass()).isFalse();
    assertThat(bob.counterexamples().get(0).context().get("aws:username").values()).containsExactly("bob");
  }

  @Test
  void seed05EfsReadOnly() {
    proved(seed("05"), onlyWhen("\"StringEquals\": {\"sagemaker:FileSystemId\": \"fs-12345678\","
        + " \"sagemaker:FileSystemAccessMode\": \"ro\", \"sagemaker:FileSystemType\": \"EFS\"}"));
  }

  @Test
  void seed06FsxWithItsSecurityGroup() {
    proved(seed("06"), onlyWhen("\"StringEquals\": {\"sagemaker:FileSystemType\": \"FSxLustre\","
        + " \"sagemaker:FileSystemAccessMode\": \"ro\"}, \"ForAllValues:StringEquals\": {\"sagemaker:VpcSecurityGroupIds\": \"sg-12345678\"}"));
  }

  @Test
  void seed07TrainingOnlyInsideAVpc() {
    proved(seed("07"), onlyWhen("\"Null\": {\"sagemaker:VpcSubnets\": \"false\"},"
        + " \"ForAllValues:StringEquals\": {\"sagemaker:VpcSubnets\": \"subnet-a1234\"}"));
  }

  /** 08–10 only deny: alone they grant nothing, and with an Allow * they never allow the public work team. */
  @Test
  void seeds08to10NeverAllowThePublicWorkteam() {
    for (String s : List.of("08", "09", "10")) {
      notGranted(seed(s), "sagemaker:*");
    }
    String allowAll = "{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}";
    String with08 = seed("08").replace("\"Statement\": [", "\"Statement\": [" + allowAll + ", ");
    proved(with08, actionOnlyWhen("sagemaker:CreateLabelingJob", "*",
        "\"StringNotEquals\": {\"sagemaker:WorkteamType\": \"public-crowd\"}"));
    String with10 = seed("10").replace("\"Statement\": [", "\"Statement\": [" + allowAll + ", ");
    proved(with10, actionOnlyWhen("sagemaker:CreateLabelingJob", "*", "\"ArnNotEquals\": {\"sagemaker:WorkteamArn\":"
        + " \"arn:aws:sagemaker:us-west-2:394669845002:workteam/public-crowd/default\"}"));
    String with09 = seed("09").replace("\"Statement\": [", "\"Statement\": [" + allowAll + ", ");
    proved(with09, actionOnlyWhen("sagemaker:CreateLabelingJob", "*", "\"ArnNotLike\": {\"sagemaker:WorkteamArn\":"
        + " \"arn:aws:sagemaker:*:*:workteam/public-crowd/*\"}"));
  }

  @Test
  void seed11OnlyWithTheKmsKeyAndTheMisspeltActionGrantsNothing() {
    proved(seed("11"), onlyWhen("\"ArnEquals\": {\"sagemaker:VolumeKmsKey\":"
        + " \"arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab\"}"));
    notGranted(seed("11"), "sagemaker:CreateFlowDefinition");
  }

  @Test
  void seed12NotebookVolumeKey() {
    proved(seed("12"), onlyWhen("\"StringLike\": {\"sagemaker:VolumeKmsKey\": \"*key/volume-kms-key-12345\"}"));
  }

  @Test
  void seed13NetworkIsolation() {
    proved(seed("13"), onlyWhen("\"Bool\": {\"sagemaker:NetworkIsolation\": \"true\"}"));
  }

  @Test
  void seed14TrainingOnlyOnC5() {
    proved(seed("14"), onlyWhen("\"ForAllValues:StringLike\": {\"sagemaker:InstanceTypes\": \"ml.c5.*\"}"));
    // the stricter reading (some instance type named, all ml.c5.*) does not hold: ForAllValues is true without the key
    CheckResult strict = PROVER.checkNoNewAccess(seed("14"), onlyWhen("\"ForAllValues:StringLike\":"
        + " {\"sagemaker:InstanceTypes\": \"ml.c5.*\"}, \"Null\": {\"sagemaker:InstanceTypes\": \"false\"}"), IDENTITY);
    assertThat(strict.pass()).isFalse();
    var ce = strict.counterexamples().get(0);
    assertThat(ce.context().get("sagemaker:InstanceTypes") == null
        || ce.context().get("sagemaker:InstanceTypes").isNull()).as("%s", ce).isTrue();
  }

  @Test
  void seed15AcceleratorType() {
    proved(seed("15"), onlyWhen("\"ForAllValues:StringEquals\": {\"sagemaker:AcceleratorTypes\": \"ml.eia1.medium\"}"));
  }

  @Test
  void seed16NotebooksLockedDown() {
    proved(seed("16"), onlyWhen("\"StringEquals\": {\"sagemaker:RootAccess\": \"Disabled\"}"));
    proved(seed("16"), actionOnlyWhen("sagemaker:CreateNotebookInstance", "*", "\"StringEquals\": {"
        + "\"sagemaker:DirectInternetAccess\": \"Disabled\"}, \"Null\": {\"sagemaker:VpcSubnets\": \"false\"}"));
  }

  @Test
  void seed17OnlyFromTheVpc() {
    proved(seed("17"), onlyWhen("\"StringEquals\": {\"aws:SourceVpc\": \"vpc-111bbaaa\"}"));
  }

  @Test
  void seed18OnlyThroughTheTwoEndpoints() {
    proved(seed("18"), onlyWhen("\"StringEquals\": {\"aws:SourceVpce\": [\"vpce-111bbccc\", \"vpce-111bbddd\"]}"));
  }

  @Test
  void seeds19And20OnlyFromTheTwoRanges() {
    String ranges = "\"IpAddress\": {\"aws:SourceIp\": [\"192.0.2.0/24\", \"203.0.113.0/24\"]}";
    proved(seed("19"), onlyWhen(ranges));
    proved(seed("20"), onlyWhen(ranges));
    CheckResult one = PROVER.checkNoNewAccess(seed("19"), onlyWhen("\"IpAddress\": {\"aws:SourceIp\": \"192.0.2.0/24\"}"),
        IDENTITY);
    assertThat(one.pass()).isFalse();
    assertThat(one.counterexamples().get(0).context().get("aws:SourceIp").values().get(0)).startsWith("203.0.113.");
  }

  @Test
  void seed21DevTeam1NeverTouchesProjectBAndNeverChangesTags() {
    proved(seed("21"), onlyWhen("\"StringNotEquals\": {\"sagemaker:ResourceTag/Project\": \"B\"}"));
    notGranted(seed("21"), "sagemaker:AddTags", "sagemaker:DeleteTags");
  }

  @Test
  void seed22DevTeam2NeverTouchesProjectAAndNeverChangesTags() {
    proved(seed("22"), onlyWhen("\"StringNotEquals\": {\"sagemaker:ResourceTag/Project\": \"A\"}"));
    notGranted(seed("22"), "sagemaker:AddTags", "sagemaker:DeleteTags");
  }

  @Test
  void seed23EndpointsOnlyWithTheDevTag() {
    proved(seed("23"), actionOnlyWhen("sagemaker:CreateEndpoint", "arn:aws:sagemaker:*:*:endpoint/*",
        "\"StringEquals\": {\"aws:RequestTag/environment\": \"dev\"}"));
  }
}
