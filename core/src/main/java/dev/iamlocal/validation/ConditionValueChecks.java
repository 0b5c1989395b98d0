package dev.iamlocal.validation;

import dev.iamlocal.condition.Operator;
import dev.iamlocal.condition.Values;
import dev.iamlocal.policy.PolicyString;
import dev.iamlocal.policy.Statement;
import dev.iamlocal.variables.Template;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.List;

/**
 * Each condition value against its operator, with the engine's own parsers ({@link Values}), so
 * that what the validator calls invalid is exactly what the evaluator cannot use (it fails closed
 * on such a condition). Also IP ranges written with host bits set and private ranges on
 * {@code aws:SourceIp}, which never carries a private address.
 */
final class ConditionValueChecks implements Check {

  @Override
  public List<String> codes() {
    return List.of("TYPE_MISMATCH_BOOLEAN", "TYPE_MISMATCH_NUMBER", "TYPE_MISMATCH_DATE", "TYPE_MISMATCH_IP_RANGE",
        "INVALID_BASE64_VALUE", "INVALID_NULL_VALUE", "INVALID_ARN_CONDITION_VALUE", "IMPROVE_IP_RANGE",
        "PRIVATE_IP_ADDRESS", "PRIVATE_NOTIPADDRESS");
  }

  @Override
  public void check(PolicyContext ctx, FindingSink out) {
    for (Statement s : ctx.statements()) {
      for (PolicyContext.ParsedCondition c : PolicyContext.conditions(s)) {
        if (c.spec() == null) {
          continue;
        }
        Operator op = c.spec().operator();
        for (PolicyString v : c.entry().values()) {
          // Variables are reported by VariableChecks; their value is only known at request time.
          if (ctx.variablesEnabled() && Template.parse(v.value(), true).hasVariables()) {
            continue;
          }
          value(op, c.entry().key().value(), v, out);
        }
      }
    }
  }

  private static void value(Operator op, String key, PolicyString v, FindingSink out) {
    String raw = v.value();
    switch (op.family()) {
      case BOOL -> {
        if (Values.parseBool(raw) == null) {
          out.add(Severity.ERROR, "TYPE_MISMATCH_BOOLEAN", "Bool takes \"true\" or \"false\", not \"" + raw + "\"; the "
              + "condition can never match.", "Write \"true\" or \"false\".", v);
        }
      }
      case NUMERIC -> {
        if (Values.parseNumber(raw) == null) {
          out.add(Severity.ERROR, "TYPE_MISMATCH_NUMBER", op.jsonName() + " takes a number, not \"" + raw + "\"; the "
              + "condition can never match.", "Write a number such as \"10\" or \"2.5\", without spaces or units.", v);
        }
      }
      case DATE -> {
        if (Values.parseDate(raw) == null) {
          out.add(Severity.ERROR, "TYPE_MISMATCH_DATE", op.jsonName() + " takes a date, not \"" + raw + "\"; the "
              + "condition can never match.", "Write an ISO 8601 date such as \"2026-01-31T12:00:00Z\", or epoch seconds.", v);
        }
      }
      case BINARY -> {
        if (Values.parseBase64(raw) == null) {
          out.add(Severity.ERROR, "INVALID_BASE64_VALUE", "BinaryEquals takes base64-encoded bytes; \"" + raw
              + "\" is not base64.", "Encode the value, e.g. with `base64`, and write the result.", v);
        }
      }
      case NULL -> {
        if (Values.parseBool(raw) == null) {
          out.add(Severity.ERROR, "INVALID_NULL_VALUE", "Null takes \"true\" (the key is absent) or \"false\" (the key "
              + "is present), not \"" + raw + "\".", "Write \"true\" or \"false\".", v);
        }
      }
      case ARN -> {
        if (!raw.startsWith("arn:") && !raw.startsWith("*") && !raw.startsWith("?") && !raw.startsWith("${")) {
          out.add(Severity.WARNING, "INVALID_ARN_CONDITION_VALUE", op.jsonName() + " compares ARNs, but \"" + raw
              + "\" is not one, so it matches no ARN.", "Write the full ARN, e.g. \"arn:aws:service:region:account:"
              + raw + "\".", v);
        }
      }
      case IP -> ip(op, key, v, out);
      default -> { }
    }
  }

  private static void ip(Operator op, String key, PolicyString v, FindingSink out) {
    String raw = v.value();
    if (Values.parseIp(raw) == null) {
      out.add(Severity.ERROR, "TYPE_MISMATCH_IP_RANGE", "\"" + raw + "\" is not an IP address or CIDR block; the "
          + "condition can never match.", "Write an address or block such as \"203.0.113.0/24\" or \"2001:db8::/32\".", v);
      return;
    }
    IPAddress a = new IPAddressString(raw).getAddress();
    if (a.getNetworkPrefixLength() != null && !a.isPrefixBlock()) {
      out.add(Severity.SUGGESTION, "IMPROVE_IP_RANGE", "\"" + raw + "\" has host bits set; IAM reads it as the whole block "
          + a.toPrefixBlock().toCanonicalString() + ".", "Write \"" + a.toPrefixBlock().toCanonicalString() + "\".", v);
    }
    IPAddress block = a.toPrefixBlock();
    boolean isPrivate = block.isIPv4() && block.getLower().toIPv4().isPrivate() && block.getUpper().toIPv4().isPrivate();
    if (isPrivate && key.equalsIgnoreCase("aws:SourceIp")) {
      boolean not = op == Operator.NOT_IP_ADDRESS;
      out.add(Severity.ERROR, not ? "PRIVATE_NOTIPADDRESS" : "PRIVATE_IP_ADDRESS", "\"" + raw + "\" is a private range, "
          + "but aws:SourceIp only ever holds public addresses, so " + (not ? "NotIpAddress with it is always true."
          : "this value never matches."), "For traffic from a VPC use aws:VpcSourceIp with aws:SourceVpc or "
          + "aws:SourceVpce; for the internet, list public ranges.", v);
    }
  }
}
