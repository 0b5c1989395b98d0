package dev.iamlocal.validation;

import dev.iamlocal.arn.ArnPattern;
import dev.iamlocal.policy.PolicyString;
import dev.iamlocal.policy.Statement;
import dev.iamlocal.policy.ValueList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The form of each Resource/NotResource ARN: prefix, field count, partition, service case, region, account. */
final class ResourceArnFormatChecks implements Check {

  private static final Set<String> PARTITIONS =
      Set.of("aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc");
  /** Region names such as us-east-1, us-gov-west-1, eu-isoe-west-1; validation of a literal, not wildcard matching. */
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}|aws");

  @Override
  public List<String> codes() {
    return List.of("INVALID_ARN_PREFIX", "MISSING_ARN_FIELD", "INVALID_PARTITION", "INVALID_ARN_SERVICE_CASE",
        "INVALID_ARN_REGION", "INVALID_ARN_ACCOUNT", "ARN_REGION_NOT_ALLOWED", "MISSING_ARN_REGION",
        "ARN_ACCOUNT_NOT_ALLOWED", "MISSING_ARN_ACCOUNT");
  }

  @Override
  public void check(PolicyContext ctx, FindingSink out) {
    for (Statement s : ctx.statements()) {
      entries(ctx, s.resource(), out);
      entries(ctx, s.notResource(), out);
    }
  }

  private static boolean literal(String field) {
    return field.indexOf('*') < 0 && field.indexOf('?') < 0 && !field.contains("${");
  }

  private static void entries(PolicyContext ctx, ValueList list, FindingSink out) {
    if (list == null) {
      return;
    }
    for (PolicyString r : list.values()) {
      String raw = r.value();
      if (raw.equals("*") || raw.startsWith("*") || raw.startsWith("${")) {
        continue;
      }
      if (!raw.startsWith("arn:")) {
        out.add(Severity.ERROR, "INVALID_ARN_PREFIX", "\"" + raw + "\" is not an ARN: a resource ARN starts with \"arn:\".",
            "Write the full ARN, e.g. \"arn:aws:s3:::" + raw + "\" for a bucket, or \"*\".", r);
        continue;
      }
      List<String> f = ArnPattern.split(raw);
      if (f.size() < 6) {
        if (!raw.endsWith("*")) {
          out.add(Severity.ERROR, "MISSING_ARN_FIELD", "\"" + raw + "\" has " + f.size() + " of the 6 ARN fields "
              + "(arn:partition:service:region:account:resource).",
              "Add the missing fields; leave a field empty (\"::\") where the service has no region or account.", r);
        }
        continue;
      }
      String partition = f.get(1);
      if (literal(partition) && !PARTITIONS.contains(partition)) {
        out.add(Severity.ERROR, "INVALID_PARTITION", "\"" + partition + "\" is not an AWS partition.",
            "Use \"aws\" (or aws-cn, aws-us-gov), e.g. \"arn:aws:" + f.get(2) + ":...\".", r);
      }
      String service = f.get(2);
      if (!service.equals(service.toLowerCase(java.util.Locale.ROOT))) {
        out.add(Severity.ERROR, "INVALID_ARN_SERVICE_CASE", "The service \"" + service + "\" in the ARN must be lower case.",
            "Write \"" + service.toLowerCase(java.util.Locale.ROOT) + "\".", r);
      }
      String region = f.get(3);
      if (!region.isEmpty() && literal(region) && !REGION.matcher(region).matches()) {
        out.add(Severity.ERROR, "INVALID_ARN_REGION", "\"" + region + "\" is not an AWS Region code.",
            "Use a Region code such as \"us-east-1\", or \"*\".", r);
      }
      String account = f.get(4);
      if (!account.isEmpty() && literal(account) && !ACCOUNT.matcher(account).matches()) {
        out.add(Severity.ERROR, "INVALID_ARN_ACCOUNT", "\"" + account + "\" is not an AWS account ID (12 digits).",
            "Write the 12-digit account ID, e.g. \"123456789012\", or \"*\".", r);
      }
      if (!literal(service)) {
        continue;
      }
      ctx.lookups().arnShape(service).ifPresent(shape -> {
        if (shape.regionAlwaysEmpty() && !region.isEmpty() && literal(region)) {
          out.add(Severity.ERROR, "ARN_REGION_NOT_ALLOWED", service + " ARNs have no Region, but this one names \""
              + region + "\".", "Leave the Region empty: \"arn:" + partition + ":" + service + "::" + account + ":"
              + f.get(5) + "\".", r);
        }
        if (shape.regionNeverEmpty() && region.isEmpty()) {
          out.add(Severity.ERROR, "MISSING_ARN_REGION", service + " ARNs include a Region, but this one has none, "
              + "so it matches no " + service + " resource.", "Add the Region, or \"*\" for every Region.", r);
        }
        if (shape.accountAlwaysEmpty() && !account.isEmpty() && literal(account)) {
          out.add(Severity.ERROR, "ARN_ACCOUNT_NOT_ALLOWED", service + " ARNs have no account ID, but this one names \""
              + account + "\".", "Leave the account empty: \"arn:" + partition + ":" + service + ":" + region + "::"
              + f.get(5) + "\".", r);
        }
        if (shape.accountNeverEmpty() && account.isEmpty()) {
          // A warning: AWS-owned resources such as public SSM parameters have ARNs without an account.
          out.add(Severity.WARNING, "MISSING_ARN_ACCOUNT", service + " ARNs include an account ID, but this one has none, "
              + "so it matches only resources owned by AWS itself.", "Add the 12-digit account ID, or \"*\".", r);
        }
      });
    }
  }
}
