package dev.iamlocal.validation;

import dev.iamlocal.policy.JsonPath;
import dev.iamlocal.policy.PolicyVersion;
import java.util.List;

/** The {@code Version} element: missing, or the old 2008 language. */
final class DocumentChecks implements Check {

  @Override
  public List<String> codes() {
    return List.of("MISSING_VERSION", "OUTDATED_VERSION");
  }

  @Override
  public void check(PolicyContext ctx, FindingSink out) {
    var doc = ctx.document();
    if (doc.versionString() == null) {
      out.add(Severity.WARNING, "MISSING_VERSION",
          "The policy has no Version element, so IAM reads it as version 2008-10-17, in which policy variables "
              + "such as ${aws:username} are plain text.",
          "Add \"Version\": \"2012-10-17\" as the first element.", JsonPath.ROOT, ctx.tree().span());
    } else if (doc.version() == PolicyVersion.V2008_10_17) {
      out.add(Severity.SUGGESTION, "OUTDATED_VERSION",
          "Version 2008-10-17 is the old policy language: policy variables are not substituted in it.",
          "Write \"Version\": \"2012-10-17\".", doc.versionString());
    }
  }
}
