package dev.iamlocal.server.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iamlocal.server.ServerFixture;
import dev.iamlocal.store.Accounts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.GlobalEndpointTokenVersion;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.SummaryKeyType;

/**
 * The account's alias, GetAccountSummary, SetSecurityTokenServicePreferences and the
 * Organizations-only operations, through the AWS SDK for Java v2.
 */
class AccountSdkTest extends ServerFixture {

  private static String message(Throwable e) {
    return ((IamException) e).awsErrorDetails().errorMessage();
  }

  private static String code(Throwable e) {
    return ((IamException) e).awsErrorDetails().errorCode();
  }

  @Test
  void oneAliasPerAccountUniqueOnTheServer() {
    assertThat(root.listAccountAliases().accountAliases()).isEmpty();
    root.createAccountAlias(r -> r.accountAlias("my-team-dev"));
    assertThat(root.listAccountAliases().accountAliases()).containsExactly("my-team-dev");
    // a second alias replaces the first, as IAM does
    root.createAccountAlias(r -> r.accountAlias("my-team-prod"));
    assertThat(root.listAccountAliases().accountAliases()).containsExactly("my-team-prod");
    assertThatThrownBy(() -> root.createAccountAlias(r -> r.accountAlias("my-team-prod")))
        .isInstanceOfSatisfying(EntityAlreadyExistsException.class, e -> assertThat(message(e))
            .isEqualTo("The account alias my-team-prod already exists."));
    // AWS's name rules (the model's pattern): no upper case, no double hyphen, no leading hyphen
    for (String bad : List.of("My-Alias", "a--b", "-abc", "ab")) {
      assertThatThrownBy(() -> root.createAccountAlias(r -> r.accountAlias(bad)))
          .satisfies(e -> assertThat(code(e)).isEqualTo("ValidationError"));
    }

    // another account of this server cannot take it
    Accounts.AccountAndRootKey other = otherAccount();
    IamClient otherRoot = iam(AwsBasicCredentials.create(other.rootKey().accessKeyId(), other.rootKey().secret()));
    assertThatThrownBy(() -> otherRoot.createAccountAlias(r -> r.accountAlias("my-team-prod")))
        .isInstanceOf(EntityAlreadyExistsException.class);
    assertThat(otherRoot.listAccountAliases().accountAliases()).isEmpty();

    assertThatThrownBy(() -> root.deleteAccountAlias(r -> r.accountAlias("my-team-dev")))
        .isInstanceOf(NoSuchEntityException.class);
    root.deleteAccountAlias(r -> r.accountAlias("my-team-prod"));
    assertThat(root.listAccountAliases().accountAliases()).isEmpty();
    otherRoot.createAccountAlias(r -> r.accountAlias("my-team-prod"));
    otherRoot.deleteAccountAlias(r -> r.accountAlias("my-team-prod"));
  }

  private Accounts.AccountAndRootKey otherAccount() {
    var a = store.accounts().createAccount();
    var k = store.accessKeys().createAccessKey(a.accountId(), null);
    return new Accounts.AccountAndRootKey(a, k);
  }

  @Test
  void summaryCountsWhatExistsAndShowsAwsQuotas() {
    Map<SummaryKeyType, Integer> before = root.getAccountSummary().summaryMap();
    // every key of AWS's summary is there
    assertThat(before.keySet()).containsAll(List.of(SummaryKeyType.values()).stream()
        .filter(k -> k != SummaryKeyType.UNKNOWN_TO_SDK_VERSION).toList());
    assertThat(before).containsEntry(SummaryKeyType.USERS_QUOTA, 5000).containsEntry(SummaryKeyType.ROLES_QUOTA, 1000)
        .containsEntry(SummaryKeyType.INSTANCE_PROFILES_QUOTA, 1000).containsEntry(SummaryKeyType.POLICIES_QUOTA, 1500)
        .containsEntry(SummaryKeyType.ACCESS_KEYS_PER_USER_QUOTA, 2)
        .containsEntry(SummaryKeyType.ASSUME_ROLE_POLICY_SIZE_QUOTA, 2048)
        .containsEntry(SummaryKeyType.ACCOUNT_MFA_ENABLED, 0)
        .containsEntry(SummaryKeyType.GLOBAL_ENDPOINT_TOKEN_VERSION, 1);

    root.createUser(r -> r.userName("sum-user"));
    root.createGroup(r -> r.groupName("sum-group"));
    root.createRole(r -> r.roleName("sum-role").assumeRolePolicyDocument(InstanceProfilesSdkTest.EC2_TRUST));
    String arn = root.createPolicy(r -> r.policyName("sum-policy").policyDocument(allow("s3:ListBucket", "*")))
        .policy().arn();
    root.attachRolePolicy(r -> r.roleName("sum-role").policyArn(arn));
    root.createInstanceProfile(r -> r.instanceProfileName("sum-profile"));
    Map<SummaryKeyType, Integer> after = root.getAccountSummary().summaryMap();
    for (SummaryKeyType k : List.of(SummaryKeyType.USERS, SummaryKeyType.GROUPS, SummaryKeyType.ROLES,
        SummaryKeyType.POLICIES, SummaryKeyType.INSTANCE_PROFILES, SummaryKeyType.POLICY_VERSIONS_IN_USE)) {
      assertThat(after.get(k) - before.get(k)).as(k.toString()).isEqualTo(1);
    }
    assertThat(after.get(SummaryKeyType.PROVIDERS)).isEqualTo(before.get(SummaryKeyType.PROVIDERS));

    // the STS preference is stored and shown by the summary
    root.setSecurityTokenServicePreferences(r -> r.globalEndpointTokenVersion(GlobalEndpointTokenVersion.V2_TOKEN));
    assertThat(root.getAccountSummary().summaryMap()).containsEntry(SummaryKeyType.GLOBAL_ENDPOINT_TOKEN_VERSION, 2);
    root.setSecurityTokenServicePreferences(r -> r.globalEndpointTokenVersion(GlobalEndpointTokenVersion.V1_TOKEN));
    assertThat(root.getAccountSummary().summaryMap()).containsEntry(SummaryKeyType.GLOBAL_ENDPOINT_TOKEN_VERSION, 1);
  }

  @Test
  void organizationsOperationsAnswerAsForAStandaloneAccount() {
    assertThatThrownBy(() -> root.listOrganizationsFeatures(r -> { })).satisfies(e -> {
      assertThat(code(e)).isEqualTo("OrganizationNotFoundException");
      assertThat(((IamException) e).statusCode()).isEqualTo(400);
    });
    assertThatThrownBy(() -> root.enableOrganizationsRootCredentialsManagement(r -> { }))
        .satisfies(e -> assertThat(code(e)).isEqualTo("OrganizationNotFoundException"));
    assertThatThrownBy(() -> root.disableOrganizationsRootCredentialsManagement(r -> { }))
        .satisfies(e -> assertThat(code(e)).isEqualTo("OrganizationNotFoundException"));
    assertThatThrownBy(() -> root.enableOrganizationsRootSessions(r -> { }))
        .satisfies(e -> assertThat(code(e)).isEqualTo("OrganizationNotFoundException"));
    assertThatThrownBy(() -> root.disableOrganizationsRootSessions(r -> { }))
        .satisfies(e -> assertThat(code(e)).isEqualTo("OrganizationNotFoundException"));
    String job = root.generateOrganizationsAccessReport(r -> r.entityPath("o-a1b2c3d4e5/r-f6g7h8i9j0example"))
        .jobId();
    assertThat(job).hasSize(36);
    var report = root.getOrganizationsAccessReport(r -> r.jobId(job));
    assertThat(report.jobStatusAsString()).isEqualTo("FAILED");
    assertThat(report.errorDetails().code()).isEqualTo("OrganizationNotFoundException");
    assertThatThrownBy(() -> root.getOrganizationsAccessReport(r -> r.jobId("00000000-0000-0000-0000-000000000000")))
        .isInstanceOf(NoSuchEntityException.class);
  }

  @Test
  void callersWithoutThePermissionAreDenied() {
    IamClient nobody = iam(userWithPolicy("acct-nobody", allow("iam:ListAccountAliases", "*")));
    assertThat(nobody.listAccountAliases().accountAliases()).isNotNull();
    for (Runnable call : List.<Runnable>of(() -> nobody.getAccountSummary(),
        () -> nobody.createAccountAlias(r -> r.accountAlias("nobody-alias")),
        () -> nobody.setSecurityTokenServicePreferences(r -> r.globalEndpointTokenVersion("v2Token")),
        () -> nobody.listOrganizationsFeatures(r -> { }))) {
      assertThatThrownBy(call::run).satisfies(e -> assertThat(code(e)).isEqualTo("AccessDenied"));
    }
    assertThatThrownBy(() -> nobody.getAccountSummary()).satisfies(e -> assertThat(message(e))
        .isEqualTo("User: arn:aws:iam::" + acct() + ":user/acct-nobody is not authorized to perform:"
            + " iam:GetAccountSummary on resource: * because no identity-based policy allows the"
            + " iam:GetAccountSummary action"));
  }
}
