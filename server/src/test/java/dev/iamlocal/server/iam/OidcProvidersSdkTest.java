package dev.iamlocal.server.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iamlocal.server.ServerFixture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.InvalidInputException;
import software.amazon.awssdk.services.iam.model.LimitExceededException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.OpenIDConnectProviderListEntry;
import software.amazon.awssdk.services.iam.model.Tag;

/** IAM's OpenID Connect providers through the AWS SDK, answered as AWS's recorded answers are. */
class OidcProvidersSdkTest extends ServerFixture {

  @Test
  void createGetListUpdateDelete() {
    String arn = root.createOpenIDConnectProvider(r -> r.url("https://token.actions.githubusercontent.com")
        .clientIDList("sts.amazonaws.com")).openIDConnectProviderArn();
    assertThat(arn).isEqualTo("arn:aws:iam::" + acct() + ":oidc-provider/token.actions.githubusercontent.com");
    String withPath = root.createOpenIDConnectProvider(r -> r.url("https://example.com/oidc")
        .thumbprintList("a".repeat(40))).openIDConnectProviderArn();
    assertThat(withPath).endsWith(":oidc-provider/example.com/oidc");

    var got = root.getOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn));
    assertThat(got.url()).isEqualTo("token.actions.githubusercontent.com");
    assertThat(got.clientIDList()).containsExactly("sts.amazonaws.com");
    assertThat(got.thumbprintList()).isEmpty();
    assertThat(got.tags()).isEmpty();
    assertThat(got.createDate()).isNotNull();

    root.addClientIDToOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn).clientID("app-2"));
    root.addClientIDToOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn).clientID("app-2")); // idempotent
    root.removeClientIDFromOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn).clientID("sts.amazonaws.com"));
    root.removeClientIDFromOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn).clientID("never-there"));
    root.updateOpenIDConnectProviderThumbprint(r -> r.openIDConnectProviderArn(arn)
        .thumbprintList("c".repeat(40), "d".repeat(40)));
    got = root.getOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn));
    assertThat(got.clientIDList()).containsExactly("app-2");
    assertThat(got.thumbprintList()).containsExactly("c".repeat(40), "d".repeat(40));

    assertThat(root.listOpenIDConnectProviders().openIDConnectProviderList())
        .extracting(OpenIDConnectProviderListEntry::arn).contains(arn, withPath);

    root.deleteOpenIDConnectProvider(r -> r.openIDConnectProviderArn(withPath));
    assertThatThrownBy(() -> root.getOpenIDConnectProvider(r -> r.openIDConnectProviderArn(withPath)))
        .isInstanceOfSatisfying(NoSuchEntityException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(404);
          assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("OpenIDConnect Provider not found for arn "
              + withPath);
        });
    assertThatThrownBy(() -> root.deleteOpenIDConnectProvider(r -> r.openIDConnectProviderArn(withPath)))
        .isInstanceOfSatisfying(NoSuchEntityException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("OpenId connect Provider " + withPath + " cannot be found."));
    assertThatThrownBy(() -> root.addClientIDToOpenIDConnectProvider(r -> r.openIDConnectProviderArn(withPath)
        .clientID("x"))).isInstanceOf(NoSuchEntityException.class);
    root.deleteOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn));
  }

  void assertInvalidUrl(String url, String code, String message) {
    assertThatThrownBy(() -> root.createOpenIDConnectProvider(r -> r.url(url))).as(url).isInstanceOfSatisfying(
        IamException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
          assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
        });
  }

  /**
   * Probe finding: {@code https://idp.example.org/a/../b} was registered, a second spelling of
   * {@code https://idp.example.org/b} that no token's {@code iss} claim would match. A provider URL
   * is written as its issuer writes it: relative and empty segments, percent-encoding, an upper-case
   * scheme and a trailing dot are refused; a plain path and a trailing slash (another provider) are
   * not.
   */
  @Test
  void aProviderUrlIsRefusedUnlessItIsTheIssuersOwnSpelling() {
    for (String bad : List.of("https://idp.example.org/a/../b", "https://idp.example.org/./b",
        "https://idp.example.org/a//b", "https://idp.example.org/%61", "https://idp.example.org/a\\b",
        "https://idp.example.org/a b", "https://idp.example.org./", "https://-idp.example.org")) {
      assertInvalidUrl(bad, "InvalidInput", "Invalid Open ID Connect Provider URL.");
    }
    assertInvalidUrl("HTTPS://idp.example.org", "InvalidInput",
        "Invalid Open ID Connect Provider URL. The URL must begin with https://.");
    String plain = root.createOpenIDConnectProvider(r -> r.url("https://idp.example.org/tenant-1")).openIDConnectProviderArn();
    String slash = root.createOpenIDConnectProvider(r -> r.url("https://idp.example.org/tenant-1/")).openIDConnectProviderArn();
    assertThat(plain).isEqualTo("arn:aws:iam::" + acct() + ":oidc-provider/idp.example.org/tenant-1");
    assertThat(slash).isNotEqualTo(plain);
    root.deleteOpenIDConnectProvider(r -> r.openIDConnectProviderArn(plain));
    root.deleteOpenIDConnectProvider(r -> r.openIDConnectProviderArn(slash));
  }

  @Test
  void errorsAsAwsAnswersThem() {
    // no URL at all: ValidationError without a full stop
    for (String bad : List.of("example.org", "example", "https://")) {
      assertInvalidUrl(bad, "ValidationError", "Invalid Open ID Connect Provider URL");
    }
    // another scheme, and a URL IAM refuses (texts of a test suite run against IAM)
    assertInvalidUrl("http://example.org", "InvalidInput",
        "Invalid Open ID Connect Provider URL. The URL must begin with https://.");
    for (String bad : List.of("https://user:pass@example.org", "https://example.org?foo=1", "https://example.org#frag",
        "https://example.org:8443", "https://exa_mple.org")) {
      assertInvalidUrl(bad, "InvalidInput", "Invalid Open ID Connect Provider URL.");
    }
    root.createOpenIDConnectProvider(r -> r.url("https://dup.example.com"));
    assertThatThrownBy(() -> root.createOpenIDConnectProvider(r -> r.url("https://dup.example.com")))
        .isInstanceOfSatisfying(EntityAlreadyExistsException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(409);
          assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
              "Provider with url https://dup.example.com already exists.");
        });
    assertThatThrownBy(() -> root.createOpenIDConnectProvider(r -> r.url("https://thumbs.example.com")
        .thumbprintList("a".repeat(40), "b".repeat(40), "c".repeat(40), "d".repeat(40), "e".repeat(40),
            "f".repeat(40)))).isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(
                e.awsErrorDetails().errorMessage()).isEqualTo("Thumbprint list must contain fewer than 5 entries."));
    List<String> many = new ArrayList<>();
    for (int i = 0; i <= 100; i++) {
      many.add(Integer.toString(i));
    }
    assertThatThrownBy(() -> root.createOpenIDConnectProvider(r -> r.url("https://clients.example.com")
        .clientIDList(many))).isInstanceOfSatisfying(LimitExceededException.class, e -> assertThat(
            e.awsErrorDetails().errorMessage()).isEqualTo(
                "Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100"));
    assertThatThrownBy(() -> root.createOpenIDConnectProvider(r -> r.url("b".repeat(256))
        .thumbprintList("b".repeat(41)).clientIDList("b".repeat(256)))).isInstanceOfSatisfying(IamException.class,
            e -> assertThat(e.awsErrorDetails().errorMessage()).startsWith("3 validation errors detected:"));
    assertThatThrownBy(() -> root.getOpenIDConnectProvider(r -> r.openIDConnectProviderArn(
        "arn:aws:iam::" + acct() + ":oidc-provider/non-existent.example.com"))).isInstanceOf(
            NoSuchEntityException.class);
  }

  @Test
  void tags() {
    String arn = root.createOpenIDConnectProvider(r -> r.url("https://tags.example.com")
        .tags(Tag.builder().key("k1").value("v1").build(), Tag.builder().key("k2").value("v2").build()))
        .openIDConnectProviderArn();
    assertThat(root.listOpenIDConnectProviderTags(r -> r.openIDConnectProviderArn(arn)).tags())
        .containsExactly(Tag.builder().key("k1").value("v1").build(), Tag.builder().key("k2").value("v2").build());
    root.untagOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn).tagKeys("k2"));
    root.tagOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn).tags(Tag.builder().key("k3").value("v3")
        .build()));
    assertThat(root.getOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn)).tags())
        .extracting(Tag::key).containsExactly("k1", "k3");
    List<Tag> fifty = new ArrayList<>();
    for (int i = 0; i < 48; i++) {
      fifty.add(Tag.builder().key(String.format("t%02d", i)).value("v").build());
    }
    root.tagOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn).tags(fifty));
    var page = root.listOpenIDConnectProviderTags(r -> r.openIDConnectProviderArn(arn).maxItems(30));
    assertThat(page.tags()).hasSize(30);
    assertThat(page.isTruncated()).isTrue();
    assertThat(root.listOpenIDConnectProviderTags(r -> r.openIDConnectProviderArn(arn).marker(page.marker())).tags())
        .hasSize(20);
    assertThatThrownBy(() -> root.tagOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn)
        .tags(Tag.builder().key("one-more").value("v").build()))).isInstanceOfSatisfying(
            LimitExceededException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                .isEqualTo("The number of tags has reached the maximum limit."));
  }

  @Test
  void anotherUsersCallIsAuthorizedOnTheProviderArn() {
    var creds = userWithPolicy("oidc-reader", allow("iam:GetOpenIDConnectProvider", "arn:aws:iam::*:oidc-provider/*"));
    String arn = root.createOpenIDConnectProvider(r -> r.url("https://authz.example.com")).openIDConnectProviderArn();
    var reader = iam(creds);
    assertThat(reader.getOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn)).url())
        .isEqualTo("authz.example.com");
    assertThatThrownBy(() -> reader.deleteOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn)))
        .isInstanceOfSatisfying(IamException.class, e -> assertThat(e.awsErrorDetails().errorMessage()).contains(
            "is not authorized to perform: iam:DeleteOpenIDConnectProvider on resource: " + arn));
  }
}
