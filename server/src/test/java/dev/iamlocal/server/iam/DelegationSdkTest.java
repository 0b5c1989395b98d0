package dev.iamlocal.server.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iamlocal.server.MovingClock;
import dev.iamlocal.server.ServerFixture;
import dev.iamlocal.store.AccessKey;
import dev.iamlocal.store.DelegationRequests;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.DelegationRequest;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.PolicyParameter;
import software.amazon.awssdk.services.iam.model.PolicyParameterTypeEnum;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetDelegatedAccessTokenResponse;

/**
 * IAM temporary delegation end to end with the real SDK: a partner account creates a request from
 * its policy template, the customer's administrator associates, reviews (GetHumanReadableSummary),
 * accepts and sends the token; the partner reads it from its notification channel and trades it with
 * STS for credentials bounded by the requested policy. Rejection, invalid transitions, unknown ids,
 * other accounts, callers without permission and expiry.
 */
class DelegationSdkTest extends ServerFixture {

  static final String CHANNEL = "arn:aws:sns:us-east-1:111122223333:partner-topic";
  static final String ADMIN_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":["
      + "\"iam:AssociateDelegationRequest\",\"iam:GetDelegationRequest\",\"iam:ListDelegationRequests\","
      + "\"iam:UpdateDelegationRequest\",\"iam:AcceptDelegationRequest\",\"iam:RejectDelegationRequest\","
      + "\"iam:SendDelegationToken\",\"iam:GetHumanReadableSummary\",\"iam:ListUsers\",\"iam:ListRoles\","
      + "\"iam:GetUser\"],\"Resource\":\"*\"}]}";
  /** The partner's template: list users, read the users named by a stringList parameter. */
  static final String TEMPLATE = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
      + "\"Action\":\"iam:ListUsers\",\"Resource\":\"*\"},{\"Effect\":\"Allow\",\"Action\":\"iam:GetUser\","
      + "\"Resource\":\"arn:aws:iam::*:user/${UserNames}\"}]}";

  final MovingClock clock = new MovingClock(Instant.now());
  String partnerAcct;
  IamClient partner;
  StsClient partnerSts;
  String templateArn;
  IamClient admin;
  String adminArn;
  IamClient nobody;
  IamClient stranger;

  @Override
  protected Clock clock() {
    return clock;
  }

  @BeforeAll
  void accounts() {
    partnerAcct = store.accounts().createAccount().accountId();
    AccessKey k = store.accessKeys().createAccessKey(partnerAcct, null);
    AwsBasicCredentials pk = AwsBasicCredentials.create(k.accessKeyId(), k.secret());
    partner = iam(pk);
    partnerSts = sts(pk);
    templateArn = partner.createPolicy(r -> r.policyName("read-users-template").policyDocument(TEMPLATE)).policy().arn();
    admin = iam(userWithPolicy("admin", ADMIN_POLICY));
    adminArn = "arn:aws:iam::" + acct() + ":user/admin";
    root.createUser(r -> r.userName("alice"));
    root.createUser(r -> r.userName("bob"));
    nobody = iam(userWithPolicy("nobody", null));
    String third = store.accounts().createAccount().accountId();
    AccessKey tk = store.accessKeys().createAccessKey(third, null);
    stranger = iam(AwsBasicCredentials.create(tk.accessKeyId(), tk.secret()));
  }

  String create(String workflow, int seconds) {
    return partner.createDelegationRequest(r -> r.ownerAccountId(acct()).description("Read your users")
        .requestMessage("for the audit").requestorWorkflowId(workflow).notificationChannel(CHANNEL)
        .sessionDuration(seconds).permissions(p -> p.policyTemplateArn(templateArn).parameters(
            PolicyParameter.builder().name("UserNames").type(PolicyParameterTypeEnum.STRING_LIST)
                .values("alice").build()))).delegationRequestId();
  }

  DelegationRequest get(String id) {
    return admin.getDelegationRequest(r -> r.delegationRequestId(id)).delegationRequest();
  }

  String tokenFor(String id) {
    List<DelegationRequests.Notification> sent = new DelegationRequests(store).notifications(partnerAcct, CHANNEL);
    return sent.stream().filter(n -> n.requestId().equals(id) && n.message().contains("TradeInToken"))
        .map(n -> n.message().replaceAll(".*\"TradeInToken\":\"([^\"]+)\".*", "$1")).findFirst().orElseThrow();
  }

  static void assertError(Runnable call, int status, String code) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(AwsServiceException.class, e -> {
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
      assertThat(e.statusCode()).isEqualTo(status);
    });
  }

  /**
   * Probe finding: a role session restricted by its session policy accepted a request, and the
   * delegated credentials then carried the role's whole permissions. A session cannot accept.
   */
  @Test
  void aRoleSessionCannotAcceptBecauseItsOwnLimitsWouldBeLost() {
    String id = create("workflow-session-1", 3600);
    admin.associateDelegationRequest(r -> r.delegationRequestId(id));
    root.createRole(r -> r.roleName("delegation-approver").assumeRolePolicyDocument(
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
            + "\"arn:aws:iam::" + acct() + ":root\"},\"Action\":\"sts:AssumeRole\"}]}"));
    root.putRolePolicy(r -> r.roleName("delegation-approver").policyName("admin").policyDocument(ADMIN_POLICY));
    // the root user may not assume roles: a user allowed sts:AssumeRole does
    var assumer = userWithPolicy("delegation-assumer", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
        + "\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}]}");
    var creds = sts(assumer).assumeRole(r -> r.roleArn("arn:aws:iam::" + acct() + ":role/delegation-approver")
        .roleSessionName("approver")).credentials();
    IamClient session = iam(software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(creds.accessKeyId(),
        creds.secretAccessKey(), creds.sessionToken()));
    assertError(() -> session.acceptDelegationRequest(r -> r.delegationRequestId(id)), 403, "AccessDenied");
    assertThat(get(id).stateAsString()).isEqualTo("ASSIGNED");
  }

  /** Deletes user {@code name} with its key and inline policy, then creates a user of the same name. */
  IamClient recreate(String name, AwsBasicCredentials old) {
    root.deleteAccessKey(r -> r.userName(name).accessKeyId(old.accessKeyId()));
    root.deleteUserPolicy(r -> r.userName(name).policyName("p"));
    root.deleteUser(r -> r.userName(name));
    return iam(userWithPolicy(name, ADMIN_POLICY));
  }

  /**
   * Probe finding: the approver was kept by ARN, so a user deleted and re-created under the
   * approver's name inherited the approval. IAM binds an identity by its unique id (AIDA…): the
   * re-created user is another identity, and the token gives no credentials.
   */
  @Test
  void aUserRecreatedUnderTheApproversNameDoesNotInheritTheApproval() {
    String id = create("workflow-recreated-approver", 3600);
    AwsBasicCredentials approverKey = userWithPolicy("approver-1", ADMIN_POLICY);
    IamClient approver = iam(approverKey);
    approver.associateDelegationRequest(r -> r.delegationRequestId(id));
    approver.acceptDelegationRequest(r -> r.delegationRequestId(id));
    approver.sendDelegationToken(r -> r.delegationRequestId(id));
    String token = tokenFor(id);

    recreate("approver-1", approverKey);
    assertThat(get(id).approverId()).isEqualTo("arn:aws:iam::" + acct() + ":user/approver-1");
    assertError(() -> partnerSts.getDelegatedAccessToken(r -> r.tradeInToken(token)), 403, "AccessDenied");
  }

  /** The same for the owner: a re-created owner cannot send a request that only its owner may send. */
  @Test
  void aUserRecreatedUnderTheOwnersNameIsNotTheOwner() {
    String id = partner.createDelegationRequest(r -> r.ownerAccountId(acct()).description("d")
        .requestorWorkflowId("workflow-recreated-owner").notificationChannel(CHANNEL).sessionDuration(3600)
        .onlySendByOwner(true).permissions(p -> p.policyTemplateArn(templateArn).parameters(
            PolicyParameter.builder().name("UserNames").type(PolicyParameterTypeEnum.STRING_LIST)
                .values("alice").build()))).delegationRequestId();
    AwsBasicCredentials ownerKey = userWithPolicy("owner-1", ADMIN_POLICY);
    IamClient owner = iam(ownerKey);
    owner.associateDelegationRequest(r -> r.delegationRequestId(id));
    admin.acceptDelegationRequest(r -> r.delegationRequestId(id));

    IamClient impostor = recreate("owner-1", ownerKey);
    assertError(() -> impostor.sendDelegationToken(r -> r.delegationRequestId(id)), 403, "AccessDenied");
    assertThat(get(id).stateAsString()).isEqualTo("ACCEPTED");
  }

  @Test
  void happyPath_partnerGetsCredentialsBoundedByTheRequestedPolicy() {
    String id = create("workflow-happy-1", 3600);
    assertThat(id).hasSizeGreaterThanOrEqualTo(16);
    DelegationRequest created = get(id);
    assertThat(created.stateAsString()).isEqualTo("UNASSIGNED");
    assertThat(created.ownerAccountId()).isEqualTo(acct());
    assertThat(created.requestorId()).isEqualTo(partnerAcct);
    // the template rendered with the stringList parameter
    assertThat(created.permissionPolicy()).contains("\"Resource\":\"arn:aws:iam::*:user/alice\"");

    admin.associateDelegationRequest(r -> r.delegationRequestId(id));
    assertThat(get(id).stateAsString()).isEqualTo("ASSIGNED");
    assertThat(get(id).ownerId()).isEqualTo(adminArn);
    assertThat(admin.listDelegationRequests(r -> r.ownerId(adminArn)).delegationRequests())
        .extracting(DelegationRequest::delegationRequestId).contains(id);

    admin.updateDelegationRequest(r -> r.delegationRequestId(id).notes("please review"));
    assertThat(get(id).stateAsString()).isEqualTo("PENDING_APPROVAL");
    assertThat(get(id).notes()).isEqualTo("please review");

    var summary = admin.getHumanReadableSummary(r -> r.entityArn("arn:aws:iam::" + acct() + ":delegation-request/" + id));
    assertThat(summary.summaryStateAsString()).isEqualTo("AVAILABLE");
    assertThat(summary.summaryContent()).contains("iam:ListUsers (List)").contains("iam:GetUser (Read)")
        .contains("1 hour").contains("arn:aws:iam::*:user/alice");

    admin.acceptDelegationRequest(r -> r.delegationRequestId(id));
    assertThat(get(id).stateAsString()).isEqualTo("ACCEPTED");
    assertThat(get(id).approverId()).isEqualTo(adminArn);
    admin.sendDelegationToken(r -> r.delegationRequestId(id));
    DelegationRequest done = get(id);
    assertThat(done.stateAsString()).isEqualTo("FINALIZED");

    GetDelegatedAccessTokenResponse t = partnerSts.getDelegatedAccessToken(r -> r.tradeInToken(tokenFor(id)));
    assertThat(t.assumedPrincipal()).isEqualTo(adminArn);
    // the delegation period starts when the token is sent and lasts SessionDuration
    assertThat(t.credentials().expiration()).isEqualTo(done.updatedTime().plusSeconds(3600));
    IamClient delegated = iam(session(t.credentials()));
    // requested and held by the admin: allowed
    assertThat(delegated.listUsers().users()).extracting(u -> u.userName()).contains("alice", "bob");
    assertThat(delegated.getUser(r -> r.userName("alice")).user().userName()).isEqualTo("alice");
    // held by the admin but not requested, or outside the requested resources: denied
    assertError(() -> delegated.listRoles(), 403, "AccessDenied");
    assertError(() -> delegated.getUser(r -> r.userName("bob")), 403, "AccessDenied");
    // finalized: no way back
    assertError(() -> admin.rejectDelegationRequest(r -> r.delegationRequestId(id)), 400, "InvalidInput");
  }

  @Test
  void reject_endsTheRequestAndNotifiesThePartner() {
    String id = create("workflow-reject-1", 900);
    admin.associateDelegationRequest(r -> r.delegationRequestId(id));
    admin.acceptDelegationRequest(r -> r.delegationRequestId(id));
    // an accepted request may still be rejected before the token is sent
    admin.rejectDelegationRequest(r -> r.delegationRequestId(id).notes("not now"));
    DelegationRequest r = get(id);
    assertThat(r.stateAsString()).isEqualTo("REJECTED");
    assertThat(r.rejectionReason()).isEqualTo("not now");
    assertThat(new DelegationRequests(store).notifications(partnerAcct, CHANNEL))
        .anyMatch(n -> n.requestId().equals(id) && n.message().contains("\"State\":\"REJECTED\""));
    assertError(() -> admin.acceptDelegationRequest(q -> q.delegationRequestId(id)), 409, "ConcurrentModification");
    assertError(() -> admin.updateDelegationRequest(q -> q.delegationRequestId(id)), 400, "InvalidInput");
    assertError(() -> admin.sendDelegationToken(q -> q.delegationRequestId(id)), 400, "InvalidInput");
  }

  @Test
  void invalidTransitionsUnknownIdsAndDuplicates() {
    String id = create("workflow-invalid-1", 900);
    // UNASSIGNED: nothing but association
    assertError(() -> admin.acceptDelegationRequest(r -> r.delegationRequestId(id)), 409, "ConcurrentModification");
    assertError(() -> admin.rejectDelegationRequest(r -> r.delegationRequestId(id)), 400, "InvalidInput");
    assertError(() -> admin.sendDelegationToken(r -> r.delegationRequestId(id)), 400, "InvalidInput");
    admin.associateDelegationRequest(r -> r.delegationRequestId(id));
    assertError(() -> admin.associateDelegationRequest(r -> r.delegationRequestId(id)), 400, "InvalidInput");
    // ASSIGNED: the token is only sent once accepted
    assertError(() -> admin.sendDelegationToken(r -> r.delegationRequestId(id)), 400, "InvalidInput");
    assertThatThrownBy(() -> admin.getDelegationRequest(r -> r.delegationRequestId("0123456789abcdef-none")))
        .isInstanceOf(NoSuchEntityException.class);
    assertThatThrownBy(() -> create("workflow-invalid-1", 900)).isInstanceOf(EntityAlreadyExistsException.class);
    // another account does not see a request targeted to this one
    assertThatThrownBy(() -> stranger.getDelegationRequest(r -> r.delegationRequestId(id)))
        .isInstanceOf(NoSuchEntityException.class);
    assertThatThrownBy(() -> stranger.associateDelegationRequest(r -> r.delegationRequestId(id)))
        .isInstanceOf(NoSuchEntityException.class);
    // a template that does not exist, a parameter that is missing
    assertError(() -> partner.createDelegationRequest(r -> r.description("d").requestorWorkflowId("workflow-x-1")
        .notificationChannel(CHANNEL).sessionDuration(900).permissions(p -> p.policyTemplateArn(
            "arn:aws:iam::" + partnerAcct + ":policy/none"))), 400, "InvalidInput");
    assertError(() -> partner.createDelegationRequest(r -> r.description("d").requestorWorkflowId("workflow-x-2")
        .notificationChannel(CHANNEL).sessionDuration(900).permissions(p -> p.policyTemplateArn(templateArn))),
        400, "InvalidInput");
    // the partner cannot take its own request: targeted to the customer, or to no account
    assertError(() -> partner.associateDelegationRequest(r -> r.delegationRequestId(id)), 404, "NoSuchEntity");
    String open = partner.createDelegationRequest(r -> r.description("d").requestorWorkflowId("workflow-open-1")
        .notificationChannel(CHANNEL).sessionDuration(900).permissions(p -> p.policyTemplateArn(templateArn)
            .parameters(PolicyParameter.builder().name("UserNames").type("stringList").values("alice").build())))
        .delegationRequestId();
    assertError(() -> partner.associateDelegationRequest(r -> r.delegationRequestId(open)), 400, "InvalidInput");
    // a request targeted to no account is seen by any account until one associates it
    assertThat(stranger.getDelegationRequest(r -> r.delegationRequestId(open)).delegationRequest().stateAsString())
        .isEqualTo("UNASSIGNED");
    // an unknown trade-in token
    assertError(() -> partnerSts.getDelegatedAccessToken(r -> r.tradeInToken("not-a-token")), 403, "AccessDenied");
  }

  @Test
  void callerWithoutPermissionIsDenied() {
    String id = create("workflow-denied-1", 900);
    assertError(() -> nobody.associateDelegationRequest(r -> r.delegationRequestId(id)), 403, "AccessDenied");
    assertError(() -> nobody.getDelegationRequest(r -> r.delegationRequestId(id)), 403, "AccessDenied");
    assertError(() -> nobody.listDelegationRequests(r -> { }), 403, "AccessDenied");
    assertThat(get(id).stateAsString()).isEqualTo("UNASSIGNED");
    // a condition key: the partner's user may only ask for at most 30 minutes
    IamClient limited = iam(partnerUser("limited", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
        + "\"Action\":\"iam:CreateDelegationRequest\",\"Resource\":\"*\",\"Condition\":{\"NumericLessThanEquals\":"
        + "{\"iam:DelegationDuration\":\"1800\"}}}]}"));
    limited.createDelegationRequest(r -> r.description("d").requestorWorkflowId("workflow-short-1")
        .notificationChannel(CHANNEL).sessionDuration(900).permissions(p -> p.policyTemplateArn(templateArn)
            .parameters(PolicyParameter.builder().name("UserNames").type("stringList").values("alice", "bob").build())));
    assertError(() -> limited.createDelegationRequest(r -> r.description("d").requestorWorkflowId("workflow-long-1")
        .notificationChannel(CHANNEL).sessionDuration(3600).permissions(p -> p.policyTemplateArn(templateArn)
            .parameters(PolicyParameter.builder().name("UserNames").type("stringList").values("alice", "bob").build()))),
        403, "AccessDenied");
  }

  AwsBasicCredentials partnerUser(String name, String policy) {
    partner.createUser(r -> r.userName(name));
    partner.putUserPolicy(r -> r.userName(name).policyName("p").policyDocument(policy));
    var k = partner.createAccessKey(r -> r.userName(name)).accessKey();
    return AwsBasicCredentials.create(k.accessKeyId(), k.secretAccessKey());
  }

  @Test
  void expiry_theDelegationPeriodEndsAfterSessionDuration() {
    String id = create("workflow-expiry-1", 300);
    admin.associateDelegationRequest(r -> r.delegationRequestId(id));
    admin.acceptDelegationRequest(r -> r.delegationRequestId(id));
    admin.sendDelegationToken(r -> r.delegationRequestId(id));
    String token = tokenFor(id);
    IamClient delegated = iam(session(partnerSts.getDelegatedAccessToken(r -> r.tradeInToken(token)).credentials()));
    assertThat(delegated.listUsers().users()).isNotEmpty();
    clock.advance(Duration.ofSeconds(301));
    assertThat(get(id).stateAsString()).isEqualTo("EXPIRED");
    assertError(() -> partnerSts.getDelegatedAccessToken(r -> r.tradeInToken(token)), 400,
        "ExpiredTradeInTokenException");
    assertThatThrownBy(() -> delegated.listUsers()).isInstanceOf(IamException.class);
  }
}
