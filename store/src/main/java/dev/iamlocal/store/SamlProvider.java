package dev.iamlocal.store;

import java.time.Instant;
import java.util.List;

/**
 * An IAM SAML identity provider.
 *
 * @param metadata the SAML metadata document as given (already checked to be one)
 * @param uuid IAM's {@code SAMLProviderUUID}
 * @param validUntil the metadata's expiry as IAM reports it
 * @param encryptionMode {@code Allowed} or {@code Required}
 * @param privateKeys the decryption keys, oldest first
 */
public record SamlProvider(String accountId, String providerId, String name, String metadata, String uuid,
    Instant validUntil, String encryptionMode, List<PrivateKey> privateKeys, Instant createDate) {

  /** A private key of the provider: IAM shows its id and when it was added, never the key. */
  public record PrivateKey(String keyId, String pem, Instant timestamp) {}

  /** {@code arn:aws:iam::<account>:saml-provider/<name>}. */
  public String arn() {
    return "arn:aws:iam::" + accountId + ":saml-provider/" + name;
  }
}
