package dev.iamlocal.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one simulation evaluates: the parameters of IAM's {@code SimulateCustomPolicy} and
 * {@code SimulatePrincipalPolicy}, with a principal's stored policies already resolved into
 * {@link #policies()} and {@link #permissionsBoundaries()} by the caller.
 *
 * @param policies identity policies, in the order their results should name them
 * @param permissionsBoundaries at most one permissions boundary
 * @param resourcePolicy the {@code ResourcePolicy}, or null
 * @param serviceControlPolicyLevels the organization's SCPs, root first and account last; empty when
 *     the simulated account is in no organization (then no {@code OrganizationsDecisionDetail})
 * @param resourceOwner {@code ResourceOwner} as given (an account id or {@code arn:aws:iam::ID:root}),
 *     or null
 * @param callerArn {@code CallerArn} as given, or null
 * @param policySourceUserArn for {@code SimulatePrincipalPolicy} of a user, that user's ARN: the
 *     caller when {@code CallerArn} is absent; else null
 * @param policySourceArn for {@code SimulatePrincipalPolicy}, the {@code PolicySourceArn}; else null
 * @param defaultAccount the account the simulation runs in when no caller names one (the calling
 *     account; offline, {@code ResourceOwner}'s or 123456789012)
 * @param actionNames {@code ActionNames}
 * @param resourceArns {@code ResourceArns}; empty means {@code *}
 * @param contextEntries {@code ContextEntries}
 * @param resourceHandlingOption {@code ResourceHandlingOption}, or null
 * @param actionWildcardsAllowed whether action names may hold {@code *} or {@code ?}
 */
public record SimulationRequest(
    List<PolicyInput> policies,
    List<PolicyInput> permissionsBoundaries,
    PolicyInput resourcePolicy,
    List<List<PolicyInput>> serviceControlPolicyLevels,
    String resourceOwner,
    String callerArn,
    String policySourceUserArn,
    String policySourceArn,
    String defaultAccount,
    List<String> actionNames,
    List<String> resourceArns,
    List<ContextEntry> contextEntries,
    String resourceHandlingOption,
    boolean actionWildcardsAllowed) {

  public SimulationRequest {
    policies = List.copyOf(policies);
    permissionsBoundaries = List.copyOf(permissionsBoundaries);
    serviceControlPolicyLevels = serviceControlPolicyLevels.stream().map(List::copyOf).toList();
    Objects.requireNonNull(defaultAccount, "defaultAccount");
    actionNames = List.copyOf(actionNames);
    resourceArns = List.copyOf(resourceArns);
    contextEntries = List.copyOf(contextEntries);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a request; lists default to empty, {@link #defaultAccount} to 123456789012. */
  public static final class Builder {
    private final List<PolicyInput> policies = new ArrayList<>();
    private final List<PolicyInput> boundaries = new ArrayList<>();
    private PolicyInput resourcePolicy;
    private final List<List<PolicyInput>> scps = new ArrayList<>();
    private String resourceOwner;
    private String callerArn;
    private String sourceUserArn;
    private String sourceArn;
    private String defaultAccount = "123456789012";
    private final List<String> actions = new ArrayList<>();
    private final List<String> resources = new ArrayList<>();
    private final List<ContextEntry> context = new ArrayList<>();
    private String handling;
    private boolean wildcards;

    private Builder() {}

    public Builder policy(PolicyInput p) {
      policies.add(Objects.requireNonNull(p));
      return this;
    }

    public Builder policies(List<PolicyInput> ps) {
      ps.forEach(this::policy);
      return this;
    }

    public Builder permissionsBoundary(PolicyInput p) {
      boundaries.add(Objects.requireNonNull(p));
      return this;
    }

    public Builder resourcePolicy(PolicyInput p) {
      resourcePolicy = p;
      return this;
    }

    public Builder serviceControlPolicyLevel(List<PolicyInput> level) {
      scps.add(List.copyOf(level));
      return this;
    }

    public Builder resourceOwner(String v) {
      resourceOwner = v;
      return this;
    }

    public Builder callerArn(String v) {
      callerArn = v;
      return this;
    }

    public Builder policySource(String arn, String userArn) {
      sourceArn = arn;
      sourceUserArn = userArn;
      return this;
    }

    public Builder defaultAccount(String v) {
      defaultAccount = Objects.requireNonNull(v);
      return this;
    }

    public Builder actionNames(List<String> v) {
      actions.addAll(v);
      return this;
    }

    public Builder resourceArns(List<String> v) {
      resources.addAll(v);
      return this;
    }

    public Builder contextEntry(ContextEntry e) {
      context.add(Objects.requireNonNull(e));
      return this;
    }

    public Builder contextEntries(List<ContextEntry> es) {
      es.forEach(this::contextEntry);
      return this;
    }

    public Builder resourceHandlingOption(String v) {
      handling = v;
      return this;
    }

    public Builder actionWildcardsAllowed(boolean v) {
      wildcards = v;
      return this;
    }

    public SimulationRequest build() {
      return new SimulationRequest(policies, boundaries, resourcePolicy, scps, resourceOwner, callerArn, sourceUserArn,
          sourceArn, defaultAccount, actions, resources, context, handling, wildcards);
    }
  }
}
