package dev.iamlocal.server.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iamlocal.server.ServerFixture;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.AccessAdvisorUsageGranularityType;
import software.amazon.awssdk.services.iam.model.EntityDetails;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.JobStatusType;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.PolicyGrantingServiceAccess;
import software.amazon.awssdk.services.iam.model.ServiceLastAccessed;
import software.amazon.awssdk.services.iam.model.TrackedActionLastAccessed;

/** Service last accessed data through the SDK, computed from the decision log of the calls made here. */
class ServiceLastAccessedSdkTest extends ServerFixture {

  static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
      + "[\"iam:GetUser\",\"iam:ListUsers\",\"sagemaker:ListModels\"],\"Resource\":\"*\"}]}";

  @Test
  void userReportListsGrantedServicesWithTheirLastAttempt() {
    var creds = userWithPolicy("la-user", POLICY);
    String userArn = "arn:aws:iam::" + acct() + ":user/la-user";
    var client = iam(creds);
    client.listUsers();
    // a denied call is an attempt too (AWS: "all attempts ..., not just the successful ones")
    assertThatThrownBy(() -> client.listRoles()).isInstanceOf(IamException.class);

    String job = root.generateServiceLastAccessedDetails(r -> r.arn(userArn)
        .granularity(AccessAdvisorUsageGranularityType.ACTION_LEVEL)).jobId();
    assertThat(job).hasSize(36);
    var report = root.getServiceLastAccessedDetails(r -> r.jobId(job));
    assertThat(report.jobStatus()).isEqualTo(JobStatusType.COMPLETED);
    assertThat(report.jobTypeAsString()).isEqualTo("ACTION_LEVEL");
    Map<String, ServiceLastAccessed> bySvc = report.servicesLastAccessed().stream()
        .collect(Collectors.toMap(ServiceLastAccessed::serviceNamespace, x -> x));
    assertThat(bySvc.keySet()).containsExactlyInAnyOrder("iam", "sagemaker");
    ServiceLastAccessed iamRow = bySvc.get("iam");
    assertThat(iamRow.serviceName()).isEqualTo("AWS Identity and Access Management (IAM)");
    assertThat(iamRow.lastAuthenticatedEntity()).isEqualTo(userArn);
    assertThat(iamRow.lastAuthenticated()).isNotNull();
    assertThat(iamRow.totalAuthenticatedEntities()).isEqualTo(1);
    assertThat(iamRow.trackedActionsLastAccessed()).extracting(TrackedActionLastAccessed::actionName)
        .contains("ListUsers", "ListRoles");
    ServiceLastAccessed sm = bySvc.get("sagemaker");
    assertThat(sm.lastAuthenticated()).isNull();
    assertThat(sm.totalAuthenticatedEntities()).isNull();

    List<PolicyGrantingServiceAccess> granting = root.listPoliciesGrantingServiceAccess(r -> r.arn(userArn)
        .serviceNamespaces("sagemaker", "s3")).policiesGrantingServiceAccess().get(0).policies();
    assertThat(granting).singleElement().satisfies(p -> {
      assertThat(p.policyName()).isEqualTo("p");
      assertThat(p.policyTypeAsString()).isEqualTo("INLINE");
      assertThat(p.entityName()).isEqualTo("la-user");
    });
    assertThat(root.listPoliciesGrantingServiceAccess(r -> r.arn(userArn).serviceNamespaces("s3"))
        .policiesGrantingServiceAccess().get(0).policies()).isEmpty();
  }

  @Test
  void policyReportWithEntities() {
    String policyArn = root.createPolicy(r -> r.policyName("la-managed").policyDocument(POLICY)).policy().arn();
    var creds = userWithPolicy("la-a", null);
    userWithPolicy("la-b", null);
    root.attachUserPolicy(r -> r.userName("la-a").policyArn(policyArn));
    root.attachUserPolicy(r -> r.userName("la-b").policyArn(policyArn));
    iam(creds).getUser();
    String job = root.generateServiceLastAccessedDetails(r -> r.arn(policyArn)).jobId();
    var iamRow = root.getServiceLastAccessedDetails(r -> r.jobId(job)).servicesLastAccessed().stream()
        .filter(x -> x.serviceNamespace().equals("iam")).findFirst().orElseThrow();
    assertThat(iamRow.lastAuthenticatedEntity()).endsWith(":user/la-a");
    assertThat(iamRow.trackedActionsLastAccessed()).isEmpty(); // SERVICE_LEVEL
    List<EntityDetails> entities = root.getServiceLastAccessedDetailsWithEntities(r -> r.jobId(job)
        .serviceNamespace("iam")).entityDetailsList();
    assertThat(entities).extracting(e -> e.entityInfo().name()).containsExactly("la-a", "la-b");
    assertThat(entities.get(0).lastAuthenticated()).isNotNull();
    assertThat(entities.get(1).lastAuthenticated()).isNull();
  }

  @Test
  void unknownJobsAndEntities() {
    assertThatThrownBy(() -> root.getServiceLastAccessedDetails(r -> r.jobId("00000000-0000-0000-0000-000000000000")))
        .isInstanceOf(NoSuchEntityException.class);
    assertThatThrownBy(() -> root.generateServiceLastAccessedDetails(r -> r.arn("arn:aws:iam::" + acct() + ":user/nobody-la")))
        .isInstanceOf(NoSuchEntityException.class);
  }

  @Test
  void callerWithoutPermissionIsDenied() {
    var client = iam(userWithPolicy("la-nobody", null));
    assertThatThrownBy(() -> client.generateServiceLastAccessedDetails(r -> r.arn("arn:aws:iam::" + acct() + ":user/la-nobody")))
        .isInstanceOfSatisfying(IamException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
    String job = root.generateServiceLastAccessedDetails(r -> r.arn("arn:aws:iam::" + acct() + ":user/la-nobody")).jobId();
    assertThatThrownBy(() -> client.getServiceLastAccessedDetails(r -> r.jobId(job)))
        .isInstanceOfSatisfying(IamException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
  }
}
