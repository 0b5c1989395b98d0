package dev.iamlocal.server.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iamlocal.server.ServerFixture;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.LimitExceededException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.ServiceNotSupportedException;
import software.amazon.awssdk.services.iam.model.ServiceSpecificCredential;
import software.amazon.awssdk.services.iam.model.ServiceSpecificCredentialMetadata;
import software.amazon.awssdk.services.iam.model.StatusType;

/** Service-specific credentials through the SDK. */
class ServiceSpecificCredentialsSdkTest extends ServerFixture {

  @Test
  void codeCommitCredentialLifecycle() {
    root.createUser(r -> r.userName("jane"));
    ServiceSpecificCredential c = root.createServiceSpecificCredential(r -> r.userName("jane")
        .serviceName("codecommit.amazonaws.com")).serviceSpecificCredential();
    assertThat(c.serviceUserName()).isEqualTo("jane-at-" + acct());
    assertThat(c.servicePassword()).hasSize(44);
    assertThat(c.serviceSpecificCredentialId()).matches("ACCA[A-Z0-9]{17}");
    assertThat(c.status()).isEqualTo(StatusType.ACTIVE);
    assertThat(c.expirationDate()).isNull();

    ServiceSpecificCredentialMetadata listed = root.listServiceSpecificCredentials(r -> r.userName("jane"))
        .serviceSpecificCredentials().get(0);
    assertThat(listed.serviceUserName()).isEqualTo(c.serviceUserName());
    assertThat(listed.serviceSpecificCredentialId()).isEqualTo(c.serviceSpecificCredentialId());

    String reset = root.resetServiceSpecificCredential(r -> r.userName("jane")
        .serviceSpecificCredentialId(c.serviceSpecificCredentialId())).serviceSpecificCredential().servicePassword();
    assertThat(reset).hasSize(44).isNotEqualTo(c.servicePassword());
    root.updateServiceSpecificCredential(r -> r.userName("jane").serviceSpecificCredentialId(c.serviceSpecificCredentialId())
        .status(StatusType.INACTIVE));
    assertThat(root.listServiceSpecificCredentials(r -> r.userName("jane").serviceName("codecommit.amazonaws.com"))
        .serviceSpecificCredentials()).extracting(ServiceSpecificCredentialMetadata::status)
        .containsExactly(StatusType.INACTIVE);

    root.createServiceSpecificCredential(r -> r.userName("jane").serviceName("codecommit.amazonaws.com"));
    assertThatThrownBy(() -> root.createServiceSpecificCredential(r -> r.userName("jane").serviceName("codecommit.amazonaws.com")))
        .isInstanceOfSatisfying(LimitExceededException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: 2"));
    // the quota is per service
    root.createServiceSpecificCredential(r -> r.userName("jane").serviceName("cassandra.amazonaws.com"));
    assertThat(root.listServiceSpecificCredentials(r -> r.userName("jane")).serviceSpecificCredentials()).hasSize(3);

    assertThatThrownBy(() -> root.deleteUser(r -> r.userName("jane"))).isInstanceOfSatisfying(
        DeleteConflictException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("Cannot delete entity, must delete service-specific credentials first."));
    for (var m : root.listServiceSpecificCredentials(r -> r.userName("jane")).serviceSpecificCredentials()) {
      root.deleteServiceSpecificCredential(r -> r.userName("jane").serviceSpecificCredentialId(m.serviceSpecificCredentialId()));
    }
    assertThatThrownBy(() -> root.deleteServiceSpecificCredential(r -> r.userName("jane")
        .serviceSpecificCredentialId(c.serviceSpecificCredentialId()))).isInstanceOf(NoSuchEntityException.class);
    root.deleteUser(r -> r.userName("jane"));
  }

  @Test
  void bedrockApiKeyExpires() {
    root.createUser(r -> r.userName("bedrock-user"));
    ServiceSpecificCredential c = root.createServiceSpecificCredential(r -> r.userName("bedrock-user")
        .serviceName("bedrock.amazonaws.com").credentialAgeDays(30)).serviceSpecificCredential();
    assertThat(c.serviceCredentialSecret()).isNotBlank();
    assertThat(c.servicePassword()).isNull();
    assertThat(Duration.between(c.createDate(), c.expirationDate())).isEqualTo(Duration.ofDays(30));
    assertThat(root.listServiceSpecificCredentials(r -> r.userName("bedrock-user")).serviceSpecificCredentials().get(0)
        .expirationDate()).isEqualTo(c.expirationDate());
    // only API keys expire
    assertThatThrownBy(() -> root.createServiceSpecificCredential(r -> r.userName("bedrock-user")
        .serviceName("codecommit.amazonaws.com").credentialAgeDays(30))).isInstanceOf(IamException.class);
    assertThatThrownBy(() -> root.createServiceSpecificCredential(r -> r.userName("bedrock-user")
        .serviceName("s3.amazonaws.com"))).isInstanceOf(ServiceNotSupportedException.class);
  }

  @Test
  void callerWithoutPermissionIsDenied() {
    root.createUser(r -> r.userName("ssc-target"));
    var client = iam(userWithPolicy("ssc-nobody", null));
    assertThatThrownBy(() -> client.createServiceSpecificCredential(r -> r.userName("ssc-target")
        .serviceName("codecommit.amazonaws.com")))
        .isInstanceOfSatisfying(IamException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
    assertThat(root.listServiceSpecificCredentials(r -> r.userName("ssc-target")).serviceSpecificCredentials()).isEmpty();
  }
}
