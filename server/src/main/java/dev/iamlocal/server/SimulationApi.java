package dev.iamlocal.server;

import static dev.iamlocal.server.ApiSupport.*;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamlocal.evaluation.ContextKeys;
import dev.iamlocal.evaluation.Decision;
import dev.iamlocal.evaluation.Evaluator;
import dev.iamlocal.evaluation.Explanation;
import dev.iamlocal.evaluation.MatchedStatement;
import dev.iamlocal.evaluation.Mismatch;
import dev.iamlocal.evaluation.Policy;
import dev.iamlocal.evaluation.PolicySet;
import dev.iamlocal.evaluation.StatementTrace;
import dev.iamlocal.policy.PolicyDocument;
import dev.iamlocal.policy.PolicyParser;
import dev.iamlocal.policy.Statement;
import dev.iamlocal.request.AuthorizationRequest;
import dev.iamlocal.request.GlobalKeys;
import dev.iamlocal.request.Principal;
import dev.iamlocal.request.RequestContext;
import dev.iamlocal.server.ApiSupport.Ctx;
import dev.iamlocal.server.IamApi.Params;
import dev.iamlocal.store.Group;
import dev.iamlocal.store.IamException;
import dev.iamlocal.store.IamStore;
import dev.iamlocal.store.Role;
import dev.iamlocal.store.User;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The policy simulator: SimulatePrincipalPolicy, SimulateCustomPolicy and the context-key
 * queries, with the engine's full semantics and the simulator's response shapes.
 *
 * <p>Like AWS's simulator, no context key is filled that the caller did not give: the answer
 * depends on the policies and the ContextEntries only, and keys the relevant statements read but
 * the request lacks are reported as MissingContextValues.
 */
final class SimulationApi {

  private static final Set<String> KEY_TYPES = Set.of("string", "stringList", "numeric", "numericList", "boolean",
      "booleanList", "ip", "ipList", "binary", "binaryList", "date", "dateList");

  private final ApiSupport s;
  private final IamStore store;

  SimulationApi(ApiSupport s) {
    this.s = s;
    this.store = s.store;
  }

  /** What a simulation evaluates: identity policies, boundary, and the principal they belong to. */
  private record Source(List<Policy> identity, Policy boundary, Principal principal, boolean isUser) {}

  ObjectNode simulatePrincipalPolicy(OperationInput in, Ctx c) {
    // the simulation reads its parameters as sent (the model has checked them)
    Params p = in.params();
    String sourceArn = p.required("PolicySourceArn");
    List<String> actions = actions(p, false);
    s.authorize(c, "iam:SimulatePrincipalPolicy", sourceArn, Map.of());
    Source source = source(sourceArn, c);
    List<Policy> identity = new ArrayList<>(source.identity());
    identity.addAll(inputs(p, "PolicyInputList", "IAM Policy"));
    List<Policy> boundaryInputs = inputs(p, "PermissionsBoundaryPolicyInputList", "IAM Policy");
    Policy boundary = boundaryInputs.isEmpty() ? source.boundary() : boundaryInputs.get(0);
    return simulate(identity, boundary, source.principal(), source.isUser(), actions, p, c);
  }

  ObjectNode simulateCustomPolicy(OperationInput in, Ctx c) {
    // the simulation reads its parameters as sent (the model has checked them)
    Params p = in.params();
    List<String> actions = actions(p, true);
    List<Policy> identity = inputs(p, "PolicyInputList", "IAM Policy");
    if (identity.isEmpty()) {
      throw AwsError.validation("1 validation error detected: Value null at 'policyInputList' failed to satisfy"
          + " constraint: Member must not be null");
    }
    s.authorize(c, "iam:SimulateCustomPolicy", "*", Map.of());
    List<Policy> boundaryInputs = inputs(p, "PermissionsBoundaryPolicyInputList", "IAM Policy");
    // With no CallerArn the custom policies belong to nobody in particular: an IAM user principal of
    // the caller's account stands in (no context key is derived from it).
    Principal anyone = new Principal(Principal.Kind.USER, "arn:aws:iam::" + c.acct() + ":user/", c.acct(),
        "arn:aws:iam::" + c.acct() + ":user/", "", null);
    return simulate(identity, boundaryInputs.isEmpty() ? null : boundaryInputs.get(0), anyone, false, actions, p, c);
  }

  ObjectNode contextKeysForPrincipalPolicy(OperationInput in, Ctx c) {
    // the simulation reads its parameters as sent (the model has checked them)
    Params p = in.params();
    String sourceArn = p.required("PolicySourceArn");
    s.authorize(c, "iam:GetContextKeysForPrincipalPolicy", sourceArn, Map.of());
    Source source = source(sourceArn, c);
    List<PolicyDocument> docs = new ArrayList<>();
    source.identity().forEach(x -> docs.add(x.document()));
    inputs(p, "PolicyInputList", "IAM Policy").forEach(x -> docs.add(x.document()));
    return keys(docs);
  }

  ObjectNode contextKeysForCustomPolicy(OperationInput in, Ctx c) {
    // the simulation reads its parameters as sent (the model has checked them)
    Params p = in.params();
    List<Policy> inputs = inputs(p, "PolicyInputList", "IAM Policy");
    if (inputs.isEmpty()) {
      throw AwsError.validation("1 validation error detected: Value null at 'policyInputList' failed to satisfy"
          + " constraint: Member must not be null");
    }
    s.authorize(c, "iam:GetContextKeysForCustomPolicy", "*", Map.of());
    return keys(inputs.stream().map(Policy::document).toList());
  }

  private static ObjectNode keys(List<PolicyDocument> docs) {
    return out("ContextKeyNames", JsonNodes.strings(ContextKeys.referencedBy(docs)));
  }

  // ---------------------------------------------------------------- the simulation

  private ObjectNode simulate(List<Policy> identity, Policy boundary, Principal principal, boolean sourceIsUser,
      List<String> actions, Params p, Ctx c) {
    Policy resourcePolicy = null;
    if (p.get("ResourcePolicy") != null) {
      resourcePolicy = new Policy("ResourcePolicy", parseForSimulation(p.get("ResourcePolicy"), "ResourcePolicy"),
          "resource");
    }
    String callerArn = p.get("CallerArn");
    if (callerArn != null) {
      Principal caller;
      try {
        caller = Principal.parse(callerArn);
      } catch (IllegalArgumentException e) {
        caller = null;
      }
      if (caller == null || caller.kind() != Principal.Kind.USER) {
        throw AwsError.invalidInput("Invalid CallerArn: " + callerArn + ". You can specify only the ARN of an IAM"
            + " user.");
      }
      principal = caller;
    } else if (resourcePolicy != null && !sourceIsUser) {
      throw AwsError.invalidInput("CallerArn is required if you include a ResourcePolicy and the PolicySourceArn"
          + " is not the ARN for an IAM user.");
    }
    PolicySet.Builder b = PolicySet.builder().identity(identity);
    if (boundary != null) {
      b.permissionsBoundary(boundary);
    }
    if (resourcePolicy != null) {
      b.resourcePolicy(resourcePolicy);
    }
    PolicySet set = b.build();
    Map<String, Policy> byId = new HashMap<>();
    for (Policy x : identity) {
      byId.putIfAbsent("identity/" + x.id(), x);
    }
    if (boundary != null) {
      byId.put("permissionsBoundary/" + boundary.id(), boundary);
    }
    if (resourcePolicy != null) {
      byId.put("resource/" + resourcePolicy.id(), resourcePolicy);
    }
    RequestContext ctx = contextEntries(p);
    if (principal.kind() == Principal.Kind.USER && !principal.name().isEmpty()) {
      // What the simulated caller implies (aws:username for ${aws:username}, …); nothing else is filled.
      ctx = GlobalKeys.fillCallerIdentity(ctx, principal, null);
    }
    List<String> resources = p.members("ResourceArns");
    boolean specific = !resources.isEmpty();
    if (!specific) {
      resources = List.of("*");
    }
    String owner = p.get("ResourceOwner");
    String ownerAccount = owner == null ? null : accountOf(owner, owner.matches("\\d{12}") ? owner : null);
    if (owner != null && ownerAccount == null) {
      throw AwsError.invalidInput("Invalid ResourceOwner: " + owner + ". Specify an account ARN or an account id.");
    }
    // One result per action and resource, in that order, evaluated only when its page is written:
    // a request costs at most MaxItems (1-1000) evaluations, however many actions x resources it
    // names (1,000 x 1,000 evaluated up front took seconds of CPU for one page of 100).
    List<String> rs = resources;
    long total = (long) actions.size() * rs.size();
    if (total > Integer.MAX_VALUE) {
      throw AwsError.invalidInput("Too many actions and resources in one simulation: " + actions.size() + " x "
          + rs.size() + ".");
    }
    RequestContext context = ctx;
    Principal who = principal;
    boolean withResourcePolicy = resourcePolicy != null;
    List<Supplier<ObjectNode>> results = new java.util.AbstractList<>() {
      @Override
      public Supplier<ObjectNode> get(int i) {
        String action = actions.get(i / rs.size());
        String resource = rs.get(i % rs.size());
        AuthorizationRequest req = AuthorizationRequest.builder().principal(who).action(action)
            .resource(resource).resourceAccount(ownerAccount != null ? ownerAccount : accountOf(resource, c.acct()))
            .context(context).build();
        Explanation e = Evaluator.explain(set, req);
        List<String> missing = missing(e, byId, context);
        Decision d = e.decision();
        return () -> evaluationResult(action, resource, d, missing, specific, withResourcePolicy);
      }

      @Override
      public int size() {
        return (int) total;
      }
    };
    return page(results, p).into(JsonNodes.object(), "EvaluationResults", Supplier::get);
  }

  /**
   * Keys read by the statements that could decide this request (action and resource match) and
   * absent from the request's context, in policy order.
   */
  private static List<String> missing(Explanation e, Map<String, Policy> byId, RequestContext ctx) {
    Map<Policy, Set<Integer>> relevant = new java.util.LinkedHashMap<>();
    for (StatementTrace t : e.statements()) {
      if (t.mismatch() == Mismatch.ACTION || t.mismatch() == Mismatch.RESOURCE || t.mismatch() == Mismatch.PRINCIPAL) {
        continue;
      }
      Policy pol = byId.get(t.policyType().json() + "/" + t.policyId());
      if (pol != null) {
        relevant.computeIfAbsent(pol, k -> new HashSet<>()).add(t.index());
      }
    }
    List<PolicyDocument> docs = new ArrayList<>();
    relevant.forEach((pol, idx) -> {
      PolicyDocument d = pol.document();
      List<Statement> sts = d.statements().stream().filter(st -> idx.contains(st.index())).toList();
      docs.add(new PolicyDocument(d.version(), d.versionString(), d.id(), sts, d.statementArray(), d.text()));
    });
    List<String> out = new ArrayList<>();
    for (String k : ContextKeys.referencedBy(docs)) {
      if (!ctx.contains(k)) {
        out.add(k);
      }
    }
    return out;
  }

  /** IAM's {@code EvaluationResult} shape. */
  private static ObjectNode evaluationResult(String action, String resource, Decision d, List<String> missing,
      boolean specific, boolean withResourcePolicy) {
    ObjectNode x = JsonNodes.object().put("EvalActionName", action).put("EvalResourceName", resource)
        .put("EvalDecision", d.outcome().json());
    x.set("MatchedStatements", matched(d));
    // Spec §12.2: missing keys are listed at the top only for resource "*" (else per resource), and
    // EvalDecisionDetails is absent for resource "*".
    x.set("MissingContextValues", JsonNodes.strings(specific ? List.of() : missing));
    if (specific) {
      x.set("EvalDecisionDetails", decisionDetails(d, withResourcePolicy));
    }
    boundaryDetail(x, d);
    if (specific) {
      ObjectNode r = x.putArray("ResourceSpecificResults").addObject().put("EvalResourceName", resource)
          .put("EvalResourceDecision", d.outcome().json());
      r.set("MatchedStatements", matched(d));
      r.set("MissingContextValues", JsonNodes.strings(missing));
      r.set("EvalDecisionDetails", decisionDetails(d, withResourcePolicy));
      boundaryDetail(r, d);
    }
    return x;
  }

  private static ArrayNode matched(Decision d) {
    ArrayNode a = JsonNodes.array();
    for (MatchedStatement m : d.matchedStatements()) {
      ObjectNode st = a.addObject().put("SourcePolicyId", m.policyId()).put("SourcePolicyType", m.sourcePolicyType());
      if (m.span() != null && m.span().isKnown()) {
        st.putObject("StartPosition").put("Line", m.span().start().line()).put("Column", m.span().start().column());
        st.putObject("EndPosition").put("Line", m.span().end().line()).put("Column", m.span().end().column());
      }
    }
    return a;
  }

  /** For simulations with a resource policy: the decision per policy kind, as the simulator reports it. */
  private static ObjectNode decisionDetails(Decision d, boolean withResourcePolicy) {
    ObjectNode details = JsonNodes.object();
    if (withResourcePolicy) {
      boolean byResource = d.matchedStatements().stream()
          .anyMatch(m -> m.policyType() == dev.iamlocal.evaluation.PolicyType.RESOURCE);
      details.put("ResourcePolicy", byResource ? d.outcome().json() : "implicitDeny");
    }
    return details;
  }

  private static void boundaryDetail(ObjectNode x, Decision d) {
    if (d.allowedByPermissionsBoundary() != null) {
      x.putObject("PermissionsBoundaryDecisionDetail").put("AllowedByPermissionsBoundary",
          d.allowedByPermissionsBoundary());
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
    return new Source(sub.identity(), type.equals("group") ? null : sub.boundary(), sub.principal(),
        type.equals("user"));
  }

  private Subjects.Subject load(String type, String name, String arn, Ctx c) {
    switch (type) {
      case "user" -> {
        User u = store.getUser(c.acct(), name);
        requireSame(u.arn(), arn, "user", name);
        return s.subjects.ofUser(u);
      }
      case "group" -> {
        Group g = store.getGroup(c.acct(), name);
        requireSame(g.arn(), arn, "group", name);
        return s.subjects.ofGroup(g);
      }
      default -> {
        Role r = store.getRole(c.acct(), name);
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

  private static List<String> actions(Params p, boolean noWildcards) {
    List<String> actions = p.members("ActionNames");
    if (actions.isEmpty()) {
      throw AwsError.validation("1 validation error detected: Value null at 'actionNames' failed to satisfy"
          + " constraint: Member must not be null");
    }
    for (String a : actions) {
      if (noWildcards && (a.contains("*") || a.contains("?"))) {
        throw AwsError.invalidInput("Actions or resources cannot contain wildcards: " + a);
      }
      if (!a.matches("[A-Za-z0-9-]+:[A-Za-z0-9*?]+")) {
        throw AwsError.invalidInput("Invalid action name: " + a + ". Action names are of the form service:Action.");
      }
    }
    return actions;
  }

  private static List<Policy> inputs(Params p, String param, String type) {
    List<Policy> out = new ArrayList<>();
    List<String> texts = p.members(param);
    for (int i = 0; i < texts.size(); i++) {
      String id = param + "." + (i + 1);
      out.add(new Policy(id, parseForSimulation(texts.get(i), id), type));
    }
    return out;
  }

  private static PolicyDocument parseForSimulation(String text, String what) {
    PolicyParser.Result r = PolicyParser.parseLenient(text);
    if (!r.ok()) {
      // the parser's own words (and a JSON library's) are iamlocal's detail, not IAM's message
      throw AwsError.invalidInput(what + ": Syntax errors in policy.").withDetail(describe(r.problems().get(0)));
    }
    return r.document();
  }

  /** ContextEntries: key, type (all ContextKeyTypes, the *List ones multivalued) and values. */
  private static RequestContext contextEntries(Params p) {
    RequestContext.Builder b = RequestContext.builder();
    for (int i = 1; p.get("ContextEntries.member." + i + ".ContextKeyName") != null; i++) {
      String prefix = "ContextEntries.member." + i;
      String key = p.get(prefix + ".ContextKeyName");
      String type = p.get(prefix + ".ContextKeyType");
      if (type == null || !KEY_TYPES.contains(type)) {
        throw AwsError.validation("1 validation error detected: Value '" + type + "' at 'contextEntries." + i
            + ".member.contextKeyType' failed to satisfy constraint: Member must satisfy enum value set: [string,"
            + " stringList, numeric, numericList, boolean, booleanList, ip, ipList, binary, binaryList, date,"
            + " dateList]");
      }
      List<String> values = p.members(prefix + ".ContextKeyValues");
      if (type.endsWith("List")) {
        b.putList(key, values);
      } else if (values.size() == 1) {
        b.put(key, type.equals("boolean") ? values.get(0).toLowerCase(Locale.ROOT) : values.get(0));
      } else if (values.size() > 1) {
        throw AwsError.invalidInput("Context key " + key + " of type " + type + " takes one value; use " + type
            + "List for several.");
      }
    }
    return b.build();
  }
}
