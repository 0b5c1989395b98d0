package dev.iamlocal.evaluation;

import java.util.ArrayList;
import java.util.List;

/**
 * Every policy that governs a principal's requests, compiled once and reused for any number of
 * requests from any number of threads (immutable).
 *
 * <p>Build one with {@link #builder()}. Identity policies are all the policies of the principal:
 * for a user its inline and managed policies and those of its groups; for a role session the
 * role's. SCPs and RCPs are given as levels, organization root first and account last; each level
 * must allow (spec §10.2 step 4).
 */
public final class PolicySet {

  final List<Policy> identityPolicies;
  final Policy permissionsBoundary;
  final List<Policy> sessionPolicies;
  final Policy resourcePolicy;
  final List<List<Policy>> serviceControlPolicies;
  final List<List<Policy>> resourceControlPolicies;
  final List<Policy> vpcEndpointPolicies;

  final StatementIndex identity;
  final StatementIndex boundary;
  final StatementIndex session;
  final StatementIndex resource;
  final List<StatementIndex> scpLevels;
  final List<StatementIndex> rcpLevels;
  final List<StatementIndex> vpcEndpoints;

  private PolicySet(Builder b) {
    this.identityPolicies = List.copyOf(b.identity);
    this.permissionsBoundary = b.boundary;
    this.sessionPolicies = b.session == null ? null : List.copyOf(b.session);
    this.resourcePolicy = b.resource;
    this.serviceControlPolicies = b.scps.stream().map(List::copyOf).toList();
    this.resourceControlPolicies = b.rcps.stream().map(List::copyOf).toList();
    this.vpcEndpointPolicies = List.copyOf(b.vpce);
    this.identity = index(identityPolicies, PolicyType.IDENTITY);
    this.boundary = permissionsBoundary == null ? null : index(List.of(permissionsBoundary), PolicyType.PERMISSIONS_BOUNDARY);
    this.session = sessionPolicies == null ? null : index(sessionPolicies, PolicyType.SESSION);
    boolean hasBoundary = permissionsBoundary != null;
    this.resource = resourcePolicy == null ? null : index(List.of(resourcePolicy), PolicyType.RESOURCE, hasBoundary);
    this.scpLevels = serviceControlPolicies.stream().map(l -> index(l, PolicyType.SERVICE_CONTROL)).toList();
    this.rcpLevels = resourceControlPolicies.stream().map(l -> index(l, PolicyType.RESOURCE_CONTROL, hasBoundary)).toList();
    this.vpcEndpoints = vpcEndpointPolicies.stream().map(p -> index(List.of(p), PolicyType.VPC_ENDPOINT, hasBoundary)).toList();
  }

  private static StatementIndex index(List<Policy> policies, PolicyType type) {
    return index(policies, type, false);
  }

  private static StatementIndex index(List<Policy> policies, PolicyType type, boolean principalHasBoundary) {
    List<CompiledStatement> out = new ArrayList<>();
    for (Policy p : policies) {
      for (var s : p.document().statements()) {
        out.add(new CompiledStatement(p, type, s, principalHasBoundary, out.size()));
      }
    }
    return new StatementIndex(out);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A set with only identity policies. */
  public static PolicySet ofIdentity(Policy... policies) {
    return builder().identity(policies).build();
  }

  public List<Policy> identityPolicies() {
    return identityPolicies;
  }

  public Policy permissionsBoundary() {
    return permissionsBoundary;
  }

  /** The session policies, or null when none were passed (not the same as an empty list). */
  public List<Policy> sessionPolicies() {
    return sessionPolicies;
  }

  public Policy resourcePolicy() {
    return resourcePolicy;
  }

  public List<List<Policy>> serviceControlPolicies() {
    return serviceControlPolicies;
  }

  public List<List<Policy>> resourceControlPolicies() {
    return resourceControlPolicies;
  }

  public List<Policy> vpcEndpointPolicies() {
    return vpcEndpointPolicies;
  }

  /** Every policy in the set, identity first. */
  public List<Policy> allPolicies() {
    List<Policy> out = new ArrayList<>(identityPolicies);
    if (permissionsBoundary != null) {
      out.add(permissionsBoundary);
    }
    if (sessionPolicies != null) {
      out.addAll(sessionPolicies);
    }
    if (resourcePolicy != null) {
      out.add(resourcePolicy);
    }
    serviceControlPolicies.forEach(out::addAll);
    resourceControlPolicies.forEach(out::addAll);
    out.addAll(vpcEndpointPolicies);
    return out;
  }

  /** Collects policies; {@link #build()} compiles them. */
  public static final class Builder {
    private final List<Policy> identity = new ArrayList<>();
    private Policy boundary;
    private List<Policy> session;
    private Policy resource;
    private final List<List<Policy>> scps = new ArrayList<>();
    private final List<List<Policy>> rcps = new ArrayList<>();
    private final List<Policy> vpce = new ArrayList<>();

    private Builder() {}

    public Builder identity(Policy... policies) {
      identity.addAll(List.of(policies));
      return this;
    }

    public Builder identity(List<Policy> policies) {
      identity.addAll(policies);
      return this;
    }

    public Builder permissionsBoundary(Policy p) {
      this.boundary = p;
      return this;
    }

    /** Session policies passed when the session was created (AssumeRole's Policy/PolicyArns). */
    public Builder sessionPolicies(List<Policy> policies) {
      this.session = policies == null ? null : new ArrayList<>(policies);
      return this;
    }

    public Builder resourcePolicy(Policy p) {
      this.resource = p;
      return this;
    }

    /** Adds one SCP level (root first, then each OU, then the account). */
    public Builder addServiceControlPolicyLevel(List<Policy> level) {
      scps.add(List.copyOf(level));
      return this;
    }

    /** Adds one RCP level (root first, then each OU, then the account). */
    public Builder addResourceControlPolicyLevel(List<Policy> level) {
      rcps.add(List.copyOf(level));
      return this;
    }

    public Builder vpcEndpointPolicy(Policy p) {
      vpce.add(p);
      return this;
    }

    public PolicySet build() {
      return new PolicySet(this);
    }
  }
}
