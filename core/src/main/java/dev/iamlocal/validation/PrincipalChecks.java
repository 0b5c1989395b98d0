package dev.iamlocal.validation;

import dev.iamlocal.policy.PolicyString;
import dev.iamlocal.policy.PrincipalElement;
import dev.iamlocal.policy.Statement;
import dev.iamlocal.policy.ValueList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The values of Principal/NotPrincipal: ARN or account shapes, service principal names, partial wildcards. */
final class PrincipalChecks implements Check {

  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern SERVICE = Pattern.compile("[a-z0-9][a-z0-9.-]*\\.(amazonaws\\.com|amazonaws\\.com\\.cn|amazon\\.com)");

  @Override
  public List<String> codes() {
    return List.of("UNSUPPORTED_WILDCARD_IN_PRINCIPAL", "INVALID_PRINCIPAL_FORMAT", "INVALID_SERVICE_PRINCIPAL_FORMAT");
  }

  @Override
  public void check(PolicyContext ctx, FindingSink out) {
    for (Statement s : ctx.statements()) {
      element(s.principal(), out);
      element(s.notPrincipal(), out);
    }
  }

  private static void element(PrincipalElement p, FindingSink out) {
    if (p == null || p.wildcard()) {
      return;
    }
    for (Map.Entry<String, ValueList> e : p.byType().entrySet()) {
      for (PolicyString v : e.getValue().values()) {
        value(e.getKey(), v, out);
      }
    }
  }

  private static void value(String type, PolicyString v, FindingSink out) {
    String raw = v.value();
    if (raw.equals("*") && type.equals("AWS")) {
      return;
    }
    if (raw.indexOf('*') >= 0 || raw.indexOf('?') >= 0) {
      out.add(Severity.ERROR, "UNSUPPORTED_WILDCARD_IN_PRINCIPAL", "\"" + raw + "\": a " + type + " principal cannot "
          + "contain wildcards (\"*\" alone means everyone, and only as \"AWS\": \"*\").",
          "Name the principal exactly, or use \"AWS\": \"*\" with a condition such as aws:PrincipalArn with ArnLike.", v);
      return;
    }
    switch (type) {
      case "AWS" -> {
        if (!ACCOUNT.matcher(raw).matches() && !raw.startsWith("arn:")) {
          out.add(Severity.ERROR, "INVALID_PRINCIPAL_FORMAT", "\"" + raw + "\" is not an AWS principal: use an account "
              + "ID (12 digits) or an IAM ARN.", "Write e.g. \"arn:aws:iam::123456789012:role/" + raw + "\".", v);
        }
      }
      case "Service" -> {
        if (!SERVICE.matcher(raw).matches()) {
          out.add(Severity.ERROR, "INVALID_SERVICE_PRINCIPAL_FORMAT", "\"" + raw + "\" is not a service principal name.",
              "Service principals look like \"sagemaker.amazonaws.com\" (lower case, ending in .amazonaws.com).", v);
        }
      }
      default -> { }
    }
  }
}
