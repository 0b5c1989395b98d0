package dev.iamlocal.server.authz;

import dev.iamlocal.arn.Arn;
import dev.iamlocal.evaluation.PolicySet;
import dev.iamlocal.request.Principal;
import dev.iamlocal.request.RequestContext;
import dev.iamlocal.store.IamException;
import dev.iamlocal.store.IamStore;
import dev.iamlocal.store.Role;
import java.util.Optional;

/**
 * Whether an AWS service may assume a role a caller passed to it: the role must exist, and its
 * trust policy must allow the service principal {@code sts:AssumeRole}, as the engine decides it
 * ({@link AuthorizationPipeline#service}). SageMaker asks this of every execution role a request
 * passes, after {@code iam:PassRole} allowed passing it.
 *
 * <p>Roles and their compiled trust policies are cached, stamped with the store's change counter
 * ({@link StampedCache}): a request that starts after a role or its trust policy changed (on any
 * node) sees the change, and a call that passes a role pays for one cache look-up, not a store read
 * and a policy compilation.
 */
public final class ServiceRoles {

  /** A stored role as a service assumes it: its ARN (with its path) and its trust policy as the only policy. */
  private record Trusted(String arn, PolicySet policies) {}

  /** What the service's attempt found. */
  public enum Outcome {
    /** The role exists and its trust policy allows the service to assume it. */
    ASSUMABLE,
    /** No such role (in the ARN's account, with that path and name), or a role of another account. */
    NO_SUCH_ROLE,
    /** The role exists; its trust policy does not allow the service (implicitly or explicitly). */
    NOT_TRUSTED
  }

  /**
   * The answer, with the engine's evaluation when the role exists (for the reason a caller is told
   * in {@code x-iamlocal-detail}).
   */
  public record Assumption(Outcome outcome, AuthorizationPipeline.Evaluation evaluation) {
    /** Whether the service may assume the role. */
    public boolean allowed() {
      return outcome == Outcome.ASSUMABLE;
    }
  }

  private final IamStore store;
  private final AuthorizationPipeline pipeline;
  private final StampedCache<String, Optional<Trusted>> roles;

  /** Roles of {@code store}, decided by {@code pipeline}'s engine. */
  public ServiceRoles(IamStore store, AuthorizationPipeline pipeline) {
    this.store = store;
    this.pipeline = pipeline;
    this.roles = new StampedCache<>(store::changeVersion, 10_000);
  }

  /**
   * Whether {@code service} may assume {@code roleArn} for a resource of {@code sourceAccount}.
   * A role of another account is refused without being read (fail closed): iamlocal does not let a
   * service use another account's role, as the caller could not pass it ({@code iam:PassRole} is
   * granted by the caller's own account only).
   *
   * @param version the store version the request read on arrival
   * @param given the keys the service sets when it assumes the role ({@code aws:SourceAccount}, …)
   * @param region the request's region ({@code aws:RequestedRegion})
   */
  public Assumption assume(long version, Principal service, String roleArn, String sourceAccount,
      RequestContext given, String region) {
    String account = roleAccount(roleArn);
    if (account == null || !account.equals(sourceAccount)) {
      return new Assumption(Outcome.NO_SUCH_ROLE, null);
    }
    Optional<Trusted> role = roles.get(version, roleArn, arn -> read(account, arn));
    if (role.isEmpty()) {
      return new Assumption(Outcome.NO_SUCH_ROLE, null);
    }
    AuthorizationPipeline.Evaluation e = pipeline.service(service, "sts:AssumeRole", role.get().arn(), given,
        role.get().policies(), region);
    return new Assumption(e.allowed() ? Outcome.ASSUMABLE : Outcome.NOT_TRUSTED, e);
  }

  /** The account of an IAM role ARN ({@code arn:aws:iam::ACCOUNT:role/…}), or null for anything else. */
  private static String roleAccount(String arn) {
    Arn a;
    try {
      a = Arn.parse(arn);
    } catch (Arn.InvalidArnException e) {
      return null;
    }
    boolean role = a.service().equals("iam") && a.region().isEmpty() && a.resource().startsWith("role/")
        && a.account().length() == 12 && a.account().chars().allMatch(c -> c >= '0' && c <= '9');
    return role ? a.account() : null;
  }

  /** The role the ARN names, if one exists with exactly that ARN (path included, as STS reads it). */
  private Optional<Trusted> read(String account, String arn) {
    String name = arn.substring(arn.lastIndexOf('/') + 1);
    if (name.isEmpty()) {
      return Optional.empty();
    }
    Role r;
    try {
      r = store.roles().getRole(account, name);
    } catch (IamException e) {
      // no such role, or a name IAM could not hold: nothing to assume (fail closed)
      return Optional.empty();
    }
    if (!r.arn().equals(arn)) {
      return Optional.empty();
    }
    return Optional.of(new Trusted(r.arn(), PolicySet.builder()
        .resourcePolicy(Subjects.parseStored(r.name(), r.trustPolicy(), "resource")).build()));
  }
}
