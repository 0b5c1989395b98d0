package dev.iamlocal.cli.scenario;

import dev.iamlocal.evaluation.PolicyType;
import dev.iamlocal.request.AuthorizationRequest;
import dev.iamlocal.request.GlobalKeys;
import dev.iamlocal.request.Principal;
import dev.iamlocal.request.RequestContext;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * One request with the policies that govern it, as read from a scenario file by
 * {@link ScenarioReader}. Policies are kept as source text; {@link PolicySetCache} compiles them.
 *
 * @param index 0-based position in the file (0 for a file holding one scenario)
 * @param location where the scenario object starts in the file
 * @param name the scenario's {@code name}, or null
 * @param expect the scenario's own {@code expect}, or null
 * @param sessionPolicies null when the scenario gives none (not the same as an empty list)
 * @param serviceControlPolicies levels, organization root first; each level a list of policies
 * @param principalId the principal's unique id (AIDA…/AROA…), or null
 * @param resourceAccount the account owning the resource, or null to derive it
 * @param context the request context exactly as given (global keys not yet filled)
 */
public record Scenario(
    int index,
    SourceLocation location,
    String name,
    Expectation expect,
    List<PolicySource> identityPolicies,
    PolicySource permissionsBoundary,
    List<PolicySource> sessionPolicies,
    PolicySource resourcePolicy,
    List<List<PolicySource>> serviceControlPolicies,
    List<List<PolicySource>> resourceControlPolicies,
    List<PolicySource> vpcEndpointPolicies,
    Principal principal,
    Map<String, String> principalTags,
    String principalId,
    String action,
    String resource,
    String resourceAccount,
    RequestContext context) {

  public Scenario {
    identityPolicies = List.copyOf(identityPolicies);
    sessionPolicies = sessionPolicies == null ? null : List.copyOf(sessionPolicies);
    serviceControlPolicies = serviceControlPolicies.stream().map(List::copyOf).toList();
    resourceControlPolicies = resourceControlPolicies.stream().map(List::copyOf).toList();
    vpcEndpointPolicies = List.copyOf(vpcEndpointPolicies);
    // in the file's order, not Map.copyOf's (which changes from one JVM to the next): the tags become
    // the request's aws:PrincipalTag keys, and access-matrix examples list them in this order
    Map<String, String> tags = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, String> t : principalTags.entrySet()) {
      tags.put(java.util.Objects.requireNonNull(t.getKey()), java.util.Objects.requireNonNull(t.getValue()));
    }
    principalTags = java.util.Collections.unmodifiableMap(tags);
  }

  /**
   * The request this scenario describes, with the global keys AWS derives from the principal and
   * the clock filled in ({@link GlobalKeys#fill}); keys the scenario's context gives win.
   */
  public AuthorizationRequest request(Clock clock) {
    RequestContext ctx = GlobalKeys.fill(context, principal, principalId, principalTags, null, clock);
    return new AuthorizationRequest(principal, action, resource, resourceAccount, ctx);
  }

  /**
   * The policy that decisions and explanations of this scenario name {@code id} with type
   * {@code type}: with its {@link PolicySource#origin() origin} in the file, a position the engine
   * reports within the policy's text becomes a position in the file
   * ({@link PolicySource#fileLocation}). Compiled policies are shared between scenarios that
   * repeat a policy, so their spans cannot carry the place of each repetition; the scenario can.
   *
   * @param level for service and resource control policies the 0-based level (organization root
   *     first), as {@code StatementTrace.level()} gives it; -1 when unknown or not a level (the
   *     first policy of that id at any level is returned)
   * @return the policy, or null when the scenario has none by that type and id
   */
  public PolicySource policy(PolicyType type, String id, int level) {
    List<PolicySource> candidates = switch (type) {
      case IDENTITY -> identityPolicies;
      case PERMISSIONS_BOUNDARY -> permissionsBoundary == null ? List.of() : List.of(permissionsBoundary);
      case SESSION -> sessionPolicies == null ? List.of() : sessionPolicies;
      case RESOURCE -> resourcePolicy == null ? List.of() : List.of(resourcePolicy);
      case SERVICE_CONTROL -> levels(serviceControlPolicies, level);
      case RESOURCE_CONTROL -> levels(resourceControlPolicies, level);
      case VPC_ENDPOINT -> vpcEndpointPolicies;
    };
    for (PolicySource p : candidates) {
      if (p.id().equals(id)) {
        return p;
      }
    }
    return null;
  }

  private static List<PolicySource> levels(List<List<PolicySource>> levels, int level) {
    if (level >= 0 && level < levels.size()) {
      return levels.get(level);
    }
    return levels.stream().flatMap(List::stream).toList();
  }

  /** The name if given, else {@code #n} (1-based). */
  public String label() {
    return name != null ? name : "#" + (index + 1);
  }
}
