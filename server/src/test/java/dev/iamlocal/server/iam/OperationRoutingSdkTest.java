package dev.iamlocal.server.iam;

import dev.iamlocal.server.RawCalls;
import dev.iamlocal.server.ServerFixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * The router knows every operation of AWS's IAM, STS and SageMaker models: one iamlocal does not
 * implement answers 501 NotImplemented with a message naming iamlocal, in the protocol's error form
 * (the SDKs read it as a service error); a name that is no operation of the model keeps AWS's own
 * unknown-operation error.
 */
class OperationRoutingSdkTest extends ServerFixture {

  /** Every IAM operation iamlocal served before the operations became model-driven functions. */
  static final Set<String> IAM_OPERATIONS = Set.of("AddUserToGroup", "AttachGroupPolicy", "AttachRolePolicy",
      "AttachUserPolicy", "CreateAccessKey", "CreateGroup", "CreatePolicy", "CreatePolicyVersion", "CreateRole",
      "CreateUser", "DeleteAccessKey", "DeleteGroup", "DeleteGroupPolicy", "DeletePolicy", "DeletePolicyVersion",
      "DeleteRole", "DeleteRolePermissionsBoundary", "DeleteRolePolicy", "DeleteUser",
      "DeleteUserPermissionsBoundary", "DeleteUserPolicy", "DetachGroupPolicy", "DetachRolePolicy",
      "DetachUserPolicy", "GetAccessKeyLastUsed", "GetAccountAuthorizationDetails",
      "GetContextKeysForCustomPolicy", "GetContextKeysForPrincipalPolicy", "GetGroup", "GetGroupPolicy", "GetPolicy",
      "GetPolicyVersion", "GetRole", "GetRolePolicy", "GetUser", "GetUserPolicy", "ListAccessKeys",
      "ListAttachedGroupPolicies", "ListAttachedRolePolicies", "ListAttachedUserPolicies", "ListEntitiesForPolicy",
      "ListGroupPolicies", "ListGroups", "ListGroupsForUser", "ListPolicies", "ListPolicyTags",
      "ListPolicyVersions", "ListRolePolicies", "ListRoleTags", "ListRoles", "ListUserPolicies", "ListUserTags",
      "ListUsers", "PutGroupPolicy", "PutRolePermissionsBoundary", "PutRolePolicy", "PutUserPermissionsBoundary",
      "PutUserPolicy", "RemoveUserFromGroup", "SetDefaultPolicyVersion", "SimulateCustomPolicy",
      "SimulatePrincipalPolicy", "TagPolicy", "TagRole", "TagUser", "UntagPolicy", "UntagRole", "UntagUser",
      "UpdateAccessKey", "UpdateAssumeRolePolicy", "UpdateGroup", "UpdateRole", "UpdateRoleDescription",
      "UpdateUser");

  /** The MFA device family (MfaApi). */
  static final Set<String> MFA_OPERATIONS = Set.of("CreateVirtualMFADevice", "EnableMFADevice", "ResyncMFADevice",
      "DeactivateMFADevice", "DeleteVirtualMFADevice", "GetMFADevice", "ListMFADevices", "ListVirtualMFADevices",
      "TagMFADevice", "UntagMFADevice", "ListMFADeviceTags");
  /** STS's token operations (StsTokensApi). */
  static final Set<String> STS_TOKEN_OPERATIONS = Set.of("GetSessionToken", "GetFederationToken", "GetAccessKeyInfo",
      "DecodeAuthorizationMessage", "AssumeRoot");
  /** The identity provider operations (OidcProvidersApi, SamlProvidersApi). */
  static final List<String> FEDERATION_OPERATIONS = List.of("CreateOpenIDConnectProvider",
      "GetOpenIDConnectProvider", "ListOpenIDConnectProviders", "DeleteOpenIDConnectProvider",
      "AddClientIDToOpenIDConnectProvider", "RemoveClientIDFromOpenIDConnectProvider",
      "UpdateOpenIDConnectProviderThumbprint", "TagOpenIDConnectProvider", "UntagOpenIDConnectProvider",
      "ListOpenIDConnectProviderTags", "CreateSAMLProvider", "GetSAMLProvider", "ListSAMLProviders",
      "UpdateSAMLProvider", "DeleteSAMLProvider", "TagSAMLProvider", "UntagSAMLProvider", "ListSAMLProviderTags");

  /** The operations of docs/credentials.md (issue 15: service-linked roles, user credentials, certificates, last accessed). */
  static final List<String> CREDENTIALS_OPERATIONS = List.of("CreateServiceLinkedRole", "DeleteServiceLinkedRole",
      "GetServiceLinkedRoleDeletionStatus", "UploadSSHPublicKey", "GetSSHPublicKey", "ListSSHPublicKeys",
      "UpdateSSHPublicKey", "DeleteSSHPublicKey", "UploadSigningCertificate", "ListSigningCertificates",
      "UpdateSigningCertificate", "DeleteSigningCertificate", "CreateServiceSpecificCredential",
      "ListServiceSpecificCredentials", "ResetServiceSpecificCredential", "UpdateServiceSpecificCredential",
      "DeleteServiceSpecificCredential", "UploadServerCertificate", "GetServerCertificate", "ListServerCertificates",
      "UpdateServerCertificate", "DeleteServerCertificate", "TagServerCertificate", "UntagServerCertificate",
      "ListServerCertificateTags", "GenerateServiceLastAccessedDetails", "GetServiceLastAccessedDetails",
      "GetServiceLastAccessedDetailsWithEntities", "ListPoliciesGrantingServiceAccess");


  @Test
  void everyOperationServedBeforeIsStillRegistered() {
    IamApi api = new IamApi(store, Clock.systemUTC());
    assertThat(IAM_OPERATIONS).hasSize(74);
    // the families added since (instance profiles, passwords, account, MFA, STS tokens, …) register more
    assertThat(new TreeSet<>(api.operations("iam"))).containsAll(new TreeSet<>(IAM_OPERATIONS))
        .containsAll(MFA_OPERATIONS).containsAll(FEDERATION_OPERATIONS).containsAll(CREDENTIALS_OPERATIONS);
    assertThat(api.operations("sts")).contains("GetCallerIdentity", "AssumeRole", "AssumeRoleWithWebIdentity")
        .containsAll(STS_TOKEN_OPERATIONS);
  }

  /**
   * Every operation of IAM's and STS's models is registered, so none answers 501 (the 501 form of an
   * unimplemented operation stays pinned by the SageMaker case below, whose model iamlocal answers
   * in part).
   */
  @Test
  void everyIamAndStsOperationOfTheModelIsImplemented() {
    IamApi api = new IamApi(store, Clock.systemUTC());
    assertThat(api.operations("iam")).containsAll(dev.iamlocal.server.protocol.ApiModel.iam().operationNames());
    assertThat(api.operations("sts")).containsAll(dev.iamlocal.server.protocol.ApiModel.sts().operationNames());
  }

  @Test
  void aNameThatIsNoOperationOfTheModelIsAwsInvalidAction() throws Exception {
    var creds = AwsBasicCredentials.create(boot.rootKey().accessKeyId(), boot.rootKey().secret());
    HttpResponse<String> iam = RawCalls.query(server.endpoint(), creds, "us-east-1", "iam",
        "Action=CreateUnicorn&Version=2010-05-08");
    assertThat(iam.statusCode()).isEqualTo(400);
    assertThat(iam.body()).contains("<Code>InvalidAction</Code>")
        .contains("<Message>Could not find operation CreateUnicorn for version 2010-05-08</Message>");
    HttpResponse<String> sts = RawCalls.query(server.endpoint(), creds, "us-east-1", "sts",
        "Action=CreateUnicorn&Version=2011-06-15");
    assertThat(sts.statusCode()).isEqualTo(400);
    assertThat(sts.body()).contains("<Code>InvalidAction</Code>")
        .contains("<Message>Could not find operation CreateUnicorn for version 2011-06-15</Message>");
  }

  /** The Query front end finds an operation by name and version: IAM's ListUsers under another version is none. */
  @Test
  void anOperationUnderAnotherApiVersionIsAwsInvalidAction() throws Exception {
    var creds = AwsBasicCredentials.create(boot.rootKey().accessKeyId(), boot.rootKey().secret());
    HttpResponse<String> iam = RawCalls.query(server.endpoint(), creds, "us-east-1", "iam",
        "Action=ListUsers&Version=1999-01-01");
    assertThat(iam.statusCode()).isEqualTo(400);
    assertThat(iam.body()).contains("<Code>InvalidAction</Code>")
        .contains("<Message>Could not find operation ListUsers for version 1999-01-01</Message>");
    // STS's GetCallerIdentity sent with IAM's version, the classic misrouted call
    HttpResponse<String> sts = RawCalls.query(server.endpoint(), creds, "us-east-1", "sts",
        "Action=GetCallerIdentity&Version=2010-05-08");
    assertThat(sts.body()).contains("<Message>Could not find operation GetCallerIdentity for version 2010-05-08</Message>");
    assertThat(RawCalls.query(server.endpoint(), creds, "us-east-1", "iam", "Action=ListUsers&Version=2010-05-08")
        .statusCode()).isEqualTo(200);
  }

  @Test
  void aSageMakerOperationOfTheModelNotImplementedIs501AndAnUnknownNameIsUnknownOperationException()
      throws Exception {
    var creds = AwsBasicCredentials.create(boot.rootKey().accessKeyId(), boot.rootKey().secret());
    HttpResponse<String> known = RawCalls.sageMaker(server.endpoint(), creds, "us-east-1", "sagemaker",
        "QueryLineage", "{}");
    assertThat(known.statusCode()).as(known.body()).isEqualTo(501);
    assertThat(known.headers().firstValue("x-amzn-ErrorType")).hasValue("NotImplemented");
    assertThat(known.body()).isEqualTo("{\"__type\":\"NotImplemented\",\"message\":"
        + "\"iamlocal does not implement the SageMaker operation QueryLineage yet\"}");
    HttpResponse<String> unknown = RawCalls.sageMaker(server.endpoint(), creds, "us-east-1", "sagemaker",
        "CreateUnicorn", "{}");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.headers().firstValue("x-amzn-ErrorType")).hasValue("UnknownOperationException");
  }
}
