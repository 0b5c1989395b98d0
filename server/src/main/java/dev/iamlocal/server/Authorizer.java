package dev.iamlocal.server;

import dev.iamlocal.evaluation.Decision;
import dev.iamlocal.evaluation.Evaluator;
import dev.iamlocal.evaluation.Policy;
import dev.iamlocal.evaluation.PolicySet;
import dev.iamlocal.policy.PolicyParser;
import dev.iamlocal.request.AuthorizationRequest;
import dev.iamlocal.request.GlobalKeys;
import dev.iamlocal.request.Principal;
import dev.iamlocal.request.RequestContext;
import dev.iamlocal.store.IamStore;
import dev.iamlocal.store.IdentityPolicy;
import dev.iamlocal.store.User;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Engine authorization of a signed-in principal of an account for an IAM action, shared by the
 * Query API and the web console so that both decide the same way: the user's stored policies
 * (read afresh), its permissions boundary, the request's keys and the global keys.
 */
public final class Authorizer {

  private final IamStore store;
  private final Clock clock;

  /** Authorizes against {@code store}; {@code clock} supplies {@code aws:CurrentTime}. */
  public Authorizer(IamStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Whether the caller may perform {@code action} on {@code resource}.
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
    List<Policy> policies = new ArrayList<>();
    for (IdentityPolicy ip : store.policiesOfUser(accountId, userName)) {
      // stored documents were validated on write; a document that no longer parses grants nothing
      PolicyParser.Result r = PolicyParser.parseLenient(ip.document());
      if (r.ok()) {
        policies.add(new Policy(ip.id(), r.document(), ip.sourceType()));
      }
    }
    PolicySet.Builder set = PolicySet.builder().identity(policies);
    User u = store.getUser(accountId, userName);
    if (u.permissionsBoundaryArn() != null) {
      Optional<String> doc = store.managedPolicyDocument(u.permissionsBoundaryArn());
      set.permissionsBoundary(new Policy("boundary", PolicyParser.parse(doc.orElse(
          "{\"Version\":\"2012-10-17\",\"Statement\":[]}")), null));
    }
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
    Principal principal = Principal.parse(u.arn());
    RequestContext ctx = GlobalKeys.fill(given.build(), principal, u.userId(), store.userTags(accountId, userName),
        region, clock);
    Decision d = Evaluator.authorize(set.build(), AuthorizationRequest.builder().principal(principal).action(action)
        .resource(resource).resourceAccount(accountId).context(ctx).build());
    if (d.allowed()) {
      return Optional.empty();
    }
    String reason = d.reason();
    String shownResource = "iam:ListPolicies".equals(action) ? "policy path /" : resource;
    return Optional.of("User: " + u.arn() + " is not authorized to perform: " + action
        + " on resource: " + shownResource + (reason.startsWith("with ") ? " " : " because ") + reason);
  }
}
