package dev.iamlocal.server;

import dev.iamlocal.evaluation.Decision;
import dev.iamlocal.request.GlobalKeys;
import dev.iamlocal.request.Principal;
import dev.iamlocal.request.RequestContext;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Authorizes the calls of one request by the engine against the caller's stored policies, with
 * the global keys (principal, time, network) added to what the service put in the context, and
 * hands every decision to the {@link DecisionLog} (which keeps what its mode selects). The root user
 * is allowed everything (and logged as allowed with no statements).
 */
final class Authorizer {

  private final Subjects subjects;
  private final DecisionLog log;
  private final Clock clock;
  private final Caller caller;
  private final NetworkProfile net;

  Authorizer(Subjects subjects, DecisionLog log, Clock clock, Caller caller, NetworkProfile net) {
    this.subjects = subjects;
    this.log = log;
    this.clock = clock;
    this.caller = caller;
    this.net = net;
  }

  Caller caller() {
    return caller;
  }

  /** The engine's decision on {@code action} on {@code resource}, with {@code given} (service keys) in the context. */
  Decision decide(String action, String resource, RequestContext given) {
    RequestContext.Builder b = given.toBuilder();
    net.putInto(b);
    Decision d;
    RequestContext ctx;
    // users and assumed-role sessions alike: the same compiled subject the IAM API evaluates
    Optional<Subjects.Compiled> compiled = subjects.compiledOfCaller(caller);
    if (compiled.isEmpty()) {
      ctx = GlobalKeys.fill(b.build(), Principal.parse(caller.arn()), caller.userId(), Map.of(), caller.region(), clock);
      d = Subjects.ROOT_ALLOWED;
    } else {
      Subjects.Evaluated e = compiled.get().evaluate(action, resource, caller.accountId(), b.build(), caller.region(),
          clock);
      ctx = e.context();
      d = e.decision();
    }
    if (log != null) {
      log.record(caller.arn(), action, resource, d, ctx);
    }
    return d;
  }

  /** AWS's AccessDenied message for a denied decision. */
  static String deniedMessage(Caller caller, String action, String resource, Decision d) {
    return AccessDeniedMessage.of(caller.arn(), action, resource, d);
  }
}
