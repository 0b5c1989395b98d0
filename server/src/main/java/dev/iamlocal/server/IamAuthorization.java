package dev.iamlocal.server;

import dev.iamlocal.evaluation.Decision;
import dev.iamlocal.request.RequestContext;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Engine authorization of a signed-in IAM user for an IAM action, for parts of the server outside
 * the Query API (the web console), so that they decide, log and word AccessDenied exactly as the
 * API does: the same compiled policies per principal, the same decision log.
 */
public final class IamAuthorization {

  private final Subjects subjects;
  private final DecisionLog log;
  private final Clock clock;

  IamAuthorization(Subjects subjects, DecisionLog log, Clock clock) {
    this.subjects = subjects;
    this.log = log;
    this.clock = clock;
  }

  /**
   * Whether the user may perform {@code action} on {@code resource}.
   *
   * @param userName the IAM user, or null for the account's root user, who may do everything
   * @param region the region of the request (null: us-east-1)
   * @param sourceIp the caller's address for {@code aws:SourceIp}, or null
   * @param extra request keys; {@code aws:TagKeys} holds its values separated by newlines
   * @return empty when allowed, otherwise AWS's AccessDenied message
   */
  public Optional<String> denial(String accountId, String userName, String region, String sourceIp, String action,
      String resource, Map<String, String> extra) {
    if (userName == null) {
      return Optional.empty();
    }
    Subjects.Compiled compiled = subjects.compiledOfUser(accountId, userName);
    Subjects.Subject sub = compiled.subject();
    RequestContext.Builder given = RequestContext.builder();
    extra.forEach((k, v) -> {
      if (k.equals("aws:TagKeys")) {
        given.putList(k, List.of(v.split("\n", -1)));
      } else {
        given.put(k, v);
      }
    });
    if (sourceIp != null) {
      given.put("aws:SourceIp", sourceIp);
    }
    subjects.putResourceTags(given, subjects.version(), accountId, action, resource);
    Subjects.Evaluated e = compiled.evaluate(action, resource, accountId, given.build(), region, clock);
    Decision d = e.decision();
    if (log != null) {
      log.record(sub.principal().arn(), action, resource, d, e.context());
    }
    if (d.allowed()) {
      return Optional.empty();
    }
    return Optional.of(AccessDeniedMessage.of(sub.principal().arn(), action, resource, d));
  }
}
