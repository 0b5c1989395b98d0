package dev.iamlocal.server.iam;

import static dev.iamlocal.server.iam.RecordedRoleAnswersSdkTest.awsError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.server.ServerFixture;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.EncodingType;
import software.amazon.awssdk.services.iam.model.SSHPublicKey;
import software.amazon.awssdk.services.iam.model.StatusType;

/**
 * The calls of LocalStack's AWS-recorded {@code tests/aws/services/iam/test_iam_ssh_public_keys.snapshot.json}
 * (recorded 2026-02), replayed with the SDK against the server: status, code and message of every
 * recorded error, and the members every recorded answer has or lacks. The recordings' keys
 * ("get-not-found", …) are named in the comments.
 */
class RecordedSshPublicKeyAnswersSdkTest extends ServerFixture {

  private static final String MISSING_ID = "APKAXXXXXXXXXXXXXXXXX";
  private static final String NOT_FOUND = "The Public Key with id " + MISSING_ID + " cannot be found.";

  @Test
  void sshPublicKeyLifecycle() {
    root.createUser(r -> r.userName("rec-ssh"));
    var empty = root.listSSHPublicKeys(r -> r.userName("rec-ssh")); // list-empty
    assertThat(empty.hasSshPublicKeys()).isTrue();
    assertThat(empty.sshPublicKeys()).isEmpty();
    assertThat(empty.isTruncated()).isFalse();
    SSHPublicKey up = root.uploadSSHPublicKey(r -> r.userName("rec-ssh").sshPublicKeyBody(SshPublicKeysSdkTest.RSA))
        .sshPublicKey(); // upload-response: all six members
    assertThat(up.status()).isEqualTo(StatusType.ACTIVE);
    assertThat(up.fingerprint()).isNotBlank();
    assertThat(up.sshPublicKeyBody()).isNotBlank();
    assertThat(up.sshPublicKeyId()).startsWith("APKA");
    assertThat(up.uploadDate()).isNotNull();
    assertThat(up.userName()).isEqualTo("rec-ssh");
    SSHPublicKey got = root.getSSHPublicKey(r -> r.userName("rec-ssh").sshPublicKeyId(up.sshPublicKeyId())
        .encoding(EncodingType.SSH)).sshPublicKey(); // get-response
    assertThat(got.fingerprint()).isEqualTo(up.fingerprint());
    assertThat(got.status()).isEqualTo(StatusType.ACTIVE);
    // list-with-key: id, status, upload date and user (the SDK's metadata shape has nothing more)
    var listed = root.listSSHPublicKeys(r -> r.userName("rec-ssh")).sshPublicKeys();
    assertThat(listed).singleElement().satisfies(k -> {
      assertThat(k.sshPublicKeyId()).isEqualTo(up.sshPublicKeyId());
      assertThat(k.status()).isEqualTo(StatusType.ACTIVE);
      assertThat(k.uploadDate()).isNotNull();
      assertThat(k.userName()).isEqualTo("rec-ssh");
    });
    root.updateSSHPublicKey(r -> r.userName("rec-ssh").sshPublicKeyId(up.sshPublicKeyId()).status(StatusType.INACTIVE));
    assertThat(root.getSSHPublicKey(r -> r.userName("rec-ssh").sshPublicKeyId(up.sshPublicKeyId())
        .encoding(EncodingType.SSH)).sshPublicKey().status()).isEqualTo(StatusType.INACTIVE); // get-after-update
    root.deleteSSHPublicKey(r -> r.userName("rec-ssh").sshPublicKeyId(up.sshPublicKeyId())); // delete-response
    assertThat(root.listSSHPublicKeys(r -> r.userName("rec-ssh")).sshPublicKeys()).isEmpty(); // list-after-delete
  }

  @Test
  void sshPublicKeyNotFound() {
    root.createUser(r -> r.userName("rec-ssh-missing"));
    awsError(() -> root.getSSHPublicKey(r -> r.userName("rec-ssh-missing").sshPublicKeyId(MISSING_ID)
        .encoding(EncodingType.SSH)), 404, "NoSuchEntity", NOT_FOUND); // get-not-found
    awsError(() -> root.updateSSHPublicKey(r -> r.userName("rec-ssh-missing").sshPublicKeyId(MISSING_ID)
        .status(StatusType.INACTIVE)), 404, "NoSuchEntity", NOT_FOUND); // update-not-found
    awsError(() -> root.deleteSSHPublicKey(r -> r.userName("rec-ssh-missing").sshPublicKeyId(MISSING_ID)), 404,
        "NoSuchEntity", NOT_FOUND); // delete-not-found
  }
}
