package dev.iamlocal.server;

import dev.iamlocal.catalog.ManagedPolicies;
import dev.iamlocal.catalog.ManagedPolicy;
import dev.iamlocal.evaluation.Decision;
import dev.iamlocal.evaluation.Evaluator;
import dev.iamlocal.evaluation.MatchedStatement;
import dev.iamlocal.evaluation.Policy;
import dev.iamlocal.evaluation.PolicySet;
import dev.iamlocal.policy.ParseProblem;
import dev.iamlocal.policy.PolicyDocument;
import dev.iamlocal.policy.PolicyParser;
import dev.iamlocal.policy.Statement;
import dev.iamlocal.request.AuthorizationRequest;
import dev.iamlocal.request.GlobalKeys;
import dev.iamlocal.request.Principal;
import dev.iamlocal.request.RequestContext;
import dev.iamlocal.store.AccessKey;
import dev.iamlocal.store.CustomerPolicy;
import dev.iamlocal.store.EntityType;
import dev.iamlocal.store.Group;
import dev.iamlocal.store.IamStore;
import dev.iamlocal.store.IdentityPolicy;
import dev.iamlocal.store.InlinePolicy;
import dev.iamlocal.store.StoredPolicyVersion;
import dev.iamlocal.store.User;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import dev.iamlocal.server.IamApi.Params;
import static dev.iamlocal.server.ApiSupport.*;
import static dev.iamlocal.server.IamApi.IAM_NS;

/** The policy simulator: SimulatePrincipalPolicy, SimulateCustomPolicy and the context-key queries. */
final class SimulationApi {

  private final ApiSupport s;
  private final IamStore store;

  SimulationApi(ApiSupport s) {
    this.s = s;
    this.store = s.store;
  }

  // ---------------------------------------------------------------- simulation

  String simulatePrincipalPolicy(Params p, Ctx c, String rid) {
    String source = p.required("PolicySourceArn");
    List<String> actions = p.members("ActionNames");
    if (actions.isEmpty()) {
      throw AwsError.validation("1 validation error detected: Value null at 'actionNames' failed to satisfy"
          + " constraint: Member must not be null");
    }
    s.authorize(c, "iam:SimulatePrincipalPolicy", source, Map.of());
    Principal principal = Principal.parse(source);
    if (principal.kind() != Principal.Kind.USER || !c.acct().equals(principal.accountId())) {
      throw AwsError.invalidInput("Invalid Entity Arn: " + source + " does not clearly define entity type and name.");
    }
    String userName = principal.name();
    User u = store.getUser(c.acct(), userName);
    if (!u.arn().equals(source)) {
      throw new AwsError(404, "NoSuchEntity", "The user with name " + userName + " cannot be found.");
    }
    List<Policy> policies = new ArrayList<>();
    for (IdentityPolicy ip : store.policiesOfUser(c.acct(), u.name())) {
      policies.add(new Policy(ip.id(), PolicyParser.parse(ip.document()), ip.sourceType()));
    }
    List<String> inputs = p.members("PolicyInputList");
    for (int i = 0; i < inputs.size(); i++) {
      policies.add(new Policy("PolicyInputList." + (i + 1), parseForSimulation(inputs.get(i)), "IAM Policy"));
    }
    PolicySet.Builder set = PolicySet.builder().identity(policies);
    List<String> boundaryInputs = p.members("PermissionsBoundaryPolicyInputList");
    if (!boundaryInputs.isEmpty()) {
      set.permissionsBoundary(new Policy("PermissionsBoundaryPolicyInputList.1",
          parseForSimulation(boundaryInputs.get(0)), "IAM Policy"));
    } else if (u.permissionsBoundaryArn() != null) {
      String arn = u.permissionsBoundaryArn();
      store.managedPolicyDocument(arn).ifPresent(d -> set.permissionsBoundary(new Policy(
          arn.substring(arn.lastIndexOf('/') + 1), PolicyParser.parse(d), isAwsManaged(arn) ? "aws-managed" : "user-managed")));
    }
    PolicySet built = set.build();
    RequestContext given = contextEntries(p);
    List<String> resources = p.members("ResourceArns");
    if (resources.isEmpty()) {
      resources = List.of("*");
    }
    Principal caller = Principal.parse(u.arn());
    RequestContext ctx = GlobalKeys.fill(given, caller, u.userId(), store.userTags(c.acct(), u.name()),
        c.caller().region(), s.clock);
    List<Function<Xml, Xml>> results = new ArrayList<>();
    for (String action : actions) {
      for (String resource : resources) {
        AuthorizationRequest req = AuthorizationRequest.builder().principal(caller).action(action).resource(resource)
            .resourceAccount(p.get("ResourceOwner") == null ? c.acct() : Principal.parse(p.get("ResourceOwner")).accountId())
            .context(ctx).build();
        Decision d = Evaluator.authorize(built, req);
        results.add(x -> evaluationResult(x, action, resource, d));
      }
    }
    Page<Function<Xml, Xml>> page = page(results, p);
    return wrap(IAM_NS, "SimulatePrincipalPolicy", rid, x -> {
      x.open("EvaluationResults");
      for (Function<Xml, Xml> r : page.items()) {
        r.apply(x.open("member")).close();
      }
      x.close();
      page.write(x);
    });
  }

  private static Xml evaluationResult(Xml x, String action, String resource, Decision d) {
    x.el("EvalActionName", action).el("EvalResourceName", resource).el("EvalDecision", d.outcome().json());
    x.open("MatchedStatements");
    for (MatchedStatement m : d.matchedStatements()) {
      x.open("member").el("SourcePolicyId", m.policyId()).el("SourcePolicyType", m.sourcePolicyType());
      if (m.span() != null && m.span().isKnown()) {
        x.open("StartPosition").el("Line", m.span().start().line()).el("Column", m.span().start().column()).close();
        x.open("EndPosition").el("Line", m.span().end().line()).el("Column", m.span().end().column()).close();
      }
      x.close();
    }
    x.close();
    x.open("MissingContextValues").close();
    if (d.allowedByPermissionsBoundary() != null) {
      x.open("PermissionsBoundaryDecisionDetail").el("AllowedByPermissionsBoundary", d.allowedByPermissionsBoundary())
          .close();
    }
    if (!"*".equals(resource)) {
      x.open("EvalDecisionDetails").close();
    }
    return x;
  }

  private static RequestContext contextEntries(Params p) {
    RequestContext.Builder b = RequestContext.builder();
    for (int i = 1; p.get("ContextEntries.member." + i + ".ContextKeyName") != null; i++) {
      String prefix = "ContextEntries.member." + i;
      String key = p.get(prefix + ".ContextKeyName");
      String type = p.values().getOrDefault(prefix + ".ContextKeyType", "string");
      List<String> values = p.members(prefix + ".ContextKeyValues");
      if (type.endsWith("List") || values.size() > 1) {
        b.putList(key, values);
      } else if (!values.isEmpty()) {
        b.put(key, values.get(0));
      }
    }
    return b.build();
  }

  private static PolicyDocument parseForSimulation(String text) {
    PolicyParser.Result r = PolicyParser.parseLenient(text);
    if (!r.ok()) {
      throw AwsError.invalidInput(describe(r.problems().get(0)));
    }
    return r.document();
  }

}
