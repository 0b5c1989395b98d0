package dev.iamlocal.server.iam;

import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.server.protocol.JsonNodes;
import dev.iamlocal.server.authz.Subjects;
import static dev.iamlocal.server.iam.ApiSupport.*;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamlocal.evaluation.Outcome;
import dev.iamlocal.policy.PolicyDocument;
import dev.iamlocal.server.iam.ApiSupport.Ctx;
import dev.iamlocal.server.iam.IamApi.Params;
import dev.iamlocal.simulation.ContextEntry;
import dev.iamlocal.simulation.EvaluationResult;
import dev.iamlocal.simulation.PolicyInput;
import dev.iamlocal.simulation.PolicySimulator;
import dev.iamlocal.simulation.SimulationException;
import dev.iamlocal.simulation.SimulationRequest;
import dev.iamlocal.store.Group;
import dev.iamlocal.store.IamException;
import dev.iamlocal.store.IamStore;
import dev.iamlocal.store.Role;
import dev.iamlocal.store.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The IAM API's face of the core simulator ({@link PolicySimulator}): SimulatePrincipalPolicy,
 * SimulateCustomPolicy and the context-key queries. This class only authorizes the call, resolves a
 * PolicySourceArn to its stored policies, maps the query parameters to a {@link SimulationRequest}
 * and writes the {@link EvaluationResult}s as IAM's XML; every simulation rule is the core's, the
 * same code path as the {@code simulate-custom-policy} verb and the console's simulator.
 */
final class SimulationApi {

  private static final Set<String> KEY_TYPES = Set.copyOf(ContextEntry.TYPES);

  /** The evaluations one page may cost: MaxItems' ceiling, what a page cost when a result was one pair. */
  static final int PAGE_EVALUATIONS = 1000;

  private final ApiSupport s;
  private final IamStore store;

  SimulationApi(ApiSupport s) {
    this.s = s;
    this.store = s.store;
  }

  /**
   * What a PolicySourceArn names: its stored identity policies and boundary, as simulator inputs,
   * and the user's ARN when it is a user (the caller when CallerArn is absent).
   */
  private record Source(List<PolicyInput> identity, PolicyInput boundary, String userArn) {}

  ObjectNode simulatePrincipalPolicy(OperationInput in, Ctx c) {
    // the simulation reads its parameters as sent (the model has checked them)
    Params p = in.params();
    String sourceArn = p.required("PolicySourceArn");
    List<String> actions = actions(p);
    s.authorize(c, "iam:SimulatePrincipalPolicy", sourceArn, Map.of());
    Source source = source(sourceArn, c);
    SimulationRequest.Builder b = SimulationRequest.builder().policies(source.identity())
        .policies(inputs(p, "PolicyInputList", PolicyInput.IAM_POLICY))
        .policySource(sourceArn, source.userArn()).actionWildcardsAllowed(true);
    List<PolicyInput> boundaries = inputs(p, "PermissionsBoundaryPolicyInputList", PolicyInput.IAM_POLICY);
    if (!boundaries.isEmpty()) {
      // IAM: a boundary passed in this parameter is used for the simulation instead of the entity's own.
      boundaries.forEach(b::permissionsBoundary);
    } else if (source.boundary() != null) {
      b.permissionsBoundary(source.boundary());
    }
    return simulate(b, actions, p, c);
  }

  ObjectNode simulateCustomPolicy(OperationInput in, Ctx c) {
    Params p = in.params();
    List<String> actions = actions(p);
    List<PolicyInput> identity = inputs(p, "PolicyInputList", PolicyInput.IAM_POLICY);
    if (identity.isEmpty()) {
      throw AwsError.validation("1 validation error detected: Value null at 'policyInputList' failed to satisfy"
          + " constraint: Member must not be null");
    }
    s.authorize(c, "iam:SimulateCustomPolicy", "*", Map.of());
    SimulationRequest.Builder b = SimulationRequest.builder().policies(identity);
    inputs(p, "PermissionsBoundaryPolicyInputList", PolicyInput.IAM_POLICY).forEach(b::permissionsBoundary);
    return simulate(b, actions, p, c);
  }

  ObjectNode contextKeysForPrincipalPolicy(OperationInput in, Ctx c) {
    Params p = in.params();
    String sourceArn = p.required("PolicySourceArn");
    s.authorize(c, "iam:GetContextKeysForPrincipalPolicy", sourceArn, Map.of());
    Source source = source(sourceArn, c);
    List<PolicyDocument> docs = new ArrayList<>();
    source.identity().forEach(x -> docs.add(x.document()));
    inputs(p, "PolicyInputList", PolicyInput.IAM_POLICY).forEach(x -> docs.add(x.document()));
    return keys(docs);
  }

  ObjectNode contextKeysForCustomPolicy(OperationInput in, Ctx c) {
    Params p = in.params();
    List<PolicyInput> inputs = inputs(p, "PolicyInputList", PolicyInput.IAM_POLICY);
    if (inputs.isEmpty()) {
      throw AwsError.validation("1 validation error detected: Value null at 'policyInputList' failed to satisfy"
          + " constraint: Member must not be null");
    }
    s.authorize(c, "iam:GetContextKeysForCustomPolicy", "*", Map.of());
    return keys(inputs.stream().map(PolicyInput::document).toList());
  }

  private static ObjectNode keys(List<PolicyDocument> docs) {
    ObjectNode out = JsonNodes.object();
    out.set("ContextKeyNames", JsonNodes.strings(PolicySimulator.contextKeys(docs)));
    return out;
  }

  // ---------------------------------------------------------------- the simulation

  /** The parameters both operations share, the core's simulation, and one page of its results. */
  private ObjectNode simulate(SimulationRequest.Builder b, List<String> actions, Params p, Ctx c) {
    if (p.get("ResourcePolicy") != null) {
      b.resourcePolicy(input("ResourcePolicy", PolicyInput.RESOURCE_POLICY, p.get("ResourcePolicy")));
    }
    b.actionNames(actions).resourceArns(p.members("ResourceArns")).resourceOwner(p.get("ResourceOwner"))
        .callerArn(p.get("CallerArn")).contextEntries(contextEntries(p))
        .resourceHandlingOption(p.get("ResourceHandlingOption")).defaultAccount(c.acct());
    PolicySimulator.Simulation simulation;
    try {
      simulation = PolicySimulator.prepare(b.build());
    } catch (SimulationException e) {
      throw invalid(e);
    }
    // The core's results are evaluated when read, one per action, each over every resource. A page
    // holds at most MaxItems results and at most PAGE_EVALUATIONS evaluations (at least one result):
    // IAM "might return fewer than the MaxItems number of results even when there are more results
    // available" (SimulatePrincipalPolicy's MaxItems), so a request costs about a page's worth,
    // however many actions x resources it names.
    int perResult = Math.max(1, simulation.resourcesPerResult());
    return page(simulation.results(), p, Math.max(1, PAGE_EVALUATIONS / perResult))
        .into(JsonNodes.object(), "EvaluationResults", SimulationApi::evaluationResult);
  }

  private static AwsError invalid(SimulationException e) {
    AwsError err = AwsError.invalidInput(e.getMessage());
    return e.detail().isEmpty() ? err : err.withDetail(e.detail());
  }

  /** IAM's {@code EvaluationResult} shape. */
  private static ObjectNode evaluationResult(EvaluationResult r) {
    ObjectNode x = JsonNodes.object().put("EvalActionName", r.evalActionName())
        .put("EvalResourceName", r.evalResourceName()).put("EvalDecision", r.evalDecision().json());
    x.set("MatchedStatements", matched(r.matchedStatements()));
    x.set("MissingContextValues", JsonNodes.strings(r.missingContextValues()));
    if (r.organizationsDecisionDetail() != null) {
      x.putObject("OrganizationsDecisionDetail").put("AllowedByOrganizations", r.organizationsDecisionDetail());
    }
    boundaryDetail(x, r.permissionsBoundaryDecisionDetail());
    if (r.evalDecisionDetails() != null) {
      x.set("EvalDecisionDetails", decisionDetails(r.evalDecisionDetails()));
    }
    if (r.resourceSpecificResults() != null) {
      ArrayNode specific = x.putArray("ResourceSpecificResults");
      for (EvaluationResult.ResourceSpecificResult rs : r.resourceSpecificResults()) {
        ObjectNode m = specific.addObject().put("EvalResourceName", rs.evalResourceName())
            .put("EvalResourceDecision", rs.evalResourceDecision().json());
        // absent when empty, as AWS answers per resource (the core leaves them null then)
        if (rs.matchedStatements() != null) {
          m.set("MatchedStatements", matched(rs.matchedStatements()));
        }
        if (rs.missingContextValues() != null) {
          m.set("MissingContextValues", JsonNodes.strings(rs.missingContextValues()));
        }
        if (rs.evalDecisionDetails() != null) {
          m.set("EvalDecisionDetails", decisionDetails(rs.evalDecisionDetails()));
        }
        boundaryDetail(m, rs.permissionsBoundaryDecisionDetail());
      }
    }
    return x;
  }

  private static ArrayNode matched(List<EvaluationResult.Statement> statements) {
    ArrayNode a = JsonNodes.array();
    for (EvaluationResult.Statement m : statements) {
      ObjectNode st = a.addObject().put("SourcePolicyId", m.sourcePolicyId())
          .put("SourcePolicyType", m.sourcePolicyType());
      if (m.startPosition() != null) {
        st.putObject("StartPosition").put("Line", m.startPosition().line()).put("Column", m.startPosition().column());
        st.putObject("EndPosition").put("Line", m.endPosition().line()).put("Column", m.endPosition().column());
      }
    }
    return a;
  }

  /** IAM's {@code EvalDecisionDetailsType}: a map of policy kind to decision (its keys in the core's order). */
  private static ObjectNode decisionDetails(Map<String, Outcome> details) {
    ObjectNode out = JsonNodes.object();
    details.forEach((k, v) -> out.put(k, v.json()));
    return out;
  }

  private static void boundaryDetail(ObjectNode x, Boolean allowed) {
    if (allowed != null) {
      x.putObject("PermissionsBoundaryDecisionDetail").put("AllowedByPermissionsBoundary", allowed);
    }
  }

  // ---------------------------------------------------------------- inputs

  /** The stored policies of a user (with its groups), group or role named by ARN. */
  private Source source(String arn, Ctx c) {
    String[] parts = arn.split(":", 6);
    if (parts.length != 6 || !parts[0].equals("arn") || !parts[2].equals("iam") || !c.acct().equals(parts[4])) {
      throw AwsError.invalidInput("Invalid Entity Arn: " + arn + " does not clearly define entity type and name.");
    }
    String resource = parts[5];
    String name = resource.substring(resource.lastIndexOf('/') + 1);
    String type = resource.contains("/") ? resource.substring(0, resource.indexOf('/')) : resource;
    if (!type.equals("user") && !type.equals("group") && !type.equals("role")) {
      throw AwsError.invalidInput("Invalid Entity Arn: " + arn + " does not clearly define entity type and name.");
    }
    // The entity's policies as of the store's current version, cached like a caller's: a simulation
    // read them from the store at every call (a third of its cost under load).
    Subjects.Subject sub = s.subjects.compiled(c.caller().storeVersion(), "policy source " + arn,
        () -> load(type, name, arn, c)).subject();
    // AWS reports every identity policy of a principal as "IAM Policy", whatever kind of policy it
    // is (recorded answers for AWS managed, customer managed and inline policies alike).
    List<PolicyInput> identity = sub.identity().stream()
        .map(x -> new PolicyInput(x.id(), PolicyInput.IAM_POLICY, x.document())).toList();
    PolicyInput boundary = type.equals("group") || sub.boundary() == null ? null
        : new PolicyInput(sub.boundary().id(), PolicyInput.IAM_POLICY, sub.boundary().document());
    return new Source(identity, boundary, type.equals("user") ? sub.principal().arn() : null);
  }

  private Subjects.Subject load(String type, String name, String arn, Ctx c) {
    switch (type) {
      case "user" -> {
        User u = store.users().getUser(c.acct(), name);
        requireSame(u.arn(), arn, "user", name);
        return s.subjects.ofUser(u);
      }
      case "group" -> {
        Group g = store.groups().getGroup(c.acct(), name);
        requireSame(g.arn(), arn, "group", name);
        return s.subjects.ofGroup(g);
      }
      default -> {
        Role r = store.roles().getRole(c.acct(), name);
        requireSame(r.arn(), arn, "role", name);
        return s.subjects.ofRole(r);
      }
    }
  }

  private static void requireSame(String stored, String given, String type, String name) {
    if (!stored.equals(given)) {
      // same name, other path: not the entity named
      throw new IamException.NoSuchEntity("The " + type + " with name " + name + " cannot be found.");
    }
  }

  /** ActionNames: required, each of the model's {@code ActionNameType} shape (the core checks wildcards). */
  private static List<String> actions(Params p) {
    List<String> actions = p.members("ActionNames");
    if (actions.isEmpty()) {
      throw AwsError.validation("1 validation error detected: Value null at 'actionNames' failed to satisfy"
          + " constraint: Member must not be null");
    }
    for (String a : actions) {
      if (!a.matches("[A-Za-z0-9-]+:[A-Za-z0-9*?]+")) {
        throw AwsError.invalidInput("Invalid action name: " + a + ". Action names are of the form service:Action.");
      }
    }
    return actions;
  }

  private static List<PolicyInput> inputs(Params p, String param, String type) {
    List<PolicyInput> out = new ArrayList<>();
    List<String> texts = p.members(param);
    for (int i = 0; i < texts.size(); i++) {
      out.add(input(param + "." + (i + 1), type, texts.get(i)));
    }
    return out;
  }

  private static PolicyInput input(String id, String type, String text) {
    try {
      return PolicyInput.parse(id, type, text);
    } catch (SimulationException e) {
      throw invalid(e);
    }
  }

  /** ContextEntries: key, type (checked against the model's enum here) and values; the core checks the rest. */
  private static List<ContextEntry> contextEntries(Params p) {
    List<ContextEntry> out = new ArrayList<>();
    for (int i = 1; p.get("ContextEntries.member." + i + ".ContextKeyName") != null; i++) {
      String prefix = "ContextEntries.member." + i;
      String type = p.get(prefix + ".ContextKeyType");
      if (type == null || !KEY_TYPES.contains(type)) {
        throw AwsError.validation("1 validation error detected: Value at 'contextEntries." + i
            + ".member.contextKeyType' failed to satisfy constraint: Member must satisfy enum value set: [string,"
            + " stringList, numeric, numericList, boolean, booleanList, ip, ipList, binary, binaryList, date,"
            + " dateList]");
      }
      out.add(new ContextEntry(p.get(prefix + ".ContextKeyName"), type, p.members(prefix + ".ContextKeyValues")));
    }
    return out;
  }
}
