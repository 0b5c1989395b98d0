package dev.iamlocal.server.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iamlocal.server.ServerFixture;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.AssertionEncryptionModeType;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.GetSamlProviderResponse;
import software.amazon.awssdk.services.iam.model.InvalidInputException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.SAMLProviderListEntry;
import software.amazon.awssdk.services.iam.model.Tag;

/** IAM's SAML providers through the AWS SDK: the metadata document checked, AWS's recorded errors. */
class SamlProvidersSdkTest extends ServerFixture {

  static String resource(String name) {
    try (InputStream in = SamlProvidersSdkTest.class.getResourceAsStream("/federation/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static final String METADATA = resource("idp-metadata.xml");

  @Test
  void createGetListUpdateDelete() {
    String arn = root.createSAMLProvider(r -> r.name("Okta").samlMetadataDocument(METADATA)
        .tags(Tag.builder().key("team").value("id").build())).samlProviderArn();
    assertThat(arn).isEqualTo("arn:aws:iam::" + acct() + ":saml-provider/Okta");
    GetSamlProviderResponse got = root.getSAMLProvider(r -> r.samlProviderArn(arn));
    assertThat(got.samlMetadataDocument()).isEqualTo(METADATA);
    assertThat(got.assertionEncryptionMode()).isEqualTo(AssertionEncryptionModeType.ALLOWED);
    assertThat(got.privateKeyList()).isEmpty();
    assertThat(got.samlProviderUUID()).matches("[A-Z0-9]{22,64}");
    assertThat(got.validUntil()).isAfter(got.createDate());
    assertThat(got.tags()).containsExactly(Tag.builder().key("team").value("id").build());
    assertThat(root.listSAMLProviders().samlProviderList()).extracting(SAMLProviderListEntry::arn).contains(arn);

    String updated = METADATA.replace("https://idp.example.com/sso", "https://updated-idp.example.com/sso");
    assertThat(root.updateSAMLProvider(r -> r.samlProviderArn(arn).samlMetadataDocument(updated)).samlProviderArn())
        .isEqualTo(arn);
    assertThat(root.getSAMLProvider(r -> r.samlProviderArn(arn)).samlMetadataDocument())
        .contains("updated-idp.example.com");
    root.updateSAMLProvider(r -> r.samlProviderArn(arn).addPrivateKey(resource("test-only-decryption-key.pem"))
        .assertionEncryptionMode(AssertionEncryptionModeType.REQUIRED));
    got = root.getSAMLProvider(r -> r.samlProviderArn(arn));
    assertThat(got.assertionEncryptionMode()).isEqualTo(AssertionEncryptionModeType.REQUIRED);
    assertThat(got.privateKeyList()).hasSize(1);

    root.untagSAMLProvider(r -> r.samlProviderArn(arn).tagKeys("team"));
    root.tagSAMLProvider(r -> r.samlProviderArn(arn).tags(Tag.builder().key("k").value("v").build()));
    assertThat(root.listSAMLProviderTags(r -> r.samlProviderArn(arn)).tags()).extracting(Tag::key).containsExactly("k");

    // probe finding: another account's ARN, or an empty name, was a 500 on Get
    for (String other : new String[] {"arn:aws:iam::111122223333:saml-provider/corp",
        "arn:aws:iam::" + acct() + ":saml-provider/"}) {
      assertThatThrownBy(() -> root.getSAMLProvider(r -> r.samlProviderArn(other)))
          .isInstanceOfSatisfying(NoSuchEntityException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    }

    root.deleteSAMLProvider(r -> r.samlProviderArn(arn));
    for (Runnable call : new Runnable[] {() -> root.getSAMLProvider(r -> r.samlProviderArn(arn)),
        () -> root.deleteSAMLProvider(r -> r.samlProviderArn(arn))}) {
      assertThatThrownBy(call::run).isInstanceOfSatisfying(NoSuchEntityException.class, e -> {
        assertThat(e.statusCode()).isEqualTo(404);
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Manifest not found for arn " + arn);
      });
    }
  }

  @Test
  void hostileOrInvalidMetadataIsRefused() {
    String pad = "<!--" + "x".repeat(1000) + "-->";
    String xxe = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        + "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"&x;\">" + pad
        + "</md:EntityDescriptor>";
    String noCert = METADATA.replaceAll("(?s)<md:KeyDescriptor.*</md:KeyDescriptor>", pad);
    String notXml = "x".repeat(1200);
    for (String bad : new String[] {xxe, noCert, notXml}) {
      assertThatThrownBy(() -> root.createSAMLProvider(r -> r.name("Bad").samlMetadataDocument(bad)))
          .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
              .isEqualTo("Could not parse metadata"));
    }
    root.createSAMLProvider(r -> r.name("Twice").samlMetadataDocument(METADATA));
    assertThatThrownBy(() -> root.createSAMLProvider(r -> r.name("twice").samlMetadataDocument(METADATA)))
        .isInstanceOf(EntityAlreadyExistsException.class);
    assertThatThrownBy(() -> root.createSAMLProvider(r -> r.name("Enc").samlMetadataDocument(METADATA)
        .assertionEncryptionMode(AssertionEncryptionModeType.REQUIRED))).isInstanceOf(InvalidInputException.class);
  }
}
