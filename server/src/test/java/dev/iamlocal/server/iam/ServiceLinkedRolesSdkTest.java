package dev.iamlocal.server.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iamlocal.server.ServerFixture;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.DeletionTaskStatusType;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.InvalidInputException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.UnmodifiableEntityException;

/** Service-linked roles through the SDK: creation, protection, deletion tasks. */
class ServiceLinkedRolesSdkTest extends ServerFixture {

  static final String SAGEMAKER_POLICY = "arn:aws:iam::aws:policy/aws-service-role/AmazonSageMakerNotebooksServiceRolePolicy";

  @Test
  void sageMakerRoleIsCreatedWithItsPolicyAndProtected() {
    Role role = root.createServiceLinkedRole(r -> r.awsServiceName("sagemaker.amazonaws.com")).role();
    String name = "AWSServiceRoleForAmazonSageMakerNotebooks";
    assertThat(role.roleName()).isEqualTo(name);
    assertThat(role.path()).isEqualTo("/aws-service-role/sagemaker.amazonaws.com/");
    assertThat(role.arn()).isEqualTo("arn:aws:iam::" + acct() + ":role/aws-service-role/sagemaker.amazonaws.com/" + name);
    assertThat(URLDecoder.decode(role.assumeRolePolicyDocument(), StandardCharsets.UTF_8))
        .contains("\"Service\":\"sagemaker.amazonaws.com\"").contains("sts:AssumeRole");
    assertThat(root.listAttachedRolePolicies(r -> r.roleName(name)).attachedPolicies())
        .extracting(AttachedPolicy::policyArn).containsExactly(SAGEMAKER_POLICY);
    assertThat(root.getRole(r -> r.roleName(name)).role().description())
        .isEqualTo("AWS SageMaker Notebooks Service Linked Role");
    // the simulator reads the attached AWS managed policy
    assertThat(root.simulatePrincipalPolicy(b -> b.policySourceArn(role.arn()).actionNames("sagemaker:DeleteApp"))
        .evaluationResults().get(0).evalDecisionAsString()).isNotEqualTo("explicitDeny");

    String expected = "Cannot perform the operation on the protected role '" + name + "' - this role is only modifiable by AWS";
    List<Runnable> changes = List.of(
        () -> root.deleteRole(r -> r.roleName(name)),
        () -> root.putRolePolicy(r -> r.roleName(name).policyName("p").policyDocument(allow("s3:*", "*"))),
        () -> root.attachRolePolicy(r -> r.roleName(name).policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess")),
        () -> root.detachRolePolicy(r -> r.roleName(name).policyArn(SAGEMAKER_POLICY)),
        () -> root.updateAssumeRolePolicy(r -> r.roleName(name).policyDocument(trust("arn:aws:iam::" + acct() + ":root"))));
    for (Runnable change : changes) {
      assertThatThrownBy(change::run).isInstanceOfSatisfying(UnmodifiableEntityException.class, e -> {
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(expected);
      });
    }
    // the description is the account's to edit
    root.updateRoleDescription(r -> r.roleName(name).description("mine"));
    assertThat(root.getRole(r -> r.roleName(name)).role().description()).isEqualTo("mine");

    // a second one is refused with AWS's words
    assertThatThrownBy(() -> root.createServiceLinkedRole(r -> r.awsServiceName("sagemaker.amazonaws.com")))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("Service role name " + name + " has been taken in this account, please try a different suffix."));

    String task = root.deleteServiceLinkedRole(r -> r.roleName(name)).deletionTaskId();
    assertThat(task).startsWith("task/aws-service-role/sagemaker.amazonaws.com/" + name + "/");
    assertThat(root.getServiceLinkedRoleDeletionStatus(r -> r.deletionTaskId(task)).status())
        .isEqualTo(DeletionTaskStatusType.SUCCEEDED);
    assertThatThrownBy(() -> root.getRole(r -> r.roleName(name))).isInstanceOf(NoSuchEntityException.class);
  }

  /**
   * Probe finding checked op by op against IAM's rules: on a service-linked role the account may tag,
   * untag and edit the description (UpdateRoleDescription, UpdateRole with only a Description); every
   * operation whose model lists UnmodifiableEntity otherwise refuses, with IAM's text, and leaves the
   * role as it was.
   */
  @Test
  void eachRoleOperationOnAServiceLinkedRoleAnswersAsIamDoes() {
    String name = root.createServiceLinkedRole(r -> r.awsServiceName("sagemaker.amazonaws.com").customSuffix("ops"))
        .role().roleName();
    root.createInstanceProfile(r -> r.instanceProfileName("slr-profile"));
    // allowed: tags and the description
    root.tagRole(r -> r.roleName(name).tags(Tag.builder().key("team").value("ml").build()));
    assertThat(root.listRoleTags(r -> r.roleName(name)).tags()).extracting(Tag::key).containsExactly("team");
    root.untagRole(r -> r.roleName(name).tagKeys("team"));
    assertThat(root.listRoleTags(r -> r.roleName(name)).tags()).isEmpty();
    root.updateRoleDescription(r -> r.roleName(name).description("described"));
    root.updateRole(r -> r.roleName(name).description("updated"));
    assertThat(root.getRole(r -> r.roleName(name)).role().description()).isEqualTo("updated");

    String protectedRole = "Cannot perform the operation on the protected role '" + name
        + "' - this role is only modifiable by AWS";
    Map<String, Runnable> refused = new LinkedHashMap<>();
    refused.put("DeleteRole", () -> root.deleteRole(r -> r.roleName(name)));
    refused.put("PutRolePolicy", () -> root.putRolePolicy(r -> r.roleName(name).policyName("p")
        .policyDocument(allow("s3:*", "*"))));
    refused.put("DeleteRolePolicy", () -> root.deleteRolePolicy(r -> r.roleName(name).policyName("p")));
    refused.put("AttachRolePolicy", () -> root.attachRolePolicy(r -> r.roleName(name)
        .policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess")));
    refused.put("DetachRolePolicy", () -> root.detachRolePolicy(r -> r.roleName(name).policyArn(SAGEMAKER_POLICY)));
    refused.put("UpdateAssumeRolePolicy", () -> root.updateAssumeRolePolicy(r -> r.roleName(name)
        .policyDocument(trust("arn:aws:iam::" + acct() + ":root"))));
    refused.put("PutRolePermissionsBoundary", () -> root.putRolePermissionsBoundary(r -> r.roleName(name)
        .permissionsBoundary("arn:aws:iam::aws:policy/ReadOnlyAccess")));
    refused.put("DeleteRolePermissionsBoundary", () -> root.deleteRolePermissionsBoundary(r -> r.roleName(name)));
    refused.put("AddRoleToInstanceProfile", () -> root.addRoleToInstanceProfile(r -> r.roleName(name)
        .instanceProfileName("slr-profile")));
    refused.put("RemoveRoleFromInstanceProfile", () -> root.removeRoleFromInstanceProfile(r -> r.roleName(name)
        .instanceProfileName("slr-profile")));
    refused.forEach((op, call) -> assertThatThrownBy(call::run).as(op)
        .isInstanceOfSatisfying(UnmodifiableEntityException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(protectedRole);
        }));
    assertThatThrownBy(() -> root.updateRole(r -> r.roleName(name).maxSessionDuration(7200)))
        .isInstanceOfSatisfying(UnmodifiableEntityException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo(name + " is an AWS service linked role, max session duration cannot be changed."));
    // nothing changed
    var role = root.getRole(r -> r.roleName(name)).role();
    assertThat(role.maxSessionDuration()).isEqualTo(3600);
    assertThat(role.permissionsBoundary()).isNull();
    assertThat(root.listRolePolicies(r -> r.roleName(name)).policyNames()).isEmpty();
    assertThat(root.listAttachedRolePolicies(r -> r.roleName(name)).attachedPolicies())
        .extracting(AttachedPolicy::policyArn).containsExactly(SAGEMAKER_POLICY);
    assertThat(root.listInstanceProfilesForRole(r -> r.roleName(name)).instanceProfiles()).isEmpty();
    root.deleteServiceLinkedRole(r -> r.roleName(name));
  }

  @Test
  void customSuffixRules() {
    Role autoscaling = root.createServiceLinkedRole(r -> r.awsServiceName("autoscaling.amazonaws.com")
        .customSuffix("fleet").description("for the fleet")).role();
    assertThat(autoscaling.roleName()).isEqualTo("AWSServiceRoleForAutoScaling_fleet");
    assertThat(root.listAttachedRolePolicies(r -> r.roleName("AWSServiceRoleForAutoScaling_fleet")).attachedPolicies())
        .extracting(AttachedPolicy::policyName).containsExactly("AutoScalingServiceRolePolicy");
    assertThatThrownBy(() -> root.createServiceLinkedRole(r -> r.awsServiceName("ecs.amazonaws.com").customSuffix("x")))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("Custom suffix is not allowed for ecs.amazonaws.com"));
    assertThatThrownBy(() -> root.createServiceLinkedRole(r -> r.awsServiceName("nosuch.amazonaws.com")))
        .isInstanceOf(InvalidInputException.class);
    // CreateRole may not use the path
    assertThatThrownBy(() -> root.createRole(r -> r.roleName("fake-slr").path("/aws-service-role/x.amazonaws.com/")
        .assumeRolePolicyDocument(trust("arn:aws:iam::" + acct() + ":root"))))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("Path prefix '/aws-service-role/' can only be used for AWS Service linked Roles"));
  }

  @Test
  void aRoleInUseByASageMakerResourceIsNotDeleted() {
    root.createServiceLinkedRole(r -> r.awsServiceName("sagemaker.application-autoscaling.amazonaws.com"));
    String name = "AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint";
    String arn = root.getRole(r -> r.roleName(name)).role().arn();
    var sagemaker = new dev.iamlocal.store.SageMakerStore(store);
    java.time.Instant now = java.time.Instant.now();
    String modelArn = "arn:aws:sagemaker:us-east-1:" + acct() + ":model/uses-slr";
    sagemaker.create(new dev.iamlocal.store.SageMakerResource(modelArn, acct(), "us-east-1", "model", "uses-slr",
        "{\"ModelName\":\"uses-slr\",\"ExecutionRoleArn\":\"" + arn + "\"}", "Created", now, now, now,
        java.util.Map.of()), 100);
    String task = root.deleteServiceLinkedRole(r -> r.roleName(name)).deletionTaskId();
    var status = root.getServiceLinkedRoleDeletionStatus(r -> r.deletionTaskId(task));
    assertThat(status.status()).isEqualTo(DeletionTaskStatusType.FAILED);
    assertThat(status.reason().roleUsageList()).singleElement().satisfies(u -> {
      assertThat(u.region()).isEqualTo("us-east-1");
      assertThat(u.resources()).containsExactly(modelArn);
    });
    assertThat(root.getRole(r -> r.roleName(name)).role().arn()).isEqualTo(arn);
    sagemaker.delete(acct(), modelArn);
    String again = root.deleteServiceLinkedRole(r -> r.roleName(name)).deletionTaskId();
    assertThat(root.getServiceLinkedRoleDeletionStatus(r -> r.deletionTaskId(again)).status())
        .isEqualTo(DeletionTaskStatusType.SUCCEEDED);
  }

  @Test
  void callerWithoutPermissionIsDenied() {
    var client = iam(userWithPolicy("slr-nobody", allow("iam:GetRole", "*")));
    assertThatThrownBy(() -> client.createServiceLinkedRole(r -> r.awsServiceName("ecs.amazonaws.com")))
        .isInstanceOfSatisfying(IamException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
    root.createServiceLinkedRole(r -> r.awsServiceName("ecs.amazonaws.com"));
    // without permission the answer is AccessDenied, not the protection
    assertThatThrownBy(() -> client.deleteRole(r -> r.roleName("AWSServiceRoleForECS")))
        .isInstanceOfSatisfying(IamException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
    assertThatThrownBy(() -> client.deleteServiceLinkedRole(r -> r.roleName("AWSServiceRoleForECS")))
        .isInstanceOfSatisfying(IamException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
  }
}
