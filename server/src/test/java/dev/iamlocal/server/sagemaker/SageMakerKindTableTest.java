package dev.iamlocal.server.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The family table loads, and its derived rows say what the model and the catalog say. */
class SageMakerKindTableTest {

  @Test
  void everyRowDerives() {
    SageMakerKind up = SageMakerKind.byType("user-profile");
    assertThat(up.keys()).containsExactly("DomainId", "UserProfileName");
    assertThat(up.arnPrefix()).isEqualTo("user-profile/");
    assertThat(up.statusField()).isEqualTo("Status");
    assertThat(up.lifecycle().initial()).isEqualTo("Pending");
    assertThat(up.lifecycle().auto()).containsEntry("Pending", "InService").containsEntry("Deleting", SageMakerKind.GONE);
    assertThat(up.listOp()).isEqualTo("ListUserProfiles");
    assertThat(up.listKey()).isEqualTo("UserProfiles");
    assertThat(up.notFoundType()).isEqualTo("ResourceNotFound");
    assertThat(up.conflictType()).isEqualTo("ResourceInUse");
    SageMakerKind app = SageMakerKind.byType("app");
    assertThat(app.lifecycle().auto()).containsEntry("Deleting", "Deleted");
    SageMakerKind edge = SageMakerKind.byType("edge-deployment-plan");
    assertThat(edge.arnPrefix()).isEqualTo("edge-deployment/");
    SageMakerKind compilation = SageMakerKind.byType("compilation-job");
    assertThat(compilation.lifecycle().initial()).isEqualTo("STARTING");
    assertThat(compilation.lifecycle().explicit().get("Stop").to()).isEqualTo("STOPPING");
    SageMakerKind mlflow = SageMakerKind.byType("mlflow-tracking-server");
    assertThat(mlflow.lifecycle().auto()).containsEntry("Creating", "Created").containsEntry("Stopping", "Stopped")
        .containsEntry("Starting", "Started").containsEntry("Updating", "Updated");
    assertThat(mlflow.verbs()).containsKeys("Create", "Describe", "Update", "Delete", "Stop", "Start");
  }
}
