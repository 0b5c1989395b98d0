package dev.iamlocal.server.iam;

import static dev.iamlocal.server.iam.RecordedRoleAnswersSdkTest.awsError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.server.ServerFixture;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.SAMLProviderListEntry;
import software.amazon.awssdk.services.iam.model.SummaryKeyType;

/**
 * The calls of LocalStack's AWS-recorded {@code test_iam_saml_providers.snapshot.json} and
 * {@code test_iam_account_summary.snapshot.json} (tests/aws/services/iam, recorded 2026-02), replayed
 * with the SDK against the server: status, code and message of every recorded error, and the members
 * every recorded answer has or lacks. The recordings' keys ("get-not-found", …) are named in the comments.
 */
class RecordedSamlAndSummaryAnswersSdkTest extends ServerFixture {

  private static final String METADATA = SamlProvidersSdkTest.METADATA;

  @Test
  void samlProviderLifecycle() {
    String arn = root.createSAMLProvider(r -> r.name("rec-saml").samlMetadataDocument(METADATA)).samlProviderArn();
    assertThat(arn).isEqualTo("arn:aws:iam::" + acct() + ":saml-provider/rec-saml"); // create-response
    var got = root.getSAMLProvider(r -> r.samlProviderArn(arn)); // get-response
    assertThat(got.assertionEncryptionModeAsString()).isEqualTo("Allowed");
    assertThat(got.hasPrivateKeyList()).isTrue();
    assertThat(got.privateKeyList()).isEmpty();
    assertThat(got.samlMetadataDocument()).isNotBlank();
    assertThat(got.samlProviderUUID()).isNotBlank();
    assertThat(got.hasTags()).isTrue();
    assertThat(got.tags()).isEmpty();
    assertThat(got.validUntil()).isNotNull();
    assertThat(got.createDate()).isNotNull();
    var updated = root.updateSAMLProvider(r -> r.samlProviderArn(arn).samlMetadataDocument(METADATA));
    assertThat(updated.samlProviderArn()).isEqualTo(arn); // update-response
    var after = root.getSAMLProvider(r -> r.samlProviderArn(arn)); // get-after-update: the same UUID
    assertThat(after.samlProviderUUID()).isEqualTo(got.samlProviderUUID());
    assertThat(after.privateKeyList()).isEmpty();
    SAMLProviderListEntry listed = root.listSAMLProviders().samlProviderList().stream()
        .filter(e -> e.arn().equals(arn)).findFirst().orElseThrow(); // list-response: Arn, ValidUntil, CreateDate
    assertThat(listed.validUntil()).isNotNull();
    assertThat(listed.createDate()).isNotNull();
    assertThat(root.deleteSAMLProvider(r -> r.samlProviderArn(arn)).sdkHttpResponse().statusCode()).isEqualTo(200);
  }

  @Test
  void samlProviderNotFound() {
    String missing = "arn:aws:iam::" + acct() + ":saml-provider/NonExistentProvider";
    String message = "Manifest not found for arn " + missing;
    awsError(() -> root.getSAMLProvider(r -> r.samlProviderArn(missing)), 404, "NoSuchEntity", message); // get-not-found
    awsError(() -> root.deleteSAMLProvider(r -> r.samlProviderArn(missing)), 404, "NoSuchEntity", message);
  }

  @Test
  void accountSummaryFormat() {
    Map<SummaryKeyType, Integer> m = root.getAccountSummary().summaryMap(); // transformed-summary
    assertThat(m).containsEntry(SummaryKeyType.ACCESS_KEYS_PER_USER_QUOTA, 2)
        .containsEntry(SummaryKeyType.ASSUME_ROLE_POLICY_SIZE_QUOTA, 2048)
        .containsEntry(SummaryKeyType.ATTACHED_POLICIES_PER_GROUP_QUOTA, 10)
        .containsEntry(SummaryKeyType.ATTACHED_POLICIES_PER_ROLE_QUOTA, 10)
        .containsEntry(SummaryKeyType.ATTACHED_POLICIES_PER_USER_QUOTA, 10)
        .containsEntry(SummaryKeyType.GROUP_POLICY_SIZE_QUOTA, 5120)
        .containsEntry(SummaryKeyType.GROUPS_PER_USER_QUOTA, 10)
        .containsEntry(SummaryKeyType.GROUPS_QUOTA, 300)
        .containsEntry(SummaryKeyType.INSTANCE_PROFILES_QUOTA, 1000)
        .containsEntry(SummaryKeyType.POLICIES_QUOTA, 1500)
        .containsEntry(SummaryKeyType.POLICY_SIZE_QUOTA, 6144)
        .containsEntry(SummaryKeyType.POLICY_VERSIONS_IN_USE_QUOTA, 10000)
        .containsEntry(SummaryKeyType.ROLE_POLICY_SIZE_QUOTA, 10240)
        .containsEntry(SummaryKeyType.ROLES_QUOTA, 1000)
        .containsEntry(SummaryKeyType.SERVER_CERTIFICATES_QUOTA, 20)
        .containsEntry(SummaryKeyType.SIGNING_CERTIFICATES_PER_USER_QUOTA, 2)
        .containsEntry(SummaryKeyType.USER_POLICY_SIZE_QUOTA, 2048)
        .containsEntry(SummaryKeyType.USERS_QUOTA, 5000)
        .containsEntry(SummaryKeyType.VERSIONS_PER_POLICY_QUOTA, 5)
        .containsEntry(SummaryKeyType.ACCOUNT_MFA_ENABLED, 0)
        .containsEntry(SummaryKeyType.ACCOUNT_SIGNING_CERTIFICATES_PRESENT, 0);
    // the recording's 34 keys, no more: GlobalEndpointTokenVersion among them
    assertThat(root.getAccountSummary().summaryMapAsStrings()).containsKey("GlobalEndpointTokenVersion").hasSize(34);
  }

  @Test
  void accountSummaryCountsResources() {
    Map<SummaryKeyType, Integer> before = root.getAccountSummary().summaryMap();
    root.createUser(r -> r.userName("rec-sum-user"));
    root.createGroup(r -> r.groupName("rec-sum-group"));
    root.createRole(r -> r.roleName("rec-sum-role").assumeRolePolicyDocument(RecordedRoleAnswersSdkTest.EC2_TRUST));
    String policy = root.createPolicy(r -> r.policyName("rec-sum-policy").policyDocument(allow("s3:*", "*")))
        .policy().arn();
    // PolicyVersionsInUse counts the versions attached to an entity
    root.attachRolePolicy(r -> r.roleName("rec-sum-role").policyArn(policy));
    root.createInstanceProfile(r -> r.instanceProfileName("rec-sum-ip"));
    root.createOpenIDConnectProvider(r -> r.url("https://rec-sum.example.com").thumbprintList("a".repeat(40)));
    root.createSAMLProvider(r -> r.name("rec-sum-saml").samlMetadataDocument(METADATA));
    Map<SummaryKeyType, Integer> after = root.getAccountSummary().summaryMap(); // resource-deltas
    assertThat(after.get(SummaryKeyType.USERS) - before.get(SummaryKeyType.USERS)).isEqualTo(1);
    assertThat(after.get(SummaryKeyType.GROUPS) - before.get(SummaryKeyType.GROUPS)).isEqualTo(1);
    assertThat(after.get(SummaryKeyType.ROLES) - before.get(SummaryKeyType.ROLES)).isEqualTo(1);
    assertThat(after.get(SummaryKeyType.POLICIES) - before.get(SummaryKeyType.POLICIES)).isEqualTo(1);
    assertThat(after.get(SummaryKeyType.POLICY_VERSIONS_IN_USE) - before.get(SummaryKeyType.POLICY_VERSIONS_IN_USE))
        .isEqualTo(1);
    assertThat(after.get(SummaryKeyType.INSTANCE_PROFILES) - before.get(SummaryKeyType.INSTANCE_PROFILES))
        .isEqualTo(1);
    assertThat(after.get(SummaryKeyType.PROVIDERS) - before.get(SummaryKeyType.PROVIDERS)).isEqualTo(2);
  }
}
