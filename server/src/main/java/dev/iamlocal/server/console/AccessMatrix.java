package dev.iamlocal.server.console;

import dev.iamlocal.evaluation.Evaluator;
import dev.iamlocal.evaluation.Outcome;
import dev.iamlocal.evaluation.PolicySet;
import dev.iamlocal.request.AuthorizationRequest;
import dev.iamlocal.request.GlobalKeys;
import dev.iamlocal.request.RequestContext;
import java.time.Clock;
import java.util.List;

/**
 * One row of the access matrix: a principal's decision for each action on {@code *}, evaluated
 * with its policy set compiled once (the cost is one compile per principal, then one fast
 * evaluation per action).
 */
final class AccessMatrix {

  private AccessMatrix() {}

  /**
   * The outcomes of {@code actions} for the subject, one letter per action: {@code A} allowed,
   * {@code E} explicit deny, {@code I} implicit deny.
   */
  static String row(Subjects.Subject subject, List<String> actions, String accountId, Clock clock) {
    PolicySet set = subject.policySet();
    RequestContext ctx = GlobalKeys.fill(RequestContext.empty(), subject.principal(), subject.uniqueId(),
        subject.tags(), "us-east-1", clock);
    StringBuilder out = new StringBuilder(actions.size());
    for (String action : actions) {
      Outcome o = Evaluator.authorize(set, AuthorizationRequest.builder().principal(subject.principal()).action(action)
          .resource("*").resourceAccount(accountId).context(ctx).build()).outcome();
      out.append(letter(o));
    }
    return out.toString();
  }

  static char letter(Outcome o) {
    return switch (o) {
      case ALLOWED -> 'A';
      case EXPLICIT_DENY -> 'E';
      case IMPLICIT_DENY -> 'I';
    };
  }

  static String word(char letter) {
    return switch (letter) {
      case 'A' -> "allowed";
      case 'E' -> "explicitDeny";
      default -> "implicitDeny";
    };
  }
}
