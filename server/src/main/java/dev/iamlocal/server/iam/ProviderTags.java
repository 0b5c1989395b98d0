package dev.iamlocal.server.iam;

import dev.iamlocal.server.protocol.AwsError;

/**
 * The answers of Tag/Untag{OpenIDConnect,SAML}Provider to an empty list: InvalidInput (400), as
 * stackd recorded against IAM (resource_inputs.json, 2026-09-12). The recording keeps the code only;
 * the message is iamlocal's.
 */
final class ProviderTags {

  private ProviderTags() {}

  static AwsError noTags() {
    return AwsError.invalidInput("Tags must not be empty.")
        .withDetail("IAM answers InvalidInput to an empty Tags list (its message was not recorded)");
  }

  static AwsError noTagKeys() {
    return AwsError.invalidInput("TagKeys must not be empty.")
        .withDetail("IAM answers InvalidInput to an empty TagKeys list (its message was not recorded)");
  }
}
