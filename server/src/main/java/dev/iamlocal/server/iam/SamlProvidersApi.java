package dev.iamlocal.server.iam;

import static dev.iamlocal.server.iam.ApiSupport.requestTags;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamlocal.request.RequestContext;
import dev.iamlocal.server.federation.SamlMetadata;
import dev.iamlocal.server.iam.ApiSupport.Ctx;
import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.server.protocol.JsonNodes;
import dev.iamlocal.store.IdentityProviders;
import dev.iamlocal.store.SamlProvider;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;

/**
 * IAM's SAML identity providers: create (the metadata document checked by {@link SamlMetadata}),
 * read, list, update (metadata, assertion encryption mode, private keys), delete and tags. A
 * provider is named by its ARN, {@code arn:aws:iam::ACCOUNT:saml-provider/NAME}; one that does not
 * exist is AWS's recorded {@code NoSuchEntity} "Manifest not found for arn ARN".
 */
final class SamlProvidersApi {

  private static final char[] UUID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

  private final ApiSupport s;
  private final IdentityProviders providers;
  private final SecureRandom random = new SecureRandom();
  private final ProviderOperations ops;

  SamlProvidersApi(ApiSupport s) {
    this.s = s;
    this.providers = s.store.identityProviders();
    this.ops = new ProviderOperations(s, "SAMLProviderArn", "saml-provider", "SAMLProvider",
        providers::samlTags, providers::tagSaml, providers::untagSaml,
        arn -> new AwsError(404, "NoSuchEntity", "Manifest not found for arn " + arn));
  }

  /** Registers the operations in IAM's registry. */
  void register(Map<String, Operation> i) {
    i.put("CreateSAMLProvider", this::create);
    i.put("GetSAMLProvider", this::get);
    i.put("ListSAMLProviders", this::list);
    i.put("UpdateSAMLProvider", this::update);
    i.put("DeleteSAMLProvider", this::delete);
    ops.registerTags(i);
  }

  ObjectNode create(OperationInput p, Ctx c) {
    String name = p.required("Name");
    String metadata = p.required("SAMLMetadataDocument");
    Map<String, String> tags = p.policyTags(); // case-sensitive keys, as the provider's tag operations
    String mode = p.get("AssertionEncryptionMode", "Allowed");
    String key = p.get("AddPrivateKey");
    String arn = "arn:aws:iam::" + c.acct() + ":saml-provider/" + name;
    s.authorize(c, "iam:CreateSAMLProvider", arn, requestTags(tags), null);
    SamlMetadata md = metadata(metadata);
    if (key != null) {
      checkPrivateKey(key);
    }
    if (mode.equals("Required") && key == null) {
      throw AwsError.invalidInput("A private key is required when AssertionEncryptionMode is Required.");
    }
    Instant now = s.clock.instant();
    SamlProvider created = providers.createSaml(c.acct(), name, metadata, validUntil(md, now), mode, key, uuid(),
        tags);
    ObjectNode o = JsonNodes.object().put("SAMLProviderArn", created.arn());
    if (!tags.isEmpty()) {
      o.set("Tags", JsonNodes.tags(tags));
    }
    return o;
  }

  ObjectNode get(OperationInput p, Ctx c) {
    String name = ops.require(p, c, "iam:GetSAMLProvider", RequestContext.empty());
    SamlProvider sp = providers.saml(c.acct(), name).orElseThrow(() -> ops.notFound(p));
    ObjectNode o = JsonNodes.object().put("SAMLProviderUUID", sp.uuid()).put("SAMLMetadataDocument", sp.metadata());
    o.set("CreateDate", JsonNodes.time(sp.createDate()));
    o.set("ValidUntil", JsonNodes.time(sp.validUntil()));
    o.set("Tags", JsonNodes.tags(providers.samlTags(c.acct(), name)));
    o.put("AssertionEncryptionMode", sp.encryptionMode());
    ArrayNode keys = o.putArray("PrivateKeyList");
    sp.privateKeys().forEach(k -> {
      ObjectNode e = keys.addObject().put("KeyId", k.keyId());
      e.set("Timestamp", JsonNodes.time(k.timestamp()));
    });
    return o;
  }

  ObjectNode list(OperationInput p, Ctx c) {
    s.authorize(c, "iam:ListSAMLProviders", "*", Map.of());
    ObjectNode o = JsonNodes.object();
    ArrayNode a = o.putArray("SAMLProviderList");
    for (SamlProvider sp : providers.listSaml(c.acct())) {
      ObjectNode e = a.addObject().put("Arn", sp.arn());
      e.set("ValidUntil", JsonNodes.time(sp.validUntil()));
      e.set("CreateDate", JsonNodes.time(sp.createDate()));
    }
    return o;
  }

  ObjectNode update(OperationInput p, Ctx c) {
    String metadata = p.get("SAMLMetadataDocument");
    String mode = p.get("AssertionEncryptionMode");
    String add = p.get("AddPrivateKey");
    String remove = p.get("RemovePrivateKey");
    String name = ops.named(p, c, "iam:UpdateSAMLProvider", RequestContext.empty());
    if (metadata == null && mode == null && add == null && remove == null) {
      throw AwsError.invalidInput("At least one of SAMLMetadataDocument, AssertionEncryptionMode, AddPrivateKey or"
          + " RemovePrivateKey must be given.");
    }
    Instant validUntil = metadata == null ? null : validUntil(metadata(metadata), s.clock.instant());
    if (add != null) {
      checkPrivateKey(add);
    }
    if (name == null) {
      throw ops.notFound(p);
    }
    SamlProvider sp = providers.updateSaml(c.acct(), name, metadata, validUntil, mode, add, remove);
    return JsonNodes.object().put("SAMLProviderArn", sp.arn());
  }

  ObjectNode delete(OperationInput p, Ctx c) {
    String name = ops.named(p, c, "iam:DeleteSAMLProvider", RequestContext.empty());
    if (name == null || !providers.deleteSaml(c.acct(), name)) {
      throw ops.notFound(p);
    }
    return null;
  }

  // ---------------------------------------------------------------- helpers

  private static SamlMetadata metadata(String document) {
    try {
      return SamlMetadata.parse(document);
    } catch (SamlMetadata.Invalid e) {
      throw AwsError.invalidInput("Could not parse metadata").withDetail(e.getMessage());
    }
  }

  /**
   * The provider's ValidUntil: the metadata's {@code validUntil}, else 100 years after now (IAM
   * reports a date for every provider; the default is iamlocal's choice, AWS does not document one).
   */
  private static Instant validUntil(SamlMetadata md, Instant now) {
    return md.validUntil().orElse(now.truncatedTo(ChronoUnit.SECONDS).plus(36_500, ChronoUnit.DAYS));
  }

  /** A private key IAM can decrypt assertions with: PKCS#8 PEM of an RSA key (read by the JDK). */
  private static void checkPrivateKey(String pem) {
    String body = pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
        .replaceAll("\\s", "");
    try {
      KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    } catch (IllegalArgumentException | java.security.GeneralSecurityException e) {
      throw AwsError.invalidInput("The private key is invalid.").withDetail("not an RSA private key in PKCS#8 PEM"
          + " (-----BEGIN PRIVATE KEY----- and the base64 of the key's DER encoding)");
    }
  }

  private String uuid() {
    StringBuilder b = new StringBuilder(26);
    for (int i = 0; i < 26; i++) {
      b.append(UUID_CHARS[random.nextInt(UUID_CHARS.length)]);
    }
    return b.toString();
  }
}
