package dev.iamlocal.validation;

import dev.iamlocal.policy.JsonPath;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The size quotas of spec §13. IAM counts characters without white space (managed policies,
 * trust policies); Organizations counts every character of an SCP or RCP; resource policies have
 * per-service limits, known here for a few resource types.
 */
final class PolicySizeCheck implements Check {

  static final int MANAGED_POLICY_LIMIT = 6_144;
  static final int TRUST_POLICY_LIMIT = 2_048;
  static final int ORGANIZATIONS_POLICY_LIMIT = 5_120;

  /** Resource policy size limits (characters) by CloudFormation resource type, from each service's quota page. */
  private static final Map<String, Integer> RESOURCE_LIMITS = Map.of(
      "aws::s3::bucket", 20_480,
      "aws::s3::accesspoint", 20_480,
      "aws::kms::key", 32_768,
      "aws::sns::topic", 30_720,
      "aws::lambda::function", 20_480,
      "aws::secretsmanager::secret", 20_480,
      "aws::iam::assumerolepolicydocument", TRUST_POLICY_LIMIT);

  @Override
  public List<String> codes() {
    return List.of("POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA", "POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA",
        "POLICY_SIZE_EXCEEDS_SCP_QUOTA", "POLICY_SIZE_EXCEEDS_RCP_QUOTA", "POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA");
  }

  @Override
  public void check(PolicyContext ctx, FindingSink out) {
    String text = ctx.document().text();
    switch (ctx.kind()) {
      case IDENTITY, PERMISSIONS_BOUNDARY -> report(ctx, out, Severity.WARNING, "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA",
          nonWhitespace(text), MANAGED_POLICY_LIMIT, "characters (white space not counted) for a managed policy",
          "Split it into several managed policies, or shorten it: combine actions with wildcards such as "
              + "\"s3:Get*\" and merge statements with the same Effect and Resource.");
      case TRUST -> report(ctx, out, Severity.WARNING, "POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA",
          nonWhitespace(text), TRUST_POLICY_LIMIT, "characters (white space not counted), the default role trust "
              + "policy quota", "Shorten the trust policy or ask for a higher quota (Service Quotas, IAM).");
      case SERVICE_CONTROL -> report(ctx, out, Severity.ERROR, "POLICY_SIZE_EXCEEDS_SCP_QUOTA", text.length(),
          ORGANIZATIONS_POLICY_LIMIT, "characters for a service control policy (Organizations counts white space too)",
          "Remove white space (minify the JSON) or split the policy into several SCPs.");
      case RESOURCE_CONTROL -> report(ctx, out, Severity.ERROR, "POLICY_SIZE_EXCEEDS_RCP_QUOTA", text.length(),
          ORGANIZATIONS_POLICY_LIMIT, "characters for a resource control policy (Organizations counts white space too)",
          "Remove white space (minify the JSON) or split the policy into several RCPs.");
      case RESOURCE -> {
        String type = ctx.options().resourceType();
        Integer limit = type == null ? null : RESOURCE_LIMITS.get(type.toLowerCase(Locale.ROOT));
        if (limit != null) {
          report(ctx, out, Severity.WARNING, "POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA", text.length(), limit,
              "characters for the resource policy of " + type, "Shorten the policy: merge statements and principals.");
        }
      }
    }
  }

  private static void report(PolicyContext ctx, FindingSink out, Severity severity, String code, int size, int limit,
      String what, String hint) {
    if (size > limit) {
      out.add(severity, code, "The policy has " + size + " characters; the limit is " + limit + " " + what + ".",
          hint, JsonPath.ROOT, ctx.tree().span());
    }
  }

  static int nonWhitespace(String text) {
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        n++;
      }
    }
    return n;
  }
}
