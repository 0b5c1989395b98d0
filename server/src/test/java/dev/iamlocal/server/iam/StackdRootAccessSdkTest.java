package dev.iamlocal.server.iam;

import static dev.iamlocal.server.iam.RecordedRoleAnswersSdkTest.awsError;

import dev.iamlocal.server.ServerFixture;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * The denials of the organizations root-access operations and of AssumeRoot as the stackd project
 * recorded them against real IAM and STS (radkawar/stackd, testdata/aws/iam/root_access.json,
 * 2026-09-11), with the recording's users and policies. The recorded account sat in an organization
 * without IAM's trusted access; iamlocal's accounts belong to none, so the allowed calls answer
 * differently and are not replayed.
 */
class StackdRootAccessSdkTest extends ServerFixture {

  @Test
  void denials() {
    root.createUser(r -> r.userName("stackd-root-access-fixture-explicit_deny_observer").path("/org-access/"));
    root.putUserPolicy(r -> r.userName("stackd-root-access-fixture-explicit_deny_observer").policyName("ReportPermissions")
        .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":["
            + "\"iam:ListOrganizationsFeatures\",\"iam:GetAccountProperties\"],\"Resource\":\"*\"},{\"Effect\":\"Deny\","
            + "\"Action\":[\"iam:EnableOrganizationsRootCredentialsManagement\",\"iam:DisableOrganizationsRootCredentialsManagement\","
            + "\"iam:EnableOrganizationsRootSessions\",\"iam:DisableOrganizationsRootSessions\",\"organizations:*\","
            + "\"sts:AssumeRoot\"],\"Resource\":\"*\"}]}"));
    var key = root.createAccessKey(r -> r.userName("stackd-root-access-fixture-explicit_deny_observer")).accessKey();
    var creds = software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey());
    IamClient observer = iam(creds);
    String observerArn = "arn:aws:iam::" + acct() + ":user/org-access/stackd-root-access-fixture-explicit_deny_observer";
    for (String op : new String[] {"EnableOrganizationsRootCredentialsManagement",
        "DisableOrganizationsRootCredentialsManagement", "EnableOrganizationsRootSessions",
        "DisableOrganizationsRootSessions"}) {
      awsError(() -> {
        switch (op) {
          case "EnableOrganizationsRootCredentialsManagement" -> observer.enableOrganizationsRootCredentialsManagement(r -> { });
          case "DisableOrganizationsRootCredentialsManagement" -> observer.disableOrganizationsRootCredentialsManagement(r -> { });
          case "EnableOrganizationsRootSessions" -> observer.enableOrganizationsRootSessions(r -> { });
          default -> observer.disableOrganizationsRootSessions(r -> { });
        }
      }, 403, "AccessDenied", "User: " + observerArn + " is not authorized to perform: iam:" + op
          + " on resource: * with an explicit deny in an identity-based policy"); // denied_<op>
    }
    // assume_root_observer_denied: no reason named
    awsError(() -> sts(creds).assumeRoot(r -> r.targetPrincipal(acct())
        .taskPolicyArn(a -> a.arn("arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials"))), 403,
        "AccessDenied", "User: " + observerArn + " is not authorized to perform: sts:AssumeRoot on resource: arn:aws:iam::"
            + acct() + ":root");

    // features_no_grants: a user whose only policy denies organizations:*
    root.createUser(r -> r.userName("stackd-root-access-fixture-no_grants").path("/org-access/"));
    root.putUserPolicy(r -> r.userName("stackd-root-access-fixture-no_grants").policyName("ReportPermissions")
        .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"organizations:*\","
            + "\"Resource\":\"*\"}]}"));
    var k2 = root.createAccessKey(r -> r.userName("stackd-root-access-fixture-no_grants")).accessKey();
    IamClient none = iam(software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(k2.accessKeyId(),
        k2.secretAccessKey()));
    awsError(() -> none.listOrganizationsFeatures(r -> { }), 403, "AccessDenied", "User: arn:aws:iam::" + acct()
        + ":user/org-access/stackd-root-access-fixture-no_grants is not authorized to perform:"
        + " iam:ListOrganizationsFeatures on resource: * because no identity-based policy allows the"
        + " iam:ListOrganizationsFeatures action");
  }
}
