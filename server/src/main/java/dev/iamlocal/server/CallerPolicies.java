package dev.iamlocal.server;

import dev.iamlocal.evaluation.Policy;
import dev.iamlocal.evaluation.PolicySet;
import dev.iamlocal.policy.PolicyParser;
import dev.iamlocal.store.IamStore;
import dev.iamlocal.store.IdentityPolicy;
import dev.iamlocal.store.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The policies that apply to a caller, read afresh from the store for every request (so a change
 * made through another node is enforced on the next call): its identity policies (inline and
 * attached, its groups' included) and its permissions boundary. Shared by every emulated service.
 */
final class CallerPolicies {

  private CallerPolicies() {}

  /** The caller's policy set, not yet built. Not for the root user (who is never evaluated). */
  static PolicySet.Builder of(IamStore store, Caller caller) {
    List<Policy> policies = new ArrayList<>();
    for (IdentityPolicy ip : store.policiesOfUser(caller.accountId(), caller.userName())) {
      // stored documents were validated on write; a document that no longer parses grants nothing
      PolicyParser.Result r = PolicyParser.parseLenient(ip.document());
      if (r.ok()) {
        policies.add(new Policy(ip.id(), r.document(), ip.sourceType()));
      }
    }
    PolicySet.Builder set = PolicySet.builder().identity(policies);
    User u = store.getUser(caller.accountId(), caller.userName());
    if (u.permissionsBoundaryArn() != null) {
      Optional<String> doc = store.managedPolicyDocument(u.permissionsBoundaryArn());
      set.permissionsBoundary(new Policy("boundary", PolicyParser.parse(doc.orElse(
          "{\"Version\":\"2012-10-17\",\"Statement\":[]}")), null));
    }
    return set;
  }
}
