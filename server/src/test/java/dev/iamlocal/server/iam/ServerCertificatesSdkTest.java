package dev.iamlocal.server.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iamlocal.server.ServerFixture;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.DuplicateCertificateException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.KeyPairMismatchException;
import software.amazon.awssdk.services.iam.model.LimitExceededException;
import software.amazon.awssdk.services.iam.model.MalformedCertificateException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.ServerCertificate;
import software.amazon.awssdk.services.iam.model.ServerCertificateMetadata;
import software.amazon.awssdk.services.iam.model.SigningCertificate;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.iam.model.Tag;

/** Server and signing certificates through the SDK, with certificates and keys made by Bouncy Castle. */
class ServerCertificatesSdkTest extends ServerFixture {

  @Test
  void serverCertificateLifecycle() throws Exception {
    Instant notAfter = Instant.parse("2031-05-06T07:08:09Z");
    var leaf = TestCertificates.selfSigned("www.example.com", notAfter);
    var ca = TestCertificates.selfSigned("Example CA", Instant.parse("2035-01-01T00:00:00Z"));
    var up = root.uploadServerCertificate(r -> r.serverCertificateName("web").path("/cloudfront/")
        .certificateBody(leaf.certificate()).privateKey(leaf.privateKey()).certificateChain(ca.certificate())
        .tags(Tag.builder().key("env").value("dev").build()));
    ServerCertificateMetadata m = up.serverCertificateMetadata();
    assertThat(m.serverCertificateId()).matches("ASCA[A-Z0-9]{17}");
    assertThat(m.arn()).isEqualTo("arn:aws:iam::" + acct() + ":server-certificate/cloudfront/web");
    assertThat(m.expiration()).isEqualTo(notAfter);
    assertThat(up.tags()).extracting(Tag::key).containsExactly("env");

    ServerCertificate got = root.getServerCertificate(r -> r.serverCertificateName("web")).serverCertificate();
    assertThat(got.certificateBody()).isEqualTo(leaf.certificate());
    assertThat(got.certificateChain()).isEqualTo(ca.certificate());
    assertThat(got.tags()).extracting(Tag::value).containsExactly("dev");
    assertThat(got.toString()).doesNotContain("PRIVATE KEY");

    assertThat(root.listServerCertificates(r -> r.pathPrefix("/cloudfront/")).serverCertificateMetadataList())
        .extracting(ServerCertificateMetadata::serverCertificateName).containsExactly("web");
    assertThat(root.listServerCertificates(r -> r.pathPrefix("/elb/")).serverCertificateMetadataList()).isEmpty();

    root.tagServerCertificate(r -> r.serverCertificateName("web").tags(Tag.builder().key("team").value("ml").build()));
    assertThat(root.listServerCertificateTags(r -> r.serverCertificateName("web")).tags()).extracting(Tag::key)
        .containsExactly("env", "team");
    root.untagServerCertificate(r -> r.serverCertificateName("web").tagKeys("ENV"));
    assertThat(root.listServerCertificateTags(r -> r.serverCertificateName("web")).tags()).extracting(Tag::key)
        .containsExactly("team");

    assertThatThrownBy(() -> root.uploadServerCertificate(r -> r.serverCertificateName("WEB")
        .certificateBody(leaf.certificate()).privateKey(leaf.privateKey())))
        .isInstanceOfSatisfying(EntityAlreadyExistsException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("The Server Certificate with name WEB already exists."));

    root.updateServerCertificate(r -> r.serverCertificateName("web").newServerCertificateName("web2").newPath("/elb/"));
    assertThat(root.getServerCertificate(r -> r.serverCertificateName("web2")).serverCertificate()
        .serverCertificateMetadata().arn()).isEqualTo("arn:aws:iam::" + acct() + ":server-certificate/elb/web2");
    root.deleteServerCertificate(r -> r.serverCertificateName("web2"));
    assertThatThrownBy(() -> root.getServerCertificate(r -> r.serverCertificateName("web2")))
        .isInstanceOfSatisfying(NoSuchEntityException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("The Server Certificate with name web2 cannot be found."));
  }

  @Test
  void malformedAndMismatchedUploadsAreRefused() throws Exception {
    var a = TestCertificates.selfSigned("a.example.com", Instant.parse("2030-01-01T00:00:00Z"));
    var b = TestCertificates.selfSigned("b.example.com", Instant.parse("2030-01-01T00:00:00Z"));
    assertThatThrownBy(() -> root.uploadServerCertificate(r -> r.serverCertificateName("bad")
        .certificateBody("-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n").privateKey(a.privateKey())))
        .isInstanceOfSatisfying(MalformedCertificateException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.awsErrorDetails().errorMessage())
              .isEqualTo("Unable to parse certificate. Please ensure the certificate is in PEM format.");
        });
    // a private key AWS cannot read gets the same words (AWS's recorded answer)
    assertThatThrownBy(() -> root.uploadServerCertificate(r -> r.serverCertificateName("bad")
        .certificateBody(a.certificate()).privateKey("not a key")))
        .isInstanceOfSatisfying(MalformedCertificateException.class, e -> assertThat(e.awsErrorDetails()
            .errorMessage()).isEqualTo("Unable to parse certificate. Please ensure the certificate is in PEM format."));
    assertThatThrownBy(() -> root.uploadServerCertificate(r -> r.serverCertificateName("bad")
        .certificateBody(a.certificate()).privateKey(b.privateKey())))
        .isInstanceOf(KeyPairMismatchException.class);
    assertThatThrownBy(() -> root.getServerCertificate(r -> r.serverCertificateName("bad")))
        .isInstanceOf(NoSuchEntityException.class);
  }

  @Test
  void signingCertificates() throws Exception {
    root.createUser(r -> r.userName("signer"));
    var one = TestCertificates.selfSigned("one", Instant.parse("2030-01-01T00:00:00Z"));
    var two = TestCertificates.selfSigned("two", Instant.parse("2030-01-01T00:00:00Z"));
    var three = TestCertificates.selfSigned("three", Instant.parse("2030-01-01T00:00:00Z"));
    SigningCertificate c1 = root.uploadSigningCertificate(r -> r.userName("signer").certificateBody(one.certificate()))
        .certificate();
    assertThat(c1.certificateId()).matches("[A-Z2-7]{32}");
    assertThat(c1.status()).isEqualTo(StatusType.ACTIVE);
    assertThatThrownBy(() -> root.uploadSigningCertificate(r -> r.userName("signer").certificateBody(one.certificate())))
        .isInstanceOf(DuplicateCertificateException.class);
    root.uploadSigningCertificate(r -> r.userName("signer").certificateBody(two.certificate()));
    assertThatThrownBy(() -> root.uploadSigningCertificate(r -> r.userName("signer").certificateBody(three.certificate())))
        .isInstanceOfSatisfying(LimitExceededException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("Cannot exceed quota for CertificatesPerUser: 2"));
    assertThatThrownBy(() -> root.uploadSigningCertificate(r -> r.userName("signer").certificateBody("invalid-certificate-body")))
        .isInstanceOfSatisfying(MalformedCertificateException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("Certificate invalid-certificate-body is malformed."));
    root.updateSigningCertificate(r -> r.userName("signer").certificateId(c1.certificateId()).status(StatusType.INACTIVE));
    assertThat(root.listSigningCertificates(r -> r.userName("signer")).certificates())
        .extracting(SigningCertificate::statusAsString).containsExactly("Inactive", "Active");
    assertThatThrownBy(() -> root.deleteUser(r -> r.userName("signer"))).isInstanceOfSatisfying(
        DeleteConflictException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("Cannot delete entity, must delete signing certificates first."));
    assertThatThrownBy(() -> root.deleteSigningCertificate(r -> r.userName("signer").certificateId("NONEXISTENTCERTID12345678901")))
        .isInstanceOfSatisfying(NoSuchEntityException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("The Certificate with id NONEXISTENTCERTID12345678901 cannot be found."));
    for (SigningCertificate sc : root.listSigningCertificates(r -> r.userName("signer")).certificates()) {
      root.deleteSigningCertificate(r -> r.userName("signer").certificateId(sc.certificateId()));
    }
    root.deleteUser(r -> r.userName("signer"));
  }

  @Test
  void callerWithoutPermissionIsDenied() throws Exception {
    var leaf = TestCertificates.selfSigned("denied.example.com", Instant.parse("2030-01-01T00:00:00Z"));
    var client = iam(userWithPolicy("cert-nobody", allow("iam:ListServerCertificates", "*")));
    assertThat(client.listServerCertificates().serverCertificateMetadataList()).isNotNull();
    assertThatThrownBy(() -> client.uploadServerCertificate(r -> r.serverCertificateName("denied")
        .certificateBody(leaf.certificate()).privateKey(leaf.privateKey())))
        .isInstanceOfSatisfying(IamException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
    assertThatThrownBy(() -> client.uploadSigningCertificate(r -> r.userName("cert-nobody").certificateBody(leaf.certificate())))
        .isInstanceOfSatisfying(IamException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
  }
}
