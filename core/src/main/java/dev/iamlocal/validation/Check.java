package dev.iamlocal.validation;

import java.util.List;

/**
 * One check, or one family of closely related checks, over a parsed policy. Checks are stateless:
 * everything they need is in the {@link PolicyContext}; everything they find goes to the sink.
 */
interface Check {

  /** The issue codes this check can report (tests assert each has a case that triggers it). */
  List<String> codes();

  void check(PolicyContext ctx, FindingSink out);
}
