package dev.iamlocal.server.iam;

import static dev.iamlocal.server.iam.ApiSupport.requestTags;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamlocal.request.RequestContext;
import dev.iamlocal.server.iam.ApiSupport.Ctx;
import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.store.IamException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What IAM's two identity-provider families (OpenID Connect and SAML) do alike: find the provider
 * an operation names by its ARN, authorized on that ARN with the provider's tags as
 * {@code aws:ResourceTag/*}, and the three tag operations ({@code Tag…}, {@code Untag…},
 * {@code List…Tags}). Each family keeps its own words for a provider that is not there.
 */
final class ProviderOperations {

  /** A family's tags of a provider, by its key (an OIDC provider's URL, a SAML provider's name). */
  interface Tags {
    /** The provider's tags; {@link IamException.NoSuchEntity} when it is not there. */
    Map<String, String> of(String accountId, String key);
  }

  /** Adds or replaces a provider's tags. */
  interface Tagger {
    void tag(String accountId, String key, Map<String, String> tags);
  }

  /** Removes a provider's tags by key. */
  interface Untagger {
    void untag(String accountId, String key, Collection<String> keys);
  }

  private final ApiSupport s;
  private final String arnMember;
  private final String resourceType;
  private final String noun;
  private final Tags tags;
  private final Tagger tagger;
  private final Untagger untagger;
  private final Function<String, AwsError> notFound;

  /**
   * @param arnMember the input member that names the provider ({@code OpenIDConnectProviderArn})
   * @param resourceType the ARN's resource type ({@code oidc-provider})
   * @param noun the operations' noun ({@code OpenIDConnectProvider}: {@code TagOpenIDConnectProvider} …)
   * @param notFound the family's NoSuchEntity for an ARN
   */
  ProviderOperations(ApiSupport s, String arnMember, String resourceType, String noun, Tags tags, Tagger tagger,
      Untagger untagger, Function<String, AwsError> notFound) {
    this.s = s;
    this.arnMember = arnMember;
    this.resourceType = resourceType;
    this.noun = noun;
    this.tags = tags;
    this.tagger = tagger;
    this.untagger = untagger;
    this.notFound = notFound;
  }

  /** Registers the family's three tag operations. */
  void registerTags(Map<String, Operation> i) {
    i.put("Tag" + noun, this::tag);
    i.put("Untag" + noun, this::untag);
    i.put("List" + noun + "Tags", this::listTags);
  }

  /** The ARN the operation names. */
  String arn(OperationInput p) {
    return p.required(arnMember);
  }

  /**
   * The key of the provider the operation's ARN names in the caller's account, after authorizing
   * {@code action} on the ARN with the provider's tags; null when the ARN names no provider of the
   * caller's account (which then is not found, never another account's).
   */
  String named(OperationInput p, Ctx c, String action, RequestContext given) {
    String arn = arn(p);
    String prefix = "arn:aws:iam::" + c.acct() + ":" + resourceType + "/";
    String key = arn.startsWith(prefix) && arn.length() > prefix.length() ? arn.substring(prefix.length()) : null;
    RequestContext.Builder ctx = given.toBuilder();
    if (key != null) {
      try {
        tags.of(c.acct(), key).forEach((k, v) -> ctx.put("aws:ResourceTag/" + k, v));
      } catch (IamException.NoSuchEntity e) {
        // not there: authorized on its ARN all the same, then answered as not found
      }
    }
    s.authorize(c, action, arn.startsWith("arn:") ? arn : "*", ctx.build(), null);
    return key;
  }

  /** {@link #named}, and the family's NoSuchEntity when it names no provider. */
  String require(OperationInput p, Ctx c, String action, RequestContext given) {
    String key = named(p, c, action, given);
    if (key == null) {
      throw notFound(p);
    }
    return key;
  }

  /** The family's NoSuchEntity for the ARN the operation names. */
  AwsError notFound(OperationInput p) {
    return notFound.apply(arn(p));
  }

  ObjectNode tag(OperationInput p, Ctx c) {
    // an identity provider's tag keys are case-sensitive (Team and team are two tags), and an empty
    // list is InvalidInput: stackd's recordings against IAM (resource_inputs.json)
    Map<String, String> given = p.policyTags();
    if (given.isEmpty()) {
      throw ProviderTags.noTags();
    }
    tagger.tag(c.acct(), require(p, c, "iam:Tag" + noun, requestTags(given)), given);
    return null;
  }

  ObjectNode untag(OperationInput p, Ctx c) {
    List<String> keys = p.strings("TagKeys");
    if (keys.isEmpty()) {
      throw ProviderTags.noTagKeys();
    }
    untagger.untag(c.acct(), require(p, c, "iam:Untag" + noun, RequestContext.builder().putList("aws:TagKeys", keys)
        .build()), keys);
    return null;
  }

  ObjectNode listTags(OperationInput p, Ctx c) {
    String key = require(p, c, "iam:List" + noun + "Tags", RequestContext.empty());
    return ApiSupport.tagsPage(tags.of(c.acct(), key), p);
  }
}
