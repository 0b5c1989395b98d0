package dev.iamlocal.server.iam;

import static dev.iamlocal.server.iam.ApiSupport.page;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamlocal.server.iam.ApiSupport.Ctx;
import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.server.protocol.JsonNodes;
import dev.iamlocal.store.IamStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The account's own IAM settings: its alias, GetAccountSummary (real counts, AWS's quotas) and
 * SetSecurityTokenServicePreferences; it also registers the credential report
 * ({@link CredentialReportApi}) and the Organizations-only operations ({@link OrganizationsFeaturesApi}).
 * Each operation takes the input the IAM model read and returns the members of its output shape.
 */
final class AccountApi {

  /**
   * GetAccountSummary's quotas: AWS's default values, as AWS's recorded answers show them
   * (LocalStack's AWS-validated account summary snapshot).
   */
  static final Map<String, Integer> QUOTAS;

  static {
    Map<String, Integer> q = new LinkedHashMap<>();
    q.put("UsersQuota", 5000);
    q.put("GroupsQuota", 300);
    q.put("ServerCertificatesQuota", 20);
    q.put("UserPolicySizeQuota", 2048);
    q.put("GroupPolicySizeQuota", 5120);
    q.put("GroupsPerUserQuota", 10);
    q.put("SigningCertificatesPerUserQuota", 2);
    q.put("AccessKeysPerUserQuota", 2);
    q.put("AttachedPoliciesPerGroupQuota", 10);
    q.put("AttachedPoliciesPerRoleQuota", 10);
    q.put("AttachedPoliciesPerUserQuota", 10);
    q.put("PoliciesQuota", 1500);
    q.put("PolicySizeQuota", 6144);
    q.put("PolicyVersionsInUseQuota", 10000);
    q.put("VersionsPerPolicyQuota", 5);
    q.put("AssumeRolePolicySizeQuota", RolesApi.TRUST_POLICY_SIZE);
    q.put("InstanceProfilesQuota", dev.iamlocal.store.InstanceProfiles.PROFILES_PER_ACCOUNT);
    q.put("RolePolicySizeQuota", 10240);
    q.put("RolesQuota", 1000);
    QUOTAS = java.util.Collections.unmodifiableMap(q);
  }

  private final ApiSupport s;
  private final IamStore store;

  AccountApi(ApiSupport s) {
    this.s = s;
    this.store = s.store;
  }

  /** Registers the operations of this family (the credential report and Organizations ones included). */
  void register(Map<String, Operation> i) {
    i.put("CreateAccountAlias", this::createAccountAlias);
    i.put("DeleteAccountAlias", this::deleteAccountAlias);
    i.put("ListAccountAliases", this::listAccountAliases);
    i.put("GetAccountSummary", this::getAccountSummary);
    i.put("SetSecurityTokenServicePreferences", this::setSecurityTokenServicePreferences);
    new CredentialReportApi(s).register(i);
    new OrganizationsFeaturesApi(s).register(i);
  }

  /**
   * CreateAccountAlias: the alias (checked by the model's pattern: lowercase letters, digits,
   * single hyphens inside, 3 to 63 characters) replaces the account's one; one taken (by another
   * account of this server, or already this one's) is EntityAlreadyExists.
   */
  ObjectNode createAccountAlias(OperationInput p, Ctx c) {
    String alias = p.required("AccountAlias");
    s.authorize(c, "iam:CreateAccountAlias", "*", Map.of());
    store.accountSettings().createAlias(c.acct(), alias);
    return null;
  }

  ObjectNode deleteAccountAlias(OperationInput p, Ctx c) {
    String alias = p.required("AccountAlias");
    s.authorize(c, "iam:DeleteAccountAlias", "*", Map.of());
    store.accountSettings().deleteAlias(c.acct(), alias);
    return null;
  }

  ObjectNode listAccountAliases(OperationInput p, Ctx c) {
    s.authorize(c, "iam:ListAccountAliases", "*", Map.of());
    Optional<String> alias = store.accountSettings().alias(c.acct());
    return page(alias.map(List::of).orElse(List.of()), p).into(JsonNodes.object(), "AccountAliases",
        a -> JsonNodes.object().textNode(a));
  }

  /** Every key of AWS's summary: the account's counts (see {@code AccountSettings}) and AWS's quotas. */
  ObjectNode getAccountSummary(OperationInput p, Ctx c) {
    s.authorize(c, "iam:GetAccountSummary", "*", Map.of());
    ObjectNode map = JsonNodes.object();
    store.accountSettings().summaryCounts(c.acct()).forEach(map::put);
    QUOTAS.forEach(map::put);
    return ApiSupport.out("SummaryMap", map);
  }

  /** Stored; GetAccountSummary's GlobalEndpointTokenVersion shows it (1 for v1Token, 2 for v2Token). */
  ObjectNode setSecurityTokenServicePreferences(OperationInput p, Ctx c) {
    String version = p.required("GlobalEndpointTokenVersion");
    s.authorize(c, "iam:SetSecurityTokenServicePreferences", "*", Map.of());
    int v = switch (version) {
      case "v1Token" -> 1;
      case "v2Token" -> 2;
      default -> throw AwsError.validation("1 validation error detected: Value at"
          + " 'globalEndpointTokenVersion' failed to satisfy constraint: Member must satisfy enum value set:"
          + " [v1Token, v2Token]");
    };
    store.accountSettings().setGlobalEndpointTokenVersion(c.acct(), v);
    return null;
  }
}
