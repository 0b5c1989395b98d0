package dev.iamlocal.server.iam;

import static dev.iamlocal.server.iam.ApiSupport.requestTags;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamlocal.request.RequestContext;
import dev.iamlocal.server.federation.ProviderUrls;
import dev.iamlocal.server.iam.ApiSupport.Ctx;
import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.server.protocol.JsonNodes;
import dev.iamlocal.store.IdentityProviders;
import dev.iamlocal.store.OidcProvider;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * IAM's OpenID Connect identity providers: create, read, list, delete, client ids, thumbprints and
 * tags. A provider is named by its ARN, {@code arn:aws:iam::ACCOUNT:oidc-provider/HOST/PATH}, whose
 * resource is the provider URL without {@code https://}, as IAM shows it in {@code Url}.
 *
 * <p>Errors are AWS's as recorded against AWS (LocalStack's validated OIDC snapshots): an invalid URL
 * is {@code ValidationError} "Invalid Open ID Connect Provider URL", a duplicate
 * {@code EntityAlreadyExists} "Provider with url URL already exists.", more than five thumbprints
 * {@code InvalidInput}, more than 100 client ids {@code LimitExceeded}, a provider that does not
 * exist {@code NoSuchEntity} "OpenIDConnect Provider not found for arn ARN" (DeleteOpenIDConnectProvider:
 * "OpenId connect Provider ARN cannot be found.").
 */
final class OidcProvidersApi {

  /** IAM's limit on thumbprints per provider. */
  static final int MAX_THUMBPRINTS = 5;

  private final ApiSupport s;
  private final IdentityProviders providers;
  private final ProviderOperations ops;

  OidcProvidersApi(ApiSupport s) {
    this.s = s;
    this.providers = s.store.identityProviders();
    this.ops = new ProviderOperations(s, "OpenIDConnectProviderArn", "oidc-provider", "OpenIDConnectProvider",
        providers::oidcTags, providers::tagOidc, providers::untagOidc, OidcProvidersApi::notFound);
  }

  /** Registers the operations in IAM's registry. */
  void register(Map<String, Operation> i) {
    i.put("CreateOpenIDConnectProvider", this::create);
    i.put("GetOpenIDConnectProvider", this::get);
    i.put("ListOpenIDConnectProviders", this::list);
    i.put("DeleteOpenIDConnectProvider", this::delete);
    i.put("AddClientIDToOpenIDConnectProvider", this::addClientId);
    i.put("RemoveClientIDFromOpenIDConnectProvider", this::removeClientId);
    i.put("UpdateOpenIDConnectProviderThumbprint", this::updateThumbprint);
    ops.registerTags(i);
  }

  ObjectNode create(OperationInput p, Ctx c) {
    String given = p.required("Url");
    String url = providerUrl(given);
    List<String> clientIds = p.strings("ClientIDList");
    List<String> thumbprints = p.strings("ThumbprintList");
    Map<String, String> tags = p.policyTags(); // case-sensitive keys, as the provider's tag operations
    s.authorize(c, "iam:CreateOpenIDConnectProvider", OidcProvider.arn(c.acct(), url), requestTags(tags), null);
    checkThumbprints(thumbprints);
    if (new java.util.LinkedHashSet<>(clientIds).size() > IdentityProviders.CLIENT_IDS_PER_PROVIDER) {
      throw new AwsError(409, "LimitExceeded", "Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: "
          + IdentityProviders.CLIENT_IDS_PER_PROVIDER);
    }
    OidcProvider created = providers.createOidc(c.acct(), url, given, clientIds, thumbprints, tags);
    ObjectNode o = JsonNodes.object().put("OpenIDConnectProviderArn", created.arn());
    if (!tags.isEmpty()) {
      o.set("Tags", JsonNodes.tags(tags));
    }
    return o;
  }

  ObjectNode get(OperationInput p, Ctx c) {
    String url = ops.require(p, c, "iam:GetOpenIDConnectProvider", RequestContext.empty());
    OidcProvider op = providers.oidc(c.acct(), url).orElseThrow(() -> ops.notFound(p));
    ObjectNode o = JsonNodes.object().put("Url", op.url());
    o.set("ClientIDList", JsonNodes.strings(op.clientIds()));
    o.set("ThumbprintList", JsonNodes.strings(op.thumbprints()));
    o.set("CreateDate", JsonNodes.time(op.createDate()));
    o.set("Tags", JsonNodes.tags(providers.oidcTags(c.acct(), url)));
    return o;
  }

  ObjectNode list(OperationInput p, Ctx c) {
    s.authorize(c, "iam:ListOpenIDConnectProviders", "*", Map.of());
    ObjectNode o = JsonNodes.object();
    var a = o.putArray("OpenIDConnectProviderList");
    providers.listOidc(c.acct()).forEach(op -> a.addObject().put("Arn", op.arn()));
    return o;
  }

  ObjectNode delete(OperationInput p, Ctx c) {
    String url = ops.named(p, c, "iam:DeleteOpenIDConnectProvider", RequestContext.empty());
    if (url == null || !providers.deleteOidc(c.acct(), url)) {
      // DeleteOpenIDConnectProvider's own words for a provider that is not there (AWS's recorded answer)
      throw new AwsError(404, "NoSuchEntity", "OpenId connect Provider " + ops.arn(p) + " cannot be found.");
    }
    return null;
  }

  ObjectNode addClientId(OperationInput p, Ctx c) {
    String url = ops.require(p, c, "iam:AddClientIDToOpenIDConnectProvider", RequestContext.empty());
    providers.addClientId(c.acct(), url, p.required("ClientID"));
    return null;
  }

  ObjectNode removeClientId(OperationInput p, Ctx c) {
    String url = ops.require(p, c, "iam:RemoveClientIDFromOpenIDConnectProvider", RequestContext.empty());
    providers.removeClientId(c.acct(), url, p.required("ClientID"));
    return null;
  }

  ObjectNode updateThumbprint(OperationInput p, Ctx c) {
    List<String> thumbprints = p.strings("ThumbprintList");
    String url = ops.named(p, c, "iam:UpdateOpenIDConnectProviderThumbprint", RequestContext.empty());
    checkThumbprints(thumbprints);
    if (url == null) {
      throw ops.notFound(p);
    }
    providers.updateThumbprints(c.acct(), url, thumbprints);
    return null;
  }

  // ---------------------------------------------------------------- helpers

  private static AwsError notFound(String arn) {
    return new AwsError(404, "NoSuchEntity", "OpenIDConnect Provider not found for arn " + arn);
  }

  private static void checkThumbprints(List<String> thumbprints) {
    if (thumbprints.size() > MAX_THUMBPRINTS) {
      throw AwsError.invalidInput("Thumbprint list must contain fewer than 5 entries.");
    }
  }

  /**
   * The provider URL as IAM keeps it (host and path, no scheme), by IAM's rules
   * ({@link ProviderUrls}), or IAM's error for the kind of problem: no URL at all (no scheme, no
   * host) is {@code ValidationError} "Invalid Open ID Connect Provider URL"; another scheme is
   * {@code InvalidInput} "Invalid Open ID Connect Provider URL. The URL must begin with https://.";
   * user info, a port, a query, a fragment or a bad host is {@code InvalidInput} "Invalid Open ID
   * Connect Provider URL." (texts of a test suite run against IAM). A non-canonical path answers as
   * the last kind: no public record shows IAM's answer for it.
   */
  static String providerUrl(String given) {
    try {
      return ProviderUrls.check(given);
    } catch (ProviderUrls.Refused e) {
      AwsError err = switch (e.problem) {
        case NOT_A_URL -> AwsError.validation("Invalid Open ID Connect Provider URL");
        case NOT_HTTPS -> AwsError.invalidInput("Invalid Open ID Connect Provider URL. The URL must begin with"
            + " https://.");
        case NOT_ACCEPTED -> AwsError.invalidInput("Invalid Open ID Connect Provider URL.");
      };
      throw err.withDetail("\"" + given + "\": " + e.getMessage());
    }
  }

  /** The lower-cased host of a provider URL (host and path), for comparisons of issuers. */
  static String host(String url) {
    int slash = url.indexOf('/');
    return (slash < 0 ? url : url.substring(0, slash)).toLowerCase(Locale.ROOT);
  }
}
