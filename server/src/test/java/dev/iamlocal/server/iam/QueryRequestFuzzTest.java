package dev.iamlocal.server.iam;

import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.server.auth.Caller;
import dev.iamlocal.server.FuzzStore;
import dev.iamlocal.server.authz.NetworkProfile;
import dev.iamlocal.server.auth.SigV4;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.iamlocal.store.IamException;
import dev.iamlocal.store.IamStore;
import dev.iamlocal.store.User;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuzz target (c), AWS Query: a form body or query string is read as the server reads it
 * ({@link SigV4#parsePairs}, first value wins), then every IAM and STS operation reads its
 * parameters from it ({@link IamApi#handle}), as the account's root user and as a user whose
 * policy allows everything (so the engine decides too). Nothing but AWS's 4xx errors may come out:
 * any other exception is an HTTP 500.
 *
 * <p>{@code mvn test} replays the saved inputs in
 * {@code src/test/resources/dev/iamlocal/server/QueryRequestFuzzTestInputs/}; with
 * {@code JAZZER_FUZZ=1} it fuzzes (docs/fuzzing.md).
 */
class QueryRequestFuzzTest {

  static final String[] IAM_ACTIONS = {"CreateUser", "GetUser", "ListUsers", "UpdateUser", "DeleteUser",
      "CreateGroup", "GetGroup", "ListGroups", "UpdateGroup", "DeleteGroup", "AddUserToGroup", "RemoveUserFromGroup",
      "ListGroupsForUser", "TagUser", "UntagUser", "ListUserTags", "TagRole", "UntagRole", "ListRoleTags", "TagPolicy",
      "UntagPolicy", "ListPolicyTags", "CreateRole", "GetRole", "ListRoles", "UpdateRole", "UpdateRoleDescription",
      "UpdateAssumeRolePolicy", "DeleteRole", "CreatePolicy", "GetPolicy", "ListPolicies", "DeletePolicy",
      "CreatePolicyVersion", "GetPolicyVersion", "ListPolicyVersions", "DeletePolicyVersion", "SetDefaultPolicyVersion",
      "AttachUserPolicy", "AttachGroupPolicy", "AttachRolePolicy", "DetachUserPolicy", "DetachGroupPolicy",
      "DetachRolePolicy", "ListAttachedUserPolicies", "ListAttachedGroupPolicies", "ListAttachedRolePolicies",
      "ListEntitiesForPolicy", "PutUserPolicy", "PutGroupPolicy", "PutRolePolicy", "GetUserPolicy", "GetGroupPolicy",
      "GetRolePolicy", "ListUserPolicies", "ListGroupPolicies", "ListRolePolicies", "DeleteUserPolicy",
      "DeleteGroupPolicy", "DeleteRolePolicy", "PutUserPermissionsBoundary", "PutRolePermissionsBoundary",
      "DeleteUserPermissionsBoundary", "DeleteRolePermissionsBoundary", "GetAccountAuthorizationDetails",
      "CreateAccessKey", "ListAccessKeys", "UpdateAccessKey", "DeleteAccessKey", "GetAccessKeyLastUsed",
      "SimulatePrincipalPolicy", "SimulateCustomPolicy", "GetContextKeysForPrincipalPolicy",
      "GetContextKeysForCustomPolicy", "NoSuchAction"};
  static final String[] STS_ACTIONS = {"GetCallerIdentity", "AssumeRole", "GetSessionToken"};
  static final String[] PARAMS = {"UserName", "GroupName", "RoleName", "PolicyName", "PolicyArn", "PolicyDocument",
      "AssumeRolePolicyDocument", "Path", "PathPrefix", "NewPath", "NewUserName", "NewGroupName", "Description",
      "MaxSessionDuration", "MaxItems", "Marker", "VersionId", "SetAsDefault", "Scope", "OnlyAttached",
      "PolicyUsageFilter", "EntityFilter", "Filter.member.1", "AccessKeyId", "Status", "PermissionsBoundary",
      "Tags.member.1.Key", "Tags.member.1.Value", "Tags.member.2.Key", "Tags.member.2.Value", "TagKeys.member.1",
      "PolicySourceArn", "PolicyInputList.member.1", "PolicyInputList.member.2",
      "PermissionsBoundaryPolicyInputList.member.1", "ActionNames.member.1", "ActionNames.member.2",
      "ResourceArns.member.1", "ResourcePolicy", "ResourceOwner", "CallerArn", "ResourceHandlingOption",
      "ContextEntries.member.1.ContextKeyName", "ContextEntries.member.1.ContextKeyType",
      "ContextEntries.member.1.ContextKeyValues.member.1", "RoleArn", "RoleSessionName", "DurationSeconds", "Policy",
      "PolicyArns.member.1.arn", "TransitiveTagKeys.member.1", "SourceIdentity", "ExternalId", "SerialNumber"};
  static final String[] VALUES = {"alice", "fuzzer", "g", "r", "p", "/", "/a/", "//", "0", "1", "-1", "1000", "1001",
      "99999999999", "true", "false", "Local", "AWS", "All", "User", "Active", "Inactive", "v1", "v2", "v6",
      "arn:aws:iam::aws:policy/IAMReadOnlyAccess", "arn:aws:iam::111122223333:policy/x",
      "arn:aws:iam::%s:policy/p", "arn:aws:iam::%s:user/alice", "arn:aws:iam::%s:role/r", "arn:aws:iam::%s:group/g",
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}",
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},"
          + "\"Action\":\"sts:AssumeRole\"}]}",
      "s3:GetObject", "iam:*", "*", "string", "stringList", "numeric", "ipList", "dateList", "binary", "EC2-VPC-EBS",
      "aws:username", "aws:SourceIp", "ml", "", " ", "a&b=c", "%", "%zz", "é", "\u0000"};

  private static IamStore store;
  private static IamApi api;
  private static String acct;

  private static synchronized void open() {
    if (store != null) {
      return;
    }
    FuzzStore.Seeded seeded = FuzzStore.withAllowAllUser();
    store = seeded.store();
    acct = seeded.account();
    api = new IamApi(store, Clock.systemUTC());
  }

  @DictionaryEntries({"Action=", "&", "=", ".member.", ".Key", ".Value", "%20", "+", "%26", "%3D", "Version=2010-05-08"})
  @FuzzTest(maxDuration = "10m")
  void queryApi(FuzzedDataProvider data) throws Exception {
    open();
    boolean sts = data.consumeInt(0, 5) == 0;
    boolean asRoot = data.consumeBoolean();
    boolean form = data.consumeBoolean();
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = data.consumeInt(0, 6); i > 0; i--) {
      String key = data.consumeBoolean() ? data.pickValue(PARAMS) : data.consumeString(30);
      String value = data.consumeBoolean() ? data.pickValue(VALUES).replace("%s", acct) : data.consumeString(200);
      params.putIfAbsent(key, value);
    }
    String action = data.pickValue(sts ? STS_ACTIONS : IAM_ACTIONS);
    // the rest is a query string or form body, read as the server reads it
    List<Map.Entry<String, String>> pairs = SigV4.parsePairs(data.consumeRemainingAsString(), form);
    for (Map.Entry<String, String> e : pairs) {
      assertThat(e.getKey()).isNotNull();
      assertThat(e.getValue()).isNotNull();
      params.putIfAbsent(e.getKey(), e.getValue());
    }
    action = params.getOrDefault("Action", action);
    Caller caller;
    if (asRoot) {
      caller = new Caller(acct, "arn:aws:iam::" + acct + ":root", null, acct, "AKIAROOT", "us-east-1",
          store.changeVersion());
    } else {
      User u = store.users().getUser(acct, "fuzzer");
      caller = new Caller(acct, u.arn(), "fuzzer", u.userId(), "AKIAFUZZER", "us-east-1", store.changeVersion());
    }
    try {
      String xml = api.handle(sts ? "sts" : "iam", action, new IamApi.Params(params), caller,
          NetworkProfile.direct("192.0.2.1"), "rid");
      assertThat(xml).startsWith("<");
    } catch (AwsError e) {
      assertThat(e.status).as("%s %s: %s", action, params, e.getMessage()).isBetween(400, 499);
    } catch (IamException e) {
      assertThat(AwsError.statusOf(e.code())).as("%s %s: %s", action, params, e.getMessage()).isBetween(400, 499);
    }
  }
}
