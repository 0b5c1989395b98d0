package dev.iamlocal.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.iamlocal.evaluation.Outcome;
import dev.iamlocal.policy.JsonTree;
import dev.iamlocal.simulation.ContextEntry;
import dev.iamlocal.simulation.EvaluationResult;
import dev.iamlocal.simulation.PolicyInput;
import dev.iamlocal.simulation.PolicySimulator;
import dev.iamlocal.simulation.SimulationException;
import dev.iamlocal.simulation.SimulationRequest;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code iamlocal simulate-custom-policy}: {@code aws iam simulate-custom-policy} offline, with the
 * same parameters and the same JSON output (botocore shapes {@code SimulateCustomPolicyRequest},
 * {@code SimulatePolicyResponse}).
 *
 * <p>The simulation itself is the core's {@link PolicySimulator}, the same code path as the
 * server's SimulateCustomPolicy (its Javadoc has the rules). This verb only reads the flags, runs
 * the simulation in {@link #DEFAULT_ACCOUNT} (or ResourceOwner's account) since there is no calling
 * account offline, and pages as the AWS CLI pages this operation (botocore's paginator: input and
 * output token {@code Marker}, result key {@code EvaluationResults}): every result, and with
 * {@code --max-items N} the first N and a {@code NextToken} that {@code --starting-token} resumes from,
 * the token the AWS CLI writes (base64 of {@code {"Marker": null, "boto_truncate_amount": N}}), so a
 * token moves between the two tools. {@code Marker} and {@code MaxItems} in {@code --cli-input-json} are
 * the API's parameters, as the AWS CLI sends them: where the results start, and the size of each page
 * it asks for (which does not change what it prints).
 */
@Command(
    name = "simulate-custom-policy",
    mixinStandardHelpOptions = true,
    description = {
        "Like 'aws iam simulate-custom-policy': the same flags and --cli-input-json, the same JSON output.",
        "Fills no context key you do not give. Exit status: 0 ok, 2 invalid input."})
final class SimulateCustomPolicyCommand implements Callable<Integer> {

  static final String DEFAULT_ACCOUNT = "123456789012";

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

  @Option(names = "--max-items", paramLabel = "N",
      description = "Print at most N results, then a NextToken when there are more (as the AWS CLI does).")
  Integer maxItems;

  @Option(names = {"--starting-token", "--marker"}, paramLabel = "TOKEN",
      description = "Continue from the NextToken an earlier call printed (this tool's or the AWS CLI's).")
  String startingToken;

  @Option(names = "--output", paramLabel = "json", defaultValue = "json", description = "Only json is supported.")
  String output;

  @Override
  public Integer call() {
    try {
      if (!output.equals("json")) {
        throw new AwsInputException("--output " + output + " is not supported", "simulate-custom-policy prints JSON only.");
      }
      CustomPolicyInput in = input();
      Map<String, Object> response = simulate(in, maxItems, startingToken);
      Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
      JsonGenerator g = Json.generator(out);
      g.setPrettyPrinter(Json.awsCliPrinter());
      Json.write(g, response);
      g.flush();
      out.write('\n');
      out.flush();
      return Main.OK;
    } catch (AwsInputException e) {
      System.err.println();
      System.err.println("An error occurred (" + e.code() + ") when calling the SimulateCustomPolicy operation: "
          + e.getMessage());
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

  /**
   * Runs the simulation through the core simulator; the response as the AWS CLI prints it, as ordered maps and
   * lists: {@code EvaluationResults}, and {@code NextToken} when {@code maxItems} (the CLI's {@code --max-items},
   * null for every result) left results out.
   */
  static Map<String, Object> simulate(CustomPolicyInput in, Integer maxItems, String startingToken) {
    if (in.policyInputList == null) {
      throw new AwsInputException("Parameter validation failed:\nMissing required parameter in input: \"PolicyInputList\"",
          "Give --policy-input-list '{\"Version\": \"2012-10-17\", \"Statement\": [...]}' (or file://policy.json).");
    }
    if (in.actionNames == null || in.actionNames.isEmpty()) {
      throw new AwsInputException("Parameter validation failed:\nMissing required parameter in input: \"ActionNames\"",
          "Give --action-names service:Action ...");
    }
    if (in.maxItems != null && (in.maxItems < 1 || in.maxItems > 1000)) {
      // the API's own limit on a page (MaxItems in --cli-input-json is sent to it as it is)
      throw new AwsInputException("1 validation error detected: Value at 'maxItems' failed to satisfy constraint:"
          + " Member must have value between 1 and 1000", "");
    }
    if (maxItems != null && maxItems < 1) {
      throw new AwsInputException("--max-items must be a positive number of results: " + maxItems, "");
    }
    List<EvaluationResult> results;
    try {
      results = PolicySimulator.prepare(request(in)).results();
    } catch (SimulationException e) {
      throw new AwsInputException(e.getMessage(), e.detail());
    }
    // where the printed results start: the API's Marker (the request's, or the token's), then the results of
    // that page the token says were printed already
    String marker = in.marker;
    BigInteger truncated = BigInteger.ZERO;
    if (startingToken != null) {
      ResumeToken t = ResumeToken.decode(startingToken);
      marker = t.marker();
      truncated = t.truncated();
    }
    int pageStart = marker == null ? 0 : markerIndex(marker, results.size());
    int start = pageStart + ResumeToken.skipped(truncated, results.size() - pageStart);
    int end = maxItems == null ? results.size() : (int) Math.min(results.size(), (long) start + maxItems);
    List<Map<String, Object>> printed = new ArrayList<>();
    for (int i = start; i < end; i++) {
      printed.add(result(results.get(i)));
    }
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("EvaluationResults", printed);
    if (end < results.size()) {
      // offline every result is one page: the token names that page's Marker and how many of it were printed
      // botocore adds what it printed to the token's count as it was (so a negative count stays one)
      response.put("NextToken", new ResumeToken(marker, truncated.add(BigInteger.valueOf(end - start))).encode());
    }
    return response;
  }

  /**
   * The index a Marker stands for: the server's form (base64url of the index, as IAM's Marker is opaque
   * text), or the plain index earlier versions of this command printed. Anything else is IAM's answer to a
   * marker it never gave.
   */
  static int markerIndex(String marker, int size) {
    int i = -1;
    try {
      i = Integer.parseInt(marker);
    } catch (NumberFormatException notPlain) {
      try {
        i = Integer.parseInt(new String(java.util.Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException notOurs) {
        i = -1;
      }
    }
    if (i < 0 || i > size) {
      throw new AwsInputException("Invalid Marker.", "Pass the NextToken a call printed to --starting-token.")
          .withCode("ValidationError");
    }
    return i;
  }

  /**
   * botocore's resume token: JSON of the page's input token ({@code Marker}, null for the first page) and,
   * when the CLI stopped inside a page, {@code boto_truncate_amount}, how many of that page's results it
   * printed; base64 of the JSON Python's {@code json.dumps} writes, so the AWS CLI reads ours and we read
   * its. A token that is not one (botocore's older form, {@code MARKER___N}, or a bare marker) is read as
   * botocore reads it.
   */
  record ResumeToken(String marker, BigInteger truncated) {

    /**
     * How many results of a page of {@code pageSize} the count skips, as botocore slices the page with it
     * ({@code page[count:]}): any integer, a count past the end skips the page, a negative one counts from
     * its end.
     */
    static int skipped(BigInteger count, int pageSize) {
      BigInteger size = BigInteger.valueOf(pageSize);
      BigInteger from = count.signum() >= 0 ? count.min(size) : size.add(count).max(BigInteger.ZERO);
      return from.intValue();
    }

    String encode() {
      StringBuilder j = new StringBuilder("{\"Marker\": ");
      if (marker == null) {
        j.append("null");
      } else {
        j.append('"');
        for (char c : marker.toCharArray()) {
          if (c == '"' || c == '\\') {
            j.append('\\').append(c);
          } else if (c < 0x20 || c > 0x7e) {
            j.append(String.format("\\u%04x", (int) c));
          } else {
            j.append(c);
          }
        }
        j.append('"');
      }
      j.append(", \"boto_truncate_amount\": ").append(truncated).append('}');
      return java.util.Base64.getEncoder().encodeToString(j.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** An integer as Python's {@code int()} reads one (after stripping blanks): sign, digits, single underscores. */
    private static final java.util.regex.Pattern PYTHON_INT = java.util.regex.Pattern.compile("[+-]?[0-9]+(_[0-9]+)*");

    static ResumeToken decode(String token) {
      try {
        // padded as Python's b64decode demands (Java's decoder would take a token without its '='s, which
        // botocore passes on as a marker)
        if (token.length() % 4 != 0) {
          throw new IllegalArgumentException("not padded base64");
        }
        byte[] raw = java.util.Base64.getDecoder().decode(token);
        com.fasterxml.jackson.databind.JsonNode j = new com.fasterxml.jackson.databind.ObjectMapper().readTree(raw);
        if (j != null && j.isObject() && j.has("Marker")) {
          com.fasterxml.jackson.databind.JsonNode m = j.get("Marker");
          com.fasterxml.jackson.databind.JsonNode n = j.get("boto_truncate_amount");
          if ((m.isNull() || m.isTextual()) && (n == null || n.isIntegralNumber())) {
            return new ResumeToken(m.isNull() ? null : m.asText(), n == null ? BigInteger.ZERO : n.bigIntegerValue());
          }
        }
      } catch (IllegalArgumentException | IOException notJson) {
        // botocore's older form below
      }
      // "MARKER___N": the marker ("None" for the first page), then how many of its page were printed; a bare
      // marker otherwise. The count is read as Python's int() reads it: any size, signed, blanks around it.
      String[] parts = token.split("___", -1);
      String marker = token;
      BigInteger n = BigInteger.ZERO;
      if (parts.length == 2 && PYTHON_INT.matcher(parts[1].strip()).matches()) {
        n = new BigInteger(parts[1].strip().replace("_", ""));
        marker = parts[0];
      }
      return new ResumeToken(marker.equals("None") ? null : marker, n);
    }
  }

  /**
   * The core simulator's request for these parameters. Offline there is no calling account: the
   * simulation runs in ResourceOwner's account, else {@link #DEFAULT_ACCOUNT}.
   */
  static SimulationRequest request(CustomPolicyInput in) {
    SimulationRequest.Builder b = SimulationRequest.builder().defaultAccount(DEFAULT_ACCOUNT);
    for (int i = 0; i < in.policyInputList.size(); i++) {
      b.policy(PolicyInput.parse("PolicyInputList." + (i + 1), PolicyInput.IAM_POLICY, in.policyInputList.get(i)));
    }
    List<String> boundaries = in.permissionsBoundaryPolicyInputList;
    if (boundaries != null) {
      for (int i = 0; i < boundaries.size(); i++) {
        b.permissionsBoundary(PolicyInput.parse("PermissionsBoundaryPolicyInputList." + (i + 1), PolicyInput.IAM_POLICY,
            boundaries.get(i)));
      }
    }
    if (in.resourcePolicy != null) {
      b.resourcePolicy(PolicyInput.parse("ResourcePolicy", PolicyInput.RESOURCE_POLICY, in.resourcePolicy));
    }
    if (in.contextEntries != null) {
      for (ContextEntries.Entry e : in.contextEntries) {
        b.contextEntry(new ContextEntry(e.name(), e.type(), e.values()));
      }
    }
    return b.actionNames(in.actionNames).resourceArns(in.resourceArns == null ? List.of() : in.resourceArns)
        .resourceOwner(in.resourceOwner).callerArn(in.callerArn).resourceHandlingOption(in.resourceHandlingOption)
        .build();
  }

  /** One {@code EvaluationResult} as the AWS CLI prints it (members IAM omits are left out). */
  static Map<String, Object> result(EvaluationResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("EvalActionName", r.evalActionName());
    m.put("EvalResourceName", r.evalResourceName());
    m.put("EvalDecision", r.evalDecision().json());
    m.put("MatchedStatements", statements(r.matchedStatements()));
    m.put("MissingContextValues", r.missingContextValues());
    if (r.evalDecisionDetails() != null) {
      m.put("EvalDecisionDetails", details(r.evalDecisionDetails()));
    }
    if (r.organizationsDecisionDetail() != null) {
      m.put("OrganizationsDecisionDetail", Map.of("AllowedByOrganizations", r.organizationsDecisionDetail()));
    }
    if (r.permissionsBoundaryDecisionDetail() != null) {
      m.put("PermissionsBoundaryDecisionDetail", Map.of("AllowedByPermissionsBoundary",
          r.permissionsBoundaryDecisionDetail()));
    }
    if (r.resourceSpecificResults() != null) {
      List<Map<String, Object>> specific = new ArrayList<>();
      for (EvaluationResult.ResourceSpecificResult s : r.resourceSpecificResults()) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("EvalResourceName", s.evalResourceName());
        x.put("EvalResourceDecision", s.evalResourceDecision().json());
        // absent when empty, as AWS answers per resource (the core leaves them null then)
        if (s.matchedStatements() != null) {
          x.put("MatchedStatements", statements(s.matchedStatements()));
        }
        if (s.missingContextValues() != null) {
          x.put("MissingContextValues", s.missingContextValues());
        }
        if (s.evalDecisionDetails() != null) {
          x.put("EvalDecisionDetails", details(s.evalDecisionDetails()));
        }
        if (s.permissionsBoundaryDecisionDetail() != null) {
          x.put("PermissionsBoundaryDecisionDetail", Map.of("AllowedByPermissionsBoundary",
              s.permissionsBoundaryDecisionDetail()));
        }
        specific.add(x);
      }
      m.put("ResourceSpecificResults", specific);
    }
    return m;
  }

  private static Map<String, Object> details(Map<String, Outcome> d) {
    Map<String, Object> m = new LinkedHashMap<>();
    d.forEach((k, v) -> m.put(k, v.json()));
    return m;
  }

  private static List<Map<String, Object>> statements(List<EvaluationResult.Statement> ms) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (EvaluationResult.Statement st : ms) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("SourcePolicyId", st.sourcePolicyId());
      s.put("SourcePolicyType", st.sourcePolicyType());
      if (st.startPosition() != null) {
        s.put("StartPosition", position(st.startPosition()));
        s.put("EndPosition", position(st.endPosition()));
      }
      out.add(s);
    }
    return out;
  }

  private static Map<String, Object> position(EvaluationResult.Position p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Line", p.line());
    m.put("Column", p.column());
    return m;
  }

}
