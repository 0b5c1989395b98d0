package dev.iamlocal.server.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iamlocal.server.ServerFixture;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.ListPoliciesResponse;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Policy;
import software.amazon.awssdk.services.iam.model.PolicyNotAttachableException;
import software.amazon.awssdk.services.iam.model.PolicyScopeType;
import software.amazon.awssdk.services.iam.model.PolicyUsageType;

/** All 1,594 AWS managed policies through the SDK: listing, paging, attaching, reading, immutability, simulation. */
class ManagedPoliciesSdkTest extends ServerFixture {

  static final String S3_READ_ONLY = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";
  static final String LAMBDA_BASIC = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";
  static final String VIEW_ONLY = "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess";

  private List<Policy> all(PolicyScopeType scope, String prefix, Integer pageSize) {
    List<Policy> out = new ArrayList<>();
    String marker = null;
    int pages = 0;
    do {
      String m = marker;
      ListPoliciesResponse r = root.listPolicies(b -> b.scope(scope).pathPrefix(prefix).maxItems(pageSize).marker(m));
      out.addAll(r.policies());
      assertThat(r.isTruncated()).isEqualTo(r.marker() != null);
      marker = r.marker();
      pages++;
    } while (marker != null && pages < 100);
    return out;
  }

  @Test
  void scopeAwsListsAllPoliciesPageByPage() {
    List<Policy> aws = all(PolicyScopeType.AWS, null, 1000);
    assertThat(aws).hasSize(1594);
    assertThat(aws).extracting(Policy::arn).doesNotHaveDuplicates().allMatch(a -> a.startsWith("arn:aws:iam::aws:policy/"));
    assertThat(aws).extracting(Policy::path).contains("/", "/service-role/", "/aws-service-role/", "/job-function/");
    assertThat(all(PolicyScopeType.AWS, "/job-function/", 5)).hasSize(11).allMatch(p -> p.path().equals("/job-function/"));
    assertThat(all(PolicyScopeType.AWS, "/aws-service-role/", 100)).hasSize(357);
    // Scope All holds them too, before the account's own
    root.createPolicy(r -> r.policyName("mine-mp").policyDocument(allow("s3:GetObject", "*")));
    List<Policy> every = all(PolicyScopeType.ALL, null, 1000);
    assertThat(every).hasSize(1595);
    assertThat(every.get(every.size() - 1).policyName()).isEqualTo("mine-mp");
    ListPoliciesResponse first = root.listPolicies(b -> b.scope(PolicyScopeType.AWS));
    assertThat(first.policies()).hasSize(100);
    assertThat(first.isTruncated()).isTrue();
  }

  @Test
  void attachedByArnCountedAndFilteredByUsage() {
    root.createUser(r -> r.userName("mp-user"));
    String roleName = "mp-role";
    root.createRole(r -> r.roleName(roleName).assumeRolePolicyDocument(trust("arn:aws:iam::" + acct() + ":root")));
    root.attachUserPolicy(r -> r.userName("mp-user").policyArn(VIEW_ONLY));
    root.attachRolePolicy(r -> r.roleName(roleName).policyArn(LAMBDA_BASIC));
    root.attachRolePolicy(r -> r.roleName(roleName).policyArn(VIEW_ONLY));
    root.putUserPermissionsBoundary(r -> r.userName("mp-user").permissionsBoundary(S3_READ_ONLY));

    Policy view = root.getPolicy(r -> r.policyArn(VIEW_ONLY)).policy();
    assertThat(view.attachmentCount()).isEqualTo(2);
    assertThat(view.isAttachable()).isTrue();
    assertThat(view.path()).isEqualTo("/job-function/");
    assertThat(view.defaultVersionId()).isEqualTo("v45");
    assertThat(view.createDate()).isEqualTo(Instant.parse("2016-11-10T17:20:15Z"));
    assertThat(view.updateDate()).isEqualTo(Instant.parse("2026-04-22T18:12:21Z"));
    assertThat(view.policyId()).matches("ANPA[A-Z0-9]{17}");
    assertThat(root.getPolicy(r -> r.policyArn(S3_READ_ONLY)).policy().permissionsBoundaryUsageCount()).isEqualTo(1);

    List<String> attached = root.listPolicies(b -> b.scope(PolicyScopeType.AWS).onlyAttached(true)).policies().stream()
        .map(Policy::arn).toList();
    // (other tests of the class attach policies too); OnlyAttached counts a boundary as a use, and
    // PolicyUsageFilter narrows the list only with OnlyAttached (stackd's recording against IAM,
    // policy_management.json; StackdEntityInputsSdkTest replays it)
    assertThat(attached).contains(VIEW_ONLY, LAMBDA_BASIC, S3_READ_ONLY)
        .doesNotContain("arn:aws:iam::aws:policy/AdministratorAccess")
        .allSatisfy(a -> {
          Policy p = root.getPolicy(r -> r.policyArn(a)).policy();
          assertThat(p.attachmentCount() + p.permissionsBoundaryUsageCount()).isPositive();
        });
    assertThat(root.listPolicies(b -> b.scope(PolicyScopeType.AWS).onlyAttached(true).pathPrefix("/service-role/"))
        .policies()).extracting(Policy::arn).containsExactly(LAMBDA_BASIC);
    assertThat(root.listPolicies(b -> b.scope(PolicyScopeType.AWS).onlyAttached(true)
        .policyUsageFilter(PolicyUsageType.PERMISSIONS_BOUNDARY)).policies()).extracting(Policy::arn)
        .containsExactly(S3_READ_ONLY);
    assertThat(root.listPolicies(b -> b.scope(PolicyScopeType.AWS).onlyAttached(true)
        .policyUsageFilter(PolicyUsageType.PERMISSIONS_POLICY)).policies()).extracting(Policy::arn)
        .containsExactlyInAnyOrderElementsOf(attached.stream()
            .filter(a -> root.getPolicy(r -> r.policyArn(a)).policy().attachmentCount() > 0).toList());

    // a wrong path finds nothing; the policies of service-linked roles are not for customer roles
    assertThatThrownBy(() -> root.attachRolePolicy(r -> r.roleName(roleName)
        .policyArn("arn:aws:iam::aws:policy/service-role/ViewOnlyAccess"))).isInstanceOf(NoSuchEntityException.class);
    assertThatThrownBy(() -> root.attachRolePolicy(r -> r.roleName(roleName)
        .policyArn("arn:aws:iam::aws:policy/aws-service-role/AmazonSageMakerNotebooksServiceRolePolicy")))
        .isInstanceOfSatisfying(PolicyNotAttachableException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("Cannot attach a Service Role Policy to a Customer Role."));
  }

  @Test
  void defaultVersionReadableOlderVersionsAreNotBundled() {
    var v = root.getPolicyVersion(r -> r.policyArn(LAMBDA_BASIC).versionId("v1")).policyVersion();
    assertThat(v.isDefaultVersion()).isTrue();
    assertThat(URLDecoder.decode(v.document(), StandardCharsets.UTF_8)).contains("\"logs:CreateLogGroup\"");
    assertThat(root.listPolicyVersions(r -> r.policyArn(S3_READ_ONLY)).versions()).singleElement()
        .satisfies(pv -> assertThat(pv.versionId()).isEqualTo("v3"));
    assertThatThrownBy(() -> root.getPolicyVersion(r -> r.policyArn(S3_READ_ONLY).versionId("v2")))
        .isInstanceOfSatisfying(NoSuchEntityException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("Policy " + S3_READ_ONLY + " version v2 does not exist or is not attachable."));
  }

  @Test
  void awsManagedPoliciesAreImmutable() {
    for (Runnable change : List.<Runnable>of(
        () -> root.deletePolicy(r -> r.policyArn(VIEW_ONLY)),
        () -> root.createPolicyVersion(r -> r.policyArn(VIEW_ONLY).policyDocument(allow("s3:*", "*"))),
        () -> root.setDefaultPolicyVersion(r -> r.policyArn(VIEW_ONLY).versionId("v44")),
        () -> root.deletePolicyVersion(r -> r.policyArn(VIEW_ONLY).versionId("v44")))) {
      assertThatThrownBy(change::run).isInstanceOfSatisfying(IamException.class, e -> {
        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
      });
    }
  }

  @Test
  void simulatorUsesAnAttachedAwsManagedPolicy() {
    String arn = root.createUser(r -> r.userName("mp-sim")).user().arn();
    root.attachUserPolicy(r -> r.userName("mp-sim").policyArn(S3_READ_ONLY));
    var results = root.simulatePrincipalPolicy(b -> b.policySourceArn(arn).actionNames("s3:GetObject", "s3:PutObject")
        .resourceArns("arn:aws:s3:::bucket/key")).evaluationResults();
    assertThat(results).extracting(r -> r.evalActionName() + "=" + r.evalDecisionAsString())
        .containsExactly("s3:GetObject=allowed", "s3:PutObject=implicitDeny");
    assertThat(results.get(0).matchedStatements()).singleElement()
        .satisfies(st -> assertThat(st.sourcePolicyId()).isEqualTo("AmazonS3ReadOnlyAccess"));
  }

  @Test
  void callerWithoutPermissionIsDenied() {
    var creds = userWithPolicy("mp-nobody", null);
    var client = iam(creds);
    assertThatThrownBy(() -> client.listPolicies(b -> b.scope(PolicyScopeType.AWS)))
        .isInstanceOfSatisfying(IamException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
    assertThatThrownBy(() -> client.getPolicy(b -> b.policyArn(VIEW_ONLY)))
        .isInstanceOfSatisfying(IamException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
    // with an AWS managed policy that grants reading IAM, it may
    root.attachUserPolicy(r -> r.userName("mp-nobody").policyArn("arn:aws:iam::aws:policy/IAMReadOnlyAccess"));
    assertThat(client.getPolicy(b -> b.policyArn(VIEW_ONLY)).policy().policyName()).isEqualTo("ViewOnlyAccess");
  }
}
