package dev.iamlocal.server.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iamlocal.server.ServerFixture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.DuplicateSshPublicKeyException;
import software.amazon.awssdk.services.iam.model.EncodingType;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.InvalidPublicKeyException;
import software.amazon.awssdk.services.iam.model.LimitExceededException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.SSHPublicKey;
import software.amazon.awssdk.services.iam.model.SSHPublicKeyMetadata;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.iam.model.UnrecognizedPublicKeyEncodingException;

/**
 * SSH public keys through the SDK. The keys were made by OpenSSH's ssh-keygen, and the expected
 * fingerprint is the one {@code ssh-keygen -E md5 -lf} printed for the first: an oracle independent
 * of iamlocal's code.
 */
class SshPublicKeysSdkTest extends ServerFixture {

  /** ssh-keygen -t rsa -b 2048; MD5 fingerprint d5:30:43:6c:12:54:1b:75:3a:06:a3:af:97:48:ba:dd. */
  static final String RSA = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCfQeNHafgdbElivW2oW/X0yk/AK7j2wqNjO6WeIOGeoM5xSywwh06sGfEQiLMkpakVaxfsFZT/B+xnjlXJ+T7Y+ahYax9HnJZZyjVHVQrN08NeMHQW3hVEw1bFF6XGWkTrSxgsZdRb48lTeDz0UNcU2c1vGVpKJahX7kiL8KfI11+cV84gV8yacaQ8rLxTGUU4dr6qRFwHQex2JWWvaBbdUvmwIWf8jTOnY37n2W9VUpJ0pAoruh6BpoEMkC08gbFzbi8h2PtHZMR8JuDhi2J35qWqiO1Q+g1tKl2L11PqyC+P2UgrDH6BJxHeTH16vInZTdCcPm1UJFdPZ/1nD04t alice@example";
  static final String FINGERPRINT = "d5:30:43:6c:12:54:1b:75:3a:06:a3:af:97:48:ba:dd";
  /** The same key as ssh-keygen -e -m PKCS8 writes it. */
  static final String RSA_PEM = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAn0HjR2n4HWxJYr1tqFv1\n9MpPwCu49sKjYzulniDhnqDOcUssMIdOrBnxEIizJKWpFWsX7BWU/wfsZ45Vyfk+\n2PmoWGsfR5yWWco1R1UKzdPDXjB0Ft4VRMNWxRelxlpE60sYLGXUW+PJU3g89FDX\nFNnNbxlaSiWoV+5Ii/CnyNdfnFfOIFfMmnGkPKy8UxlFOHa+qkRcB0HsdiVlr2gW\n3VL5sCFn/I0zp2N+59lvVVKSdKQKK7oegaaBDJAtPIGxc24vIdj7R2TEfCbg4Yti\nd+alqojtUPoNbSpdi9dT6sgvj9lIKwx+gScR3kx9eryJ2U3QnD5tVCRXT2f9Zw9O\nLQIDAQAB\n-----END PUBLIC KEY-----\n";
  static final String ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAW25w597VujIv+8Z+JdiW/B+9azpeUk3kRPAX2rEppG root@vm";
  static final String RSA_1024 = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDfybFJUoo5lv+256Isb50fXGI3A8OeQzRawWu88UvmkwVLK4jvRvU23QLVLw0ZoAFXXU4dQNL/+vkeKAT6hP2XDRDITDpEFaHU957yQbCTZFW/M8N7q57twQJD65lHP7dVvSWjD4NV2FoX/uki6EFgmAVqPqEaHknx/HK/EmEXUw== root@vm";

  @Test
  void uploadGetListUpdateDelete() {
    root.createUser(r -> r.userName("ssh-user"));
    SSHPublicKey k = root.uploadSSHPublicKey(r -> r.userName("ssh-user").sshPublicKeyBody(RSA)).sshPublicKey();
    assertThat(k.sshPublicKeyId()).matches("APKA[A-Z0-9]{17}");
    assertThat(k.fingerprint()).isEqualTo(FINGERPRINT);
    assertThat(k.sshPublicKeyBody()).isEqualTo(RSA);
    assertThat(k.statusAsString()).isEqualTo("Active");
    assertThat(k.userName()).isEqualTo("ssh-user");

    SSHPublicKey ssh = root.getSSHPublicKey(r -> r.userName("ssh-user").sshPublicKeyId(k.sshPublicKeyId())
        .encoding(EncodingType.SSH)).sshPublicKey();
    assertThat(ssh.sshPublicKeyBody()).isEqualTo(RSA);
    SSHPublicKey pem = root.getSSHPublicKey(r -> r.userName("ssh-user").sshPublicKeyId(k.sshPublicKeyId())
        .encoding(EncodingType.PEM)).sshPublicKey();
    assertThat(pem.sshPublicKeyBody().strip()).isEqualTo(RSA_PEM.strip());

    assertThat(root.listSSHPublicKeys(r -> r.userName("ssh-user")).sshPublicKeys())
        .extracting(SSHPublicKeyMetadata::sshPublicKeyId).containsExactly(k.sshPublicKeyId());
    root.updateSSHPublicKey(r -> r.userName("ssh-user").sshPublicKeyId(k.sshPublicKeyId()).status(StatusType.INACTIVE));
    assertThat(root.getSSHPublicKey(r -> r.userName("ssh-user").sshPublicKeyId(k.sshPublicKeyId())
        .encoding(EncodingType.SSH)).sshPublicKey().status()).isEqualTo(StatusType.INACTIVE);

    // the same key again, even in PEM, is a duplicate (same fingerprint)
    assertThatThrownBy(() -> root.uploadSSHPublicKey(r -> r.userName("ssh-user").sshPublicKeyBody(RSA_PEM)))
        .isInstanceOf(DuplicateSshPublicKeyException.class);
    // a user with a key cannot be deleted
    assertThatThrownBy(() -> root.deleteUser(r -> r.userName("ssh-user"))).isInstanceOfSatisfying(
        DeleteConflictException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("Cannot delete entity, must delete SSH public keys first."));
    root.deleteSSHPublicKey(r -> r.userName("ssh-user").sshPublicKeyId(k.sshPublicKeyId()));
    assertThat(root.listSSHPublicKeys(r -> r.userName("ssh-user")).sshPublicKeys()).isEmpty();
    assertThatThrownBy(() -> root.deleteSSHPublicKey(r -> r.userName("ssh-user").sshPublicKeyId(k.sshPublicKeyId())))
        .isInstanceOfSatisfying(NoSuchEntityException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("The Public Key with id " + k.sshPublicKeyId() + " cannot be found."));
    root.deleteUser(r -> r.userName("ssh-user"));
  }

  @Test
  void pemUploadHasTheSameFingerprint() {
    root.createUser(r -> r.userName("ssh-pem"));
    SSHPublicKey k = root.uploadSSHPublicKey(r -> r.userName("ssh-pem").sshPublicKeyBody(RSA_PEM)).sshPublicKey();
    assertThat(k.fingerprint()).isEqualTo(FINGERPRINT);
    String ssh = root.getSSHPublicKey(r -> r.userName("ssh-pem").sshPublicKeyId(k.sshPublicKeyId())
        .encoding(EncodingType.SSH)).sshPublicKey().sshPublicKeyBody();
    // the key blob as ssh-keygen wrote it (without its comment)
    assertThat(ssh).isEqualTo(RSA.substring(0, RSA.lastIndexOf(' ')));
  }

  @Test
  void refusedKeys() {
    root.createUser(r -> r.userName("ssh-bad"));
    assertThatThrownBy(() -> root.uploadSSHPublicKey(r -> r.userName("ssh-bad").sshPublicKeyBody("not a key")))
        .isInstanceOfSatisfying(UnrecognizedPublicKeyEncodingException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Invalid public key uploaded.");
        });
    assertThatThrownBy(() -> root.uploadSSHPublicKey(r -> r.userName("ssh-bad").sshPublicKeyBody(ED25519)))
        .isInstanceOf(InvalidPublicKeyException.class);
    assertThatThrownBy(() -> root.uploadSSHPublicKey(r -> r.userName("ssh-bad").sshPublicKeyBody(RSA_1024)))
        .isInstanceOf(InvalidPublicKeyException.class);
    assertThatThrownBy(() -> root.uploadSSHPublicKey(r -> r.userName("ssh-bad").sshPublicKeyBody("ssh-rsa AAAA!!!")))
        .isInstanceOf(InvalidPublicKeyException.class);
    assertThatThrownBy(() -> root.uploadSSHPublicKey(r -> r.userName("nobody-ssh").sshPublicKeyBody(RSA)))
        .isInstanceOfSatisfying(NoSuchEntityException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("The user with name nobody-ssh cannot be found."));
  }

  @Test
  void quotaOfFiveKeys() throws Exception {
    root.createUser(r -> r.userName("ssh-many"));
    var gen = java.security.KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    List<String> ids = new ArrayList<>();
    for (int n = 0; n < 6; n++) {
      var pub = gen.generateKeyPair().getPublic();
      String pem = "-----BEGIN PUBLIC KEY-----\n"
          + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pub.getEncoded())
          + "\n-----END PUBLIC KEY-----\n";
      if (n < 5) {
        ids.add(root.uploadSSHPublicKey(r -> r.userName("ssh-many").sshPublicKeyBody(pem)).sshPublicKey().sshPublicKeyId());
      } else {
        assertThatThrownBy(() -> root.uploadSSHPublicKey(r -> r.userName("ssh-many").sshPublicKeyBody(pem)))
            .isInstanceOfSatisfying(LimitExceededException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                .isEqualTo("Cannot exceed quota for PublicKeysPerUser: 5"));
      }
    }
    assertThat(ids).doesNotHaveDuplicates();
  }

  @Test
  void callerWithoutPermissionIsDenied() {
    root.createUser(r -> r.userName("ssh-target"));
    var client = iam(userWithPolicy("ssh-nobody", allow("iam:ListSSHPublicKeys", "*")));
    assertThat(client.listSSHPublicKeys(r -> r.userName("ssh-target")).sshPublicKeys()).isEmpty();
    assertThatThrownBy(() -> client.uploadSSHPublicKey(r -> r.userName("ssh-target").sshPublicKeyBody(RSA)))
        .isInstanceOfSatisfying(IamException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
    assertThat(root.listSSHPublicKeys(r -> r.userName("ssh-target")).sshPublicKeys()).isEmpty();
  }
}
