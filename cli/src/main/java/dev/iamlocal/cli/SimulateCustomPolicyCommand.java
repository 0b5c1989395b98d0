package dev.iamlocal.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.iamlocal.evaluation.Decision;
import dev.iamlocal.evaluation.Evaluator;
import dev.iamlocal.evaluation.Explanation;
import dev.iamlocal.evaluation.MatchedStatement;
import dev.iamlocal.evaluation.Outcome;
import dev.iamlocal.evaluation.Policy;
import dev.iamlocal.evaluation.PolicySet;
import dev.iamlocal.evaluation.PolicyType;
import dev.iamlocal.evaluation.StatementTrace;
import dev.iamlocal.policy.ConditionEntry;
import dev.iamlocal.policy.Effect;
import dev.iamlocal.policy.JsonTree;
import dev.iamlocal.policy.ParseProblem;
import dev.iamlocal.policy.PolicyParseException;
import dev.iamlocal.policy.PolicyParser;
import dev.iamlocal.policy.PolicyString;
import dev.iamlocal.policy.Statement;
import dev.iamlocal.policy.ValueList;
import dev.iamlocal.request.AuthorizationRequest;
import dev.iamlocal.request.Principal;
import dev.iamlocal.request.RequestContext;
import dev.iamlocal.variables.Template;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code iamlocal simulate-custom-policy}: {@code aws iam simulate-custom-policy} offline, with the
 * same parameters and the same JSON output (botocore shapes {@code SimulateCustomPolicyRequest},
 * {@code SimulatePolicyResponse}).
 *
 * <p>Decisions, where AWS leaves things open:
 * <ul>
 *   <li>Like AWS's simulator, no context key is filled in that the caller did not give: not
 *       {@code aws:username}, not {@code aws:CurrentTime}. Keys the applicable statements use but the
 *       request lacks are listed in {@code MissingContextValues}.
 *   <li>The caller is {@code CallerArn} (an IAM user) when given. Without it the caller is
 *       {@code arn:aws:iam::ACCOUNT:user/simulated-caller}, ACCOUNT being the {@code ResourceOwner}'s
 *       account or 123456789012, and every resource is taken as that account's: without a caller the
 *       simulation is same-account, decided by the given policies alone.
 *   <li>With a caller, a resource's account is the one in its ARN, else {@code ResourceOwner}'s,
 *       else the caller's (the API's documented default).
 *   <li>Ids: {@code PolicyInputList.N}, {@code PermissionsBoundaryPolicyInputList.1},
 *       {@code ResourcePolicy}; types {@code IAM Policy} (input and boundary policies) and
 *       {@code Resource Policy}, the values AWS returns for custom policies (spec Q23).
 *   <li>Positions are the engine's: the statement's opening brace and one column past its closing
 *       brace, 1-based within each policy string (spec Q24; AWS's single-line example reports one
 *       column more for the start).
 *   <li>Pagination: all results are returned unless {@code --max-items}/{@code MaxItems} is given;
 *       then {@code IsTruncated} and {@code Marker} (the index of the next result) as in the API,
 *       and {@code --marker}/{@code --starting-token} resumes.
 *   <li>With {@code ResourceHandlingOption} (EC2 scenarios), each action gives one result covering
 *       all resources: allowed only when every resource is allowed. The option's value is checked,
 *       the presence of the scenario's required resource types is not.
 * </ul>
 */
@Command(
    name = "simulate-custom-policy",
    mixinStandardHelpOptions = true,
    description = {
        "Like 'aws iam simulate-custom-policy': the same flags and --cli-input-json, the same JSON output.",
        "Fills no context key you do not give. Exit status: 0 ok, 2 invalid input."})
final class SimulateCustomPolicyCommand implements Callable<Integer> {

  static final String DEFAULT_ACCOUNT = "123456789012";
  static final List<String> HANDLING_OPTIONS = List.of(
      "EC2-VPC-InstanceStore", "EC2-VPC-InstanceStore-Subnet", "EC2-VPC-EBS", "EC2-VPC-EBS-Subnet");

  @Option(names = "--cli-input-json", paramLabel = "JSON|file://FILE|FILE",
      description = "The request as JSON (SimulateCustomPolicyRequest): inline, file://FILE, or a file path.")
  String cliInputJson;

  @Option(names = "--policy-input-list", arity = "1..*", paramLabel = "POLICY",
      description = "Identity policies: JSON strings or file://FILE (repeatable).")
  List<String> policyInputList;

  @Option(names = "--permissions-boundary-policy-input-list", arity = "1..*", paramLabel = "POLICY",
      description = "The permissions boundary (at most one): a JSON string or file://FILE.")
  List<String> boundaryInputList;

  @Option(names = "--action-names", arity = "1..*", paramLabel = "ACTION", description = "Actions to simulate (no wildcards).")
  List<String> actionNames;

  @Option(names = "--resource-arns", arity = "1..*", paramLabel = "ARN", description = "Resources (default *).")
  List<String> resourceArns;

  @Option(names = "--resource-policy", paramLabel = "POLICY", description = "A resource-based policy applied to every resource.")
  String resourcePolicy;

  @Option(names = "--resource-owner", paramLabel = "ARN", description = "Owner of resources whose ARN names no account: arn:aws:iam::ACCOUNT:root.")
  String resourceOwner;

  @Option(names = "--caller-arn", paramLabel = "USER_ARN", description = "The simulated caller, an IAM user ARN (required with --resource-policy).")
  String callerArn;

  @Option(names = "--context-entries", arity = "1..*", paramLabel = "ENTRY",
      description = "ContextKeyName=k,ContextKeyValues=v1,v2,ContextKeyType=string (or JSON; repeatable).")
  List<String> contextEntries;

  @Option(names = "--resource-handling-option", paramLabel = "OPTION", description = "EC2-VPC-InstanceStore[-Subnet] or EC2-VPC-EBS[-Subnet].")
  String resourceHandlingOption;

  @Option(names = "--max-items", paramLabel = "N", description = "Return at most N results (then IsTruncated and Marker).")
  Integer maxItems;

  @Option(names = {"--marker", "--starting-token"}, paramLabel = "MARKER", description = "Continue after a truncated response.")
  String marker;

  @Option(names = "--output", paramLabel = "json", defaultValue = "json", description = "Only json is supported.")
  String output;

  @Override
  public Integer call() {
    try {
      if (!output.equals("json")) {
        throw new AwsInputException("--output " + output + " is not supported", "simulate-custom-policy prints JSON only.");
      }
      CustomPolicyInput in = input();
      Map<String, Object> response = simulate(in);
      Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
      JsonGenerator g = Json.generator(out);
      g.setPrettyPrinter(Json.awsCliPrinter());
      writeValue(g, response);
      g.flush();
      out.write('\n');
      out.flush();
      return Main.OK;
    } catch (AwsInputException e) {
      System.err.println();
      System.err.println("An error occurred (InvalidInput) when calling the SimulateCustomPolicy operation: " + e.getMessage());
      if (!e.hint().isEmpty()) {
        System.err.println("  hint: " + e.hint());
      }
      return Main.INVALID_INPUT;
    } catch (Inputs.InputException e) {
      System.err.println("iamlocal simulate-custom-policy: " + e.getMessage());
      return Main.INVALID_INPUT;
    } catch (IOException e) {
      System.err.println("iamlocal simulate-custom-policy: " + e.getMessage());
      return Main.INVALID_INPUT;
    }
  }

  /** The parameters: --cli-input-json first, each flag replacing its parameter. */
  private CustomPolicyInput input() {
    CustomPolicyInput in = new CustomPolicyInput();
    if (cliInputJson != null) {
      String v = cliInputJson.strip();
      String name = "--cli-input-json";
      String text;
      if (v.startsWith("{")) {
        text = v;
      } else {
        name = v.startsWith("file://") ? v.substring(7) : v;
        text = Inputs.readString(name);
      }
      in = CustomPolicyInput.fromCliInputJson(text, name);
    }
    if (policyInputList != null) {
      in.policyInputList = paramValues(policyInputList, false);
    }
    if (boundaryInputList != null) {
      in.permissionsBoundaryPolicyInputList = paramValues(boundaryInputList, false);
    }
    if (actionNames != null) {
      in.actionNames = paramValues(actionNames, true);
    }
    if (resourceArns != null) {
      in.resourceArns = paramValues(resourceArns, true);
    }
    if (resourcePolicy != null) {
      in.resourcePolicy = paramValue(resourcePolicy);
    }
    if (resourceOwner != null) {
      in.resourceOwner = resourceOwner;
    }
    if (callerArn != null) {
      in.callerArn = callerArn;
    }
    if (contextEntries != null) {
      List<ContextEntries.Entry> entries = new ArrayList<>();
      for (String c : contextEntries) {
        entries.addAll(ContextEntries.parseArgument(paramValue(c)));
      }
      in.contextEntries = entries;
    }
    if (resourceHandlingOption != null) {
      in.resourceHandlingOption = resourceHandlingOption;
    }
    if (maxItems != null) {
      in.maxItems = maxItems;
    }
    if (marker != null) {
      in.marker = marker;
    }
    return in;
  }

  /** A flag value: {@code file://PATH} reads the file, as the AWS CLI does. */
  private static String paramValue(String v) {
    return v.startsWith("file://") ? Inputs.readString(v.substring(7)) : v;
  }

  /** A list flag: space-separated values, repeated flags, or one JSON array of strings. */
  private static List<String> paramValues(List<String> raw, boolean jsonListAllowed) {
    if (jsonListAllowed && raw.size() == 1 && raw.get(0).strip().startsWith("[")) {
      JsonTree.Result r = JsonTree.parse(raw.get(0));
      if (r.problems().isEmpty() && r.root() != null) {
        return CustomPolicyInput.strings(r.root(), "list");
      }
    }
    List<String> out = new ArrayList<>(raw.size());
    for (String v : raw) {
      out.add(paramValue(v));
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------

  /** Runs the simulation; the response as ordered maps and lists, ready to print. */
  static Map<String, Object> simulate(CustomPolicyInput in) {
    if (in.policyInputList == null) {
      throw new AwsInputException("Parameter validation failed:\nMissing required parameter in input: \"PolicyInputList\"",
          "Give --policy-input-list '{\"Version\": \"2012-10-17\", \"Statement\": [...]}' (or file://policy.json).");
    }
    if (in.actionNames == null || in.actionNames.isEmpty()) {
      throw new AwsInputException("Parameter validation failed:\nMissing required parameter in input: \"ActionNames\"",
          "Give --action-names service:Action ...");
    }
    for (String a : in.actionNames) {
      if (a.indexOf('*') >= 0) {
        throw new AwsInputException("Action names cannot contain wildcards: \"" + a + "\"",
            "SimulateCustomPolicy does not support wildcards (*) in action names; name each action, e.g. s3:GetObject.");
      }
      if (a.length() < 3 || a.length() > 128 || a.indexOf(':') <= 0) {
        throw new AwsInputException("\"" + a + "\" is not an action name (service:Action, 3 to 128 characters)",
            "Write the service prefix, a colon and the action, e.g. iam:CreateUser.");
      }
    }
    List<Policy> identity = new ArrayList<>();
    for (int i = 0; i < in.policyInputList.size(); i++) {
      identity.add(policy("PolicyInputList." + (i + 1), in.policyInputList.get(i), "IAM Policy"));
    }
    PolicySet.Builder b = PolicySet.builder().identity(identity);
    List<String> boundaries = in.permissionsBoundaryPolicyInputList;
    boolean hasBoundary = boundaries != null && !boundaries.isEmpty();
    if (hasBoundary) {
      if (boundaries.size() > 1) {
        throw new AwsInputException("You can input only one permissions boundary (PermissionsBoundaryPolicyInputList has "
            + boundaries.size() + ")", "");
      }
      b.permissionsBoundary(policy("PermissionsBoundaryPolicyInputList.1", boundaries.get(0), "IAM Policy"));
    }
    if (in.resourcePolicy != null) {
      if (in.callerArn == null) {
        throw new AwsInputException("CallerArn is required when a ResourcePolicy is given",
            "Give --caller-arn arn:aws:iam::ACCOUNT:user/NAME: the resource policy's Principal is matched against it.");
      }
      b.resourcePolicy(policy("ResourcePolicy", in.resourcePolicy, "Resource Policy"));
    }
    PolicySet set = b.build();

    String ownerAccount = null;
    if (in.resourceOwner != null) {
      ownerAccount = accountOf(in.resourceOwner);
    }
    Principal caller;
    if (in.callerArn != null) {
      try {
        caller = Principal.parse(in.callerArn);
      } catch (IllegalArgumentException e) {
        caller = null;
      }
      if (caller == null || caller.kind() != Principal.Kind.USER) {
        throw new AwsInputException("CallerArn \"" + in.callerArn + "\" is not an IAM user ARN",
            "Give arn:aws:iam::ACCOUNT:user/NAME; roles, sessions and service principals cannot be simulated callers.");
      }
    } else {
      caller = Principal.parse("arn:aws:iam::" + (ownerAccount != null ? ownerAccount : DEFAULT_ACCOUNT) + ":user/simulated-caller");
    }
    if (in.resourceHandlingOption != null && !HANDLING_OPTIONS.contains(in.resourceHandlingOption)) {
      throw new AwsInputException("ResourceHandlingOption \"" + in.resourceHandlingOption + "\" is not a supported scenario",
          "Use one of " + String.join(", ", HANDLING_OPTIONS) + ", or omit it.");
    }
    int max = in.maxItems == null ? Integer.MAX_VALUE : in.maxItems;
    if (max < 1 || (in.maxItems != null && max > 1000)) {
      throw new AwsInputException("MaxItems must be between 1 and 1000", "");
    }
    int start = 0;
    if (in.marker != null) {
      try {
        start = Integer.parseInt(in.marker);
      } catch (NumberFormatException e) {
        start = -1;
      }
      if (start < 0) {
        throw new AwsInputException("Marker \"" + in.marker + "\" is not a marker this command returned", "");
      }
    }
    RequestContext context = ContextEntries.toContext(in.contextEntries == null ? List.of() : in.contextEntries);
    if (in.callerArn != null) {
      // Like AWS's simulator: only what the CallerArn implies is filled (aws:username, …).
      context = dev.iamlocal.request.GlobalKeys.fillCallerIdentity(context, caller, null);
    }
    List<String> resources = in.resourceArns == null || in.resourceArns.isEmpty() ? List.of("*") : in.resourceArns;

    List<Map<String, Object>> results = new ArrayList<>();
    Simulation sim = new Simulation(set, caller, in.callerArn != null, ownerAccount, context, hasBoundary);
    for (String action : in.actionNames) {
      if (in.resourceHandlingOption != null) {
        results.add(sim.grouped(action, resources));
      } else {
        for (String resource : resources) {
          results.add(sim.single(action, resource));
        }
      }
    }
    Map<String, Object> response = new LinkedHashMap<>();
    int end = (int) Math.min(results.size(), (long) start + max);
    response.put("EvaluationResults", start >= results.size() ? List.of() : results.subList(start, end));
    boolean truncated = end < results.size();
    response.put("IsTruncated", truncated);
    if (truncated) {
      response.put("Marker", Integer.toString(end));
    }
    return response;
  }

  private static String accountOf(String owner) {
    if (owner.matches("\\d{12}")) {
      return owner;
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("arn:[a-z-]+:iam::(\\d{12}):root").matcher(owner);
    if (m.matches()) {
      return m.group(1);
    }
    throw new AwsInputException("ResourceOwner \"" + owner + "\" is not an account ARN", "Write arn:aws:iam::ACCOUNT:root.");
  }

  private static Policy policy(String id, String text, String type) {
    try {
      return new Policy(id, PolicyParser.parse(text), type);
    } catch (PolicyParseException e) {
      ParseProblem p = e.problems().get(0);
      String where = p.span().isKnown() ? " line " + p.span().start().line() + ", column " + p.span().start().column() : "";
      throw new AwsInputException(id + " is not a valid policy document:" + where + ": " + p.code() + ": " + p.message()
          + " (at " + p.path() + ")" + (e.problems().size() > 1 ? " and " + (e.problems().size() - 1) + " more problem(s)" : ""),
          p.hint());
    }
  }

  /** One simulation's fixed parts, and the evaluation of one action on resources. */
  private record Simulation(PolicySet set, Principal caller, boolean callerGiven, String ownerAccount,
      RequestContext context, boolean hasBoundary) {

    Map<String, Object> single(String action, String resource) {
      Explanation e = Evaluator.explain(set, request(action, resource));
      Decision d = e.decision();
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("EvalActionName", action);
      r.put("EvalResourceName", resource);
      r.put("EvalDecision", d.outcome().json());
      r.put("MatchedStatements", statements(d.matchedStatements()));
      List<String> missing = missingContextValues(e);
      if (resource.equals("*")) {
        r.put("MissingContextValues", missing);
        boundary(r, d);
      } else {
        r.put("MissingContextValues", List.of());
        Map<String, Object> details = details(e);
        r.put("EvalDecisionDetails", details);
        boundary(r, d);
        r.put("ResourceSpecificResults", List.of(resourceResult(resource, e, missing, details)));
      }
      return r;
    }

    Map<String, Object> grouped(String action, List<String> resources) {
      List<Map<String, Object>> specific = new ArrayList<>();
      List<MatchedStatement> denies = new ArrayList<>();
      List<MatchedStatement> allows = new ArrayList<>();
      Outcome overall = Outcome.ALLOWED;
      Boolean boundaryAllows = null;
      for (String resource : resources) {
        Explanation e = Evaluator.explain(set, request(action, resource));
        Decision d = e.decision();
        specific.add(resourceResult(resource, e, missingContextValues(e), details(e)));
        if (d.outcome() == Outcome.EXPLICIT_DENY) {
          overall = Outcome.EXPLICIT_DENY;
          denies.addAll(d.matchedStatements());
        } else if (d.outcome() == Outcome.IMPLICIT_DENY && overall == Outcome.ALLOWED) {
          overall = Outcome.IMPLICIT_DENY;
        } else if (d.outcome() == Outcome.ALLOWED) {
          for (MatchedStatement m : d.matchedStatements()) {
            if (!allows.contains(m)) {
              allows.add(m);
            }
          }
        }
        if (d.allowedByPermissionsBoundary() != null) {
          boundaryAllows = (boundaryAllows == null || boundaryAllows) && d.allowedByPermissionsBoundary();
        }
      }
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("EvalActionName", action);
      r.put("EvalResourceName", "*");
      r.put("EvalDecision", overall.json());
      r.put("MatchedStatements", statements(overall == Outcome.EXPLICIT_DENY ? denies
          : overall == Outcome.ALLOWED ? allows : List.of()));
      r.put("MissingContextValues", List.of());
      if (hasBoundary && boundaryAllows != null) {
        r.put("PermissionsBoundaryDecisionDetail", Map.of("AllowedByPermissionsBoundary", boundaryAllows));
      }
      r.put("ResourceSpecificResults", specific);
      return r;
    }

    private Map<String, Object> resourceResult(String resource, Explanation e, List<String> missing, Map<String, Object> details) {
      Decision d = e.decision();
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("EvalResourceName", resource);
      s.put("EvalResourceDecision", d.outcome().json());
      s.put("MatchedStatements", statements(d.matchedStatements()));
      s.put("MissingContextValues", missing);
      s.put("EvalDecisionDetails", details);
      boundary(s, d);
      return s;
    }

    private void boundary(Map<String, Object> r, Decision d) {
      if (hasBoundary && d.allowedByPermissionsBoundary() != null) {
        r.put("PermissionsBoundaryDecisionDetail", Map.of("AllowedByPermissionsBoundary", d.allowedByPermissionsBoundary()));
      }
    }

    private AuthorizationRequest request(String action, String resource) {
      String account;
      if (!callerGiven) {
        account = caller.accountId();
      } else {
        String inArn = arnAccount(resource);
        account = inArn != null ? inArn : ownerAccount != null ? ownerAccount : caller.accountId();
      }
      return new AuthorizationRequest(caller, action, resource, account, context);
    }

    /**
     * Per policy type, cross-account only (same-account with a resource ARN: present and empty,
     * as the API documents): the decision each side reached.
     */
    private Map<String, Object> details(Explanation e) {
      Map<String, Object> m = new LinkedHashMap<>();
      String ra = e.request().effectiveResourceAccount();
      if (ra == null || ra.equals(caller.accountId())) {
        return m;
      }
      m.put("IAM Policy", typeDecision(e, PolicyType.IDENTITY));
      m.put("Resource Policy", typeDecision(e, PolicyType.RESOURCE));
      return m;
    }

    private static String typeDecision(Explanation e, PolicyType type) {
      boolean allow = false;
      for (StatementTrace t : e.statements()) {
        if (t.policyType() == type && t.applies()) {
          if (t.effect() == Effect.DENY) {
            return Outcome.EXPLICIT_DENY.json();
          }
          allow = true;
        }
      }
      return (allow ? Outcome.ALLOWED : Outcome.IMPLICIT_DENY).json();
    }

    /**
     * Keys that the statements matching the action use (condition keys, and policy variables in
     * Resource, NotResource and condition values) and that the request does not carry; in the
     * order written, each once (keys compare case-insensitively).
     */
    private List<String> missingContextValues(Explanation e) {
      Map<String, Policy> byId = new HashMap<>();
      for (Policy p : set.allPolicies()) {
        byId.put(p.id(), p);
      }
      Map<String, String> keys = new LinkedHashMap<>();
      for (StatementTrace t : e.statements()) {
        if (t.mismatch() == dev.iamlocal.evaluation.Mismatch.ACTION) {
          continue;
        }
        Policy p = byId.get(t.policyId());
        if (p == null || t.index() >= p.document().statements().size()) {
          continue;
        }
        Statement s = p.document().statements().get(t.index());
        boolean vars = p.document().version().supportsVariables();
        variables(s.resource(), vars, keys);
        variables(s.notResource(), vars, keys);
        for (ConditionEntry c : s.conditions()) {
          keys.putIfAbsent(c.key().value().toLowerCase(Locale.ROOT), c.key().value());
          for (PolicyString v : c.values()) {
            variables(v.value(), vars, keys);
          }
        }
      }
      List<String> out = new ArrayList<>();
      for (Map.Entry<String, String> k : keys.entrySet()) {
        if (context.get(k.getKey()) == null) {
          out.add(k.getValue());
        }
      }
      return out;
    }

    private static void variables(ValueList list, boolean vars, Map<String, String> keys) {
      if (list != null) {
        for (PolicyString v : list.values()) {
          variables(v.value(), vars, keys);
        }
      }
    }

    private static void variables(String raw, boolean vars, Map<String, String> keys) {
      if (vars && raw.contains("${")) {
        for (Template.Variable v : Template.parse(raw, true).variables()) {
          keys.putIfAbsent(v.normalizedKey(), v.key());
        }
      }
    }

    private static String arnAccount(String resource) {
      if (resource.startsWith("arn:")) {
        String[] p = resource.split(":", 6);
        if (p.length == 6 && p[4].matches("\\d{12}")) {
          return p[4];
        }
      }
      return null;
    }

    private static List<Map<String, Object>> statements(List<MatchedStatement> ms) {
      List<Map<String, Object>> out = new ArrayList<>();
      for (MatchedStatement m : ms) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("SourcePolicyId", m.policyId());
        s.put("SourcePolicyType", m.sourcePolicyType());
        s.put("StartPosition", position(m.span().start()));
        s.put("EndPosition", position(m.span().end()));
        out.add(s);
      }
      return out;
    }

    private static Map<String, Object> position(dev.iamlocal.policy.Position p) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("Line", p.line());
      m.put("Column", p.column());
      return m;
    }
  }

  @SuppressWarnings("unchecked")
  private static void writeValue(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
        g.writeFieldName(e.getKey());
        writeValue(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof List<?> l) {
      g.writeStartArray();
      for (Object o : l) {
        writeValue(g, o);
      }
      g.writeEndArray();
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Integer i) {
      g.writeNumber(i);
    } else {
      g.writeString(v.toString());
    }
  }
}
