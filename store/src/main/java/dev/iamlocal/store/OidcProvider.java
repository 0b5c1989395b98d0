package dev.iamlocal.store;

import java.time.Instant;
import java.util.List;

/**
 * An IAM OpenID Connect identity provider.
 *
 * @param providerId the store's id of the provider (never shown by IAM)
 * @param url the provider URL as IAM shows it: host and path, without {@code https://}
 * @param clientIds the audiences (client ids) in the order they were added
 * @param thumbprints the server certificate thumbprints, in the order given
 */
public record OidcProvider(String accountId, String providerId, String url, List<String> clientIds,
    List<String> thumbprints, Instant createDate) {

  /** {@code arn:aws:iam::<account>:oidc-provider/<url>}. */
  public String arn() {
    return arn(accountId, url);
  }

  /** The ARN of the provider with {@code url} (host and path) in {@code accountId}. */
  public static String arn(String accountId, String url) {
    return "arn:aws:iam::" + accountId + ":oidc-provider/" + url;
  }
}
