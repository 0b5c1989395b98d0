package dev.iamlocal.server.iam;

import static dev.iamlocal.server.iam.RecordedRoleAnswersSdkTest.awsError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.server.ServerFixture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.OpenIDConnectProviderListEntry;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * The calls of LocalStack's AWS-recorded {@code tests/aws/services/iam/test_iam_oidc.snapshot.json}
 * (recorded 2026-02), replayed with the SDK against the server: status, code and message of every
 * recorded error, and the members every recorded answer has or lacks. The recordings' keys
 * ("duplicate-error", …) are named in the comments.
 */
class RecordedOidcAnswersSdkTest extends ServerFixture {

  private static final String A40 = "a".repeat(40);

  private String create(String host) {
    return root.createOpenIDConnectProvider(r -> r.url("https://" + host).thumbprintList(A40))
        .openIDConnectProviderArn();
  }

  private static Tag tag(String k, String v) {
    return Tag.builder().key(k).value(v).build();
  }

  @Test
  void createProviders() {
    var basic = root.createOpenIDConnectProvider(r -> r.url("https://oidc-basic.example.com").thumbprintList(A40));
    assertThat(basic.openIDConnectProviderArn())
        .isEqualTo("arn:aws:iam::" + acct() + ":oidc-provider/oidc-basic.example.com"); // create-https
    assertThat(basic.hasTags()).isFalse();
    String withClient = root.createOpenIDConnectProvider(r -> r.url("https://oidc-client.example.com")
        .thumbprintList("b".repeat(40)).clientIDList("my-client-id")).openIDConnectProviderArn(); // create-with-client
    assertThat(withClient).endsWith(":oidc-provider/oidc-client.example.com");
    String withPath = root.createOpenIDConnectProvider(r -> r.url("https://oidc-path.example.com/oidc")
        .thumbprintList(A40)).openIDConnectProviderArn(); // create-with-path
    assertThat(withPath).endsWith(":oidc-provider/oidc-path.example.com/oidc");
  }

  @Test
  void createErrors() {
    awsError(() -> root.createOpenIDConnectProvider(r -> r.url("example.org").thumbprintList(A40)), 400,
        "ValidationError", "Invalid Open ID Connect Provider URL"); // invalid-url
    create("oidc-dup.example.com");
    awsError(() -> create("oidc-dup.example.com"), 409, "EntityAlreadyExists",
        "Provider with url https://oidc-dup.example.com already exists."); // duplicate-error
    awsError(() -> root.createOpenIDConnectProvider(r -> r.url("https://oidc-thumbs.example.com")
        .thumbprintList(A40, "b".repeat(40), "c".repeat(40), "d".repeat(40), "e".repeat(40), "f".repeat(40))), 400,
        "InvalidInput", "Thumbprint list must contain fewer than 5 entries."); // too-many-thumbprints
    List<String> clients = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      clients.add(String.valueOf(i));
    }
    awsError(() -> root.createOpenIDConnectProvider(r -> r.url("https://oidc-clients.example.com").thumbprintList(A40)
        .clientIDList(clients)), 409, "LimitExceeded",
        "Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100"); // quota-error
    awsError(() -> root.createOpenIDConnectProvider(r -> r.url("b".repeat(256)).thumbprintList("b".repeat(41))
        .clientIDList("b".repeat(256))), 400, "ValidationError",
        "3 validation errors detected: Value at 'clientIDList' failed to satisfy constraint: Member must satisfy"
            + " constraint: [Member must have length less than or equal to 255, Member must have length greater than"
            + " or equal to 1]; Value at 'thumbprintList' failed to satisfy constraint: Member must satisfy constraint:"
            + " [Member must have length less than or equal to 40, Member must have length greater than or equal to"
            + " 40]; Value at 'url' failed to satisfy constraint: Member must have length less than or equal to 255");
  }

  @Test
  void getUpdateAndDeleteProviders() {
    String arn = root.createOpenIDConnectProvider(r -> r.url("https://oidc-get.example.com")
        .thumbprintList("b".repeat(40)).clientIDList("client-id-1")).openIDConnectProviderArn();
    var got = root.getOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn)); // get-response
    assertThat(got.clientIDList()).containsExactly("client-id-1");
    assertThat(got.thumbprintList()).containsExactly("b".repeat(40));
    assertThat(got.url()).isEqualTo("oidc-get.example.com");
    assertThat(got.createDate()).isNotNull();
    assertThat(got.hasTags()).isTrue();
    assertThat(got.tags()).isEmpty();
    String missing = "arn:aws:iam::" + acct() + ":oidc-provider/non-existent.example.com";
    awsError(() -> root.getOpenIDConnectProvider(r -> r.openIDConnectProviderArn(missing)), 404, "NoSuchEntity",
        "OpenIDConnect Provider not found for arn " + missing); // not-found-error

    String updated = create("oidc-update.example.com");
    root.updateOpenIDConnectProviderThumbprint(r -> r.openIDConnectProviderArn(updated)
        .thumbprintList("c".repeat(40), "d".repeat(40)));
    var after = root.getOpenIDConnectProvider(r -> r.openIDConnectProviderArn(updated)); // after-update
    assertThat(after.hasClientIDList()).isTrue();
    assertThat(after.clientIDList()).isEmpty();
    assertThat(after.thumbprintList()).containsExactly("c".repeat(40), "d".repeat(40));

    String deleted = create("oidc-delete.example.com");
    assertThat(root.deleteOpenIDConnectProvider(r -> r.openIDConnectProviderArn(deleted)).sdkHttpResponse()
        .statusCode()).isEqualTo(200); // delete-response
    awsError(() -> root.getOpenIDConnectProvider(r -> r.openIDConnectProviderArn(deleted)), 404, "NoSuchEntity",
        "OpenIDConnect Provider not found for arn " + deleted); // get-not-found-error
    awsError(() -> root.deleteOpenIDConnectProvider(r -> r.openIDConnectProviderArn(deleted)), 404, "NoSuchEntity",
        "OpenId connect Provider " + deleted + " cannot be found."); // deletion-not-found-error
  }

  @Test
  void listProviders() {
    List<String> arns = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      arns.add(create("oidc-list-" + i + ".example.com"));
    }
    assertThat(root.listOpenIDConnectProviders().openIDConnectProviderList())
        .extracting(OpenIDConnectProviderListEntry::arn).containsSubsequence(arns); // list-response
  }

  @Test
  void providerTags() {
    String arn = create("oidc-tag.example.com");
    root.tagOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn).tags(tag("k1", "v1"), tag("k2", "v2")));
    assertThat(root.getOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn)).tags())
        .containsExactly(tag("k1", "v1"), tag("k2", "v2")); // after-tagging
    root.untagOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn).tagKeys("k2"));
    assertThat(root.getOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn)).tags())
        .containsExactly(tag("k1", "v1")); // after-untagging
    String tagged = root.createOpenIDConnectProvider(r -> r.url("https://oidc-listtags.example.com").thumbprintList(A40)
        .tags(tag("k1", "v1"), tag("k2", "v2"))).openIDConnectProviderArn();
    var listed = root.listOpenIDConnectProviderTags(r -> r.openIDConnectProviderArn(tagged)); // list-tags-response
    assertThat(listed.tags()).containsExactly(tag("k1", "v1"), tag("k2", "v2"));
    assertThat(listed.isTruncated()).isFalse();

    List<Tag> ten = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ten.add(tag(String.format("k%02d", i), "v" + i));
    }
    String many = root.createOpenIDConnectProvider(r -> r.url("https://oidc-tagsmax.example.com").thumbprintList(A40)
        .tags(ten)).openIDConnectProviderArn();
    var p1 = root.listOpenIDConnectProviderTags(r -> r.openIDConnectProviderArn(many).maxItems(4));
    assertThat(p1.tags()).hasSize(4);
    var p2 = root.listOpenIDConnectProviderTags(r -> r.openIDConnectProviderArn(many).marker(p1.marker()).maxItems(4));
    assertThat(p2.tags()).hasSize(4);
    var p3 = root.listOpenIDConnectProviderTags(r -> r.openIDConnectProviderArn(many).marker(p2.marker()));
    assertThat(p3.tags()).hasSize(2); // final-page: two tags, no Marker
    assertThat(p3.marker()).isNull();

    List<Tag> fifty = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      fifty.add(tag(String.format("k%02d", i), "v" + i));
    }
    String full = root.createOpenIDConnectProvider(r -> r.url("https://oidc-tagslimit.example.com").thumbprintList(A40)
        .tags(fifty)).openIDConnectProviderArn();
    awsError(() -> root.tagOpenIDConnectProvider(r -> r.openIDConnectProviderArn(full).tags(tag("k50", "v50"))), 409,
        "LimitExceeded", "The number of tags has reached the maximum limit."); // tags-limit-error
  }
}
