package dev.iamlocal.validation;

import dev.iamlocal.policy.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Sids: empty, with characters IAM does not accept, or repeated. */
final class SidChecks implements Check {

  @Override
  public List<String> codes() {
    return List.of("EMPTY_SID_VALUE", "UNSUPPORTED_SID", "UNIQUE_SIDS_REQUIRED", "UNIQUE_SIDS_RECOMMENDED");
  }

  @Override
  public void check(PolicyContext ctx, FindingSink out) {
    Map<String, Statement> seen = new HashMap<>();
    for (Statement s : ctx.statements()) {
      if (s.sid() == null) {
        continue;
      }
      String sid = s.sid().value();
      if (sid.isEmpty()) {
        out.add(Severity.SUGGESTION, "EMPTY_SID_VALUE", "The Sid is empty.",
            "Remove the Sid element or give the statement a name such as \"AllowReadReports\".", s.sid());
        continue;
      }
      if (ctx.kind().storedByIam() && !alphanumeric(sid)) {
        out.add(Severity.ERROR, "UNSUPPORTED_SID", "The Sid \"" + sid + "\" contains characters IAM does not accept "
            + "in identity and trust policies.", "Use only letters A-Z, a-z and digits 0-9, e.g. \""
            + sid.replaceAll("[^A-Za-z0-9]", "") + "\".", s.sid());
      }
      Statement first = seen.putIfAbsent(sid, s);
      if (first != null) {
        boolean required = ctx.kind() != PolicyKind.RESOURCE;
        out.add(required ? Severity.ERROR : Severity.WARNING, required ? "UNIQUE_SIDS_REQUIRED" : "UNIQUE_SIDS_RECOMMENDED",
            "The Sid \"" + sid + "\" is also used by statement " + (first.index() + 1) + ".",
            "Give each statement its own Sid, e.g. \"" + sid + (s.index() + 1) + "\".", s.sid());
      }
    }
  }

  private static boolean alphanumeric(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
        return false;
      }
    }
    return true;
  }
}
