package dev.iamlocal.server.iam;

import static dev.iamlocal.server.iam.ApiSupport.out;
import static dev.iamlocal.server.iam.ApiSupport.page;
import static dev.iamlocal.server.iam.ApiSupport.requestTags;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamlocal.request.RequestContext;
import dev.iamlocal.server.iam.ApiSupport.Ctx;
import dev.iamlocal.server.iam.ApiSupport.Page;
import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.server.protocol.JsonNodes;
import dev.iamlocal.store.IamException;
import dev.iamlocal.store.IdentityProviders;
import dev.iamlocal.store.OidcProvider;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
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

  OidcProvidersApi(ApiSupport s) {
    this.s = s;
    this.providers = s.store.identityProviders();
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
    i.put("TagOpenIDConnectProvider", this::tag);
    i.put("UntagOpenIDConnectProvider", this::untag);
    i.put("ListOpenIDConnectProviderTags", this::listTags);
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
    Named n = named(p, c, "iam:GetOpenIDConnectProvider", RequestContext.empty());
    OidcProvider op = providers.oidc(c.acct(), n.url).orElseThrow(() -> notFound(n.arn));
    ObjectNode o = JsonNodes.object().put("Url", op.url());
    o.set("ClientIDList", JsonNodes.strings(op.clientIds()));
    o.set("ThumbprintList", JsonNodes.strings(op.thumbprints()));
    o.set("CreateDate", JsonNodes.time(op.createDate()));
    o.set("Tags", JsonNodes.tags(providers.oidcTags(c.acct(), n.url)));
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
    Named n = named(p, c, "iam:DeleteOpenIDConnectProvider", RequestContext.empty());
    if (n.url == null || !providers.deleteOidc(c.acct(), n.url)) {
      // DeleteOpenIDConnectProvider's own words for a provider that is not there (AWS's recorded answer)
      throw new AwsError(404, "NoSuchEntity", "OpenId connect Provider " + n.arn + " cannot be found.");
    }
    return null;
  }

  ObjectNode addClientId(OperationInput p, Ctx c) {
    Named n = named(p, c, "iam:AddClientIDToOpenIDConnectProvider", RequestContext.empty());
    providers.addClientId(c.acct(), require(n), p.required("ClientID"));
    return null;
  }

  ObjectNode removeClientId(OperationInput p, Ctx c) {
    Named n = named(p, c, "iam:RemoveClientIDFromOpenIDConnectProvider", RequestContext.empty());
    providers.removeClientId(c.acct(), require(n), p.required("ClientID"));
    return null;
  }

  ObjectNode updateThumbprint(OperationInput p, Ctx c) {
    List<String> thumbprints = p.strings("ThumbprintList");
    Named n = named(p, c, "iam:UpdateOpenIDConnectProviderThumbprint", RequestContext.empty());
    checkThumbprints(thumbprints);
    providers.updateThumbprints(c.acct(), require(n), thumbprints);
    return null;
  }

  ObjectNode tag(OperationInput p, Ctx c) {
    // an identity provider's tag keys are case-sensitive: Team and team are two tags (stackd's
    // recording, resource_inputs.json); an empty list is InvalidInput there, as is an empty TagKeys
    Map<String, String> tags = p.policyTags();
    if (tags.isEmpty()) {
      throw ProviderTags.noTags();
    }
    Named n = named(p, c, "iam:TagOpenIDConnectProvider", requestTags(tags));
    providers.tagOidc(c.acct(), require(n), tags);
    return null;
  }

  ObjectNode untag(OperationInput p, Ctx c) {
    List<String> keys = p.strings("TagKeys");
    if (keys.isEmpty()) {
      throw ProviderTags.noTagKeys();
    }
    Named n = named(p, c, "iam:UntagOpenIDConnectProvider", RequestContext.builder().putList("aws:TagKeys", keys)
        .build());
    providers.untagOidc(c.acct(), require(n), keys);
    return null;
  }

  ObjectNode listTags(OperationInput p, Ctx c) {
    Named n = named(p, c, "iam:ListOpenIDConnectProviderTags", RequestContext.empty());
    Page<Map.Entry<String, String>> page = page(new ArrayList<>(providers.oidcTags(c.acct(), require(n))
        .entrySet()), p);
    return page.into(JsonNodes.object(), "Tags", e -> JsonNodes.object().put("Key", e.getKey())
        .put("Value", e.getValue()));
  }

  // ---------------------------------------------------------------- helpers

  /**
   * The provider an operation names by its {@code OpenIDConnectProviderArn}, authorized for
   * {@code action} with the provider's tags as {@code aws:ResourceTag/*}: {@code url} is null when the
   * ARN names no OIDC provider of the caller's account (which then is not found, never another
   * account's).
   */
  private record Named(String arn, String url) {}

  private Named named(OperationInput p, Ctx c, String action, RequestContext given) {
    String arn = p.required("OpenIDConnectProviderArn");
    String url = urlOf(arn, c.acct());
    RequestContext.Builder ctx = given.toBuilder();
    if (url != null) {
      try {
        providers.oidcTags(c.acct(), url).forEach((k, v) -> ctx.put("aws:ResourceTag/" + k, v));
      } catch (IamException.NoSuchEntity e) {
        // not there: authorized on its ARN all the same, then answered as not found
      }
    }
    s.authorize(c, action, arn.startsWith("arn:") ? arn : "*", ctx.build(), null);
    return new Named(arn, url);
  }

  private static String require(Named n) {
    if (n.url == null) {
      throw notFound(n.arn);
    }
    return n.url;
  }

  private static AwsError notFound(String arn) {
    return new AwsError(404, "NoSuchEntity", "OpenIDConnect Provider not found for arn " + arn);
  }

  /** The URL (host and path) an ARN of {@code account}'s OIDC provider names, or null when it names none. */
  static String urlOf(String arn, String account) {
    String prefix = "arn:aws:iam::" + account + ":oidc-provider/";
    return arn.startsWith(prefix) && arn.length() > prefix.length() ? arn.substring(prefix.length()) : null;
  }

  private static void checkThumbprints(List<String> thumbprints) {
    if (thumbprints.size() > MAX_THUMBPRINTS) {
      throw AwsError.invalidInput("Thumbprint list must contain fewer than 5 entries.");
    }
  }

  /**
   * The provider URL as IAM keeps it (host and path, no scheme), or AWS's ValidationError. The IAM
   * API reference: the URL "must begin with https://", "path components are allowed but query
   * parameters are not", and "should not contain a port number"; no user info or fragment either.
   */
  static String providerUrl(String given) {
    if (!given.startsWith("https://") || given.length() == "https://".length()) {
      throw invalidUrl(given, "it does not begin with https:// and a host");
    }
    URI u;
    try {
      u = new URI(given);
    } catch (URISyntaxException e) {
      throw invalidUrl(given, "it is no URI: " + e.getReason());
    }
    if (u.getRawQuery() != null || u.getRawFragment() != null) {
      throw invalidUrl(given, "a provider URL has neither a query nor a fragment");
    }
    if (u.getHost() == null || u.getRawUserInfo() != null || u.getPort() != -1) {
      throw invalidUrl(given, "a provider URL is https:// and a host name, without user info or port");
    }
    String rest = given.substring("https://".length());
    if (rest.chars().anyMatch(ch -> ch <= 0x20 || ch >= 0x7F)) {
      throw invalidUrl(given, "a provider URL holds no white space or characters outside ASCII");
    }
    return rest;
  }

  private static AwsError invalidUrl(String given, String why) {
    return AwsError.validation("Invalid Open ID Connect Provider URL").withDetail("\"" + given + "\": " + why);
  }

  /** The lower-cased host of a provider URL (host and path), for comparisons of issuers. */
  static String host(String url) {
    int slash = url.indexOf('/');
    return (slash < 0 ? url : url.substring(0, slash)).toLowerCase(Locale.ROOT);
  }
}
