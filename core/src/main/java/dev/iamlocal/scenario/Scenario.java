package dev.iamlocal.scenario;

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
    principalTags = Map.copyOf(principalTags);
  }

  /**
   * The request this scenario describes, with the global keys AWS derives from the principal and
   * the clock filled in ({@link GlobalKeys#fill}); keys the scenario's context gives win.
   */
  public AuthorizationRequest request(Clock clock) {
    RequestContext ctx = GlobalKeys.fill(context, principal, principalId, principalTags, null, clock);
    return new AuthorizationRequest(principal, action, resource, resourceAccount, ctx);
  }

  /** The name if given, else {@code #n} (1-based). */
  public String label() {
    return name != null ? name : "#" + (index + 1);
  }
}
